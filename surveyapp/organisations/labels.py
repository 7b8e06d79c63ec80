"""Translated labels of organisation kinds."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from surveyapp.organisations.models import OrganisationKind

KIND_LABELS: dict[str, LazyString] = {
    OrganisationKind.FORVALTNING: _l("Municipal department"),
    OrganisationKind.BOSTADSBOLAG: _l("Housing company"),
    OrganisationKind.LOKALPOLISOMRADE: _l("Local police area"),
    OrganisationKind.RADDNINGSTJANST: _l("Rescue services"),
    OrganisationKind.VAKTBOLAG: _l("Security company"),
    OrganisationKind.NARINGSLIV: _l("Business"),
    OrganisationKind.CIVILSAMHALLE: _l("Civil society"),
    OrganisationKind.SKOLA: _l("School"),
    OrganisationKind.ANNAN: _l("Other"),
}


def kind_label(code: str) -> str:
    """The organisation kind in the interface language."""
    return str(KIND_LABELS.get(code, code))

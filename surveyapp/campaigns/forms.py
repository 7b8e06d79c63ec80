"""Reading the campaign form into the plain data the services check. Nothing is stored here."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from surveyapp.campaigns.checks import TEXT_FIELDS
from surveyapp.i18n import LANGUAGES

SINGLE = ("slug", "questionnaire", "mode", "opens", "closes", "population_year", "organiser",
          "contact")


def read_campaign_form(form: MultiDict) -> dict[str, Any]:
    """The submitted form as plain data: texts per language come as ``names_sv``,
    ``intro_ar`` …, languages and areas as repeated check boxes."""
    data: dict[str, Any] = {name: form.get(name, "") for name in SINGLE}
    data["languages"] = form.getlist("languages")
    data["areas"] = form.getlist("areas")
    for name in TEXT_FIELDS:
        data[name] = {language: form.get(f"{name}_{language}", "") for language in LANGUAGES
                      if form.get(f"{name}_{language}")}
    return data

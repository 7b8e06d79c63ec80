"""Reading and checking the indicator import form. Nothing is stored here."""

from __future__ import annotations

from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage, MultiDict

from surveyapp.indicators.models import SeriesMeasure
from surveyapp.text import clean_text
from surveyapp.walks.forms import FormResult

LIMITS = {"name": 150, "source": 300, "definition": 3000}


def read_import(form: MultiDict, upload: FileStorage | None) -> FormResult:
    """Check name, source, definition (all required: they are shown next to the figures),
    the kind of values and that a CSV or XLSX file was chosen."""
    result = FormResult(raw={name: clean_text(form.get(name) or "")
                             for name in ("name", "source", "definition", "measure")})
    raw, errors, values = result.raw, result.errors, result.values
    missing = {"name": _("Name the indicator."),
               "source": _("Say where the figures come from."),
               "definition": _("Define what is counted or measured.")}
    for name, limit in LIMITS.items():
        if not raw[name]:
            errors[name] = missing[name]
        elif len(raw[name]) > limit:
            errors[name] = _("The text is too long: %(length)s characters, at most %(limit)s.",
                             length=len(raw[name]), limit=limit)
        else:
            values[name] = raw[name]
    if raw["measure"] not in set(SeriesMeasure):
        errors["measure"] = _("Choose whether the values are counts or other values.")
    else:
        values["measure"] = raw["measure"]
    filename = (upload.filename or "") if upload is not None else ""
    if not filename:
        errors["file"] = _("Choose a CSV or XLSX file.")
    elif not filename.lower().endswith((".csv", ".txt", ".xlsx")):
        errors["file"] = _("The file must be CSV or XLSX.")
    else:
        values["filename"] = filename
    return result

"""Reading and checking the partner report form. Nothing is stored here."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from surveyapp.partners.models import EventCategory, TimeOfDay
from surveyapp.text import clean_text
from surveyapp.walks.forms import FormResult

EVENT_ROWS = 6
PLACE_MAX = 300
NOTE_MAX = 2000
COUNT_MAX = 10_000


def read_report(form: MultiDict, area_ids: set[int], organisation_ids: set[int]) -> FormResult:
    """Check organisation, area, a day of the period, the event rows and the free text.

    An event row's errors name the row and the field; rows left empty are ignored, and a
    report without events ("nothing to report") is valid."""
    names = ["organisation", "area", "period", "note"]
    for row in range(1, EVENT_ROWS + 1):
        names += [f"event-{row}-{part}" for part in ("category", "count", "time", "place")]
    result = FormResult(raw={name: clean_text(form.get(name) or "") for name in names})
    raw, errors, values = result.raw, result.errors, result.values
    if not raw["organisation"].isdigit() or int(raw["organisation"]) not in organisation_ids:
        errors["organisation"] = _("Choose the reporting organisation from the list.")
    else:
        values["organisation_id"] = int(raw["organisation"])
    if not raw["area"].isdigit() or int(raw["area"]) not in area_ids:
        errors["area"] = _("Choose an area from the list.")
    else:
        values["area_id"] = int(raw["area"])
    try:
        values["day"] = date.fromisoformat(raw["period"])
    except ValueError:
        errors["period"] = _("Write a day of the reporting period as YYYY-MM-DD.")
    if len(raw["note"]) > NOTE_MAX:
        errors["note"] = _("The text is too long: %(length)s characters, at most %(limit)s.",
                           length=len(raw["note"]), limit=NOTE_MAX)
    values["note"] = raw["note"]
    values["events"] = [event for row in range(1, EVENT_ROWS + 1)
                        if (event := _event(raw, row, errors)) is not None]
    return result


def _event(raw: dict[str, str], row: int, errors: dict[str, str]) -> dict | None:
    key = f"event-{row}-"
    if not any(raw[key + part] for part in ("category", "count", "place")):
        return None
    event: dict = {"place": raw[key + "place"]}
    if raw[key + "category"] not in set(EventCategory):
        errors[key + "category"] = _("Event row %(row)s, category: choose one from the list.",
                                     row=row)
    else:
        event["category"] = raw[key + "category"]
    count = raw[key + "count"]
    if not count.isdigit() or not 1 <= int(count) <= COUNT_MAX:
        errors[key + "count"] = _(
            "Event row %(row)s, number: “%(value)s” is not a whole number from 1 to %(max)s.",
            row=row, value=count, max=COUNT_MAX)
    else:
        event["count"] = int(count)
    if raw[key + "time"] not in set(TimeOfDay):
        errors[key + "time"] = _("Event row %(row)s, time of day: choose one from the list.",
                                 row=row)
    else:
        event["time_of_day"] = raw[key + "time"]
    if len(event["place"]) > PLACE_MAX:
        errors[key + "place"] = _("Event row %(row)s, place: at most %(limit)s characters.",
                                  row=row, limit=PLACE_MAX)
    return event

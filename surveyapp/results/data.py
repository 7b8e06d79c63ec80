"""Responses of a campaign as a pandas DataFrame, one row per response, answer codes as values.

Columns: ``response_id``, ``area``, ``sex``, ``age_group``, ``language``, ``channel``,
``submitted_on`` and one column per answer variable of the questionnaire: single-choice and
grid rows keep their codes (numbers or strings), numbers are floats, a multi-choice question
``q`` becomes one 0/1 column ``q_<code>`` per choice (missing when the question was not
answered). Free text and map places are left out: free text is published only after
moderation (in the dialogue feature) and the area of residence is already the ``area`` column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import select

from questionnaires import Questionnaire
from surveyapp.db import db
from surveyapp.surveys.models import Campaign, Response

STRATA_COLUMNS = ("area", "sex", "age_group")
UNKNOWN_SEX = "x"
UNKNOWN_AGE = "?"
META_COLUMNS = ["response_id", "area", "sex", "age_group", "language", "channel",
                "submitted_on"]


def analysis_variables(model: Questionnaire) -> list[tuple[str, str, object]]:
    """``(column, kind, question)`` for every analysable answer column, in questionnaire order.

    ``kind`` is ``choice`` (single or grid row), ``multi`` (one 0/1 column per code) or
    ``number``. Background questions that are weighting strata are left out (they are the
    ``sex``/``age_group``/``area`` columns).
    """
    out: list[tuple[str, str, object]] = []
    for question in model.questions():
        if question.stratum:
            continue
        if question.type in ("single", "grid"):
            out.extend((variable, "choice", question) for variable in question.variables())
        elif question.type == "multi":
            out.extend((f"{question.id}_{c.code}", "multi", question) for c in question.choices)
        elif question.type == "number":
            out.append((question.id, "number", question))
    return out


def response_frame(campaign: Campaign, variables: list[str] | None = None) -> pd.DataFrame:
    """Complete responses of ``campaign`` as a frame (see the module docstring).

    With ``variables`` (single-choice, grid-row or number variables) only those answers are
    read, extracted by the database (``JSON_EXTRACT`` / ``->>``) instead of decoding every
    answer document in Python, and the frame has only those answer columns. Used by the
    report and the dashboard, which need a few items of 100 000 responses quickly.
    """
    model = campaign.questionnaire.model()
    # Ordered by id, which is random (``new_response_id``): a stable order that says nothing
    # about when, or after whom, a resident answered.
    meta = (Response.id, Response.area_code, Response.sex, Response.age_group,
            Response.language, Response.channel, Response.submitted_on)
    where = (Response.campaign_id == campaign.id, Response.status == "complete")
    kinds = _extractable(model)
    if variables is not None and all(v in kinds for v in variables):
        wanted = list(dict.fromkeys(variables))
        columns = [Response.answers[v].as_float() if kinds[v] == "number"
                   else Response.answers[v].as_string() for v in wanted]
        found = db.session.execute(select(*meta, *columns).where(*where)
                                   .order_by(Response.id)).all()
        base = pd.DataFrame([row[:7] for row in found], columns=META_COLUMNS)
        extracted = {}
        for i, variable in enumerate(wanted):
            values = pd.Series([row[7 + i] for row in found], dtype=object)
            extracted[variable] = (values if kinds[variable] == "str"
                                   else pd.to_numeric(values, errors="coerce").astype(float))
        return _finish(pd.concat([base, pd.DataFrame(extracted, index=base.index)], axis=1))
    rows = db.session.execute(select(*meta, Response.answers).where(*where)
                              .order_by(Response.id)).all()
    return build_frame(model, rows)


def _extractable(model: Questionnaire) -> dict[str, str]:
    """Variables the database can extract as a scalar: ``number``, ``int`` or ``str`` codes."""
    out = {}
    for question in model.questions():
        if question.type in ("single", "grid"):
            kind = "int" if all(isinstance(c.code, int) for c in question.choices) else "str"
            out.update({v: kind for v in question.variables()})
        elif question.type == "number":
            out[question.id] = "number"
    return out


def build_frame(model: Questionnaire, rows: list) -> pd.DataFrame:
    """The frame for ``rows`` of ``(id, area, sex, age_group, language, channel, date,
    answers)``."""
    base = pd.DataFrame([row[:7] for row in rows], columns=META_COLUMNS)
    answers = [row[7] or {} for row in rows]
    columns: dict[str, object] = {}
    for question in model.questions():
        if question.stratum:
            continue
        if question.type in ("single", "grid"):
            numeric = all(isinstance(c.code, int) for c in question.choices)
            for variable in question.variables():
                values = [a.get(variable) for a in answers]
                columns[variable] = (
                    np.array([np.nan if v is None else float(v) for v in values])
                    if numeric else pd.Series(values, dtype=object))
        elif question.type == "multi":
            chosen = [a.get(question.id) for a in answers]
            for choice in question.choices:
                columns[f"{question.id}_{choice.code}"] = np.array(
                    [np.nan if c is None else float(choice.code in c) for c in chosen])
        elif question.type == "number":
            columns[question.id] = pd.to_numeric(
                pd.Series([a.get(question.id) for a in answers], dtype=object),
                errors="coerce").astype(float)
    return _finish(pd.concat([base, pd.DataFrame(columns, index=base.index)], axis=1))


def _finish(frame: pd.DataFrame) -> pd.DataFrame:
    """Sex outside f/m becomes ``x``, a missing age group ``?`` (see results.weighting)."""
    frame["sex"] = frame["sex"].where(frame["sex"].isin(["f", "m"]), UNKNOWN_SEX)
    frame["age_group"] = frame["age_group"].where(frame["age_group"].notna(), UNKNOWN_AGE)
    return frame

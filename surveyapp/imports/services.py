"""Import jobs: created from an upload with an automatic mapping, edited, listed. Flush only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from surveyapp.db import db
from surveyapp.imports.mapping import (
    MAX_VALUES_TO_MAP,
    auto_mapping,
    auto_value_map,
    auto_weight,
    check_mapping,
    code_options,
    targets,
)
from surveyapp.imports.models import ImportJob
from surveyapp.imports.reader import FileProblem, kind_of, read_table
from surveyapp.surveys.models import Campaign


def campaign_areas(campaign: Campaign) -> dict[str, str]:
    """Area code → name of the campaign's areas."""
    return {area.code: area.name for area in campaign.areas}


def create_job(campaign: Campaign, filename: str, data: bytes, language: str,
               created_by: str) -> ImportJob:
    """Read an uploaded file and store it as a job with the automatic mapping.

    Raises :class:`FileProblem` (translated) for a file of an unknown kind or one that cannot
    be read as a table.
    """
    kind = kind_of(filename)
    if kind is None:
        raise FileProblem(_("Choose an SPSS (.sav), Excel (.xlsx) or CSV (.csv) file."))
    table = read_table(data, kind)
    if table.row_count == 0:
        raise FileProblem(_("The file has no responses."))
    model = campaign.questionnaire.model()
    columns = table.describe()
    mapping = auto_mapping(model, table.columns)
    job = ImportJob(campaign_id=campaign.id, filename=filename[:200], kind=kind, data=data,
                    columns=columns, row_count=table.row_count, mapping=mapping,
                    value_map=_auto_values(campaign, columns, mapping, {}),
                    weight_column=auto_weight(table.columns, mapping), language=language,
                    created_by=created_by, problems=[], checked_rows=0, imported=0)
    db.session.add(job)
    db.session.flush()
    return job


def _auto_values(campaign: Campaign, columns: list[dict[str, Any]], mapping: Mapping[str, str],
                 kept: Mapping[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Value maps of the mapped columns: ``kept`` ones as they are, new ones automatic."""
    known = targets(campaign.questionnaire.model())
    areas = campaign_areas(campaign)
    by_name = {column["name"]: column for column in columns}
    out: dict[str, dict[str, str]] = {}
    for column, target_name in mapping.items():
        target = known.get(target_name)
        if target is None or not target.takes_value_map:
            continue
        out[target_name] = (dict(kept[target_name]) if target_name in kept
                            else auto_value_map(target, by_name[column], areas))
    return out


def jobs_of(campaign: Campaign) -> list[ImportJob]:
    """The campaign's imports, newest first."""
    return list(db.session.scalars(select(ImportJob).where(ImportJob.campaign_id == campaign.id)
                                   .order_by(ImportJob.id.desc())))


@dataclass
class MappingForm:
    """What the mapping form posted, read and checked."""

    mapping: dict[str, str] = field(default_factory=dict)
    weight: str | None = None
    value_map: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def read_mapping_form(job: ImportJob, campaign: Campaign, form: MultiDict) -> MappingForm:
    """Read the posted mapping (fields ``col-<i>``, ``weight``, ``val-<i>-<j>``) and check it.

    A column newly mapped (or mapped to another target) gets the automatic value map; the
    value maps of the others are read from the form.
    """
    model = campaign.questionnaire.model()
    known = targets(model)
    columns = job.columns
    read = MappingForm()
    for index, column in enumerate(columns):
        target = form.get(f"col-{index}", "")
        if target:
            read.mapping[column["name"]] = target
    weight = form.get("weight", "")
    if weight:
        if not weight.isdigit() or int(weight) >= len(columns):
            read.problems.append(_("Choose the weight column from the list."))
        else:
            read.weight = columns[int(weight)]["name"]
    kept: dict[str, dict[str, str]] = {}
    for index, column in enumerate(columns):
        target_name = read.mapping.get(column["name"])
        if (target_name is None or target_name not in known
                or job.mapping.get(column["name"]) != target_name
                or not known[target_name].takes_value_map):
            continue
        if column["distinct"] > MAX_VALUES_TO_MAP:  # not on the form: kept as stored
            kept[target_name] = dict(job.value_map.get(target_name, {}))
            continue
        values: dict[str, str] = {}
        for position, raw in enumerate(column["values"][:MAX_VALUES_TO_MAP]):
            code = form.get(f"val-{index}-{position}", "")
            if code:
                values[raw] = code
        kept[target_name] = values
    read.value_map = _auto_values(campaign, columns, read.mapping, kept)
    read.problems += check_mapping(model, [c["name"] for c in columns], read.mapping,
                                   read.weight, read.value_map, campaign_areas(campaign))
    return read


def mapping_problems(job: ImportJob, campaign: Campaign) -> list[str]:
    """What keeps the stored mapping from being used (shown before starting)."""
    return check_mapping(campaign.questionnaire.model(), [c["name"] for c in job.columns],
                         job.mapping, job.weight_column, job.value_map,
                         campaign_areas(campaign))


def save_mapping(job: ImportJob, read: MappingForm) -> None:
    """Store a read mapping on the job (flush only)."""
    job.mapping, job.weight_column, job.value_map = read.mapping, read.weight, read.value_map
    db.session.flush()


@dataclass(frozen=True)
class ValueRow:
    """One file value of a mapped column, for the value-mapping form."""

    field: str
    raw: str
    label: str
    code: str


@dataclass(frozen=True)
class ColumnRow:
    """One column of the file on the mapping form."""

    index: int
    name: str
    distinct: int
    examples: str
    target: str
    options: list[tuple[str, str]]
    values: list[ValueRow]


def mapping_rows(job: ImportJob, campaign: Campaign, language: str, shown: MappingForm
                 ) -> list[ColumnRow]:
    """The rows of the mapping form for the mapping ``shown`` (stored or as posted), with the
    value maps of mapped choice and area columns."""
    known = targets(campaign.questionnaire.model())
    areas = campaign_areas(campaign)
    rows = []
    for index, column in enumerate(job.columns):
        target_name = shown.mapping.get(column["name"], "")
        target = known.get(target_name)
        options: list[tuple[str, str]] = []
        values: list[ValueRow] = []
        if target is not None and target.takes_value_map \
                and column["distinct"] <= MAX_VALUES_TO_MAP:
            options = code_options(target, areas, language)
            chosen = shown.value_map.get(target_name, {})
            labels = column.get("labels") or {}
            values = [ValueRow(f"val-{index}-{position}", raw, labels.get(raw, ""),
                               chosen.get(raw, ""))
                      for position, raw in enumerate(column["values"])]
        examples = ", ".join(column["values"][:5]) + (" …" if column["distinct"] > 5 else "")
        rows.append(ColumnRow(index, column["name"], column["distinct"], examples, target_name,
                              options, values))
    return rows


def target_choices(campaign: Campaign, language: str) -> list[tuple[str, str]]:
    """(target, label) for the column selects, in questionnaire order."""
    out = []
    for name, target in targets(campaign.questionnaire.model()).items():
        text = target.question.text(language)
        if target.kind == "flag":
            choice = target.question.choice(target.code or "")
            text = f"{text} – {choice.label(language) if choice else target.code} (0/1)"
        elif target.kind == "codes":
            in_one_cell = _("codes in one cell")
            text = f"{text} ({in_one_cell})"
        elif name != target.question.id:
            row = next((r for r in target.question.rows if r.id == name), None)
            text = f"{text} – {row.text(language) if row else name}"
        out.append((name, f"{name}: {_short(text)}"))
    return out


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"

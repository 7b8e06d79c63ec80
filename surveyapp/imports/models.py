"""An import of a response file into a campaign: the file until it is imported, the mapping
chosen for it, its progress and every problem found.

The uploaded file is kept (``data``) only until its responses are written or the import is
discarded; it is the vendor's file as delivered and may hold columns that are never imported.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.auth.models import utcnow
from surveyapp.db import Model


class ImportStatus(StrEnum):
    """Where an import stands (``import_job.status``)."""

    MAPPING = "mapping"
    QUEUED = "queued"
    CHECKING = "checking"
    WRITING = "writing"
    FAILED = "failed"
    DONE = "done"


RUNNING = (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.WRITING)


class ImportJob(Model):
    """One uploaded file and what became of it."""

    __tablename__ = "import_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(8))
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    # [{"name", "values": [first distinct values], "distinct": n, "labels": {raw: label}}]
    columns: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    row_count: Mapped[int]
    mapping: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    value_map: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, default=dict)
    weight_column: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8))  # of the messages (the uploader's)
    status: Mapped[str] = mapped_column(String(16), default=ImportStatus.MAPPING)
    checked_rows: Mapped[int] = mapped_column(default=0)
    # [[row, column, message], ...]: every problem found, in row order
    problems: Mapped[list[list[Any]]] = mapped_column(JSON, default=list)
    message: Mapped[str | None] = mapped_column(Text)
    imported: Mapped[int] = mapped_column(default=0)
    created_by: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)

    @property
    def percent(self) -> int:
        """How far the check has come (the writing step is shown apart)."""
        if self.status in (ImportStatus.WRITING, ImportStatus.DONE):
            return 100
        return int(100 * self.checked_rows / self.row_count) if self.row_count else 0

    @property
    def running(self) -> bool:
        """Whether the import is queued, being checked or being written."""
        return self.status in RUNNING

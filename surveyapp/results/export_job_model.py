"""A results export made in the background: its progress, then the file until it is fetched.

The file holds the campaign's anonymous answers and weighted tables, as the direct download
does; only the analyst who asked for it (or an admin) can fetch it, and it is deleted when
fetched or with the job. ``flask privacy purge`` deletes jobs (and files never fetched) after
``RETENTION_EXPORT_DAYS``.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.auth.models import utcnow
from surveyapp.db import Model


class ExportStatus(StrEnum):
    """Where an export stands (``export_job.status``)."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class ExportJob(Model):
    """One export asked for by an analyst."""

    __tablename__ = "export_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))  # of the file's labels and messages
    created_by: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default=ExportStatus.QUEUED)
    step: Mapped[int] = mapped_column(default=0)  # steps done of ``steps``
    steps: Mapped[int] = mapped_column(default=1)
    message: Mapped[str | None] = mapped_column(Text)
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def running(self) -> bool:
        """Queued or under way."""
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def percent(self) -> int:
        """Steps done as a whole percentage."""
        return round(100 * self.step / max(self.steps, 1))

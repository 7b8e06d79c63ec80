"""Areas residents live in and that results are reported by."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.db import Model

AREA_KINDS = ("deso", "regso", "district", "custom")


class Area(Model):
    """A geographic area with an SCB or local code and its boundary (GeoJSON, WGS84)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default="district")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))
    geometry: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    def __repr__(self) -> str:
        return f"<Area {self.code} {self.name}>"

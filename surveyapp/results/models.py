"""Weighting settings per campaign. Weights are computed on the fly from these settings."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.db import Model
from surveyapp.geo.population import PopulationCell  # noqa: F401  (table in the metadata)

METHODS = ("none", "poststratify", "rake")
WEIGHTING_VARIABLES = ("area", "sex", "age_group")


class CampaignWeighting(Model):
    """How a campaign's responses are weighted: method, variables, population year, trimming.

    ``trim_lower``/``trim_upper`` bound the final weights relative to their mean (e.g. 0.3 and
    3.0); ``None`` means no bound. ``include_open``: open-link (self-selected) answers are
    weighted together with the random sample only when an analyst chose so explicitly.
    ``age_groups`` is the campaign's age grouping
    (:mod:`surveyapp.geo.ages`).
    """

    __tablename__ = "campaign_weighting"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), unique=True
    )
    method: Mapped[str] = mapped_column(String(16), default="rake")
    variables: Mapped[list[str]] = mapped_column(JSON, default=list)
    population_year: Mapped[int | None]
    trim_lower: Mapped[float | None]
    trim_upper: Mapped[float | None]
    include_open: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The campaign's age grouping (labels such as "13-15", "16-19", "85+"); None = the
    # population table's own age groups, matched to the answers as they are.
    age_groups: Mapped[list[str] | None] = mapped_column(JSON)

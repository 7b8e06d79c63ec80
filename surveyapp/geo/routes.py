"""Staff pages for areas (import from GeoJSON)."""

from surveyapp.geo import bp  # noqa: F401

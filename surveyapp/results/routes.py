"""Routes of the results feature."""

from surveyapp.results import bp  # noqa: F401

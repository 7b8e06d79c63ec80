"""Routes of the actions feature."""

from surveyapp.actions import bp  # noqa: F401

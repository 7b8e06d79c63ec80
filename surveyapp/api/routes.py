"""Routes of the api feature."""

from surveyapp.api import bp  # noqa: F401

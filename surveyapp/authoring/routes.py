"""Routes of the authoring feature."""

from surveyapp.authoring import bp  # noqa: F401

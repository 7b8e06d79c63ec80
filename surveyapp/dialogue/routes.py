"""Routes of the dialogue feature."""

from surveyapp.dialogue import bp  # noqa: F401

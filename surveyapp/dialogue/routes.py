"""Routes of the dialogue feature."""

from surveyapp.dialogue import bp, models  # noqa: F401

"""Extensions created once at import time and bound to an app in ``create_app``."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

from surveyapp.db import db

babel = Babel()
csrf = CSRFProtect()
migrate = Migrate()
login_manager = LoginManager()

__all__ = ["babel", "csrf", "db", "login_manager", "migrate"]

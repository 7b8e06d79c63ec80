"""The demo command: migrations, demo municipality, a staff login and working codes."""

import re

from tests.conftest import make_test_app
from tests.surveyapp.respondent import start_with_code


def test_demo_command_prints_a_working_login_and_codes(tmp_path):
    app = make_test_app(f"sqlite:///{tmp_path}/demo.db")
    result = app.test_cli_runner().invoke(args=["demo", "--codes", "4"])
    assert result.exit_code == 0, result.output
    email, password = re.search(r"Staff login: (\S+)\s+password: (\S+)", result.output).groups()
    codes = re.search(r"Invitation codes: (.+)", result.output).group(1).split(", ")
    assert len(codes) == 4

    client = app.test_client()
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    login = client.post("/login", data={"csrf_token": token, "email": email, "password": password})
    assert login.status_code == 302

    resident = app.test_client()
    assert start_with_code(resident, "trygghet-2026", codes[0]).status_code == 302

    again = app.test_cli_runner().invoke(args=["demo", "--codes", "4"])
    assert again.exit_code == 0, "running the demo twice keeps working"

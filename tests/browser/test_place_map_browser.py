"""The analysts' place map (folium) in real Chromium: the map document runs under its hashed
CSP with no violation, nothing is fetched from outside 127.0.0.1, the wrapper page passes axe,
and the downloaded standalone file draws the same map from file:// with no request at all."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from werkzeug.serving import make_server

from tests.browser.conftest import assert_accessible
from tests.conftest import make_test_app

PASSWORD = "a long enough password"
PAGE = "/staff/results/trygghet-{year}/places"
# every frame reports its CSP violations into window.__csp (an init script is not under CSP)
LISTEN = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""


@pytest.fixture(scope="module")
def place_server(tmp_path_factory):
    """Demo data with responses, three approved pins per area and an analyst."""
    from surveyapp.auth.models import User
    from surveyapp.db import db
    from surveyapp.demo import load_demo
    from surveyapp.dialogue.models import Pin, PinStatus
    from surveyapp.geo.geometry import interior_point
    from surveyapp.results.demo import load_demo_responses
    from surveyapp.surveys.services import find_campaign

    app = make_test_app(f"sqlite:///{tmp_path_factory.mktemp('places') / 'p.db'}")
    with app.app_context():
        load_demo(date.today(), codes=4)
        load_demo_responses(date.today(), per_area=45)
        campaign = find_campaign(f"trygghet-{date.today().year}")
        for area in campaign.areas:
            lat, lng = interior_point(area.geometry)
            db.session.add_all(Pin(lat=lat, lng=lng, category="belysning", area_id=area.id,
                                   created_on=date.today(), status=PinStatus.APPROVED)
                               for _ in range(3))
        user = User(email="analyst@example.se", roles=["analyst"])
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def analyst(browser, place_server):
    """A logged-in analyst's page; every request off the server is refused and recorded, as
    is every console message about the Content-Security-Policy."""
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  base_url=place_server, accept_downloads=True)
    context.add_init_script(LISTEN)
    outside: list[str] = []

    def route(route):
        url = route.request.url
        if url.startswith((place_server, "file://", "data:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text)
            if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text
            else None)
    page.goto("/login")
    page.fill("input[name=email]", "analyst@example.se")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    yield page, outside, console
    context.close()


def _map_frame(page):
    page.wait_for_selector("iframe.place-frame")
    frame = page.frame_locator("iframe.place-frame")
    frame.locator('html[data-ready="true"]').wait_for(state="attached", timeout=30000)
    return next(f for f in page.frames if "/places/map" in f.url)


def test_place_map_has_layers_no_csp_violation_no_outside_request(analyst):
    page, outside, console = analyst
    page.goto(PAGE.format(year=date.today().year) + "?lang=sv")
    frame = _map_frame(page)
    overlays = frame.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert "Dialogmarkeringar (godkända) (15)" in [t.strip() for t in overlays], overlays
    assert len(overlays) >= 2
    assert frame.locator("canvas").count() >= 1, "points are drawn on a canvas"
    assert frame.locator(".place-legend").inner_text().strip() != ""
    assert frame.locator(".place-legend .swatch.area").count() >= 1, "the classes are stated"
    assert frame.evaluate("window.__csp") == []
    assert page.evaluate("window.__csp") == []
    assert console == []
    assert outside == []
    assert page.locator("table.place-counts tbody tr").count() >= 4
    assert_accessible(page, "place map page")


def test_filters_are_checked_on_the_server(analyst):
    page, outside, _console = analyst
    page.goto(PAGE.format(year=date.today().year) + "?from=2026-13-01&time=noon")
    assert page.locator("#error-summary li").count() == 2
    assert page.locator("#field-from[aria-invalid=true]").count() == 1
    assert_accessible(page, "place map page with errors")
    assert outside == []


def test_standalone_file_draws_from_file_without_any_request(analyst, tmp_path):
    page, outside, console = analyst
    page.goto(PAGE.format(year=date.today().year))
    with page.expect_download() as download:
        page.click("a[download]")
    saved = tmp_path / "place-map.html"
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert "/vendor/" not in text and "<script src=" not in text
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(saved.as_uri())
    page.wait_for_selector('html[data-ready="true"]', state="attached", timeout=30000)
    assert page.locator(".leaflet-control-layers-overlays label").count() >= 2
    assert [r for r in requests if r != saved.as_uri()] == []
    assert outside == [] and console == []


_FIRST_DIALOGUE_POINT = """() => {
    const map = Object.values(window).find(v => v instanceof L.Map);
    const layers = Object.values(map._layers).filter(l => l._projected);
    const pins = layers.find(l => l._layer.rows.length === 15);
    const row = pins._layer.rows[0];
    const at = map.latLngToContainerPoint([row[0], row[1]]);
    const box = map.getContainer().getBoundingClientRect();
    return {x: box.left + at.x, y: box.top + at.y, label: pins._layer.strings[row[2]],
            canvases: document.querySelectorAll("canvas.place-points").length};
}"""


def test_a_click_on_a_drawn_point_over_its_area_opens_its_popup(analyst):
    """Points are drawn in one canvas pass per layer; a click on one (lying over its area's
    polygon) still opens its popup, and switching its layer off removes its canvas."""
    page, _outside, console = analyst
    page.goto(PAGE.format(year=date.today().year) + "?lang=sv")
    frame = _map_frame(page)
    point = frame.evaluate(_FIRST_DIALOGUE_POINT)
    assert point["canvases"] >= 2  # the pins and the survey's places
    page.locator("iframe.place-frame").scroll_into_view_if_needed()
    frame_box = page.locator("iframe.place-frame").bounding_box()
    page.mouse.click(frame_box["x"] + point["x"], frame_box["y"] + point["y"])
    popup = frame.locator(".leaflet-popup .place-popup")
    popup.wait_for(timeout=5000)
    assert popup.locator("strong").inner_text() == point["label"] != ""
    frame.locator(".leaflet-control-layers-overlays label",
                  has_text="Dialogmarkeringar").locator("input").uncheck()
    assert frame.locator("canvas.place-points").count() == point["canvases"] - 1
    assert console == []

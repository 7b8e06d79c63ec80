"""Coordinators write medborgarlöften; residents read them in their language."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from surveyapp.actions.labels import status_label
from surveyapp.actions.services import all_areas, list_actions
from surveyapp.auth.audit import record
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import public, role_required
from surveyapp.i18n import LANGUAGES, native_name
from surveyapp.indicators.services import all_series
from surveyapp.prg import see_other
from surveyapp.promises import bp
from surveyapp.promises.forms import read_commitment, read_follow_up, read_promise
from surveyapp.promises.models import CitizenPromise
from surveyapp.promises.services import (
    add_commitment,
    add_follow_up,
    all_promises,
    find_published,
    get_promise,
    in_language,
    published_promises,
    save_promise,
    set_published,
    slug_taken,
)
from surveyapp.walks.forms import FormResult


def _language() -> str:
    return str(get_locale() or "sv")


def _promise_or_404(promise_id: int) -> CitizenPromise:
    promise = get_promise(promise_id)
    if promise is None:
        abort(404)
    return promise


def _staff_page(promise: CitizenPromise, status: int = 200, **forms: FormResult):
    html = render_template(
        "promises/staff_promise.html", promise=promise, actions=list_actions(),
        series=all_series(), languages_named=[(c, native_name(c)) for c in LANGUAGES],
        commitment=forms.get("commitment") or FormResult(),
        follow_up=forms.get("follow_up") or FormResult(), status_label=status_label)
    return html, status


def _index(result: FormResult, status: int = 200):
    html = render_template("promises/staff_index.html", promises=all_promises(),
                           areas=all_areas(), result=result,
                           languages_named=[(c, native_name(c)) for c in LANGUAGES])
    return html, status


@bp.get("/staff/promises")
@role_required(Role.COORDINATOR)
def staff_index():
    """Every medborgarlöfte and the form for a new one."""
    return _index(FormResult())


@bp.post("/staff/promises")
@role_required(Role.COORDINATOR)
def create():
    """Record a signed promise (not yet public)."""
    result = read_promise(request.form, {a.id for a in all_areas()})
    if "slug" in result.values and slug_taken(result.values["slug"], None):
        result.errors["slug"] = _("Another promise already has that address.")
    if not result.ok:
        return _index(result, 422)
    promise = save_promise(None, result.values)
    record(current_user, "promise_created", promise.slug)
    return see_other(url_for("promises.staff_promise", promise_id=promise.id))


@bp.get("/staff/promises/<int:promise_id>")
@role_required(Role.COORDINATOR)
def staff_promise(promise_id: int):
    """A promise with its commitments and follow-ups, and the forms to add to them."""
    return _staff_page(_promise_or_404(promise_id))


@bp.post("/staff/promises/<int:promise_id>/commitments")
@role_required(Role.COORDINATOR)
def commitment(promise_id: int):
    """Add a commitment tied to an action and an indicator."""
    promise = _promise_or_404(promise_id)
    result = read_commitment(request.form, {a.id for a in list_actions()},
                             {s.id for s in all_series()})
    if not result.ok:
        return _staff_page(promise, 422, commitment=result)
    add_commitment(promise, result.values)
    return see_other(url_for("promises.staff_promise", promise_id=promise.id, saved=1))


@bp.post("/staff/promises/<int:promise_id>/follow-ups")
@role_required(Role.COORDINATOR)
def follow_up(promise_id: int):
    """Add a follow-up note (they are public with the promise)."""
    promise = _promise_or_404(promise_id)
    result = read_follow_up(request.form)
    if not result.ok:
        return _staff_page(promise, 422, follow_up=result)
    add_follow_up(promise, result.values)
    return see_other(url_for("promises.staff_promise", promise_id=promise.id, saved=1))


@bp.post("/staff/promises/<int:promise_id>/publish")
@role_required(Role.COORDINATOR)
def publish(promise_id: int):
    """Publish the promise on its public page, or take it down."""
    promise = _promise_or_404(promise_id)
    set_published(promise, request.form.get("published") == "1")
    record(current_user, "promise_published" if promise.published else "promise_hidden",
           promise.slug)
    return see_other(url_for("promises.staff_promise", promise_id=promise.id, saved=1))


@bp.get("/medborgarloften")
@public
def public_list() -> str:
    """The published medborgarlöften."""
    language = _language()
    return render_template("promises/public_list.html", language=language,
                           promises=published_promises(), in_language=in_language)


@bp.get("/medborgarloften/<slug>")
@public
def public_page(slug: str) -> str:
    """One medborgarlöfte in the reader's language (Swedish where it is not translated)."""
    promise = find_published(slug)
    if promise is None:
        abort(404)
    return render_template("promises/public_page.html", promise=promise,
                           language=_language(), in_language=in_language,
                           status_label=status_label)

"""Operations on medborgarlöften. They flush; the request commits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from surveyapp.db import db
from surveyapp.i18n import DEFAULT_LANGUAGE, text_direction
from surveyapp.promises.models import CitizenPromise, PromiseCommitment, PromiseFollowUp

FIELDS = ("slug", "area_id", "period_start", "period_end", "signed_police",
          "signed_municipality", "signed_on", "titles", "texts")


@dataclass(frozen=True)
class Shown:
    """A text in the language it is written in (``lang`` and ``dir`` for its element)."""

    text: str
    lang: str
    dir: str


def in_language(texts: dict[str, str], language: str) -> Shown:
    """The text in ``language`` when it exists, else the Swedish one, marked with its language."""
    chosen = language if texts.get(language) else DEFAULT_LANGUAGE
    return Shown(texts.get(chosen, ""), chosen, text_direction(chosen))


def all_promises() -> list[CitizenPromise]:
    """Every promise, newest period first."""
    return list(db.session.scalars(select(CitizenPromise).order_by(
        CitizenPromise.period_start.desc(), CitizenPromise.id.desc())))


def published_promises() -> list[CitizenPromise]:
    """The promises residents see."""
    return [p for p in all_promises() if p.published]


def get_promise(promise_id: int) -> CitizenPromise | None:
    """The promise with this id."""
    return db.session.get(CitizenPromise, promise_id)


def find_published(slug: str) -> CitizenPromise | None:
    """The published promise at this address."""
    return db.session.scalar(select(CitizenPromise).where(
        CitizenPromise.slug == slug, CitizenPromise.published.is_(True)))


def slug_taken(slug: str, except_id: int | None) -> bool:
    """Whether another promise has this address."""
    query = select(CitizenPromise.id).where(CitizenPromise.slug == slug)
    if except_id is not None:
        query = query.where(CitizenPromise.id != except_id)
    return db.session.scalar(query) is not None


def save_promise(promise: CitizenPromise | None, values: dict[str, Any]) -> CitizenPromise:
    """Create or change a promise."""
    if promise is None:
        promise = CitizenPromise()
        db.session.add(promise)
    for name in FIELDS:
        setattr(promise, name, values[name])
    db.session.flush()
    return promise


def add_commitment(promise: CitizenPromise, values: dict[str, Any]) -> None:
    """Add a commitment to the promise."""
    promise.commitments.append(PromiseCommitment(**values))
    db.session.flush()


def add_follow_up(promise: CitizenPromise, values: dict[str, Any]) -> None:
    """Add a follow-up note."""
    promise.follow_ups.append(PromiseFollowUp(**values))
    db.session.flush()


def set_published(promise: CitizenPromise, published: bool) -> None:
    """Show the promise on its public page, or take it down."""
    promise.published = published
    db.session.flush()

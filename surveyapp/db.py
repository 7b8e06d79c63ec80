"""The declarative base shared by every feature's models."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import CursorResult, MetaData, Result, Table
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of all models; constraint names are stable across databases."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

# ``db.Model`` is a class built at run time from ``Base`` plus Flask-SQLAlchemy's mixins (automatic
# table names, bind keys). Type checkers only accept a class statement as a base, not an attribute
# of an instance (python/mypy#8603), so models subclass ``Model``: the type checker sees a
# declarative subclass of ``Base``, the running app gets exactly ``db.Model``.
if TYPE_CHECKING:

    class Model(Base):
        """What ``db.Model`` is for the type checker: an abstract declarative base."""

        __abstract__ = True
        # every model here is mapped to one table (none to a join or a select)
        __table__: ClassVar[Table]

else:
    Model = db.Model


def rowcount(result: Result[Any]) -> int:
    """The rows an UPDATE or DELETE run through ``db.session.execute`` matched.

    ``Session.execute`` is typed as returning a plain ``Result``; for these statements it is a
    ``CursorResult``, the only kind that has a row count.
    """
    if not isinstance(result, CursorResult):
        raise TypeError(f"{type(result).__name__} of a statement that is not UPDATE or DELETE")
    return result.rowcount

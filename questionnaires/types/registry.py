"""A registry of classes by their ``name``: one instance each, in registration order.

Used for the question types here and, under the same names, for the web layer's widgets.
"""

from __future__ import annotations

from typing import ClassVar, Generic, Protocol, TypeVar


class Named(Protocol):
    """A class that says under which name it is registered."""

    name: ClassVar[str]


T = TypeVar("T", bound=Named)


class Registry(Generic[T]):
    """Instances of registered classes, looked up by name."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._items: dict[str, T] = {}

    def register(self, cls: type[T]) -> type[T]:
        """Register ``cls`` under its ``name`` (usable as a class decorator)."""
        if cls.name in self._items:
            raise ValueError(f"{self.what} {cls.name!r} is already registered")
        self._items[cls.name] = cls()
        return cls

    def unregister(self, name: str) -> None:
        """Remove a registered name (for tests and plugins that add one for a while)."""
        del self._items[name]

    def get(self, name: str) -> T:
        """The instance registered as ``name`` (KeyError when there is none)."""
        return self._items[name]

    def names(self) -> tuple[str, ...]:
        """The registered names, in registration order."""
        return tuple(self._items)

    def items(self) -> tuple[T, ...]:
        """The registered instances, in registration order."""
        return tuple(self._items.values())

"""``calculate`` questions: a small XLSForm (XPath) subset, parsed and evaluated without ``eval``.

Supported, over answers to earlier questions (``${q}``): numbers and ``'strings'``;
``+ - * div mod`` and unary minus; ``= != < <= > >=``; ``and``, ``or``; parentheses; the
functions ``if(c, a, b)``, ``selected(${q}, 'v')``, ``count-selected(${q})``,
``coalesce(a, b)``, ``not(x)``, ``number(x)``, ``int(x)``, ``round(x, n)``,
``string-length(x)``, ``concat(a, ...)``, ``true()``, ``false()``. Anything else (paths, ``.``,
``pulldata()``, ``now()`` ...) raises :class:`CalculationError` naming the feature.

As in ODK, an unanswered question reads as ``''``; arithmetic on it gives no value, and a
calculation without a value is not stored. A true/false result is stored as ``'true'``/``'false'``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from questionnaires.xpath_tokens import TokenStream

FUNCTIONS = {"if": (3, 3), "selected": (2, 2), "count-selected": (1, 1), "coalesce": (2, 2),
             "not": (1, 1), "number": (1, 1), "int": (1, 1), "round": (1, 2),
             "string-length": (1, 1), "concat": (1, 20), "true": (0, 0), "false": (0, 0)}
MAX_LENGTH = 1000
Node = tuple[Any, ...]


class CalculationError(ValueError):
    """A calculation outside the supported subset."""


@dataclass(frozen=True)
class Calculation:
    """A parsed calculation; :meth:`evaluate` works it out for a set of answers."""

    source: str
    tree: Node

    def variables(self) -> set[str]:
        """The answer variables the calculation reads."""
        found: set[str] = set()
        stack = [self.tree]
        while stack:
            node = stack.pop()
            if node[0] == "var":
                found.add(node[1])
            for item in node[1:]:
                if isinstance(item, tuple) and item and isinstance(item[0], str):
                    stack.append(item)
                elif isinstance(item, tuple):
                    stack.extend(child for child in item if isinstance(child, tuple))
        return found

    def evaluate(self, answers: Mapping[str, Any]) -> int | float | str | None:
        """The value for these answers, or None when there is none (e.g. ``'' + 1``)."""
        value = _evaluate(self.tree, answers)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):
            if math.isnan(value) or math.isinf(value):
                return None
            return int(value) if value.is_integer() else value
        if isinstance(value, int):
            return value
        text = _string(value)
        return text or None


def parse_calculation(source: str) -> Calculation:
    """Parse an XLSForm ``calculation`` (raises :class:`CalculationError`)."""
    if len(source) > MAX_LENGTH:
        raise CalculationError(f"a calculation may have at most {MAX_LENGTH} characters")
    return Calculation(source, _Parser(source).parse())


class _Parser(TokenStream):
    error = CalculationError
    ends_too_early = "the calculation ends too early"

    def parse(self) -> Node:
        node = self.binary(0)
        if (extra := self.peek()) is not None:
            raise CalculationError(_unsupported(extra[1]))
        return node

    LEVELS = (("or",), ("and",), ("=", "!=", "<", "<=", ">", ">="), ("+", "-"),
              ("*", "div", "mod"))

    def binary(self, level: int) -> Node:
        if level == len(self.LEVELS):
            return self.unary()
        node = self.binary(level + 1)
        while self.at(*self.LEVELS[level]):
            op = self.take()[1]
            node = ("op", op, node, self.binary(level + 1))
        return node

    def unary(self) -> Node:
        if self.at("-"):
            self.take()
            return ("op", "-", ("lit", 0), self.unary())
        return self.primary()

    def primary(self) -> Node:
        kind, value = self.take()
        if kind == "var":
            return ("var", value[2:-1].strip())
        if kind == "string":
            return ("lit", value[1:-1])
        if kind == "number":
            return ("lit", float(value))
        if value == "(":
            node = self.binary(0)
            self.take(")")
            return node
        if kind == "name" and self.at("("):
            if value not in FUNCTIONS:
                raise CalculationError(f"the function {value}() is not supported")
            self.take("(")
            args = [] if self.at(")") else [self.binary(0)]
            while self.at(","):
                self.take()
                args.append(self.binary(0))
            self.take(")")
            low, high = FUNCTIONS[value]
            if not low <= len(args) <= high:
                raise CalculationError(f"{value}() takes {low}–{high} argument(s)")
            if value in ("selected", "count-selected") and args[0][0] != "var":
                raise CalculationError(f"{value}() needs a question reference like ${{q}} first")
            return ("call", value, tuple(args))
        raise CalculationError(_unsupported(value))


def _unsupported(value: str) -> str:
    if value in (".", ".."):
        return "references to the current node ('.') are not supported"
    if value in ("|", "[", "]", "/"):
        return f"XPath paths and predicates ({value!r}) are not supported; use div for division"
    return f"{value!r} is not supported here"


def _number(value: Any) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip()) if str(value).strip() else math.nan
    except ValueError:
        return math.nan


def _string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "NaN" if math.isnan(value) else (str(int(value)) if value.is_integer()
                                                 else repr(value))
    if isinstance(value, list):
        return " ".join(_string(item) for item in value)
    return "" if value is None else str(value)


def _boolean(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isnan(value) and value != 0
    if isinstance(value, str):
        return value != ""
    return bool(value)


def _evaluate(node: Node, answers: Mapping[str, Any]) -> Any:
    kind = node[0]
    if kind == "lit":
        return node[1]
    if kind == "var":
        value = answers.get(node[1])
        if isinstance(value, dict):  # a place answer: its area code
            value = value.get("area")
        return "" if value is None else value
    if kind == "call":
        return _call(node[1], node[2], answers)
    op, left_node, right_node = node[1], node[2], node[3]
    if op == "and":
        return _boolean(_evaluate(left_node, answers)) and _boolean(_evaluate(right_node, answers))
    if op == "or":
        return _boolean(_evaluate(left_node, answers)) or _boolean(_evaluate(right_node, answers))
    left, right = _evaluate(left_node, answers), _evaluate(right_node, answers)
    if op in ("=", "!="):
        both_numbers = not math.isnan(_number(left)) and not math.isnan(_number(right))
        same = _number(left) == _number(right) if both_numbers else _string(left) == _string(right)
        return same if op == "=" else not same
    a, b = _number(left), _number(right)
    if op in ("<", "<=", ">", ">="):
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
    if op in ("div", "mod") and b == 0:
        return math.nan
    return {"+": a + b, "-": a - b, "*": a * b, "div": a / b if b else math.nan,
            "mod": math.fmod(a, b) if b else math.nan}[op]


def _call(name: str, args: tuple[Node, ...], answers: Mapping[str, Any]) -> Any:
    if name == "if":
        return _evaluate(args[1] if _boolean(_evaluate(args[0], answers)) else args[2], answers)
    if name in ("true", "false"):
        return name == "true"
    values = [_evaluate(arg, answers) for arg in args]
    if name == "selected":
        chosen = values[0] if isinstance(values[0], list) else _string(values[0]).split()
        return _string(values[1]) in [_string(item) for item in chosen]
    if name == "count-selected":
        chosen = values[0] if isinstance(values[0], list) else _string(values[0]).split()
        return float(len(chosen))
    if name == "coalesce":
        return values[0] if _string(values[0]) != "" else values[1]
    if name == "not":
        return not _boolean(values[0])
    if name == "number":
        return _number(values[0])
    if name == "int":
        number = _number(values[0])
        return number if math.isnan(number) else float(math.trunc(number))
    if name == "round":
        digits = int(_number(values[1])) if len(values) > 1 else 0
        number = _number(values[0])
        return number if math.isnan(number) else float(round(number, digits))
    if name == "string-length":
        return float(len(_string(values[0])))
    return "".join(_string(value) for value in values)  # concat

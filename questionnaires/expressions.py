"""The skip-logic expression language: a tokenizer, a recursive-descent parser and an evaluator.

Expressions are parsed into a small tree of tuples and evaluated against an answers mapping; nothing
is ever passed to ``eval``. Grammar::

    expr       := or_expr
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := operand (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not" "in") operand)?
    operand    := NUMBER | STRING | NAME | NAME "(" args ")" | "(" expr ")" | "(" expr "," ... ")"
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

FUNCTIONS = {"selected": 2, "answered": 1, "count": 1}
_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<string>'[^']*'|\"[^\"]*\")|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>==|!=|<=|>=|<|>|\(|\)|,))"
)
_KEYWORDS = {"and", "or", "not", "in"}

# A parse-tree node: a tuple whose first item names its kind, e.g. ("literal", 3),
# ("variable", "q1"), ("not", node), ("and", node, node), ("compare", "<=", node, node),
# ("call", "selected", (node, node)) or ("tuple", (node, ...)). The items after the kind differ
# per kind, so they are typed Any; the xlsform_xpath translator builds the same shapes.
Node = tuple[Any, ...]


class ExpressionError(ValueError):
    """An expression that cannot be parsed, with the position of the problem."""


@dataclass(frozen=True)
class Expression:
    """A parsed skip-logic expression."""

    source: str
    tree: Node

    def variables(self) -> set[str]:
        """Names of the answer variables the expression reads."""
        found: set[str] = set()
        _collect_variables(self.tree, found)
        return found

    def evaluate(self, answers: Mapping[str, Any]) -> bool:
        """True when the expression holds for these answers (missing answers compare false)."""
        return bool(_evaluate(self.tree, answers))


def parse(source: str) -> Expression:
    """Parse ``source`` or raise :class:`ExpressionError` naming the problem."""
    tokens = _tokenize(source)
    parser = _Parser(tokens, source)
    tree = parser.expression()
    if (extra := parser.peek()) is not None:
        raise ExpressionError(f"unexpected {extra[1]!r} in {source!r}")
    return Expression(source, tree)


def _tokenize(source: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(source):
        if source[position:].strip() == "":
            break
        match = _TOKEN.match(source, position)
        if not match:
            raise ExpressionError(f"cannot read {source[position:].strip()[:10]!r} in {source!r}")
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "name" and value in _KEYWORDS:
            kind = "keyword"
        tokens.append((kind, value))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], source: str) -> None:
        self.tokens = tokens
        self.index = 0
        self.source = source

    def peek(self, offset: int = 0) -> tuple[str, str] | None:
        index = self.index + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise ExpressionError(f"expression ends too early: {self.source!r}")
        if value is not None and token[1] != value:
            raise ExpressionError(f"expected {value!r} but found {token[1]!r} in {self.source!r}")
        self.index += 1
        return token

    def at(self, value: str) -> bool:
        token = self.peek()
        return token is not None and token[1] == value and token[0] in ("keyword", "op")

    def expression(self) -> Node:
        node = self.and_expr()
        while self.at("or"):
            self.take()
            node = ("or", node, self.and_expr())
        return node

    def and_expr(self) -> Node:
        node = self.not_expr()
        while self.at("and"):
            self.take()
            node = ("and", node, self.not_expr())
        return node

    def not_expr(self) -> Node:
        if self.at("not"):
            self.take()
            return ("not", self.not_expr())
        return self.comparison()

    def comparison(self) -> Node:
        left = self.operand()
        for op in ("==", "!=", "<=", ">=", "<", ">", "in"):
            if self.at(op):
                self.take()
                return ("compare", op, left, self.operand())
        if self.at("not") and (nxt := self.peek(1)) is not None and nxt[1] == "in":
            self.take()
            self.take()
            return ("compare", "not in", left, self.operand())
        return left

    def operand(self) -> Node:
        kind, value = self.take()
        if kind == "number":
            return ("literal", float(value) if "." in value else int(value))
        if kind == "string":
            return ("literal", value[1:-1])
        if kind == "name":
            if self.at("("):
                return self.call(value)
            return ("variable", value)
        if value == "(":
            items = [self.expression()]
            while self.at(","):
                self.take()
                items.append(self.expression())
            self.take(")")
            return items[0] if len(items) == 1 else ("tuple", tuple(items))
        raise ExpressionError(f"unexpected {value!r} in {self.source!r}")

    def call(self, name: str) -> Node:
        if name not in FUNCTIONS:
            raise ExpressionError(f"unknown function {name!r} in {self.source!r}")
        self.take("(")
        args = [self.expression()]
        while self.at(","):
            self.take()
            args.append(self.expression())
        self.take(")")
        if len(args) != FUNCTIONS[name]:
            raise ExpressionError(
                f"{name}() takes {FUNCTIONS[name]} argument(s), got {len(args)} in {self.source!r}"
            )
        if args[0][0] != "variable":
            raise ExpressionError(f"{name}() needs a question id first in {self.source!r}")
        return ("call", name, tuple(args))


class _Missing:
    """An unanswered variable: every comparison with it is false."""


MISSING = _Missing()


def _collect_variables(node: Node, found: set[str]) -> None:
    if node[0] == "variable":
        found.add(node[1])
        return
    for child in node[1:]:
        if isinstance(child, tuple) and child and isinstance(child[0], str):
            _collect_variables(child, found)
        elif isinstance(child, tuple):
            for item in child:
                if isinstance(item, tuple):
                    _collect_variables(item, found)


def _is_missing(value: Any) -> bool:
    return value is MISSING or value is None or value == "" or value == []


def _same(a: Any, b: Any) -> bool:
    """Equality that treats the code 2 and the string '2' alike (form posts are strings)."""
    return a == b or str(a) == str(b)


def _evaluate(node: Node, answers: Mapping[str, Any]) -> Any:
    kind = node[0]
    if kind == "literal":
        return node[1]
    if kind == "variable":
        return answers.get(node[1], MISSING)
    if kind == "tuple":
        return tuple(_evaluate(item, answers) for item in node[1])
    if kind == "not":
        return not _evaluate(node[1], answers)
    if kind == "and":
        return bool(_evaluate(node[1], answers)) and bool(_evaluate(node[2], answers))
    if kind == "or":
        return bool(_evaluate(node[1], answers)) or bool(_evaluate(node[2], answers))
    if kind == "call":
        return _call(node[1], node[2], answers)
    return _compare(node[1], _evaluate(node[2], answers), _evaluate(node[3], answers))


def _call(name: str, args: tuple[Node, ...], answers: Mapping[str, Any]) -> Any:
    value = answers.get(args[0][1], MISSING)
    if name == "answered":
        return not _is_missing(value)
    if name == "count":
        return len(value) if isinstance(value, list) else (0 if _is_missing(value) else 1)
    code = _evaluate(args[1], answers)
    values = value if isinstance(value, list) else [value]
    return any(_same(item, code) for item in values if not _is_missing(item))


def _compare(op: str, left: Any, right: Any) -> bool:
    if _is_missing(left) or _is_missing(right):
        return False
    if op in ("in", "not in"):
        options = right if isinstance(right, tuple) else (right,)
        return any(_same(left, option) for option in options) == (op == "in")
    if op == "==":
        return _same(left, right)
    if op == "!=":
        return not _same(left, right)
    try:
        left_number, right_number = float(left), float(right)
    except (TypeError, ValueError):
        return False
    return {
        "<": left_number < right_number,
        "<=": left_number <= right_number,
        ">": left_number > right_number,
        ">=": left_number >= right_number,
    }[op]

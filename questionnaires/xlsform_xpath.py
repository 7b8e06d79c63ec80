"""Translate skip logic between XLSForm ``relevant`` (an XPath subset) and our expression language.

Supported XPath: ``${q} = 'v'`` (``!=  <  <=  >  >=``), ``and``, ``or``, ``not(...)``,
``selected(${q}, 'v')``, ``count-selected(${q}) > n``, ``string-length(${q}) > 0`` and
``${q} != ''`` (answered), parentheses. Everything else (``if()``, ``pulldata()``, arithmetic,
paths, ``.``) raises :class:`XPathError` naming the feature.

Missing answers: in XPath an unanswered question is ``''``, so ``${q} != 'x'`` is true when ``q``
is unanswered, while our ``q != 'x'`` is false. Import therefore turns ``${q} != 'x'`` into
``not q == 'x'``, and export writes our ``q != x`` as ``${q} != '' and ${q} != 'x'`` (which import
reads back as ``q != x``). ``q in (1, 2)`` is written as ``(${q} = '1' or ${q} = '2')``.

``kinds`` maps a variable to ``select`` (single choice or grid row), ``multi``, ``number``,
``text`` or ``place``; ``int_codes`` holds the select variables whose codes are integers, so a
quoted ``'3'`` becomes the code ``3``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from questionnaires.expressions import Node, parse
from questionnaires.xpath_tokens import TokenStream

_INTEGER = re.compile(r"^(0|-?[1-9][0-9]*)$")
_FLIP = {"=": "=", "!=": "!=", "<": ">", ">": "<", "<=": ">=", ">=": "<="}


class XPathError(ValueError):
    """An XPath expression outside the subset we can translate."""


def xpath_to_expression(
    xpath: str, kinds: Mapping[str, str], int_codes: Collection[str] = ()
) -> str:
    """Our expression language for an XLSForm ``relevant`` (raises XPathError)."""
    tree = _XPathParser(xpath).parse()
    return _print(_Importer(kinds, int_codes).convert(tree))


def expression_to_xpath(
    source: str, kinds: Mapping[str, str], int_codes: Collection[str] = ()
) -> str:
    """The XLSForm ``relevant`` for one of our expressions."""
    return _Exporter(kinds).convert(parse(source).tree, top=True)


class _XPathParser(TokenStream):
    error = XPathError

    def parse(self) -> Node:
        node = self.or_expr()
        if (extra := self.peek()) is not None:
            raise XPathError(self._unsupported(extra))
        return node

    def or_expr(self) -> Node:
        node = self.and_expr()
        while self.at("or"):
            self.take()
            node = ("or", node, self.and_expr())
        return node

    def and_expr(self) -> Node:
        node = self.comparison()
        while self.at("and"):
            self.take()
            node = ("and", node, self.comparison())
        return node

    def comparison(self) -> Node:
        left = self.operand()
        if self.at("=", "!=", "<", "<=", ">", ">="):
            op = self.take()[1]
            return ("compare", op, left, self.operand())
        return left

    def operand(self) -> Node:
        token = self.take()
        kind, value = token
        if kind == "var":
            name = value[2:-1].strip()
            return ("variable", name)
        if kind == "string":
            return ("literal", value[1:-1])
        if kind == "number":
            return ("literal", float(value) if "." in value else int(value))
        if value == "(":
            node = self.or_expr()
            self.take(")")
            return node
        if kind == "name" and self.at("("):
            self.take("(")
            args = [] if self.at(")") else [self.or_expr()]
            while self.at(","):
                self.take()
                args.append(self.or_expr())
            self.take(")")
            return ("call", value, tuple(args))
        raise XPathError(self._unsupported(token))

    def _unsupported(self, token: tuple[str, str]) -> str:
        kind, value = token
        if value in ("+", "-", "*", "/", "div", "mod"):
            return f"arithmetic ({value!r}) is not supported"
        if value in (".", ".."):
            return "references to the current node ('.') are not supported in relevant"
        if value in ("|", "[", "]"):
            return f"XPath paths and predicates ({value!r}) are not supported"
        return f"{value!r} is not supported here"


class _Importer:
    """XPath tree → our expression tree, with XPath's missing-answer semantics kept."""

    def __init__(self, kinds: Mapping[str, str], int_codes: Collection[str]) -> None:
        self.kinds = kinds
        self.int_codes = set(int_codes)

    def convert(self, node: Node) -> Node:
        kind = node[0]
        if kind == "or":
            chain = self._equality_chain(node)
            if chain:
                return ("compare", "in", ("variable", chain[0]), ("tuple", chain[1]))
            return ("or", self.convert(node[1]), self.convert(node[2]))
        if kind == "and":
            guarded = self._guarded(node)
            if guarded is not None:
                return guarded
            return ("and", self.convert(node[1]), self.convert(node[2]))
        if kind == "compare":
            return self._compare(*node[1:])
        if kind == "call":
            return self._call(node[1], node[2])
        if kind == "variable":
            raise XPathError(f"${{{node[1]}}} alone is not a condition; compare it to a value")
        raise XPathError(f"the value {node[1]!r} alone is not a condition")

    def _variable(self, node: Node) -> str:
        if node[0] != "variable":
            raise XPathError("a function argument must be a question reference like ${q}")
        name: str = node[1]
        return name

    def _literal(self, variable: str, node: Node) -> Node:
        if node[0] != "literal":
            raise XPathError("compare a question with a value, not with another expression")
        value = node[1]
        if self.kinds.get(variable) == "number":
            try:
                return ("literal", float(value) if "." in str(value) else int(value))
            except ValueError as error:
                raise XPathError(f"{variable} is a number; {value!r} is not") from error
        text = str(value)
        value = int(text) if variable in self.int_codes and _INTEGER.match(text) else text
        return ("literal", value)

    def _equality_chain(self, node: Node) -> tuple[str, tuple[Node, ...]] | None:
        leaves: list[Node] = []
        stack = [node]
        while stack:
            item = stack.pop()
            if item[0] == "or":
                stack.extend((item[2], item[1]))
            else:
                leaves.append(item)
        names = set()
        for leaf in leaves:
            if leaf[0] != "compare" or leaf[1] != "=" or leaf[2][0] != "variable" \
                    or leaf[3][0] != "literal" or leaf[3][1] == "":
                return None
            names.add(leaf[2][1])
        if len(names) != 1:
            return None
        name = names.pop()
        return name, tuple(self._literal(name, leaf[3]) for leaf in leaves)

    def _guarded(self, node: Node) -> Node | None:
        """``${q} != '' and ${q} != v`` → ``q != v``; with ``not(chain)`` → ``q not in (...)``."""
        guard, rest = node[1], node[2]
        if not (guard[0] == "compare" and guard[1] == "!=" and guard[2][0] == "variable"
                and guard[3] == ("literal", "")):
            return None
        name = guard[2][1]
        if rest[0] == "compare" and rest[1] == "!=" and rest[2] == ("variable", name) \
                and rest[3][0] == "literal" and rest[3][1] != "":
            return ("compare", "!=", ("variable", name), self._literal(name, rest[3]))
        if rest[0] == "call" and rest[1] == "not" and len(rest[2]) == 1 and rest[2][0][0] == "or":
            chain = self._equality_chain(rest[2][0])
            if chain and chain[0] == name:
                return ("compare", "not in", ("variable", name), ("tuple", chain[1]))
        return None

    def _compare(self, op: str, left: Node, right: Node) -> Node:
        if left[0] == "literal" and right[0] in ("variable", "call"):
            op, left, right = _FLIP[op], right, left
        if left[0] == "call" and left[1] in ("string-length", "count-selected"):
            name = self._variable(left[2][0]) if len(left[2]) == 1 else ""
            if not name or right[0] != "literal" or not isinstance(right[1], int | float):
                raise XPathError(f"{left[1]}() must be compared with a number")
            if left[1] == "count-selected":
                count = ("call", "count", (("variable", name),))
                return ("compare", "==" if op == "=" else op, count, right)
            if (op, right[1]) in ((">", 0), ("!=", 0), (">=", 1)):
                return ("call", "answered", (("variable", name),))
            if (op, right[1]) in (("=", 0), ("<", 1), ("<=", 0)):
                return ("not", ("call", "answered", (("variable", name),)))
            raise XPathError("string-length() is only supported to test for an answer")
        if left[0] != "variable":
            raise XPathError("a comparison must start with a question reference like ${q}")
        name = left[1]
        if right == ("literal", ""):
            if op == "!=":
                return ("call", "answered", (("variable", name),))
            if op == "=":
                return ("not", ("call", "answered", (("variable", name),)))
            raise XPathError(f"{op!r} with an empty string is not supported")
        literal = self._literal(name, right)
        if op == "!=":
            return ("not", ("compare", "==", left, literal))
        return ("compare", "==" if op == "=" else op, left, literal)

    def _call(self, name: str, args: tuple[Node, ...]) -> Node:
        if name == "not":
            if len(args) != 1:
                raise XPathError("not() takes one argument")
            return ("not", self.convert(args[0]))
        if name == "selected":
            if len(args) != 2:
                raise XPathError("selected() takes two arguments")
            variable = self._variable(args[0])
            return ("call", "selected", (("variable", variable), self._literal(variable, args[1])))
        raise XPathError(f"the function {name}() is not supported")


def _literal_text(value: object) -> str:
    if isinstance(value, str):
        return "'" + value + "'"
    return repr(value) if isinstance(value, float) else str(value)


def _print(node: Node) -> str:
    """Our expression language, canonically spaced, with parentheses only where needed."""
    kind = node[0]
    if kind == "or":
        right = _print(node[2])
        return f"{_print(node[1])} or {'(' + right + ')' if node[2][0] == 'or' else right}"
    if kind == "and":
        left, right = (f"({_print(c)})" if c[0] == "or" or (c is node[2] and c[0] == "and")
                       else _print(c) for c in node[1:])
        return f"{left} and {right}"
    if kind == "not":
        inner = _print(node[1])
        return f"not ({inner})" if node[1][0] in ("and", "or") else f"not {inner}"
    if kind == "compare":
        return f"{_print(node[2])} {node[1]} {_print(node[3])}"
    if kind == "call":
        return f"{node[1]}({', '.join(_print(arg) for arg in node[2])})"
    if kind == "variable":
        name: str = node[1]
        return name
    if kind == "tuple":
        return "(" + ", ".join(_print(item) for item in node[1]) + ")"
    return _literal_text(node[1])


class _Exporter:
    """Our expression tree → XPath that behaves the same for unanswered questions."""

    def __init__(self, kinds: Mapping[str, str]) -> None:
        self.kinds = kinds

    def value(self, variable: str, node: Node) -> str:
        value = node[1]
        if self.kinds.get(variable) == "number" and not isinstance(value, str):
            return _literal_text(value)
        return "'" + str(value) + "'"

    def convert(self, node: Node, top: bool = False) -> str:
        kind = node[0]
        if kind == "or":
            text = f"{self.convert(node[1])} or {self.convert(node[2])}"
            return text if top else f"({text})"
        if kind == "and":
            text = f"{self.convert(node[1])} and {self.convert(node[2])}"
            return text if top else f"({text})"
        if kind == "not":
            return f"not({self.convert(node[1], top=True)})"
        if kind == "call":
            name, args = node[1], node[2]
            ref = "${" + args[0][1] + "}"
            if name == "answered":
                return f"{ref} != ''"
            if name == "count":
                return f"count-selected({ref})"
            return f"selected({ref}, {self.value(args[0][1], args[1])})"
        if kind == "compare":
            return self.compare(node[1], node[2], node[3], top)
        raise XPathError(f"cannot write {node!r} as XPath")

    def compare(self, op: str, left: Node, right: Node, top: bool) -> str:
        if left[0] == "call":
            return f"{self.convert(left)} {'=' if op == '==' else op} {_literal_text(right[1])}"
        name = left[1]
        ref = "${" + name + "}"
        if op in ("in", "not in"):
            items = right[1] if right[0] == "tuple" else (right,)
            chain = " or ".join(f"{ref} = {self.value(name, item)}" for item in items)
            if op == "in":
                return chain if top or len(items) == 1 else f"({chain})"
            text = f"{ref} != '' and not({chain})"
            return text if top else f"({text})"
        if op == "!=":
            text = f"{ref} != '' and {ref} != {self.value(name, right)}"
            return text if top else f"({text})"
        return f"{ref} {'=' if op == '==' else op} {self.value(name, right)}"

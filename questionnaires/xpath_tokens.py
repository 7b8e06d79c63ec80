"""The tokens of the XPath subset XLSForms write (``relevant``, ``calculation``), and the
stream both parsers read them from (:mod:`questionnaires.xlsform_xpath`,
:mod:`questionnaires.calculations`)."""

from __future__ import annotations

import re
from typing import ClassVar

TOKEN = re.compile(
    r"\s*(?:(?P<var>\$\{[^}]*\})|(?P<string>'[^']*'|\"[^\"]*\")|(?P<number>\d+(?:\.\d+)?|\.\d+)"
    r"|(?P<op>!=|<=|>=|=|<|>|\(|\)|,|\+|-|\*|/|\||\[|\]|\.\.|\.)|(?P<name>[A-Za-z_][\w:.-]*))"
)
Token = tuple[str, str]  # (kind: var, string, number, op or name; its text)


class TokenStream:
    """``source`` as tokens, read one at a time; problems raise ``error``."""

    error: ClassVar[type[ValueError]] = ValueError
    ends_too_early: ClassVar[str] = "the expression ends too early"

    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens: list[Token] = []
        position = 0
        while source[position:].strip():
            match = TOKEN.match(source, position)
            if not match:
                raise self.error(f"cannot read {source[position:].strip()[:12]!r}")
            kind = match.lastgroup or ""
            self.tokens.append((kind, match.group(kind)))
            position = match.end()
        self.index = 0

    def peek(self) -> Token | None:
        """The next token, not taken; None at the end."""
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def at(self, *values: str) -> bool:
        """Whether the next token is one of these operators or names."""
        token = self.peek()
        return token is not None and token[0] in ("op", "name") and token[1] in values

    def take(self, value: str | None = None) -> Token:
        """The next token (which must be ``value`` when given)."""
        token = self.peek()
        if token is None:
            raise self.error(self.ends_too_early)
        if value is not None and token[1] != value:
            raise self.error(f"expected {value!r} but found {token[1]!r}")
        self.index += 1
        return token

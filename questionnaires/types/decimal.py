"""``decimal``: a number with decimals (comma or point), optionally between ``min`` and ``max``."""

from __future__ import annotations

import re
from typing import Any

from questionnaires.types.number import WholeNumber

BOUND = re.compile(r"^\.\s*(>=|>|<=|<)\s*(-?\d+(?:\.\d+)?)$")


class DecimalNumber(WholeNumber):
    """A decimal question (XLSForm ``decimal``); analysed as a number like ``number``."""

    name = "decimal"
    xlsform_type = "decimal"
    expression_kind = "number"
    comparison_kind = "number"
    xlsform_constraint_example = "'. >= 0 and . <= 10.5'"

    def from_xlsform_constraint(self, constraint: str) -> dict[str, Any] | None:
        """``. >= a and . <= b`` as ``min``/``max`` (a strict ``>``/``<`` cannot be kept for
        decimals, so only ``>=``/``<=`` are read)."""
        out: dict[str, Any] = {}
        for clause in (c.strip() for c in re.split(r"\s+and\s+", constraint)):
            match = BOUND.match(clause)
            if match is None or match.group(1) in (">", "<"):
                return None
            op, text = match.groups()
            number = float(text)
            out["min" if op == ">=" else "max"] = int(number) if number.is_integer() else number
        return out

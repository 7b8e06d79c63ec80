"""Comparisons between domains and tests of association."""

from __future__ import annotations

"""calculate expressions: values worked out by hand, XPath's missing-answer rules, refusals."""

from __future__ import annotations

import pytest

from questionnaires.calculations import CalculationError, parse_calculation

ANSWERS = {"a": 3, "b": "4", "m": ["x", "y"], "s": "abc", "place": {"area": "0682R001"},
           "d": 2.5}


@pytest.mark.parametrize(("source", "value"), [
    ("${a} + ${b}", 7), ("${a} * 2 - 1", 5), ("-${a} + 10", 7), ("10 div 4", 2.5),
    ("10 mod 4", 2), ("(${a} + 1) * ${d}", 10), ("${a} + 1 * 2", 5),
    ("if(${a} > 2, 'high', 'low')", "high"), ("if(${a} > 5, 1, 0)", 0),
    ("selected(${m}, 'y')", "true"), ("selected(${m}, 'z')", "false"),
    ("count-selected(${m})", 2), ("coalesce(${missing}, 7)", 7), ("coalesce(${a}, 7)", 3),
    ("${a} = 3 and ${s} = 'abc'", "true"), ("${a} = 3 or ${b} = 1", "true"),
    ("${b} = 4", "true"), ("not(${a} = 3)", "false"), ("round(10 div 3, 2)", 3.33),
    ("int(${d})", 2), ("number(${b}) + 1", 5), ("concat(${s}, '-', ${a})", "abc-3"),
    ("string-length(${s})", 3), ("${place}", "0682R001"), ("true()", "true"),
])
def test_values(source, value):
    assert parse_calculation(source).evaluate(ANSWERS) == value


@pytest.mark.parametrize("source", ["${missing} + 1", "${a} div 0", "${s} * 2", "${missing}"])
def test_no_value_is_none(source):
    assert parse_calculation(source).evaluate(ANSWERS) is None


def test_variables_are_the_questions_read():
    calc = parse_calculation("if(selected(${m}, 'x'), ${a} + ${b}, coalesce(${c}, 0))")
    assert calc.variables() == {"m", "a", "b", "c"}


@pytest.mark.parametrize(("source", "feature"), [
    (". + 1", "current node"), ("pulldata('f', 'c', 'k', ${a})", "pulldata() is not supported"),
    ("now()", "now() is not supported"), ("/data/a", "paths"), ("${a} +", "ends too early"),
    ("if(${a}, 1)", "if() takes 3–3 argument(s)"), ("selected('x', 'y')", "question reference"),
    ("${a} ${b}", "is not supported here"), ("x" * 1001, "at most 1000 characters"),
])
def test_refusals_name_the_feature(source, feature):
    with pytest.raises(CalculationError, match=None) as caught:
        parse_calculation(source)
    assert feature in str(caught.value)


def test_evaluation_never_runs_python():
    # a name that would be harmful under eval is just an unsupported function here
    with pytest.raises(CalculationError, match="__import__"):
        parse_calculation("__import__('os')")

"""The skip-logic language: what it accepts, what it refuses, how missing answers compare."""

import pytest

from questionnaires import ExpressionError, parse


@pytest.mark.parametrize(
    ("source", "answers", "expected"),
    [
        ("trygg_kvall in (3, 4, 5)", {"trygg_kvall": 4}, True),
        ("trygg_kvall in (3, 4, 5)", {"trygg_kvall": 1}, False),
        ("trygg_kvall in (3, 4, 5)", {"trygg_kvall": "4"}, True),
        ("trygg_kvall in (3, 4, 5)", {}, False),
        ("alder != '16-24'", {"alder": "25-44"}, True),
        ("alder != '16-24'", {}, False),
        ("x not in (1, 2)", {"x": 3}, True),
        ("x not in (1, 2)", {}, False),
        ("n >= 2.5", {"n": 3}, True),
        ("n < 2", {"n": "x"}, False),
        ("selected(utsatt, 'hot')", {"utsatt": ["hot", "stold"]}, True),
        ("selected(utsatt, 'hot')", {"utsatt": ["stold"]}, False),
        ("answered(utsatt) and not selected(utsatt, 'inget')", {"utsatt": ["inget"]}, False),
        ("answered(utsatt) and not selected(utsatt, 'inget')", {"utsatt": ["hot"]}, True),
        ("count(utsatt) > 1", {"utsatt": ["hot", "stold"]}, True),
        ("a == 1 or b == 2 and c == 3", {"a": 0, "b": 2, "c": 3}, True),
        ("(a == 1 or b == 2) and c == 3", {"a": 1, "b": 0, "c": 0}, False),
        ("not (a == 1)", {"a": 2}, True),
    ],
)
def test_evaluates(source, answers, expected):
    assert parse(source).evaluate(answers) is expected


def test_lists_variables_it_reads():
    expression = parse("selected(utsatt, 'hot') or (alder in ('16-24', '25-44') and not answered(x))")
    assert expression.variables() == {"utsatt", "alder", "x"}


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("__import__('os').system('true')", "cannot read"),
        ("__import__('os')", "unknown function '__import__'"),
        ("open('x')", "unknown function 'open'"),
        ("a ==", "ends too early"),
        ("a == 1 1", "unexpected '1'"),
        ("a; b", "cannot read"),
        ("selected(a)", "takes 2 argument"),
        ("answered(1)", "needs a question id"),
        ("a.b == 1", "cannot read"),
        ("(a == 1", "ends too early"),
    ],
)
def test_refuses_what_it_cannot_read(source, message):
    with pytest.raises(ExpressionError, match=message.replace("(", r"\(")):
        parse(source)

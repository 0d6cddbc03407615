"""A ≤ rule of the real template over all three states: 无 counts as 0, a blank skips the rule."""

from hypothesis import given
from hypothesis import strategies as st

from core.builders import seed_with
from nianbao.report import BLANK, NONE, Value
from nianbao.report.validate import validate

RECEIVED, CLOSED = "interaction.messages.received", "interaction.messages.closed"
states = st.one_of(st.integers(0, 10**6).map(Value.of), st.just(NONE), st.just(BLANK))


def number(value: Value) -> int:
    return 0 if value.is_none else value.data


@given(states, states)
def test_closed_above_received_fires_exactly_when_both_are_filled_and_closed_is_larger(received, closed):
    report = seed_with({})
    report.set(RECEIVED, received)
    report.set(CLOSED, closed)
    fired = "R-MESSAGES-CLOSED-LE-RECEIVED" in [f.code for f in validate(report)]
    applicable = not received.is_blank and not closed.is_blank
    assert fired == (applicable and number(closed) > number(received))

"""留言办理 figures on generated exports whose answer is known by construction."""

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.evidence.calendar import add_workdays
from nianbao.evidence.messages import MessageRules, compute_messages

from .exports import write_export

HEADERS = ["收到时间", "办结时间", "是否公开答复"]
RULES = MessageRules(workdays=5)


def figures(tmp_path, rows, rules=RULES, year=2020, suffix=".csv"):
    return compute_messages(write_export(tmp_path / f"m{suffix}", HEADERS, rows), year, rules).figures


def test_five_working_days_across_national_day_2020(tmp_path):
    # From 9/30 the working days are 10/9, 10/10 (adjusted Saturday), 10/12, 10/13, 10/14.
    rows = [
        ["2020-09-30 10:00", "2020-10-14 17:00", "是"],  # 5th working day: on time
        ["2020-09-30 10:00", "2020-10-15 09:00", "否"],  # 6th: late
    ]
    result = figures(tmp_path, rows)
    assert result["interaction.messages.on_time"] == 1
    assert result["interaction.messages.on_time_rate"] == Decimal("50.0")
    assert result["interaction.messages.public_replies"] == 1
    assert result["interaction.messages.avg_days"] == Decimal("14.5")  # 14 and 15 calendar days


def test_the_received_day_is_not_counted_whatever_the_hour(tmp_path):
    rows = [
        ["2020-03-06 17:59", "2020-03-13 08:00", "否"],  # Fri -> next Fri: Mon..Fri = 5
        ["2020-03-06 08:00", "2020-03-16 08:00", "否"],  # Fri -> Mon after next: 6
        ["2020-03-07 11:00", "2020-03-13 11:00", "否"],  # Sat -> Fri: 5, a rest day receiving counts nothing
        ["2020-03-02 09:00", "2020-03-02 16:00", "否"],  # same day: 0
    ]
    result = figures(tmp_path, rows)
    assert result["interaction.messages.on_time"] == 3
    assert result["interaction.messages.closed"] == 4
    assert result["interaction.messages.on_time_rate"] == Decimal("75.0")
    assert result["interaction.messages.avg_days"] == Decimal("5.8")  # (7 + 10 + 6 + 0) / 4 = 5.75, half up


def test_a_longer_limit_changes_on_time_only(tmp_path):
    # Monday before 春节 (24/1 to 2/2) -> 10/2: 21, 22, 23 January, 3 to 7 February and 10 February = 9.
    rows = [["2020-01-20 09:00", "2020-02-10 09:00", "是"]]
    assert figures(tmp_path, rows, MessageRules(workdays=8))["interaction.messages.on_time"] == 0
    assert figures(tmp_path, rows, MessageRules(workdays=9))["interaction.messages.on_time"] == 1


def test_the_year_is_the_year_received_and_closing_must_be_within_it(tmp_path):
    rows = [
        ["2019-12-31 23:00", "2020-01-02 10:00", "是"],  # received the year before: not this year's
        [
            "2020-12-30 10:00",
            "2021-01-04 10:00",
            "是",
        ],  # received this year, closed next year: open at year end
        ["2020-12-31 10:00", "", "否"],  # still open
        ["2020-06-01 10:00", "2020-06-03 10:00", "是"],
    ]
    result = figures(tmp_path, rows)
    assert result["interaction.messages.received"] == 3
    assert result["interaction.messages.closed"] == 1
    assert result["interaction.messages.public_replies"] == 1
    assert result["interaction.messages.avg_days"] == Decimal("2.0")


def test_no_closed_message_gives_no_average_and_no_rate(tmp_path):
    result = figures(tmp_path, [["2020-06-01 10:00", "", "否"]])
    assert result["interaction.messages.received"] == 1
    assert result["interaction.messages.closed"] == 0
    assert result["interaction.messages.avg_days"] is None
    assert result["interaction.messages.on_time_rate"] is None


def test_averages_round_half_up_to_one_decimal(tmp_path):
    # 0 + 0 + 0 + 1 + ... : 1 day over 20 messages = 0.05 -> 0.1 (half up, not to even)
    rows = [["2020-06-01 10:00", "2020-06-01 11:00", "否"]] * 19 + [
        ["2020-06-01 10:00", "2020-06-02 09:00", "否"]
    ]
    assert figures(tmp_path, rows)["interaction.messages.avg_days"] == Decimal("0.1")


messages = st.lists(
    st.tuples(
        st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2020, 12, 31)),
        st.integers(min_value=0, max_value=15) | st.none(),  # working days taken; None: never closed
        st.booleans(),
        st.times(),
    ),
    max_size=40,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    messages=messages,
    n=st.integers(min_value=1, max_value=10),
    suffix=st.sampled_from([".csv", ".json", ".xlsx"]),
)
def test_it_counts_what_was_put_in(tmp_path, messages, n, suffix):
    rows, closed_days, on_time, public = [], [], 0, 0
    for received, taken, is_public, at in messages:
        got = dt.datetime.combine(received, at)
        done = None
        if taken is not None:
            day = (
                add_workdays(received, taken)
                if received < dt.date(2020, 12, 1)
                else received + dt.timedelta(taken)
            )
            done = dt.datetime.combine(day, at) + dt.timedelta(seconds=1)
        rows.append([got.isoformat(" "), done.isoformat(" ") if done else "", "是" if is_public else "否"])
        if done is not None and done.year == 2020:
            closed_days.append((done.date() - received).days)
            public += is_public
            # December messages are closed after `taken` calendar days, so count their working days by hand.
            worked = (
                taken
                if received < dt.date(2020, 12, 1)
                else sum(1 for i in range(1, taken + 1) if (received + dt.timedelta(i)).weekday() < 5)
            )
            on_time += worked <= n
    result = figures(tmp_path, rows, MessageRules(workdays=n), suffix=suffix)
    assert result["interaction.messages.received"] == len(messages)
    assert result["interaction.messages.closed"] == len(closed_days)
    assert result["interaction.messages.public_replies"] == public
    assert result["interaction.messages.on_time"] == on_time
    if closed_days:
        mean = Decimal(sum(closed_days)) / len(closed_days)
        assert abs(result["interaction.messages.avg_days"] - mean) <= Decimal("0.05")
        rate = Decimal(on_time * 100) / len(closed_days)
        assert abs(result["interaction.messages.on_time_rate"] - rate) <= Decimal("0.05")
    else:
        assert result["interaction.messages.avg_days"] is None

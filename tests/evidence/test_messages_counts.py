"""留言办理 figures on generated exports whose answer is known by construction."""

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.evidence.calendar import add_workdays, is_workday
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


def test_received_counts_by_the_year_received_and_closed_by_the_year_closed(tmp_path):
    # 填写说明: 收到留言数量 is 本年度收集到的, 办结留言数量 is 本年度网站办结的 — each by its own year.
    rows = [
        ["2019-12-31 23:00", "2020-01-02 10:00", "是"],  # received 2019, closed 2020: closed in 2020 only
        ["2020-12-30 10:00", "2021-01-04 10:00", "是"],  # received 2020, closed 2021: received in 2020 only
        ["2020-12-31 10:00", "", "否"],  # still open: received only
        ["2020-06-01 10:00", "2020-06-03 10:00", "是"],  # both
        ["2019-03-01 10:00", "2019-03-02 10:00", "是"],  # neither
    ]
    evidence = compute_messages(write_export(tmp_path / "m.csv", HEADERS, rows), 2020, RULES)
    result = evidence.figures
    assert result["interaction.messages.received"] == 3
    assert result["interaction.messages.closed"] == 2
    assert result["interaction.messages.public_replies"] == 2
    # 2019-12-31 → 2020-01-02 is 2 days, 06-01 → 06-03 is 2 days.
    assert result["interaction.messages.avg_days"] == Decimal("2.0")
    # 2019-12-31 (Tue) → 2020-01-02 (Thu): 1 January is a holiday, so one working day; both on time.
    assert result["interaction.messages.on_time"] == 2
    assert any("2020年以前收到、2020年办结的留言1条" in note for note in evidence.notes)
    assert {e.reason: e.count for e in evidence.exclusions} == {"收到和办结都不在2020年度": 1}


def test_each_closed_message_is_counted_as_closed_in_exactly_one_year(tmp_path):
    rows = [
        ["2019-12-20 10:00", "2020-01-06 10:00", "否"],
        ["2020-12-28 10:00", "2021-01-05 10:00", "否"],
        ["2020-05-01 10:00", "2020-05-09 10:00", "否"],
    ]
    closed = [figures(tmp_path, rows, year=y)["interaction.messages.closed"] for y in (2019, 2020, 2021)]
    received = [figures(tmp_path, rows, year=y)["interaction.messages.received"] for y in (2019, 2020, 2021)]
    assert closed == [0, 2, 1]
    assert received == [1, 2, 0]
    assert sum(closed) == sum(received) == len(rows)


def test_a_message_received_on_a_rest_day_counts_from_the_next_working_day_as_day_zero(tmp_path):
    # Received Saturday 2020-03-07: Monday 03-09 is taken as the day of receipt and not counted, so
    # Tue 10, Wed 11, Thu 12, Fri 13 and Mon 16 are days 1 to 5.
    rows = [
        ["2020-03-07 11:00", "2020-03-16 17:00", "否"],  # day 5: on time
        ["2020-03-07 11:00", "2020-03-17 09:00", "否"],  # day 6: late
        ["2020-03-08 23:00", "2020-03-09 08:00", "否"],  # Sunday → Monday, the day of receipt: day 0
    ]
    result = figures(tmp_path, rows)
    assert result["interaction.messages.on_time"] == 2
    assert result["interaction.messages.closed"] == 3


def test_a_message_received_during_the_spring_festival_counts_from_the_first_day_back(tmp_path):
    # 2020 春节 extended to 2 February; 3 February (Mon) is the day of receipt; days 1–5 are 4–7 and 10 Feb.
    rows = [
        ["2020-01-28 10:00", "2020-02-10 18:00", "否"],
        ["2020-01-28 10:00", "2020-02-11 09:00", "否"],
    ]
    assert figures(tmp_path, rows)["interaction.messages.on_time"] == 1


def test_a_closing_date_without_a_time_on_the_day_of_receipt_is_closed_that_day(tmp_path):
    rows = [
        ["2020-03-02 10:00", "2020-03-02", "否"],  # a date alone: closed the same day, 0 days
        ["2020-03-02 10:00", "2020-03-01", "否"],  # the day before: really earlier, excluded
    ]
    evidence = compute_messages(write_export(tmp_path / "m.csv", HEADERS, rows), 2020, RULES)
    assert evidence.figures["interaction.messages.closed"] == 1
    assert evidence.figures["interaction.messages.avg_days"] == Decimal("0.0")
    assert evidence.figures["interaction.messages.on_time"] == 1
    assert [(e.reason, e.count) for e in evidence.exclusions] == [("办结时间早于收到时间", 1)]


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


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
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
            if not is_workday(received):
                worked = max(worked - 1, 0)  # the first working day after it is the day of receipt
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

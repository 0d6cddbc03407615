"""Count a message-board export for a year: received, closed, average days, public replies, on time.

As the 填写说明 words them, 收到留言数量 counts the messages received in the year (Beijing time) and
办结留言数量 the messages closed in the year ("本年度网站办结的网民留言总条数"), whenever received: a message
received in December and closed in January counts as received in the first year and closed in the second,
so every closed message is counted as closed exactly once. The average, public replies and on time are
taken over the closed ones. On time: closed within N working days, the day of receipt not counted (as legal
time limits count: 期间开始之日不计算在内); a message received on a rest day is taken as received on the
first working day after it (as 政府信息公开 requests are), so that day is not counted either. Working days
come from the official calendar of nianbao.evidence.calendar.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from nianbao.evidence.calendar import CalendarRangeError, WorkdayCalendar, default_calendar
from nianbao.evidence.errors import EvidenceError
from nianbao.evidence.parse import cell_text, parse_flag, parse_time
from nianbao.evidence.provenance import Evidence, Exclusions, Figure
from nianbao.evidence.table import Field, Table, count_file

DEFAULT_WORKDAYS = 5
ONE_DECIMAL = Decimal("0.1")

MESSAGE_FIELDS = (
    Field("id", "编号", ("id", "编号", "留言编号", "序号", "no"), required=False),
    Field(
        "received", "收到时间", ("received", "收到时间", "留言时间", "提交时间", "received_at", "submitted")
    ),
    Field("closed", "办结时间", ("closed", "办结时间", "答复时间", "closed_at", "replied_at")),
    Field("public", "是否公开答复", ("public", "是否公开答复", "是否公开", "公开答复", "reply_public")),
)


@dataclass(frozen=True)
class MessageRules:
    """The site's own rule for answering on time: within this many working days."""

    workdays: int = DEFAULT_WORKDAYS

    def __post_init__(self) -> None:
        if not 1 <= self.workdays <= 365:
            raise EvidenceError(f"按时办结的工作日数应为1到365之间的整数，实际为{self.workdays}。")


def load_rules(path: Path) -> MessageRules:
    """Read a site config file's [messages] table: on_time_workdays = N."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise EvidenceError(f"无法读取网站配置文件 {path}：{exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise EvidenceError(f"网站配置文件 {path.name} 不是有效的 UTF-8 TOML：{exc}") from exc
    section = data.get("messages", {})
    workdays = section.get("on_time_workdays", DEFAULT_WORKDAYS) if isinstance(section, dict) else None
    if not isinstance(workdays, int) or isinstance(workdays, bool):
        raise EvidenceError(
            f"网站配置文件 {path.name}：[messages] on_time_workdays 应为整数，如 on_time_workdays = 5。"
        )
    return MessageRules(workdays=workdays)


def definitions(rules: MessageRules) -> dict[str, str]:
    """Return the exact definition of each figure under these rules, in Chinese."""
    n = rules.workdays
    return {
        "interaction.messages.received": (
            "收到时间在该年度（北京时间1月1日0时至12月31日24时）的留言条数；"
            "收到时间为空或无法识别、办结时间无法识别或早于收到时间、是否公开答复无法识别的行不计，并列出行号。"
        ),
        "interaction.messages.closed": (
            "办结时间在该年度的留言条数（填写说明：本年度网站办结的网民留言总条数），无论何时收到："
            "上年收到、本年办结的计入本年办结；本年收到、次年办结的计入本年收到，不计入本年办结。"
            "办结时间只写日期（或为0时0分）且与收到同一天的，按当天办结计。"
        ),
        "interaction.messages.avg_days": (
            "该年度办结的留言，每条的办理天数为办结日期与收到日期相差的日历天数（当天办结为0天），"
            "取平均值，四舍五入保留一位小数；没有办结留言时为“无”。"
        ),
        "interaction.messages.public_replies": "该年度办结的留言中，“是否公开答复”为是的条数。",
        "interaction.messages.on_time": (
            f"该年度办结的留言中，按时办结的条数。按时办结：自收到之日起{n}个工作日内办结，"
            f"即收到日期之后（收到当天不计）至办结日期（含）之间的工作日不超过{n}个；"
            "周末或节假日收到的，以其后第一个工作日为收到之日（该日同样不计）；"
            "工作日按国务院办公厅公布的节假日安排（含调休上班日）计算。"
        ),
        "interaction.messages.on_time_rate": (
            "按时办结留言数量 ÷ 办结留言数量 × 100，四舍五入保留一位小数；没有办结留言时为“无”。"
        ),
    }


def _same_day_date_only(got: dt.datetime, done: dt.datetime) -> bool:
    """A closing time written as a date alone (read as 0:00) on the day of receipt means "closed that day"."""
    return done.date() == got.date() and done.time() == dt.time(0)


def _working_days_taken(calendar: WorkdayCalendar, received: dt.date, closed: dt.date) -> int:
    """Working days after the day of receipt up to and including the closing day.

    A message received on a rest day is taken as received on the next working day, which is then not
    counted either (Saturday 2020-03-07 → Monday 03-09 is the day of receipt; Monday 03-16 is day 5).
    """
    taken = calendar.workdays_between(received, closed)
    if not calendar.is_workday(received):
        taken = max(taken - 1, 0)
    return taken


def _rounded(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def count_messages(
    table: Table, year: int, rules: MessageRules, calendar: WorkdayCalendar | None = None
) -> Evidence:
    """Count the rows of a message-board export for a year under the on-time rule."""
    calendar = calendar or default_calendar()
    if not (calendar.first.year <= year <= calendar.last.year):
        raise EvidenceError(
            f"年度{year}不在工作日历的范围（{calendar.first.year}至{calendar.last.year}年）内，无法判断按时办结。"
        )
    exclusions = Exclusions()
    received = closed = public = on_time = 0
    open_at_year_end = public_not_closed = received_before = 0
    total_days = 0
    for row in table.rows:
        label = row.where + (f"（编号 {cell_text(row.get('id'))}）" if cell_text(row.get("id")) else "")
        if row.error:
            exclusions.add(row.reason, f"{label}：{row.error}")
            continue
        try:
            got = parse_time(row.get("received"))
        except ValueError:
            exclusions.add("收到时间无法识别", f"{label}：“{cell_text(row.get('received'))}”")
            continue
        if got is None:
            exclusions.add("收到时间为空", label)
            continue
        try:
            done = parse_time(row.get("closed"))
        except ValueError:
            exclusions.add("办结时间无法识别", f"{label}：“{cell_text(row.get('closed'))}”")
            continue
        try:
            is_public = bool(parse_flag(row.get("public")))
        except ValueError:
            exclusions.add("是否公开答复无法识别（应为 是/否）", f"{label}：“{cell_text(row.get('public'))}”")
            continue
        if done is not None and done < got:
            if _same_day_date_only(got, done):
                done = got  # "closed 2020-03-02" against "received 2020-03-02 10:00": closed that day
            else:
                times = f"收到 {got:%Y-%m-%d %H:%M}，办结 {done:%Y-%m-%d %H:%M}"
                exclusions.add("办结时间早于收到时间", f"{label}：{times}")
                continue
        closed_in_year = done is not None and done.year == year
        if got.year != year and not closed_in_year:
            exclusions.add(f"收到和办结都不在{year}年度", f"{label}：收到 {got:%Y-%m-%d %H:%M}")
            continue
        if done is None or not closed_in_year:
            received += 1  # received in the year, still open at its end
            open_at_year_end += 1
            public_not_closed += is_public
            continue
        try:
            in_time = _working_days_taken(calendar, got.date(), done.date()) <= rules.workdays
        except CalendarRangeError:
            exclusions.add("收到日期超出工作日历的范围，无法判断是否按时", f"{label}：{got:%Y-%m-%d}")
            continue
        if got.year == year:
            received += 1
        else:
            received_before += 1
        closed += 1
        public += is_public
        total_days += (done.date() - got.date()).days
        on_time += in_time

    figures: dict[str, Figure] = {
        "interaction.messages.received": received,
        "interaction.messages.closed": closed,
        "interaction.messages.avg_days": _rounded(Decimal(total_days) / closed) if closed else None,
        "interaction.messages.public_replies": public,
        "interaction.messages.on_time": on_time,
        "interaction.messages.on_time_rate": _rounded(Decimal(on_time * 100) / closed) if closed else None,
    }
    notes = []
    if open_at_year_end:
        notes.append(
            f"{year}年收到、到年底尚未办结的留言{open_at_year_end}条：计入收到留言数量，不计入办结。"
        )
    if public_not_closed:
        notes.append(f"其中标为公开答复但到年底尚未办结的{public_not_closed}条，不计入公开答复数量。")
    if received_before:
        notes.append(
            f"{year}年以前收到、{year}年办结的留言{received_before}条：计入办结留言数量（及平均办理时间、"
            "公开答复、按时办结），不计入收到留言数量。"
        )
    return Evidence(
        kind="messages",
        year=year,
        figures=figures,
        records=len(table.rows),
        exclusions=exclusions.as_list(),
        definitions=definitions(rules),
        config={
            "year": year,
            "on_time_workdays": rules.workdays,
            "received_day_counted": False,
            "rest_day_receipt": "以其后第一个工作日为收到之日",
            "closed_counted_by": "办结时间所在年度",
            "calendar": f"国务院办公厅节假日安排 {calendar.first.year}–{calendar.last.year}",
            "time_zone": "UTC+8",
            "headers": table.headers,
        },
        notes=notes,
    )


def compute_messages(path: Path, year: int, rules: MessageRules) -> Evidence:
    """Read a message-board export file and count it for a year, with the file's provenance."""
    return count_file(path, MESSAGE_FIELDS, lambda table: count_messages(table, year, rules))

"""Message exports with bad rows or bad settings: rows skipped with their numbers, clear errors."""

import datetime as dt
import re

import pytest

from nianbao.evidence.errors import EvidenceError
from nianbao.evidence.messages import MessageRules, compute_messages, load_rules

from .exports import write_export

HEADERS = ["编号", "收到时间", "办结时间", "是否公开答复"]


def test_bad_rows_are_skipped_and_named(tmp_path):
    rows = [
        ["A1", "2020-05-06 09:00", "2020-05-07 09:00", "是"],
        ["A2", "2020-05-06 09:00", "2020-05-05 09:00", "是"],  # closed before received
        ["A3", "昨天", "2020-05-07 09:00", "否"],
        ["A4", "", "2020-05-07 09:00", "否"],
        ["A5", "2020-05-06 09:00", "2020-02-30", "否"],
        ["A6", "2020-05-06 09:00", "2020-05-07 09:00", "也许"],
    ]
    evidence = compute_messages(write_export(tmp_path / "m.csv", HEADERS, rows), 2020, MessageRules())
    assert evidence.figures["interaction.messages.received"] == 1
    examples = {e.reason: e.examples for e in evidence.exclusions}
    assert examples == {
        "办结时间早于收到时间": ["第3行（编号 A2）：收到 2020-05-06 09:00，办结 2020-05-05 09:00"],
        "收到时间无法识别": ["第4行（编号 A3）：“昨天”"],
        "收到时间为空": ["第5行（编号 A4）"],
        "办结时间无法识别": ["第6行（编号 A5）：“2020-02-30”"],
        "是否公开答复无法识别（应为 是/否）": ["第7行（编号 A6）：“也许”"],
    }


def test_only_a_few_examples_are_kept_but_all_are_counted(tmp_path):
    rows = [[f"B{i}", "不详", "", "否"] for i in range(12)]
    evidence = compute_messages(write_export(tmp_path / "m.csv", HEADERS, rows), 2020, MessageRules())
    (exclusion,) = evidence.exclusions
    assert exclusion.count == 12
    assert len(exclusion.examples) == 5


def test_a_year_outside_the_calendar_is_refused(tmp_path):
    path = write_export(tmp_path / "m.csv", HEADERS, [["1", "2017-05-06", "2017-05-08", "否"]])
    with pytest.raises(EvidenceError, match=re.escape("年度2017不在工作日历的范围（2018至2026年）内")):
        compute_messages(path, 2017, MessageRules())


def test_a_missing_column_is_refused(tmp_path):
    path = write_export(tmp_path / "m.csv", ["收到时间", "是否公开"], [["2020-05-06", "否"]])
    with pytest.raises(EvidenceError, match="缺少必需的列：办结时间"):
        compute_messages(path, 2020, MessageRules())


@pytest.mark.parametrize("n", [0, -1, 366])
def test_an_impossible_limit_is_refused(n):
    with pytest.raises(EvidenceError, match="按时办结的工作日数应为1到365之间的整数"):
        MessageRules(workdays=n)


def test_the_limit_is_read_from_the_site_config(tmp_path):
    path = tmp_path / "site.toml"
    path.write_text("[messages]\non_time_workdays = 10\n", encoding="utf-8")
    assert load_rules(path) == MessageRules(workdays=10)


@pytest.mark.parametrize("text", ['[messages]\non_time_workdays = "五"\n', "[messages\n"])
def test_a_bad_site_config_is_refused(tmp_path, text):
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EvidenceError, match=re.escape("网站配置文件 site.toml")):
        load_rules(path)


def test_english_headers_and_spreadsheet_times_are_accepted(tmp_path):
    rows = [
        [dt.datetime(2020, 5, 6, 9), dt.datetime(2020, 5, 8, 9), True],
        [dt.datetime(2020, 5, 6, 9), None, False],
    ]
    path = write_export(tmp_path / "m.xlsx", ["Received", "Closed", "Public"], rows)
    figures = compute_messages(path, 2020, MessageRules()).figures
    assert (figures["interaction.messages.received"], figures["interaction.messages.closed"]) == (2, 1)
    assert figures["interaction.messages.public_replies"] == 1

"""CMS figures on generated exports whose answer is known by construction."""

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.evidence.cms import compute_cms, count_cms, parse_mapping
from nianbao.evidence.cms.compute import CMS_FIELDS
from nianbao.evidence.table import read_table

from .exports import write_export

HEADERS = ["标题", "链接", "栏目", "发布时间", "是否外链"]
MAPPING = parse_mapping(
    {
        "categories": {
            "overview": ["走进城管/机构概况", "走进城管/领导信息"],
            "news": ["城管动态"],
            "catalogue": ["政府信息公开/信息公开目录"],
        },
        "topics": [
            {"column": "专题专栏/创建文明城市", "opened": dt.date(2020, 3, 1)},
            {"column": "专题专栏/扫黑除恶", "opened": dt.date(2018, 5, 1)},
            {"column": "专题专栏/脱贫攻坚", "opened": dt.date(2019, 1, 1)},
        ],
    }
)
COLUMNS = {
    "overview": ["走进城管/机构概况", "走进城管/领导信息/副局长"],
    "news": ["城管动态", "城管动态/基层动态"],
    "catalogue": ["政府信息公开/信息公开目录/规划计划", "政府信息公开/信息公开目录/财政资金"],
    "other": ["网上调查"],
}
serial = itertools.count()


def item(column, when, external="否"):
    n = next(serial)
    return [f"信息{n}", f"http://example.gov.cn/{n}.html", column, when, external]


def anchors(mapping=MAPPING):
    """One 2015 item in every column the mapping names, so that every mapped column is known to the export."""
    return [item(entry, "2015-06-01") for _, entry in mapping.entries()]


def build(counts, other_year, external, topic_items):
    """Rows for 2020: counts[category] items in it, plus items that must not count."""
    rows = []
    for category, n in counts.items():
        for i in range(n):
            rows.append(
                item(COLUMNS[category][i % 2 if category != "other" else 0], f"2020-0{1 + i % 9}-15 10:00")
            )
    for i in range(other_year):
        rows.append(item(COLUMNS["news"][0], "2019-12-31 23:59:59" if i % 2 else "2021-01-01 00:00:00"))
    for _ in range(external):
        rows.append(item(COLUMNS["news"][0], "2020-06-01 08:00", "是"))
    for column, n in topic_items.items():
        for _ in range(n):
            rows.append(item(column, "2020-07-01", "是"))  # a topic updated only by external links
    return rows + anchors()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    counts=st.fixed_dictionaries({k: st.integers(0, 12) for k in COLUMNS}),
    other_year=st.integers(0, 6),
    external=st.integers(0, 6),
    topic_updates=st.integers(0, 3),
    suffix=st.sampled_from([".csv", ".json", ".xlsx", ".jsonl"]),
)
def test_it_counts_what_was_put_in(tmp_path, counts, other_year, external, topic_updates, suffix):
    topics = {"专题专栏/创建文明城市": topic_updates, "专题专栏/脱贫攻坚/产业扶贫": 1}
    path = write_export(tmp_path / f"export{suffix}", HEADERS, build(counts, other_year, external, topics))
    figures = compute_cms(path, MAPPING, 2020).figures
    assert figures["info.total"] == sum(counts.values())
    assert figures["info.overview"] == counts["overview"]
    assert figures["info.news"] == counts["news"]
    assert figures["info.catalogue"] == counts["catalogue"]
    assert figures["columns.maintained"] == (2 if topic_updates else 1)
    assert figures["columns.new"] == 1


def test_it_accounts_for_every_row(tmp_path):
    rows = build(
        {"overview": 2, "news": 3, "catalogue": 1, "other": 1}, other_year=4, external=2, topic_items={}
    )
    evidence = compute_cms(write_export(tmp_path / "e.csv", HEADERS, rows), MAPPING, 2020)
    by_reason = {e.reason: e.count for e in evidence.exclusions}
    assert by_reason == {
        "发布时间不在2020年度": 4 + len(anchors()),
        "外链信息（填写说明：不包括外链信息）": 2,
    }
    assert evidence.records == len(rows) == evidence.figures["info.total"] + evidence.excluded


def test_the_year_runs_in_beijing_time(tmp_path):
    rows = [
        item("城管动态", "2020-12-31T16:30:00Z"),  # 2021-01-01 00:30 in Beijing: next year
        item("城管动态", "2019-12-31T16:30:00Z"),  # 2020-01-01 00:30 in Beijing: this year
        item("城管动态", "2020-12-31 23:59:59"),  # no offset: already Beijing time
        *anchors(),
    ]
    table = read_table(write_export(tmp_path / "e.csv", HEADERS, rows), CMS_FIELDS)
    assert count_cms(table, MAPPING, 2020).figures["info.total"] == 2


def test_a_repeated_row_counts_once(tmp_path):
    row = item("城管动态", "2020-05-01 09:00")
    rows = [row, list(row), item("城管动态", "2020-05-01 09:00"), *anchors()]
    evidence = compute_cms(write_export(tmp_path / "e.csv", HEADERS, rows), MAPPING, 2020)
    assert evidence.figures["info.news"] == evidence.figures["info.total"] == 2
    assert [e.examples for e in evidence.exclusions if e.reason.startswith("重复的行")] == [
        [f"第3行：{row[0]}"]
    ]


def test_one_item_in_two_columns_counts_once_in_the_total_and_once_in_each_category(tmp_path):
    news = item("城管动态", "2020-05-01 09:00")
    catalogue = [news[0], news[1], "政府信息公开/信息公开目录/工作动态", "2020-05-01 09:05", "否"]
    also_news = [news[0], news[1], "城管动态/基层动态", "2020-05-01 09:00", "否"]
    rows = [news, catalogue, also_news, *anchors()]
    figures = compute_cms(write_export(tmp_path / "e.csv", HEADERS, rows), MAPPING, 2020).figures
    assert (figures["info.total"], figures["info.news"], figures["info.catalogue"]) == (1, 1, 1)


def test_without_a_link_title_and_time_identify_an_item(tmp_path):
    rows = [
        ["通知", "", "城管动态", "2020-05-01 09:00", "否"],
        ["通知", "", "政府信息公开/信息公开目录", "2020-05-01 09:00", "否"],
        ["通知", "", "城管动态", "2020-06-01 09:00", "否"],  # another notice of the same title
        *anchors(),
    ]
    figures = compute_cms(write_export(tmp_path / "e.csv", HEADERS, rows), MAPPING, 2020).figures
    assert (figures["info.total"], figures["info.news"], figures["info.catalogue"]) == (2, 2, 1)


def test_the_most_specific_mapping_entry_decides(tmp_path):
    mapping = parse_mapping({"categories": {"catalogue": ["政务公开"], "news": ["政务公开/工作动态"]}})
    rows = [item("政务公开/工作动态/部门动态", "2020-02-02"), item("政务公开/规划", "2020-02-02")]
    figures = compute_cms(write_export(tmp_path / "e.csv", HEADERS, rows), mapping, 2020).figures
    assert (figures["info.news"], figures["info.catalogue"]) == (1, 1)


def test_column_paths_may_use_other_separators(tmp_path):
    rows = [
        item("城管动态 > 基层动态", "2020-02-02"),
        item("城管动态›通知", "2020-02-02"),
        item("专题专栏\\扫黑除恶", "2020-02-02"),
        *anchors(),
    ]
    figures = compute_cms(write_export(tmp_path / "e.csv", HEADERS, rows), MAPPING, 2020).figures
    assert figures["info.news"] == 2
    assert figures["columns.maintained"] == 1


@pytest.mark.parametrize("missing", ["overview", "news", "catalogue"])
def test_a_category_without_columns_is_no_data(tmp_path, missing):
    categories = {
        k: v for k, v in {"overview": ["城管动态"], "news": ["城管动态/通知"], "catalogue": ["目录"]}.items()
    }
    del categories[missing]
    rows = [item("城管动态", "2020-01-02"), item("城管动态/通知", "2020-01-02"), item("目录", "2020-01-02")]
    evidence = compute_cms(
        write_export(tmp_path / "e.csv", HEADERS, rows), parse_mapping({"categories": categories}), 2020
    )
    key = {"overview": "info.overview", "news": "info.news", "catalogue": "info.catalogue"}[missing]
    assert evidence.figures[key] is None
    assert evidence.figures["columns.maintained"] is None and evidence.figures["columns.new"] is None
    assert any("无" in n for n in evidence.notes)


def test_the_seed_reports_figures_are_reproduced(tmp_path):
    # The 2020 specimen report: 总数 551, 概况类 7, 政务动态 427, 信息公开目录 151 (7 + 427 + 151 = 585: 34
    # news items are also in the catalogue), 维护 11 topics, 新开设 1.
    topics = [
        {"column": f"专题专栏/专题{i}", "opened": dt.date(2020 if i == 0 else 2017, 6, 1)} for i in range(12)
    ]
    mapping = parse_mapping(
        {"categories": {"overview": ["概况"], "news": ["动态"], "catalogue": ["目录"]}, "topics": topics}
    )
    rows = [item("概况", "2020-03-03") for _ in range(7)]
    news = [item("动态", "2020-03-03") for _ in range(427)]
    rows += news
    rows += [[n[0], n[1], "目录/工作动态", "2020-03-04", "否"] for n in news[:34]]
    rows += [item("目录", "2020-03-03") for _ in range(151 - 34)]
    rows += [item(f"专题专栏/专题{i}", "2020-04-04", "是") for i in range(11)]
    rows += [item("专题专栏/专题11", "2019-04-04")]
    figures = compute_cms(write_export(tmp_path / "e.csv", HEADERS, rows), mapping, 2020).figures
    assert figures == {
        "info.total": 551,
        "info.overview": 7,
        "info.news": 427,
        "info.catalogue": 151,
        "columns.maintained": 11,
        "columns.new": 1,
    }

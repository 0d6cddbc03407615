"""The CMS definitions the README settles: one link across years, across external flags, and the wording of
what was matched on a link and what on a title and time."""

import datetime as dt

from nianbao.evidence.cms import count_cms, parse_mapping
from nianbao.evidence.cms.compute import CMS_FIELDS
from nianbao.evidence.table import read_table

from .exports import write_export

HEADERS = ["标题", "链接", "栏目", "发布时间", "是否外链"]
MAPPING = parse_mapping(
    {
        "categories": {"news": ["政务动态"], "catalogue": ["信息公开目录"]},
        "topics": [{"column": "专题/防汛", "opened": dt.date(2019, 6, 1)}],
    }
)


# One old item in every mapped column, so the export knows every column the mapping names.
ANCHORS = [
    ["旧", f"http://x.gov.cn/old/{i}.html", column, "2015-01-05 09:00", "否"]
    for i, (_, column) in enumerate(MAPPING.entries())
]


def count(tmp_path, rows, year=2020):
    path = write_export(tmp_path / "cms.csv", HEADERS, rows + ANCHORS)
    return count_cms(read_table(path, CMS_FIELDS), MAPPING, year)


def reasons(evidence):
    return {e.reason: e.count for e in evidence.exclusions if not e.reason.startswith("发布时间不在")}


def test_a_link_published_again_in_a_later_year_counts_in_its_first_year_only(tmp_path):
    rows = [
        ["防汛通知", "http://x.gov.cn/a.html", "政务动态", "2019-12-30 09:00", "否"],
        ["防汛通知", "http://x.gov.cn/a.html", "信息公开目录", "2020-01-03 09:00", "否"],  # pushed again
        ["防汛总结", "http://x.gov.cn/b.html", "政务动态", "2020-05-03 09:00", "否"],
        ["专栏更新", "http://x.gov.cn/c.html", "专题/防汛", "2020-06-03 09:00", "否"],
    ]
    in_2019, in_2020 = count(tmp_path, rows, 2019), count(tmp_path, rows, 2020)
    assert in_2019.figures["info.total"] == 1
    assert in_2019.figures["info.news"] == 1
    assert in_2020.figures["info.total"] == 2  # b and c; a belongs to 2019
    assert in_2020.figures["info.catalogue"] == 0
    assert reasons(in_2020)["同一链接在2019年已经发布过：按首次发布的年度计，本年度不再计入"] == 1
    # Summed over the years, every link is counted once.
    assert in_2019.figures["info.total"] + in_2020.figures["info.total"] == 3


def test_a_republished_link_still_shows_its_topic_was_updated(tmp_path):
    rows = [
        ["旧文", "http://x.gov.cn/a.html", "政务动态", "2019-07-01 09:00", "否"],
        ["旧文", "http://x.gov.cn/a.html", "专题/防汛", "2020-07-01 09:00", "否"],
    ]
    evidence = count(tmp_path, rows)
    assert evidence.figures["info.total"] == 0
    assert evidence.figures["columns.maintained"] == 1


def test_a_link_marked_external_in_one_row_and_not_in_another_counts_as_the_sites_own(tmp_path):
    rows = [
        ["工作动态", "http://x.gov.cn/a.html", "政务动态", "2020-03-01 09:00", "否"],
        ["工作动态", "http://x.gov.cn/a.html", "信息公开目录", "2020-03-01 10:00", "是"],  # a link to it
        ["转载", "http://other.gov.cn/b.html", "政务动态", "2020-03-02 09:00", "是"],  # only a link
    ]
    evidence = count(tmp_path, rows)
    assert evidence.figures["info.total"] == 1
    assert evidence.figures["info.news"] == 1
    assert evidence.figures["info.catalogue"] == 0  # the link row does not place it in the catalogue
    assert reasons(evidence) == {
        "标为外链，但同一链接在另一行是本站信息：按本站信息计入，此行不另计": 1,
        "外链信息（填写说明：不包括外链信息）": 1,
    }


def test_the_order_of_the_rows_does_not_matter(tmp_path):
    rows = [
        ["工作动态", "http://x.gov.cn/a.html", "信息公开目录", "2020-03-01 10:00", "是"],
        ["工作动态", "http://x.gov.cn/a.html", "政务动态", "2020-03-01 09:00", "否"],
        ["防汛通知", "http://x.gov.cn/c.html", "政务动态", "2020-01-03 09:00", "否"],
        ["防汛通知", "http://x.gov.cn/c.html", "政务动态", "2019-12-30 09:00", "否"],
    ]
    forwards, backwards = count(tmp_path, rows), count(tmp_path, rows[::-1])
    assert forwards.figures == backwards.figures
    assert forwards.figures["info.total"] == 1
    assert reasons(forwards) == reasons(backwards)


def test_rows_matched_on_title_and_time_say_so(tmp_path):
    rows = [
        ["无链接的通知", "", "政务动态", "2020-04-01 09:00", "否"],
        ["无链接的通知", "", "信息公开目录", "2020-04-01 09:00", "否"],
        ["无链接的通知", "", "政务动态", "2020-04-01 09:00", "否"],
        ["有链接", "http://x.gov.cn/d.html", "政务动态", "2020-04-02 09:00", "否"],
        ["有链接", "http://x.gov.cn/d.html", "信息公开目录", "2020-04-02 09:00", "否"],
    ]
    found = reasons(count(tmp_path, rows))
    assert found == {
        "同一信息又出现在另一栏目（无链接，标题和发布时间相同），总数只计一次，各类中按其栏目计入": 1,
        "重复的行（同一信息在同一栏目再次出现：无链接，标题和发布时间相同），只计一次": 1,
        "同一信息又出现在另一栏目（链接相同），总数只计一次，各类中按其栏目计入": 1,
    }

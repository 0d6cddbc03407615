"""The Evidence record: JSON round trip, file fingerprints, and filling a report with warnings."""

import datetime as dt
import hashlib
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nianbao.evidence.errors import EvidenceError
from nianbao.evidence.provenance import Evidence, Exclusion, InputFile, apply_evidence, describe_file
from nianbao.forms import get_template
from nianbao.report import NONE, Report, Severity, Value

TEMPLATE = get_template("gx-2020")


def evidence(figures, year=2020):
    return Evidence(kind="messages", year=year, figures=figures)


def report(year="2020", **values):
    r = Report(TEMPLATE)
    r.set("header.year", Value.of(year))
    for key, value in values.items():
        r.set(key.replace("__", "."), value)
    return r


figures = st.dictionaries(
    st.sampled_from(["info.total", "info.news", "interaction.messages.avg_days", "x.y"]),
    st.integers(0, 10**9) | st.decimals(places=1, allow_nan=False, allow_infinity=False) | st.none(),
)


@given(figures)
def test_json_round_trip_keeps_everything(data):
    original = Evidence(
        kind="cms",
        year=2020,
        figures=data,
        inputs=[InputFile("导出.csv", 12, "ab" * 32, 3)],
        records=3,
        exclusions=[Exclusion("外链信息", 2, ["第2行：甲", "第3行：乙"])],
        definitions={"info.total": "定义"},
        config={"year": 2020, "topics": [{"column": "专题/甲", "opened": "2020-01-01"}]},
        notes=["说明"],
        details={"daily": [["2020-01-01", 3]]},
        engine="python",
        elapsed_seconds=0.25,
        computed_at=dt.datetime(2021, 1, 5, 8, 0, tzinfo=dt.UTC),
    )
    copy = Evidence.from_json(original.to_json())
    assert copy == original
    assert [type(v) for v in copy.figures.values()] == [type(v) for v in original.figures.values()]


def test_a_broken_record_is_refused():
    with pytest.raises(EvidenceError, match="取证记录格式不正确"):
        Evidence.from_json('{"kind": "cms"}')
    with pytest.raises(EvidenceError, match="不是有效的 JSON"):
        Evidence.from_json("{")


def test_a_file_is_described_by_size_and_sha256(tmp_path):
    path = tmp_path / "导出.csv"
    path.write_bytes(b"abc")
    described = describe_file(path, records=1)
    # SHA-256 of "abc", from FIPS 180-2.
    assert described.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert (described.name, described.size, described.records) == ("导出.csv", 3, 1)
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * (3 << 20))
    assert describe_file(big).sha256 == hashlib.sha256(b"x" * (3 << 20)).hexdigest()


def test_figures_fill_blank_items_without_findings():
    original = report()
    filled, findings = apply_evidence(
        original, evidence({"info.total": 551, "interaction.messages.avg_days": Decimal("2.5")})
    )
    assert findings == []
    assert filled.get("info.total") == Value.of(551)
    assert filled.get("interaction.messages.avg_days") == Value.of(Decimal("2.5"))
    assert original.get("info.total").is_blank  # the report given is left as it was


def test_no_data_fills_the_item_with_none():
    filled, _ = apply_evidence(report(), evidence({"interaction.messages.on_time_rate": None}))
    assert filled.get("interaction.messages.on_time_rate") == NONE


def test_overwriting_a_different_entered_value_warns():
    filled, findings = apply_evidence(report(info__total=Value.of(500)), evidence({"info.total": 551}))
    (finding,) = findings
    assert (finding.code, finding.severity, finding.items) == (
        "evidence.overwrites",
        Severity.WARNING,
        ("info.total",),
    )
    assert "原填“500”" in finding.message and "计算为“551”" in finding.message
    assert filled.get("info.total") == Value.of(551)


def test_overwriting_none_with_a_figure_warns():
    _, findings = apply_evidence(report(info__total=NONE), evidence({"info.total": 3}))
    assert [f.code for f in findings] == ["evidence.overwrites"]


def test_the_same_value_already_entered_is_not_a_finding():
    _, findings = apply_evidence(report(info__total=Value.of(551)), evidence({"info.total": 551}))
    assert findings == []


def test_another_year_is_not_applied():
    filled, findings = apply_evidence(report(year="2021"), evidence({"info.total": 551}))
    assert [(f.code, f.severity) for f in findings] == [("evidence.year_mismatch", Severity.ERROR)]
    assert filled.get("info.total").is_blank


def test_an_unknown_item_or_a_fraction_for_a_count_is_an_error():
    filled, findings = apply_evidence(report(), evidence({"access.nothing": 1, "info.total": Decimal("2.5")}))
    assert [f.code for f in findings] == ["evidence.unknown_item", "evidence.wrong_type"]
    assert filled.get("info.total").is_blank


def test_none_is_written_as_the_word_and_null_from_older_records_is_still_none():
    record = Evidence(kind="messages", year=2020, figures={"interaction.messages.avg_days": None})
    data = json.loads(record.to_json())
    assert data["figures"]["interaction.messages.avg_days"] == "无"
    assert Evidence.from_json(record.to_json()).figures["interaction.messages.avg_days"] is None
    data["figures"]["interaction.messages.avg_days"] = None  # as written before
    assert Evidence.from_dict(data).figures["interaction.messages.avg_days"] is None


@pytest.mark.parametrize("figure", ["abc", "NaN", "Infinity", True, [1]])
def test_a_figure_that_is_no_number_is_refused_in_chinese(figure):
    data = json.loads(Evidence(kind="cms", year=2020, figures={"info.total": 1}).to_json())
    data["figures"]["info.total"] = figure
    with pytest.raises(EvidenceError, match=r"info\.total"):
        Evidence.from_dict(data)

"""Published copies vary: sections in another order, full-width digits, padded values. All read the same."""

import random
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.io.layout import build_layout
from nianbao.io.text import TextReader
from nianbao.io.text.writer import write_layout
from strategies import reports

FULL_WIDTH = str.maketrans("0123456789.-", "０１２３４５６７８９．－")


def _read(data: bytes):
    return TextReader().read(data, name="变体.txt")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(), st.randoms(use_true_random=False))
def test_sections_in_any_order_read_the_same(report, rng: random.Random):
    layout = build_layout(report)
    groups = list(layout.groups)
    rng.shuffle(groups)
    shuffled = replace(layout, groups=tuple(groups))
    result = _read(write_layout(shuffled))
    assert result.report == report


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_full_width_digits_and_padding_around_values_read_the_same(report):
    lines = write_layout(build_layout(report)).decode("utf-8").split("\n")
    varied = []
    for line in lines:
        body = line[1:]
        if line.startswith("\t") and body and all(c in "0123456789.-" for c in body):
            line = "\t\u3000" + body.translate(FULL_WIDTH) + "  "
        varied.append(line)
    assert _read("\n".join(varied).encode("utf-8")).report == report

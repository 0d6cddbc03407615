"""Bar and line charts as small, self-contained SVG: drawn by the application, no script, no CDN.

Each chart has a title and a description for screen readers; the page shows the same numbers as a table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

WIDTH = 720
ROW = 26
PALETTE = ("#1f5fa8", "#b8430a", "#2b7a3d", "#7a2b7a", "#8a6d00", "#00707a")


def _fmt(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.2f}"


def _nice_max(x: float) -> float:
    if x <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(x))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if x <= step * magnitude:
            return step * magnitude
    return 10.0 * magnitude


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float | None]) -> str:
    """Return a horizontal bar chart: one bar per label, its value written at the end of the bar."""
    label_w, value_w = 190, 110
    plot_w = WIDTH - label_w - value_w
    top = 34
    height = top + ROW * max(len(labels), 1) + 10
    biggest = _nice_max(max((v for v in values if v is not None), default=0.0))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-labelledby="chart-title chart-desc" class="chart">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">条形图，共 {len(labels)} 项，数据见下表</desc>',
        f'<text x="0" y="20" font-size="15" font-weight="bold" fill="#1a1a1a">{escape(title)}</text>',
    ]
    for n, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + n * ROW
        short = label if len(label) <= 12 else label[:11] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="13" fill="#1a1a1a">'
            f"{escape(short)}</text>"
        )
        if value is None:
            parts.append(f'<text x="{label_w}" y="{y + 17}" font-size="13" fill="#555">未填</text>')
            continue
        w = max(plot_w * max(value, 0) / biggest, 1)
        parts.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{ROW - 8}" fill="{PALETTE[0]}"/>'
        )
        parts.append(
            f'<text x="{label_w + w + 6:.1f}" y="{y + 17}" font-size="13" fill="#1a1a1a">{_fmt(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(title: str, x_labels: Sequence[str], series: Mapping[str, Sequence[float | None]]) -> str:
    """Return a line chart: one line per series over the x labels (years), with a legend."""
    left, right, top, bottom = 90, 20, 40, 60
    height = 320
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    all_values = [v for vs in series.values() for v in vs if v is not None]
    biggest = _nice_max(max(all_values, default=0.0))
    step = plot_w / max(len(x_labels) - 1, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-labelledby="line-title line-desc" class="chart">',
        f'<title id="line-title">{escape(title)}</title>',
        f'<desc id="line-desc">折线图，{len(series)} 条线，横轴为年度，数据见下表</desc>',
        f'<text x="0" y="20" font-size="15" font-weight="bold" fill="#1a1a1a">{escape(title)}</text>',
    ]
    for tick in range(5):
        value = biggest * tick / 4
        y = top + plot_h - plot_h * tick / 4
        parts.append(f'<line x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ccc"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#1a1a1a">'
            f"{_fmt(value)}</text>"
        )
    for n, label in enumerate(x_labels):
        x = left + n * step
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 18}" text-anchor="middle" font-size="12" fill="#1a1a1a">'
            f"{escape(label)}</text>"
        )
    for s, (name, values) in enumerate(series.items()):
        colour = PALETTE[s % len(PALETTE)]
        points = [
            (left + n * step, top + plot_h - plot_h * v / biggest)
            for n, v in enumerate(values)
            if v is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>' for x, y in points)
        lx = left + (s % 3) * 200
        ly = height - 24 + (s // 3) * 16
        parts.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{lx + 18}" y="{ly}" font-size="12" fill="#1a1a1a">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)

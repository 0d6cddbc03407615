"""Measure the supervisor's checks on a generated province: recall per kind of planted mistake, and the
share of clean reports flagged above 提示; then the time of the whole check for a province.

    .venv/bin/python benchmarks/checks_quality_bench.py [--sites 450] [--seed 20201231] [--show KIND]

The province is made by benchmarks/province_gen.py (fixed seed): three levels, three site types, three
years, log-normal sizes, tiny sites, big portals, busy departments, a real surge year, and 10 kinds of
clean but unusual sites, with about twenty kinds of planted mistakes in the last year (and one in the
year before). A planted mistake counts as found when its report has a problem of 警告 or 错误 level that
names the planted item (or, for a copied or estimated report, comes from the matching check).
Targets: at least 95% found, at most 10% of clean reports with a problem above 提示.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from province_gen import SHAPE, YEARS, generate

from nianbao.analysis.checks import ERROR, WARNING, CheckConfig, review
from nianbao.analysis.findings import finding_flags
from nianbao.forms.template import get_template
from nianbao.report import Report
from nianbao.report.validate import validate

TEMPLATE = get_template("gx-2020")


def check_year(province, year: int, config: CheckConfig):
    figures = province.figures(year)
    extra = []
    for site in figures:
        extra += finding_flags(site, validate(Report(TEMPLATE, dict(site.values))), TEMPLATE)
    return figures, review(figures, TEMPLATE, config, extra)


def found(planted, ranks) -> bool:
    rank = ranks.get(planted.report_id)
    if rank is None:
        return False
    for problem in rank.problems:
        if problem.severity not in (ERROR, WARNING):
            continue
        items = {problem.item} | {i for f in problem.flags for i in f.items}
        if set(planted.items) & items or any(f.check in planted.checks for f in problem.flags):
            return True
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=450)
    parser.add_argument("--seed", type=int, default=20201231)
    parser.add_argument("--skew", type=float, default=1.0, help="spread of sizes within a group (log sigma)")
    parser.add_argument("--surge", type=float, default=4.0, help="largest surge factor of the surge year")
    parser.add_argument("--show", default="", help="print the problems of one kind's reports (or 'clean')")
    args = parser.parse_args()
    SHAPE.update(skew=args.skew, surge=args.surge)
    province = generate(args.seed, args.sites)
    config = CheckConfig()
    results = {}
    for year in YEARS[1:]:
        results[year] = check_year(province, year, config)
    planted_ids = {(p.year, p.report_id) for p in province.planted}
    per_kind: dict[str, list[bool]] = defaultdict(list)
    for p in province.planted:
        ranks = {r.report_id: r for r in results[p.year][1]}
        hit = found(p, ranks)
        per_kind[p.kind].append(hit)
        if args.show == p.kind:
            _show(ranks.get(p.report_id), p.report_id)
    print(
        f"省份：{len(province.sites)} 个网站，{len(YEARS)} 个年度，种子 {args.seed}，"
        f"规模离散度 {args.skew:g}，激增至多 {args.surge:g} 倍"
    )
    print("按类别的检出率（警告及以上、指向所埋问题）：")
    for kind, hits in per_kind.items():
        print(f"  {kind}: {sum(hits)}/{len(hits)}")
    total = sum(len(h) for h in per_kind.values())
    hits = sum(sum(h) for h in per_kind.values())
    print(f"合计检出 {hits}/{total} = {hits / total:.1%}（目标 ≥ 95%）")
    year = YEARS[-1]
    figures, ranks = results[year]
    flagged = {r.report_id for r in ranks if any(p.severity in (ERROR, WARNING) for p in r.problems)}
    clean = [f for f in figures if (year, f.report_id) not in planted_ids]
    by_trait: dict[str, list[bool]] = defaultdict(list)
    traits = {province.report_id(s, year): s.traits for s in province.sites}
    for f in clean:
        for trait in traits[f.report_id] or {"ordinary"}:
            by_trait[trait].append(f.report_id in flagged)
        if args.show == "clean" and f.report_id in flagged:
            _show(next(r for r in ranks if r.report_id == f.report_id), f.report_id)
    bad = sum(1 for f in clean if f.report_id in flagged)
    print(f"{year} 年度干净报表中有警告或错误的：{bad}/{len(clean)} = {bad / len(clean):.1%}（目标 ≤ 10%）")
    for trait, flags in sorted(by_trait.items()):
        print(f"  {trait}: {sum(flags)}/{len(flags)}")
    raw = raw_peer_flags(figures, config)
    raw_clean = sum(1 for f in clean if f.report_id in raw)
    log_clean = sum(
        1
        for r in ranks
        if (year, r.report_id) not in planted_ids
        and any(
            p.severity in (ERROR, WARNING) and any(f.check == "peer" for f in p.flags) for p in r.problems
        )
    )
    print(
        f"同类比较对照：按原始数值算稳健Z值（阈值 {config.peer_threshold:g}）会标出干净报表 "
        f"{raw_clean}/{len(clean)} = {raw_clean / len(clean):.1%}；"
        f"按对数尺度（本系统）警告及以上 {log_clean}/{len(clean)}"
    )
    started = time.process_time()
    check_year(province, year, config)
    cpu = time.process_time() - started
    print(f"全省一个年度（{len(figures)} 份报表，含逐份校验）的全部核查：CPU 时间 {cpu * 1000:.0f} ms")
    return 0


def raw_peer_flags(figures, config: CheckConfig) -> set[int]:
    """Return the reports the former method (robust z on raw values, same groups) would flag."""
    from collections import defaultdict as dd

    from nianbao.analysis.flags import amount
    from nianbao.analysis.numbers import mad, robust_z

    groups = dd(list)
    for f in figures:
        groups[(f.site_type, f.level)].append(f)
    flagged = set()
    for members in groups.values():
        for key in config.peer_items:
            observed = [(f, x) for f in members if (x := amount(f.values.get(key))) is not None]
            if len(observed) < 5:
                continue
            centre, deviation = mad([x for _, x in observed])
            for f, x in observed:
                z = robust_z(x, centre, deviation)
                if z is not None and abs(z) > config.peer_threshold:
                    flagged.add(f.report_id)
    return flagged


def _show(rank, report_id: int) -> None:
    print(f"-- 报表 {report_id}：")
    for problem in rank.problems if rank else ():
        print(f"   [{problem.severity_label}] {problem.item}: {' / '.join(problem.messages)}")


if __name__ == "__main__":
    sys.exit(main())

"""One problem, one row: flags about the same items of one report are merged, and reports are ranked.

Two checks often see one mistake (UV typed in 万 is low among peers, off from last year, and makes too
many visits per visitor). They become one problem with every reason, pointing at the item most of them
name. Flags about the report as a whole (a copied report) stay problems of their own.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from .flags import ERROR, INFO, KIND_LABELS, SEVERITY_LABELS, SEVERITY_WEIGHTS, WARNING, Flag

_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Problem:
    """One thing to look at on one report, with every reason the checks gave."""

    report_id: int
    flags: tuple[Flag, ...]  # strongest first
    item: str  # the item probably wrong, where the supervisor is sent

    @property
    def severity(self) -> str:
        return self.flags[0].severity

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    @cached_property
    def confidence(self) -> float:
        """Return the chance that at least one reason is right, taking the reasons as independent."""
        doubt = 1.0
        for flag in self.flags:
            doubt *= 1 - flag.confidence
        return 1 - doubt

    @property
    def score(self) -> float:
        return SEVERITY_WEIGHTS[self.severity] * self.confidence

    @property
    def key(self) -> str:
        """The review key: the strongest flag's, so a supervisor's note stays while reasons are added."""
        return self.flags[0].key

    @property
    def kind(self) -> str:
        return self.flags[0].kind

    @cached_property
    def kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.kind for f in self.flags))

    @property
    def kind_labels(self) -> str:
        return "、".join(KIND_LABELS.get(k, k) for k in self.kinds)

    @cached_property
    def messages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.message for f in self.flags))

    @cached_property
    def codes(self) -> str:
        """Return the checks and codes behind the problem, for a tooltip or the export."""
        return " ".join(dict.fromkeys(f.code or f.check or f.kind for f in self.flags))

    @property
    def on_previous(self) -> bool:
        return all(f.on_previous for f in self.flags)


def _strength(flag: Flag) -> tuple[int, float]:
    return (_ORDER.get(flag.severity, 3), -flag.confidence)


def _suspect(flags: list[Flag]) -> str:
    votes: Counter[str] = Counter()
    for flag in flags[:1]:
        if flag.suspect:
            votes[flag.suspect] += 1  # the strongest reason breaks ties
    for flag in flags:
        for item in flag.items:
            votes[item] += 1
        if flag.suspect:
            votes[flag.suspect] += 2
    strongest = flags[0].suspect or (flags[0].items[0] if flags[0].items else "")
    best = max(votes.values(), default=0)
    tied = [item for item, n in votes.items() if n == best]
    return strongest if strongest in tied or not tied else tied[0]


def merge(flags: Iterable[Flag]) -> list[Problem]:
    """Return the problems: flags of one report that share an item joined, each group once."""
    by_report: dict[int, list[Flag]] = defaultdict(list)
    for flag in flags:
        by_report[flag.report_id].append(flag)
    problems = []
    for rid, own in by_report.items():
        groups: list[list[Flag]] = []
        owner: dict[str, int] = {}  # item → index of its group
        for flag in own:
            if flag.wide or not flag.items:
                groups.append([flag])
                continue
            links = [*flag.items, *((f"topic:{flag.topic}",) if flag.topic else ())]
            hit = sorted({owner[i] for i in links if i in owner})
            if not hit:
                groups.append([flag])
                target = len(groups) - 1
            else:
                target = hit[0]
                groups[target].append(flag)
                for other in hit[1:]:  # the flag links two groups: fold them together
                    groups[target].extend(groups[other])
                    groups[other] = []
                    for item, index in owner.items():
                        if index == other:
                            owner[item] = target
            for item in links:
                owner[item] = target
        for group in groups:
            if group:
                group.sort(key=_strength)
                problems.append(Problem(rid, tuple(group), _suspect(group)))
    return problems


@dataclass(frozen=True)
class ReportRank:
    """How much there is to look at on one report: the sum of its problems' severity × confidence."""

    report_id: int
    score: float
    problems: tuple[Problem, ...]  # strongest first

    @property
    def counts(self) -> dict[str, int]:
        return {s: sum(1 for p in self.problems if p.severity == s) for s in (ERROR, WARNING, INFO)}


def rank(problems: Iterable[Problem]) -> list[ReportRank]:
    """Return the reports with problems, the most to look at first."""
    by_report: dict[int, list[Problem]] = defaultdict(list)
    for problem in problems:
        by_report[problem.report_id].append(problem)
    ranks = []
    for rid, own in by_report.items():
        own.sort(key=lambda p: (_ORDER[p.severity], -p.score))
        ranks.append(ReportRank(rid, round(sum(p.score for p in own), 2), tuple(own)))
    ranks.sort(key=lambda r: (-r.score, r.report_id))
    return ranks

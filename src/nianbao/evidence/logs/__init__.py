"""Access logs → PV and UV (网站总访问量, 独立用户访问总量) by the form's definitions, with provenance."""

from nianbao.evidence.logs.analyse import analyse_logs
from nianbao.evidence.logs.result import LogStats
from nianbao.evidence.logs.rules import LogRules, load_rules

__all__ = ["LogRules", "LogStats", "analyse_logs", "load_rules"]

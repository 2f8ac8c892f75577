"""Due rules: when an item falls due, anchored where the law anchors it.

A rule is one module here plus one line in RULES: a frozen dataclass with
`from_data(data)` (raising RuleError), `assess(evidence, today) -> Due` and `describe()`.
"""

from __future__ import annotations

from opcc.scheme.rules.base import RuleError
from opcc.scheme.rules.event import EventRule, MirrorRule
from opcc.scheme.rules.financial_year import FinancialYearRule
from opcc.scheme.rules.fixed_dates import FixedDatesRule
from opcc.scheme.rules.on_change import OnChangeRule
from opcc.scheme.rules.period_end import PeriodEndRule

RULES = {
    "financial-year": FinancialYearRule,
    "period-end": PeriodEndRule,
    "fixed-dates": FixedDatesRule,
    "event": EventRule,
    "mirror": MirrorRule,
    "on-change": OnChangeRule,
}


def parse_rule(data):
    """The rule that `data` ({rule: NAME, ...}) describes; RuleError when it is not one."""
    if not isinstance(data, dict) or "rule" not in data:
        raise RuleError("needs a due rule: {rule: NAME, ...}")
    rule = RULES.get(str(data["rule"]))
    if rule is None:
        raise RuleError(f"unknown due rule '{data['rule']}'; the rules are: " + ", ".join(RULES))
    return rule.from_data({k: v for k, v in data.items() if k != "rule"})


__all__ = ["RULES", "RuleError", "parse_rule"]

"""Each due rule on the dates that matter: the financial-year boundary, month ends, leap
years, the regulation 9A table, and the 56 days that begin with an HMICFRS report."""

from __future__ import annotations

from datetime import date

import pytest

from opcc.scheme.model import Evidence
from opcc.scheme.rules import RuleError, parse_rule

MONTHLY = {"rule": "period-end", "period": "month", "lag_days": 31}


def updated(*days: date) -> Evidence:
    return Evidence(updates=days)


def months(*pairs: tuple[int, int], updates=(date(2026, 11, 1),)) -> Evidence:
    return Evidence(updates=updates, months=frozenset(pairs))


# -- the financial year: 3(a) to (e), due before the year it relates to begins -------------

@pytest.mark.parametrize("published,today,late,next_due", [
    (date(2026, 2, 20), date(2026, 3, 31), False, date(2027, 3, 31)),  # 2026/27's, on time
    (date(2025, 2, 20), date(2026, 3, 31), False, date(2026, 3, 31)),  # due today, not late
    (date(2026, 2, 20), date(2026, 4, 1), False, date(2027, 3, 31)),  # the year has begun
    (date(2025, 2, 20), date(2026, 4, 1), True, date(2027, 3, 31)),  # last year's budget only
    (date(2026, 12, 1), date(2026, 12, 5), False, date(2028, 3, 31)),  # next year's, early
])
def test_financial_year_boundary(published, today, late, next_due):
    due = parse_rule({"rule": "financial-year"}).assess(updated(published), today)
    assert bool(due.late) is late
    assert due.next_due == next_due
    if late:
        assert due.late == ("the 2026/27 publication",) and due.late_since == date(2026, 3, 31)


# -- the end of each month, as soon as practicable after it: 3(f) and 3(g) -----------------

@pytest.mark.parametrize("today,late", [
    (date(2026, 12, 1), ()),  # October is due by 1 December (31 days after the 31st)
    (date(2026, 12, 2), ("October 2026",)),
])
def test_month_end_plus_lag(today, late):
    due = parse_rule(MONTHLY).assess(months((2026, 9)), today)
    assert due.late == late


def test_leap_year_february_is_due_31_days_after_the_29th():
    rule = parse_rule(MONTHLY)
    feb = months((2024, 1), (2024, 2))
    assert rule.assess(months((2024, 1)), date(2024, 3, 31)).late == ()
    assert rule.assess(months((2024, 1)), date(2024, 4, 1)).late == ("February 2024",)
    assert rule.assess(feb, date(2024, 4, 1)).next_due == date(2024, 5, 1)
    assert rule.assess(months((2023, 1)), date(2023, 4, 1)).late == ("February 2023",)


def test_gap_in_a_monthly_series_names_the_missing_months():
    series = [(2025, 11), (2025, 12), (2026, 3), (2026, 4), (2026, 5), (2026, 6), (2026, 7),
              (2026, 9), (2026, 10)]
    due = parse_rule(MONTHLY).assess(months(*series), date(2026, 12, 5))
    assert due.late == ("January 2026", "February 2026", "August 2026")
    assert due.late_since == date(2026, 3, 3)  # January's deadline: 31 January + 31 days
    assert due.next_due == date(2026, 12, 31)  # November, the next one not yet published


def test_a_complete_series_is_up_to_date_and_names_the_next_month():
    series = [(2026, m) for m in range(1, 11)]
    due = parse_rule(MONTHLY).assess(months(*series), date(2026, 12, 5))
    assert due.late == () and due.next_due == date(2026, 12, 31)


def test_a_series_ahead_of_time_is_due_after_its_last_month():
    series = [(2026, m) for m in range(1, 12)]  # November published on 3 December
    due = parse_rule(MONTHLY).assess(months(*series), date(2026, 12, 5))
    assert due.late == () and due.next_due == date(2027, 1, 31)


def test_a_series_whose_files_name_no_month_is_judged_by_its_last_update():
    rule = parse_rule(MONTHLY)
    assert rule.assess(updated(date(2026, 11, 3)), date(2026, 12, 5)).late == ()
    assert rule.assess(updated(date(2026, 10, 30)), date(2026, 12, 5)).late == ("October 2026",)


def test_quarters_and_financial_years():
    quarterly = parse_rule({"rule": "period-end", "period": "quarter", "lag_days": 31})
    due = quarterly.assess(months((2026, 4), (2026, 5), (2026, 6)), date(2026, 11, 1))
    assert due.late == ("July to September 2026",) and due.late_since == date(2026, 10, 31)
    yearly = parse_rule({"rule": "period-end", "period": "financial-year", "lag_days": 92})
    assert yearly.assess(updated(date(2026, 6, 30)), date(2026, 7, 2)).late == ()
    assert yearly.assess(updated(date(2026, 3, 1)), date(2026, 7, 2)).late == ("2025/26",)


# -- fixed dates: the accounts (Accounts and Audit Regulations 2015, regulation 9A) ---------

REG_9A = {"rule": "fixed-dates", "dates": {
    "2024/25": date(2026, 2, 27), "2025/26": date(2027, 1, 31),
    "2026/27": date(2027, 11, 30), "2027/28": date(2028, 11, 30)}}


@pytest.mark.parametrize("published,today,late,next_due", [
    # an update before 2024/25 ended cannot be its accounts
    (date(2025, 3, 1), date(2026, 2, 27), (), date(2026, 2, 27)),  # due today, not late
    (date(2025, 3, 1), date(2026, 2, 28), ("2024/25",), date(2027, 1, 31)),
    (date(2025, 12, 1), date(2026, 2, 28), (), date(2027, 1, 31)),  # 2024/25 audited early
    (date(2026, 2, 20), date(2026, 12, 5), (), date(2027, 1, 31)),  # 2024/25 on time
    (date(2026, 11, 27), date(2026, 12, 5), (), date(2027, 11, 30)),  # 2025/26 already out
    (date(2027, 1, 30), date(2027, 2, 1), (), date(2027, 11, 30)),
    (date(2026, 12, 1), date(2027, 2, 1), (), date(2027, 11, 30)),
])
def test_regulation_9a_table(published, today, late, next_due):
    due = parse_rule(REG_9A).assess(updated(published), today)
    assert (due.late, due.next_due) == (late, next_due)


def test_no_date_is_guessed_after_the_table():
    due = parse_rule(REG_9A).assess(updated(date(2029, 1, 1)), date(2029, 2, 1))
    assert due.late == () and due.next_due is None


# -- events: 56 days beginning with the day the HMICFRS report is published ----------------

S55 = {"rule": "event", "events": ["hmicfrs-report", "hmicfrs-peel"], "days": 56}


@pytest.mark.parametrize("today,late", [
    (date(2026, 12, 16), False),  # 22 Oct + 55 days: the 56th day of the period
    (date(2026, 12, 17), True),
])
def test_fifty_six_days_beginning_with_the_report(today, late):
    evidence = Evidence(updates=(date(2026, 10, 1),),
                        events={"hmicfrs-report": (date(2026, 10, 22),)})
    due = parse_rule(S55).assess(evidence, today)
    assert bool(due.late) is late
    if late:
        assert due.late_since == date(2026, 12, 16)
    else:
        assert due.next_due == date(2026, 12, 16)


def test_each_event_needs_its_own_update():
    events = {"hmicfrs-peel": (date(2025, 11, 14),),
              "hmicfrs-report": (date(2026, 6, 10), date(2026, 10, 22))}
    rule = parse_rule(S55)
    answered = Evidence(updates=(date(2026, 7, 1),), events=events)
    due = rule.assess(answered, date(2027, 1, 5))
    assert due.late == ("the HMICFRS report of 22 October 2026",)
    assert rule.assess(Evidence(updates=(date(2026, 11, 20),), events=events),
                       date(2027, 1, 5)).late == ()


def test_mirror_follows_only_the_most_recent_publication():
    rule = parse_rule({"rule": "mirror", "events": ["iopc-quarterly"], "days": 31})
    events = {"iopc-quarterly": (date(2026, 4, 30), date(2026, 7, 30), date(2026, 10, 29))}
    fresh = Evidence(updates=(date(2026, 11, 10),), events=events)
    stale = Evidence(updates=(date(2026, 8, 10),), events=events)
    assert rule.assess(fresh, date(2026, 12, 5)).late == ()
    assert rule.assess(stale, date(2026, 12, 5)).late == ("the IOPC quarterly data of 29 October 2026",)
    assert rule.assess(stale, date(2026, 11, 28)).next_due == date(2026, 11, 28)


def test_by_the_end_of_the_financial_year_of_an_election():
    rule = parse_rule({"rule": "event", "events": ["election"], "until": "financial-year-end"})
    evidence = Evidence(updates=(date(2023, 1, 1),), events={"election": (date(2024, 5, 2),)})
    assert rule.assess(evidence, date(2025, 3, 31)).late == ()
    assert rule.assess(evidence, date(2025, 4, 1)).late_since == date(2025, 3, 31)


def test_on_change_with_and_without_a_review_cycle():
    assert parse_rule({"rule": "on-change"}).assess(updated(date(2015, 1, 1)),
                                                    date(2026, 12, 5)).late == ()
    review = parse_rule({"rule": "on-change", "review_months": 12})
    assert review.assess(updated(date(2024, 2, 29)), date(2025, 2, 28)).late == ()
    assert review.assess(updated(date(2024, 2, 29)), date(2025, 3, 1)).late_since == \
        date(2025, 2, 28)


@pytest.mark.parametrize("data,words", [
    (None, "needs a due rule"),
    ({"rule": "monthly"}, "unknown due rule 'monthly'"),
    ({"rule": "period-end", "period": "week", "lag_days": 3}, "'period' must be one of"),
    ({"rule": "period-end", "period": "month"}, "'lag_days' is needed"),
    ({"rule": "event", "events": ["decision"]}, "either 'days'"),
    ({"rule": "event", "events": [], "days": 5}, "must name one or more events"),
    ({"rule": "fixed-dates", "dates": {"2025": date(2026, 1, 1)}}, "is not a financial year"),
    ({"rule": "on-change", "every": 12}, "unknown key 'every'"),
    ({"rule": "on-change", "review_months": "12"}, "whole number"),
])
def test_rules_refuse_what_they_cannot_read(data, words):
    with pytest.raises(RuleError, match=words.replace("(", r"\(")):
        parse_rule(data)

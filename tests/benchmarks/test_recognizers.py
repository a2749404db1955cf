"""The peer-suite benchmark's comparison rule, on hand-made cases (no extractor needed)."""

from __future__ import annotations

import importlib.util
import json
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "recognizers.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmarks_recognizers", _PATH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


rt = _load()


def _money_case(*expected: Any) -> Any:
    return rt.Case("currency", 0, "texto", None, tuple(expected))


def _date_case(*expected: Any, suite: str = "date") -> Any:
    return rt.Case(suite, 0, "texto", "2016-11-07", tuple(expected))


# (name, case, our mentions, passes)
COMPARE_CASES = [
    (
        "text compares without case, space or closing punctuation",
        _money_case(rt.Expected("u$d 90 millones", value=Decimal("90000000"))),
        [rt.Found("U$D  90 Millones.", "90000000", "USD")],
        True,
    ),
    (
        "currency is not compared where the spec gives no ISO code",
        _money_case(rt.Expected("$ 75 millones", value=Decimal("75000000"))),
        [rt.Found("$ 75 millones", "75000000", "ARS")],
        True,
    ),
    (
        "currency is compared where the spec gives an ISO code",
        _money_case(rt.Expected("mxn$ 15", value=Decimal(15), currency="MXN")),
        [rt.Found("mxn$ 15", "15", "USD")],
        False,
    ),
    (
        "a different value fails",
        _money_case(rt.Expected("$ 94000", value=Decimal(94000))),
        [rt.Found("$ 94000", "94", None)],
        False,
    ),
    (
        "a missing or extra mention fails",
        _money_case(rt.Expected("20.000 dólares", value=Decimal(20000))),
        [rt.Found("20.000 dólares", "20000", "USD"), rt.Found("5 dólares", "5", "USD")],
        False,
    ),
    (
        "a spec mention with no value can never pass",
        _money_case(rt.Expected("dólares", value=None)),
        [rt.Found("dólares", "1", "USD")],
        False,
    ),
    (
        "numbers are equal to the precision the spec prints",
        rt.Case(
            "percent",
            0,
            "t",
            None,
            (rt.Expected("uno sobre tres por ciento", value=Decimal("0.333333333333333")),),
        ),
        [rt.Found("uno sobre tres por ciento", str(Decimal(1) / 3))],
        True,
    ),
    (
        "a leading article is ignored on dates only",
        _date_case(
            rt.Expected("próximo domingo", dates=frozenset({"2016-11-13"}), granularity="day")
        ),
        [rt.Found("el próximo domingo", "2016-11-13", granularity="day")],
        True,
    ),
    (
        "a date value outside the accepted ones fails",
        _date_case(
            rt.Expected("viernes", dates=frozenset({"2016-11-04", "2016-11-11"}), granularity="day")
        ),
        [rt.Found("viernes", "2016-11-18", granularity="day")],
        False,
    ),
    (
        "a date of another granularity fails even when it contains the day",
        _date_case(rt.Expected("2 Oct", dates=frozenset({"2016-10-02"}), granularity="day")),
        [rt.Found("2 Oct", "2016-10", granularity="month")],
        False,
    ),
]


@pytest.mark.parametrize(
    ("name", "case", "found", "passes"), COMPARE_CASES, ids=[c[0] for c in COMPARE_CASES]
)
def test_compare_applies_the_pass_rule(
    name: str, case: Any, found: list[Any], passes: bool
) -> None:
    assert (rt.compare(case, found) is None) is passes


def _resolution(start: str, end: str) -> dict[str, str]:
    return {"startDate": start, "endDate": end}


# (name, Value of a DatePeriodParser result, granularity or None when out of scope)
SCOPE_CASES = [
    (
        "a month",
        {"Timex": "2016-09", "FutureResolution": _resolution("2016-09-01", "2016-10-01")},
        "month",
    ),
    (
        "a year",
        {"Timex": "2017", "FutureResolution": _resolution("2017-01-01", "2018-01-01")},
        "year",
    ),
    (
        "a quarter",
        {
            "Timex": "(2016-07-01,2016-10-01,P3M)",
            "FutureResolution": _resolution("2016-07-01", "2016-10-01"),
        },
        "quarter",
    ),
    (
        "a half",
        {
            "Timex": "(2016-07-01,2017-01-01,P6M)",
            "FutureResolution": _resolution("2016-07-01", "2017-01-01"),
        },
        "half",
    ),
    (
        "three months from a day",
        {
            "Timex": "(2016-11-08,2017-02-08,P3M)",
            "FutureResolution": _resolution("2016-11-08", "2017-02-08"),
        },
        None,
    ),
    (
        "a week named by its day",
        {"Timex": "XXXX-XX-18", "FutureResolution": _resolution("2018-08-13", "2018-08-20")},
        None,
    ),
    (
        "a month with a modifier",
        {
            "Timex": "XXXX-03",
            "Mod": "end",
            "FutureResolution": _resolution("2018-03-16", "2018-04-01"),
        },
        None,
    ),
    (
        "a week",
        {"Timex": "2016-W45", "FutureResolution": _resolution("2016-11-07", "2016-11-14")},
        None,
    ),
    ("a season", {"Timex": "2016-SU", "FutureResolution": {}}, None),
]


@pytest.mark.parametrize(
    ("name", "value", "granularity"), SCOPE_CASES, ids=[c[0] for c in SCOPE_CASES]
)
def test_in_scope_granularity_keeps_one_calendar_period(
    name: str, value: dict[str, Any], granularity: str | None
) -> None:
    assert rt.in_scope_granularity(value) == granularity


def test_accepted_dates_take_either_resolution_only_for_unknown_parts() -> None:
    unknown = {
        "Timex": "XXXX-02",
        "FutureResolution": _resolution("2017-02-01", "2017-03-01"),
        "PastResolution": _resolution("2016-02-01", "2016-03-01"),
    }
    known = {"Timex": "2016-09", "FutureResolution": _resolution("2016-09-01", "2016-10-01")}
    assert rt.accepted_dates(unknown, "month") == {"2017-02", "2016-02"}
    assert rt.accepted_dates(known, "month") == {"2016-09"}


def test_failing_ports_read_both_not_supported_fields() -> None:
    raw = {"NotSupported": "dotnet, java", "NotSupportedByDesign": "javascript, python"}
    assert rt.failing_ports(raw) == frozenset({"dotnet", "python"})


def _write(tmp_path: Path, cases: list[dict[str, Any]]) -> Path:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8-sig")  # with BOM
    return path


def test_load_money_cases_gives_sub_units_in_main_units(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            {
                "Input": "bajó 34 centavos",
                "Results": [
                    {"Text": "34 centavos", "Resolution": {"value": "34", "unit": "Centavo"}}
                ],
            }
        ],
    )
    (case,) = rt.load_money_cases(path)
    assert case.expected[0].value == Decimal("0.34")
    assert case.expected[0].currency is None


def test_load_date_cases_keeps_the_in_scope_period_cases(tmp_path: Path) -> None:
    month = {
        "Text": "febrero",
        "Type": "daterange",
        "Value": {
            "Timex": "XXXX-02",
            "FutureResolution": _resolution("2017-02-01", "2017-03-01"),
            "PastResolution": _resolution("2016-02-01", "2016-03-01"),
        },
    }
    week = {
        "Text": "esta semana",
        "Type": "daterange",
        "Value": {"Timex": "2016-W45", "FutureResolution": _resolution("2016-11-07", "2016-11-14")},
    }
    context = {"ReferenceDateTime": "2016-11-07T00:00:00"}
    path = _write(
        tmp_path,
        [
            {"Input": "en febrero", "Context": context, "Results": [month]},
            {
                "Input": "esta semana",
                "Context": context,
                "Results": [week],
                "NotSupported": "python",
            },
            {"Input": "en 3 años", "Context": context, "Results": []},
        ],
    )
    cases, total = rt.load_date_cases(path, "date_period")
    assert total == 3
    assert [(c.index, c.published, c.expected[0].granularity) for c in cases] == [
        (0, "2016-11-07", "month")
    ]


def test_judged_cases_exist_in_scope() -> None:
    if not (rt.DEFAULT_SPECS / rt.FILES["currency"]).is_file():
        pytest.skip(f"no specs under {rt.DEFAULT_SPECS}")
    suites = rt.load_suites(rt.DEFAULT_SPECS)
    in_scope = {(suite, c.index) for suite, (cases, _) in suites.items() for c in cases}
    assert set(rt.JUDGED) <= in_scope
    assert {verdict for verdict, _ in rt.JUDGED.values()} <= {"wrong", "out of scope"}


def test_module_examples_hold() -> None:
    import doctest

    assert doctest.testmod(rt).failed == 0

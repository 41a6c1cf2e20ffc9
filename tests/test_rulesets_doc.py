"""docs/rulesets.md's table of obligations says what the rulesets and the code do.

The section "Obligations the planner checks" has one row per obligation: the
article each city's ruleset cites, the ruleset key, the functions that check
it, the tests that exercise it and whether it is checked. These tests read
that table, so it cannot rot silently:

(a) every test it names is defined in the file it names, every function in
    its module;
(b) every article in a city's column is one that city's ruleset file cites,
    or is marked "(not encoded)";
(c) every ruleset key it names exists in at least one shipped ruleset;
(d) a city's column cites the article its ruleset gives for the row's keys,
    a zone is mandatory exactly where the column cites an article, and a
    column citing nothing has no such key;
(e) on a small case per row and city the code cites one of the row's
    articles: an uncovered zone fails, a camera in a drawn private place is a
    forbidden placement, a survey finding cites its city's article;
(f) rows not fully checked are explained under "Left out, and why", and the
    counts the section states are the table's.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from engine_helpers import METRIC_CRS, box, camera, make_cameras, make_zones, no_buildings

from planner.core.coverage import coverage_state
from planner.core.privacy import privacy_findings, private_places
from planner.core.reconcile import SourceRecords, match_records
from planner.core.rulesets import Ruleset
from planner.core.schema import PRIVATE_AREAS, conform_layer
from planner.core.summary import zone_table
from planner.core.survey import Survey, forbidden_devices, survey_findings
from planner.io.rulesets import RULESET_DIR, load_ruleset

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "rulesets.md"
CITIES = ("qingdao", "harbin", "chongqing", "national")
HEADER = (
    "#",
    "Obligation",
    "Qingdao",
    "Harbin",
    "Chongqing",
    "National",
    "Ruleset key",
    "Where in the code",
    "Test",
    "Checked",
)
STATUSES = ("yes", "partly", "no")
CITATION = re.compile(
    r"(?P<article>(?:Qingdao Measures|Harbin Measures|Chongqing Measures|State Council Decree 799)"
    r"(?: Art\. \d+(?:\(\d+\))*(?: para\. \d+)?)?)"
    r"(?P<not_encoded>\s*\(not encoded)?"
)
KEY = re.compile(r"`([a-z_]+(?:\.[a-z_]+)?)`")
CODE = re.compile(r"`(planner/[\w/]+\.py):(\w+)`")
TEST = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")


# ---------------------------------------------------------------- reading the doc


@dataclass(frozen=True)
class Row:
    """One obligation of the table."""

    number: int
    obligation: str
    cells: Mapping[str, str]
    keys: tuple[str, ...]
    code: tuple[tuple[str, str], ...]
    tests: tuple[tuple[str, str], ...]
    checked: str
    raw_code: str

    def citations(self, city: str) -> list[tuple[str, bool]]:
        """``(article, encoded)`` for every article the city's column cites."""
        return [
            (m["article"], m["not_encoded"] is None) for m in CITATION.finditer(self.cells[city])
        ]

    def encoded(self, city: str) -> set[str]:
        """The articles the city's column cites as encoded in its ruleset."""
        return {article for article, encoded in self.citations(city) if encoded}


def _section(text: str, title: str) -> str:
    start = text.find(f"\n## {title}\n")
    if start < 0:
        return ""
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else len(text)]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _rows(section: str) -> tuple[tuple[str, ...], list[Row]]:
    lines = [line for line in section.splitlines() if line.startswith("|")]
    if not lines:
        return (), []
    header = tuple(_cells(lines[0]))
    rows = []
    for line in lines[2:]:  # after the header and its separator
        cells = dict(zip(header, _cells(line), strict=True))
        rows.append(
            Row(
                number=int(cells["#"]),
                obligation=cells["Obligation"],
                cells={city: cells[city.capitalize()] for city in CITIES},
                keys=tuple(KEY.findall(cells["Ruleset key"])),
                code=tuple(CODE.findall(cells["Where in the code"])),
                tests=tuple(TEST.findall(cells["Test"])),
                checked=cells["Checked"],
                raw_code=cells["Where in the code"],
            )
        )
    return header, rows


TEXT = DOC.read_text(encoding="utf-8")
TABLE_SECTION = _section(TEXT, "Obligations the planner checks")
LEFT_OUT = _section(TEXT, "Left out, and why")
TABLE_HEADER, ROWS = _rows(TABLE_SECTION)


@cache
def ruleset(city: str) -> Ruleset:
    return load_ruleset(city)


def _row_id(row: Row, *more: str) -> str:
    return "-".join([f"#{row.number}", *more])


# ---------------------------------------------------------------- the table's shape


def test_the_table_has_one_numbered_row_per_obligation() -> None:
    assert TABLE_HEADER == HEADER
    assert len(ROWS) >= 50
    assert [row.number for row in ROWS] == list(range(1, len(ROWS) + 1))
    for row in ROWS:
        assert row.checked in STATUSES, row.number
        assert row.obligation, row.number
        if row.checked == "no":
            assert row.raw_code == "—", f"#{row.number} is not checked but names code"
        else:
            assert row.code, f"#{row.number} is checked but names no function"
            assert row.tests, f"#{row.number} is checked but names no test"


def test_the_counts_the_section_states_are_the_tables() -> None:
    stated = re.search(
        r"Of the (\d+) rows, (\d+) are checked \(`yes`\), (\d+) partly and (\d+) not\.",
        TABLE_SECTION,
    )
    assert stated, "the sentence counting the rows is missing"
    counts = [sum(row.checked == status for row in ROWS) for status in STATUSES]
    assert [int(n) for n in stated.groups()] == [len(ROWS), *counts]


def test_rows_not_fully_checked_are_explained_under_left_out() -> None:
    mentioned: set[int] = set()
    for first, last in re.findall(r"#(\d+)(?:–#(\d+))?", LEFT_OUT):
        mentioned.update(range(int(first), int(last or first) + 1))
    missing = [row.number for row in ROWS if row.checked != "yes" and row.number not in mentioned]
    assert not missing, f"rows not explained under 'Left out, and why': {missing}"


# ---------------------------------------------------------------- (a) tests and code exist


def _defined(path: str, name: str) -> bool:
    file = ROOT / path
    return (
        file.is_file()
        and re.search(rf"^\s*def {name}\(", file.read_text(encoding="utf-8"), re.M) is not None
    )


def test_every_test_the_table_names_is_defined() -> None:
    named = {(path, name) for row in ROWS for path, name in row.tests}
    assert named
    missing = sorted(f"{path}::{name}" for path, name in named if not _defined(path, name))
    assert not missing, missing


def test_every_function_the_table_names_is_defined() -> None:
    named = {(path, name) for row in ROWS for path, name in row.code}
    assert named
    missing = sorted(f"{path}:{name}" for path, name in named if not _defined(path, name))
    assert not missing, missing


# ---------------------------------------------------------------- (b) articles


def _articles_in(data: Any) -> Iterator[str]:
    """Every ``article`` value anywhere in a parsed ruleset file."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            if key == "article" and isinstance(value, str):
                yield value.strip()
            else:
                yield from _articles_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from _articles_in(value)


@cache
def file_articles(city: str) -> frozenset[str]:
    with (RULESET_DIR / f"{city}.toml").open("rb") as file:
        return frozenset(_articles_in(tomllib.load(file)))


def test_every_article_cited_is_in_the_citys_ruleset_or_marked_not_encoded() -> None:
    problems = []
    for row in ROWS:
        for city in CITIES:
            for article in row.encoded(city) - file_articles(city):
                problems.append(
                    f"#{row.number} {city}: {article!r} is in no article of {city}.toml"
                )
    assert not problems, "\n".join(problems)


def test_not_encoded_marks_only_follow_articles() -> None:
    for row in ROWS:
        for city in CITIES:
            cell = row.cells[city]
            marks = cell.count("(not encoded")
            flagged = sum(not encoded for _, encoded in row.citations(city))
            assert marks == flagged, f"#{row.number} {city}: {cell!r}"


# ---------------------------------------------------------------- (c), (d) ruleset keys


_UNSET = object()


def _lookup(rs: Ruleset, key: str) -> object:
    """The article the ruleset gives for ``key``; None: present without article; _UNSET: absent."""
    table, _, name = key.partition(".")
    if table == "private_building_uses" and not name:
        return None if rs.private_building_uses else _UNSET
    if table == "filing" and name in ("scope", "exempt", "existing_by", "in_use_before"):
        default = {"scope": "all", "exempt": "none"}.get(name)
        return rs.filing.article if getattr(rs.filing, name) != default else _UNSET
    tables: dict[str, Mapping[str, Any]] = {
        "zones": rs.zones,
        "private": rs.private_categories,
        "deadlines": rs.deadlines.citations,
        "maintenance": rs.maintenance.citations,
        "references": rs.references,
        "obligations": rs.obligations,
    }
    if table not in tables:
        raise KeyError(key)
    entry = tables[table].get(name)
    return _UNSET if entry is None else entry.article


def _advisory(rs: Ruleset, key: str) -> bool:
    name = key.removeprefix("zones.")
    return key.startswith("zones.") and name in rs.zones and not rs.zones[name].mandatory


def test_every_ruleset_key_exists_in_a_shipped_ruleset() -> None:
    keys = {key for row in ROWS for key in row.keys}
    assert keys
    problems = []
    for key in sorted(keys):
        try:
            found = [_lookup(ruleset(city), key) is not _UNSET for city in CITIES]
        except KeyError:
            problems.append(f"{key}: no such table in a ruleset")
            continue
        if not any(found):
            problems.append(f"{key}: in no shipped ruleset")
    assert not problems, problems


def test_each_city_column_cites_what_its_ruleset_says() -> None:
    problems = []
    for row in ROWS:
        for city in CITIES:
            rs, cited = ruleset(city), row.encoded(city)
            for key in row.keys:
                article = _lookup(rs, key)
                if article is _UNSET:
                    continue
                if key.startswith("zones.") and bool(cited) == _advisory(rs, key):
                    problems.append(
                        f"#{row.number} {city}: {key} is "
                        f"{'advisory' if _advisory(rs, key) else 'mandatory'} but the column "
                        f"{'cites' if cited else 'does not cite'} an article"
                    )
                elif _advisory(rs, key):
                    continue
                elif not cited:
                    problems.append(f"#{row.number} {city}: cites nothing, the ruleset has {key}")
                elif article is not None and article not in cited:
                    problems.append(
                        f"#{row.number} {city}: {key} cites {article!r}, not in {cited}"
                    )
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- (e) zones


def _zone_cases() -> list[Any]:
    cases = []
    for row in ROWS:
        for key in row.keys:
            if not key.startswith("zones."):
                continue
            for city in CITIES:
                if key.removeprefix("zones.") in ruleset(city).zones:
                    cases.append(pytest.param(row, city, key, id=_row_id(row, city, key)))
    return cases


@pytest.mark.parametrize(("row", "city", "key"), _zone_cases())
def test_an_uncovered_place_of_the_table_fails_citing_its_article(
    row: Row, city: str, key: str
) -> None:
    category = key.removeprefix("zones.")
    zones = make_zones([{"zone_id": category, "category": category, "geometry": box(0, 0, 10, 10)}])
    state = coverage_state(make_cameras([]), zones, no_buildings(), ruleset=ruleset(city))
    (record,) = zone_table(state).to_dict("records")
    cited = row.encoded(city)
    if cited:  # the table says the city requires it: an uncovered zone fails, citing it
        assert bool(record["mandatory"])
        assert record["passed"] is not None and not record["passed"]
        assert record["article"] in cited
    else:  # advisory: measured, never judged
        assert not record["mandatory"]
        assert record["passed"] is None


# ---------------------------------------------------------------- (e) private places

AS_OF = dt.date(2024, 6, 1)
COMPANY = "青岛某物业管理有限公司"
CODE_A = "37020300001320000001"
CODE_B = "37020300001320000002"
CODE_C = "37020300001320000003"
ROOM = box(-2, -2, 2, 2)


def _private_cases() -> list[Any]:
    cases = []
    for row in ROWS:
        for key in row.keys:
            if not key.startswith("private."):
                continue
            for city in CITIES:
                if key.removeprefix("private.") in ruleset(city).private_categories:
                    cases.append(pytest.param(row, city, key, id=_row_id(row, city, key)))
    return cases


def _drawn(category: str) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(
        {"category": [category], "name": ["room"]},
        geometry=gpd.GeoSeries([ROOM], crs=METRIC_CRS),
    )
    conformed = conform_layer(frame, PRIVATE_AREAS)
    assert conformed.problems == ()
    return conformed.frame


@pytest.mark.parametrize(("row", "city", "key"), _private_cases())
def test_a_camera_in_a_forbidden_place_of_the_table_is_a_forbidden_placement(
    row: Row, city: str, key: str
) -> None:
    rs, category, cited = ruleset(city), key.removeprefix("private."), row.encoded(city)
    areas = _drawn(category)
    # the privacy check: a camera standing in the drawn room
    report = privacy_findings(
        make_cameras([camera(x=0.0, y=0.0)]), no_buildings(), areas, ruleset=rs
    )
    placements = [f for f in report.findings if f.finding == "forbidden_placement"]
    assert [(f.category, f.article in cited) for f in placements] == [(category, True)]
    # the survey: a device found standing there is to be removed, citing the same article
    matching = match_records([_source("survey", [_seen(0.0)])])
    places = private_places(no_buildings(), areas, ruleset=rs)
    articles = {c: rule.article for c, rule in rs.private_categories.items()}
    found = forbidden_devices(matching, places, articles=articles)
    survey = survey_findings(matching, as_of=AS_OF, ruleset=rs, forbidden=found)
    (finding,) = [f for f in survey.findings if f.finding == "forbidden_placement"]
    assert finding.action == "remove"
    assert finding.rule in cited


# ---------------------------------------------------------------- (e) survey findings


def _source(role: str, rows: list[dict[str, object]]) -> SourceRecords:
    frame = pd.DataFrame(rows)
    frame["row"] = np.arange(2, 2 + len(frame))
    return SourceRecords(source=role, role=role, records=frame)


def _seen(x: float, status: str = "正常", **values: object) -> dict[str, object]:
    return {"x": x, "y": 0.0, "status": status, "has_sign": True, "owner": COMPANY, **values}


def _filed(code: str, x: float, **values: object) -> dict[str, object]:
    return {"device_id": code, "x": x, "y": 0.0, "owner": COMPANY, **values}


def _ago(days: int) -> dt.date:
    return AS_OF - dt.timedelta(days=days)


def _survey(rs: Ruleset, *sources: SourceRecords, **options: Any) -> Survey:
    options.setdefault("listed_places", shapely.box(-1e4, -1e4, 1e4, 1e4))
    as_of = options.pop("as_of", AS_OF)
    return survey_findings(match_records(list(sources)), as_of=as_of, ruleset=rs, **options)


def _rules(survey: Survey, finding: str, action: str | None = None) -> set[str]:
    return {
        f.rule
        for f in survey.findings
        if f.finding == finding and (action is None or f.action == action)
    }


def _note(note: str, finding: str, action: str) -> Callable[[Ruleset], set[str]]:
    def scenario(rs: Ruleset) -> set[str]:
        return _rules(_survey(rs, _source("survey", [_seen(0.0, note)])), finding, action)

    return scenario


def _no_sign(rs: Ruleset) -> set[str]:
    return _rules(_survey(rs, _source("survey", [_seen(0.0, has_sign=False)])), "no_sign")


def _unowned(rs: Ruleset) -> set[str]:
    nobody = {"x": 0.0, "y": 0.0, "status": "正常", "has_sign": True}
    return _rules(_survey(rs, _source("survey", [nobody])), "unowned")


def _offline(rs: Ruleset) -> set[str]:
    survey = _survey(
        rs,
        _source("survey", [_seen(0.0, device_id=CODE_A)]),
        _source("platform", [{"device_id": CODE_A, "x": 1.0, "y": 0.0, "last_seen_on": _ago(90)}]),
    )
    return _rules(survey, "offline", "restore_online")


def _overdue(rs: Ruleset) -> set[str]:
    survey = _survey(rs, _source("survey", [_seen(0.0, "设备损坏", fault_since=_ago(5))]))
    return {f.params["deadline_article"] for f in survey.findings if f.template == "fault_overdue"}


def _moved(rs: Ruleset) -> set[str]:
    survey = _survey(
        rs,
        _source("filings", [_filed(CODE_A, 0.0)]),
        _source("survey", [_seen(40.0, device_id=CODE_A)]),
    )
    return _rules(survey, "moved")


def _re_aimed(rs: Ruleset) -> set[str]:
    survey = _survey(
        rs,
        _source("filings", [_filed(CODE_A, 0.0, bearing_deg=0.0)]),
        _source("survey", [_seen(1.0, device_id=CODE_A, bearing_deg=90.0)]),
    )
    return _rules(survey, "re_aimed")


def _not_connected(rs: Ruleset) -> set[str]:
    elsewhere = {"device_id": CODE_B, "x": 500.0, "y": 0.0, "status": "在线", "owner": COMPANY}
    survey = _survey(
        rs,
        _source("survey", [_seen(0.0, device_id=CODE_A)]),
        _source("platform", [elsewhere]),
    )
    return _rules(survey, "not_connected", "connect_platform")


def _unregistered(rs: Ruleset) -> set[str]:
    survey = _survey(
        rs,
        _source("filings", [_filed(CODE_A, 0.0)]),
        _source("survey", [_seen(0.0, device_id=CODE_A), _seen(300.0, installed_on=_ago(400))]),
        # after the decree's transition (systems in use before 2025-04-01: by 2025-07-01)
        as_of=dt.date(2025, 9, 1),
    )
    return _rules(survey, "unregistered", "file")


def _exempt(rs: Ruleset) -> set[str]:
    survey = _survey(
        rs,
        _source("filings", [_filed(CODE_A, 0.0)]),
        _source(
            "survey",
            [_seen(0.0, device_id=CODE_A), _seen(300.0, owner="哈尔滨市道里区人民政府")],
        ),
    )
    said = [s for s in survey.skipped_checks if "exempt as government-built" in s]
    if _rules(survey, "unregistered") or not said:
        return set()
    return {rs.filing.article} if rs.filing.article in said[0] else set()


def _listed(rs: Ruleset) -> set[str]:
    sources = (
        _source("filings", [_filed(CODE_A, 0.0)]),
        _source("survey", [_seen(0.0, device_id=CODE_A), _seen(300.0), _seen(900.0)]),
    )
    square = shapely.box(250.0, -50.0, 350.0, 50.0)  # a listed place around x = 300 only
    found = _survey(rs, *sources, listed_places=square).findings
    unregistered = [f for f in found if f.finding == "unregistered"]
    return {f.rule for f in unregistered} if len(unregistered) == 1 else set()


def _removal(rs: Ruleset) -> set[str]:
    survey = _survey(
        rs,
        _source("filings", [_filed(CODE_A, 0.0), _filed(CODE_B, 20.0), _filed(CODE_C, 40.0)]),
        _source(
            "survey",
            [
                _seen(0.0, device_id=CODE_A),
                _seen(20.0, "已拆除", device_id=CODE_B),
                _seen(40.0, "设备已废弃", device_id=CODE_C),
            ],
        ),
    )
    return _rules(survey, "removed_but_filed")


def _abandoned(rs: Ruleset) -> set[str]:
    survey = _survey(
        rs,
        _source("filings", [_filed(CODE_A, 0.0), _filed(CODE_C, 40.0)]),
        _source(
            "survey",
            [_seen(0.0, device_id=CODE_A), _seen(40.0, "设备已废弃", device_id=CODE_C)],
        ),
    )
    return _rules(survey, "abandoned")


def _pruned(rs: Ruleset) -> set[str]:
    survey = _survey(rs, _source("survey", [_seen(0.0, "被藤蔓缠绕遮挡")]))
    return {
        f.params["prune_article"]
        for f in survey.findings
        if f.finding == "obstructed" and "prune_article" in f.params
    }


def _restore(rs: Ruleset) -> set[str]:
    return {f.rule for f in _harbin_removal(rs).findings if f.template == "removed_restore"}


def _harbin_removal(rs: Ruleset) -> Survey:
    return _survey(
        rs,
        _source("filings", [_filed(CODE_A, 0.0), _filed(CODE_B, 20.0)]),
        _source(
            "survey",
            [
                _seen(0.0, device_id=CODE_A),
                _seen(20.0, "已拆除", device_id=CODE_B, removed_on=_ago(3)),
            ],
        ),
    )


def _intact(rs: Ruleset) -> set[str]:
    survey = _survey(rs, _source("survey", [_seen(0.0), _seen(100.0, "黑屏")]))
    overall = survey.intact[survey.intact["group_by"] == "all"].iloc[0]
    return {a for a in (overall["rule"], overall["reference"]) if a}


def _penalty(rs: Ruleset) -> set[str]:
    matching = match_records([_source("survey", [_seen(0.0)])])
    key = matching.devices[0].device_key
    where = ("forbidden", "toilet", rs.private_categories["toilet"].article)
    survey = survey_findings(matching, as_of=AS_OF, ruleset=rs, forbidden={key: where})
    return {
        f.params["penalty_article"]
        for f in survey.findings
        if f.finding == "forbidden_placement" and f.action == "remove"
    } - {""}


def _fines(*findings: str) -> Callable[[Ruleset], set[str]]:
    def scenario(rs: Ruleset) -> set[str]:
        return {
            f.params["fine_article"]
            for f in _fined(rs).findings
            if f.finding in findings and f.params.get("fine_article")
        }

    return scenario


def _fined(rs: Ruleset) -> Survey:
    return _survey(
        rs,
        _source("filings", [_filed(CODE_A, 0.0)]),
        _source(
            "survey",
            [
                _seen(0.0, device_id=CODE_A, has_sign=False),
                _seen(300.0, "被广告牌遮挡", installed_on=_ago(400)),
                _seen(600.0, "黑屏"),
            ],
        ),
    )


#: The first ruleset key of a row → a small case returning the articles the code cites for it.
SCENARIOS: Mapping[str, Callable[[Ruleset], set[str]]] = {
    "obligations.sign": _no_sign,
    "obligations.maintenance_owner": _unowned,
    "obligations.no_obstruction": _note("被藤蔓缠绕遮挡", "obstructed", "prune_tree"),
    "obligations.fault_repair": _note("设备损坏", "fault", "repair"),
    "obligations.clear_picture": _note("画面模糊", "fault", "repair"),
    "obligations.correct_clock": _note("时间不准", "fault", "set_clock"),
    "deadlines.offline_after_days": _offline,
    "deadlines.repair_hours": _overdue,
    "obligations.report_move": _moved,
    "maintenance.reaim_tolerance_deg": _re_aimed,
    "obligations.platform_connection": _not_connected,
    "deadlines.filing_days": _unregistered,
    "filing.exempt": _exempt,
    "filing.existing_by": _unregistered,
    "obligations.prune_trees": _pruned,
    "filing.scope": _listed,
    "obligations.removal_filing": _removal,
    "obligations.removal_plan": _removal,
    "deadlines.restore_coverage_hours": _restore,
    "maintenance.intact_rate_min": _intact,
    "obligations.forbidden_removal": _penalty,
    "obligations.filing_penalty": _fines("unregistered", "no_sign", "obstructed"),
    "obligations.operation_penalty": _fines("fault", "offline"),
}


#: Rows whose first key another row leads with: their own case.
ROW_SCENARIOS: Mapping[int, Callable[[Ruleset], set[str]]] = {42: _abandoned}


def _scenario_cases() -> list[Any]:
    return [
        pytest.param(row, city, id=_row_id(row, city, row.keys[0]))
        for row in ROWS
        if row.keys and row.keys[0] in SCENARIOS
        for city in CITIES
        if row.encoded(city)
    ]


@pytest.mark.parametrize(("row", "city"), _scenario_cases())
def test_each_city_finding_cites_an_article_of_its_row(row: Row, city: str) -> None:
    found = ROW_SCENARIOS.get(row.number, SCENARIOS[row.keys[0]])(ruleset(city))
    assert found, f"#{row.number} {city}: the code found nothing for {row.keys[0]}"
    assert found <= row.encoded(city), f"#{row.number} {city}: {found} not in the row"


def test_every_survey_row_with_an_article_has_a_case() -> None:
    # a checked row whose duty a survey finding carries must be exercised above
    survey_keys = ("obligations.", "deadlines.", "filing.")
    uncovered = [
        row.number
        for row in ROWS
        if row.checked != "no"
        and row.keys
        and row.keys[0].startswith(survey_keys)
        and row.keys[0] not in SCENARIOS
    ]
    assert not uncovered, uncovered


def test_a_harbin_removal_gives_the_24_hour_restoration_date() -> None:
    harbin = ruleset("harbin")
    (removed,) = [f for f in _harbin_removal(harbin).findings if f.finding == "removed_but_filed"]
    assert (removed.rule, removed.action) == (
        "Harbin Measures Art. 19 para. 2",
        "check_removal_plan",
    )
    assert removed.template == "removed_restore"
    assert removed.params["hours"] == "24"
    assert removed.params["restore_by"] == (_ago(3) + dt.timedelta(hours=24)).isoformat()
    # Qingdao sets no such time: the same removal asks for the removal filing instead
    qingdao = _harbin_removal(ruleset("qingdao")).findings
    assert [f.template for f in qingdao if f.finding == "removed_but_filed"] == ["removed_due"]

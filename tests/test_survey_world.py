"""The ownership survey end to end on a generated Qingdao district of known truth.

``survey_world`` plants 500 cameras seen by police filings, the big-data
platform (GCJ-02), the property office and a field walk, with the problems
of issue 5 planted: unowned, derelict, unregistered, removed but filed,
duplicates, no sign, re-aimed; plus the traps: cameras installed days ago and
not yet filed, cameras the walk missed but that were online yesterday, and
filed cameras outside the walked area.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from survey_world import (
    AS_OF,
    COORDS,
    FIRST_ROW,
    PROJECT_CRS,
    ROLES,
    SurveyWorld,
    found_findings,
    make_survey_world,
    precision_recall,
    true_device_of,
    world_sources,
    write_world,
)

from planner.core.reconcile import Matching, match_records
from planner.core.survey import Survey, survey_findings
from planner.io.rulesets import load_ruleset

inventories = pytest.importorskip("planner.io.inventories")

SEED = 0
RULESET = load_ruleset("qingdao")
EXACT = (
    "unowned",
    "unregistered",
    "removed_but_filed",
    "re_aimed",
    "no_sign",
    "duplicate",
    "fault",
    "offline",
    "obstructed",
    "abandoned",
    "not_connected",
)


WALKED = make_survey_world(SEED).walked_area


def run_survey(sources: list) -> tuple[Matching, Survey]:
    matching = match_records(sources)
    return matching, survey_findings(matching, as_of=AS_OF, ruleset=RULESET, walked=WALKED)


def import_files(paths: dict[str, Path], coords: dict[str, str] | None = None):
    coords = {**COORDS, **(coords or {})}
    reads = {
        role: inventories.read_inventory(
            paths[role], source=role, role=role, coords=coords[role], project_crs=PROJECT_CRS
        )
        for role in ROLES
    }
    matching, survey = run_survey([reads[role].records for role in ROLES])
    return reads, matching, survey


@pytest.fixture(scope="module")
def world() -> SurveyWorld:
    return make_survey_world(SEED)


@pytest.fixture(scope="module")
def in_memory(world: SurveyWorld) -> tuple[Matching, Survey]:
    return run_survey(world_sources(world))


@pytest.fixture(scope="module")
def files(world: SurveyWorld, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_world(world, tmp_path_factory.mktemp("survey_world"))


@pytest.fixture(scope="module")
def from_files(files: dict[str, Path]):
    return import_files(files)


# ---------------------------------------------------------------------------
# The world itself
# ---------------------------------------------------------------------------


def test_world_is_as_described(world: SurveyWorld) -> None:
    assert len(world.devices) == 500
    assert set(world.frames) == set(ROLES)
    for role, frame in world.frames.items():
        assert len(frame) == sum(1 for r, _ in world.truth if r == role)
        assert "经度" in frame.columns and "纬度" in frame.columns
    g = world.groups
    sizes = {name: len(g[name]) for name in g}
    assert sizes["removed_found"] == 6 and sizes["removed_missing"] == 10
    assert sizes["recent_unfiled"] == 5 and sizes["outside_only_filings"] == 12
    # every planted kind is there
    kinds = {f for _, f in world.planted}
    assert kinds == set(EXACT)
    # the platform sits in GCJ-02: several hundred metres off the truth
    lon = world.frames["platform"]["经度"]
    assert any(isinstance(v, str) for v in lon)  # the planted bad cell
    # the same seed gives the same world
    again = make_survey_world(SEED)
    for role in ROLES:
        assert again.frames[role].equals(world.frames[role])
    assert again.planted == world.planted


# ---------------------------------------------------------------------------
# (a) matching, in memory
# ---------------------------------------------------------------------------


def test_matching_precision_and_recall(world: SurveyWorld, in_memory) -> None:
    matching, _ = in_memory
    precision, recall = precision_recall(world, matching)
    assert precision >= 0.98, precision
    assert recall >= 0.98, recall
    keys = [d.device_key for d in matching.devices]
    assert len(set(keys)) == len(keys)


# ---------------------------------------------------------------------------
# (b) findings, in memory
# ---------------------------------------------------------------------------


def check_findings(world: SurveyWorld, survey: Survey) -> None:
    found = found_findings(world, survey)
    g = world.groups
    missing = world.planted - found
    assert not missing, sorted(missing)
    for kind in EXACT:
        got = {k for k, f in found if f == kind}
        want = {k for k, f in world.planted if f == kind}
        assert got == want, (kind, sorted(got - want), sorted(want - got))
    # a removed camera the platform still lists as offline is "removed_but_filed" only
    # (file the removal, do not send a repair crew)
    offline = {k for k, f in found if f == "offline"}
    assert not offline & g["removed"]
    removed = {k for k, f in found if f == "removed_but_filed"}
    exists = {d.index for d in world.devices if not d.removed}
    assert not removed & exists
    assert not removed & (g["missed_online"] | g["outside_only_filings"])
    unregistered = {k for k, f in found if f == "unregistered"}
    assert not unregistered & g["recent_unfiled"]
    assert unregistered <= g["unfiled"]


def test_every_planted_finding_is_found(world: SurveyWorld, in_memory) -> None:
    _, survey = in_memory
    check_findings(world, survey)


def test_findings_cite_rules_and_actions(world: SurveyWorld, in_memory) -> None:
    _, survey = in_memory
    owner = true_device_of(world, survey.matching)
    for f in survey.findings:
        assert f.rule, f
        assert f.action, f
    condition = ("fault", "offline", "obstructed", "abandoned")
    actions = {(owner[f.device_key], f.action) for f in survey.findings if f.finding in condition}
    for k in world.groups["unowned_black"]:
        assert (k, "remove") in actions or (k, "remove_and_cancel_filing") in actions
    for k in world.groups["derelict_vines"]:
        assert (k, "prune_tree") in actions
    for k in world.groups["derelict_black"]:
        assert (k, "repair") in actions
    rules = {f.finding: f.rule for f in survey.findings}
    assert rules["unregistered"] == "Qingdao Measures Art. 16"
    assert rules["no_sign"] == "Qingdao Measures Art. 17"


def test_intact_rate_matches_the_truth(world: SurveyWorld, in_memory) -> None:
    _, survey = in_memory
    g = world.groups
    standing = [d.index for d in world.devices if not d.removed]
    broken = g["derelict_black"] | g["derelict_vines"] | g["derelict_offline"] | g["unowned_black"]
    overall = survey.intact[survey.intact["group_by"] == "all"].iloc[0]
    assert overall["devices"] == len(standing)
    assert overall["intact"] == len(standing) - len(broken)


# ---------------------------------------------------------------------------
# (c) the same through the files
# ---------------------------------------------------------------------------


def test_files_report_bad_rows_and_keep_the_others(world: SurveyWorld, from_files) -> None:
    reads, _, _ = from_files
    problems = {
        (p.source, p.row, p.field, p.action) for read in reads.values() for p in read.problems
    }
    assert problems == set(world.bad_cells)
    for role in ROLES:
        rows = set(reads[role].records.records["row"].tolist())
        want = {row for r, row in world.truth if r == role} - {
            row for r, row in world.skipped_rows if r == role
        }
        assert rows == want, role
        assert min(rows) >= FIRST_ROW[role]
    # the bad date was dropped, not the row
    (role, row, field, _) = next(b for b in world.bad_cells if b[3] == "value ignored")
    records = reads[role].records.records
    assert records.loc[records["row"] == row, field].iloc[0] is None


def test_files_match_and_find_as_in_memory(world: SurveyWorld, in_memory, from_files) -> None:
    _, matching, survey = from_files
    precision, recall = precision_recall(world, matching)
    assert precision >= 0.98, precision
    assert recall >= 0.98, recall
    check_findings(world, survey)
    assert found_findings(world, survey) == found_findings(world, in_memory[1])


def test_files_positions_agree_with_memory(world: SurveyWorld, from_files) -> None:
    reads, _, _ = from_files
    for source in world_sources(world):
        memory = source.records.set_index("row")
        read = reads[source.source].records.records.set_index("row")
        assert set(read.index) == set(memory.index), source.source
        common = memory.index.intersection(read.index)
        assert len(common) == len(read)
        dx = read.loc[common, "x"].to_numpy() - memory.loc[common, "x"].to_numpy()
        dy = read.loc[common, "y"].to_numpy() - memory.loc[common, "y"].to_numpy()
        assert np.nanmax(np.hypot(dx, dy)) < 0.05, source.source


# ---------------------------------------------------------------------------
# (d) idempotent re-import
# ---------------------------------------------------------------------------


def test_reimport_is_idempotent(files: dict[str, Path], from_files) -> None:
    _, matching, survey = from_files
    _, again_matching, again = import_files(files)
    assert [d.device_key for d in again_matching.devices] == [
        d.device_key for d in matching.devices
    ]
    assert again.findings == survey.findings
    assert again.intact.equals(survey.intact)


# ---------------------------------------------------------------------------
# (e) GCJ-02 matters
# ---------------------------------------------------------------------------


def test_reading_the_platform_as_wgs84_breaks_matching(
    world: SurveyWorld, files: dict[str, Path]
) -> None:
    _, wrong, _ = import_files(files, coords={"platform": "wgs84"})
    _, recall = precision_recall(world, wrong)
    assert recall < 0.85, recall
    memory_wrong, _ = run_survey(world_sources(world, coords={"platform": "wgs84"}))
    assert precision_recall(world, memory_wrong)[1] < 0.85


def test_the_saved_records_match_and_judge_again_identically(from_files) -> None:
    from planner.core.survey import device_frames, sources_from_records

    _, matching, survey = from_files
    _, records = device_frames(survey, crs=PROJECT_CRS)
    again, resurveyed = run_survey(list(sources_from_records(records, matching.source_roles)))
    assert [d.device_key for d in again.devices] == [d.device_key for d in matching.devices]
    assert [(d.device_key, c.field) for d, c in again.conflicts] == [
        (d.device_key, c.field) for d, c in matching.conflicts
    ]
    assert resurveyed.findings == survey.findings
    assert resurveyed.intact.equals(survey.intact)

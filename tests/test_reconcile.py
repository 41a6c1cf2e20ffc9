"""Matching camera inventories into devices: hand cases and a generated world of known truth."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from planner.core.codes import normalise_code
from planner.core.errors import CancelledError, InputError
from planner.core.reconcile import (
    FORBIDDEN_COST,
    Matching,
    ReconcileInputError,
    SourceRecords,
    assign_pairs,
    match_records,
)

CODE_A = "37020000001310000001"
CODE_B = "37020000001310000002"
CODE_C = "37020000001310000003"


def frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    if "row" not in df.columns:
        df["row"] = np.arange(2, 2 + len(df))
    return df


def src(name: str, rows: list[dict[str, object]], role: str | None = None) -> SourceRecords:
    return SourceRecords(source=name, role=role or name, records=frame(rows))


def keys_of(matching: Matching, field: str) -> list[set[object]]:
    return [{c.value for c in d.claims.get(field, ())} for d in matching.devices]


# ---------------------------------------------------------------------------
# Hand cases
# ---------------------------------------------------------------------------


def test_codes_beat_distance_for_three_cameras_5_m_apart() -> None:
    filings = src(
        "filings",
        [
            {"device_id": CODE_A, "x": 0.0, "y": 0.0},
            {"device_id": CODE_B, "x": 5.0, "y": 0.0},
            {"device_id": CODE_C, "x": 10.0, "y": 0.0},
        ],
    )
    # The platform has the same codes but each one sits on another camera's spot.
    platform = src(
        "platform",
        [
            {"device_id": "3702-0000-0013-1000-0001", "x": 5.0, "y": 0.0},
            {"device_id": "３７０２００００００１３１００００００２", "x": 10.0, "y": 0.0},
            {"device_id": CODE_C, "x": 0.0, "y": 0.0},
        ],
    )
    m = match_records([filings, platform])
    assert len(m.devices) == 3
    for device in m.devices:
        assert len(device.records) == 2
        assert len({normalise_code(c.value) for c in device.claims["device_id"]}) == 1
    assert sorted(d.device_key for d in m.devices) == [CODE_A, CODE_B, CODE_C]


def test_30_m_apart_without_codes_is_not_merged_but_10_m_is() -> None:
    far = match_records(
        [src("survey", [{"x": 0.0, "y": 0.0}]), src("property", [{"x": 30.0, "y": 0.0}])]
    )
    assert len(far.devices) == 2
    near = match_records(
        [src("survey", [{"x": 0.0, "y": 0.0}]), src("property", [{"x": 10.0, "y": 0.0}])]
    )
    assert len(near.devices) == 1
    assert near.devices[0].sources == ("survey", "property")


def test_different_gb_codes_are_never_merged_however_close() -> None:
    m = match_records(
        [
            src("filings", [{"device_id": CODE_A, "x": 0.0, "y": 0.0}]),
            src("platform", [{"device_id": CODE_B, "x": 0.5, "y": 0.0}]),
        ]
    )
    assert len(m.devices) == 2


def test_assignment_is_optimal_not_greedy() -> None:
    # Greedy nearest-first takes A2–B1 (4 m) and leaves A1–B2 at 17 m unmatched;
    # the optimal assignment matches both: A1–B1 (6 m) and A2–B2 (7 m).
    a = src("survey", [{"x": 0.0, "y": 0.0, "row": 1}, {"x": 10.0, "y": 0.0, "row": 2}])
    b = src("property", [{"x": 6.0, "y": 0.0, "row": 1}, {"x": 17.0, "y": 0.0, "row": 2}])
    m = match_records([a, b])
    assert len(m.devices) == 2
    assert m.device_of("survey", 1) is m.device_of("property", 1)
    assert m.device_of("survey", 2) is m.device_of("property", 2)


def test_pole_and_project_match_beyond_the_distance_gate_and_report_conflicts() -> None:
    survey = src(
        "survey",
        [
            {
                "pole_no": "P-0007",
                "project_name": "雪亮工程二期",
                "owner": "市北区公安分局",
                "x": 0.0,
                "y": 0.0,
            }
        ],
    )
    prop = src(
        "property",
        [
            {
                "pole_no": "ｐ ０００７",
                "project_name": "雪亮工程 二期",
                "owner": "某物业公司",
                "maintainer": "某物业公司",
                "x": 45.0,
                "y": 0.0,
            }
        ],
    )
    m = match_records([survey, prop])
    assert len(m.devices) == 1
    device = m.devices[0]
    assert {c.field for c in device.conflicts} == {"owner", "position"}
    # the property office speaks first about owners, the survey about position
    assert device.value("owner") == "某物业公司"
    assert device.position == (0.0, 0.0)
    assert [c.source for c in device.claims["owner"]] == ["property", "survey"]
    assert len(m.conflicts) == 2


def test_pole_numbers_of_different_projects_do_not_match() -> None:
    survey = src("survey", [{"pole_no": "7", "project_name": "一期", "x": 0.0, "y": 0.0}])
    prop = src("property", [{"pole_no": "7", "project_name": "二期", "x": 50.0, "y": 0.0}])
    assert len(match_records([survey, prop]).devices) == 2


def test_duplicates_in_one_source_are_reported_not_split() -> None:
    platform = src(
        "platform",
        [
            {"device_id": CODE_A, "x": 0.0, "y": 0.0, "row": 10},
            {"device_id": CODE_A.replace("0001", " 0001"), "x": 30.0, "y": 0.0, "row": 11},
            {"pole_no": "P-9", "x": 200.0, "y": 0.0, "row": 12},
            {"pole_no": "P 9", "x": 201.0, "y": 0.0, "row": 13},
            {"pole_no": "P-9", "x": 205.0, "y": 0.0, "row": 14},  # 5 m away: its own camera
        ],
    )
    filings = src("filings", [{"device_id": CODE_A, "x": 1.0, "y": 0.0, "row": 3}])
    m = match_records([filings, platform])
    assert {(d.source, d.rows, d.reason) for d in m.duplicates} == {
        ("platform", (10, 11), "device_id"),
        ("platform", (12, 13), "pole_no"),
    }
    device = m.device_of("filings", 3)
    assert device is m.device_of("platform", 11)
    assert device.device_key == CODE_A
    assert m.duplicates[0].device_key == CODE_A
    assert m.device_of("platform", 14) is not m.device_of("platform", 12)


def test_two_cameras_on_one_pole_aimed_apart_are_not_duplicates() -> None:
    survey = src(
        "survey",
        [
            {"pole_no": "P-9", "bearing_deg": 90.0, "x": 0.0, "y": 0.0},
            {"pole_no": "P-9", "bearing_deg": 270.0, "x": 0.5, "y": 0.0},
            {"pole_no": "P-9", "bearing_deg": 355.0, "x": 100.0, "y": 0.0},
            {"pole_no": "P-9", "bearing_deg": 5.0, "x": 100.5, "y": 0.0},
        ],
    )
    m = match_records([survey])
    assert [d.rows for d in m.duplicates] == [(4, 5)]
    assert len(m.devices) == 3


def test_assign_pairs_on_plain_sparse_costs() -> None:
    # one block: 0–0 (1), 0–1 (1), 1–0 (1); the optimum matches two pairs
    i, j, _ = assign_pairs(
        np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([1.0, 1.0, 1.0]), n_left=2, n_right=2
    )
    assert sorted(zip(i.tolist(), j.tolist(), strict=True)) == [(0, 1), (1, 0)]
    # real costs too large for the default M still give the maximum matching
    i, j, _ = assign_pairs(
        np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([1.0, 6e8, 6e8]), n_left=2, n_right=2
    )
    assert sorted(zip(i.tolist(), j.tolist(), strict=True)) == [(0, 1), (1, 0)]
    empty = assign_pairs(np.zeros(0, int), np.zeros(0, int), np.zeros(0), n_left=0, n_right=3)
    assert all(a.size == 0 for a in empty)


def test_a_device_holds_one_record_per_source_except_duplicates() -> None:
    # B1 lies between A1 and A2; a chain through C must not join A1 and A2.
    a = src("a", [{"x": 0.0, "y": 0.0, "row": 1}, {"x": 20.0, "y": 0.0, "row": 2}])
    b = src("b", [{"x": 10.0, "y": 0.0, "row": 1}])
    c = src("c", [{"x": 18.0, "y": 0.0, "row": 1}])
    m = match_records([a, b, c])
    for device in m.devices:
        assert len(device.sources) == len(device.records)
    assert m.device_of("a", 2) is m.device_of("c", 1)


def test_position_is_the_survey_median_else_all() -> None:
    rows = [{"x": 0.0, "y": 0.0, "device_id": CODE_A}]
    m = match_records(
        [
            src("filings", rows),
            src("platform", [{"x": 8.0, "y": 2.0, "device_id": CODE_A}]),
        ]
    )
    assert m.devices[0].position == (4.0, 1.0)
    unlocated = match_records([src("filings", [{"x": None, "y": None, "device_id": CODE_A}])])
    assert unlocated.devices[0].position is None


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


def test_errors_name_source_row_and_field() -> None:
    with pytest.raises(ReconcileInputError) as missing:
        match_records([SourceRecords("survey", "survey", pd.DataFrame({"row": [1], "x": [0.0]}))])
    assert missing.value.source == "survey"
    assert missing.value.field == "y"
    assert "survey" in str(missing.value) and "'y'" in str(missing.value)

    bad = pd.DataFrame({"row": [7, 8], "x": [0.0, "东经120度"], "y": [0.0, 1.0]})
    with pytest.raises(InputError) as text:
        match_records([SourceRecords("filings", "filings", bad)])
    assert (text.value.row, text.value.field) == (8, "x")
    assert str(text.value).startswith("source 'filings', row 8, field 'x'")

    twice = pd.DataFrame({"row": [3, 3], "x": [0.0, 1.0], "y": [0.0, 1.0]})
    with pytest.raises(ReconcileInputError, match="repeated"):
        match_records([SourceRecords("p", "property", twice)])
    ok = pd.DataFrame({"row": [1], "x": [0.0], "y": [0.0]})
    with pytest.raises(ReconcileInputError, match="twice"):
        match_records([SourceRecords("p", "property", ok), SourceRecords("p", "survey", ok)])
    with pytest.raises(ReconcileInputError, match="max_distance_m"):
        match_records([SourceRecords("p", "property", ok)], max_distance_m=0)


def test_cancel_stops_the_matching() -> None:
    class Cancel:
        cancelled = True

        def report(self, fraction: float, message: str = "") -> None:
            pass

    ok = pd.DataFrame({"row": [1], "x": [0.0], "y": [0.0]})
    with pytest.raises(CancelledError):
        match_records(
            [SourceRecords("a", "survey", ok), SourceRecords("b", "filings", ok)],
            progress=Cancel(),
        )


def test_forbidden_cost_dominates_any_realistic_block() -> None:
    assert FORBIDDEN_COST > 100_000 * (1 + 15.0)


# ---------------------------------------------------------------------------
# A generated world with known truth
# ---------------------------------------------------------------------------

PROJECTS = ("雪亮工程一期", "雪亮工程二期", "平安小区", "智慧城管", "交通卡口")
OWNERS = ("市北区公安分局", "市大数据局", "某物业公司", "区城管局")


@dataclass(frozen=True)
class World:
    sources: list[SourceRecords]
    truth: dict[tuple[str, int], int]  # (source, row) → true device
    duplicates: set[tuple[str, frozenset[int]]]


def _misspell(pole: str, rng: np.random.Generator) -> str:
    k = int(rng.integers(2, len(pole)))
    digit = str((int(pole[k]) + int(rng.integers(1, 10))) % 10)
    return pole[:k] + digit + pole[k + 1 :]


def make_world(seed: int = 5, n: int = 500) -> World:
    """500 cameras in a 2 km square, seen by four noisy sources."""
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0.0, 2000.0, size=(n, 2))
    code = [f"370203{rng.integers(0, 10**6):06d}131{k:05d}" for k in range(n)]
    project = [PROJECTS[int(rng.integers(len(PROJECTS)))] for _ in range(n)]
    pole = [f"P-{k:04d}" for k in range(n)]
    owner = [OWNERS[int(rng.integers(len(OWNERS)))] for _ in range(n)]
    removed = rng.random(n) < 0.04  # gone on the ground, still in the filings

    def jitter(k: int, metres: float = 10.0) -> tuple[float, float]:
        r, t = metres * np.sqrt(rng.random()), 2 * np.pi * rng.random()
        return float(xy[k, 0] + r * np.cos(t)), float(xy[k, 1] + r * np.sin(t))

    def spelled(k: int, p_missing: float, p_wrong: float) -> str | None:
        u = rng.random()
        if u < p_missing:
            return None
        if u < p_missing + p_wrong:
            return _misspell(pole[k], rng)
        return [pole[k], pole[k].replace("-", ""), pole[k].lower()][int(rng.integers(3))]

    tables: dict[str, list[tuple[int, dict[str, object]]]] = {}
    tables["filings"] = [
        (
            k,
            {
                "device_id": code[k] if rng.random() < 0.9 else None,
                "pole_no": spelled(k, 0.2, 0.03),
                "project_name": project[k],
                "owner": owner[k],
                "x": (p := jitter(k))[0],
                "y": p[1],
            },
        )
        for k in range(n)
        if rng.random() < 0.92
    ]
    tables["platform"] = [
        (
            k,
            {
                "device_id": code[k] if rng.random() < 0.97 else None,
                "status": "online",
                "x": (p := jitter(k))[0],
                "y": p[1],
            },
        )
        for k in range(n)
        if rng.random() < 0.9
    ]
    tables["property"] = [
        (
            k,
            {
                "pole_no": spelled(k, 0.05, 0.05),
                "project_name": project[k] if rng.random() < 0.8 else None,
                "owner": owner[k] if rng.random() < 0.95 else OWNERS[0],
                "maintainer": "某维保公司",
                "x": (p := jitter(k))[0],
                "y": p[1],
            },
        )
        for k in range(n)
        if rng.random() < 0.6
    ]
    tables["survey"] = [
        (
            k,
            {
                "pole_no": spelled(k, 0.15, 0.05),
                "status": "黑屏" if rng.random() < 0.05 else "正常",
                "has_sign": bool(rng.random() < 0.8),
                "x": (p := jitter(k))[0],
                "y": p[1],
            },
        )
        for k in range(n)
        if not removed[k] and rng.random() < 0.95
    ]
    # The platform registered 15 cameras twice: same code, a fresh GPS reading.
    coded = [(k, r) for k, r in tables["platform"] if r["device_id"]]
    for idx in rng.choice(len(coded), size=15, replace=False):
        k, r = coded[int(idx)]
        tables["platform"].append((k, dict(r, x=r["x"] + 0.5, y=r["y"] - 0.5)))

    sources, truth = [], {}
    dup: dict[tuple[str, int], set[int]] = {}
    for name, entries in tables.items():
        order = rng.permutation(len(entries))
        rows = []
        for row, e in enumerate(order, start=2):
            k, record = entries[int(e)]
            rows.append(dict(record, row=row))
            truth[(name, row)] = k
            dup.setdefault((name, k), set()).add(row)
        sources.append(SourceRecords(name, name, pd.DataFrame(rows)))
    duplicates = {(s, frozenset(r)) for (s, _), r in dup.items() if len(r) > 1}
    return World(sources, truth, duplicates)


def pairs_of(groups: list[list[tuple[str, int]]]) -> set[frozenset[tuple[str, int]]]:
    return {frozenset(p) for g in groups for p in itertools.combinations(g, 2)}


def precision_recall(world: World, matching: Matching) -> tuple[float, float]:
    predicted = pairs_of([[(r.source, r.row) for r in d.records] for d in matching.devices])
    by_truth: dict[int, list[tuple[str, int]]] = {}
    for ref, k in world.truth.items():
        by_truth.setdefault(k, []).append(ref)
    true = pairs_of(list(by_truth.values()))
    hits = len(predicted & true)
    return hits / len(predicted), hits / len(true)


@pytest.fixture(scope="module")
def world() -> World:
    return make_world()


@pytest.fixture(scope="module")
def matched(world: World) -> Matching:
    return match_records(world.sources)


def test_world_precision_and_recall(world: World, matched: Matching) -> None:
    precision, recall = precision_recall(world, matched)
    assert precision >= 0.98, precision
    assert recall >= 0.98, recall
    n_records = sum(len(s.records) for s in world.sources)
    assert sum(len(d.records) for d in matched.devices) == n_records


def test_world_duplicates_found(world: World, matched: Matching) -> None:
    found = {(d.source, frozenset(d.rows)) for d in matched.duplicates}
    assert found == world.duplicates


def test_world_one_record_per_source_per_device(matched: Matching) -> None:
    dup_rows = {(d.source, r) for d in matched.duplicates for r in d.rows[1:]}
    for device in matched.devices:
        refs = [(r.source, r.row) for r in device.records if (r.source, r.row) not in dup_rows]
        assert len({s for s, _ in refs}) == len(refs)


def test_world_keys_are_unique(matched: Matching) -> None:
    keys = [d.device_key for d in matched.devices]
    assert len(set(keys)) == len(keys)


def test_world_matching_is_idempotent(world: World, matched: Matching) -> None:
    again = match_records(make_world().sources)
    assert again == matched
    assert [d.device_key for d in again.devices] == [d.device_key for d in matched.devices]


def test_device_keys_survive_rows_moving_in_the_files() -> None:
    """Settlements are stored by device key: a re-export with rows in another order
    must give the same keys to devices without a GB/T 28181 code too."""
    rows = [
        {"row": 2, "x": 0.0, "y": 0.0, "pole_no": "P-1", "project_name": "一期"},
        {"row": 3, "x": 50.0, "y": 0.0, "device_id": "QD-77"},
        {"row": 4, "x": 100.0, "y": 0.0, "device_id": CODE_A},
        {"row": 5, "x": 150.0, "y": 0.0},
    ]
    first = match_records([src("survey", rows)])
    moved = [{**r, "row": 10 - r["row"]} for r in rows]  # the same records, other rows
    again = match_records([src("survey", moved)])
    keys = {d.device_key for d in first.devices}
    # keys use the normalised code and pole (P-1 and Ｐ１ are one pole)
    assert keys == {"pole:一期/P1", "id:QD77", CODE_A, "survey:5"}
    assert {d.device_key for d in again.devices} - {"survey:5"} == keys - {"survey:5"}
    # keys must stay unique: two cameras on one pole fall back to their rows
    twins = match_records(
        [
            src(
                "survey",
                [
                    {"row": 2, "x": 0.0, "y": 0.0, "pole_no": "P-1", "bearing_deg": 0.0},
                    {"row": 3, "x": 0.5, "y": 0.0, "pole_no": "P-1", "bearing_deg": 180.0},
                ],
            )
        ]
    )
    assert sorted(d.device_key for d in twins.devices) == ["survey:2", "survey:3"]

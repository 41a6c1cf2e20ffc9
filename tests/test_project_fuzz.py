"""Fuzzing the project reader with mutated real files (the sample estate).

Two kinds of mutation: cell-level (what a user can type in QGIS or a script
can write: text in number columns, impossible dates, huge numbers, broken
geometry blobs, odd srs_ids) and byte-level (a damaged file). Whatever the
mutation:

* no exception but :class:`InputError` escapes;
* rows in = rows kept + rows reported (nothing is dropped silently);
* a save with nothing edited leaves every row of every layer exactly as it was.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.core.errors import InputError
from planner.core.schema import LAYERS
from planner.io import gpkg
from planner.io.project import read_project, write_project

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_estate.gpkg"

_VALUES = st.one_of(
    st.none(),
    st.sampled_from(
        ["abc", "NaN", "十二", "half", "", " ", "2024-02-30", "31.12.2023", "online", "bullet"]
    ),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.binary(max_size=40),
)
_CELL = st.tuples(st.sampled_from(sorted(LAYERS)), st.integers(0, 40), st.integers(0, 30), _VALUES)


def _layer_rows(path: Path) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(path)) as db, db:
        present = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return {
            name: db.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()
            for name in LAYERS
            if name in present
        }


def _mutate_cells(path: Path, cells: list[tuple[str, int, int, object]]) -> None:
    with gpkg.connect(path, read_only=False) as db:
        for layer, row, column, value in cells:
            names = [r[1] for r in db.execute(f'PRAGMA table_info("{layer}")')]
            fids = [r[0] for r in db.execute(f'SELECT fid FROM "{layer}" ORDER BY fid')]
            if not names or not fids:
                continue
            name = names[column % len(names)]
            if name == "fid":
                continue
            db.execute(
                f'UPDATE "{layer}" SET "{name}" = ? WHERE fid = ?', (value, fids[row % len(fids)])
            )


def _check(path: Path) -> None:
    before = _layer_rows(path)
    try:
        project = read_project(path)
    except InputError:
        return
    for name in LAYERS:
        rows_in = len(before.get(name, []))
        assert len(project.layer(name)) + len(project.invalid.get(name, ())) == rows_in, name
        reported = {p.row for p in project.problems if p.layer == name and p.severity == "error"}
        assert len(project.invalid.get(name, ())) <= max(len(reported), 1) * rows_in
    write_project(path, project)
    after = _layer_rows(path)
    assert after == before
    again = read_project(path)
    for name in LAYERS:
        assert len(again.layer(name)) == len(project.layer(name))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cells=st.lists(_CELL, min_size=1, max_size=6))
def test_cell_mutations_never_crash_and_never_lose_a_row(tmp_path: Path, cells) -> None:
    path = tmp_path / "estate.gpkg"
    shutil.copy(SAMPLE, path)
    _mutate_cells(path, cells)
    _check(path)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    srs=st.sampled_from([-1, 0, 99999, 4326, 12345678]),
    layer=st.sampled_from(sorted(LAYERS)),
    drop_srs_table_row=st.booleans(),
)
def test_odd_srs_ids_never_crash(tmp_path: Path, srs: int, layer: str, drop_srs_table_row) -> None:
    path = tmp_path / "estate.gpkg"
    shutil.copy(SAMPLE, path)
    with gpkg.connect(path, read_only=False) as db:
        db.execute("UPDATE gpkg_geometry_columns SET srs_id = ? WHERE table_name = ?", (srs, layer))
        if drop_srs_table_row:
            db.execute("DELETE FROM gpkg_spatial_ref_sys WHERE srs_id = ?", (srs,))
    _check(path)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    offsets=st.lists(st.integers(min_value=100, max_value=180_000), min_size=1, max_size=8),
    data=st.binary(min_size=1, max_size=8),
    truncate=st.one_of(st.none(), st.integers(min_value=0, max_value=184_320)),
)
def test_damaged_files_are_refused_cleanly_or_read_whole(
    tmp_path: Path, offsets: list[int], data: bytes, truncate: int | None
) -> None:
    path = tmp_path / "estate.gpkg"
    content = bytearray(SAMPLE.read_bytes())
    for offset in offsets:
        content[offset : offset + len(data)] = data
    if truncate is not None:
        content = content[:truncate]
    path.write_bytes(bytes(content))
    try:
        project = read_project(path)
    except InputError:
        return
    for name in LAYERS:
        assert len(project.layer(name)) >= 0


def test_a_folder_named_like_a_project_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "x.gpkg"
    folder.mkdir()
    with pytest.raises(InputError, match="folder"):
        read_project(folder)

"""Fuzzing the OSM reader with mutated real files: it imports or names what is wrong, never crashes.

The seeds are the hand-made town (tests/data/osm/town.osm), the same town written
as PBF, and the Helsinki extract when set-up downloaded it. Every mutated file
must either give a project whose coverage can be computed, or raise
:class:`~planner.core.errors.InputError` (``OsmError`` is one).
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import osmium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.core.coverage import coverage_state
from planner.core.errors import InputError
from planner.io.osm import project_from_osm
from planner.io.rulesets import load_ruleset

TOWN = Path(__file__).parent / "data" / "osm" / "town.osm"
HELSINKI_PBF = Path(__file__).resolve().parents[1] / "data" / "downloads" / "Helsinki.osm.pbf"
TOWN_TEXT = TOWN.read_bytes()
LINES = TOWN_TEXT.splitlines(keepends=True)
COORDINATES = [m.span(2) for m in re.finditer(rb'\s(lat|lon)="([^"]*)"', TOWN_TEXT)]
VALUES = [m.span(1) for m in re.finditer(rb'\sv="([^"]*)"', TOWN_TEXT)]
REFS = [m.span(1) for m in re.finditer(rb'\sref="([^"]*)"', TOWN_TEXT)]
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

odd_numbers = st.sampled_from(
    ["-1000", "1000", "nan", "NaN", "inf", "-inf", "", " ", "abc", "1e5", "90.0000001", "-0",
     "180", "-180.5", "36.07.1", "+36", "0x10", "١٢", "36,07", "9" * 40]
)  # fmt: skip
any_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters='"<>&'), max_size=12
)


def _splice(text: bytes, spans: list[tuple[int, int]], picks: list[tuple[int, str]]) -> bytes:
    """``text`` with ``spans[k]`` replaced by the value picked for ``k`` (the last pick wins)."""
    chosen = dict(picks)
    out, last = [], 0
    for (start, end), value in sorted((spans[k], v.encode()) for k, v in chosen.items()):
        out += [text[last:start], value]
        last = end
    return b"".join([*out, text[last:]])


def _import_or_refuse(path: Path) -> None:
    """Import ``path`` and compute its coverage; only InputError may stop either."""
    try:
        project = project_from_osm(path)
    except InputError:
        return
    ruleset = load_ruleset(project.ruleset)
    with contextlib.suppress(InputError):
        coverage_state(project.cameras, project.zones, project.buildings, ruleset=ruleset)


def _write(tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str = ".osm") -> Path:
    path = tmp_path_factory.mktemp("fuzz") / f"mutant{suffix}"
    path.write_bytes(data)
    return path


@FUZZ
@given(
    picks=st.lists(
        st.tuples(st.integers(0, len(COORDINATES) - 1), odd_numbers), min_size=1, max_size=4
    )
)
def test_bad_coordinates_are_reported_not_fatal(tmp_path_factory, picks) -> None:
    data = _splice(TOWN_TEXT, COORDINATES, picks)
    _import_or_refuse(_write(tmp_path_factory, data))


@FUZZ
@given(
    picks=st.lists(
        st.tuples(st.integers(0, len(VALUES) - 1), st.one_of(odd_numbers, any_text)),
        min_size=1,
        max_size=6,
    )
)
def test_odd_tag_values_never_crash(tmp_path_factory, picks) -> None:
    _import_or_refuse(_write(tmp_path_factory, _splice(TOWN_TEXT, VALUES, picks)))


@FUZZ
@given(
    refs=st.lists(
        st.tuples(st.integers(0, len(REFS) - 1), st.sampled_from(["1", "999999", "-5", "x", ""])),
        max_size=4,
    ),
    removed=st.lists(st.integers(0, len(LINES) - 1), max_size=6),
    repeated=st.lists(st.integers(0, len(LINES) - 1), max_size=3),
)
def test_missing_repeated_and_rewired_elements_never_crash(
    tmp_path_factory, refs, removed, repeated
) -> None:
    text = _splice(TOWN_TEXT, REFS, refs)
    lines = text.splitlines(keepends=True)
    gone = set(removed)
    out = []
    for k, line in enumerate(lines):
        if k not in gone:
            out.append(line)
        if k in repeated:
            out.append(line)
    _import_or_refuse(_write(tmp_path_factory, b"".join(out)))


@FUZZ
@given(
    cut=st.integers(0, len(TOWN_TEXT)),
    flips=st.lists(
        st.tuples(st.integers(0, len(TOWN_TEXT) - 1), st.binary(min_size=1, max_size=3))
    ),
)
def test_truncated_or_garbled_xml_is_refused_or_read(tmp_path_factory, cut, flips) -> None:
    data = bytearray(TOWN_TEXT[:cut] if cut > len(TOWN_TEXT) // 2 else TOWN_TEXT)
    for at, garbage in flips:
        if at < len(data):
            data[at : at + len(garbage)] = garbage
    _import_or_refuse(_write(tmp_path_factory, bytes(data)))


@pytest.fixture(scope="module")
def town_pbf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The hand-made town written as PBF by pyosmium."""
    path = tmp_path_factory.mktemp("pbf") / "town.osm.pbf"
    with osmium.SimpleWriter(str(path)) as writer:
        for obj in osmium.FileProcessor(str(TOWN)):
            writer.add(obj)
    return path.read_bytes()


@FUZZ
@given(
    cut=st.integers(0, 1 << 20),
    flips=st.lists(st.tuples(st.integers(0, 1 << 20), st.binary(min_size=1, max_size=4))),
)
def test_garbled_pbf_is_refused_or_read(tmp_path_factory, town_pbf, cut, flips) -> None:
    data = bytearray(town_pbf[: cut % (len(town_pbf) + 1)] if cut % 2 else town_pbf)
    for at, garbage in flips:
        at %= max(len(data), 1)
        data[at : at + len(garbage)] = garbage
    _import_or_refuse(_write(tmp_path_factory, bytes(data), ".osm.pbf"))


@pytest.mark.skipif(not HELSINKI_PBF.exists(), reason="set-up downloads the Helsinki extract")
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(flips=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=8)), max_size=3))
def test_garbled_helsinki_extract_is_refused_or_read(tmp_path_factory, flips) -> None:
    data = bytearray(HELSINKI_PBF.read_bytes())
    for at, garbage in flips:
        start = int(at * (len(data) - 1))
        data[start : start + len(garbage)] = garbage
    _import_or_refuse(_write(tmp_path_factory, bytes(data), ".osm.pbf"))

"""Fuzzing the GeoJSON and Shapefile importers with mutated real files (the sample estate).

The seeds are the sample project's layers written as GeoJSON (longitude/latitude)
and as Shapefiles (the project's own grid). They are mutated the way files made
elsewhere go wrong: property values of the wrong type (text in number fields,
nested objects, huge numbers, ``NaN`` text, dates that do not exist), broken
geometries (missing, wrong type, empty, NaN or out-of-range coordinates,
unclosed rings), damaged bytes, and for Shapefiles truncated or garbled
``.shp``/``.shx``/``.dbf``, missing sidecars and wrong ``.cpg``/``.prj``.
Whatever the mutation, :func:`planner.io.importers.import_file`:

* raises nothing but a :class:`~planner.core.errors.PlannerError`;
* imports or names every row: rows in = rows imported + rows reported;
* gives a project that saves and reads back with every imported row.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import struct
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from planner.core.errors import CrsError, InputError, PlannerError
from planner.core.project import Project
from planner.core.schema import LAYERS
from planner.io import gpkg
from planner.io.importers import (
    NOT_IMPORTED,
    ImportRequest,
    ImportResult,
    import_file,
    read_preview,
)
from planner.io.project import read_project, write_project

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_estate.gpkg"
GEOJSON_LAYERS = ("cameras", "zones", "buildings", "private_areas", "roads")
#: Zones mix points, lines and polygons, which a Shapefile cannot hold in one file.
SHAPEFILE_LAYERS = ("cameras", "buildings", "private_areas", "roads")
SIDECARS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
#: Examples per fuzzing test; ``IMPORT_FUZZ_EXAMPLES=500`` searches harder (minutes).
EXAMPLES = int(os.environ.get("IMPORT_FUZZ_EXAMPLES", "8"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


GEOJSON_LAYER = st.sampled_from(GEOJSON_LAYERS)
SHAPEFILE_LAYER = st.sampled_from(SHAPEFILE_LAYERS)
#: Into a new project around the data, or replacing the layer of the sample project.
INTO = st.sampled_from(["new", "replace"])


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample estate's layers as ``<layer>.geojson`` and ``shp/<layer>.shp``."""
    folder = tmp_path_factory.mktemp("seeds")
    (folder / "shp").mkdir()
    for layer in GEOJSON_LAYERS:
        frame = pyogrio.read_dataframe(SAMPLE, layer=layer)
        pyogrio.write_dataframe(frame.to_crs(4326), folder / f"{layer}.geojson", driver="GeoJSON")
        if layer in SHAPEFILE_LAYERS:
            with warnings.catch_warnings():  # names cut to 10 characters, as in real files
                warnings.simplefilter("ignore", RuntimeWarning)
                pyogrio.write_dataframe(frame, folder / "shp" / f"{layer}.shp", encoding="UTF-8")
    return folder


@pytest.fixture
def workdir() -> Iterator[Path]:
    """A fresh folder per example (``tmp_path`` is shared by all examples of a test)."""
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


# --- what every import must do -----------------------------------------------------------


def _import_checked(path: Path, layer: str, rows_in: int | None, into: str, work: Path) -> None:
    """Import ``path`` as ``layer``; check the rows add up and survive a save and reopen.

    ``rows_in`` is how many rows the file holds (None: unknown, a damaged file).
    ``into`` is ``"new"`` (a new project around the data) or ``"replace"`` (the
    layer of a copy of the sample project, saved over that file).
    """
    target = work / "project.gpkg"
    project: Project | None = None
    if into == "replace":
        shutil.copy(SAMPLE, target)
        project = read_project(target)
    request = ImportRequest(path=path, target=layer, mode="replace" if project else "add")
    try:
        result = import_file(project, request)
    except PlannerError as exc:
        event(f"refused: {type(exc).__name__}: {getattr(exc, 'detail', exc)!s:.70}")
        return
    event("imported")
    _check_counts(result, layer, rows_in)
    imported = result.project.layer(layer)
    try:
        write_project(target, result.project)
    except PlannerError as exc:  # pragma: no cover - a failure to save is a finding
        pytest.fail(f"an imported project cannot be saved: {exc}")
    again = read_project(target)
    assert len(again.layer(layer)) == len(imported), [str(p) for p in again.problems]
    assert len(again.invalid.get(layer, ())) == 0, [str(p) for p in again.problems]
    id_field = LAYERS[layer].id_field
    if id_field is not None:
        assert sorted(again.layer(layer)[id_field]) == sorted(imported[id_field])


def _check_counts(result: ImportResult, layer: str, rows_in: int | None) -> None:
    counts = result.counts[layer]
    reported = {p.row for p in result.problems if p.action == NOT_IMPORTED and p.row != "-"}
    imported = counts.added + counts.updated + counts.unchanged
    if rows_in is not None:
        assert counts.read == rows_in
    assert imported + len(reported) == counts.read, [str(p) for p in result.problems]
    for problem in result.problems:  # each names file, layer, row and field
        if problem.action == NOT_IMPORTED and problem.row != "-":
            assert problem.file and problem.layer and problem.field, str(problem)


# --- GeoJSON -----------------------------------------------------------------------------

odd_values = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from(
        ["abc", "NaN", "nan", "Infinity", "-Infinity", "inf", "十二", "half", "", " ", "1e400",
         "2024-02-30", "2024-13-01", "2024/01/05", "0000-00-00", "online", "bullet", "500",
         "-1", "1,5", "０.５", "\u0000", "x" * 5000, "2024-01-05T25:00:00", "20240230"]
    ),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.lists(st.integers(-3, 3), max_size=3),
    st.dictionaries(st.sampled_from(["a", "b"]), st.integers(-3, 3), max_size=2),
)  # fmt: skip


def _coordinates_mutated(coordinates: object, value: float, index: int) -> object:
    """``coordinates`` with one number (the ``index``-th, cyclically) replaced by ``value``."""
    flat: list[tuple[list, int]] = []

    def walk(node: object) -> None:
        if isinstance(node, list):
            for k, item in enumerate(node):
                if isinstance(item, list):
                    walk(item)
                else:
                    flat.append((node, k))

    walk(coordinates)
    if flat:
        node, k = flat[index % len(flat)]
        node[k] = value
    return coordinates


def _geometry_mutation(geometry: object, kind: str, number: float, index: int) -> object:
    """``geometry`` (a GeoJSON geometry, maybe mutated already) mutated by ``kind``."""
    if not isinstance(geometry, dict) or kind == "null":
        return None
    shape = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "point":
        return {"type": "Point", "coordinates": [120.38, 36.07]}
    if kind == "line":
        return {"type": "LineString", "coordinates": [[120.38, 36.07], [120.381, 36.071]]}
    if kind == "empty":
        return {"type": shape, "coordinates": []}
    if kind == "no_coordinates":
        return {"type": shape}
    if kind == "bad_type":
        return {"type": "Circle", "coordinates": coordinates}
    if kind == "collection":
        return {"type": "GeometryCollection", "geometries": [geometry]}
    if kind == "unclosed":
        ring = coordinates
        while isinstance(ring, list) and ring and isinstance(ring[0], list) and ring[0]:
            if not isinstance(ring[0][0], list):
                break
            ring = ring[0]
        if shape in ("Polygon", "MultiPolygon") and isinstance(ring, list) and len(ring) > 3:
            ring.pop()
        return geometry
    value = "x" if kind == "text_coordinate" else number
    return {**geometry, "coordinates": _coordinates_mutated(coordinates, value, index)}


geometry_mutations = st.tuples(
    st.sampled_from(
        ["null", "point", "line", "empty", "no_coordinates", "bad_type", "collection", "unclosed",
         "text_coordinate", "number", "not_a_feature"]
    ),
    st.sampled_from([math.nan, math.inf, -math.inf, 1000.0, -1000.0, 181.0, -91.0, 90.0, 1e300]),
    st.integers(0, 50),
)  # fmt: skip


def _features(seeds: Path, layer: str) -> dict:
    return json.loads((seeds / f"{layer}.geojson").read_text(encoding="utf-8"))


@settings(FUZZ, max_examples=EXAMPLES * 3 // 2)
@given(
    layer=GEOJSON_LAYER,
    cells=st.lists(
        st.tuples(st.integers(0, 50), st.integers(0, 30), odd_values), min_size=1, max_size=5
    ),
    into=INTO,
)
def test_geojson_with_odd_property_values(
    seeds: Path, workdir: Path, layer: str, cells: list, into: str
) -> None:
    document = _features(seeds, layer)
    features = document["features"]
    for row, column, value in cells:
        properties = features[row % len(features)]["properties"]
        names = [*properties, "extra"]
        properties[names[column % len(names)]] = value
    path = workdir / f"{layer}.geojson"
    path.write_text(json.dumps(document, allow_nan=True, ensure_ascii=False), encoding="utf-8")
    _import_checked(path, layer, len(features), into, workdir)


@FUZZ
@given(
    layer=GEOJSON_LAYER,
    mutations=st.lists(st.tuples(st.integers(0, 50), geometry_mutations), min_size=1, max_size=3),
    into=INTO,
)
def test_geojson_with_broken_geometries(
    seeds: Path, workdir: Path, layer: str, mutations: list, into: str
) -> None:
    document = _features(seeds, layer)
    features = document["features"]
    for row, (kind, number, index) in mutations:
        feature = features[row % len(features)]
        if kind == "not_a_feature":  # GDAL skips such members of "features"
            features[row % len(features)] = [None, {"type": "Foo"}, 5][index % 3]
        elif isinstance(feature, dict):
            feature["geometry"] = _geometry_mutation(feature.get("geometry"), kind, number, index)
    path = workdir / f"{layer}.geojson"
    path.write_text(json.dumps(document, allow_nan=True), encoding="utf-8")
    _import_checked(path, layer, len(features), into, workdir)


@FUZZ
@given(
    layer=GEOJSON_LAYER,
    offsets=st.lists(st.integers(0, 20_000), max_size=4),
    data=st.binary(min_size=1, max_size=6),
    truncate=st.one_of(st.none(), st.integers(0, 20_000)),
)
def test_damaged_geojson_is_refused_or_read_whole(
    seeds: Path, workdir: Path, layer: str, offsets: list, data: bytes, truncate: int | None
) -> None:
    content = bytearray((seeds / f"{layer}.geojson").read_bytes())
    for offset in offsets:
        at = offset % len(content)
        content[at : at + len(data)] = data
    if truncate is not None:
        content = content[: truncate % (len(content) + 1)]
    path = workdir / f"{layer}.geojson"
    path.write_bytes(bytes(content))
    _import_checked(path, layer, None, "new", workdir)


# --- Shapefile ---------------------------------------------------------------------------


def _shapefile(seeds: Path, layer: str, workdir: Path) -> Path:
    for suffix in SIDECARS:
        source = seeds / "shp" / f"{layer}{suffix}"
        if source.exists():
            shutil.copy(source, workdir / source.name)
    return workdir / f"{layer}.shp"


#: ``(part, truncate or garble, offset, bytes written)``
part_damage = st.tuples(
    st.sampled_from([".shp", ".shx", ".dbf"]),
    st.sampled_from(["truncate", "garble"]),
    st.integers(0, 10_000),
    st.binary(min_size=1, max_size=6),
)
#: ``(record, offset in the record, bytes written)``
dbf_cell_damage = st.tuples(
    st.integers(0, 50), st.integers(0, 30), st.binary(min_size=1, max_size=12)
)


@FUZZ
@given(
    layer=SHAPEFILE_LAYER,
    damage=st.lists(part_damage, min_size=1, max_size=3),
    into=INTO,
)
def test_damaged_shapefile_parts(
    seeds: Path, workdir: Path, layer: str, damage: list, into: str
) -> None:
    path = _shapefile(seeds, layer, workdir)
    for suffix, how, offset, data in damage:
        part = path.with_suffix(suffix)
        content = bytearray(part.read_bytes())
        at = offset % (len(content) + 1)
        if how == "truncate":
            content = content[:at]
        else:
            content[at : at + len(data)] = data
        part.write_bytes(bytes(content))
    _import_checked(path, layer, None, into, workdir)


@FUZZ
@given(
    layer=SHAPEFILE_LAYER,
    missing=st.sets(st.sampled_from([".shx", ".dbf", ".prj", ".cpg"])),
    cpg=st.one_of(st.none(), st.sampled_from(["UTF-8", "GBK", "LATIN1", "65001", "nonsense", ""])),
    prj=st.one_of(
        st.none(),
        st.sampled_from(["", "nonsense", 'GEOGCS["WGS 84"]', "EPSG:4326", "\x00\x01", "PROJCS["]),
    ),
    into=INTO,
)
def test_shapefile_with_missing_or_wrong_sidecars(
    seeds: Path,
    workdir: Path,
    layer: str,
    missing: set,
    cpg: str | None,
    prj: str | None,
    into: str,
) -> None:
    path = _shapefile(seeds, layer, workdir)
    rows_in = pyogrio.read_info(path)["features"]
    for suffix in missing:
        path.with_suffix(suffix).unlink(missing_ok=True)
    if cpg is not None:
        path.with_suffix(".cpg").write_text(cpg, encoding="ascii")
    if prj is not None:
        path.with_suffix(".prj").write_text(prj, encoding="latin-1")
    _import_checked(path, layer, rows_in if ".dbf" not in missing else None, into, workdir)


@FUZZ
@given(
    layer=SHAPEFILE_LAYER,
    cells=st.lists(dbf_cell_damage, min_size=1, max_size=5),
    into=INTO,
)
def test_shapefile_with_garbled_dbf_cells(
    seeds: Path, workdir: Path, layer: str, cells: list, into: str
) -> None:
    path = _shapefile(seeds, layer, workdir)
    dbf = path.with_suffix(".dbf")
    raw = bytearray(dbf.read_bytes())
    count = int.from_bytes(raw[4:8], "little")
    header = int.from_bytes(raw[8:10], "little")
    size = int.from_bytes(raw[10:12], "little")
    for row, position, data in cells:
        start = header + (row % count) * size + 1 + position % (size - 1)
        end = min(start + len(data), header + (row % count + 1) * size)
        raw[start:end] = data[: end - start]
    dbf.write_bytes(bytes(raw))
    _import_checked(path, layer, count, into, workdir)


# --- what the fuzzing found --------------------------------------------------------------


def _geojson(path: Path, features: list, **extra: object) -> Path:
    document = {"type": "FeatureCollection", **extra, "features": features}
    path.write_text(json.dumps(document, allow_nan=True, ensure_ascii=False), encoding="utf-8")
    return path


def _camera(camera_id: str, lon: float = 120.38, **properties: object) -> dict:
    return {
        "type": "Feature",
        "properties": {"camera_id": camera_id, "height_m": 4.0, **properties},
        "geometry": {"type": "Point", "coordinates": [lon, 36.07]},
    }


def _not_imported(result: ImportResult) -> dict[tuple[str, str], str]:
    """``{(row, field): value}`` of the rows an import reported and left out."""
    return {(p.row, p.field): p.value for p in result.problems if p.action == NOT_IMPORTED}


def test_a_date_that_does_not_exist_is_a_cell_problem(tmp_path: Path) -> None:
    # pyogrio stopped with "ValueError: day is out of range for month"
    path = _geojson(
        tmp_path / "cams.geojson",
        [_camera("A", installed_on="2022-06-15"), _camera("B", installed_on="2024-02-30")],
    )
    result = import_file(None, ImportRequest(path=path, target="cameras"))
    assert _not_imported(result) == {("2", "installed_on"): "2024-02-30"}
    assert result.project.cameras["installed_on"].tolist() == ["2022-06-15"]


def test_values_gdal_would_turn_into_numbers_are_reported(tmp_path: Path) -> None:
    # GDAL read true as 1, false as 0, "NaN" text as NaN (empty), [90] as a list
    path = _geojson(
        tmp_path / "cams.geojson",
        [
            _camera("A", bearing_deg=90),
            _camera("B", bearing_deg=False),
            _camera("C", bearing_deg=True, height_m="NaN"),
            _camera("D", bearing_deg=[90]),
            _camera("E", bearing_deg={"deg": 90}),
        ],
    )
    result = import_file(None, ImportRequest(path=path, target="cameras"))
    assert _not_imported(result) == {
        ("2", "bearing_deg"): "false",
        ("3", "bearing_deg"): "true",
        ("3", "height_m"): "NaN",
        ("4", "bearing_deg"): "[90]",
        ("5", "bearing_deg"): '{"deg": 90}',
    }
    assert result.project.cameras["camera_id"].tolist() == ["A"]


def test_members_of_features_that_are_not_features_are_reported(tmp_path: Path) -> None:
    # GDAL skips them without a word; rows keep their place in "features"
    path = _geojson(
        tmp_path / "cams.geojson",
        [_camera("A"), {"type": "Foo"}, 5, _camera("D", height_m=True)],
    )
    result = import_file(None, ImportRequest(path=path, target="cameras"))
    assert _not_imported(result) == {
        ("2", "type"): "Foo",
        ("3", "type"): "5",
        ("4", "height_m"): "true",
    }
    assert result.counts["cameras"].read == 4
    assert result.counts["cameras"].added == 1


def test_filtered_geojson_with_ids_puts_values_back_on_their_rows(tmp_path: Path) -> None:
    features = [_camera("A", height_m=True), _camera("B", height_m=5), _camera("C", height_m=6)]
    for number, feature in zip((30, 10, 20), features, strict=True):
        feature["id"] = number
    path = _geojson(tmp_path / "cams.geojson", features)
    request = ImportRequest(path=path, target="cameras", where="camera_id <> 'B'")
    result = import_file(None, request)
    assert _not_imported(result) == {("fid 30", "height_m"): "true"}
    assert result.project.cameras["camera_id"].tolist() == ["C"]


def test_unclosed_ring_and_bad_coordinates_are_row_problems(tmp_path: Path) -> None:
    # shapely stopped with "GEOSException: Points of LinearRing do not form a closed linestring"
    ring = [[120.38, 36.07], [120.381, 36.07], [120.381, 36.071]]
    zones = [
        {
            "type": "Feature",
            "properties": {"zone_id": zone_id, "category": "entrance"},
            "geometry": geometry,
        }
        for zone_id, geometry in [
            ("Z1", {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}),
            ("Z2", {"type": "Polygon", "coordinates": [ring]}),
            ("Z3", {"type": "Point", "coordinates": ["x", 36.07]}),
        ]
    ]
    path = _geojson(tmp_path / "zones.geojson", zones)
    result = import_file(None, ImportRequest(path=path, target="zones"))
    assert set(_not_imported(result)) == {("2", "geometry"), ("3", "geometry")}
    assert result.project.zones["zone_id"].tolist() == ["Z1"]


def _dbf(fields: list[tuple[str, str, int]], records: list[tuple[str, ...]]) -> bytes:
    """A dBASE III table: ``fields`` as ``(name, type, width)``, every value as its text."""
    header = 32 + 32 * len(fields) + 1
    size = 1 + sum(width for _, _, width in fields)
    out = bytearray(b"\x03\x7c\x01\x01")
    out += len(records).to_bytes(4, "little") + header.to_bytes(2, "little")
    out += size.to_bytes(2, "little") + bytes(20)
    for name, kind, width in fields:
        out += name.encode().ljust(11, b"\x00") + kind.encode() + bytes(4)
        out += bytes([width, 0]) + bytes(14)
    out += b"\x0d"
    for record in records:
        out += b" " + b"".join(
            value.encode("utf-8").ljust(width)[:width]
            for value, (_, _, width) in zip(record, fields, strict=True)
        )
    return bytes(out + b"\x1a")


def _points_shapefile(path: Path, count: int) -> Path:
    frame = gpd.GeoDataFrame(
        {"n": range(count)},
        geometry=gpd.points_from_xy([534200.0 + k for k in range(count)], [3993300.0] * count),
        crs=4549,
    )
    pyogrio.write_dataframe(frame, path)
    return path


def test_shapefile_date_that_does_not_exist_is_a_cell_problem(tmp_path: Path) -> None:
    path = _points_shapefile(tmp_path / "cams.shp", 3)
    fields = [("camera_id", "C", 10), ("installed_", "D", 8)]
    records = [("A", "20220615"), ("B", "20240230"), ("C", "")]
    path.with_suffix(".dbf").write_bytes(_dbf(fields, records))
    result = import_file(None, ImportRequest(path=path, target="cameras"))
    assert _not_imported(result) == {("2", "installed_on"): "2024-02-30"}
    assert result.project.cameras["installed_on"].tolist() == ["2022-06-15", None]


def test_geopackage_date_that_does_not_exist_is_a_cell_problem(tmp_path: Path) -> None:
    path = tmp_path / "cams.gpkg"
    frame = gpd.GeoDataFrame(
        {"camera_id": ["A", "B"]}, geometry=gpd.points_from_xy([120.38] * 2, [36.07] * 2), crs=4326
    )
    pyogrio.write_dataframe(frame, path, layer="cams")
    with gpkg.connect(path, read_only=False) as db:
        db.execute("ALTER TABLE cams ADD COLUMN installed_on DATE")
        db.execute(
            "UPDATE cams SET installed_on = CASE fid WHEN 1 THEN '2022-06-15' ELSE '2024-02-30' END"
        )
    result = import_file(None, ImportRequest(path=path, target="cameras"))
    assert _not_imported(result) == {("2", "installed_on"): "2024-02-30"}


def test_shapefile_text_with_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    # one damaged cell refused the whole file ("text is not in the encoding the file declares")
    path = _points_shapefile(tmp_path / "cams.shp", 2)
    fields = [("camera_id", "C", 10), ("owner", "C", 20)]
    path.with_suffix(".dbf").write_bytes(_dbf(fields, [("A", "海晟物业"), ("B", "海晟物业")]))
    path.with_suffix(".cpg").write_text("UTF-8", encoding="ascii")
    raw = bytearray(path.with_suffix(".dbf").read_bytes())
    raw[raw.rfind("晟".encode()) + 1] = 0xFF
    path.with_suffix(".dbf").write_bytes(bytes(raw))
    result = import_file(None, ImportRequest(path=path, target="cameras"))
    damaged = [p for p in result.problems if p.field == "owner"]
    assert [(p.row, p.severity, p.value) for p in damaged] == [
        ("2", "warning", "海\ufffd\ufffd\ufffd物业")
    ]
    assert result.project.cameras["owner"].tolist() == ["海晟物业", "海\ufffd\ufffd\ufffd物业"]


def test_shapefile_prj_that_is_not_a_crs_is_named(tmp_path: Path) -> None:
    path = _points_shapefile(tmp_path / "cams.shp", 1)
    path.with_suffix(".prj").write_text('GEOGCS["WGS 84"]', encoding="ascii")
    with pytest.raises(CrsError, match=r"\.prj"):
        import_file(None, ImportRequest(path=path, target="cameras"))


def test_the_dialog_preview_reads_what_the_import_reads(tmp_path: Path) -> None:
    path = _geojson(
        tmp_path / "cams.geojson",
        [_camera("A", installed_on="2022-06-15"), _camera("B", installed_on="2024-02-30")],
    )
    preview = read_preview(path, layer="cams", rows=5)
    assert preview["installed_on"].tolist() == [pd.Timestamp("2022-06-15"), "2024-02-30"]
    raw = path.read_bytes().replace(b'"A"', b'"\xff"')
    path.write_bytes(raw)
    assert read_preview(path, layer="cams", rows=5)["camera_id"].tolist() == ["\ufffd", "B"]


def test_a_layer_name_that_is_not_text_is_refused_cleanly(tmp_path: Path) -> None:
    # pyogrio.list_layers stopped with UnicodeDecodeError
    path = tmp_path / "cams.geojson"
    path.write_bytes(b'{"type": "FeatureCollection", "name": "\x80", "features": []}')
    with pytest.raises(InputError, match="a layer name is not text"):
        import_file(None, ImportRequest(path=path, target="cameras"))


@pytest.mark.parametrize("into", ["new", "replace"])
@pytest.mark.parametrize(("lon", "lat"), [(181.0, 36.07), (480.38, 36.07), (120.38, -91.0)])
def test_longitude_or_latitude_out_of_range_is_a_row_problem(
    tmp_path: Path, into: str, lon: float, lat: float
) -> None:
    # PROJ wrapped 181 to -179 (half the world away) and 480.38 to 120.38 without a word;
    # into a new project, the centre it pulled off refused the file or chose a wrong CRS
    bad = _camera("B")
    bad["geometry"]["coordinates"] = [lon, lat]
    path = _geojson(tmp_path / "cams.geojson", [_camera("A"), bad, _camera("C", lon=120.381)])
    project = read_project(SAMPLE) if into == "replace" else None
    request = ImportRequest(path=path, target="cameras", mode="replace" if project else "add")
    result = import_file(project, request)
    assert _not_imported(result) == {("2", "geometry"): f"{lon:g}, {lat:g}"}
    assert result.project.cameras["camera_id"].tolist() == ["A", "C"]
    assert result.project.crs.to_epsg() == 4549  # CGCS2000 zone of 120°E, as for the sample


def test_a_new_project_is_centred_on_the_rows_that_lie_on_earth(tmp_path: Path) -> None:
    path = _points_shapefile(tmp_path / "cams.shp", 3)
    path.with_suffix(".dbf").write_bytes(_dbf([("camera_id", "C", 10)], [("A",), ("B",), ("C",)]))
    raw = bytearray(path.read_bytes())
    raw[100 + 8 + 4 : 100 + 8 + 12] = struct.pack("<d", 1e300)  # first point's x
    path.write_bytes(bytes(raw))
    result = import_file(None, ImportRequest(path=path, target="cameras"))
    # the centre was infinite: "CrsError: centre inf, inf is not a longitude/latitude"
    assert result.project.crs.to_epsg() == 4549
    assert result.counts["cameras"].added == 3  # the far point is what the file says

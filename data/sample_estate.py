"""Author the illustrative sample project: an old open estate in Qingdao (seed 004).

The estate is invented, not a real place. It is modelled on the Qingdao
report on old open estates (``/work/shared/seeds/004_*``): no walls, two
entrances, a fire lane, cameras aimed at tall buildings for objects thrown
from height, a square, a small hotel, a bathhouse and a dormitory on its
edge. Geometry is drawn in local metres (origin at the south-west corner of
the estate) and shifted into CGCS2000 / 3-degree Gauss-Kruger CM 120E
(EPSG:4549) so that the estate's centre lies at lon 120.38, lat 36.07.

Every later feature has something to find here:

* zones that pass (south entrance, square, car park entrance, intersection)
  and fail (north entrance: its camera is faulty; fire lane: the western
  camera is offline, so only about four fifths of the lane is seen);
* QD-SN-031 looks at the public toilet, QD-SN-044 stares at the hotel
  façade from the pavement;
* QD-SN-052 hangs inside the dormitory (forbidden placement);
* QD-SN-009, QD-SN-031 and QD-SN-027 have no owner; QD-SN-013, QD-SN-021
  and QD-SN-038 are faulty or offline; QD-SN-060 has unknown direction, lens
  and resolution (the engine's assumptions);
* QD-SN-005 and QD-SN-009 look up at residential blocks (objects thrown from
  height) and see no ground at all.

Run ``python data/sample_estate.py [-o data/sample_estate.gpkg]``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from types import MappingProxyType

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import LineString, Point, Polygon, box

from planner.core.project import Project
from planner.core.schema import LAYERS
from planner.io.project import write_project

#: CGCS2000 / 3-degree Gauss-Kruger CM 120E, the grid Qingdao survey data comes in.
CRS_EPSG = 4549
#: Where the centre of the invented estate lies (Qingdao, Shinan district).
CENTRE_LONLAT = (120.38, 36.07)
#: Size of the estate in local metres; the local origin is its south-west corner.
ESTATE_SIZE = (200.0, 160.0)
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "sample_estate.gpkg"

TITLE = "示例老旧开放式小区 (illustrative)"
NOTE = (
    "Illustrative sample, not a real place: an invented old open estate in Qingdao "
    "modelled on a Qingdao report on old open estates (seed 004). Names, owners, "
    "pole numbers and dates are made up."
)

POLICE = "市南公安分局"
BIG_DATA = "市南区大数据局"
PROPERTY = "海晟物业公司"
SAFE_CITY = "平安城市二期"
SHARP_EYES = "雪亮工程"
SMART_ESTATE = "智慧安防小区改造"


def local_origin() -> tuple[float, float]:
    """Grid coordinates (EPSG:4549, whole metres) of the estate's south-west corner."""
    to_grid = Transformer.from_crs(4326, CRS_EPSG, always_xy=True)
    x, y = to_grid.transform(*CENTRE_LONLAT)
    return round(x - ESTATE_SIZE[0] / 2), round(y - ESTATE_SIZE[1] / 2)


def _frame(layer: str, rows: list[dict], crs: CRS, origin: tuple[float, float]):
    """A layer frame with every documented column, geometry shifted from local metres."""
    spec = LAYERS[layer]
    geoms = [shapely.transform(row.pop("geometry"), lambda xy: xy + origin) for row in rows]
    table = pd.DataFrame(rows, columns=list(spec.field_names))
    for field in spec.fields:
        if field.kind == "boolean":
            table[field.name] = table[field.name].astype("boolean")
        elif field.kind == "integer":
            table[field.name] = table[field.name].astype("Int64")
        elif field.kind == "real":
            table[field.name] = table[field.name].astype("float64")
    return gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(geoms, crs=crs))


def buildings() -> list[dict]:
    """Eight six-storey blocks, the hotel, the bathhouse and the dormitory."""
    rows = []
    blocks = [(20, 70), (90, 140)]
    rows_y = [20, 60, 100, 135]
    number = 1
    for y in rows_y:
        for x0, x1 in blocks:
            rows.append(
                {
                    "geometry": box(x0, y, x1, y + 12),
                    "height_m": 18.0,
                    "use": "residential",
                    "name": f"{number}号楼",
                }
            )
            number += 1
    rows += [
        {
            "geometry": box(160, 8, 195, 24),
            "height_m": 15.0,
            "use": "hotel",
            "name": "海韵快捷酒店",
        },
        {
            "geometry": box(150, 136, 180, 150),
            "height_m": 6.0,
            "use": "bathhouse",
            "name": "清泉浴池",
        },
        {
            "geometry": box(155, 106, 190, 122),
            "height_m": 12.0,
            "use": "dormitory",
            "name": "职工宿舍",
        },
    ]
    return rows


def private_areas() -> list[dict]:
    """Where no camera may look (Qingdao Measures Art. 9)."""
    return [
        # guest rooms: the hotel minus its ground-floor lobby strip on the street side
        {"geometry": box(161, 12, 194, 23), "category": "hotel_room", "name": "海韵快捷酒店客房"},
        {"geometry": box(150, 136, 180, 150), "category": "bathhouse", "name": "清泉浴池"},
        {"geometry": box(155, 106, 190, 122), "category": "dormitory", "name": "职工宿舍"},
        # a free-standing public toilet with its screened entrance; no footprint in buildings
        {"geometry": box(4, 150, 11, 156), "category": "toilet", "name": "公共厕所"},
    ]


def roads() -> list[dict]:
    """Two outer streets meeting at the south-west corner, the internal road, the fire lane."""
    return [
        {
            "geometry": LineString([(-60, -12), (240, -12)]),
            "highway": "secondary",
            "name": "海川路",
            "width_m": 16.0,
        },
        {
            "geometry": LineString([(-12, -60), (-12, 200)]),
            "highway": "tertiary",
            "name": "安平路",
            "width_m": 12.0,
        },
        {
            "geometry": LineString([(80, -4), (80, 164)]),
            "highway": "service",
            "name": "小区内路",
            "width_m": 6.0,
        },
        {
            "geometry": LineString([(-6, 86), (190, 86)]),
            "highway": "service",
            "name": "消防通道",
            "width_m": 4.0,
        },
    ]


def zones() -> list[dict]:
    """Mandatory zones; requirements come from the Qingdao ruleset."""
    common = {"required_level": None, "required_coverage": None, "osm_ids": None}
    return [
        {
            **common,
            "geometry": Point(80, 0),
            "zone_id": "Z01",
            "name": "南门",
            "category": "estate_entrance",
            "source": "drawn",
        },
        {
            **common,
            "geometry": Point(80, 160),
            "zone_id": "Z02",
            "name": "北门",
            "category": "estate_entrance",
            "source": "drawn",
        },
        {
            **common,
            "geometry": LineString([(15, 86), (185, 86)]),
            "zone_id": "Z03",
            "name": "消防通道",
            "category": "fire_lane",
            "source": "drawn",
        },
        {
            **common,
            "geometry": box(150, 62, 190, 80),
            "zone_id": "Z04",
            "name": "小区广场",
            "category": "square",
            "source": "drawn",
        },
        {
            **common,
            "geometry": Point(2, 100),
            "zone_id": "Z05",
            "name": "停车场入口",
            "category": "car_park_entrance",
            "source": "drawn",
        },
        {
            **common,
            "geometry": Polygon([(-22, -24), (-2, -24), (-2, -2), (-22, -2)]),
            "zone_id": "Z06",
            "name": "海川路安平路路口",
            "category": "intersection",
            "source": "drawn",
        },
    ]


def _camera(camera_id: str, x: float, y: float, **fields) -> dict:
    return {"camera_id": camera_id, "geometry": Point(x, y), **fields}


def cameras() -> list[dict]:
    """Fifteen cameras on numbered poles, with the owners and faults of seed 000/004."""
    fixed = {"camera_type": "fixed"}
    return [
        _camera(
            "C01",
            80,
            7,
            **fixed,
            height_m=4.0,
            bearing_deg=180.0,
            hfov_deg=60.0,
            tilt_deg=20.0,
            resolution_px=2560,
            status="in_service",
            owner=PROPERTY,
            maintainer=PROPERTY,
            project_name=SMART_ESTATE,
            pole_no="QD-SN-017",
            installed_on="2022-06-15",
            registered_on="2022-07-08",
            last_seen_on="2026-11-24",
            has_sign=True,
        ),  # south entrance, faces: identify level at 7 m
        _camera(
            "C02",
            60,
            -4,
            **fixed,
            height_m=6.0,
            bearing_deg=265.0,
            hfov_deg=30.0,
            tilt_deg=8.0,
            resolution_px=3840,
            status="in_service",
            owner=POLICE,
            maintainer=POLICE,
            project_name=SAFE_CITY,
            pole_no="QD-SN-002",
            installed_on="2019-09-30",
            registered_on="2019-10-21",
            last_seen_on="2026-11-25",
            has_sign=True,
        ),  # along 海川路 towards the intersection
        _camera(
            "C03",
            45,
            45,
            **fixed,
            height_m=1.5,
            bearing_deg=0.0,
            hfov_deg=90.0,
            tilt_deg=-55.0,
            resolution_px=2560,
            status="in_service",
            owner=PROPERTY,
            maintainer=PROPERTY,
            project_name=SMART_ESTATE,
            pole_no="QD-SN-005",
            installed_on="2023-04-12",
            registered_on="2023-05-06",
            last_seen_on="2026-11-25",
            has_sign=True,
        ),  # objects thrown from height: looks up at 3号楼, sees no ground
        _camera(
            "C04",
            115,
            125,
            **fixed,
            height_m=1.5,
            bearing_deg=180.0,
            hfov_deg=90.0,
            tilt_deg=-60.0,
            resolution_px=2560,
            status="in_service",
            owner=None,
            maintainer=None,
            project_name=None,
            pole_no="QD-SN-009",
            installed_on="2023-04-12",
            registered_on=None,
            last_seen_on="2026-11-23",
            has_sign=False,
        ),  # objects thrown from height at 6号楼; nobody claims it
        _camera(
            "C05",
            80,
            153,
            **fixed,
            height_m=4.0,
            bearing_deg=0.0,
            hfov_deg=60.0,
            tilt_deg=20.0,
            resolution_px=2560,
            status="faulty",
            owner=PROPERTY,
            maintainer=PROPERTY,
            project_name=SMART_ESTATE,
            pole_no="QD-SN-013",
            installed_on="2022-06-15",
            registered_on="2022-07-08",
            last_seen_on="2026-09-02",
            has_sign=True,
        ),  # north entrance: black screen since September
        _camera(
            "C06",
            10,
            88,
            **fixed,
            height_m=6.0,
            bearing_deg=90.0,
            hfov_deg=40.0,
            tilt_deg=10.0,
            resolution_px=2560,
            status="offline",
            owner=BIG_DATA,
            maintainer=None,
            project_name=SHARP_EYES,
            pole_no="QD-SN-021",
            installed_on="2021-11-03",
            registered_on="2022-01-20",
            last_seen_on="2026-07-14",
            has_sign=True,
        ),  # fire lane from the west: not connected to any platform since July
        _camera(
            "C07",
            190,
            88,
            **fixed,
            height_m=6.0,
            bearing_deg=270.0,
            hfov_deg=40.0,
            tilt_deg=10.0,
            resolution_px=2560,
            status="in_service",
            owner=BIG_DATA,
            maintainer=BIG_DATA,
            project_name=SHARP_EYES,
            pole_no="QD-SN-022",
            installed_on="2021-11-03",
            registered_on=None,
            last_seen_on="2026-11-25",
            has_sign=False,
        ),  # fire lane from the east; never filed with the police
        _camera(
            "C08",
            170,
            60,
            camera_type="dome",
            height_m=6.0,
            bearing_deg=None,
            hfov_deg=70.0,
            tilt_deg=30.0,
            resolution_px=2560,
            max_range_m=35.0,
            status="in_service",
            owner=POLICE,
            maintainer=POLICE,
            project_name=SAFE_CITY,
            pole_no="QD-SN-024",
            installed_on="2020-05-18",
            registered_on="2020-06-09",
            last_seen_on="2026-11-25",
            has_sign=True,
        ),  # square dome on its south edge, 35 m IR
        _camera(
            "C09",
            12,
            125,
            **fixed,
            height_m=3.5,
            bearing_deg=350.0,
            hfov_deg=80.0,
            tilt_deg=10.0,
            resolution_px=1920,
            status="in_service",
            owner=None,
            maintainer=None,
            project_name=None,
            pole_no="QD-SN-031",
            installed_on="2018-03-01",
            registered_on=None,
            last_seen_on="2026-11-20",
            has_sign=False,
        ),  # path to the north-west corner; its view takes in the public toilet
        _camera(
            "C10",
            2,
            107,
            **fixed,
            height_m=3.5,
            bearing_deg=180.0,
            hfov_deg=60.0,
            tilt_deg=20.0,
            resolution_px=2560,
            status="in_service",
            owner=None,
            maintainer=None,
            project_name=SMART_ESTATE,
            pole_no="QD-SN-027",
            installed_on="2022-06-15",
            registered_on="2022-07-08",
            last_seen_on="2026-11-25",
            has_sign=True,
        ),  # car park entrance; property office and big-data bureau each say it is not theirs
        _camera(
            "C11",
            72,
            150,
            camera_type="dome",
            height_m=4.0,
            hfov_deg=90.0,
            tilt_deg=25.0,
            resolution_px=1920,
            status="faulty",
            owner=PROPERTY,
            maintainer=PROPERTY,
            project_name=SMART_ESTATE,
            pole_no="QD-SN-038",
            installed_on="2016-08-22",
            registered_on=None,
            last_seen_on="2026-10-30",
            has_sign=True,
        ),  # old dome at the corner of 7号楼, overgrown by vines
        _camera(
            "C12",
            -2,
            1,
            camera_type="ptz",
            height_m=8.0,
            hfov_deg=50.0,
            tilt_deg=15.0,
            resolution_px=3840,
            max_range_m=50.0,
            status="in_service",
            owner=POLICE,
            maintainer=POLICE,
            project_name=SAFE_CITY,
            pole_no="QD-SN-001",
            installed_on="2019-09-30",
            registered_on="2019-10-21",
            last_seen_on="2026-11-25",
            has_sign=True,
        ),  # PTZ over the 海川路/安平路 intersection
        _camera(
            "C13",
            -4,
            40,
            **fixed,
            status="unknown",
            owner=BIG_DATA,
            project_name=SHARP_EYES,
            pole_no="QD-SN-060",
            installed_on="2017-05-10",
            has_sign=False,
        ),  # on 安平路: surveyed from the pavement only; direction, lens and resolution unknown
        _camera(
            "C14",
            189,
            114,
            **fixed,
            height_m=3.0,
            bearing_deg=90.0,
            hfov_deg=90.0,
            tilt_deg=20.0,
            resolution_px=1920,
            status="in_service",
            owner=PROPERTY,
            maintainer=PROPERTY,
            project_name=SMART_ESTATE,
            pole_no="QD-SN-052",
            installed_on="2024-03-18",
            registered_on="2024-04-02",
            last_seen_on="2026-11-25",
            has_sign=True,
        ),  # inside the dormitory block (forbidden placement, Qingdao Measures Art. 9)
        _camera(
            "C15",
            178,
            -5,
            **fixed,
            height_m=6.0,
            bearing_deg=0.0,
            hfov_deg=90.0,
            tilt_deg=3.0,
            resolution_px=3840,
            status="in_service",
            owner=BIG_DATA,
            maintainer=BIG_DATA,
            project_name=SHARP_EYES,
            pole_no="QD-SN-044",
            installed_on="2025-06-30",
            registered_on="2025-09-15",
            last_seen_on="2026-11-25",
            has_sign=True,
        ),  # on 海川路 pavement, aimed straight at the hotel façade; filed 77 days late
    ]


def sample_project() -> Project:
    """The illustrative estate as a project in EPSG:4549 under the Qingdao ruleset."""
    crs = CRS.from_epsg(CRS_EPSG)
    origin = local_origin()
    empty = Project.empty(crs, ruleset="qingdao")
    layers = {
        "cameras": _frame("cameras", cameras(), crs, origin),
        "zones": _frame("zones", zones(), crs, origin),
        "buildings": _frame("buildings", buildings(), crs, origin),
        "private_areas": _frame("private_areas", private_areas(), crs, origin),
        "roads": _frame("roads", roads(), crs, origin),
    }
    project = empty.with_layers(**layers)
    metadata = MappingProxyType({"title": TITLE, "note": NOTE})
    return Project(
        **{name: project.layer(name) for name in LAYERS},
        crs=crs,
        ruleset="qingdao",
        metadata=metadata,
    )


def main(argv: list[str] | None = None) -> None:
    """Write the sample GeoPackage."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    write_project(args.output, sample_project())
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()

"""A generated district around Qingdao with known truth, for the ownership survey.

``make_survey_world(seed)`` plants about 500 real cameras and describes them as
four inventories would: the police filings, the big-data platform (positions
in GCJ-02), the property office and a field walk. Every record knows which
true camera it describes and every planted problem is written down, so tests
can score matching (precision/recall on same-camera record pairs) and findings
(every planted finding found, none invented where the truth says otherwise).

The frames carry the headers and cell texts the files would carry (Chinese
headers, lon/lat in each source's datum, dates as ISO, ``2023/5/6``,
``2023年5月6日`` or real dates, a few full-width digits) and ``write_world``
writes them in the formats the offices use: filings as .xlsx with a title row,
the platform as UTF-8 CSV, the property office as GBK CSV, the survey as
GeoJSON. Two bad cells are planted: text in a platform longitude (the row must
be skipped) and an impossible installation date in the filings (the value
ignored, the row kept).

The district is a 2 km square; the field walk covers its western 1.4 km and
no camera stands in the 100 m strip east of that, so the walked area (hull of
the survey records plus 50 m) cleanly separates visited from unvisited cameras.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from planner.core import chinese_coords
from planner.core.reconcile import Matching, SourceRecords
from planner.io.inventory_columns import (
    CellValueError,
    parse_date,
    parse_number,
    recognise_columns,
)

AS_OF = dt.date(2024, 6, 1)
"""Date of the field walk; deadlines count to it."""

PROJECT_CRS = CRS.from_epsg(32651)
"""UTM zone 51N: Qingdao (120.38 °E) lies in it."""

CENTER = (120.38, 36.07)
EXTENT_M = 2000.0
WALK_LIMIT_M = 1400.0  # the walk covers x < WALK_LIMIT_M (metres from the west edge)
GAP_M = 100.0  # no camera in the strip just east of the walk
MIN_SPACING_M = 20.0

ROLES = ("filings", "platform", "property", "survey")
COORDS: Mapping[str, str] = {
    "filings": "wgs84",
    "platform": "gcj02",
    "property": "wgs84",
    "survey": "wgs84",
}
"""What the lon/lat of each source hold (the ``coords`` option of the reader)."""

FIRST_ROW: Mapping[str, int] = {"filings": 3, "platform": 2, "property": 2, "survey": 1}
"""Row number of the first data row in each written file (xlsx: title row, then header;
CSV: header on line 1; GeoJSON: features count from 1)."""

PROJECTS = ("雪亮工程一期", "雪亮工程二期", "平安社区", "智慧城管", "交通卡口")
OWNERS = ("市北区公安分局", "市南区公安分局", "市大数据局", "海信物业服务公司", "市城市管理局")
MAINTAINERS = ("青岛联通运维中心", "海康威视青岛分公司", "大华技术服务部", "区城管局运维科")
OTHER_SPELLING = {
    "市北区公安分局": "青岛市公安局市北分局",
    "海信物业服务公司": "海信物业",
    "市大数据局": "青岛市大数据发展管理局",
}
DISTRICTS = ("市北区", "市南区")
ROADS = ("辽宁路", "延安三路", "台东一路", "威海路", "登州路", "长春路", "华阳路")

FILINGS_HEADERS = (
    "序号",
    "设备编号",
    "设备名称",
    "经度",
    "纬度",
    "权属单位",
    "维护单位",
    "项目名称",
    "灯杆编号",
    "朝向",
    "安装日期",
    "备案日期",
    "所属区县",
    "安装地址",
)
PLATFORM_HEADERS = (
    "设备编码",
    "设备名称",
    "经度",
    "纬度",
    "在线状态",
    "最后在线时间",
    "安装日期",
    "所属区县",
)
PROPERTY_HEADERS = (
    "项目名称",
    "灯杆编号",
    "权属单位",
    "维护单位",
    "安装日期",
    "经度",
    "纬度",
    "安装地址",
)
SURVEY_HEADERS = ("灯杆编号", "状态", "标识", "朝向", "调查人", "经度", "纬度")

_FULL_WIDTH = str.maketrans("0123456789.-", "０１２３４５６７８９．－")
_TO_UTM = Transformer.from_crs(4326, PROJECT_CRS, always_xy=True)
_TO_WGS = Transformer.from_crs(PROJECT_CRS, 4326, always_xy=True)


@dataclass(frozen=True)
class TrueDevice:
    """One real camera: where it is and what it is, whatever the inventories say."""

    index: int
    x: float  # project CRS (UTM 51N), metres
    y: float
    code: str  # GB/T 28181
    pole: str
    project: str
    owner: str | None
    maintainer: str | None
    installed_on: dt.date
    bearing: float
    district: str
    address: str
    walked: bool  # inside the part of the district the field walk covered
    removed: bool  # gone from the ground


@dataclass(frozen=True)
class SurveyWorld:
    """Four inventories of one district and the truth behind them.

    ``frames[role]`` holds the cells of the file (Chinese headers, lon/lat in
    ``COORDS[role]``); record ``i`` of a frame is row ``FIRST_ROW[role] + i``
    of its file. ``truth`` maps ``(role, row)`` to the true device index;
    ``planted`` is every ``(device index, finding)`` the survey must report.
    ``bad_cells`` are ``(role, row, field, action)`` the reader must report.
    ``groups`` names the devices of each planted category.
    """

    seed: int
    devices: tuple[TrueDevice, ...]
    frames: Mapping[str, pd.DataFrame]
    truth: Mapping[tuple[str, int], int]
    planted: frozenset[tuple[int, str]]
    groups: Mapping[str, frozenset[int]]
    bad_cells: tuple[tuple[str, int, str, str], ...]
    as_of: dt.date = AS_OF
    walked_area: object = None
    """The area the field walk covered (x < WALK_LIMIT_M), as the surveyors would draw it."""

    def row(self, role: str, i: int) -> int:
        """File row number of record ``i`` of ``role``."""
        return FIRST_ROW[role] + i

    @property
    def skipped_rows(self) -> frozenset[tuple[str, int]]:
        """Records a correct reader drops (no trustworthy position)."""
        return frozenset(
            (r, row) for r, row, _, action in self.bad_cells if action == "row skipped"
        )


# ---------------------------------------------------------------------------
# Generating
# ---------------------------------------------------------------------------


def _positions(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` points in the district, at least MIN_SPACING_M apart, none in the gap strip."""
    out: list[tuple[float, float]] = []
    while len(out) < n:
        x, y = rng.uniform(0.0, EXTENT_M, size=2)
        if WALK_LIMIT_M <= x < WALK_LIMIT_M + GAP_M:
            continue
        if any(math.hypot(x - a, y - b) < MIN_SPACING_M for a, b in out):
            continue
        out.append((float(x), float(y)))
    return np.array(out)


def _misspell(pole: str, rng: np.random.Generator) -> str:
    """A pole number as a tired field worker writes it: swapped digits or O for 0."""
    digits = pole[2:]
    if "0" in digits and rng.random() < 0.5:
        return pole[:2] + digits.replace("0", "O", 1)
    k = int(rng.integers(0, len(digits) - 1))
    swapped = digits[:k] + digits[k + 1] + digits[k] + digits[k + 2 :]
    if swapped == digits:
        swapped = digits[:-1] + str((int(digits[-1]) + 3) % 10)
    return pole[:2] + swapped


def _date_text(day: dt.date, rng: np.random.Generator, *, real: bool = False) -> object:
    """A date as offices write it: ISO, 2023/5/6, 2023年5月6日, sometimes full-width."""
    u = rng.random()
    if real and u < 0.35:
        return dt.datetime(day.year, day.month, day.day)
    kind = int(rng.integers(3))
    if kind == 0:
        text = day.isoformat()
    elif kind == 1:
        text = f"{day.year}/{day.month}/{day.day}"
    else:
        text = f"{day.year}年{day.month}月{day.day}日"
    if rng.random() < 0.05:
        text = text.translate(_FULL_WIDTH)
    return text


def _lonlat(x: float, y: float) -> tuple[float, float]:
    lon, lat = _TO_WGS.transform(x, y)
    return float(lon), float(lat)


def _jitter(rng: np.random.Generator, x: float, y: float, metres: float) -> tuple[float, float]:
    r, t = metres * math.sqrt(rng.random()), 2 * math.pi * rng.random()
    return x + r * math.cos(t), y + r * math.sin(t)


def _coord_cell(value: float, rng: np.random.Generator, p_full: float = 0.0) -> object:
    text = f"{value:.7f}"
    if rng.random() < p_full:
        return text.translate(_FULL_WIDTH)
    return float(text)


def _take(pool: list[int], n: int) -> frozenset[int]:
    taken, pool[:] = pool[:n], pool[n:]
    return frozenset(taken)


def make_survey_world(seed: int = 0, n: int = 500) -> SurveyWorld:
    """The district of ``n`` cameras described by four noisy inventories (module docstring)."""
    rng = np.random.default_rng(seed)
    cx, cy = _TO_UTM.transform(*CENTER)
    local = _positions(rng, n)
    x0, y0 = cx - EXTENT_M / 2, cy - EXTENT_M / 2
    walked = local[:, 0] < WALK_LIMIT_M
    inner = (
        (local[:, 0] > 100)
        & (local[:, 0] < WALK_LIMIT_M - 100)
        & (local[:, 1] > 100)
        & (local[:, 1] < EXTENT_M - 100)
    )

    # --- planted categories (disjoint, drawn from shuffled pools) ---
    inner_pool = [int(k) for k in rng.permutation(np.flatnonzero(inner))]
    outside_pool = [int(k) for k in rng.permutation(np.flatnonzero(~walked))]
    g: dict[str, frozenset[int]] = {}
    g["removed_found"] = _take(inner_pool, 6)  # the walk found it dismantled
    g["removed_missing"] = _take(inner_pool, 10)  # the walk did not find it
    g["missed_online"] = _take(inner_pool, 4)  # the walk missed it; online yesterday
    g["outside_only_filings"] = _take(outside_pool, 12)
    g["unregistered"] = _take(inner_pool, 7) | _take(outside_pool, 3)
    g["recent_unfiled"] = _take(inner_pool, 5)
    g["unowned"] = _take(inner_pool, 12)
    g["derelict_black"] = _take(inner_pool, 10)
    g["derelict_vines"] = _take(inner_pool, 8)
    g["derelict_offline"] = _take(inner_pool, 6) | _take(outside_pool, 4)
    g["re_aimed"] = _take(inner_pool, 10)
    # overlaps on purpose: unowned and broken (to remove), unowned and unfiled
    unowned = sorted(g["unowned"])
    g["unowned_black"] = frozenset(unowned[:3])
    g["unowned_unfiled"] = frozenset(unowned[3:5])
    removed = g["removed_found"] | g["removed_missing"]
    existing_walked = [k for k in range(n) if walked[k] and k not in removed]
    g["no_sign"] = frozenset(
        int(k)
        for k in rng.choice(
            [k for k in existing_walked if k not in g["missed_online"]], 20, replace=False
        )
    )
    unfiled = g["unregistered"] | g["recent_unfiled"] | g["unowned_unfiled"]

    # --- the true devices ---
    devices = []
    for k in range(n):
        x, y = float(x0 + local[k, 0]), float(y0 + local[k, 1])
        district = DISTRICTS[int(local[k, 1] > EXTENT_M / 2)]
        center = "370203" if district == "市北区" else "370202"
        code = f"{center}{int(rng.integers(1, 100)):02d}00131{1000 + 7 * k:07d}"
        if k in g["recent_unfiled"]:
            installed = AS_OF - dt.timedelta(days=int(rng.integers(3, 26)))
        else:
            installed = AS_OF - dt.timedelta(days=int(rng.integers(60, 2500)))
        devices.append(
            TrueDevice(
                index=k,
                x=x,
                y=y,
                code=code,
                pole=f"LG{1000 + 3 * k:04d}",
                project=PROJECTS[int(rng.integers(len(PROJECTS)))],
                owner=None if k in g["unowned"] else OWNERS[int(rng.integers(len(OWNERS)))],
                maintainer=(
                    None if k in g["unowned"] else MAINTAINERS[int(rng.integers(len(MAINTAINERS)))]
                ),
                installed_on=installed,
                bearing=float(rng.integers(0, 360)),
                district=district,
                address=f"{district}{ROADS[int(rng.integers(len(ROADS)))]}{k % 97 + 1}号附近",
                walked=bool(walked[k]),
                removed=k in removed,
            )
        )

    tables: dict[str, list[tuple[int, dict[str, object]]]] = {r: [] for r in ROLES}

    # --- police filings ---
    for d in devices:
        if d.index in unfiled:
            continue
        fx, fy = _jitter(rng, d.x, d.y, 6.0)
        lon, lat = _lonlat(fx, fy)
        registered = d.installed_on + dt.timedelta(days=int(rng.integers(1, 30)))
        pole = None
        if rng.random() < 0.5:
            pole = d.pole if rng.random() < 0.9 else "ＬＧ" + d.pole[2:].translate(_FULL_WIDTH)
        tables["filings"].append(
            (
                d.index,
                {
                    "设备编号": d.code if rng.random() < 0.92 else None,
                    "设备名称": f"{d.address}{PROJECTS.index(d.project) + 1}号机",
                    "经度": _coord_cell(lon, rng, 0.02),
                    "纬度": _coord_cell(lat, rng, 0.02),
                    "权属单位": d.owner,
                    "维护单位": d.maintainer if rng.random() < 0.7 else None,
                    "项目名称": d.project,
                    "灯杆编号": pole,
                    "朝向": d.bearing,
                    "安装日期": _date_text(d.installed_on, rng, real=True),
                    "备案日期": _date_text(registered, rng, real=True),
                    "所属区县": d.district,
                    "安装地址": d.address,
                },
            )
        )

    # --- big-data platform (GCJ-02) ---
    for d in devices:
        k = d.index
        if k in g["outside_only_filings"] or k in g["removed_found"]:
            continue
        if d.removed:
            if rng.random() < 0.5:
                continue
            status, seen = "离线", AS_OF - dt.timedelta(days=int(rng.integers(60, 400)))
        elif k in g["derelict_offline"]:
            status, seen = "离线", AS_OF - dt.timedelta(days=int(rng.integers(40, 400)))
        else:
            must = k in g["missed_online"] or k in g["recent_unfiled"]
            if not must and rng.random() > 0.85:
                continue
            status, seen = "在线", AS_OF - dt.timedelta(days=int(rng.integers(0, 4)))
        gb = rng.random() < 0.45 or k in g["missed_online"]
        px, py = _jitter(rng, d.x, d.y, 5.0)
        glon, glat = chinese_coords.wgs84_to_gcj02(*_lonlat(px, py))
        hour, minute = int(rng.integers(0, 24)), int(rng.integers(0, 60))
        seen_text = (
            f"{seen.isoformat()} {hour:02d}:{minute:02d}:00"
            if rng.random() < 0.7
            else f"{seen.year}/{seen.month}/{seen.day} {hour}:{minute:02d}"
        )
        tables["platform"].append(
            (
                k,
                {
                    "设备编码": d.code if gb else f"DSJ-{k * 13 + 100000:06d}",
                    "设备名称": f"{d.address}摄像机",
                    "经度": _coord_cell(glon, rng),
                    "纬度": _coord_cell(glat, rng),
                    "在线状态": status,
                    "最后在线时间": seen_text,
                    "安装日期": (
                        _date_text(d.installed_on, rng)
                        if k in g["recent_unfiled"] or rng.random() < 0.5
                        else None
                    ),
                    "所属区县": d.district,
                },
            )
        )

    # --- property office ---
    for d in devices:
        k = d.index
        if k in g["unowned"] or k in g["outside_only_filings"]:
            continue
        # the property office knows every unfiled camera: someone must own it
        if k not in unfiled and rng.random() > 0.65:
            continue
        qx, qy = _jitter(rng, d.x, d.y, 6.0)
        lon, lat = _lonlat(qx, qy)
        owner = d.owner
        if owner in OTHER_SPELLING and rng.random() < 0.3:
            owner = OTHER_SPELLING[owner]
        u = rng.random()
        pole = (
            None
            if u < 0.05
            else [d.pole, d.pole[:2] + "-" + d.pole[2:], d.pole.lower()][int(rng.integers(3))]
        )
        tables["property"].append(
            (
                k,
                {
                    "项目名称": d.project if rng.random() < 0.85 else None,
                    "灯杆编号": pole,
                    "权属单位": owner,
                    "维护单位": d.maintainer,
                    "安装日期": _date_text(d.installed_on, rng),
                    "经度": _coord_cell(lon, rng, 0.02),
                    "纬度": _coord_cell(lat, rng, 0.02),
                    "安装地址": d.address,
                },
            )
        )

    # --- field walk ---
    walkers = ("张伟", "李娜", "王磊")
    for d in devices:
        k = d.index
        if not d.walked or k in g["removed_missing"] or k in g["missed_online"]:
            continue
        sx, sy = _jitter(rng, d.x, d.y, 10.0)
        lon, lat = _lonlat(sx, sy)
        u = rng.random()
        pole: str | None
        if u < 0.15:
            pole = None
        elif u < 0.20:
            pole = _misspell(d.pole, rng)
        else:
            pole = [d.pole, d.pole[:2] + " " + d.pole[2:], d.pole.lower()][int(rng.integers(3))]
        if k in g["removed_found"]:
            record = {"灯杆编号": pole, "状态": "已拆除", "标识": None, "朝向": None}
        else:
            if k in g["derelict_black"] or k in g["unowned_black"]:
                status = ["黑屏", "黑屏", "无图像"][int(rng.integers(3))]
            elif k in g["derelict_vines"]:
                status = ["被藤蔓遮挡", "被树枝遮挡"][int(rng.integers(2))]
            else:
                status = "正常" if rng.random() < 0.9 else " 正常 "
            if k in g["re_aimed"]:
                turn = float(rng.integers(40, 181)) * (1 if rng.random() < 0.5 else -1)
            else:
                turn = float(rng.integers(-8, 9))
            record = {
                "灯杆编号": pole,
                "状态": status,
                "标识": "无" if k in g["no_sign"] else "有",
                "朝向": (d.bearing + turn) % 360.0,
            }
        record.update(
            {"调查人": walkers[int(rng.integers(3))], "经度": round(lon, 7), "纬度": round(lat, 7)}
        )
        tables["survey"].append((k, record))

    # --- duplicates: a record entered twice in one source ---
    def duplicate(role: str, n_dup: int, usable: object) -> frozenset[int]:
        candidates = [i for i, (_, r) in enumerate(tables[role]) if usable(r)]
        chosen = rng.choice(len(candidates), size=n_dup, replace=False)
        out = set()
        for c in chosen:
            k, r = tables[role][candidates[int(c)]]
            copy = dict(r)
            if role == "platform":  # a fresh GPS reading half a metre away
                copy["经度"] = round(float(r["经度"]) + 0.000005, 7)
            if role == "filings":  # filed again a month later
                copy["备案日期"] = _date_text(AS_OF - dt.timedelta(days=40), rng)
                copy["设备编号"] = str(r["设备编号"])[:10] + " " + str(r["设备编号"])[10:]
            tables[role].append((k, copy))
            out.add(k)
        return frozenset(out)

    g["dup_filings"] = duplicate("filings", 6, lambda r: r["设备编号"] is not None)
    g["dup_platform"] = duplicate(
        "platform", 6, lambda r: str(r["设备编码"]).isdigit() and r["在线状态"] == "在线"
    )
    g["dup_property"] = duplicate("property", 4, lambda r: r["灯杆编号"] is not None)

    plain = set(range(n)) - set().union(*g.values())

    # --- shuffle into file order, number the rows ---
    frames: dict[str, pd.DataFrame] = {}
    truth: dict[tuple[str, int], int] = {}
    headers = {
        "filings": FILINGS_HEADERS,
        "platform": PLATFORM_HEADERS,
        "property": PROPERTY_HEADERS,
        "survey": SURVEY_HEADERS,
    }
    for role in ROLES:
        entries = tables[role]
        order = rng.permutation(len(entries))
        rows = []
        for i, e in enumerate(order):
            k, record = entries[int(e)]
            rows.append(record)
            truth[(role, FIRST_ROW[role] + i)] = k
        frame = pd.DataFrame(rows, columns=list(headers[role]), dtype=object)
        if role == "filings":
            frame["序号"] = [str(i + 1) for i in range(len(frame))]
        frames[role] = frame

    # --- bad cells ---
    bad: list[tuple[str, int, str, str]] = []

    def plain_row(role: str, need: str | None = None) -> int:
        for i in range(len(frames[role])):
            k = truth[(role, FIRST_ROW[role] + i)]
            if k in plain and (need is None or frames[role].at[i, need] is not None):
                return i
        raise AssertionError(f"no plain record in {role}")

    i = plain_row("platform")
    frames["platform"].at[i, "经度"] = "东经120度22分"
    bad.append(("platform", FIRST_ROW["platform"] + i, "lon", "row skipped"))
    i = plain_row("filings")
    frames["filings"].at[i, "安装日期"] = "2023年2月30日"
    bad.append(("filings", FIRST_ROW["filings"] + i, "installed_on", "value ignored"))

    # --- the findings planted ---
    planted: set[tuple[int, str]] = set()
    for k in g["unowned"]:
        planted.add((k, "unowned"))
    # the condition findings, split by the crew that handles them (issue 10)
    for name, finding in (
        ("derelict_black", "fault"),
        ("derelict_vines", "obstructed"),
        ("derelict_offline", "offline"),
        ("unowned_black", "abandoned"),  # broken and claimed by nobody: remove it
    ):
        planted.update((k, finding) for k in g[name])
    # on the ground or filed, present, but not on the platform
    skipped = {(role, row) for role, row, _, action in bad if action == "row skipped"}
    on_platform = {
        k for (role, row), k in truth.items() if role == "platform" and (role, row) not in skipped
    }
    on_record = {k for (role, _), k in truth.items() if role in ("filings", "survey")}
    g["not_connected"] = frozenset(
        k for k in on_record - on_platform if k not in removed and k not in g["unowned_black"]
    )
    planted.update((k, "not_connected") for k in g["not_connected"])
    for k in g["unregistered"] | g["unowned_unfiled"]:
        planted.add((k, "unregistered"))
    for k in removed:
        planted.add((k, "removed_but_filed"))
    planted.update((k, "re_aimed") for k in g["re_aimed"])
    planted.update((k, "no_sign") for k in g["no_sign"])
    for name in ("dup_filings", "dup_platform", "dup_property"):
        planted.update((k, "duplicate") for k in g[name])
    g["removed"] = frozenset(removed)
    g["unfiled"] = frozenset(unfiled)
    return SurveyWorld(
        seed=seed,
        devices=tuple(devices),
        frames=frames,
        truth=truth,
        planted=frozenset(planted),
        groups=g,
        bad_cells=tuple(bad),
        walked_area=shapely.box(x0, y0, x0 + WALK_LIMIT_M, y0 + EXTENT_M),
    )


# ---------------------------------------------------------------------------
# Writing the files
# ---------------------------------------------------------------------------


def write_world(world: SurveyWorld, folder: str | Path) -> dict[str, Path]:
    """Write the four inventories as the offices would hand them over; role → path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "filings": folder / "公安备案台账.xlsx",
        "platform": folder / "大数据平台设备清单.csv",
        "property": folder / "物业监控台账.csv",
        "survey": folder / "现场核查.geojson",
    }
    _write_xlsx(world.frames["filings"], paths["filings"])
    world.frames["platform"].to_csv(paths["platform"], index=False, encoding="utf-8")
    world.frames["property"].to_csv(paths["property"], index=False, encoding="gbk")
    _write_geojson(world.frames["survey"], paths["survey"])
    return paths


def _write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "备案台账"
    sheet.append(["青岛市视频监控设备备案台账（截至2024年5月）"])
    sheet.append(list(frame.columns))
    for record in frame.itertuples(index=False):
        sheet.append([None if _missing(v) else v for v in record])
    workbook.save(path)


def _write_geojson(frame: pd.DataFrame, path: Path) -> None:
    features = []
    for record in frame.to_dict("records"):
        props = {
            k: (None if _missing(v) else v) for k, v in record.items() if k not in ("经度", "纬度")
        }
        features.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "Point", "coordinates": [record["经度"], record["纬度"]]},
            }
        )
    document = {"type": "FeatureCollection", "features": features}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


# ---------------------------------------------------------------------------
# In memory: frames → matcher records
# ---------------------------------------------------------------------------


def frame_records(
    world: SurveyWorld, role: str, *, coords: str | None = None, crs: CRS = PROJECT_CRS
) -> SourceRecords:
    """One frame as matcher records, without files: headers recognised, cells parsed.

    ``coords`` overrides ``COORDS[role]`` (``"wgs84"`` or ``"gcj02"``). A row
    whose position cannot be read is skipped; a bad date is left empty.
    """
    frame = world.frames[role]
    coords = coords or COORDS[role]
    fields = recognise_columns(frame.columns)
    rows, lons, lats = [], [], []
    values: dict[str, list[object]] = {f: [] for f in fields if f not in ("lon", "lat")}
    for i, record in enumerate(frame.to_dict("records")):
        try:
            lon = parse_number(record[fields["lon"]])
            lat = parse_number(record[fields["lat"]])
        except CellValueError:
            continue
        rows.append(world.row(role, i))
        lons.append(math.nan if lon is None else lon)
        lats.append(math.nan if lat is None else lat)
        for field, out in values.items():
            out.append(_parse(field, record[fields[field]]))
    lon_a, lat_a = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
    if coords == "gcj02":
        lon_a, lat_a = chinese_coords.gcj02_to_wgs84(lon_a, lat_a)
    x, y = Transformer.from_crs(4326, crs, always_xy=True).transform(lon_a, lat_a)
    data: dict[str, object] = {"row": rows, "x": np.asarray(x), "y": np.asarray(y)}
    for field, out in values.items():
        data["bearing_deg" if field == "bearing" else field] = pd.Series(out, dtype=object)
    return SourceRecords(role, role, pd.DataFrame(data))


def _parse(field: str, raw: object) -> object:
    if _missing(raw):
        return None
    try:
        if field in ("installed_on", "registered_on", "last_seen_on"):
            text = parse_date(raw)
            return None if text is None else dt.date.fromisoformat(text)
        if field == "bearing":
            return parse_number(raw)
    except CellValueError:
        return None
    if field == "has_sign":
        text = str(raw).strip()
        return {"有": True, "无": False}.get(text)
    text = str(raw).strip()
    return text or None


def world_sources(world: SurveyWorld, *, coords: Mapping[str, str] | None = None) -> list:
    """Every frame as matcher records (``coords`` overrides per role)."""
    coords = coords or {}
    return [frame_records(world, role, coords=coords.get(role)) for role in ROLES]


# ---------------------------------------------------------------------------
# Scoring against the truth
# ---------------------------------------------------------------------------


def _pairs(groups: Iterable[list[tuple[str, int]]]) -> set[frozenset[tuple[str, int]]]:
    return {frozenset(p) for g in groups for p in itertools.combinations(g, 2)}


def precision_recall(world: SurveyWorld, matching: Matching) -> tuple[float, float]:
    """Precision and recall of the matching on same-device record pairs.

    Rows a correct reader skips are left out of the truth (they cannot be matched).
    """
    predicted = _pairs([(r.source, r.row) for r in d.records] for d in matching.devices)
    by_truth: dict[int, list[tuple[str, int]]] = {}
    for ref, k in world.truth.items():
        if ref not in world.skipped_rows:
            by_truth.setdefault(k, []).append(ref)
    true = _pairs(by_truth.values())
    hits = len(predicted & true)
    return hits / max(len(predicted), 1), hits / max(len(true), 1)


def true_device_of(world: SurveyWorld, matching: Matching) -> dict[str, int]:
    """Device key → the true device most of its records describe."""
    out = {}
    for d in matching.devices:
        votes: dict[int, int] = {}
        for r in d.records:
            k = world.truth[(r.source, r.row)]
            votes[k] = votes.get(k, 0) + 1
        out[d.device_key] = max(sorted(votes), key=lambda k: votes[k])
    return out


def found_findings(world: SurveyWorld, survey: object) -> set[tuple[int, str]]:
    """``(true device, finding)`` for every finding of a :class:`~planner.core.survey.Survey`."""
    owner = true_device_of(world, survey.matching)  # type: ignore[attr-defined]
    return {(owner[f.device_key], f.finding) for f in survey.findings}  # type: ignore[attr-defined]


__all__ = [
    "AS_OF",
    "COORDS",
    "FIRST_ROW",
    "PROJECT_CRS",
    "ROLES",
    "SurveyWorld",
    "TrueDevice",
    "found_findings",
    "frame_records",
    "make_survey_world",
    "precision_recall",
    "true_device_of",
    "world_sources",
    "write_world",
]

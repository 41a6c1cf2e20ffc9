"""Author illustrative camera inventories of the sample estate, for the ownership survey.

Four inventories of ``data/sample_estate.gpkg``'s cameras as four offices would
keep them (seed 000: the property office, the big-data bureau and the police
each knew a part), each in its own format and habits:

* ``filings.xlsx`` — police filings: GB/T 28181 codes, filed bearing,
  installation and filing dates (real Excel dates), owner;
* ``platform.csv`` — the big-data platform, positions in **GCJ-02** (as its
  map app records them), online status and last time online;
* ``property.csv`` — the property office, **GBK**-encoded, owner, maintainer,
  project name and pole number (full-width digits in one pole);
* ``survey.csv`` — the field walk: positions a few metres off, status as
  written on site, sign seen or not, bearing seen, one row with text in the
  longitude column.

Planted, so the survey has something to find (as of 2026-11-25): C14 stands
in the dormitory (forbidden placement); C03 is overgrown by vines, C05 shows a
black screen, C11 is broken, C06 has not been online since August (derelict);
C04, C09 and C10 have no owner anywhere (unowned); C13 and C15 were never filed
(unregistered); a filed camera on the old east gate pole was taken down
(removed but filed); C07 now looks 60° away from its filed bearing (re-aimed);
C10 has no sign; the platform lists C02 twice (duplicate). The files are
invented, like the estate.

Run ``python data/sample_inventories.py [-o data/inventories]``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from pathlib import Path

import numpy as np
import openpyxl
from pyproj import Transformer

from planner.core.chinese_coords import wgs84_to_gcj02
from planner.io.project import read_project

HERE = Path(__file__).resolve().parent
PROPERTY_OFFICE = "海晟物业公司"
BIG_DATA_BUREAU = "市南区大数据局"


def _code(k: int) -> str:
    # 8-digit centre code (Qingdao Shinan 370202 + 00), industry 00, type 132 (camera)
    return f"3702020000132{k:07d}"


def author(out: Path) -> list[Path]:
    """Write the four inventories into ``out``; returns their paths."""
    project = read_project(HERE / "sample_estate.gpkg")
    to_lonlat = Transformer.from_crs(project.crs, 4326, always_xy=True)
    cams = project.cameras.set_index("camera_id")
    rng = np.random.default_rng(2026)
    lonlat = {cid: to_lonlat.transform(geom.x, geom.y) for cid, geom in cams.geometry.items()}
    c12 = cams.geometry["C12"]
    removed = to_lonlat.transform(c12.x + 25.0, c12.y - 10.0)  # the old east gate pole
    owners = {cid: (row.owner, row.maintainer) for cid, row in cams.iterrows()}
    unowned = {"C04", "C09", "C10"}
    ids = list(cams.index)
    code = {cid: _code(k + 1) for k, cid in enumerate(ids)}
    pole = {cid: f"HS-{k + 1:02d}" for k, cid in enumerate(ids)}
    out.mkdir(parents=True, exist_ok=True)

    # Police filings (xlsx): everything but C13 and C15, plus the removed camera.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "备案台账"
    sheet.append(["市南区公共安全视频图像信息系统备案台账"])  # a title row above the header
    sheet.append(["设备编码", "经度", "纬度", "权属单位", "朝向", "安装日期", "备案日期"])
    for cid in ids:
        if cid in ("C13", "C15"):
            continue
        lon, lat = lonlat[cid]
        owner = "" if cid in unowned else (owners[cid][0] or "")
        bearing = cams.loc[cid, "bearing_deg"]
        bearing = 270.0 if cid == "C07" else bearing  # filed before it was turned to 330°
        sheet.append(
            [
                code[cid],
                round(lon, 7),
                round(lat, 7),
                owner,
                None if np.isnan(bearing) else float(bearing),
                dt.datetime(2023, 4, 1) if cid < "C08" else "2024年3月5日",
                dt.datetime(2023, 4, 20) if cid < "C08" else "2024/3/28",
            ]
        )
    sheet.append(
        [_code(99), round(removed[0], 7), round(removed[1], 7), PROPERTY_OFFICE, 90.0,
         dt.datetime(2019, 6, 1), dt.datetime(2019, 6, 20)]
    )  # fmt: skip
    filings = out / "filings.xlsx"
    book.save(filings)

    # Big-data platform (CSV, GCJ-02): the networked cameras, C02 listed twice.
    platform = out / "platform.csv"
    with platform.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["国标编码", "经度(GCJ-02)", "纬度(GCJ-02)", "所属单位", "在线状态", "最后在线时间"]
        )
        for cid in [*ids, "C02"]:
            if cid in ("C04", "C09", "C10"):
                continue  # never connected: the estate cameras seed 000 complains about
            lon, lat = wgs84_to_gcj02(*lonlat[cid])
            offline = cid in ("C05", "C06", "C11")
            seen = "2026-08-02 17:40" if cid == "C06" else "2026-11-24 09:00"
            own = owners[cid][0] if owners[cid][0] == BIG_DATA_BUREAU else ""
            writer.writerow(
                [code[cid], f"{lon:.7f}", f"{lat:.7f}", own, "离线" if offline else "在线", seen]
            )

    # Property office (GBK CSV): owners, maintainers, project and pole numbers.
    prop = out / "property.csv"
    with prop.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["项目名称", "灯杆编号", "经度", "纬度", "产权单位", "维保单位"])
        for cid in ids:
            if cid in unowned or owners[cid][0] != PROPERTY_OFFICE:
                continue
            lon, lat = lonlat[cid]
            number = pole[cid].replace("0", "０") if cid == "C01" else pole[cid]
            writer.writerow(
                ["海晟花园技防改造", number, f"{lon:.7f}", f"{lat:.7f}", owners[cid][0],
                 owners[cid][1] or ""]
            )  # fmt: skip

    # Field walk (CSV, WGS84 from a phone, a few metres off).
    status = {"C03": "被藤蔓遮挡", "C05": "黑屏", "C11": "故障，外壳破损"}
    survey = out / "survey.csv"
    with survey.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["杆号", "经度", "纬度", "状态", "朝向", "标识", "备注"])
        for cid in ids:
            lon, lat = lonlat[cid]
            dx, dy = rng.uniform(-4e-5, 4e-5, size=2)  # ≈ 3–4 m
            bearing = cams.loc[cid, "bearing_deg"]
            bearing = 330.0 if cid == "C07" else bearing
            writer.writerow(
                [
                    pole[cid],
                    f"{lon + dx:.7f}",
                    f"{lat + dy:.7f}",
                    status.get(cid, "正常"),
                    "" if np.isnan(bearing) else f"{bearing:.0f}",
                    "无" if cid == "C10" else "有",
                    "",
                ]
            )
        writer.writerow(["HS-99", "东经120.38", "36.07", "正常", "", "有", "坐标抄错"])
    return [filings, platform, prop, survey]


def main() -> None:
    """Write the inventories and print their paths."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=HERE / "inventories")
    args = parser.parse_args()
    for path in author(args.output):
        print(path)


if __name__ == "__main__":
    main()

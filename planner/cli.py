"""The command line: the headless path of every feature (commands in docs/cli.md).

Exit codes: 0 ok, 2 bad input (the message names file, layer, row and field),
3 a privacy check found a forbidden placement (``planner privacy``), 1 any other
failure. User errors print one message, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import planner
from planner.core.errors import InputError, PlannerError
from planner.io.files import refuse_input_as_output

if TYPE_CHECKING:
    import pandas as pd

    from planner.core.privacy import PrivacyReport
    from planner.core.project import Project
    from planner.core.rulesets import Ruleset

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2
OUTPUT_FORMATS = ("table", "json", "csv")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``planner`` command; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return args.run(args)
    except InputError as exc:
        print(f"planner: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except PlannerError as exc:
        print(f"planner: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("planner: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # a file the command could not read or write
        where = f"file {exc.filename}: " if exc.filename else ""
        print(f"planner: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # a bug: one line, never a traceback, unless asked for
        if os.environ.get("PLANNER_DEBUG"):
            raise
        print(
            f"planner: internal error: {type(exc).__name__}: {exc} "
            "(set PLANNER_DEBUG=1 for the details, and please report it)",
            file=sys.stderr,
        )
        return EXIT_FAILURE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        # the standalone app (build_app.py) is the same command under its own name
        prog="coverage-planner" if getattr(sys, "frozen", False) else "planner",
        description="Plan and audit public video-surveillance camera coverage.",
    )
    parser.add_argument(
        "--version", action="version", version=f"coverage-planner {planner.version()}"
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    coverage = commands.add_parser("coverage", help="coverage of the mandatory zones")
    coverage.add_argument("project", type=Path, help="project GeoPackage")
    coverage.add_argument("--ruleset", help="ruleset name or TOML file (default: the project's)")
    coverage.add_argument("--format", choices=OUTPUT_FORMATS, default="table")
    coverage.add_argument(
        "--gaps",
        type=Path,
        metavar="OUT.gpkg",
        help="write the uncovered part of every zone to this file; the suffix picks the format "
        "(.gpkg, .geojson, .fgb, .shp, .kml, .dxf, .csv, .geojsonl)",
    )
    coverage.add_argument(
        "--crs",
        help="CRS of the --gaps output (default EPSG:4326 for GeoJSON, KML and CSV, else the "
        "project CRS; GeoJSON in another CRS is not RFC 7946)",
    )
    coverage.add_argument("--all", action="store_true", help="list every zone in the table")
    coverage.add_argument(
        "--purpose", default="", help="why the --gaps file is taken (kept in the export log)"
    )
    coverage.set_defaults(run=_run_coverage)

    views = commands.add_parser("views", help="write every camera's visible ground")
    views.add_argument("project", type=Path, help="project GeoPackage")
    views.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="OUT.geojson",
        help="output file; the suffix picks the format "
        "(.geojson, .gpkg, .fgb, .shp, .kml, .dxf, .csv, .geojsonl)",
    )
    views.add_argument(
        "--level",
        choices=("detect", "observe", "recognise", "identify"),
        action="append",
        help="DORI level(s); default all four",
    )
    views.add_argument(
        "--crs",
        help="output CRS (default EPSG:4326 for GeoJSON, KML and CSV, else the project CRS; "
        "GeoJSON in another CRS is not RFC 7946)",
    )
    views.add_argument("--purpose", default="", help="why it is taken (kept in the export log)")
    views.set_defaults(run=_run_views)

    export = commands.add_parser(
        "export",
        help="write the cameras for OpenStreetMap editors (GeoJSON, .osm) and Google Earth (KML)",
        description="Write the project's cameras as OSM-tagged GeoJSON or OSM XML and as KML "
        "(placemarks and view sectors), in WGS 84; each file written is logged in the "
        "project's export_log table (docs/cli.md).",
    )
    export.add_argument("project", type=Path, help="project GeoPackage")
    export.add_argument(
        "--osm",
        type=Path,
        metavar="FILE.geojson|FILE.osm",
        help="one point per camera, its properties the OSM tags (.geojson: RFC 7946; "
        ".osm: OSM XML 0.6 for JOSM); planner import-osm reads both back",
    )
    export.add_argument(
        "--kml",
        type=Path,
        metavar="FILE.kml",
        help="cameras as placemarks and their view sectors as polygons",
    )
    export.add_argument(
        "--web",
        type=Path,
        metavar="FILE.html",
        help="the offline web map: one self-contained HTML page (with --public: no camera "
        "ids, devices or exact positions)",
    )
    export.add_argument(
        "--crs", help="output CRS: these formats are WGS 84 (EPSG:4326) only; others are refused"
    )
    export.add_argument(
        "--coords",
        choices=("gcj02", "bd09"),
        help="shift the KML to GCJ-02 or BD-09 for Chinese map apps (non-standard KML, warned; "
        "refused for --osm)",
    )
    export.add_argument("--purpose", default="", help="why it is taken (kept in the export log)")
    export.add_argument(
        "--lang",
        choices=("en", "zh"),
        help="language of the web map (default: zh for a Chinese ruleset, else en)",
    )
    export.add_argument(
        "--public",
        action="store_true",
        help="a public output: the web map's public form; refused for --osm and --kml, "
        "which are device-level data",
    )
    export.add_argument("--ruleset", help="ruleset name or TOML file (default: the project's)")
    export.set_defaults(run=_run_export)

    report = commands.add_parser(
        "report",
        help="write the compliance report (PDF or HTML) for leaders and filing offices",
        description="Write the compliance report: title block with the ruleset's citation, "
        "summary, coverage by category with a chart, every zone with its result, a gap map of "
        "each failing zone, privacy findings with their fixes, the survey's findings and "
        "rates, the articles applied and the assumed values. Chinese fonts are embedded in "
        "the PDF; a report that is not public is marked restricted on every page. The report "
        "is logged in the project's export_log table (docs/report.md).",
    )
    report.add_argument("project", type=Path, help="project GeoPackage")
    report.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE.pdf|FILE.html",
        help="the report: .pdf (A4, fonts embedded) or .html (one self-contained page)",
    )
    report.add_argument(
        "--lang",
        choices=("en", "zh"),
        help="language of the report (default: zh for a Chinese ruleset, else en)",
    )
    report.add_argument(
        "--public",
        action="store_true",
        help="the public edition: no camera position, id, device code or pole number, no gap "
        "maps, findings as counts; no restricted marking",
    )
    report.add_argument("--purpose", default="", help="why it is taken (kept in the export log)")
    report.add_argument(
        "--font",
        metavar="FILE",
        help="a font file with Chinese glyphs for the PDF (.ttc/.otf/.ttf; default: found on "
        "the system, e.g. Noto Sans CJK)",
    )
    report.add_argument("--author", help="author named in the title block (default: the OS user)")
    report.add_argument("--ruleset", help="ruleset name or TOML file (default: the project's)")
    report.set_defaults(run=_run_report)

    opt = commands.add_parser(
        "optimise",
        aliases=["optimize"],
        help="where the next cameras go, at least cost, with a bill of materials",
        description="Choose new camera sites, models, lenses and bearings on the planner's "
        "exact occluded views: cover every mandatory zone at least cost (--full-coverage), or "
        "the most priority-weighted coverage for a budget or a number of cameras; solved "
        "exactly by HiGHS under a time limit (objective, bound and gap reported) or by a fast "
        "heuristic. Writes the proposals layer, coverage before/after, bill of materials, "
        "phases and storage to OUT.gpkg (docs/optimise.md).",
    )
    opt.add_argument("project", type=Path, help="project GeoPackage")
    goal = opt.add_mutually_exclusive_group(required=True)
    goal.add_argument("--cameras", type=int, metavar="N", help="at most N new cameras")
    goal.add_argument(
        "--budget",
        type=float,
        metavar="AMOUNT",
        help="at most AMOUNT spent (cameras and new poles, catalogue prices)",
    )
    goal.add_argument(
        "--full-coverage",
        action="store_true",
        help="every mandatory zone to its required share, at least cost",
    )
    opt.add_argument(
        "--backup",
        nargs="+",
        default=[],
        metavar="CATEGORY",
        help="zone categories to be seen by two cameras",
    )
    opt.add_argument(
        "--time-limit",
        type=float,
        default=60.0,
        metavar="S",
        help="seconds for the exact solver (default 60)",
    )
    opt.add_argument(
        "--method",
        choices=("exact", "heuristic"),
        default="exact",
        help="exact (HiGHS, proven gap) or heuristic (greedy + local search)",
    )
    opt.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT.gpkg",
        help="write the proposals layer and the rollout tables here",
    )
    opt.add_argument("--format", choices=("table", "json"), default="table")
    opt.add_argument(
        "--catalogue",
        metavar="FILE.toml",
        help="camera catalogue (default: the shipped generic one)",
    )
    opt.add_argument(
        "--models", nargs="+", default=[], metavar="MODEL", help="only these catalogue models"
    )
    opt.add_argument(
        "--road-spacing",
        type=float,
        metavar="M",
        help="candidate sites every M metres along roads (default 30 when the "
        "project has no candidate_sites layer)",
    )
    opt.add_argument(
        "--poles",
        metavar="FILE.osm.pbf",
        help="candidate sites on the street lamps and poles of this OpenStreetMap file "
        "(existing poles: no pole cost)",
    )
    opt.add_argument(
        "--corners",
        action="store_true",
        help="candidate sites at building corners (mounted on the building)",
    )
    opt.add_argument(
        "--spacing",
        type=float,
        default=2.0,
        metavar="M",
        help="demand points every M metres over the zones (default 2)",
    )
    opt.add_argument("--advisory", action="store_true", help="advisory zones count too")
    opt.add_argument(
        "--privacy",
        choices=("exclude", "mask"),
        default="exclude",
        help="options seeing private places: left out (default) or masked",
    )
    opt.add_argument(
        "--budget-per-phase",
        type=float,
        metavar="AMOUNT",
        help="cut the proposals into phases (years) of at most AMOUNT each",
    )
    opt.add_argument("--ruleset", help="ruleset name or TOML file (default: the project's)")
    opt.set_defaults(run=_run_optimise)

    osm = commands.add_parser("import-osm", help="build a project from OpenStreetMap data")
    osm.add_argument(
        "source", type=Path, help=".osm.pbf, .osm or .geojson file (points tagged as in OSM)"
    )
    osm.add_argument("-o", "--output", type=Path, required=True, metavar="PROJECT.gpkg")
    osm.add_argument("--ruleset", default="national", help="ruleset stored in the project")
    osm.set_defaults(run=_run_import_osm)

    privacy = commands.add_parser(
        "privacy",
        help="cameras in or looking into private places, and the mask or re-aim that fixes each",
    )
    privacy.add_argument("project", type=Path, help="project GeoPackage")
    privacy.add_argument("--ruleset", help="ruleset name or TOML file (default: the project's)")
    privacy.add_argument("--format", choices=OUTPUT_FORMATS, default="table")
    privacy.add_argument(
        "--apply",
        choices=("mask", "reaim"),
        help="carry out the suggested fix and save the project: mask (merge the bearing ranges "
        "into privacy_mask) or reaim (new bearing and lens); the findings printed are those "
        "left after it",
    )
    privacy.add_argument(
        "--camera",
        action="append",
        metavar="ID",
        help="with --apply: only this camera (repeatable; default every camera with a finding)",
    )
    privacy.set_defaults(run=_run_privacy)

    reconcile = commands.add_parser(
        "reconcile",
        help="reconcile camera inventories and write the cleanup work list",
        description="Match the records of several camera inventories into devices, find "
        "forbidden, abandoned, faulty, offline, obstructed, unowned, unregistered, removed, "
        "moved, re-aimed, unconnected, unsigned and duplicate devices, and write the work list "
        "(docs/survey.md).",
    )
    reconcile.add_argument(
        "project",
        type=Path,
        nargs="?",
        help="project GeoPackage: gives CRS, ruleset and private places, and receives the registry",
    )
    reconcile.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="ROLE=FILE",
        help="an inventory (.csv, .xlsx, .geojson, .gpkg); roles filings, survey, platform and "
        "property carry meaning, any other role is a plain source; repeat for each. Without "
        "--source, the registry saved in PROJECT is judged again (new settlements, --as-of)",
    )
    reconcile.add_argument(
        "--coords",
        action="append",
        default=[],
        metavar="[ROLE=]CRS",
        help="what the lon/lat columns hold: wgs84 (default), gcj02, bd09, cgcs2000 or EPSG:N; "
        "without ROLE= for every source",
    )
    reconcile.add_argument(
        "--sheet",
        action="append",
        default=[],
        metavar="[ROLE=]NAME",
        help="the Excel sheet (or GeoPackage layer) to read, e.g. when the first sheet is a cover "
        "page; without ROLE= for every source. Repeatable. Default: the first",
    )
    reconcile.add_argument("--mapping", type=Path, metavar="FILE.toml", help="column mapping")
    reconcile.add_argument("--as-of", metavar="YYYY-MM-DD", help="survey date (default: today)")
    reconcile.add_argument("--ruleset", help="ruleset name or TOML file (default: the project's)")
    reconcile.add_argument(
        "--max-distance",
        type=float,
        default=15.0,
        metavar="M",
        help="farthest two records are matched by position alone (default 15 m)",
    )
    reconcile.add_argument(
        "--settle",
        action="append",
        default=[],
        metavar="DEVICE_KEY:FIELD=VALUE",
        help="settle a conflict as the window's Settle does: FIELD owner, maintainer or "
        "position (VALUE: the source whose position is right); kept in the project and applied "
        "on every later run. Repeatable",
    )
    reconcile.add_argument(
        "--walked-area",
        type=Path,
        metavar="FILE",
        help="polygons of the area the field walk covered (a filed device inside it that the "
        "walk did not find is removed_but_filed). Default: the project's survey_areas layer, "
        "else the hull of the walked records buffered by 100 m",
    )
    reconcile.add_argument(
        "--out",
        action="append",
        required=True,
        type=Path,
        metavar="FILE",
        help="work list: .csv, .xlsx or .html (printable, a small map per device); repeatable",
    )
    reconcile.add_argument(
        "--no-save", action="store_true", help="do not save the registry into the project"
    )
    reconcile.add_argument(
        "--lang",
        choices=("en", "zh"),
        help="language of the work list (default: zh for a Chinese ruleset, else en): headers, "
        "sheet names, finding, action and source names, legal-style citations and details; "
        "the finding_code and action_code columns keep the codes in both",
    )
    reconcile.add_argument("--format", choices=("table", "json"), default="table")
    reconcile.set_defaults(run=_run_reconcile)

    check = commands.add_parser(
        "check",
        help="list every problem of a project file (exit 2 when any is an error)",
        description="List every problem of a project: values the engine cannot use (the row "
        "is left out of computing and kept in the file), unknown values computed as a "
        "default, repaired geometry, tables kept as they are (docs/cli.md).",
    )
    check.add_argument("project", type=Path, help="project GeoPackage")
    check.add_argument("--ruleset", help="ruleset name or TOML file (default: the project's)")
    check.add_argument("--format", choices=("table", "json"), default="table")
    check.set_defaults(run=_run_check)

    edit = commands.add_parser(
        "edit",
        help="change fields of one camera or zone and save (the window's edit path)",
        description="Set fields of one camera (--camera) or zone (--zone), validated as in "
        "the window, and save the project atomically; only the fields set change in the file.",
    )
    edit.add_argument("project", type=Path, help="project GeoPackage")
    which = edit.add_mutually_exclusive_group(required=True)
    which.add_argument("--camera", metavar="ID", help="camera_id of the camera to edit")
    which.add_argument("--zone", metavar="ID", help="zone_id of the zone to edit")
    edit.add_argument(
        "--set",
        action="append",
        required=True,
        metavar="FIELD=VALUE",
        help="a field and its new value (empty value: clear it); x/y move a camera "
        "(project CRS metres); repeat for several fields",
    )
    edit.set_defaults(run=_run_edit)

    imp = commands.add_parser(
        "import",
        help="import a layer from another file into a project (the window's import)",
        description="Import one layer of a GeoJSON, Shapefile, GeoPackage or CSV (lon/lat or "
        "x/y) file into a project layer, validated as in the window, and save the project "
        "atomically (docs/cli.md).",
    )
    imp.add_argument("project", type=Path, help="project GeoPackage (changed in place)")
    imp.add_argument("file", type=Path, help="file to import")
    imp.add_argument(
        "--as",
        dest="target",
        required=True,
        choices=("cameras", "zones", "buildings", "private_areas", "roads"),
        help="project layer the rows go to",
    )
    imp.add_argument("--source-layer", metavar="NAME", help="layer of the file (default: first)")
    imp.add_argument("--where", metavar="SQL", help="import only the features matching this filter")
    imp.add_argument("--crs", metavar="EPSG:N", help="CRS of the file's coordinates (overrides)")
    imp.add_argument(
        "--coords",
        choices=("wgs84", "gcj02", "bd09"),
        default="wgs84",
        help="longitude/latitude are offset the Chinese way (gcj02: AMap, Tencent; bd09: Baidu)",
    )
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="SOURCE=FIELD",
        help="read the file's column SOURCE as the field FIELD; repeatable",
    )
    imp.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="give every imported row this value; repeatable",
    )
    imp.add_argument(
        "--mode",
        choices=("add", "replace", "update"),
        default="add",
        help="add rows (default), replace the layer's rows, or update rows matched by id",
    )
    imp.set_defaults(run=_run_import)

    gui = commands.add_parser("gui", help="open the desktop window")
    gui.add_argument("project", type=Path, nargs="?", help="project GeoPackage to open")
    gui.add_argument(
        "--screenshot",
        type=Path,
        metavar="FILE.png",
        help="render the window (map zoomed to the data) to a PNG and exit",
    )
    gui.add_argument(
        "--export-map",
        type=Path,
        metavar="FILE.png|.jpg|.pdf",
        help="write the map as File → Export map does (a PDF is an A4 page with title block) "
        "and exit, headless",
    )
    gui.add_argument(
        "--purpose", default="", help="with --export-map: why it is taken (kept in the export log)"
    )
    gui.set_defaults(run=_run_gui)
    return parser


def _load(path: Path, ruleset: str | None):
    from planner.io.project import read_project
    from planner.io.rulesets import load_ruleset

    project = read_project(path, ruleset=ruleset)
    return project, load_ruleset(project.ruleset)


def _report_problems(problems: Sequence[object]) -> None:
    for problem in problems:
        print(f"planner: warning: {problem}", file=sys.stderr)


def _run_coverage(args: argparse.Namespace) -> int:
    from planner.core.summary import gaps_frame
    from planner.io.export import check_output_path, default_output_crs, write_layer
    from planner.report.coverage_report import (
        coverage_document,
        render_csv,
        render_json,
        render_table,
    )
    from planner.services.project import open_project

    if args.gaps:
        from planner.services.export_log import check_loggable

        check_output_path(args.gaps, crs=args.crs)
        refuse_input_as_output(args.gaps, [args.project], option="--gaps")
        check_loggable(args.project)
    # the same opening as the window's (services.project.open_project)
    opened = open_project(args.project, ruleset=args.ruleset)
    project, ruleset, state = opened.project, opened.ruleset, opened.state
    _report_problems(opened.problems)
    document = coverage_document(
        state,
        project=str(args.project),
        ruleset=ruleset.id,
        crs=project.crs.to_string(),
        problems=[str(p) for p in opened.problems],
    )
    if args.format == "json":
        sys.stdout.write(render_json(document) + "\n")
    elif args.format == "csv":
        sys.stdout.write(render_csv(document))
    else:
        sys.stdout.write(render_table(document, max_zones=None if args.all else 40))
    if args.gaps:
        crs = args.crs or default_output_crs(args.gaps)
        _report_problems(write_layer(gaps_frame(state), args.gaps, layer="gaps", crs=crs))
        _log(args.project, kind="gaps", path=args.gaps, purpose=args.purpose)
        print(f"planner: gaps written to {args.gaps}", file=sys.stderr)
    return EXIT_OK


def _run_views(args: argparse.Namespace) -> int:
    from planner.core.levels import LEVELS
    from planner.core.views import views_from_cameras
    from planner.io.export import check_output_path, default_output_crs, write_layer
    from planner.services.export_log import check_loggable

    check_output_path(args.output, crs=args.crs)
    refuse_input_as_output(args.output, [args.project], option="--output")
    check_loggable(args.project)
    project, _ = _load(args.project, None)
    _report_problems(project.problems)
    levels = tuple(lv for lv in LEVELS if lv in (args.level or LEVELS))
    started = time.perf_counter()
    views = views_from_cameras(project.cameras, project.buildings, levels=levels)
    frame = views.to_frame(levels)
    crs = args.crs or default_output_crs(args.output)
    _report_problems(write_layer(frame, args.output, layer="views", crs=crs))
    _log(args.project, kind="views", path=args.output, purpose=args.purpose)
    print(
        f"planner: {len(views)} cameras × {len(levels)} levels written to {args.output} "
        f"({time.perf_counter() - started:.2f} s)",
        file=sys.stderr,
    )
    return EXIT_OK


def _log(project: Path, *, kind: str, path: Path, purpose: str, public: bool = False) -> None:
    """Append the export of ``path`` to ``project``'s export_log (Harbin Art. 25(5))."""
    from planner.services.export_log import log_export

    log_export(project, kind=kind, path=path, purpose=purpose, public=public)


def _run_export(args: argparse.Namespace) -> int:
    """Write the cameras for OSM editors and Google Earth; log every file written."""
    from planner.services.export import ExportRequest, check_export, run_export
    from planner.services.project import open_project

    request = ExportRequest(
        osm=args.osm,
        kml=args.kml,
        web=args.web,
        crs=args.crs,
        coords=args.coords,
        purpose=args.purpose,
        public=args.public,
        language=args.lang,
    )
    check_export(args.project, request)
    opened = open_project(args.project, ruleset=args.ruleset)
    _report_problems(opened.problems)
    result = run_export(args.project, opened, request)
    _report_problems(result.problems)
    for kind, path in result.written:
        print(f"planner: {kind} written to {path} (logged in {args.project})", file=sys.stderr)
    return EXIT_OK


def _run_report(args: argparse.Namespace) -> int:
    """Write the compliance report; log it in the project's export_log."""
    from planner.services.project import open_project
    from planner.services.report import ReportRequest, check_report, run_report

    request = ReportRequest(
        output=args.output,
        language=args.lang,
        public=args.public,
        purpose=args.purpose,
        font=args.font,
        author=args.author,
    )
    check_report(args.project, request)
    opened = open_project(args.project, ruleset=args.ruleset)
    _report_problems(opened.problems)
    path = run_report(args.project, opened, request)
    print(f"planner: report written to {path} (logged in {args.project})", file=sys.stderr)
    return EXIT_OK


def _run_optimise(args: argparse.Namespace) -> int:
    """Optimise the rollout; print the answer; write OUT.gpkg when asked."""
    from planner.core.optimise import Goal
    from planner.services.optimise import (
        RolloutRequest,
        check_rollout,
        plan_rollout,
        write_rollout,
    )
    from planner.services.project import open_project

    if args.full_coverage:
        goal = Goal("full")
    elif args.cameras is not None:
        goal = Goal("cameras", float(args.cameras))
    else:
        goal = Goal("budget", float(args.budget))
    request = RolloutRequest(
        goal=goal,
        backup=tuple(args.backup),
        time_limit=args.time_limit,
        method=args.method,
        catalogue=args.catalogue,
        models=tuple(args.models),
        road_spacing_m=args.road_spacing,
        corners=args.corners,
        poles=args.poles,
        demand_spacing_m=args.spacing,
        advisory=args.advisory,
        privacy=args.privacy,
        budget_per_phase=args.budget_per_phase,
    )
    check_rollout(args.project, args.output, request)
    opened = open_project(args.project, ruleset=args.ruleset)
    _report_problems(opened.problems)
    rollout = plan_rollout(opened, request)
    if args.output is not None:
        write_rollout(args.output, rollout)
        print(f"planner: proposals written to {args.output}", file=sys.stderr)
    if rollout.short_zones:
        print(
            f"planner: {len(rollout.short_zones)} zones cannot reach their required share "
            f"from any candidate: {', '.join(rollout.short_zones[:10])}"
            + (" …" if len(rollout.short_zones) > 10 else ""),
            file=sys.stderr,
        )
    if args.format == "json":
        import json

        from planner.report.coverage_report import _clean

        document = {
            **rollout.summary(),
            "proposals": [
                _clean(r)
                for r in rollout.proposals.drop(columns="geometry")
                .assign(
                    x=rollout.proposals.geometry.x.round(2), y=rollout.proposals.geometry.y.round(2)
                )
                .to_dict("records")
            ],
            "bill_of_materials": [_clean(r) for r in rollout.bom.to_dict("records")],
            "storage": [_clean(r) for r in rollout.storage.to_dict("records")],
            "categories": [_clean(r) for r in rollout.categories.to_dict("records")],
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print(_rollout_table(rollout))
    return EXIT_OK


def _rollout_table(rollout: object) -> str:
    s = rollout.summary()  # type: ignore[attr-defined]
    gap = "–" if s["gap"] is None else f"{float(s['gap']) * 100:.2f} %"
    lines = [
        f"{s['status']} ({s['method']}): objective {s['objective']}, bound {s['bound']}, "
        f"gap {gap}, {s['seconds']} s",
        "",
    ]
    proposals = rollout.proposals  # type: ignore[attr-defined]
    for r in proposals.itertuples():
        bearing = "all round" if r.bearing_deg != r.bearing_deg else f"{r.bearing_deg:g}°"
        lines.append(
            f"{r.camera_id}  {r.site_id:<14} {r.model:<24} {bearing:>9}  hfov {r.hfov_deg:g}°  "
            f"phase {r.phase}  {r.cost + r.site_cost:>9,.0f}  serves {r.serves}"
        )
    lines.append("")
    for r in rollout.bom.itertuples():  # type: ignore[attr-defined]
        lines.append(f"{r.item:<7} {r.model:<24} {r.quantity:>5} {r.amount:>12,.0f}")
    lines.append("")
    lines.append(rollout.storage.to_string(index=False))  # type: ignore[attr-defined]
    return "\n".join(lines)


def _run_import_osm(args: argparse.Namespace) -> int:
    from planner.io.osm import project_from_osm
    from planner.io.project import write_project
    from planner.io.rulesets import load_ruleset

    refuse_input_as_output(args.output, [args.source], option="--output")
    ruleset = load_ruleset(args.ruleset)
    started = time.perf_counter()
    project = project_from_osm(
        args.source, ruleset_id=ruleset.id, chinese_ruleset=ruleset.is_chinese
    )
    _report_problems(project.problems)
    write_project(args.output, project)
    counts = ", ".join(
        f"{len(project.layer(n))} {n}"
        for n in ("buildings", "roads", "zones", "cameras", "private_areas")
    )
    print(
        f"planner: {args.output} written in {project.crs.name}: {counts} "
        f"({time.perf_counter() - started:.1f} s)",
        file=sys.stderr,
    )
    return EXIT_OK


def _run_privacy(args: argparse.Namespace) -> int:
    """Privacy findings; exit code 3 when a camera stands in a private place (Q Art. 9)."""
    from planner.core.privacy import privacy_findings
    from planner.report.privacy_report import (
        EXIT_FORBIDDEN_PLACEMENT,
        privacy_document,
        render_csv,
        render_json,
        render_table,
    )

    project, ruleset = _load(args.project, args.ruleset)
    _report_problems(project.problems)
    started = time.perf_counter()
    if args.camera and not args.apply:
        raise InputError("--camera needs --apply mask|reaim", field="--camera")
    if args.apply:
        report = _apply_privacy(args, project, ruleset)
    else:
        report = privacy_findings(
            project.cameras,
            project.buildings,
            project.private_areas,
            ruleset=ruleset,
            zones=project.zones,
        )
    document = privacy_document(
        report,
        project=str(args.project),
        ruleset=ruleset.id,
        crs=project.crs.to_string(),
        cameras=len(project.cameras),
        problems=[str(p) for p in project.problems],
    )
    if args.format == "json":
        sys.stdout.write(render_json(document) + "\n")
    elif args.format == "csv":
        sys.stdout.write(render_csv(document))
    else:
        sys.stdout.write(render_table(document))
    print(
        f"planner: {len(report)} privacy findings ({time.perf_counter() - started:.2f} s)",
        file=sys.stderr,
    )
    return EXIT_FORBIDDEN_PLACEMENT if report.forbidden_cameras else EXIT_OK


def _apply_privacy(args: argparse.Namespace, project: Project, ruleset: Ruleset) -> PrivacyReport:
    """``planner privacy --apply``: fix, save, and return the findings left."""
    from planner.io.project import write_project
    from planner.services.privacy import apply_fixes

    applied = apply_fixes(project, ruleset, kind=args.apply, cameras=args.camera)
    for camera_id, fields in applied.changes.items():
        what = "; ".join(f"{k} {old!r} → {new!r}" for k, (old, new) in fields.items())
        print(f"planner: camera {camera_id}: {what}", file=sys.stderr)
    if applied.changes:
        write_project(args.project, applied.project)
        print(
            f"planner: {args.apply} applied to {len(applied.changes)} camera(s); saved "
            f"{args.project}; {len(applied.before)} → {len(applied.after)} findings",
            file=sys.stderr,
        )
    else:
        print(f"planner: no finding has a {args.apply} fix; nothing saved", file=sys.stderr)
    return applied.after


def _split_option(text: str, option: str, *, role_required: bool) -> tuple[str, str]:
    role, sep, value = text.partition("=")
    if not sep:
        if role_required:
            raise InputError(f"{text!r} is not ROLE=FILE", field=option)
        return "*", text.strip()
    if not role.strip() or not value.strip():
        raise InputError(f"{text!r} is not ROLE=VALUE", field=option)
    return role.strip(), value.strip()


def _run_reconcile(args: argparse.Namespace) -> int:
    """Reconcile inventories; the work list goes to ``--out``, the registry into the project."""
    import json
    from dataclasses import replace

    from planner.io.files import check_writable_target, refuse_input_as_output
    from planner.io.inventories import read_mapping_file, unrecognised_columns
    from planner.io.project import read_project, write_project
    from planner.io.rulesets import load_ruleset
    from planner.io.survey import (
        check_as_of,
        load_sources,
        parse_settlement,
        source_specs,
        stored_survey,
        walked_area_from,
        with_registry,
    )
    from planner.report.worklist_report import worklist_title
    from planner.services.survey import reconcile, write_survey_worklist
    from planner.services.worklist import check_worklist_path

    started = time.perf_counter()
    for out in args.out:
        check_worklist_path(out)
    pairs = [_split_option(t, "--source", role_required=True) for t in args.source]
    coords = dict(_split_option(t, "--coords", role_required=False) for t in args.coords)
    mappings = read_mapping_file(args.mapping) if args.mapping else None
    specs = source_specs([(r, Path(f)) for r, f in pairs], coords=coords, mappings=mappings)
    sheets = dict(_split_option(t, "--sheet", role_required=False) for t in args.sheet)
    for key in sorted(set(sheets) - {"*"} - {s.source for s in specs} - {s.role for s in specs}):
        raise InputError(f"{key!r} is neither a source nor a role of --source", field="--sheet")
    for k, spec in enumerate(specs):
        sheet = sheets.get(spec.source) or sheets.get(spec.role) or sheets.get("*")
        layered = spec.path.suffix.lower() == ".gpkg"  # a GeoPackage has layers, not sheets
        specs[k] = replace(spec, layer=sheet) if layered else replace(spec, sheet=sheet)
    inputs = [s.path for s in specs] + [args.project, args.mapping, args.walked_area]
    for out in args.out:  # before the work: a bad --out costs nothing
        refuse_input_as_output(out, inputs, option="--out")
        check_writable_target(out, option="--out")

    project = None
    if args.project is not None:
        project = read_project(args.project, ruleset=args.ruleset)
        _report_problems(project.problems)
        ruleset = load_ruleset(project.ruleset)
    else:
        ruleset = load_ruleset(args.ruleset or "national")
    max_distance = args.max_distance
    if specs:
        as_of = check_as_of(args.as_of)
        loaded = load_sources(
            specs,
            project_crs=project.crs if project is not None else None,
            chinese=ruleset.is_chinese,
        )
    else:
        stored = stored_survey(project) if project is not None else None
        if stored is None:
            raise InputError(
                "give the inventories with --source ROLE=FILE (or a project that holds a "
                "saved survey)",
                field="--source",
            )
        loaded, max_distance = stored.loaded, stored.max_distance_m
        as_of = check_as_of(args.as_of) if args.as_of else stored.as_of
    _report_problems(loaded.problems)
    for spec in specs:
        if not spec.coords and loaded.coords.get(spec.source, "wgs84") != "wgs84":
            print(
                f"planner: {spec.path.name}: longitude/latitude read as "
                f"{loaded.coords[spec.source]}, as its headers say (--coords overrides)",
                file=sys.stderr,
            )
    language = args.lang or ("zh" if ruleset.is_chinese else "en")
    settle = [parse_settlement(text, on=as_of) for text in args.settle]
    if settle and project is None:
        raise InputError("--settle needs a PROJECT to keep the decision in", field="--settle")
    walked = None
    if args.walked_area is not None:
        walked = walked_area_from(args.walked_area, project=project, crs=loaded.crs)
    result = reconcile(
        loaded,
        ruleset=ruleset,
        as_of=as_of,
        project=project,
        max_distance_m=max_distance,
        language=language,
        walked=walked,
        settle=settle,
    )
    survey, tables = result.survey, result.tables
    for stale in survey.stale_settlements:
        if stale in settle:
            print(
                f"planner: warning: --settle {stale.device_key}:{stale.field}: no such open "
                "conflict; kept for a later run",
                file=sys.stderr,
            )
    for out in args.out:
        write_survey_worklist(
            out,
            survey,
            crs=loaded.crs,
            conflicts=tables["survey_conflicts"],
            project=project,
            title=worklist_title(ruleset, language),
            language=language,
        )
    if project is not None and not args.no_save:
        registry = with_registry(project, tables, survey=survey, max_distance_m=max_distance)
        write_project(args.project, registry)

    counts = {name: survey.count(name) for name in _finding_names()}
    overall = survey.intact[survey.intact["group_by"] == "all"]
    summary = {
        "devices": len(survey.matching.devices),
        "records": sum(len(s.records) for s in loaded.sources),
        "skipped_rows": sum(p.action.startswith("row skipped") for p in loaded.problems),
        "problems": len(loaded.problems),
        "findings": counts,
        "conflicts": len(survey.matching.conflicts),
        "settled": len(survey.settled),
        "intact_rate": _rate(overall, "rate"),
        "intact_rate_min": ruleset.maintenance.intact_rate_min,
        "intact_rate_reference": (
            {"value": reference.value, "article": reference.article}
            if (reference := ruleset.references.get("intact_rate_min")) is not None
            and ruleset.maintenance.intact_rate_min is None
            else None
        ),
        "online_rate": _rate(overall, "online_rate"),
        "connection_rate": _rate(overall, "connection_rate"),
        "walked_area": survey.walked_area_source or None,
        "skipped_checks": list(survey.skipped_checks),
        "ruleset": ruleset.id,
        "as_of": as_of.isoformat(),
        "crs": loaded.crs.to_string(),
        "coords": dict(loaded.coords),
        "outputs": [str(o) for o in args.out],
        "saved_into": str(args.project) if project is not None and not args.no_save else None,
        "unrecognised_columns": {
            spec.source: list(
                unrecognised_columns(
                    spec.path,
                    used=loaded.columns.get(spec.source, {}),
                    sheet=spec.sheet,
                    layer=spec.layer,
                    mapping=spec.mapping,
                )
            )
            for spec in specs
        },
    }
    if args.format == "json":
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(_reconcile_table(summary))
    print(
        f"planner: {len(survey.findings)} findings on {summary['devices']} devices "
        f"({time.perf_counter() - started:.2f} s)",
        file=sys.stderr,
    )
    return EXIT_OK


def _rate(overall: pd.DataFrame, column: str) -> float | None:
    """One rate of the ``all`` row of the rates table; None when it has none (no NaN in JSON)."""
    import math

    if not len(overall):
        return None
    value = float(overall[column].iloc[0])
    return None if math.isnan(value) else value


def _finding_names() -> tuple[str, ...]:
    from planner.core.survey import FINDINGS

    return FINDINGS


def _reconcile_table(summary: dict[str, object]) -> str:
    rate = summary["intact_rate"]
    minimum = summary["intact_rate_min"]
    reference = summary["intact_rate_reference"]

    def percent(value: object) -> str:
        return "-" if value is None else f"{100 * float(value):.1f} %"  # type: ignore[arg-type]

    if minimum is not None:
        basis = f" (minimum {100 * float(minimum):.0f} %)"  # type: ignore[arg-type]
    elif reference is not None:
        basis = (
            f" (no minimum in this ruleset; reference {100 * reference['value']:.0f} %, "  # type: ignore[index]
            f"{reference['article']})"  # type: ignore[index]
        )
    else:
        basis = ""
    lines = [
        f"devices   {summary['devices']} (from {summary['records']} records, "
        f"{summary['skipped_rows']} rows skipped)",
        f"conflicts {summary['conflicts']} open, {summary['settled']} settled",
        "intact    " + percent(rate) + basis,
        "online    " + percent(summary["online_rate"]),
        "connected " + percent(summary["connection_rate"]),
        f"walked    {summary['walked_area'] or '-'}",
        "",
        "finding               count",
    ]
    for name, count in summary["findings"].items():  # type: ignore[attr-defined]
        lines.append(f"{name:<21} {count:>5}")
    for source, columns in summary["unrecognised_columns"].items():  # type: ignore[attr-defined]
        if columns:
            lines.append(f"not read: {source}: {', '.join(columns)} (headers not recognised)")
    for skipped in summary["skipped_checks"]:  # type: ignore[attr-defined]
        lines.append(f"skipped: {skipped}")
    return "\n".join(lines) + "\n"


def _run_check(args: argparse.Namespace) -> int:
    """Every problem of the project; exit 2 when any is an error."""
    import json

    from planner.io.check import check_project

    report = check_project(args.project, ruleset=args.ruleset)
    if args.format == "json":
        sys.stdout.write(json.dumps(report.as_document(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(_check_table(report))
    return EXIT_OK if report.ok else EXIT_BAD_INPUT


def _check_table(report) -> str:  # type: ignore[no-untyped-def]
    counts = report.counts
    lines = [
        f"{report.file}: {counts['error']} errors, {counts['warning']} warnings, "
        f"{counts['note']} notes"
    ]
    if report.problems:
        header = ("severity", "layer", "row", "id", "field", "value", "message")
        rows = [
            (p.severity, p.layer, p.row, p.id, p.field, p.value, f"{p.message} ({p.action})")
            for p in report.problems
        ]
        widths = [min(max(len(str(r[k])) for r in [header, *rows]), 40) for k in range(6)]
        for row in [header, *rows]:
            cells = [str(c)[:40].ljust(w) for c, w in zip(row[:6], widths, strict=True)]
            lines.append("  ".join([*cells, str(row[6])]).rstrip())
    return "\n".join(lines) + "\n"


def _run_edit(args: argparse.Namespace) -> int:
    """Set fields of one camera or zone and save; only those cells change in the file."""
    from planner.services.layers import edit_file

    layer, ident = ("cameras", args.camera) if args.camera is not None else ("zones", args.zone)
    changes: dict[str, object] = {}
    for text in args.set:
        field, sep, value = text.partition("=")
        if not sep or not field.strip():
            raise InputError(f"{text!r} is not FIELD=VALUE", field="--set")
        changes[field.strip()] = value.strip() or None
    edit = edit_file(args.project, layer, ident, changes)
    changed = [
        f"{k} {edit.before.get(k)!r} → {edit.after.get(k)!r}"
        for k in changes
        if edit.before.get(k) != edit.after.get(k)
    ]
    what = "; ".join(changed) or "nothing changed"
    fixed = " (the row is usable again)" if edit.fixed else ""
    print(f"planner: {layer[:-1]} {ident}: {what}{fixed}; saved {args.project}", file=sys.stderr)
    return EXIT_OK


def _run_import(args: argparse.Namespace) -> int:
    """Import a file into a project layer and save; exit 2 when nothing could be imported."""
    from planner.io.importers import ImportRequest
    from planner.services.layers import import_into_file, nothing_imported

    def pairs(texts: Sequence[str], option: str, form: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for text in texts:
            key, sep, value = text.partition("=")
            if not sep or not key.strip() or not value.strip():
                raise InputError(f"{text!r} is not {form}", field=option)
            out[key.strip()] = value.strip()
        return out

    request = ImportRequest(
        path=args.file,
        target=args.target,
        layer=args.source_layer,
        where=args.where,
        crs=args.crs,
        shift=None if args.coords == "wgs84" else args.coords,
        mapping=pairs(args.map, "--map", "SOURCE=FIELD"),
        constants=pairs(args.set, "--set", "FIELD=VALUE"),
        mode=args.mode,
    )
    result = import_into_file(args.project, request)  # saved when rows were imported
    _report_problems(result.problems)
    print(f"planner: {args.file} → {args.project}: {result.summary()}")
    if nothing_imported(result):
        print(
            "planner: error: no row could be imported; the project was not changed", file=sys.stderr
        )
        return EXIT_BAD_INPUT
    return EXIT_OK


def _run_gui(args: argparse.Namespace) -> int:
    if args.project is not None and not args.project.exists():
        raise InputError("file does not exist", file=str(args.project))
    if args.export_map is not None:
        if args.project is None:
            raise InputError("--export-map needs a PROJECT", field="--export-map")
        if args.export_map.suffix.lower() not in (".png", ".jpg", ".jpeg", ".pdf"):
            raise InputError("choose a .png, .jpg or .pdf file name", file=str(args.export_map))
        refuse_input_as_output(args.export_map, [args.project], option="--export-map")
    from planner.ui.app import run

    return run(
        args.project, screenshot=args.screenshot, export_map=args.export_map, purpose=args.purpose
    )


if __name__ == "__main__":
    raise SystemExit(main())

"""The command line: the headless path of every feature (commands in docs/cli.md).

Exit codes: 0 ok, 2 bad input (the message names file, layer, row and field),
3 a privacy check found a forbidden placement (``planner privacy``), 1 any other
failure. User errors print one message, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from planner.core.errors import InputError, PlannerError

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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planner", description="Plan and audit public video-surveillance camera coverage."
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
        help="write the uncovered part of every zone to this GeoPackage",
    )
    coverage.add_argument(
        "--crs",
        help="CRS of the --gaps output (default EPSG:4326 for GeoJSON, else the project CRS)",
    )
    coverage.add_argument("--all", action="store_true", help="list every zone in the table")
    coverage.set_defaults(run=_run_coverage)

    views = commands.add_parser("views", help="write every camera's visible ground")
    views.add_argument("project", type=Path, help="project GeoPackage")
    views.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.geojson")
    views.add_argument(
        "--level",
        choices=("detect", "observe", "recognise", "identify"),
        action="append",
        help="DORI level(s); default all four",
    )
    views.add_argument(
        "--crs", help="output CRS (default EPSG:4326 for GeoJSON, else the project CRS)"
    )
    views.set_defaults(run=_run_views)

    osm = commands.add_parser("import-osm", help="build a project from OpenStreetMap data")
    osm.add_argument("source", type=Path, help=".osm.pbf or .osm file")
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
    privacy.set_defaults(run=_run_privacy)

    gui = commands.add_parser("gui", help="open the desktop window")
    gui.add_argument("project", type=Path, nargs="?", help="project GeoPackage to open")
    gui.add_argument(
        "--screenshot",
        type=Path,
        metavar="FILE.png",
        help="render the window (map zoomed to the data) to a PNG and exit",
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
    from planner.core.coverage import coverage_state
    from planner.core.summary import gaps_frame
    from planner.io.export import check_output_path, default_output_crs, write_layer
    from planner.report.coverage_report import (
        coverage_document,
        render_csv,
        render_json,
        render_table,
    )

    if args.gaps:
        check_output_path(args.gaps)
    project, ruleset = _load(args.project, args.ruleset)
    _report_problems(project.problems)
    state = coverage_state(project.cameras, project.zones, project.buildings, ruleset=ruleset)
    document = coverage_document(
        state,
        project=str(args.project),
        ruleset=ruleset.id,
        crs=project.crs.to_string(),
        problems=[str(p) for p in project.problems],
    )
    if args.format == "json":
        sys.stdout.write(render_json(document) + "\n")
    elif args.format == "csv":
        sys.stdout.write(render_csv(document))
    else:
        sys.stdout.write(render_table(document, max_zones=None if args.all else 40))
    if args.gaps:
        crs = args.crs or default_output_crs(args.gaps)
        write_layer(gaps_frame(state), args.gaps, layer="gaps", crs=crs)
        print(f"planner: gaps written to {args.gaps}", file=sys.stderr)
    return EXIT_OK


def _run_views(args: argparse.Namespace) -> int:
    from planner.core.levels import LEVELS
    from planner.core.views import views_from_cameras
    from planner.io.export import check_output_path, default_output_crs, write_layer

    check_output_path(args.output)
    project, _ = _load(args.project, None)
    _report_problems(project.problems)
    levels = tuple(lv for lv in LEVELS if lv in (args.level or LEVELS))
    started = time.perf_counter()
    views = views_from_cameras(project.cameras, project.buildings, levels=levels)
    frame = views.to_frame(levels)
    crs = args.crs or default_output_crs(args.output)
    write_layer(frame, args.output, layer="views", crs=crs)
    print(
        f"planner: {len(views)} cameras × {len(levels)} levels written to {args.output} "
        f"({time.perf_counter() - started:.2f} s)",
        file=sys.stderr,
    )
    return EXIT_OK


def _run_import_osm(args: argparse.Namespace) -> int:
    from planner.io.osm import project_from_osm
    from planner.io.project import write_project
    from planner.io.rulesets import load_ruleset

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


def _run_gui(args: argparse.Namespace) -> int:
    if args.project is not None and not args.project.exists():
        raise InputError("file does not exist", file=str(args.project))
    from planner.ui.app import run

    return run(args.project, screenshot=args.screenshot)


if __name__ == "__main__":
    raise SystemExit(main())

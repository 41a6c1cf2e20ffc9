"""Ownership survey speed: reading inventories, matching, findings, work list.

Uses the generated district of ``tests/survey_world.py`` (four sources, GCJ-02
platform, realistic noise) at several sizes and prints seconds per step and
the matching precision/recall against the known truth.

    .venv/bin/python benchmarks/bench_reconcile.py [N ...]
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from survey_world import make_survey_world, write_world

from planner.core.survey import conflicts_table, work_list
from planner.io.rulesets import load_ruleset
from planner.io.survey import load_sources, source_specs
from planner.services.survey import run_survey
from planner.services.worklist import write_worklist


def _pairs(groups: dict[object, set[tuple[str, int]]]) -> set[frozenset[tuple[str, int]]]:
    return {
        frozenset((a, b)) for members in groups.values() for a in members for b in members if a < b
    }


def bench(n: int) -> None:
    """Time one run on a world of ``n`` devices and print one line."""
    world = make_survey_world(seed=1, n=n)
    ruleset = load_ruleset("qingdao")
    with tempfile.TemporaryDirectory() as folder:
        paths = write_world(world, folder)
        specs = source_specs(list(paths.items()), coords={"platform": "gcj02"})
        t0 = time.perf_counter()
        loaded = load_sources(specs, chinese=True)
        t1 = time.perf_counter()
        survey = run_survey(loaded, ruleset=ruleset, as_of=world.as_of)
        t2 = time.perf_counter()
        crs = loaded.crs
        table = work_list(survey, crs=crs)
        write_worklist(Path(folder) / "w.csv", table)
        t3 = time.perf_counter()
        write_worklist(
            Path(folder) / "w.html", table, conflicts=conflicts_table(survey), as_of=dt.date.today()
        )
        t4 = time.perf_counter()
    truth: dict[object, set[tuple[str, int]]] = {}
    found: dict[object, set[tuple[str, int]]] = {}
    for key, device in world.truth.items():
        truth.setdefault(device, set()).add(key)
    for device in survey.matching.devices:
        found[device.device_key] = {(r.source, r.row) for r in device.records}
    known = {k for members in truth.values() for k in members}
    found = {k: {m for m in v if m in known} for k, v in found.items()}
    t_pairs, f_pairs = _pairs(truth), _pairs(found)
    precision = len(t_pairs & f_pairs) / max(len(f_pairs), 1)
    recall = len(t_pairs & f_pairs) / max(len(t_pairs), 1)
    records = sum(len(s.records) for s in loaded.sources)
    print(
        f"{n:>6} devices {records:>6} records | read {t1 - t0:6.2f} s | match+findings "
        f"{t2 - t1:6.2f} s | CSV {t3 - t2:5.2f} s | HTML {t4 - t3:5.2f} s | "
        f"precision {precision:.4f} recall {recall:.4f} | {len(survey.findings)} findings"
    )


def main() -> None:
    """Run the benchmark for the sizes on the command line (default 500, 2000, 5000)."""
    sizes = [int(a) for a in sys.argv[1:]] or [500, 2000, 5000]
    for n in sizes:
        bench(n)


if __name__ == "__main__":
    main()

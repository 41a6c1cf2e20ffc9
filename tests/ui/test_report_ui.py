"""File → Report…: the window writes the same report as ``planner report`` and logs it."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from planner.core.summary import zone_table
from planner.report.wording import RESTRICTED, percent
from planner.services.export_log import export_log_of, read_export_log

WAIT_MS = 60_000


def _text(path: Path) -> str:
    return re.sub(r"[\s\x00]+", "", "".join(p.extract_text() or "" for p in PdfReader(path).pages))


def test_the_report_is_written_in_the_background_and_logged(qtbot, window, tmp_path) -> None:
    out = tmp_path / "report.pdf"
    assert window.report.report_action.isEnabled()
    assert window.report.write_report(out, purpose="district meeting")
    qtbot.waitUntil(lambda: window.report.last_export == out, timeout=WAIT_MS)
    text = _text(out)
    # the interface is English in the tests: the report too, whatever the ruleset
    assert RESTRICTED["en"] in text
    state = window.document.state
    for zone_id, fraction in zip(
        *zone_table(state)[["zone_id", "covered_fraction"]].T.values, strict=False
    ):
        assert re.search(
            re.escape(zone_id)
            + r".{0,120}?"
            + re.escape(percent(float(fraction), "en").replace(" ", "")),
            text,
        ), zone_id
    log = export_log_of(window.document.project)
    assert list(zip(log["kind"], log["path"], log["purpose"], log["public"], strict=False)) == [
        ("report", str(out), "district meeting", 0)
    ]
    assert list(read_export_log(window.document.path)["kind"]) == ["report"]


def test_the_public_html_report_names_no_camera(qtbot, window, tmp_path) -> None:
    out = tmp_path / "public"  # no suffix: the window adds .pdf
    assert window.report.write_report(out, purpose="residents", public=True)
    written = tmp_path / "public.pdf"
    qtbot.waitUntil(lambda: window.report.last_export == written, timeout=WAIT_MS)
    text = _text(written)
    for camera_id in window.document.project.cameras["camera_id"]:
        assert not re.search(re.escape(str(camera_id)) + r"(?!\d)", text), camera_id
    html = tmp_path / "r.html"
    assert window.report.write_report(html, public=True)
    qtbot.waitUntil(lambda: window.report.last_export == html, timeout=WAIT_MS)
    assert "http" not in html.read_text(encoding="utf-8")
    log = export_log_of(window.document.project)
    assert list(zip(log["kind"], log["public"], strict=False)) == [("report", 1), ("report", 1)]


def test_a_report_that_cannot_be_written_is_said_without_blocking(
    qtbot, window, tmp_path, capsys
) -> None:
    bad = tmp_path / "no-such-folder" / "deeper" / "r.pdf"
    bad.parent.parent.write_text("a file where a folder should be", encoding="utf-8")
    failures: list[tuple[str, str]] = []
    window.report.failed.connect(lambda title, text: failures.append((title, text)))
    assert window.report.write_report(bad)
    qtbot.waitUntil(lambda: bool(failures), timeout=WAIT_MS)
    assert "report" in failures[0][0].lower()
    assert export_log_of(window.document.project).empty

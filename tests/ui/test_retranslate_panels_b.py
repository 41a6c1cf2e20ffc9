"""The privacy and survey panels name themselves again in place when the language changes.

Each panel is built in English on the sample estate, Chinese is installed, and
every text it shows (labels, buttons, tabs, tool tips, placeholders, combo box
items, table headers and cells) must equal what the same panel built afresh in
Chinese shows; installing English again gives back the English texts. The
panels keep their rows and the chosen finding or conflict meanwhile.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pyproj import Transformer
from PySide6.QtWidgets import (
    QApplication,
    QWidget,
)
from shown_texts import diff, shown

from planner.io.project import read_project
from planner.ui.controllers.survey import SurveyController
from planner.ui.controllers.survey_wizard import SurveyWizard
from planner.ui.document import ProjectDocument
from planner.ui.panels.privacy_panel import PrivacyPanel
from planner.ui.panels.survey_panel import SurveyPanel

ESTATE = Path(__file__).resolve().parents[2] / "data" / "sample_estate.gpkg"
WAIT_MS = 30_000
AS_OF = dt.date(2026, 11, 25)
CJK = re.compile(r"[\u4e00-\u9fff]")


# --- what a panel shows ------------------------------------------------------------------------


def _show(qtbot, panel: QWidget) -> None:
    qtbot.addWidget(panel)
    panel.resize(1100, 600)
    panel.show()
    qtbot.waitExposed(panel)


# --- the privacy panel -------------------------------------------------------------------------


def _privacy_panel(qtbot, document: ProjectDocument) -> PrivacyPanel:
    panel = PrivacyPanel(document)
    _show(qtbot, panel)
    qtbot.waitUntil(lambda: not panel.busy and panel.report is not None, timeout=WAIT_MS)
    # a finding chosen: its details and the fix buttons show
    finding = next(f for f in panel.report.findings if f.reaim is not None)
    panel.select_finding(finding)
    assert panel.selected_finding() == finding
    return panel


def test_privacy_panel_retranslates_in_place(qtbot, document, translations) -> None:
    panel = _privacy_panel(qtbot, document)
    chosen = panel.selected_finding()
    english = shown(panel)
    assert any(text == "Apply mask" for _, text in english)
    try:
        assert translations.install("zh_CN")
        switched = shown(panel)
        assert panel.selected_finding() == chosen
        assert any(CJK.search(text) for _, text in switched)
        fresh = _privacy_panel(qtbot, document)
        fresh.select_finding(chosen)
        want = shown(fresh)
        assert switched == want, diff(switched, want)
        assert switched != english
    finally:
        translations.install("en")
    again = shown(panel)
    assert again == english, diff(again, english)
    assert panel.selected_finding() == chosen


def test_privacy_panel_says_the_checks_progress_again(qtbot, document, translations) -> None:
    panel = _privacy_panel(qtbot, document)
    panel._on_stopped()  # as the checker's stopped signal does
    stopped = panel.status_label.text()
    assert stopped.startswith("Privacy check stopped")
    try:
        assert translations.install("zh_CN")
        QApplication.processEvents()
        assert panel.status_label.text() not in ("", stopped)
    finally:
        translations.install("en")
    QApplication.processEvents()
    assert panel.status_label.text() == stopped


# --- the survey panel --------------------------------------------------------------------------


def _lonlat() -> dict[str, tuple[float, float]]:
    project = read_project(ESTATE)
    to_lonlat = Transformer.from_crs(project.crs, 4326, always_xy=True)
    return {
        cid: to_lonlat.transform(point.x, point.y)
        for cid, point in zip(project.cameras["camera_id"], project.cameras.geometry, strict=True)
    }


@pytest.fixture
def surveyed(qtbot, document, tmp_path) -> ProjectDocument:
    """The sample document after a survey of two small inventories (with a conflict)."""
    from test_survey_ui import fill_wizard, write_inventories

    files = write_inventories(tmp_path, _lonlat())
    wizard = SurveyWizard()
    qtbot.addWidget(wizard)
    fill_wizard(wizard, files)
    wizard.options_page.date_edit.setDate(AS_OF)
    controller = SurveyController(document)
    assert controller.start(wizard.options())
    qtbot.waitUntil(
        lambda: controller.survey is not None and not controller.is_busy, timeout=WAIT_MS
    )
    wizard.close()
    return document


def _survey_panel(qtbot, document: ProjectDocument) -> SurveyPanel:
    panel = SurveyPanel(SurveyController(document))
    _show(qtbot, panel)
    assert panel.shown_findings() and panel.shown_conflicts()
    panel.set_filter(None, "")
    panel.select_finding_row(0)
    panel.select_conflict_row(0)
    return panel


def test_survey_panel_retranslates_in_place(qtbot, surveyed, translations) -> None:
    panel = _survey_panel(qtbot, surveyed)
    finding, conflict = panel.selected_finding(), panel.selected_conflict()
    english = shown(panel)
    assert any(text == "Intact rate" for _, text in english)
    try:
        assert translations.install("zh_CN")
        switched = shown(panel)
        # the same rows stay chosen
        assert panel.selected_finding().device_key == finding.device_key
        assert panel.selected_conflict().device_key == conflict.device_key
        fresh = _survey_panel(qtbot, surveyed)
        want = shown(fresh)
        assert switched == want, diff(switched, want)
        assert switched != english
    finally:
        translations.install("en")
    again = shown(panel)
    assert again == english, diff(again, english)
    assert panel.selected_finding() == finding
    assert panel.selected_conflict() == conflict

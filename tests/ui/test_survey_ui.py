"""The ownership survey in the window: wizard, findings panel, map highlight, settling, export.

Two small inventories of the sample estate (police filings and a field survey,
Chinese headers, WGS84) are read through the wizard's pages driven in code;
the panel must show exactly what the io functions give when called directly
(the ``planner reconcile`` path).
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest
from pyproj import Transformer
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from planner.io.project import read_project
from planner.io.rulesets import load_ruleset
from planner.io.survey import load_sources
from planner.services.survey import run_survey
from planner.ui.controllers.survey import SurveyController
from planner.ui.controllers.survey_wizard import IGNORED, SurveyWizard
from planner.ui.document import ProjectDocument
from planner.ui.i18n import Translations
from planner.ui.main_window import MainWindow

ESTATE = Path(__file__).resolve().parents[2] / "data" / "sample_estate.gpkg"
AS_OF = dt.date(2026, 11, 25)
WAIT_MS = 30_000
CONTRACT = "device_id,pole_no,lon,lat,finding,rule,action,priority,sources"
SURVEY_HEADER = ["设备编号", "经度", "纬度", "权属单位", "状态", "朝向", "标识"]
FILINGS_HEADER = ["设备编号", "经度", "纬度", "权属单位", "朝向", "安装日期"]


def _code(n: int) -> str:
    return f"370202000013200{n:05d}"


@pytest.fixture(scope="module")
def lonlat() -> dict[str, tuple[float, float]]:
    """Lon/lat of every camera of the sample estate."""
    project = read_project(ESTATE)
    to_lonlat = Transformer.from_crs(project.crs, 4326, always_xy=True)
    return {
        cid: to_lonlat.transform(point.x, point.y)
        for cid, point in zip(project.cameras["camera_id"], project.cameras.geometry, strict=True)
    }


def _write(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_inventories(folder: Path, lonlat: dict[str, tuple[float, float]]) -> dict[str, Path]:
    """Filings of C01–C10 and C13; a field survey of C01–C12 with planted problems.

    C02: the survey names another owner (a conflict); C03 is overgrown (derelict);
    C04 turned by 90° (re-aimed); C05 has no sign; C11 and C12 were never filed.
    """
    ids = [f"C{k:02d}" for k in range(1, 16)]
    filed = [*ids[:10], "C13"]
    filings = [
        [
            _code(k + 1),
            f"{lonlat[c][0]:.7f}",
            f"{lonlat[c][1]:.7f}",
            "海晟物业公司",
            "90",
            "2023-05-06",
        ]
        for k, c in enumerate(ids)
        if c in filed
    ]
    surveyed = []
    for k, c in enumerate(ids[:12]):
        owner = "市南区大数据局" if c == "C02" else "海晟物业公司"
        status = "被藤蔓遮挡" if c == "C03" else "正常"
        bearing = "180" if c == "C04" else "90"
        sign = "无" if c == "C05" else "有"
        lon, lat = lonlat[c]
        surveyed.append([_code(k + 1), f"{lon:.7f}", f"{lat:.7f}", owner, status, bearing, sign])
    return {
        "filings": _write(folder / "公安备案.csv", FILINGS_HEADER, filings),
        "survey": _write(folder / "走访台账.csv", SURVEY_HEADER, surveyed),
    }


def fill_wizard(wizard: SurveyWizard, files: dict[str, Path]) -> None:
    """Go through the three pages as a user would, without exec()."""
    wizard.show()
    for role, path in files.items():
        wizard.files_page.add_file(path)
        assert wizard.files_page.entries()[-1][1] == role  # guessed from 备案 / 走访
    assert wizard.files_page.isComplete()
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    wizard.next()
    assert wizard.currentPage() is wizard.options_page
    wizard.options_page.date_edit.setDate(AS_OF)


def _direct_survey(document: ProjectDocument, wizard: SurveyWizard):
    """The survey by the io functions alone, as ``planner reconcile`` computes it."""
    ruleset = load_ruleset(document.project.ruleset)
    loaded = load_sources(
        wizard.specs(), project_crs=document.project.crs, chinese=ruleset.is_chinese
    )
    return run_survey(loaded, ruleset=ruleset, as_of=AS_OF, project=document.project)


@pytest.fixture
def surveyed(qtbot, window, tmp_path, lonlat):
    """The window after a survey run through the wizard: (window, wizard)."""
    files = write_inventories(tmp_path, lonlat)
    wizard = SurveyWizard(window)
    qtbot.addWidget(wizard)
    fill_wizard(wizard, files)
    controller = window.survey
    assert controller.start(wizard.options())
    qtbot.waitUntil(
        lambda: controller.survey is not None and not controller.is_busy, timeout=WAIT_MS
    )
    return window, wizard


# --- the wizard --------------------------------------------------------------------------------


def test_mapping_page_preselects_recognised_headers_and_previews_live(
    qtbot, document, tmp_path, lonlat
) -> None:
    files = write_inventories(tmp_path, lonlat)
    wizard = SurveyWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.files_page.add_file(files["survey"])
    wizard.files_page.set_coords(0, "EPSG:4490")
    assert wizard.files_page.entries() == [(files["survey"], "survey", "EPSG:4490")]
    wizard.files_page.set_coords(0, "gcj02")
    wizard.next()
    editor = wizard.mapping_page.editor(files["survey"])
    assert editor.mapping() == {
        "设备编号": "device_id",
        "经度": "lon",
        "纬度": "lat",
        "权属单位": "owner",
        "状态": "status",
        "朝向": "bearing",
        "标识": "has_sign",
    }
    assert editor.preview_titles()[:3] == ["Device id", "Longitude", "Latitude"]
    assert editor.preview_model.rowCount() == 12
    # the preview follows the combo at once
    editor.set_field("权属单位", "maintainer")
    assert editor.preview_titles()[3] == "Maintainer"
    editor.set_field("标识", IGNORED)
    assert editor.preview_titles()[6] == "(标识)"
    assert wizard.mapping_page.isComplete()
    # two columns read as one field cannot be imported
    editor.set_field("状态", "maintainer")
    assert not wizard.mapping_page.isComplete()
    assert "Maintainer" in editor.status_label.text()
    editor.set_field("状态", "status")
    wizard.next()
    (spec,) = wizard.specs()
    assert spec.coords == "gcj02" and spec.role == "survey" and spec.source == "survey"
    assert spec.mapping["权属单位"] == "maintainer" and spec.mapping["标识"] == IGNORED
    assert "走访台账.csv" in wizard.options_page.summary_label.text()
    assert wizard.options().max_distance_m == 15.0
    assert wizard.options().as_of == dt.date.today()


# --- the panel and the map -----------------------------------------------------------------------


def test_findings_are_the_io_functions_findings(surveyed) -> None:
    window, wizard = surveyed
    direct = _direct_survey(window.document, wizard)
    panel = window.survey_panel
    shown = [
        (r.device_key, r.finding, r.rule, r.action, r.priority) for r in panel.shown_findings()
    ]
    assert shown == [
        (f.device_key, f.finding, f.rule, f.action, f.priority) for f in direct.findings
    ]
    found = {(r.device_id, r.finding) for r in panel.shown_findings()}
    assert (_code(3), "obstructed") in found
    assert (_code(5), "no_sign") in found
    assert (_code(11), "unregistered") in found
    model = panel.findings_model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert titles == [
        "Priority", "Finding", "Device id", "Pole no.", "Action", "Rule", "Contact", "Detail"
    ]  # fmt: skip
    # every located device is on the map, coloured by its worst finding
    assert set(window.survey_layer.devices) == {d.device_key for d in direct.matching.devices}
    worst = min(
        f.priority for f in direct.findings if f.device_key == direct.findings[0].device_key
    )
    assert window.survey_layer.devices[direct.findings[0].device_key].mark.priority == worst


def test_filters_narrow_the_findings(surveyed) -> None:
    panel = surveyed[0].survey_panel
    every = panel.shown_findings()
    panel.set_filter("unregistered")
    assert panel.shown_findings() and {r.finding for r in panel.shown_findings()} == {
        "unregistered"
    }
    assert len(panel.shown_findings()) < len(every)
    panel.set_filter(None, _code(3))
    assert {r.device_id for r in panel.shown_findings()} == {_code(3)}
    panel.set_filter(None, "")
    assert len(panel.shown_findings()) == len(every)


def test_choosing_a_finding_highlights_its_device_and_zooms_there(surveyed) -> None:
    window = surveyed[0]
    panel = window.survey_panel
    panel.set_filter("obstructed")
    panel.select_finding_row(0)
    record = panel.selected_finding()
    assert record is not None and record.device_id == _code(3)
    item = window.survey_layer.highlighted_item()
    assert item is not None and item.mark.device_key == record.device_key
    assert item.highlighted and item.zValue() > 1.0
    assert window.map_view.viewport().rect().contains(window.map_view.mapFromScene(item.scenePos()))


def test_the_chosen_device_shows_what_each_inventory_says(surveyed) -> None:
    window = surveyed[0]
    panel = window.survey_panel
    assert "Choose a finding" in panel.device_label.text()
    panel.set_filter("obstructed")
    panel.select_finding_row(0)
    record = panel.selected_finding()
    assert record.device_id == _code(3)
    text = panel.device_label.text()
    assert record.device_key in text
    assert "Records: filings row 4, survey row 4" in text
    assert "被藤蔓遮挡 (survey row 4)" in text  # the survey's word on the status
    assert "90 (filings row 4)" in text and "90 (survey row 4)" in text  # both bearings
    # C02: the filings and the survey name different owners, each with its row
    c02 = next(d for d in window.survey.survey.matching.devices if d.value("device_id") == _code(2))
    provenance = panel.provenance_html(c02)
    assert "海晟物业公司 (filings row 3)" in provenance
    assert "市南区大数据局 (survey row 3)" in provenance
    assert "Conflict: Owner" in provenance


def test_settling_an_owner_conflict_is_one_undo_step(surveyed) -> None:
    window = surveyed[0]
    panel, controller, document = window.survey_panel, window.survey, window.document
    (conflict,) = [c for c in panel.shown_conflicts() if c.field == "owner"]
    assert conflict.device_id == _code(2)
    panel.tabs.setCurrentIndex(1)
    panel.select_conflict_row(panel.shown_conflicts().index(conflict))
    panel.ask_settle()
    dialog = panel.settle_dialog
    dialog.value_combo.setCurrentIndex(dialog.value_combo.findData("市南区大数据局"))
    dialog.note_edit.setText("物业确认")
    dialog.accept()
    assert conflict.device_key not in {c.device_key for c in panel.shown_conflicts()}
    settlements = document.project.extra_layers["survey_settlements"]
    assert settlements[["field", "value", "note"]].values.tolist() == [
        ["owner", "市南区大数据局", "物业确认"]
    ]
    assert document.undo_stack.undoText().startswith("Settle owner")
    document.undo_stack.undo()
    assert conflict.device_key in {c.device_key for c in panel.shown_conflicts()}
    assert not len(document.project.extra_layers["survey_settlements"])
    document.undo_stack.redo()
    assert conflict.device_key not in {c.device_key for c in panel.shown_conflicts()}
    assert controller.survey.settled[0].value == "市南区大数据局"


def test_the_registry_lands_in_the_project_and_undo_takes_it_out(surveyed, tmp_path) -> None:
    window = surveyed[0]
    document = window.document
    extra = document.project.extra_layers
    for name in ("survey_devices", "survey_records", "survey_findings", "survey_conflicts",
                 "survey_intact", "survey_settlements"):  # fmt: skip
        assert name in extra, name
    assert len(extra["survey_findings"]) == len(window.survey.survey.findings)
    assert document.is_modified
    # saved, the registry is in the GeoPackage
    assert window.files.save_as(tmp_path / "saved.gpkg")
    again = read_project(tmp_path / "saved.gpkg")
    assert len(again.extra_layers["survey_devices"]) == len(window.survey.survey.matching.devices)
    document.undo_stack.undo()
    assert "survey_findings" not in document.project.extra_layers
    assert window.survey.survey is None
    assert window.survey_panel.findings_model.rowCount() == 0
    assert not window.survey_layer.devices


def test_a_saved_survey_comes_back_when_the_project_is_opened(qtbot, surveyed, tmp_path) -> None:
    """Settled, saved, closed: reopening shows the same findings, settlement applied."""
    window = surveyed[0]
    panel, controller = window.survey_panel, window.survey
    (conflict,) = [c for c in panel.shown_conflicts() if c.field == "owner"]
    controller.settle(conflict.device_key, "owner", "市南区大数据局", "物业确认")
    before = [(r.device_key, r.finding, r.detail) for r in panel.shown_findings()]
    path = tmp_path / "saved.gpkg"
    assert window.files.save_as(path)
    assert window.files.open_path_blocking(ESTATE)  # another project: the survey goes
    assert controller.survey is None
    assert window.files.open_path_blocking(path)
    qtbot.waitUntil(
        lambda: controller.survey is not None and not controller.is_busy, timeout=WAIT_MS
    )
    assert [(r.device_key, r.finding, r.detail) for r in panel.shown_findings()] == before
    assert conflict.device_key not in {c.device_key for c in panel.shown_conflicts()}
    assert controller.survey.settled[0].note == "物业确认"
    assert not window.document.is_modified  # showing what the file holds is not an edit


def test_a_failed_export_is_shown_without_blocking(qtbot, surveyed, tmp_path, capsys) -> None:
    from PySide6.QtWidgets import QMessageBox

    window = surveyed[0]
    assert not window.survey.export_worklist(tmp_path / "worklist.txt")  # no such format
    # the message box opens and the test goes on: nothing waits for it to be closed
    qtbot.waitUntil(
        lambda: any(b.isVisible() for b in window.findChildren(QMessageBox)), timeout=WAIT_MS
    )
    box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    assert box.windowTitle() == "Cannot export the work list"
    box.close()
    window.survey.headless = True  # scripted: a line on stderr instead
    window.survey.show_failure("Cannot export the work list", "disk full")
    assert "planner: Cannot export the work list: disk full" in capsys.readouterr().err


def test_export_writes_the_contract_csv(qtbot, surveyed, tmp_path) -> None:
    window = surveyed[0]
    out = tmp_path / "worklist.csv"
    assert window.survey.export_worklist(out)
    qtbot.waitUntil(lambda: window.survey.last_export == out, timeout=WAIT_MS)
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith(CONTRACT)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(window.survey.survey.findings)


def test_the_survey_menu_and_dock(surveyed) -> None:
    window = surveyed[0]
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    survey_menu = menus["S&urvey"]
    texts = [a.text() for a in survey_menu.actions()]
    assert texts == ["&Import inventories…", "&Export work list…"]
    assert window.survey.export_action.isEnabled()
    assert window.survey_dock.windowTitle() == "Survey"


def test_the_survey_lives_in_the_document_not_the_controller(qtbot, surveyed) -> None:
    window = surveyed[0]
    document = window.document
    assert document.survey is not None
    assert window.survey.survey is document.survey.survey
    assert (
        document.project.extra_layers["survey_findings"]
        is document.survey.tables["survey_findings"]
    )
    # a controller made afresh (nothing of its own) sees the same survey
    assert SurveyController(document).survey is document.survey.survey


def test_the_survey_ui_speaks_chinese(qtbot, tmp_path, lonlat) -> None:
    import re

    from planner.ui.app import _use_cjk_font

    cjk = re.compile(r"[\u4e00-\u9fff]")
    app = QApplication.instance()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    translations = Translations(app, settings)
    font = app.font()
    assert translations.install("zh_CN")
    _use_cjk_font(app)
    try:
        window = MainWindow(ProjectDocument(), settings, translations)
        qtbot.addWidget(window)
        assert window.survey_dock.windowTitle() == "普查"
        assert window.survey.import_action.text() == "导入台账(&I)…"
        panel = window.survey_panel
        model = panel.findings_model
        titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
        assert all(cjk.search(t) for t in titles), titles
        assert all(
            cjk.search(panel.kind_combo.itemText(k)) for k in range(panel.kind_combo.count())
        )
        wizard = SurveyWizard(window)
        qtbot.addWidget(wizard)
        wizard.show()
        wizard.files_page.add_file(write_inventories(tmp_path, lonlat)["survey"])
        wizard.next()
        editor = wizard.mapping_page.editors[next(iter(wizard.mapping_page.editors))]
        assert editor.preview_titles()[:3] == ["设备编号", "经度", "纬度"]
        # the findings' details and articles read in Chinese too
        project = tmp_path / "estate.gpkg"
        shutil.copy(ESTATE, project)
        assert window.files.open_path_blocking(project)
        window.files.maybe_save = lambda: True
        wizard.next()
        wizard.options_page.date_edit.setDate(AS_OF)
        assert window.survey.start(wizard.options())
        qtbot.waitUntil(
            lambda: window.survey.survey is not None and not window.survey.is_busy,
            timeout=WAIT_MS,
        )
        rows = panel.shown_findings()
        assert rows and all(cjk.search(r.detail) for r in rows), [r.detail for r in rows]
        rules = {model.index(k, 5).data() for k in range(model.rowCount())}
        legal = (
            r"《青岛市公共安全视频图像信息系统管理办法》第[一二三四五六七八九十]+条(第.+[项款])?"
        )
        assert rules and all(re.fullmatch(legal, r) for r in rules), rules
    finally:
        translations.install("en")
        app.setFont(font)


def test_the_legend_explains_the_device_colours(surveyed) -> None:
    window = surveyed[0]
    entries = window.map_view._legend_entries()
    texts = [e.text for e in entries]
    assert "Surveyed devices" in texts
    diamonds = [e for e in entries if e.kind == "diamond"]
    shown = {item.mark.priority for item in window.survey_layer.devices.values()}
    assert len(diamonds) == len(shown)  # one row per colour on the map, no more
    window.survey_layer.setVisible(False)
    assert "Surveyed devices" not in [e.text for e in window.map_view._legend_entries()]


def test_the_wizard_reads_the_coordinate_system_off_the_headers(qtbot, tmp_path) -> None:
    amap = _write(tmp_path / "平台.csv", ["设备编号", "经度(GCJ-02)", "纬度(GCJ-02)"], [])
    plain = _write(tmp_path / "走访.csv", ["设备编号", "经度", "纬度"], [])
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"not a workbook")
    wizard = SurveyWizard()
    qtbot.addWidget(wizard)
    for path in (amap, plain, broken):
        wizard.files_page.add_file(path)
    assert [coords for _, _, coords in wizard.files_page.entries()] == ["gcj02", "wgs84", "wgs84"]


def test_the_work_list_export_is_logged(qtbot, surveyed, tmp_path) -> None:
    from planner.services.export_log import read_export_log

    window = surveyed[0]
    out = tmp_path / "worklist.xlsx"
    assert window.survey.export_worklist(out, purpose="field team")
    qtbot.waitUntil(lambda: window.survey.last_export == out, timeout=WAIT_MS)
    log = read_export_log(window.document.path)
    assert [(r.kind, r.path, r.purpose, r.public) for r in log.itertuples()] == [
        ("worklist", str(out), "field team", 0)
    ]

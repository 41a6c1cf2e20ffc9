"""The window's exports in the project's export log (Harbin Art. 25(5)), and the log shown.

Each window export adds exactly one row, to the file at once when the project
is saved (only the log changes there) and to the document; a save afterwards
neither asks "file changed on disk" nor loses the row; rows ``planner export``
appended while the window is open are adopted by the next save, none lost,
none twice; an untitled project keeps its rows until it is saved.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QApplication
from shown_texts import shown

from planner.io import gpkg
from planner.io.project import read_project
from planner.services.export_log import export_log_of, log_export, read_export_log
from planner.ui.controllers.export_dialog import ExportOptions, ExportOptionsDialog
from planner.ui.panels.export_log_panel import ExportLogDialog, local_time

WAIT_MS = 30_000
URL = re.compile(r"https?://[^\s\"'<>()\\]+")
#: URLs the vendored Leaflet files contain (never fetched; see tests/test_web_map.py).
LIBRARY_URLS = {
    "http://www.w3.org/2000/svg",
    "https://leafletjs.com",
    "https://bugzilla.mozilla.org/show_bug.cgi?id=888319",
}


@pytest.fixture
def no_file_changed_question(window, monkeypatch):
    """Fail the test if a save asks "file changed on disk"."""
    asked: list[str] = []
    monkeypatch.setattr(window.files, "ask_file_changed", lambda text: asked.append(text) or "")
    return asked


def _kinds(path: Path) -> list[str]:
    return list(read_export_log(path)["kind"])


def _document_log(window) -> list[tuple[str, str, str, int]]:
    log = export_log_of(window.document.project)
    return list(zip(log["kind"], log["path"], log["purpose"], log["public"], strict=True))


def test_a_map_export_adds_one_row_to_the_file_and_the_document(window, tmp_path) -> None:
    project = window.document.path
    png, pdf = tmp_path / "map.png", tmp_path / "map.pdf"
    assert window.map_output.export(png, purpose="handover to the district")
    assert window.map_output.export(pdf)
    log = read_export_log(project)
    assert list(log["kind"]) == ["map_image", "map_pdf"]
    assert list(log["path"]) == [str(png), str(pdf)]
    assert list(log["purpose"]) == ["handover to the district", ""]
    assert list(log["public"]) == [0, 0]
    assert _document_log(window) == [
        ("map_image", str(png), "handover to the district", 0),
        ("map_pdf", str(pdf), "", 0),
    ]
    assert not window.document.is_modified  # the row is in the file: nothing to save
    assert window.document.undo_stack.count() == 0  # logging is not an edit


def test_saving_after_a_window_export_keeps_the_row_and_asks_nothing(
    window, tmp_path, no_file_changed_question
) -> None:
    project = window.document.path
    window.document.edit_camera("C01", height_m=7.5)  # an unsaved edit while exporting
    assert window.map_output.export(tmp_path / "map.png", purpose="p")
    # the edit is not written by the log row: only the log changed on disk
    assert read_project(project).cameras.set_index("camera_id").loc["C01", "height_m"] != 7.5
    assert window.document.is_modified
    assert window.files.save()
    assert no_file_changed_question == []
    assert _kinds(project) == ["map_image"]
    assert read_project(project).cameras.set_index("camera_id").loc["C01", "height_m"] == 7.5
    # and again: export, edit, save
    window.export_table(tmp_path / "zones.csv", purpose="audit")
    window.document.edit_camera("C01", height_m=8.0)
    assert window.files.save()
    assert no_file_changed_question == []
    assert _kinds(project) == ["map_image", "table"]
    assert list(read_export_log(project)["purpose"]) == ["p", "audit"]


def test_rows_planner_export_appends_meanwhile_are_adopted_on_save(
    window, tmp_path, no_file_changed_question
) -> None:
    project = window.document.path
    window.document.edit_camera("C02", height_m=6.0)
    log_export(project, kind="osm", path=tmp_path / "a.geojson", purpose="cli 1")
    # a window export after the command's: appended after it in the file
    assert window.map_output.export(tmp_path / "map.png", purpose="window")
    log_export(project, kind="kml", path=tmp_path / "b.kml", purpose="cli 2")
    assert window.files.save()
    assert no_file_changed_question == []
    assert list(read_export_log(project)["purpose"]) == ["cli 1", "window", "cli 2"]
    assert _kinds(project) == ["osm", "map_image", "kml"]
    assert read_project(project).cameras.set_index("camera_id").loc["C02", "height_m"] == 6.0
    assert [k for k, *_ in _document_log(window)] == ["osm", "map_image", "kml"]
    assert not window.document.is_modified
    # saved twice more: still no row twice
    log_export(project, kind="views", path=tmp_path / "v.geojson")
    window.document.edit_camera("C02", height_m=6.5)
    assert window.files.save()
    assert _kinds(project) == ["osm", "map_image", "kml", "views"]


def test_a_file_another_program_edited_is_still_refused(
    window, tmp_path, no_file_changed_question
) -> None:
    project = window.document.path
    with gpkg.connect(project, read_only=False) as db:  # the R-tree triggers need ST_*
        db.execute("UPDATE cameras SET height_m = 9.5 WHERE camera_id = 'C03'")
    assert window.map_output.export(tmp_path / "map.png", purpose="kept")
    assert read_export_log(project).empty  # the file is not the one the window read
    assert _document_log(window) == [("map_image", str(tmp_path / "map.png"), "kept", 0)]
    assert window.document.is_modified  # the row waits for a save
    assert not window.files.save()
    assert len(no_file_changed_question) == 1


def test_an_untitled_project_keeps_its_rows_until_saved(window, tmp_path) -> None:
    document = window.document
    assert window.files.create_project("qingdao", "EPSG:4549")
    window.files.wait()
    assert document.path is None and not document.is_modified
    out = tmp_path / "empty.png"
    assert window.map_output.export(out, purpose="draft")
    assert _document_log(window) == [("map_image", str(out), "draft", 0)]
    assert document.is_modified  # the log row is not in any file yet
    assert document.undo_stack.count() == 0
    saved = tmp_path / "new.gpkg"
    assert window.files.save_as(saved)
    assert _kinds(saved) == ["map_image"]
    assert not document.is_modified


def test_the_log_view_shows_the_rows_newest_first(qtbot, window, tmp_path) -> None:
    log_export(
        window.document.path, kind="osm", path=tmp_path / "a.geojson", time="2026-01-01T00:00:00Z"
    )
    assert window.map_output.export(tmp_path / "map.png", purpose="latest")
    dialog = window.show_export_log()
    assert dialog.isVisible() and not dialog.isModal()
    view = dialog.table_view
    model = view.model()
    assert model.rowCount() == 2
    assert model.index(0, 4).data() == "latest"  # newest first
    assert model.index(0, 2).data() == "Map image"
    assert model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) == "map_image"
    assert model.index(1, 3).data() == str(tmp_path / "a.geojson")
    assert model.index(1, 0).data() == local_time("2026-01-01T00:00:00Z")
    assert model.index(1, 5).data() == "no"
    # a further export shows at once
    window.export_table(tmp_path / "zones.csv")
    assert model.rowCount() == 3
    assert window.show_export_log() is dialog


def test_local_time_is_shown_for_the_utc_stamp() -> None:
    stamp = "2026-12-03T17:50:00Z"
    expected = (
        QDateTime.fromString(stamp, Qt.DateFormat.ISODate)
        .toLocalTime()
        .toString("yyyy-MM-dd HH:mm:ss")
    )
    assert local_time(stamp) == expected
    assert local_time("not a time") == "not a time"


def test_the_web_map_export_writes_an_offline_page_and_logs_it(qtbot, window, tmp_path) -> None:
    page = tmp_path / "map.html"
    assert window.web_map.export(page, purpose="residents' meeting", public=True)
    qtbot.waitUntil(lambda: window.web_map.last_export == page, timeout=WAIT_MS)
    text = page.read_text(encoding="utf-8")
    assert [u for u in URL.findall(text) if u not in LIBRARY_URLS] == []
    assert "C01" not in text  # public: no camera ids
    assert _document_log(window) == [("web", str(page), "residents' meeting", 1)]
    assert _kinds(window.document.path) == ["web"]


def test_the_options_dialog_offers_public_only_where_there_is_a_public_form(qtbot) -> None:
    plain = ExportOptionsDialog(kind="map")
    qtbot.addWidget(plain)
    assert plain.public_box.isHidden()
    plain.purpose_edit.setText("  handover ")
    plain.public_box.setChecked(True)  # not offered: never public
    assert plain.options() == ExportOptions("handover", False)
    public = ExportOptionsDialog(kind="web", allow_public=True)
    qtbot.addWidget(public)
    public.public_box.setChecked(True)
    assert public.options() == ExportOptions("", True)


def test_the_log_view_and_the_options_dialog_retranslate(
    qtbot, window, tmp_path, translations
) -> None:
    assert window.map_output.export(tmp_path / "map.png", purpose="p")

    def make_log():
        return ExportLogDialog(window.document)

    def make_options():
        return ExportOptionsDialog(kind="web", allow_public=True)

    def texts(widget):
        return [*shown(widget), ("title", widget.windowTitle())]

    for make in (make_log, make_options):
        widget = make()
        qtbot.addWidget(widget)
        english = texts(widget)
        assert translations.install("zh_CN")
        QApplication.processEvents()
        switched = texts(widget)
        fresh = make()
        qtbot.addWidget(fresh)
        assert switched != english
        assert switched == texts(fresh)
        translations.install("en")
        QApplication.processEvents()
        assert texts(widget) == english


def test_printing_to_a_pdf_file_is_logged_as_that_file(window, tmp_path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert window.map_output.print_map(printer, purpose="paper copy")
    assert _document_log(window) == [("map_pdf", str(out), "paper copy", 0)]

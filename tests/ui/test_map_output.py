"""The map in files and on paper: sharp images, a PDF page with a title block, bad names refused."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter

from planner.ui.controllers.map_output import EXPORT_SCALE, render_map_image

ESTATE = Path(__file__).resolve().parents[2] / "data" / "sample_estate.gpkg"


def _ink(image: QImage) -> int:
    """How many of a grid of sample pixels are not background."""
    background = image.pixelColor(image.width() // 2, 2)
    step = max(image.width() // 80, 1)
    return sum(
        image.pixelColor(x, y) != background
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    )


def test_the_image_is_the_window_map_at_print_resolution(window, tmp_path) -> None:
    viewport = window.map_view.viewport()
    image = render_map_image(window.map_view)
    assert image.width() == int(viewport.width() * EXPORT_SCALE)
    assert image.height() == int(viewport.height() * EXPORT_SCALE)
    screen = viewport.grab().toImage()
    # the same drawing: the scaled-down export looks like the screen, not like a blank page
    small = image.scaled(screen.size())
    assert _ink(small) > 200
    assert abs(_ink(small) - _ink(screen)) < 0.25 * _ink(screen)


def test_export_png_jpeg_and_pdf(window, tmp_path) -> None:
    output = window.map_output
    # the page: the window's map at twice its pixels, a margin around it
    width = output.page_image().width()
    assert width > int(window.map_view.viewport().width() * EXPORT_SCALE)
    for name in ("map.png", "map.jpg"):
        assert output.export(tmp_path / name)
        written = QImage(str(tmp_path / name))
        assert not written.isNull() and written.width() == width
    assert output.export(tmp_path / "map.pdf")
    assert (tmp_path / "map.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "map.pdf").stat().st_size > 20_000  # the map and its fonts are in it


def test_printing_to_a_pdf_printer_and_the_title_block(window, tmp_path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert window.map_output.print_map(printer)
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")
    title, lines = window.map_output.title_block()
    assert title  # the project's title or file name
    assert any(line.startswith("Ruleset: Qingdao") and "Decree No. 204" in line for line in lines)
    assert any(line.startswith("Zones: 6 · passed:") for line in lines)
    assert any("CGCS2000" in line and "Date:" in line for line in lines)
    assert any(line.startswith("Project file:") and "estate.gpkg" in line for line in lines)


def test_a_bad_file_name_is_refused_with_a_reason(window, tmp_path, qtbot, monkeypatch) -> None:
    messages = []
    window.map_output.failed.disconnect()
    window.map_output.failed.connect(messages.append)
    assert not window.map_output.export(tmp_path / "map.tiff")
    assert messages and "map.tiff" in messages[0]
    assert not (tmp_path / "map.tiff").exists()


def test_the_file_menu_offers_export_and_print(window) -> None:
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "E&xport map…" in texts and "&Print map…" in texts
    assert window.map_output.export_action.isEnabled()

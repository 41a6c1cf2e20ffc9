"""The exported and printed map is a deliverable: title block, furniture, vectors, no marks.

The PDF is read back with poppler's tools (``pdftotext``, ``pdfimages``,
``pdftoppm``); without them (Debian: poppler-utils) these tests are skipped.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage

from planner.core.summary import district_figures, zone_table

needs_poppler = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftotext", "pdfimages", "pdftoppm")),
    reason="poppler-utils (pdftotext, pdfimages, pdftoppm) not installed",
)


def _text(pdf: Path) -> str:
    """The page's text; NFKC, since Qt maps some CJK glyphs back to their Kangxi radicals."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return unicodedata.normalize("NFKC", out.stdout)


def _page_png(pdf: Path) -> QImage:
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", str(pdf), str(pdf.with_suffix(""))], check=True
    )
    (page,) = sorted(pdf.parent.glob(pdf.stem + "-*.png"))
    return QImage(str(page))


@needs_poppler
def test_the_pdf_page_holds_the_title_block_as_text(window, tmp_path) -> None:
    pdf = tmp_path / "map.pdf"
    assert window.map_output.export(pdf)
    text = " ".join(_text(pdf).split())
    document = window.document
    figures = district_figures(zone_table(document.state))
    assert str(document.project.metadata.get("title") or "estate") in text
    assert document.ruleset.name in text
    assert "Decree No. 204" in text  # the ruleset's full citation, digits copyable
    assert f"Zones: {figures['zones']}" in text
    assert f"passed: {figures['passed']}" in text and f"failed: {figures['failed']}" in text
    assert f"pass rate of mandatory zones: {figures['pass_rate'] * 100:.0f} %" in text
    assert dt.date.today().isoformat() in text
    # the furniture: legend, north arrow, scale bar
    assert "Mandatory zones" in text and "Cameras" in text and " N " in f" {text} "
    assert " m" in text


@needs_poppler
def test_the_pdf_is_vectors_not_a_picture_of_the_map(window, tmp_path) -> None:
    pdf = tmp_path / "map.pdf"
    assert window.map_output.export(pdf)
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    big = [row for row in listing if int(row.split()[3]) * int(row.split()[4]) > 200 * 200]
    assert not big, f"a raster image in the PDF: {big}"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "NotoSans" in fonts or fonts.count("\n") > 2  # text objects, with their font


@needs_poppler
def test_no_selection_marks_on_the_page(window, tmp_path) -> None:
    view, document = window.map_view, window.document
    camera = str(document.project.cameras["camera_id"].iloc[0])
    plain = tmp_path / "plain.pdf"
    assert window.map_output.export(plain)
    document.select_cameras([camera])
    assert view.handle_positions()  # the window shows the handles
    selected = tmp_path / "selected.pdf"
    assert window.map_output.export(selected)
    first, second = _page_png(plain), _page_png(selected)
    assert first.size() == second.size()
    assert first == second, "the selection's halo or handles were printed"
    # and the window has them back
    assert view.handle_positions()
    assert view._camera_symbols[camera].selected
    # a selected zone (thicker outline, its gaps hatched) is not printed either
    document.select_zone(str(document.state.zones["zone_id"].iloc[0]))
    zone = tmp_path / "zone.pdf"
    assert window.map_output.export(zone)
    assert _page_png(zone) == first, "the selected zone's outline or gaps were printed"


def test_the_png_page_has_the_title_block_above_the_map(window, tmp_path) -> None:
    png = tmp_path / "map.png"
    assert window.map_output.export(png)
    image = QImage(str(png))
    viewport = window.map_view.viewport().size()
    # twice the window's map, plus the title block above
    assert image.width() > 2 * viewport.width()
    assert image.height() > 2 * viewport.height() + 100
    # a page, not a blank: the title's ink top-left, the map below
    dark = sum(
        image.pixelColor(x, y).lightness() < 100
        for x in range(0, image.width() // 2, 4)
        for y in range(0, 100, 4)
    )
    assert dark > 20


def test_print_preview_action(window) -> None:
    output = window.map_output
    assert output.preview_action.text() == "Print pre&view…"
    assert output.preview_action.isEnabled()
    assert not output.preview()  # headless: never opens a dialog


@needs_poppler
def test_the_page_in_chinese(window, tmp_path, qapp) -> None:
    from planner.ui.i18n import Translations

    translations = Translations(
        qapp, QSettings(str(tmp_path / "zh.ini"), QSettings.Format.IniFormat)
    )
    try:
        assert translations.install("zh_CN")
        pdf = tmp_path / "map_zh.pdf"
        assert window.map_output.export(pdf)
        text = _text(pdf)
        figures = district_figures(zone_table(window.document.state))
        assert "规则依据" in text and "公共安全视频图像信息系统管理办法" in text
        assert f"达标:{figures['passed']}" in text  # NFKC: the full-width colon
        assert "摄像机" in text  # the legend
        assert "北" in text  # the north arrow
    finally:
        translations.install("en")

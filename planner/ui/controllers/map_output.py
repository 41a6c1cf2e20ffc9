"""The map as a deliverable: a PNG/JPEG image, a PDF page, a printed page, a print preview.

One drawing of the page (:meth:`MapOutputController.render_page`) serves them
all: a title block (project, ruleset with its citation, the district's totals,
file, CRS, date) above the window's map with its legend, scale bar, north arrow
and, for OpenStreetMap data, the credit. The map is drawn item by item into the
page's painter — vectors and text in a PDF, not an embedded screenshot — without
the selection's marks, handles or the highlighted finding. Images are raster at
twice the window's pixels (about 200 dpi).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from pathlib import Path

from PySide6.QtCore import QMarginsF, QObject, QPoint, QRectF, QSettings, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
    QRegion,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QGraphicsView, QWidget

from planner.core.summary import district_figures, zone_table
from planner.ui.controllers.export_dialog import ask_export_options
from planner.ui.document import ProjectDocument
from planner.ui.labels import report_language
from planner.ui.text import tr_format

#: Exported images are twice the page's size in screen pixels (about 200 dpi).
EXPORT_SCALE = 2.0
#: Suffixes the export writes, and the image format of each (PDF is a page).
IMAGE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
_LAST_DIR_KEY = "map_output/last_dir"
#: Space around an exported image's page, in screen pixels (a printer has its own margins).
_IMAGE_MARGIN = 16.0
_INK = QColor("#202020")
_FRAME = QColor("#555555")
_TEXT_FLAGS = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap


def _page_font(base: QFont) -> QFont:
    """``base`` for a page whose text a PDF reader can copy.

    Noto Sans CJK's localised forms (OpenType ``locl``) give digits glyphs Qt
    cannot map back to characters: "No. 204" would be copied as "No.". The
    simplified Chinese glyphs are the font's defaults, so nothing changes on the page.
    """
    font = QFont(base)
    if hasattr(QFont, "Tag"):
        font.setFeature(QFont.Tag("locl"), 0)
    return font


def _page_fonts(base: QFont) -> tuple[QFont, QFont]:
    """The title's font and the fact lines' font, from the map's (CJK-capable) font."""
    base = _page_font(base)
    title = QFont(base)
    title.setPointSizeF(14.0)
    title.setBold(True)
    text = QFont(base)
    text.setPointSizeF(8.5)
    return title, text


def render_map_image(view: QGraphicsView, *, scale: float = EXPORT_SCALE) -> QImage:
    """The map alone as the window shows it, ``scale`` times the viewport's pixel size.

    No selection marks and no title block: a picture of the map (see
    :meth:`MapOutputController.render_page` for the deliverable).
    """
    viewport = view.viewport()
    image = QImage(
        max(int(viewport.width() * scale), 1),
        max(int(viewport.height() * scale), 1),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.scale(scale, scale)
        plain = getattr(view, "plain_rendering", None)
        # no child widgets: a rubber band being dragged is not part of the map
        flags = QWidget.RenderFlag.DrawWindowBackground
        if plain is None:
            viewport.render(painter, QPoint(0, 0), QRegion(), flags)
        else:
            with plain():
                viewport.render(painter, QPoint(0, 0), QRegion(), flags)
    finally:
        painter.end()
    return image


class MapOutputController(QObject):
    """File → Export map… and File → Print map…: the map view in files and on paper.

    ``failed(message)`` says why an export or print could not be done (the
    window shows it). ``exported(kind, path, purpose, public)`` tells of a page
    written (``map_image``, ``map_pdf``) or printed (``print``, the printer's
    name as path), for the project's export log.
    """

    failed = Signal(str)
    exported = Signal(str, str, str, bool)

    def __init__(
        self,
        document: ProjectDocument,
        view: QGraphicsView,
        window: QWidget | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(window)
        self.document = document
        self.view = view
        self._window = window
        self._settings = settings
        self.export_action = QAction(self)
        self.export_action.triggered.connect(lambda: self.export())
        self.print_action = QAction(self)
        self.print_action.triggered.connect(lambda: self.print_map())
        self.preview_action = QAction(self)
        self.preview_action.triggered.connect(lambda: self.preview())
        self.retranslate()
        document.projectReplaced.connect(self._update_actions)
        self._update_actions()

    def retranslate(self) -> None:
        """Name the actions in the current language."""
        self.export_action.setText(self.tr("E&xport map…"))
        self.export_action.setToolTip(self.tr("Save the map as PNG, JPEG or a PDF page"))
        self.print_action.setText(self.tr("&Print map…"))
        self.preview_action.setText(self.tr("Print pre&view…"))
        self.preview_action.setToolTip(self.tr("Show the printed map page before printing"))

    # ------------------------------------------------------------------ public
    def export(self, path: str | Path | None = None, *, purpose: str | None = None) -> bool:
        """Write the map page to ``path`` (asked for when None); False if backed out or failed.

        The purpose is asked with the file (:func:`ask_export_options`) unless
        given; a ``path`` given without it logs an empty purpose.
        """
        if path is None:
            start = self._settings.value(_LAST_DIR_KEY, "") if self._settings else ""
            chosen, _ = QFileDialog.getSaveFileName(
                self._window,
                self.tr("Export map"),
                str(Path(str(start or "")) / "map.png"),
                self.tr("PNG image (*.png);;JPEG image (*.jpg *.jpeg);;PDF page (*.pdf)"),
            )
            if not chosen:
                return False
            path = chosen
            if purpose is None:
                options = ask_export_options(self._window, kind="map")
                if options is None:
                    return False
                purpose = options.purpose
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix != ".pdf" and suffix not in IMAGE_FORMATS:
            self._fail(tr_format(self.tr("%1: choose a .png, .jpg or .pdf file name"), path.name))
            return False
        written = self._write_page(path, suffix)
        if written:
            kind = "map_pdf" if suffix == ".pdf" else "map_image"
            self.exported.emit(kind, str(path), purpose or "", False)
        return written

    def _write_page(self, path: Path, suffix: str) -> bool:
        if self._settings is not None:
            self._settings.setValue(_LAST_DIR_KEY, str(path.parent))
        if suffix == ".pdf":
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(path))
            printer.setPageLayout(
                QPageLayout(
                    QPageSize(QPageSize.PageSizeId.A4),
                    QPageLayout.Orientation.Landscape,
                    QMarginsF(12, 12, 12, 12),
                    QPageLayout.Unit.Millimeter,
                )
            )
            return self._paint(printer)
        image = self.page_image()
        if not image.save(str(path), IMAGE_FORMATS[suffix]):
            self._fail(tr_format(self.tr("Cannot write %1"), path))
            return False
        return True

    def page_image(self, scale: float = EXPORT_SCALE) -> QImage:
        """The map page as an image: the window's map, title block above, ``scale`` × pixels."""
        viewport = self.view.viewport().size()
        head = self._title_height(viewport.width())
        margin = _IMAGE_MARGIN
        width = (viewport.width() + 2 * margin) * scale
        height = (viewport.height() + head + 2 * margin) * scale
        image = QImage(math.ceil(width), math.ceil(height), QImage.Format.Format_RGB32)
        image.setDevicePixelRatio(scale)
        dots_per_metre = round(self.view.logicalDpiX() / 0.0254)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        image.fill(QColor("white"))
        painter = QPainter(image)
        try:
            self.render_page(
                painter, QRectF(margin, margin, viewport.width(), viewport.height() + head)
            )
        finally:
            painter.end()
        return image

    def print_map(self, printer: QPrinter | None = None, *, purpose: str | None = None) -> bool:
        """Print the map page; without ``printer`` the print dialog asks for one.

        Logged as ``print`` with the printer's name (``map_pdf`` with the file
        when printed to a PDF file); the purpose is asked after the print
        dialog unless given.
        """
        if printer is None:
            printer = self._new_printer()
            dialog = QPrintDialog(printer, self._window)
            if dialog.exec() != QPrintDialog.DialogCode.Accepted:
                return False
            if purpose is None:
                options = ask_export_options(self._window, kind="print")
                if options is None:
                    return False
                purpose = options.purpose
        if not self._paint(printer):
            return False
        if printer.outputFileName():
            self.exported.emit("map_pdf", printer.outputFileName(), purpose or "", False)
        else:
            self.exported.emit("print", printer.printerName(), purpose or "", False)
        return True

    def preview(self) -> bool:
        """Show the printed page in a print preview (printing from there prints it)."""
        if QGuiApplication.platformName() in ("offscreen", "minimal"):
            return False  # headless: no one to look at it
        dialog = QPrintPreviewDialog(self._new_printer(), self._window)
        dialog.paintRequested.connect(self._paint)
        dialog.exec()
        return True

    def render_page(self, painter: QPainter, page: QRectF) -> None:
        """The map page into ``page`` of ``painter``: title block, then the map and its furniture.

        The one drawing of the page, for PDF, printer, preview and image. Everything
        is drawn as vectors and text — the map too, item by item — in units of
        screen pixels: the device is set to the screen's resolution (a printer's
        dots per inch, an image's device pixel ratio) so a symbol, a line or a
        label keeps its size on paper.
        """
        painter.save()
        try:
            self._draw_page(painter, page)
        finally:
            painter.restore()

    def title_block(self) -> tuple[str, list[str]]:
        """The page title and its fact lines: ruleset, totals, file, CRS, date."""
        document = self.document
        project = document.project
        path = getattr(document, "path", None)
        name = Path(str(path)).stem if path else self.tr("Untitled project")
        title = (project.metadata.get("title") if project is not None else None) or name
        lines = []
        ruleset = getattr(document, "ruleset", None)
        if ruleset is not None:
            lines.append(tr_format(self.tr("Ruleset: %1"), self._citation(ruleset)))
        elif project is not None:
            lines.append(tr_format(self.tr("Ruleset: %1"), project.ruleset))
        state = getattr(document, "state", None)
        if state is not None:
            figures = district_figures(zone_table(state))
            rate = figures["pass_rate"]
            lines.append(
                tr_format(
                    self.tr(
                        "Zones: %1 · passed: %2 · failed: %3 · pass rate of mandatory zones: %4"
                    ),
                    figures["zones"],
                    figures["passed"],
                    figures["failed"],
                    "–" if rate is None else f"{float(rate) * 100:.0f} %",
                )
            )
        if path:
            lines.append(tr_format(self.tr("Project file: %1"), path))
        date = dt.date.today().isoformat()
        if project is not None:
            lines.append(tr_format(self.tr("CRS: %1 · Date: %2"), project.crs.name, date))
        else:
            lines.append(tr_format(self.tr("Date: %1"), date))
        return str(title), lines

    # ------------------------------------------------------------------ internals
    def _citation(self, ruleset: object) -> str:
        """The ruleset with its full citation, in the interface language."""
        if report_language() == "zh":
            name = getattr(ruleset, "name_zh", "") or getattr(ruleset, "name", "")
            if getattr(ruleset, "is_draft", False):
                name = f"{name}（征求意见稿）" if "征求意见稿" not in name else name
            return str(name)
        name, source = getattr(ruleset, "name", ""), getattr(ruleset, "source", "")
        return f"{name} — {source}" if source else str(name)

    def _title_lines(self, width: float) -> list[tuple[QFont, str, float]]:
        """Each line of the title block with its font and (wrapped) height in pixels."""
        title, lines = self.title_block()
        title_font, text_font = _page_fonts(self.view.font())
        rows = []
        for font, text in [(title_font, title), *((text_font, line) for line in lines)]:
            box = QFontMetricsF(font).boundingRect(
                QRectF(0, 0, max(width, 1.0), 1e6), _TEXT_FLAGS, text
            )
            rows.append((font, text, max(box.height(), QFontMetricsF(font).height())))
        return rows

    def _title_height(self, width: float) -> float:
        rows = self._title_lines(width)
        gap = QFontMetricsF(rows[-1][0]).height() * 0.6
        return sum(height for _, _, height in rows) + gap * 2

    def _draw_page(self, painter: QPainter, page: QRectF) -> None:
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        rows = self._title_lines(page.width())
        gap = QFontMetricsF(rows[-1][0]).height() * 0.6
        top = page.top()
        painter.setPen(_INK)
        for index, (font, text, height) in enumerate(rows):
            painter.setFont(font)
            painter.drawText(QRectF(page.left(), top, page.width(), height), _TEXT_FLAGS, text)
            top += height + (gap if index == 0 else 0.0)
        top += gap
        frame = QRectF(page.left(), top, page.width(), max(page.bottom() - top, 1.0))
        self._draw_map(painter, frame)
        painter.setPen(QPen(_FRAME, 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(frame)

    def _draw_map(self, painter: QPainter, frame: QRectF) -> None:
        """The window's map fitted into ``frame`` (more around it if the shapes differ)."""
        view = self.view
        visible = view.mapToScene(view.viewport().rect()).boundingRect()
        if visible.isEmpty():
            return
        ratio = min(frame.width() / visible.width(), frame.height() / visible.height())
        source = QRectF(0, 0, frame.width() / ratio, frame.height() / ratio)
        source.moveCenter(visible.center())
        painter.save()
        try:
            painter.setClipRect(frame)
            painter.fillRect(frame, view.backgroundBrush())
            plain = getattr(view, "plain_rendering", None)
            with plain() if plain is not None else contextlib.nullcontext():
                view.scene().render(painter, frame, source, Qt.AspectRatioMode.IgnoreAspectRatio)
                painter.translate(frame.topLeft())
                painter.setFont(_page_font(view.font()))
                furniture = getattr(view, "paint_furniture", None)
                if furniture is not None:
                    furniture(painter, frame.size(), ratio, cached=False)
        finally:
            painter.restore()

    def _new_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        return printer

    def _paint(self, printer: QPrinter) -> bool:
        title, _ = self.title_block()
        printer.setDocName(title)
        # page units are screen pixels: vectors and text need no finer grid
        printer.setResolution(self.view.logicalDpiX())
        painter = QPainter()
        if not painter.begin(printer):
            self._fail(tr_format(self.tr("Cannot print to %1"), printer.outputFileName()))
            return False
        try:
            page = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
            page.moveTo(0, 0)
            self.render_page(painter, page)
        finally:
            painter.end()
        return True

    def _fail(self, message: str) -> None:
        self.failed.emit(message)

    def _update_actions(self) -> None:
        enabled = self.document.is_open
        self.export_action.setEnabled(enabled)
        self.print_action.setEnabled(enabled)
        self.preview_action.setEnabled(enabled)

"""The map on paper and in files: export as PNG/JPEG/PDF, print with a title block.

Plans go into reports and meetings. The map is painted exactly as the window
shows it — legend, scale bar, north arrow and the OpenStreetMap credit
included — but at print resolution: the viewport is re-painted through a
scaled painter, so lines and text stay sharp instead of being an enlarged
screenshot. A printed or PDF page adds a title block (project, ruleset, CRS,
date) above the map.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QMarginsF, QObject, QPoint, QRectF, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QGraphicsView, QWidget

from planner.ui.document import ProjectDocument
from planner.ui.text import tr_format

#: Map image resolution relative to the screen (about 240 dpi on a 96 dpi screen).
EXPORT_SCALE = 2.5
#: Suffixes the export writes, and the image format of each (PDF is a page).
IMAGE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
_LAST_DIR_KEY = "map_output/last_dir"


def render_map_image(view: QGraphicsView, *, scale: float = EXPORT_SCALE) -> QImage:
    """The map as the window shows it, ``scale`` times the viewport's pixel size."""
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
        viewport.render(painter, QPoint(0, 0))
    finally:
        painter.end()
    return image


def paint_map_page(
    painter: QPainter, page: QRectF, image: QImage, *, title: str, lines: list[str]
) -> None:
    """Title, one line of facts per entry of ``lines``, then the map fitted below."""
    title_font = QFont(painter.font())
    title_font.setPointSizeF(14.0)
    title_font.setBold(True)
    text_font = QFont(painter.font())
    text_font.setPointSizeF(8.5)
    painter.setPen(QColor("black"))
    painter.setFont(title_font)
    height = painter.fontMetrics().height()
    painter.drawText(QRectF(page.left(), page.top(), page.width(), height), title)
    top = page.top() + height * 1.3
    painter.setFont(text_font)
    line_height = painter.fontMetrics().height()
    for line in lines:
        painter.drawText(QRectF(page.left(), top, page.width(), line_height), line)
        top += line_height
    top += line_height * 0.5
    room = QRectF(page.left(), top, page.width(), page.bottom() - top)
    size = image.size().toSizeF().scaled(room.size(), Qt.AspectRatioMode.KeepAspectRatio)
    target = QRectF(room.left(), room.top(), size.width(), size.height())
    painter.drawImage(target, image)
    painter.setPen(QColor("#555555"))
    painter.drawRect(target)


class MapOutputController(QObject):
    """File → Export map… and File → Print map…: the map view in files and on paper.

    ``failed(message)`` says why an export or print could not be done (the
    window shows it).
    """

    failed = Signal(str)

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
        self.retranslate()
        document.projectReplaced.connect(self._update_actions)
        self._update_actions()

    def retranslate(self) -> None:
        """Name the actions in the current language."""
        self.export_action.setText(self.tr("E&xport map…"))
        self.export_action.setToolTip(self.tr("Save the map as PNG, JPEG or a PDF page"))
        self.print_action.setText(self.tr("&Print map…"))

    # ------------------------------------------------------------------ public
    def export(self, path: str | Path | None = None) -> bool:
        """Write the map to ``path`` (asked for when None); False if backed out or failed."""
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
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix != ".pdf" and suffix not in IMAGE_FORMATS:
            self._fail(tr_format(self.tr("%1: choose a .png, .jpg or .pdf file name"), path.name))
            return False
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
        image = render_map_image(self.view)
        if not image.save(str(path), IMAGE_FORMATS[suffix]):
            self._fail(tr_format(self.tr("Cannot write %1"), path))
            return False
        return True

    def print_map(self, printer: QPrinter | None = None) -> bool:
        """Print the map page; without ``printer`` the print dialog asks for one."""
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setPageOrientation(QPageLayout.Orientation.Landscape)
            dialog = QPrintDialog(printer, self._window)
            if dialog.exec() != QPrintDialog.DialogCode.Accepted:
                return False
        return self._paint(printer)

    def title_block(self) -> tuple[str, list[str]]:
        """The page title and its fact lines: file, ruleset, CRS, date."""
        document = self.document
        project = document.project
        path = getattr(document, "path", None)
        name = Path(str(path)).stem if path else self.tr("Untitled project")
        title = (project.metadata.get("title") if project is not None else None) or name
        lines = []
        if path:
            lines.append(tr_format(self.tr("Project file: %1"), path))
        if project is not None:
            lines.append(
                tr_format(self.tr("Ruleset: %1 · CRS: %2"), project.ruleset, project.crs.name)
            )
        lines.append(tr_format(self.tr("Printed: %1"), dt.date.today().isoformat()))
        return str(title), lines

    # ------------------------------------------------------------------ internals
    def _paint(self, printer: QPrinter) -> bool:
        image = render_map_image(self.view)
        painter = QPainter()
        if not painter.begin(printer):
            self._fail(tr_format(self.tr("Cannot print to %1"), printer.outputFileName()))
            return False
        try:
            title, lines = self.title_block()
            page = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
            page.moveTo(0, 0)
            paint_map_page(painter, page, image, title=title, lines=lines)
        finally:
            painter.end()
        return True

    def _fail(self, message: str) -> None:
        self.failed.emit(message)

    def _update_actions(self) -> None:
        enabled = self.document.is_open
        self.export_action.setEnabled(enabled)
        self.print_action.setEnabled(enabled)

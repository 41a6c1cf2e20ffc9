"""Why a file leaves the project: the purpose (and public form) asked before a window export.

Harbin Art. 25(5) asks who took what, when and why. Every window export asks
:func:`ask_export_options` once the file is chosen; the answer goes into the
project's export log with :meth:`FileController.log_export
<planner.ui.controllers.files.FileController.log_export>`. Scripts and tests
pass ``purpose=`` / ``public=`` to the export methods and are never asked.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from planner.ui.document import ProjectDocument
from planner.ui.retranslate import LanguageAware
from planner.ui.workers import TaskRunner


@dataclass(frozen=True)
class ExportOptions:
    """What the user said about an export: why (may be empty), and whether it is public."""

    purpose: str = ""
    public: bool = False


class ExportOptionsDialog(LanguageAware, QDialog):
    """A purpose line (may stay empty) and, where the output has a public form, a check box."""

    def __init__(
        self, parent: QWidget | None = None, *, kind: str = "", allow_public: bool = False
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.purpose_label = QLabel()
        self.purpose_edit = QLineEdit()
        self.purpose_label.setBuddy(self.purpose_edit)
        self.public_box = QCheckBox()
        self.public_box.setVisible(allow_public)
        self.public_box.setEnabled(allow_public)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.purpose_label, self.purpose_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.public_box)
        layout.addWidget(self.buttons)
        self.resize(480, self.sizeHint().height())
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.setWindowTitle(self.tr("Export"))
        self.intro.setText(
            self.tr(
                "The export is recorded in the project's export log: who, when, which file and why."
            )
        )
        self.purpose_label.setText(self.tr("&Purpose:"))
        self.purpose_edit.setPlaceholderText(
            self.tr("e.g. handover to the district office (may be left empty)")
        )
        self.public_box.setText(
            self.tr("Public (no camera positions, ids, device codes or pole numbers)")
        )

    def options(self) -> ExportOptions:
        """The purpose typed and the public choice."""
        public = self.public_box.isEnabled() and self.public_box.isChecked()
        return ExportOptions(self.purpose_edit.text().strip(), public)


def ask_export_options(
    parent: QWidget | None, *, kind: str, allow_public: bool = False
) -> ExportOptions | None:
    """Ask why the file is exported (and, ``allow_public``, whether in its public form).

    ``kind`` is the log's kind of the export (``map_pdf``, ``web``, ``report``…).
    None when the user cancelled: the export does not happen.
    """
    dialog = ExportOptionsDialog(parent, kind=kind, allow_public=allow_public)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.options()
    finally:
        dialog.deleteLater()


def show_failure(parent: QWidget | None, title: str, message: str, *, headless: bool) -> None:
    """Tell the user an export (or other background work) failed, without blocking.

    A failure arrives from background work, so the message box does not wait;
    headless, a line on stderr.
    """
    if headless:
        print(f"planner: {title}: {message}", file=sys.stderr)
        return
    box = QMessageBox(QMessageBox.Icon.Critical, title, message, parent=parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


class ExportController(TaskRunner):
    """A controller writing files in the background: its failures and its exports.

    ``failed(title, message)`` reports work that could not be done (the window
    shows it with :meth:`show_failure`); ``exported(kind, path, purpose,
    public)`` a file written, for the project's export log. ``headless``:
    failures go to stderr, never to a dialog.
    """

    failed = Signal(str, str)
    exported = Signal(str, str, str, bool)

    def __init__(
        self,
        document: ProjectDocument,
        window: QWidget | None = None,
        settings: QSettings | None = None,
        *,
        headless: bool = False,
    ) -> None:
        super().__init__(window)
        self.document = document
        self._window = window
        self._settings = settings
        self.headless = headless
        # the file last written (for tests and scripts)
        self.last_export: Path | None = None

    def show_failure(self, title: str, message: str) -> None:
        """Tell the user the work failed (the window connects ``failed`` here), not blocking."""
        show_failure(self._window, title, message, headless=self.headless)

    def choose_output(
        self,
        *,
        caption: str,
        default_name: str,
        file_filter: str,
        suffixes: tuple[str, ...],
        kind: str,
        allow_public: bool,
        last_dir_key: str,
    ) -> tuple[Path, ExportOptions] | None:
        """Ask for the file (in the folder used last) and then why it is taken.

        The file gets the first of ``suffixes`` when it has none of them. None
        when the user cancels either question, and always when headless.
        """
        if self.headless:
            return None
        start = self._settings.value(last_dir_key, "") if self._settings else ""
        chosen, _ = QFileDialog.getSaveFileName(
            self._window, caption, str(Path(str(start or "")) / default_name), file_filter
        )
        if not chosen:
            return None
        options = ask_export_options(self._window, kind=kind, allow_public=allow_public)
        if options is None:
            return None
        return with_suffix(Path(chosen), suffixes), options

    def remember_folder(self, last_dir_key: str, path: Path) -> None:
        """Start the next file dialog of this kind in ``path``'s folder."""
        if self._settings is not None:
            self._settings.setValue(last_dir_key, str(path.parent))


def with_suffix(path: Path, suffixes: tuple[str, ...]) -> Path:
    """``path``, or ``path`` with the first of ``suffixes`` added when it has none of them."""
    if path.suffix.lower() in suffixes:
        return path
    return path.with_name(path.name + suffixes[0])

"""Switching language in place: every widget names itself again in ``retranslate()``.

Qt's ``retranslateUi`` pattern. A widget sets every translatable text — labels,
buttons, tool tips, titles, combo box items, header texts, the texts that
depend on what it shows — in a ``retranslate()`` method; it calls it once at
the end of ``__init__`` and again from ``changeEvent`` on
:data:`QEvent.Type.LanguageChange`, which Qt sends to every widget when a
translator is installed or removed (:meth:`Translations.install`). Objects
that are not widgets — controllers with actions, table models — have a
``retranslate()`` their owning widget calls from its own (a model emits
``headerDataChanged`` and ``dataChanged`` so the views ask again).

Nothing is rebuilt: the window, its docks, the document and its undo history,
selections and running tasks all stay as they are.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, Qt


class LanguageAware:
    """Mixin for a widget class: its ``retranslate()`` runs again on ``LanguageChange``.

    Put it before the Qt base (``class Panel(LanguageAware, QWidget)``); the
    class defines ``retranslate()`` and calls it at the end of ``__init__``.
    """

    def retranslate(self) -> None:
        """Set every text the widget shows in the current language."""
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        """Name everything again when the language changes, then let Qt handle the event."""
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]


def is_language_change(event: QEvent) -> bool:
    """Whether ``event`` says the application's language changed."""
    return event.type() == QEvent.Type.LanguageChange


def refresh_model_texts(model: QAbstractItemModel) -> None:
    """Make views ask ``model`` again for its headers and every cell (after a language change)."""
    columns, rows = model.columnCount(), model.rowCount()
    if columns:
        model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)
    if rows:
        model.headerDataChanged.emit(Qt.Orientation.Vertical, 0, rows - 1)
    if rows and columns:
        model.dataChanged.emit(model.index(0, 0), model.index(rows - 1, columns - 1))

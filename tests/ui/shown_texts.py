"""What a user reads on a widget and its children: for tests of language switching.

``shown(widget)`` lists ``(where, text)`` for every label, button, group box,
line edit placeholder, tab, combo item, table header and the first rows of
every table (display text and tool tips), dock and menu titles, and the texts
of the widgets' actions, depth first in creation order — so two widgets built
the same way list their texts in the same order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtCore import QAbstractListModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QTabBar,
    QWidget,
)

#: The map's scale ("1:2,781") depends on the window's size, not its language.
SCALE = re.compile(r"1:[\d,]+")
#: Rows of each table whose cells are compared.
TABLE_ROWS = 30


def texts(widget: QWidget) -> list[str]:
    """What a user reads on ``widget`` itself (not its children)."""
    out = [widget.toolTip()]
    if isinstance(widget, QLabel | QAbstractButton):
        out.append(widget.text())
    if isinstance(widget, QGroupBox):
        out.append(widget.title())
    if isinstance(widget, QLineEdit):
        out.append(widget.placeholderText())
    if isinstance(widget, QDockWidget):
        out.append(widget.windowTitle())
    if isinstance(widget, QMenu):
        out.append(widget.title())
    if isinstance(widget, QTabBar):
        out += [widget.tabText(k) for k in range(widget.count())]
        out += [widget.tabToolTip(k) for k in range(widget.count())]
    if isinstance(widget, QComboBox):
        out += [widget.itemText(k) for k in range(widget.count())]
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        # a list model (a QListWidget's) has one column, and hides columnCount
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
        rows = model.rowCount()
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            out += [
                str(model.headerData(c, Qt.Orientation.Horizontal, role) or "")
                for c in range(columns)
            ]
            out += [
                str(model.index(r, c).data(role) or "")
                for r in range(min(rows, TABLE_ROWS))
                for c in range(columns)
            ]
    return out


def walk(widget: QWidget) -> Iterator[tuple[str, str]]:
    """``(where, text)`` of ``widget``, its actions and its children, depth first."""
    overflow = widget.objectName().endswith("_ext_button") or (
        isinstance(widget, QMenu) and isinstance(widget.parent(), QMenuBar)
    )
    if overflow:
        return  # a menu bar's or toolbar's overflow: depends on the width, not the language
    where = f"{type(widget).__name__}:{widget.objectName()}"
    for text in texts(widget):
        if text and not SCALE.fullmatch(text):
            yield where, text
    for action in widget.actions():
        for text in (action.text(), action.toolTip(), action.iconText()):
            if text:
                yield f"{where}/action", text
    for child in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        yield from walk(child)


def shown(widget: QWidget) -> list[tuple[str, str]]:
    """Every text on ``widget`` and its children once pending events are processed."""
    QApplication.processEvents()
    return list(walk(widget))


def diff(got: list[tuple[str, str]], want: list[tuple[str, str]]) -> str:
    """The first differences of two ``shown`` lists, for an assertion message."""
    lines = [f"{len(got)} texts shown, {len(want)} expected"]
    lines += [
        f"{where}: {a!r} (expected {b!r})"
        for (where, a), (_, b) in zip(got, want, strict=False)
        if a != b
    ]
    extra = got[len(want) :] + want[len(got) :]
    return "\n".join(lines[:40] + [f"extra: {x}" for x in extra[:10]])

"""The layers panel: which map layers and DORI bands are shown, and how opaque.

It knows nothing of the map: it is given ``(name, label)`` pairs and emits
signals naming a layer or band; the main window connects them to the map view.
The labels are the owner's words: after a language change the owner gives
them again (:meth:`LayerPanel.set_layer_labels`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from planner.core.levels import LEVEL_PPM
from planner.ui.labels import LEVELS_FINEST_FIRST, level_label
from planner.ui.retranslate import LanguageAware
from planner.ui.text import tr_format


class _LayerPanelView(LanguageAware, QWidget):
    """Layout of the layers panel: a row per layer, a check box per band. No behaviour."""

    def __init__(self, layers: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer_checks: dict[str, QCheckBox] = {}
        self.opacity_sliders: dict[str, QSlider] = {}
        self.opacity_labels: dict[str, QLabel] = {}
        self.band_checks: dict[str, QCheckBox] = {}
        #: The owner's label of each layer, by internal name.
        self.layer_labels: dict[str, str] = dict(layers)

        self.layers_box = QGroupBox()
        grid = QGridLayout(self.layers_box)
        grid.setColumnStretch(1, 1)
        self.opacity_header = QLabel()
        self.opacity_header.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(self.opacity_header, 0, 1, 1, 2)
        for row, name in enumerate(self.layer_labels, start=1):
            check = QCheckBox()
            check.setChecked(True)
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, 100)
            slider.setValue(100)
            slider.setPageStep(10)
            slider.setMinimumWidth(80)
            value = QLabel()
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setMinimumWidth(value.fontMetrics().horizontalAdvance("100 %") + 4)
            grid.addWidget(check, row, 0)
            grid.addWidget(slider, row, 1)
            grid.addWidget(value, row, 2)
            self.layer_checks[name] = check
            self.opacity_sliders[name] = slider
            self.opacity_labels[name] = value

        self.bands_box = QGroupBox()
        bands = QVBoxLayout(self.bands_box)
        for level in LEVELS_FINEST_FIRST:
            check = QCheckBox()
            check.setChecked(True)
            bands.addWidget(check)
            self.band_checks[level] = check

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.layers_box)
        layout.addWidget(self.bands_box)
        layout.addStretch(1)
        _LayerPanelView.retranslate(self)

    def retranslate(self) -> None:
        """Name the boxes, layers and bands in the interface language."""
        self.layers_box.setTitle(self.tr("Layers"))
        self.opacity_header.setText(self.tr("Opacity"))
        for name, label in self.layer_labels.items():
            self.layer_checks[name].setText(label)
            self.opacity_sliders[name].setToolTip(tr_format(self.tr("Opacity of %1"), label))
        self.bands_box.setTitle(self.tr("DORI bands"))
        self.bands_box.setToolTip(
            self.tr("Pixel-density bands of the camera views (EN 62676-4), finest first")
        )
        for level, check in self.band_checks.items():
            text = tr_format(self.tr("%1 (%2 px/m)"), level_label(level), f"{LEVEL_PPM[level]:g}")
            check.setText(text)


class LayerPanel(_LayerPanelView):
    """Visibility and opacity of each map layer, and which DORI bands are drawn.

    ``layers`` are ``(internal name, display label)`` pairs, in drawing order
    as the user should see it. Every layer and band starts visible and opaque.
    The setters emit the same signals as the user's clicks, so restoring saved
    settings through them also updates the map.
    """

    visibilityChanged = Signal(str, bool)  # layer name, visible
    opacityChanged = Signal(str, float)  # layer name, opacity 0–1
    bandVisibilityChanged = Signal(str, bool)  # DORI level name, visible

    def __init__(self, layers: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(layers, parent)
        for name, check in self.layer_checks.items():
            check.toggled.connect(partial(self._on_layer_toggled, name))
        for name, slider in self.opacity_sliders.items():
            slider.valueChanged.connect(partial(self._on_opacity, name))
        for level, check in self.band_checks.items():
            check.toggled.connect(partial(self.bandVisibilityChanged.emit, level))
        self.retranslate()

    def retranslate(self) -> None:
        """Name everything again, and the opacity of each layer."""
        super().retranslate()
        for name, slider in self.opacity_sliders.items():
            self._show_opacity(name, slider.value())

    def set_layer_labels(self, layers: Sequence[tuple[str, str]]) -> None:
        """Show new labels for the layers listed (``(name, label)`` pairs; others stay).

        The labels are the owner's words: it calls this after a language change.
        """
        for name, label in layers:
            if name in self.layer_labels:
                self.layer_labels[name] = label
        self.retranslate()

    # ------------------------------------------------------------------ public API
    def layer_names(self) -> list[str]:
        """Internal names of the layers listed, in order."""
        return list(self.layer_checks)

    def is_layer_visible(self, name: str) -> bool:
        """Whether layer ``name`` is ticked."""
        return self.layer_checks[name].isChecked()

    def set_layer_visible(self, name: str, visible: bool) -> None:
        """Tick or untick layer ``name`` (emits ``visibilityChanged`` if it changes)."""
        self.layer_checks[name].setChecked(visible)

    def layer_opacity(self, name: str) -> float:
        """Opacity of layer ``name``, 0–1."""
        return self.opacity_sliders[name].value() / 100.0

    def set_layer_opacity(self, name: str, opacity: float) -> None:
        """Set the opacity of layer ``name`` (0–1, in whole percent; emits ``opacityChanged``)."""
        self.opacity_sliders[name].setValue(round(min(max(opacity, 0.0), 1.0) * 100))

    def is_band_visible(self, level: str) -> bool:
        """Whether DORI band ``level`` is ticked."""
        return self.band_checks[level].isChecked()

    def set_band_visible(self, level: str, visible: bool) -> None:
        """Tick or untick DORI band ``level`` (emits ``bandVisibilityChanged`` if it changes)."""
        self.band_checks[level].setChecked(visible)

    # ------------------------------------------------------------------ behaviour
    def _on_layer_toggled(self, name: str, visible: bool) -> None:
        # a hidden layer's opacity cannot be judged: grey the slider out meanwhile
        self.opacity_sliders[name].setEnabled(visible)
        self.opacity_labels[name].setEnabled(visible)
        self.visibilityChanged.emit(name, visible)

    def _on_opacity(self, name: str, value: int) -> None:
        self._show_opacity(name, value)
        self.opacityChanged.emit(name, value / 100.0)

    def _show_opacity(self, name: str, value: int) -> None:
        self.opacity_labels[name].setText(tr_format(self.tr("%1 %"), value))

"""The map canvas on the sample estate: it shows the document and turns gestures into edits."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QImage

from planner.core.coverage import coverage_state
from planner.io.project import read_project
from planner.io.rulesets import load_ruleset
from planner.ui.canvas import overlays, style
from planner.ui.canvas.geometry import (
    path_from_geometries,
    path_from_geometry,
    path_from_geometry_slow,
)
from planner.ui.canvas.items import BEARING_HANDLE, CameraItem, ZoneItem, ZoneMarkerItem
from planner.ui.canvas.map_view import MapView
from planner.ui.canvas.tools import angle_between, bearing_towards
from planner.ui.document import ProjectDocument

ESTATE = Path(__file__).resolve().parents[2] / "data" / "sample_estate.gpkg"


@pytest.fixture(scope="module")
def estate():
    project = read_project(ESTATE)
    ruleset = load_ruleset(project.ruleset)
    state = coverage_state(project.cameras, project.zones, project.buildings, ruleset=ruleset)
    return project, ruleset, state


@pytest.fixture
def view(qtbot, estate):
    document = ProjectDocument()
    view = MapView(document)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    document.load(*estate, None)
    view.zoom_to_extent()
    return view


def _items(view, kind):
    return [item for item in view.scene().items() if isinstance(item, kind)]


def _pos(view, x, y) -> QPoint:
    return view.viewport_pos(x, y).toPoint()


def _drag(qtbot, view, start: QPoint, end: QPoint, steps: int = 5) -> None:
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, steps + 1):
        qtbot.mouseMove(viewport, start + (end - start) * (k / steps))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


# ---------------------------------------------------------------------- geometry
def test_a_hole_is_not_filled() -> None:
    square = shapely.Polygon(
        [(0, 0), (10, 0), (10, 10), (0, 10)], [[(4, 4), (6, 4), (6, 6), (4, 6)]]
    )
    path = path_from_geometry(square)
    assert not path.contains(QPointF(5, -5))  # scene y is minus northing
    assert path.contains(QPointF(1, -1))


def test_fast_paths_equal_paths_built_vertex_by_vertex(estate) -> None:
    project = estate[0]
    for layer in ("roads", "buildings", "private_areas", "zones"):
        for geom in getattr(project, layer).geometry:
            if shapely.get_dimensions(geom) > 0:  # Qt drops the zero-length line of a point
                assert path_from_geometry(geom) == path_from_geometry_slow(geom), layer


def test_multi_geometries_lines_points_and_empties() -> None:
    collection = shapely.GeometryCollection(
        [
            shapely.MultiPolygon([shapely.box(0, 0, 1, 1), shapely.box(5, 5, 6, 6)]),
            shapely.LineString([(0, 0), (3, 4)]),
            shapely.Point(7, 7),
        ]
    )
    path = path_from_geometry(collection)
    assert path.contains(QPointF(0.5, -0.5)) and path.contains(QPointF(5.5, -5.5))
    assert path.boundingRect().contains(QPointF(7, -7))
    assert path_from_geometry(None).isEmpty()
    assert path_from_geometry(shapely.Polygon()).isEmpty()
    assert path_from_geometries(np.array([None, shapely.Point()], dtype=object)).isEmpty()


# ---------------------------------------------------------------------- what is drawn
def test_every_camera_zone_and_building_is_drawn(view, estate) -> None:
    project = estate[0]
    cameras = _items(view, CameraItem)
    assert sorted(item.look.camera_id for item in cameras) == sorted(project.cameras["camera_id"])
    zones = _items(view, ZoneItem) + _items(view, ZoneMarkerItem)
    assert len(zones) == len(project.zones)
    buildings = view._layers["buildings"].childItems()
    assert len(buildings) == 1  # one merged path for the whole layer
    path = buildings[0].path()
    for geom in project.buildings.geometry:
        x, y = shapely.get_coordinates(shapely.point_on_surface(geom))[0]
        assert path.contains(QPointF(x, -y))


def test_zone_outlines_follow_pass_and_fail(view, estate) -> None:
    state = estate[2]
    by_row = view._zone_items
    # a verdict for mandatory zones, none (grey) for advisory ones such as the fire lane
    expected = [bool(p) if m else None for p, m in zip(state.passed, state.mandatory, strict=True)]
    assert [item.passed for item in by_row] == expected
    assert None in expected and True in expected
    from planner.ui.canvas import style

    advisory = next(item for item in by_row if item.passed is None)
    assert advisory.pen().color() == style.ADVISORY_COLOUR


def test_hiding_a_layer_hides_its_items(view) -> None:
    assert view.layer_names()[0] == "roads" and "cameras" in view.layer_names()
    camera = _items(view, CameraItem)[0]
    assert camera.isVisible()
    view.set_layer_visible("cameras", False)
    assert not camera.isVisible()
    view.set_layer_visible("cameras", True)
    assert camera.isVisible()
    view.set_layer_opacity("zones", 0.3)
    assert view._layers["zones"].opacity() == pytest.approx(0.3)
    view.set_band_visible("detect", False)
    assert not view._bands["detect"].isVisible() and view._bands["identify"].isVisible()


def test_zoom_to_zone_shows_the_zone(view, estate) -> None:
    state = estate[2]
    areas = np.where(state.targets.kind == "area", shapely.area(state.zones.geometry), np.inf)
    zone_id = state.targets.zone_id[int(np.argmin(areas))]
    before = view.current_scale()
    view.zoom_to_zone(zone_id)
    minx, miny, maxx, maxy = shapely.bounds(state.zones.geometry.iloc[view._zone_row[zone_id]])
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(QRectF(QPointF(minx, -maxy), QPointF(maxx, -miny)))
    assert view.current_scale() < before  # zoomed in


def test_scale_is_reported_and_zoom_keys_change_it(qtbot, view) -> None:
    scale = view.current_scale()
    assert scale > 0
    with qtbot.waitSignal(view.scaleChanged):
        qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.current_scale() == pytest.approx(scale / 1.25)
    assert overlays.nice_length(180) == 100 and overlays.nice_length(0.3) == 0.2


def test_the_rendered_map_has_many_colours(view) -> None:
    image = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32)
    assert len(np.unique(pixels)) > 200


def test_cursor_position_is_reported_in_project_coordinates(qtbot, view, estate) -> None:
    camera = estate[0].cameras.iloc[0]
    with qtbot.waitSignal(view.cursorMoved) as blocker:
        qtbot.mouseMove(view.viewport(), _pos(view, camera.geometry.x, camera.geometry.y))
    x, y = blocker.args
    assert x == pytest.approx(camera.geometry.x, abs=1.0)
    assert y == pytest.approx(camera.geometry.y, abs=1.0)


# ---------------------------------------------------------------------- editing
def test_clicking_a_camera_selects_it(qtbot, view) -> None:
    document = view.document
    camera = document.camera("C05")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_pos(view, *_xy(camera)))
    assert document.selected_cameras == ("C05",)
    other = document.camera("C01")
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ShiftModifier,
        _pos(view, *_xy(other)),
    )
    assert set(document.selected_cameras) == {"C05", "C01"}
    assert document.undo_stack.count() == 0  # a click edits nothing


def test_clicking_a_zone_selects_it_and_shows_its_gaps(qtbot, view, estate) -> None:
    state = estate[2]
    row = next(r for r, kind in enumerate(state.targets.kind) if kind == "area")
    inside = shapely.point_on_surface(state.zones.geometry.iloc[row])
    camera_xy = np.array([view._camera_xy[c] for c in view._camera_xy])
    assert np.hypot(*(camera_xy - [inside.x, inside.y]).T).min() * view._pixels_per_metre() > 12
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_pos(view, inside.x, inside.y))
    assert view.document.selected_zone == state.targets.zone_id[row]
    assert view._gap_item is not None


def test_add_camera_tool_adds_one_where_clicked(qtbot, view) -> None:
    document = view.document
    before = len(document.camera_ids())
    fraction_before = document.state.fraction.copy()
    view.set_tool("add_camera")
    target = view.viewport_pos(534300.0, 3993420.0)  # near the square
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=target.toPoint())
    assert len(document.camera_ids()) == before + 1
    (new_id,) = document.selected_cameras
    camera = document.camera(new_id)
    x, y = view.project_xy(QPointF(target.toPoint()))
    assert camera["x"] == pytest.approx(x, abs=0.5) and camera["y"] == pytest.approx(y, abs=0.5)
    assert camera["bearing_deg"] == 0.0 and camera["hfov_deg"] == 90.0
    assert new_id in document.state.views.index
    assert new_id in view._camera_symbols
    assert len(view._camera_items[new_id]) > 1  # symbol and its DORI bands
    assert document.state.fraction.shape == fraction_before.shape


def test_dragging_a_camera_moves_it_with_one_undo_command(qtbot, view) -> None:
    document = view.document
    view.zoom_to_zone("Z02")  # closer in: 10 m is many pixels
    start_camera = document.camera("C05")
    start = view.viewport_pos(*_xy(start_camera))
    end = view.viewport_pos(start_camera["x"] + 10.0, start_camera["y"])
    moves: list[tuple] = []
    document.camerasChanged.connect(moves.append)
    _drag(qtbot, view, start.toPoint(), end.toPoint())
    moved = document.camera("C05")
    assert moved["x"] - start_camera["x"] == pytest.approx(10.0, abs=0.6)
    assert moved["y"] == pytest.approx(start_camera["y"], abs=0.6)
    assert document.undo_stack.count() == 1
    assert document.undo_stack.text(0) == "Move camera C05"
    assert len(moves) >= 3  # live: the view followed the drag
    assert view._camera_xy["C05"][0] == pytest.approx(moved["x"])
    document.undo_stack.undo()
    assert document.camera("C05")["x"] == start_camera["x"]


def test_escape_cancels_a_drag(qtbot, view) -> None:
    document = view.document
    camera = document.camera("C05")
    start = _pos(view, *_xy(camera))
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), start + QPoint(30, 0))
    assert document.gesture_camera == "C05"
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(30, 0))
    assert document.gesture_camera is None
    assert document.camera("C05")["x"] == camera["x"]
    assert document.undo_stack.count() == 0


def test_dragging_the_bearing_handle_turns_the_camera(qtbot, view) -> None:
    document = view.document
    camera = document.camera("C01")
    document.select_cameras(["C01"])
    handle = view.handle_positions()[BEARING_HANDLE]
    assert view.handle_at(handle) == BEARING_HANDLE
    centre = view.viewport_pos(*_xy(camera))
    east = centre + QPointF(70, 0)  # screen right is east
    _drag(qtbot, view, handle.toPoint(), east.toPoint(), steps=8)
    assert document.camera("C01")["bearing_deg"] == pytest.approx(90.0, abs=2.0)
    assert document.undo_stack.text(0) == "Rotate camera C01"


def test_dragging_a_fov_handle_widens_the_view(qtbot, view) -> None:
    document = view.document
    document.select_cameras(["C01"])
    camera = document.camera("C01")
    handles = view.handle_positions()
    centre = view.viewport_pos(*_xy(camera))
    edge = handles["fov_right"]
    # push the edge further round, away from the bearing
    direction = edge - centre
    turned = QPointF(-direction.y(), direction.x()) * 0.5 + direction
    _drag(qtbot, view, edge.toPoint(), (centre + turned).toPoint())
    assert document.camera("C01")["hfov_deg"] > camera["hfov_deg"] + 5


def test_delete_key_removes_selected_cameras(qtbot, view) -> None:
    document = view.document
    document.select_cameras(["C02", "C03"])
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert "C02" not in document.camera_ids() and "C03" not in document.camera_ids()
    assert "C02" not in view._camera_symbols
    document.undo_stack.undo()
    assert "C02" in view._camera_symbols


def test_bearings_are_clockwise_from_north() -> None:
    assert bearing_towards(0, 1) == pytest.approx(0.0)
    assert bearing_towards(1, 0) == pytest.approx(90.0)
    assert bearing_towards(-1, 0) == pytest.approx(270.0)
    assert angle_between(350, 10) == pytest.approx(20.0)


# ---------------------------------------------------------------------- zoom, cache, live follow
def test_symbols_and_outlines_shrink_at_an_overview_scale(view) -> None:
    view.zoom_to_zone("Z02")  # street level: the full symbol
    assert view.detail_level() == style.STREET
    camera = view._camera_symbols["C05"]
    zone = next(item for item in view._zone_items if isinstance(item, ZoneItem))
    full_rect, full_outline = camera.boundingRect(), zone.pen().widthF()
    while view._pixels_per_metre() > 0.3:  # out to a district overview, ~1:12,000
        view._zoom(1 / 1.25)
    assert view.detail_level() == style.OVERVIEW
    assert camera.boundingRect().width() < full_rect.width() * 0.6
    assert camera.radius() < style.CAMERA_RADIUS_PX * 0.6
    assert zone.pen().widthF() < full_outline
    view.zoom_to_zone("Z02")
    assert camera.boundingRect() == full_rect and zone.pen().widthF() == full_outline


def test_items_are_cached_and_a_hidden_layer_leaves_the_image(view) -> None:
    buildings = view._layers["buildings"].childItems()[0]
    assert buildings.cacheMode() == buildings.CacheMode.DeviceCoordinateCache
    fill = style.BUILDING_FILL.rgb() & 0xFFFFFF

    def building_pixels() -> int:
        view.viewport().repaint()  # fills the items' caches
        image = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        pixels = np.frombuffer(image.constBits(), dtype=np.uint32) & 0xFFFFFF
        return int(np.count_nonzero(pixels == fill))

    assert building_pixels() > 500
    view.set_layer_visible("buildings", False)
    assert building_pixels() == 0
    view.set_layer_visible("buildings", True)
    assert building_pixels() > 500


def test_the_symbol_follows_a_gesture_driven_by_the_document(view) -> None:
    document = view.document
    document.select_cameras(["C01"])
    start = document.camera("C01")
    handles_before = view.handle_positions()
    document.begin_gesture("C01")  # no mouse: a panel or a script drives it
    document.update_gesture(x=start["x"] + 12.0, y=start["y"] - 5.0, bearing_deg=135.0)
    symbol = view._camera_symbols["C01"]
    assert symbol.pos() == QPointF(start["x"] + 12.0, -(start["y"] - 5.0))
    assert symbol.look.bearing_deg == pytest.approx(135.0)
    assert view._camera_xy["C01"] == (start["x"] + 12.0, start["y"] - 5.0)
    assert view.camera_at(view.viewport_pos(start["x"] + 12.0, start["y"] - 5.0)) == "C01"
    moved = view.viewport_pos(start["x"] + 12.0, start["y"] - 5.0)
    bearing = view.handle_positions()[BEARING_HANDLE]
    assert bearing != handles_before[BEARING_HANDLE]
    assert (bearing - moved).x() == pytest.approx(
        style.HANDLE_DISTANCE_PX * np.sin(np.radians(135.0)), abs=0.5
    )
    document.cancel_gesture()
    assert view._camera_symbols["C01"].pos() == QPointF(start["x"], -start["y"])


def test_clicking_a_zone_does_not_zoom(qtbot, view, estate) -> None:
    state = estate[2]
    row = next(r for r, kind in enumerate(state.targets.kind) if kind == "area")
    inside = shapely.point_on_surface(state.zones.geometry.iloc[row])
    transform, centre = view.transform(), view.mapToScene(view.viewport().rect().center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_pos(view, inside.x, inside.y))
    assert view.document.selected_zone == state.targets.zone_id[row]
    assert view.transform() == transform
    assert view.mapToScene(view.viewport().rect().center()) == centre


def test_the_legend_names_camera_states_and_flows_into_columns(view) -> None:
    entries = view._legend_entries()
    texts = [entry.text for entry in entries]
    assert "Cameras" in texts and "Inside a building" in texts
    font = view.font()
    tall = overlays.legend_size(font, entries)
    short = overlays.legend_size(font, entries, max_height=tall.height() / 2)
    assert short.height() < tall.height() and short.width() > tall.width()


def _xy(camera: dict) -> tuple[float, float]:
    return camera["x"], camera["y"]


def test_camera_ids_show_beside_their_symbols_when_zoomed_in(view) -> None:
    ids = set(view.document.camera_ids())
    assert set(view._camera_labels) == ids
    label = view._camera_labels["C09"]
    assert label.text == "C09" and label.parentItem() is view._camera_symbols["C09"]
    view.zoom_to_extent()  # the whole estate: its 15 ids fit
    assert label.isVisible()
    view._zoom(8.0)
    assert label.isVisible()
    view.set_camera_labels_visible(False)
    assert not any(lab.isVisible() for lab in view._camera_labels.values())
    view.set_camera_labels_visible(True)
    view._zoom(1 / 50)  # a district overview: ids would cover the map
    assert not any(lab.isVisible() for lab in view._camera_labels.values())
    # a moved camera's id moves with it; a deleted camera's id goes with it
    view.document.edit_camera("C09", bearing_deg=10.0)
    assert view._camera_labels["C09"].parentItem() is view._camera_symbols["C09"]
    view.document.remove_cameras(["C09"])
    assert "C09" not in view._camera_labels

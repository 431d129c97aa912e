"""How far the drawing reaches, without looking at every item on every edit.

The extent of a scene (lanes, phases and any card or arrow beyond them) is asked for by fitting, exports, the
overview map and presentation, but changes with nearly every edit. Measuring it means asking every card and arrow
for its bounding rect: thousands of calls into Python for a large blueprint. So it is measured when asked and kept
until the document changes; and while cards are dragged about, the scrollable area only grows to take in the cards
that moved (and their arrows), which costs in proportion to what moved, not to the size of the blueprint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QRectF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

# The controller's signals after which the drawing may reach elsewhere.
CHANGE_SIGNALS = (
    "document_replaced",
    "step_added",
    "step_removed",
    "step_changed",
    "flow_added",
    "flow_removed",
    "flow_changed",
    "scenarios_changed",
    "lanes_changed",
)


class SceneExtent(QObject):
    """The drawing's extent, measured by ``measure`` when asked and kept until the document changes.

    A child of its scene, so that Qt drops the connections to the controller with the scene (a comparison's
    scenes come and go while the document's controller stays)."""

    def __init__(self, controller: QObject, measure: Callable[[], QRectF], scene: QObject) -> None:
        super().__init__(scene)
        self._measure = measure
        self._rect: QRectF | None = None
        for name in CHANGE_SIGNALS:
            signal = getattr(controller, name, None)
            if signal is not None:
                signal.connect(self.forget)

    def forget(self, *_: object) -> None:
        """The drawing may have changed: measure again when next asked."""
        self._rect = None

    def rect(self) -> QRectF:
        if self._rect is None:
            self._rect = self._measure()
        return QRectF(self._rect)


def grow_scene_rect(scene: QGraphicsScene, items: Iterable[QGraphicsItem], margin: float) -> None:
    """Widen the scene's scrollable area to take in ``items`` with ``margin`` around them; it never shrinks here
    (a rebuild makes it exact again)."""
    rect = scene.sceneRect()
    grown = QRectF(rect)
    for item in items:
        grown = grown.united(item.sceneBoundingRect().adjusted(-margin, -margin, margin, margin))
    if grown != rect:
        scene.setSceneRect(grown)

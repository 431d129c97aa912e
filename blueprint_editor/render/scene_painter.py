"""Drawing a scene onto a PDF page or a printer: what QGraphicsScene.render draws, with a clip only when one is needed.

QGraphicsScene.render always clips to its target, and Qt's PDF engine writes that clip out again, with the pen,
brush and transform after it, each time an item's drawing state is restored: at 5,000 steps that repetition was
two fifths of a page's content (35 MB of drawing commands held in memory until the page is compressed). Here the
items are drawn as render draws them (background, then every item in stacking order with its transform, opacity
and the clips its parents impose, then foreground), and the page is clipped only when some item reaches beyond
the part of the scene shown: a tile of a tiled PDF, or a selection whose lanes go on beyond it. Between items the
painter's state is set back rather than saved and restored: each restore wrote another block of state into the
page (a tenth of it).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFont, QPainter, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QStyleOptionGraphicsItem

_CLIPS_CHILDREN = QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape
_CLIPS_SELF = QGraphicsItem.GraphicsItemFlag.ItemClipsToShape
_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


def paint_scene(painter: QPainter, scene: QGraphicsScene, target: QRectF, source: QRectF) -> None:
    """Draw the part ``source`` of ``scene`` into ``target`` (stretched to fill it), as ``scene.render`` would."""
    items = [
        item
        for item in scene.items(source, Qt.ItemSelectionMode.IntersectsItemBoundingRect, Qt.SortOrder.AscendingOrder)
        if item.isVisible() and not item.flags() & _NO_CONTENTS and item.effectiveOpacity() > 0
    ]
    painter.save()
    if not all(_within(item.sceneBoundingRect(), source) for item in items):
        painter.setClipRect(target, Qt.ClipOperation.IntersectClip)
    view = (
        QTransform()
        .translate(target.left(), target.top())
        .scale(target.width() / source.width(), target.height() / source.height())
        .translate(-source.left(), -source.top())
    )
    painter.setWorldTransform(view, True)
    base = painter.worldTransform()
    scene.drawBackground(painter, source)  # type: ignore[attr-defined]  # protected, reachable from Python
    option = QStyleOptionGraphicsItem()
    fresh = _State.of(painter)
    for item in items:
        clip = _clip_of(item)
        if clip is not None:
            painter.save()
        painter.setWorldTransform(item.sceneTransform() * base)
        painter.setOpacity(fresh.opacity * item.effectiveOpacity())
        if clip is not None:
            painter.setClipPath(clip, Qt.ClipOperation.IntersectClip)
        option.exposedRect = item.boundingRect()
        item.paint(painter, option, None)
        if clip is not None:
            painter.restore()
        else:
            fresh.restore(painter)
    painter.setWorldTransform(base)
    scene.drawForeground(painter, source)  # type: ignore[attr-defined]
    painter.restore()


@dataclass(frozen=True)
class _State:
    """What an item's paint may change and the next item must not inherit. Set back after each item instead of a
    save and restore of the painter, which would put a block of drawing state into a PDF per item (the engine
    writes a state out only when something is drawn with it, so setting it back costs nothing in the file)."""

    pen: QPen
    brush: QBrush
    font: QFont
    hints: QPainter.RenderHint
    opacity: float
    composition: QPainter.CompositionMode
    background: QBrush
    background_mode: Qt.BGMode
    brush_origin: QPointF

    @classmethod
    def of(cls, painter: QPainter) -> _State:
        return cls(
            QPen(painter.pen()),
            QBrush(painter.brush()),
            QFont(painter.font()),
            painter.renderHints(),
            painter.opacity(),
            painter.compositionMode(),
            QBrush(painter.background()),
            painter.backgroundMode(),
            painter.brushOrigin(),
        )

    def restore(self, painter: QPainter) -> None:
        painter.setPen(self.pen)
        painter.setBrush(self.brush)
        painter.setFont(self.font)
        if painter.renderHints() != self.hints:
            painter.setRenderHints(painter.renderHints(), False)
            painter.setRenderHints(self.hints, True)
        painter.setCompositionMode(self.composition)
        painter.setBackground(self.background)
        painter.setBackgroundMode(self.background_mode)
        painter.setBrushOrigin(self.brush_origin)


def _within(rect: QRectF, area: QRectF) -> bool:
    """Whether ``rect`` lies inside ``area``, edges included; an item with no size (a layer with nothing to show)
    lies anywhere."""
    if rect.isNull():
        return True
    return (
        area.left() <= rect.left()
        and rect.right() <= area.right()
        and area.top() <= rect.top()
        and (rect.bottom() <= area.bottom())
    )


def _clip_of(item: QGraphicsItem) -> QPainterPath | None:
    """The area, in ``item``'s coordinates, its own shape and its ancestors' shapes confine its drawing to; None
    when nothing confines it."""
    clip: QPainterPath | None = item.shape() if item.flags() & _CLIPS_SELF else None
    parent = item.parentItem()
    while parent is not None:
        if parent.flags() & _CLIPS_CHILDREN:
            shape = item.mapFromItem(parent, parent.shape())
            clip = shape if clip is None else clip.intersected(shape)
        parent = parent.parentItem()
    return clip

"""Drawing a scene onto a PDF page or a printer: what QGraphicsScene.render draws, with a clip only when one is needed.

QGraphicsScene.render always clips to its target, and Qt's PDF engine writes that clip out again, with the pen,
brush and transform after it, each time an item's drawing state is restored: at 5,000 steps that repetition was
two fifths of a page's content (35 MB of drawing commands held in memory until the page is compressed). Here the
items are drawn as render draws them (background, then every item in stacking order with its transform, opacity
and the clips its parents impose, then foreground), and the page is clipped only when some item reaches beyond
the part of the scene shown: a tile of a tiled PDF, or a selection whose lanes go on beyond it.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QTransform
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
    for item in items:
        painter.save()
        painter.setWorldTransform(item.sceneTransform() * base)
        painter.setOpacity(painter.opacity() * item.effectiveOpacity())
        clip = _clip_of(item)
        if clip is not None:
            painter.setClipPath(clip, Qt.ClipOperation.IntersectClip)
        option.exposedRect = item.boundingRect()
        item.paint(painter, option, None)
        painter.restore()
    painter.setWorldTransform(base)
    scene.drawForeground(painter, source)  # type: ignore[attr-defined]
    painter.restore()


def _within(rect: QRectF, area: QRectF) -> bool:
    """Whether ``rect`` lies inside ``area``, edges included; an item with no size (a layer with nothing to show)
    lies anywhere."""
    if rect.isNull():
        return True
    return area.left() <= rect.left() and rect.right() <= area.right() and area.top() <= rect.top() and (
        rect.bottom() <= area.bottom()
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

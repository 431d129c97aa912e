"""Keeps every flow of a scene routed: the cards' rectangles in a grid, and which flows each change can affect.

A route depends on its two cards and on the cards inside its search area (see ``model.routing``). So when a card
moves, grows or goes, the flows to re-route are the ones that touch it and the ones whose search area it leaves
or enters; every other route would come out the same. That keeps a drag on a 5,000-step blueprint local, and a
live scene identical to one drawn afresh.

While the user drags cards, their arrows are drawn as drafts: the elbow shape between the cards as they are, without
looking for cards in the way and without re-routing the arrows around them. Searching for a clear path at every
pointer move cost most of a drag frame on large blueprints. An arrow between two cards that are dragged together
keeps its route and is moved with them, which is cheaper still (most arrows of a dragged selection are such).
When the drag ends, the moved cards are routed in full, so the drawing afterwards is exactly the one a fresh build
gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF

from blueprint_editor.model.document import FlowStyle
from blueprint_editor.model.routing import GridIndex, Rect, Route, elbow_route, search_area, straight_route

if TYPE_CHECKING:
    from blueprint_editor.canvas.flow_item import FlowItem
    from blueprint_editor.canvas.step_item import StepItem


def to_rect(rect: QRectF) -> Rect:
    return Rect(rect.left(), rect.top(), rect.right(), rect.bottom())


class FlowRouter:
    """Routes the flows of one scene and re-routes just those a change of a card can affect."""

    def __init__(self) -> None:
        self._cards: GridIndex[str] = GridIndex()
        self._areas: GridIndex[FlowItem] = GridIndex()
        self._pending: set[FlowItem] | None = None
        self._depth = 0
        # Cards moved during a drag (see begin_draft), and the arrows to draft at the end of a batch.
        self._draft: dict[str, StepItem] | None = None
        self._pending_drafts: set[FlowItem] = set()
        self._redrawn: set[FlowItem] = set()  # drafts drawn as elbows in this drag: their routes are no longer moved
        self.routed = 0  # how many routes were computed: lets tests check that a move stays local

    def clear(self) -> None:
        """Forget everything (the scene is being rebuilt)."""
        self._cards.clear()
        self._areas.clear()
        self._draft = None
        self._pending_drafts.clear()
        self._redrawn.clear()
        if self._pending is not None:
            self._pending.clear()

    def card_rect(self, step_id: str) -> Rect | None:
        return self._cards.get(step_id)

    def cards_in(self, area: Rect) -> list[Rect]:
        """The rectangles of the shown cards that meet ``area``."""
        return [rect for _, rect in self._cards.query(area)]

    def card_changed(self, card: StepItem) -> None:
        """A card was placed, moved, resized, shown or hidden: re-route the flows this can affect."""
        if self._draft is not None and card.isVisible():
            self._draft[card.step_id] = card
            self._draft_flows(card.flows)
            return
        old = self._cards.get(card.step_id)
        # A hidden card (its lane is collapsed) is no obstacle: the flows drawn past it ignore it.
        new = to_rect(card.scene_card_rect()) if card.isVisible() else None
        if old == new:
            if new is None:  # a hidden card moved: nothing is routed around it, but its own arrows follow it
                self._reroute(card.flows)
            return
        if new is None:
            self._cards.discard(card.step_id)
        else:
            self._cards.set(card.step_id, new)
        self._reroute([*card.flows, *self._flows_near(old), *self._flows_near(new)])

    def card_removed(self, step_id: str) -> None:
        old = self._cards.get(step_id)
        self._cards.discard(step_id)
        self._reroute(self._flows_near(old))

    def flow_removed(self, flow: FlowItem) -> None:
        self._areas.discard(flow)
        self._pending_drafts.discard(flow)
        self._redrawn.discard(flow)
        if self._pending is not None:
            self._pending.discard(flow)

    # Drafts while dragging

    @property
    def drafting(self) -> bool:
        return self._draft is not None

    def begin_draft(self) -> None:
        """A drag of cards starts: until end_draft, moved cards' arrows are drawn as quick drafts."""
        if self._draft is None:
            self._draft = {}

    def end_draft(self) -> None:
        """The drag is over: route the moved cards' arrows, and those around where they were and are, in full."""
        draft, self._draft = self._draft, None
        self._redrawn.clear()
        if not draft:
            return
        with self.batch():
            for card in draft.values():
                if card.scene() is not None:
                    self.card_changed(card)
                    # Also when the card is back where it was, which card_changed takes for no move at all.
                    self._reroute(card.flows)

    def _draft_flows(self, flows: Iterable[FlowItem]) -> None:
        if self._pending is not None:
            self._pending_drafts.update(flows)
            return
        shifts: dict[str, tuple[float, float] | None] = {}
        for flow in set(flows):
            self._set_draft(flow, shifts)

    def _set_draft(self, flow: FlowItem, shifts: dict[str, tuple[float, float] | None]) -> None:
        """Draw a dragged card's arrow as a draft: moved as it is when both its cards moved alike, else an elbow."""
        shift = self._shift_of(flow.source, shifts)
        if shift is not None and flow not in self._redrawn and _alike(shift, self._shift_of(flow.target, shifts)):
            flow.follow_cards(*shift)
            return
        self._redrawn.add(flow)
        source = to_rect(flow.source.scene_card_rect())
        target = to_rect(flow.target.scene_card_rect())
        quick = straight_route if flow.style == FlowStyle.STRAIGHT else elbow_route
        flow.set_route(quick(source, target))

    def _shift_of(self, card: StepItem, shifts: dict[str, tuple[float, float] | None]) -> tuple[float, float] | None:
        """How far a card has moved in this drag (from where its arrows were routed); None if it was not dragged."""
        step_id = card.step_id
        if step_id in shifts:
            return shifts[step_id]
        shift = None
        # The index keeps a dragged card's rectangle from before the drag until end_draft.
        old = self._cards.get(step_id) if self._draft is not None and self._draft.get(step_id) is card else None
        if old is not None:
            new = card.scene_card_rect()
            same_size = abs(new.width() - (old.right - old.left)) + abs(new.height() - (old.bottom - old.top)) < 1e-6
            if same_size:  # a card that also grew needs its arrows drawn anew
                shift = (new.left() - old.left, new.top() - old.top)
        shifts[step_id] = shift
        return shift

    def _flows_near(self, rect: Rect | None) -> list[FlowItem]:
        return [] if rect is None else [flow for flow, _ in self._areas.query(rect)]

    def _reroute(self, flows: Iterable[FlowItem]) -> None:
        if self._pending is not None:
            self._pending.update(flows)
            return
        for flow in set(flows):
            flow.update_path()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Route each affected flow once at the end, however many cards move meanwhile (a drag of many)."""
        self.open_batch()
        try:
            yield
        finally:
            self.close_batch()

    def open_batch(self) -> None:
        """Gather re-routing until the matching close_batch (batches nest)."""
        self._depth += 1
        if self._pending is None:
            self._pending = set()

    def close_batch(self) -> None:
        """End a batch; the outermost routes each gathered flow once."""
        self._depth = max(0, self._depth - 1)
        if self._depth == 0 and self._pending is not None:
            pending, self._pending = self._pending, None
            drafts, self._pending_drafts = self._pending_drafts - pending, set()
            for flow in pending:
                if flow.scene() is not None:
                    flow.update_path()
            shifts: dict[str, tuple[float, float] | None] = {}
            for flow in drafts:
                if flow.scene() is not None:
                    self._set_draft(flow, shifts)

    def route(self, flow: FlowItem) -> Route:
        """The route of a flow between its cards as they are now; remembers the area it depends on."""
        self.routed += 1
        source = to_rect(flow.source.scene_card_rect())
        target = to_rect(flow.target.scene_card_rect())
        # Even a straight line, which goes past nothing, keeps its label clear of the cards in this area.
        self._areas.set(flow, search_area(source, target))
        if flow.style == FlowStyle.STRAIGHT:
            return straight_route(source, target)
        skip = (flow.source.step_id, flow.target.step_id)
        return elbow_route(
            source, target, lambda area: [rect for key, rect in self._cards.query(area) if key not in skip]
        )


def _alike(shift: tuple[float, float], other: tuple[float, float] | None) -> bool:
    """Whether two cards moved alike: the same pointer move, give or take the rounding of where each one was
    (zoomed far out, a pointer move is a long way in scene units, with digits that differ between cards)."""
    return other is not None and abs(shift[0] - other[0]) < 1e-6 and abs(shift[1] - other[1]) < 1e-6

"""Align and distribute selected cards: new places computed from old ones, to be applied as one undoable move.

Horizontal arrangement works on the scene's x, which is the same for every lane. Vertical arrangement works on
each card's offset from the top of its own lane: a card never changes lane (and so never changes kind) by being
aligned, and "align tops" across lanes lines the cards up in the same row of each lane.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from blueprint_editor.model.document import StepPlace
from blueprint_editor.model.geometry import CARD_WIDTH, LANE_PADDING


class Alignment(StrEnum):
    LEFT = "left"
    CENTRE = "centre"
    RIGHT = "right"
    TOP = "top"
    MIDDLE = "middle"
    BOTTOM = "bottom"

    @property
    def horizontal(self) -> bool:
        """Whether this alignment moves cards sideways (it lines up their left, centre or right)."""
        return self in (Alignment.LEFT, Alignment.CENTRE, Alignment.RIGHT)


class Distribution(StrEnum):
    HORIZONTAL = "horizontal"
    VERTICAL = "vertical"


# How many cards each operation needs to mean anything.
MIN_TO_ALIGN = 2
MIN_TO_DISTRIBUTE = 3


@dataclass(frozen=True)
class Card:
    """What arranging needs to know of a step: where it is and how tall its card is drawn."""

    step_id: str
    lane: str
    x: float
    y: float
    height: float

    @property
    def right(self) -> float:
        return self.x + CARD_WIDTH

    @property
    def bottom(self) -> float:
        return self.y + self.height


def align(
    cards: Sequence[Card], how: Alignment, lane_heights: Mapping[str, float] | None = None
) -> dict[str, StepPlace]:
    """Each card's place once lined up on the selection's left, centre, right, top, middle or bottom.

    Places are whole numbers. With ``lane_heights``, a card is kept inside its lane as far as the lane is tall
    enough, so that aligning with a card in a taller lane cannot push it out of its own.
    """
    if len(cards) < MIN_TO_ALIGN:
        return {}
    places: dict[str, StepPlace] = {}
    for card in cards:
        x, y = card.x, card.y
        if how is Alignment.LEFT:
            x = min(c.x for c in cards)
        elif how is Alignment.RIGHT:
            x = max(c.right for c in cards) - CARD_WIDTH
        elif how is Alignment.CENTRE:
            x = (min(c.x for c in cards) + max(c.right for c in cards) - CARD_WIDTH) / 2
        elif how is Alignment.TOP:
            y = min(c.y for c in cards)
        elif how is Alignment.BOTTOM:
            y = max(c.bottom for c in cards) - card.height
        else:
            y = (min(c.y for c in cards) + max(c.bottom for c in cards)) / 2 - card.height / 2
        if how.horizontal:
            places[card.step_id] = StepPlace(card.lane, round(x), card.y)
        else:
            places[card.step_id] = StepPlace(card.lane, card.x, _inside_lane(card, round(y), lane_heights))
    return places


def distribute(
    cards: Sequence[Card], how: Distribution, lane_heights: Mapping[str, float] | None = None
) -> dict[str, StepPlace]:
    """Each card's place once spread evenly between the first and the last (which stay where they are).

    Horizontally the cards are equal distances apart; vertically the gaps between them are equal, and where the
    cards are too tall for any gap, their tops are spread evenly instead.
    """
    if len(cards) < MIN_TO_DISTRIBUTE:
        return {}
    places: dict[str, StepPlace] = {}
    if how is Distribution.HORIZONTAL:
        order = sorted(cards, key=lambda c: (c.x, c.step_id))
        first, last = order[0].x, order[-1].x
        step = (last - first) / (len(order) - 1)
        for i, card in enumerate(order):
            places[card.step_id] = StepPlace(card.lane, round(first + i * step), card.y)
        return places
    order = sorted(cards, key=lambda c: (c.y, c.step_id))
    top, bottom = order[0].y, max(order[-1].bottom, order[0].bottom)
    gap = (bottom - top - sum(c.height for c in order)) / (len(order) - 1)
    if gap < 0:
        step = (order[-1].y - top) / (len(order) - 1)
        tops = [top + i * step for i in range(len(order))]
    else:
        tops = []
        y = top
        for card in order:
            tops.append(y)
            y += card.height + gap
    for card, y in zip(order, tops, strict=True):
        places[card.step_id] = StepPlace(card.lane, card.x, _inside_lane(card, round(y), lane_heights))
    return places


def _inside_lane(card: Card, y: float, lane_heights: Mapping[str, float] | None) -> float:
    if lane_heights is None or card.lane not in lane_heights:
        return y
    lowest = max(LANE_PADDING, lane_heights[card.lane] - card.height - LANE_PADDING)
    return min(max(y, LANE_PADDING), lowest)

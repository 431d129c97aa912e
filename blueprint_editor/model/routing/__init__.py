"""Orthogonal routing of flows between cards: which sides a flow leaves and enters, and a path around other cards.

Pure geometry without Qt, so that it can be tested on its own and used by any view. The caller gives the two
cards' rectangles and a way to find the other cards in an area (the canvas answers from a grid index), and gets
back the corner points of the path, from the edge of the source card to the edge of the target card.

A route depends on nothing but the two rectangles and the obstacles in :func:`search_area`, so a view that
re-routes a flow whenever a card enters or leaves that area always shows what a fresh drawing would show.

The parts, each importing only those above it:

- ``primitives``: points, rectangles, the sides of a card, a route;
- ``sides``: which sides a flow uses and where on them it starts and ends; the straight route;
- ``crossings``: how many cards a path runs through;
- ``search``: the elbow route, the cheapest path through the fewest cards;
- ``labels``: where a flow's label goes;
- ``grid_index``: rectangles by key, to find those meeting an area.

Everything other modules need is imported from here.
"""

from blueprint_editor.model.routing.crossings import CLEARANCE, OWN_CARD_WEIGHT, crossings
from blueprint_editor.model.routing.grid_index import GridIndex, Key
from blueprint_editor.model.routing.labels import LABEL_ESCAPE, LABEL_GAP, label_side, place_label, point_at_half_length
from blueprint_editor.model.routing.primitives import Point, Rect, Route, Side
from blueprint_editor.model.routing.search import (
    MAX_CHANNELS,
    REACH,
    Crossings,
    ObstacleQuery,
    elbow_route,
    search_area,
)
from blueprint_editor.model.routing.sides import (
    CORNER,
    MIN_GAP,
    STUB,
    SidePairs,
    anchor,
    choose_sides,
    facing_sides,
    straight_route,
)

__all__ = [
    "CLEARANCE",
    "CORNER",
    "LABEL_ESCAPE",
    "LABEL_GAP",
    "MAX_CHANNELS",
    "MIN_GAP",
    "OWN_CARD_WEIGHT",
    "REACH",
    "STUB",
    "Crossings",
    "GridIndex",
    "Key",
    "ObstacleQuery",
    "Point",
    "Rect",
    "Route",
    "Side",
    "SidePairs",
    "anchor",
    "choose_sides",
    "crossings",
    "elbow_route",
    "facing_sides",
    "label_side",
    "place_label",
    "point_at_half_length",
    "search_area",
    "straight_route",
]

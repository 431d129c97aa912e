"""Finding steps and flows by id in constant time, without trusting a cache that the lists may have outgrown.

A scan of the list for every lookup makes each edit of a large blueprint cost time in proportion to its size
(a move of 50 steps of 5,000 looked through 250,000 steps). An :class:`IdIndex` remembers where each id was;
every answer is checked against the list itself (the item at the remembered place must have the id asked for),
and when the check fails (the list changed shape) the positions are taken afresh. So lookups cost O(1) between
changes of a list's shape, and an answer is never stale, whoever changed the list and however.

The indexes are kept here, keyed by the list's identity, rather than on the pydantic models, so that the models'
equality, copies and serialisation stay exactly what their fields make them. Since every answer is checked, an
index that meets another list (Python reuses the identity of a list that is gone) only costs one rebuild.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Generic, Protocol, TypeVar


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


ItemT = TypeVar("ItemT", bound=_HasId)

# Enough for the step and flow lists of every scenario a session has open, with room for copies.
MAX_INDEXES = 64


class IdIndex(Generic[ItemT]):
    """Where each id sits in one list (of steps, say); see the module's docstring."""

    def __init__(self) -> None:
        self._positions: dict[str, int] = {}

    def position(self, items: Sequence[ItemT], item_id: str) -> int | None:
        """The index of the item with this id in ``items`` (the first, should an id be repeated), or None."""
        at = self._positions.get(item_id)
        if at is not None and at < len(items) and items[at].id == item_id:
            return at
        positions: dict[str, int] = {}
        for index, item in enumerate(items):
            positions.setdefault(item.id, index)
        self._positions = positions
        return positions.get(item_id)

    def find(self, items: Sequence[ItemT], item_id: str) -> ItemT | None:
        """The item with this id in ``items``, or None."""
        at = self.position(items, item_id)
        return None if at is None else items[at]


_indexes: OrderedDict[int, IdIndex[_HasId]] = OrderedDict()


def _index_for(items: Sequence[_HasId]) -> IdIndex[_HasId]:
    key = id(items)
    index = _indexes.get(key)
    if index is None:
        index = _indexes[key] = IdIndex()
        if len(_indexes) > MAX_INDEXES:
            _indexes.popitem(last=False)
    else:
        _indexes.move_to_end(key)
    return index


def find_by_id(items: Sequence[ItemT], item_id: str) -> ItemT | None:
    """The item of ``items`` with this id, or None: a scan's answer at the cost of a dictionary lookup."""
    at = _index_for(items).position(items, item_id)
    return None if at is None else items[at]


def position_by_id(items: Sequence[_HasId], item_id: str) -> int | None:
    """The index in ``items`` of the item with this id, or None."""
    return _index_for(items).position(items, item_id)

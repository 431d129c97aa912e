"""A grid index of rectangles by key: the cards (or search areas) that meet an area, without looking at them all."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterator
from typing import Generic, TypeVar

from blueprint_editor.model.routing.primitives import Rect

Key = TypeVar("Key", bound=Hashable)


class GridIndex(Generic[Key]):
    """Rectangles by key in a uniform grid, to find those meeting an area without looking at all of them.

    A rectangle that spans very many cells is kept in a list of its own and checked on every query instead, so
    a flow across the whole blueprint costs one test, not thousands of cells.
    """

    MAX_CELLS = 256

    def __init__(self, cell: float = 384.0) -> None:
        self._cell = cell
        self._rects: dict[Key, Rect] = {}
        # Each cell maps the keys in it to their rectangles, so a query merges cells and tests them in one go.
        self._cells: dict[tuple[int, int], dict[Key, Rect]] = {}
        self._large: dict[Key, Rect] = {}

    def __len__(self) -> int:
        return len(self._rects)

    def __contains__(self, key: object) -> bool:
        return key in self._rects

    def get(self, key: Key) -> Rect | None:
        return self._rects.get(key)

    def clear(self) -> None:
        self._rects.clear()
        self._cells.clear()
        self._large.clear()

    def _cell_range(self, rect: Rect) -> tuple[range, range] | None:
        c = self._cell
        left, top, right, bottom = rect
        first_column, first_row = math.floor(left / c), math.floor(top / c)
        last_column, last_row = math.floor(right / c), math.floor(bottom / c)
        if (last_column - first_column + 1) * (last_row - first_row + 1) > self.MAX_CELLS:
            return None
        return range(first_column, last_column + 1), range(first_row, last_row + 1)

    def set(self, key: Key, rect: Rect) -> None:
        """Put ``key`` at ``rect``, replacing where it was."""
        old = self._rects.get(key)
        if old is not None:
            if old == rect:
                return
            self.discard(key)
        self._rects[key] = rect
        cells = self._cell_range(rect)
        if cells is None:
            self._large[key] = rect
            return
        grid = self._cells
        rows = cells[1]
        for i in cells[0]:
            for j in rows:
                cell = (i, j)
                bucket = grid.get(cell)
                if bucket is None:
                    grid[cell] = {key: rect}
                else:
                    bucket[key] = rect

    def discard(self, key: Key) -> None:
        rect = self._rects.pop(key, None)
        if rect is None:
            return
        if self._large.pop(key, None) is not None:
            return
        cells = self._cell_range(rect)
        assert cells is not None
        for i in cells[0]:
            for j in cells[1]:
                bucket = self._cells.get((i, j))
                if bucket is not None:
                    bucket.pop(key, None)
                    if not bucket:
                        del self._cells[(i, j)]

    def query(self, area: Rect) -> list[tuple[Key, Rect]]:
        """The keys and rectangles that meet ``area`` (edges included)."""
        cells = self._cell_range(area)
        near: dict[Key, Rect]
        if cells is None or len(cells[0]) * len(cells[1]) > len(self._cells):
            near = self._rects
        else:
            near = dict(self._large)
            grid = self._cells
            rows = cells[1]
            for i in cells[0]:
                for j in rows:
                    bucket = grid.get((i, j))
                    if bucket:
                        near.update(bucket)
        left, top, right, bottom = area
        return [
            (key, rect)
            for key, rect in near.items()
            if rect[0] <= right and rect[2] >= left and rect[1] <= bottom and rect[3] >= top
        ]

    def items(self) -> Iterator[tuple[Key, Rect]]:
        return iter(self._rects.items())

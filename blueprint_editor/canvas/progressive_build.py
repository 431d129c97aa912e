"""Building the cards and arrows of a large scenario a slice at a time, so that its window is usable at once.

Making a card or an arrow costs a few hundred microseconds of Python (text layout, routing), so the items of a
blueprint of thousands of steps take seconds to make. So the cards are made nearest first: from the middle of what
the window shows (a file opens at its first phases, see BlueprintView.show_beginning; a rebuild of the scenario
shown keeps the view where it is), the part in view at once, then the rest in slices of a few milliseconds
between the events of the window. The user can look, scroll and edit meanwhile, lanes and phases too (see
``restructured``); what is not made yet appears within moments. An arrow is made as soon as both of its cards are.

Only interactive scenes of more than ``THRESHOLD`` steps are built this way; exports and smaller scenes are built
whole, as before. Every card is made from the model as it is when its turn comes, so edits made meanwhile (to
cards not made yet, or arrows between them) are not lost.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from blueprint_editor.model import Flow, Scenario, Step

THRESHOLD = 1_500  # steps
FIRST_SLICE_S = 0.12  # made before the window first shows: the first phases and then some
SLICE_S = 0.012  # made per turn of the event loop afterwards: well inside a frame


class ProgressiveBuild(QObject):
    """Makes the items of one build of a scene; a new build (a rebuild) cancels the one in progress."""

    finished = Signal()  # every card and arrow of the build is made

    def __init__(
        self,
        parent: QObject,
        scenario: Callable[[], Scenario],
        add_flow: Callable[[Flow], None],
        built: Callable[[str], bool],
    ) -> None:
        super().__init__(parent)
        self._scenario = scenario
        self._add_step: Callable[[Step], None] = lambda step: None
        self._add_flow = add_flow
        self._built = built
        self._queue: deque[Step] = deque()
        self._waiting: dict[str, list[Flow]] = {}  # step id -> flows that wait for its card
        self._missing: dict[int, int] = {}  # id() of a flow -> how many of its cards are still to be made
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._next_slice)

    @property
    def busy(self) -> bool:
        """Whether cards are still to be made."""
        return bool(self._queue)

    def cancel(self) -> None:
        self._timer.stop()
        self._queue.clear()
        self._waiting.clear()
        self._missing.clear()

    def build(
        self, steps: list[Step], flows: list[Flow], add_step: Callable[[Step], None], focus: float | None = None
    ) -> bool:
        """Make the cards of ``steps`` (with ``add_step``) and the arrows of ``flows``, the nearest to ``focus``
        (a scene x; the left edge when None) first; False (and nothing made) when they are few enough for the
        caller to make at once."""
        self.cancel()
        if len(steps) <= THRESHOLD:
            return False
        self._add_step = add_step
        if focus is None:
            self._queue = deque(sorted(steps, key=lambda step: step.x))
        else:
            self._queue = deque(sorted(steps, key=lambda step: abs(step.x - focus)))
        for flow in flows:
            self.defer(flow)
        self._work(FIRST_SLICE_S)
        return True

    def restructured(self) -> set[str]:
        """The scenario's lanes or phases were edited, which gives every step and flow a new model object: take
        the cards still to be made from the model as it is now (those it no longer has are dropped), and forget
        the arrows waiting for them, which the caller defers again. Returns the ids of the cards still to be made."""
        if not self._queue:
            return set()
        scenario = self._scenario()
        self._queue = deque(now for step in self._queue if (now := scenario.step(step.id)) is not None)
        self._waiting.clear()
        self._missing.clear()
        return {step.id for step in self._queue}

    def defer(self, flow: Flow) -> None:
        """Make ``flow``'s arrow once both its cards are made (nothing to do when no build is in progress)."""
        if not self._queue:
            return
        ends = [end for end in dict.fromkeys((flow.source, flow.target)) if not self._built(end)]
        if not ends:
            self._add_flow(flow)
            return
        self._missing[id(flow)] = len(ends)
        for end in ends:
            self._waiting.setdefault(end, []).append(flow)

    def _next_slice(self) -> None:
        self._work(SLICE_S)

    def _work(self, budget: float) -> None:
        scenario = self._scenario()
        deadline = time.perf_counter() + budget
        ready: list[Flow] = []
        while self._queue and time.perf_counter() < deadline:
            step = self._queue.popleft()
            # Removed or replaced meanwhile, or already made (an undo brought it back): nothing to make.
            if scenario.step(step.id) is not step or self._built(step.id):
                continue
            self._add_step(step)
            for flow in self._waiting.pop(step.id, ()):
                left = self._missing.get(id(flow), 0) - 1
                self._missing[id(flow)] = left
                if left == 0:
                    ready.append(flow)
        # The slice's arrows after its cards: an arrow is routed around the cards there are, and re-routed when a
        # card is made near it, so arrows made last are routed once.
        for flow in ready:
            if scenario.flow(flow.id) is flow:
                self._add_flow(flow)
        if self._queue:
            self._timer.start()
        else:
            self._waiting.clear()
            self._missing.clear()
            self.finished.emit()

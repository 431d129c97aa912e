"""Commands: each one does, undoes and redoes; undoing everything returns the original document."""

from __future__ import annotations

import pytest

from blueprint_editor.editing import DocumentController
from blueprint_editor.io import dumps_document
from blueprint_editor.model import Document, StepPlace


@pytest.fixture
def controller(example_document: Document) -> DocumentController:
    return DocumentController(example_document)


def _step(controller: DocumentController, step_id: str):
    return controller.step("main", step_id)


def test_add_step_undo_redo(controller: DocumentController) -> None:
    before = dumps_document(controller.document)
    count = len(controller.scenario("main").steps)
    step_id = controller.add_step("main", "frontstage", 100, 40, "Greet the guest")
    assert _step(controller, step_id).label == "Greet the guest"
    assert len(controller.scenario("main").steps) == count + 1
    controller.undo_stack.undo()
    assert controller.scenario("main").step(step_id) is None
    assert dumps_document(controller.document) == before
    controller.undo_stack.redo()
    assert _step(controller, step_id).lane == "frontstage"


def test_move_across_lanes_is_one_undo_step(controller: DocumentController) -> None:
    start = _step(controller, "c2")
    original = StepPlace(start.lane, start.x, start.y)
    controller.move_steps("main", {"c2": StepPlace("frontstage", 250, 30), "c3": StepPlace("backstage", 600, 50)})
    assert controller.undo_stack.count() == 1
    assert controller.undo_stack.undoText() == "Move 2 steps"
    assert (_step(controller, "c2").lane, _step(controller, "c3").lane) == ("frontstage", "backstage")
    controller.undo_stack.undo()
    moved_back = _step(controller, "c2")
    assert StepPlace(moved_back.lane, moved_back.x, moved_back.y) == original
    assert _step(controller, "c3").lane == "customer"


def test_move_names_the_new_lane(controller: DocumentController) -> None:
    step = _step(controller, "c1")
    controller.move_steps("main", {"c1": StepPlace("frontstage", step.x, step.y)})
    assert controller.undo_stack.undoText() == "Move step to Frontstage actions"


def test_a_move_to_the_same_place_adds_no_undo_step(controller: DocumentController) -> None:
    step = _step(controller, "c1")
    controller.move_steps("main", {"c1": StepPlace(step.lane, step.x, step.y)})
    assert controller.undo_stack.count() == 0


def test_edit_label(controller: DocumentController) -> None:
    old = _step(controller, "c1").label
    controller.set_step_label("main", "c1", "<img src=x> & <b>")
    assert _step(controller, "c1").label == "<img src=x> & <b>"
    controller.undo_stack.undo()
    assert _step(controller, "c1").label == old
    controller.undo_stack.redo()
    assert _step(controller, "c1").label == "<img src=x> & <b>"


def test_connect_refuses_self_loops_and_repeats(controller: DocumentController) -> None:
    flow_id = controller.connect_steps("main", "c1", "b1")
    assert flow_id is not None
    assert controller.scenario("main").flow(flow_id).target == "b1"
    assert controller.connect_steps("main", "c1", "b1") is None
    assert controller.connect_steps("main", "c1", "c1") is None
    assert controller.connect_steps("main", "c1", "missing") is None
    assert controller.undo_stack.count() == 1
    controller.undo_stack.undo()
    assert controller.scenario("main").flow(flow_id) is None


def test_delete_step_takes_its_flows_and_undo_restores_order(controller: DocumentController) -> None:
    before = dumps_document(controller.document)
    scenario = controller.scenario("main")
    touching = {f.id for f in scenario.flows_touching({"c2"})}
    assert touching, "the example's c2 has flows"
    controller.delete_items("main", {"c2"}, set())
    assert scenario.step("c2") is None
    assert not any(scenario.flow(f) for f in touching)
    assert controller.undo_stack.count() == 1
    controller.undo_stack.undo()
    assert dumps_document(controller.document) == before


def test_delete_a_flow_alone(controller: DocumentController) -> None:
    flow_id = controller.scenario("main").flows[0].id
    controller.delete_items("main", set(), {flow_id})
    assert controller.scenario("main").flow(flow_id) is None
    assert controller.undo_stack.undoText() == "Delete flow"


def test_undo_all_returns_the_original_byte_for_byte(controller: DocumentController) -> None:
    original = dumps_document(controller.document)
    new_id = controller.add_step("main", "support", 40, 40, "Print invoice")
    controller.set_step_label("main", new_id, "Print the invoice")
    controller.move_steps("main", {new_id: StepPlace("backstage", 300, 60), "c1": StepPlace("evidence", 10, 20)})
    controller.connect_steps("main", new_id, "c1")
    controller.delete_items("main", {"c5", "f2"}, set())
    edited = dumps_document(controller.document)
    assert edited != original
    while controller.undo_stack.canUndo():
        controller.undo_stack.undo()
    assert dumps_document(controller.document) == original
    while controller.undo_stack.canRedo():
        controller.undo_stack.redo()
    assert dumps_document(controller.document) == edited


def test_signals_announce_only_real_changes(controller: DocumentController) -> None:
    changed: list[str] = []
    controller.step_changed.connect(lambda _scenario, step_id: changed.append(step_id))
    controller.apply_step_fields("main", "c1", label=_step(controller, "c1").label)
    assert changed == []
    controller.set_step_label("main", "c1", "Something else")
    assert changed == ["c1"]


def test_abandoning_a_new_empty_step_leaves_no_trace(controller: DocumentController) -> None:
    before = dumps_document(controller.document)
    step_id = controller.add_step("main", "customer", 0, 40)
    assert controller.abandon_new_step("main", step_id)
    assert dumps_document(controller.document) == before
    assert controller.undo_stack.count() == 0


def test_a_step_with_text_or_older_history_is_not_abandoned(controller: DocumentController) -> None:
    step_id = controller.add_step("main", "customer", 0, 40, "Has text")
    assert not controller.abandon_new_step("main", step_id)
    empty = controller.add_step("main", "customer", 300, 40)
    controller.set_step_label("main", "c1", "Another edit since")
    assert not controller.abandon_new_step("main", empty)
    assert controller.scenario("main").step(empty) is not None


def test_a_value_the_model_cannot_hold_is_refused_before_it_reaches_the_stack(controller: DocumentController) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        controller.set_step_label("main", "c1", "x" * 2001)
    with pytest.raises(ValidationError):
        controller.set_step_fields("main", "c1", owner="x" * 2001)
    assert controller.undo_stack.count() == 0, "no dead entry left behind"


def test_typing_back_to_the_start_leaves_nothing_to_undo(controller: DocumentController) -> None:
    controller.set_step_fields("main", "c1", merge=True, owner="x")
    controller.set_step_fields("main", "c1", merge=True, owner="")
    assert controller.undo_stack.count() == 0


def test_deleting_ids_that_do_not_exist_adds_no_undo_step(controller: DocumentController) -> None:
    controller.delete_items("main", {"nope"}, {"nothing"})
    assert controller.undo_stack.count() == 0


def test_freeing_controllers_with_history_does_not_crash() -> None:
    """Commands used to hold their controller strongly: the collector freed the cycle in an order PySide6 6.11
    does not survive. Run in a child process, so that a crash fails this test only."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        """
        import gc
        from blueprint_editor.editing import DocumentController
        from blueprint_editor.model.document import blank_document
        for _ in range(50):
            c = DocumentController(blank_document())
            c.add_step("main", "customer", 0, 40, "a")
            c.add_step("main", "customer", 300, 40, "b")
            del c
        gc.collect()
        print("survived")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "survived" in result.stdout, result.stderr[-2000:]

"""Templates: blueprints to start from, shipped as JSON files under resources/, opened as untitled documents."""

from __future__ import annotations

from dataclasses import dataclass

from blueprint_editor.io.json_io import load_document
from blueprint_editor.model import Document
from blueprint_editor.model.document import blank_document
from blueprint_editor.resources import resource_path


@dataclass(frozen=True)
class Template:
    """A named starting point; ``resource`` is None for the blank one."""

    name: str
    resource: tuple[str, ...] | None
    description: str


TEMPLATES: tuple[Template, ...] = (
    Template("Blank", None, "The five lanes and three lines, four empty phases"),
    Template(
        "Customer onboarding",
        ("templates", "onboarding.json"),
        "Provider and customer resources meeting across the line of interaction",
    ),
    Template("Hotel stay", ("examples", "hotel-stay.json"), "An overnight stay, from booking to review"),
    Template("Clinic visit", ("templates", "clinic-visit.json"), "A routine appointment, with its waits"),
    Template("Online order", ("templates", "online-order.json"), "Browse, pay, deliver, return"),
)


def open_template(template: Template) -> Document:
    """A fresh copy of the template's document; raises BlueprintFileError if its file is broken."""
    if template.resource is None:
        return blank_document()
    return load_document(resource_path(*template.resource))

"""The blueprint drawn as a QGraphicsScene: a view of one scenario of the model."""

from blueprint_editor.canvas.scene import BlueprintScene
from blueprint_editor.canvas.view import BlueprintView

__all__ = ["BlueprintScene", "BlueprintView"]

"""The parts of an item's page that other parts of this phase fill (its sources, its
progress and evidence, the public's comments): each registers a panel here, so the item
page (views/item.py) renders them in order without importing every part.

A panel is a template and a function `context(item, access, request)` returning its
context, or None to leave the panel out for this reader.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ItemPanel:
    order: int
    template: str
    context: Callable


_panels: list[ItemPanel] = []


def register_item_panel(template: str, *, order: int = 100):
    def decorator(func: Callable) -> Callable:
        _panels.append(ItemPanel(order, template, func))
        _panels.sort(key=lambda panel: panel.order)
        return func

    return decorator


def item_panels(item, access, request) -> list[tuple[str, dict]]:
    """(template, context) of every panel this reader sees, in order."""
    found = []
    for panel in _panels:
        context = panel.context(item, access, request)
        if context is not None:
            found.append((panel.template, context))
    return found

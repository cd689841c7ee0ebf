"""An image a template shows (`{{ map }}`): drawn when the document is rendered, hashed by what it
is drawn from. coopdocs.documents.render turns it into docxtpl's InlineImage of that document."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Picture:
    key: str  # what the image is drawn from: a new key rebuilds the document
    draw: Callable[[], bytes] = field(compare=False)  # PNG bytes; picklable (the renderers run in processes)
    width_mm: float = 150

    def __str__(self) -> str:
        return f"picture:{self.width_mm}:{self.key}"

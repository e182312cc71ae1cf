"""The figure every plot of the course returns."""

from __future__ import annotations

import io

from matplotlib.figure import Figure


class CourseFigure(Figure):
    """A matplotlib Figure that Jupyter shows as a PNG, even without pyplot."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png")
        return buffer.getvalue()

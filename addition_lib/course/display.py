"""Show library code inside a notebook, so a lesson never keeps a second copy."""

from __future__ import annotations

import inspect


def show_source(obj):
    """Display the source code of a library function or class as a highlighted code block.

    In a notebook the last expression of a cell is shown, so ``show_source(to_string)``
    renders the function as Markdown; outside IPython the source text is returned.
    """
    if not (inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismethod(obj)):
        raise TypeError(f"obj must be a function or class, got {obj!r}")
    source = inspect.getsource(obj)
    try:
        from IPython.display import Markdown
    except ImportError:  # pragma: no cover - IPython ships with the course
        return source
    return Markdown(f"```python\n{source}```")

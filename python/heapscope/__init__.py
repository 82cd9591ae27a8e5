"""heapscope: see what a Python program does to memory, step by step.

    import heapscope
    t = heapscope.trace("a = [1, 2]\\nb = a\\nb.append(3)\\n")
    t.step(3)["frames"][0]["variables"]     # {'a': '[1, 2, 3]', 'b': '[1, 2, 3]'}
    t.render(3, "svg")                      # the picture of step 3
    t.to_html()                             # the whole run, one offline page
    t.memory()["peak"]                      # where the heap was largest

In Jupyter: ``%load_ext heapscope``, then a cell starting with ``%%heapscope``.

The program always runs in a separate worker process (by default this interpreter,
``sys.executable``, so it imports what this environment has), never in the caller's: a
crash or an endless loop ends the trace with a final step that says so.
"""

import os
import sys

from heapscope._native import SUPPORTED_PYTHONS, Trace, __version__
from heapscope._native import load as _load
from heapscope._native import trace as _trace

__all__ = ["trace", "load", "Trace", "SUPPORTED_PYTHONS", "__version__"]

# The folder that holds this package: a worker Python of the same version that does not
# have heapscope installed imports it from here (and only heapscope: the folder leaves its
# sys.path again before the program starts).
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _looks_like_path(text):
    return "\n" not in text and text.endswith(".py") and os.path.isfile(text)


def trace(source_or_path, *, python=None, stdin="", max_steps=1_000_000, timeout=10.0,
          max_memory=2048, max_trace=1024, max_items=100, sandbox="standard", filename=None):
    """Runs a program under heapscope and returns its :class:`Trace`.

    ``source_or_path`` is the program's text, or the path of a ``.py`` file (which then
    runs in its own folder, beside its own modules). Limits are as on the command line:
    ``max_steps``, ``timeout`` (seconds), ``max_memory`` and ``max_trace`` (MB),
    ``max_items`` per container, ``stdin`` (the answers to ``input()``), ``sandbox``
    (``"standard"``, ``"strict"`` or ``"off"``). ``python`` names another interpreter to
    trace with (it needs heapscope for its version, or the same version as this one).
    """
    if isinstance(source_or_path, os.PathLike):
        source_or_path = os.fspath(source_or_path)
    if not isinstance(source_or_path, str):
        raise TypeError("trace() takes a program's text or a path to a .py file")
    if _looks_like_path(source_or_path):
        path = os.path.abspath(source_or_path)
        with open(path, encoding="utf-8") as f:
            source = f.read()
        shown = filename or source_or_path
        folder = os.path.dirname(path)
    else:
        source = source_or_path
        shown = filename or "<program>.py"
        folder = os.getcwd()
    return _trace(source, shown, folder, sys.executable, _PACKAGE_DIR,
                  python=None if python is None else os.fspath(python), stdin=stdin,
                  max_steps=max_steps, timeout=timeout, max_memory=max_memory,
                  max_trace=max_trace, max_items=max_items, sandbox=sandbox)


def load(path):
    """Reads a trace recorded by ``heapscope trace prog.py -o prog.hstrace`` or ``Trace.save``."""
    return _load(os.fspath(path))


def load_ipython_extension(ipython):
    """``%load_ext heapscope``: adds the ``%%heapscope`` cell magic."""
    from heapscope._notebook import register

    register(ipython)

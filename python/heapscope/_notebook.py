"""Jupyter: the ``%%heapscope`` cell magic and the stepper in a cell's output.

The cell's code is traced in a worker process (this kernel's interpreter, so it imports
what the kernel can), never in the kernel itself: an endless loop or a crash in the cell
ends its trace at a limit, and the kernel goes on. The stepper is heapscope's offline HTML
page inside an ``<iframe sandbox="allow-scripts" srcdoc=...>``: it needs no network and no
server, works in JupyterLab, Notebook 7 and VS Code, and its script runs in an origin of its
own, so it cannot read or change the notebook's page.
"""

import argparse
import html
import shlex

#: The frame's height in pixels; the reader can drag its corner to resize it.
DEFAULT_HEIGHT = 720


def stepper_iframe(page, height=DEFAULT_HEIGHT):
    """One exported heapscope page as an isolated frame for a notebook's output."""
    # In a <div>: IPython warns about HTML that starts with an <iframe>.
    return (
        '<div class="heapscope-output">'
        '<iframe class="heapscope-stepper" title="heapscope: step through the program\'s memory" '
        'sandbox="allow-scripts" '
        f'style="width: 100%; height: {int(height)}px; border: 1px solid #d0d7de; '
        'border-radius: 6px; resize: vertical; overflow: auto;" '
        f'srcdoc="{html.escape(page, quote=True)}"></iframe></div>'
    )


def _parser():
    p = argparse.ArgumentParser(prog="%%heapscope", add_help=True,
                                description="Trace this cell and step through its memory.")
    p.add_argument("--heap-primitives", action="store_true",
                   help="draw every object on the heap, ints and strs too")
    p.add_argument("--show-exited", action="store_true", help="keep returned frames in view, faded")
    p.add_argument("--dark", action="store_true", help="dark colours")
    p.add_argument("--refs", action="store_true", help="write each object's reference count")
    p.add_argument("--sizes", action="store_true", help="write each object's size and deep size")
    p.add_argument("--max-steps", type=int, default=100_000, help="stop after this many steps")
    p.add_argument("--timeout", type=float, default=10.0, help="stop after this many seconds")
    p.add_argument("--max-memory", type=int, default=2048, help="memory the cell may use, in MB")
    p.add_argument("--stdin", default="", help="the answers to input(), separated by \\n")
    p.add_argument("--sandbox", default="standard", choices=["strict", "standard", "off"])
    p.add_argument("--python", default=None, help="trace with this Python interpreter")
    p.add_argument("--height", type=int, default=DEFAULT_HEIGHT, help="the stepper's height in pixels")
    p.add_argument("--as", dest="name", default=None, metavar="NAME",
                   help="also keep the trace in the notebook's variable NAME")
    return p


def run_cell(line, cell, user_ns=None):
    """Traces ``cell`` with the flags in ``line``; returns the HTML to show."""
    import heapscope

    try:
        args = _parser().parse_args(shlex.split(line))
    except SystemExit:
        # argparse has printed the usage or the error; the cell shows nothing more.
        return None
    t = heapscope.trace(cell, filename="cell.py", python=args.python,
                        stdin=args.stdin.replace("\\n", "\n"), max_steps=args.max_steps,
                        timeout=args.timeout, max_memory=args.max_memory, sandbox=args.sandbox)
    if args.name and user_ns is not None:
        user_ns[args.name] = t
    page = t.to_html(heap_primitives=args.heap_primitives, show_exited=args.show_exited,
                     dark=args.dark, refs=args.refs, sizes=args.sizes)
    return stepper_iframe(page, args.height)


def register(ipython):
    """Adds ``%%heapscope`` to an IPython shell."""
    from IPython.display import HTML, display

    def heapscope_magic(line, cell):
        shown = run_cell(line, cell, ipython.user_ns)
        if shown is not None:
            display(HTML(shown))

    heapscope_magic.__doc__ = _parser().format_help()
    ipython.register_magic_function(heapscope_magic, magic_kind="cell", magic_name="heapscope")

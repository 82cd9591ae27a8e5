"""The notebook: a real Jupyter kernel runs a notebook (nbclient), with ``%load_ext
heapscope`` and ``%%heapscope`` cells; the stepper is in the output, an endless loop ends at
its limit and the kernel runs the next cell."""

import html
import re

import pytest

from conftest import require


def execute(cells, timeout=120):
    nbformat = require("nbformat", "the notebook tests")
    nbclient = require("nbclient", "the notebook tests")
    require("ipykernel", "the notebook tests")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nbclient.NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False).execute()
    return nb


def html_of(cell):
    shown = [o["data"]["text/html"] for o in cell.outputs if o.get("output_type") == "display_data"]
    assert shown, f"no HTML output in {cell.outputs}"
    return shown[-1]


def page_in(frame):
    """The exported page inside the iframe's srcdoc."""
    m = re.search(r'srcdoc="([^"]*)"', frame)
    assert m, frame[:300]
    return html.unescape(m.group(1))


def test_a_cell_is_traced_and_stepped_inline_and_the_kernel_survives_a_loop():
    nb = execute([
        "%load_ext heapscope",
        "%%heapscope --heap-primitives --as t\n"
        "def f(xs):\n"
        "    xs.append(1)\n"
        "a = []\n"
        "f(a)\n",
        "print(len(t), t.outcome, t.step(len(t))['frames'][0]['variables']['a'])",
        "%%heapscope\nwhile True:\n    pass\n",
        "print('the kernel is still alive')",
    ])
    frame = html_of(nb.cells[1])
    assert frame.startswith('<div class="heapscope-output"><iframe class="heapscope-stepper"')
    # No warning from IPython (or anything else) in the cell's output.
    assert not [o for o in nb.cells[1].outputs if o.get("output_type") == "stream"], nb.cells[1].outputs
    assert 'sandbox="allow-scripts"' in frame and "allow-same-origin" not in frame
    page = page_in(frame)
    assert "xs.append(1)" in page
    # The page is whole and offline: its script is inline, nothing is fetched.
    assert "<script" in page and "src=\"http" not in page
    text = "".join(o.get("text", "") for o in nb.cells[2].outputs)
    assert "the program finished [1]" in text, text
    looped = page_in(html_of(nb.cells[3]))
    assert "step limit reached: the trace stops after 100000 steps" in looped
    after = "".join(o.get("text", "") for o in nb.cells[4].outputs)
    assert after == "the kernel is still alive\n"


def test_a_trace_object_shows_itself_as_the_stepper():
    nb = execute([
        "import heapscope\nt = heapscope.trace('x = [1, 2]\\ny = x\\n')\nt",
    ])
    out = [o for o in nb.cells[0].outputs if o.get("output_type") == "execute_result"]
    assert out and "text/html" in out[0]["data"], nb.cells[0].outputs
    assert "y = x" in page_in(out[0]["data"]["text/html"])


def test_bad_magic_flags_say_so_and_run_nothing():
    nb = execute(["%load_ext heapscope", "%%heapscope --max-stepz 3\nx = 1\n"])
    err = "".join(o.get("text", "") for o in nb.cells[1].outputs)
    assert "unrecognized arguments: --max-stepz" in err, nb.cells[1].outputs

"""heapscope.trace() and the Trace object, as a script or a notebook uses them."""

import sys

import heapscope
import pytest

from conftest import LECTURE, require


def frame_vars(step, index=-1):
    return step["frames"][index]["variables"]


def test_a_program_text_is_traced_step_by_step():
    t = heapscope.trace("a = [1, 2]\nb = a\nb.append(3)\nc = 7\n")
    assert t.outcome == "the program finished"
    assert t.python_version.startswith("%d.%d." % sys.version_info[:2])
    # The step before the last line ran: a and b are one list of three.
    at_c = [s for s in t.steps() if s["line"] == 4][0]
    assert frame_vars(at_c) == {"a": "[1, 2, 3]", "b": "[1, 2, 3]"}
    ids = at_c["frames"][0]["ids"]
    assert ids["a"] == ids["b"], "a and b refer to one object"
    assert len(t) == t.steps()[-1]["step"]


def test_a_call_has_its_own_frame_and_the_output_is_kept():
    src = "def f(xs):\n    xs.append(1)\n    print('in f', len(xs))\na = []\nf(a)\n"
    t = heapscope.trace(src)
    inside = [s for s in t.steps() if len(s["frames"]) == 2 and s["line"] == 3][0]
    assert [f["name"] for f in inside["frames"]] == ["<module>", "f"]
    assert frame_vars(inside) == {"xs": "[1]"}
    assert inside["frames"][0]["ids"]["a"] == inside["frames"][1]["ids"]["xs"]
    assert t.output == "in f 1\n"
    assert t.step(len(t))["output"] == "in f 1\n"


def test_a_path_runs_in_its_own_folder(tmp_path):
    (tmp_path / "helper.py").write_text("def double(x):\n    return 2 * x\n")
    prog = tmp_path / "main.py"
    prog.write_text("import helper\nn = helper.double(21)\n")
    t = heapscope.trace(str(prog))
    assert frame_vars(t.step(len(t)))["n"] == "42"
    # The module beside it is the user's own: its frame is traced.
    assert any(f["name"] == "double" for s in t.steps() for f in s["frames"])


def test_a_package_installed_only_in_this_venv_is_imported_and_drawn():
    require("tinypkg", "the venv-package test (pip install tests/python/tinypkg)")
    t = heapscope.trace("import tinypkg\npts = tinypkg.make(3)\nfirst = pts[0]\n")
    assert t.outcome == "the program finished", t.output
    last = t.step(len(t))
    assert frame_vars(last)["pts"].startswith("[")
    text = t.render(len(t), "text")
    # An installed package's objects are drawn opaque (issue #13): type, module and
    # sizes, read without running any of the package's code; the three points are there.
    assert text.count("tinypkg.Point (module=tinypkg, own size=") == 3, text
    assert "deep size=" in text and "Point instance" not in text, text
    # Library code runs untraced: no frame of tinypkg.make ever shows.
    assert not any(f["name"] == "make" for s in t.steps() for f in s["frames"])


def test_numpy_from_this_venv_is_importable_and_its_arrays_are_objects():
    require("numpy", "the numpy import test")
    t = heapscope.trace("import numpy as np\na = np.arange(6)\nb = a\n")
    assert t.outcome == "the program finished", t.output
    last = t.step(len(t))
    assert last["frames"][0]["ids"]["a"] == last["frames"][0]["ids"]["b"]
    assert "ndarray" in t.render(len(t), "text")


def test_pictures_html_and_memory():
    t = heapscope.trace("xs = [i * i for i in range(2000)]\ndel xs\n")
    svg = t.render(2, "svg")
    assert svg.startswith("<svg") and "</svg>" in svg
    png = t.render(2, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    page = t.to_html(heap_primitives=True)
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert "xs = [i * i for i in range(2000)]" in page
    m = t.memory()
    assert len(m["heap_bytes"]) == len(t)
    assert m["peak"]["bytes"] > 16_000, m["peak"]  # 2,000 ints and their list
    assert m["peak"]["bytes"] == max(m["heap_bytes"])


def test_limits_end_the_run_with_a_step_that_says_so():
    t = heapscope.trace("import time\nwhile True:\n    time.sleep(0.05)\n", timeout=1.0)
    assert t.outcome.startswith("time limit reached"), t.outcome
    t = heapscope.trace("for i in range(10**6):\n    pass\n", max_steps=50)
    assert t.outcome.startswith("step limit reached"), t.outcome
    assert len(t) == 51


def test_a_crash_in_the_program_leaves_the_caller_alive():
    t = heapscope.trace("import ctypes\nctypes.string_at(0)\n", sandbox="off")
    assert "crashed" in t.outcome or "SIGSEGV" in t.outcome, t.outcome
    # Still here: the program ran in a worker process, not in this interpreter.
    assert heapscope.trace("x = 1\n").outcome == "the program finished"


def test_bad_arguments_are_clear_errors(tmp_path):
    t = heapscope.trace("x = 1\n")
    with pytest.raises(IndexError, match="step 99 does not exist: the trace has 2 steps"):
        t.step(99)
    with pytest.raises(ValueError, match='format must be "svg", "png" or "text"'):
        t.render(1, "gif")
    with pytest.raises(ValueError, match="unknown sandbox policy"):
        heapscope.trace("x = 1\n", sandbox="lax")
    with pytest.raises(ValueError, match="cannot read the trace"):
        bad = tmp_path / "bad.hstrace"
        bad.write_bytes(b"not a trace")
        heapscope.load(bad)


def test_a_trace_saved_and_loaded_is_the_same(tmp_path):
    t = heapscope.trace(str(LECTURE / "02_local_variables.py"))
    t.save(tmp_path / "t.hstrace")
    u = heapscope.load(tmp_path / "t.hstrace")
    assert len(u) == len(t)
    assert u.step(len(u)) == t.step(len(t))

"""The installed ``heapscope`` command: the same CLI as the cargo-built one, tracing with
this venv's Python."""

import sys

from conftest import LECTURE, require, run


def test_run_prints_the_lecture_step_with_this_python(heapscope_cmd):
    r = run([heapscope_cmd, "run", str(LECTURE / "06_value_vs_reference.py"), "--step", "12"])
    assert r.returncode == 0, r.stderr
    assert "Step 12 of 15, line 16" in r.stdout
    assert "  increment  (line 16, running)\n    number = 11  (rebound)" in r.stdout
    assert "15 steps: the program finished" in r.stdout


def test_every_subcommand_is_there(heapscope_cmd, tmp_path):
    prog = LECTURE / "02_local_variables.py"
    r = run([heapscope_cmd, "trace", str(prog), "-o", str(tmp_path / "t.hstrace")])
    assert r.returncode == 0, r.stderr
    r = run([heapscope_cmd, "run", str(tmp_path / "t.hstrace"), "--step", "1"])
    assert r.returncode == 0 and "Step 1 of" in r.stdout, r.stderr
    r = run([heapscope_cmd, "render", str(prog), "--last", "-o", str(tmp_path / "last.svg")])
    assert r.returncode == 0 and (tmp_path / "last.svg").read_text().startswith("<svg"), r.stderr
    r = run([heapscope_cmd, "export", str(prog), "-o", str(tmp_path / "p.html")])
    assert r.returncode == 0 and "<html" in (tmp_path / "p.html").read_text().lower(), r.stderr
    r = run([heapscope_cmd, "memory", str(prog)])
    assert r.returncode == 0 and "peak" in r.stdout, r.stderr
    r = run([heapscope_cmd, "leaks", str(prog)])
    assert r.returncode == 0, r.stderr
    r = run([heapscope_cmd, "compare", str(prog), str(prog)])
    assert r.returncode == 0, r.stderr
    r = run([heapscope_cmd, "trace", str(prog), "--format", "opt"])
    assert r.returncode == 0 and r.stdout.startswith("{"), r.stderr
    for sub in ["serve", "run", "trace"]:
        r = run([heapscope_cmd, sub, "--help"])
        assert r.returncode == 0 and "--python" in r.stdout, (sub, r.stderr)


def test_a_wrong_flag_or_file_is_a_clear_error(heapscope_cmd, tmp_path):
    r = run([heapscope_cmd, "run", "prog.py", "--max-stepz", "3"])
    assert r.returncode == 2 and "--max-stepz" in r.stderr
    r = run([heapscope_cmd, "run", str(tmp_path / "missing.py")])
    assert r.returncode == 2 and "missing.py" in r.stderr


def test_the_venv_package_is_seen_by_the_command(heapscope_cmd, tmp_path):
    require("tinypkg", "the venv-package test (pip install tests/python/tinypkg)")
    prog = tmp_path / "p.py"
    prog.write_text("import tinypkg\npts = tinypkg.make(2)\n")
    r = run([heapscope_cmd, "run", str(prog)])
    assert r.returncode == 0, r.stderr
    # The venv package's objects, drawn opaque with their module (issue #13).
    assert "tinypkg.Point (module=tinypkg, own size=" in r.stdout, r.stdout
    assert "the program finished" in r.stdout


def test_python_flag_checks_the_interpreter(heapscope_cmd, tmp_path, python_other_versions):
    prog = tmp_path / "p.py"
    prog.write_text("import sys\nv = sys.version_info[:2]\n")
    r = run([heapscope_cmd, "run", str(prog), "--python", "/no/such/python3"])
    assert r.returncode == 2 and "cannot run /no/such/python3" in r.stderr, r.stderr
    if "3.9" in python_other_versions:
        r = run([heapscope_cmd, "run", str(prog), "--python", python_other_versions["3.9"]])
        assert r.returncode == 2, r.stderr
        assert "is CPython 3.9; heapscope traces CPython 3.10, 3.11, 3.12, 3.13" in r.stderr
    # Another venv of this same version, without heapscope: heapscope's own package
    # folder serves it, and the program sees that venv's environment (not this one's).
    import venv

    other = tmp_path / "other-venv"
    venv.EnvBuilder(with_pip=False).create(other)
    r = run([heapscope_cmd, "run", str(prog), "--python", str(other / "bin" / "python")])
    assert r.returncode == 0, r.stderr
    assert f"#2 tuple ({sys.version_info[0]}, {sys.version_info[1]})" in r.stdout, r.stdout
    prog.write_text(f"import sys\nin_other = sys.prefix == {str(other)!r}\ntry:\n    import heapscope\nexcept ImportError:\n    seen = False\nelse:\n    seen = True\n")
    r = run([heapscope_cmd, "run", str(prog), "--python", str(other / "bin" / "python")])
    assert r.returncode == 0, r.stderr
    assert "in_other = True" in r.stdout, r.stdout
    assert "seen = False" in r.stdout, "heapscope's own folder must not stay on the program's path"

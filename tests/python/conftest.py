"""The Python package's tests: run against an installed heapscope (a wheel in a venv; see
scripts/test), never against the source tree."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LECTURE = ROOT / "examples" / "lecture"


def require(module, why):
    """Imports ``module`` or skips saying why; under CI (``CI`` set) a missing one fails."""
    try:
        return __import__(module)
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail(f"{module} is not installed in {sys.prefix}, and CI must run {why}")
        pytest.skip(f"{module} is not installed in {sys.prefix}: {why} not run")


@pytest.fixture
def heapscope_cmd():
    """The installed ``heapscope`` command of this venv."""
    exe = Path(sys.executable).parent / "heapscope"
    assert exe.exists(), f"no heapscope command beside {sys.executable}: is the wheel installed?"
    return str(exe)


def run(cmd, cwd=None, timeout=120):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "NO_COLOR": "1"})


@pytest.fixture
def python_other_versions():
    """pyenv's other supported CPythons, by version."""
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found = {}
    for v in ("3.10", "3.11", "3.12", "3.13", "3.9"):
        for cand in sorted(root.glob(f"{v}.*/bin/python{v}")):
            found[v] = str(cand)
    return found


__all__ = ["ROOT", "LECTURE", "require", "run", "shutil"]

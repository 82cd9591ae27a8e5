"""Makes `corpus/algo_*.py` from the `algorithms` package's sdist (PyPI, MIT).

Each module of that package is a small program whose docstrings show how to call it
(doctest examples, `>>> ...`). This script keeps a module as it is and adds, at its end
under a marked comment, its own examples run as statements: an expression is printed
with `print(repr(...))`, anything else is run as written. A module is kept only when it
needs nothing but the standard library, and the result runs under plain `python3` in a
few seconds, the same twice over, printing no object address; one that draws random
numbers or reads the clock is left out, even when its two runs agreed.

    pip download --no-deps --no-binary :all: algorithms==1.0.1
    tar xzf algorithms-1.0.1.tar.gz
    python3 tests/differential/import_algorithms.py algorithms-1.0.1 tests/differential/corpus

Run once by hand; the test reads only the files it wrote.
"""

import ast
import doctest
import pathlib
import re
import subprocess
import sys

MARK = "# --- added for heapscope's differential corpus: this module's own doctest examples, run as statements ---"


def docstrings(source):
    """The module's, classes' and functions' docstrings, in the order they appear."""
    tree = ast.parse(source)
    nodes = [tree] + [
        n
        for n in ast.walk(tree)
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    ]
    nodes.sort(key=lambda n: getattr(n, "lineno", 0))
    return [d for d in (ast.get_docstring(n) for n in nodes) if d]


def statements(source):
    out = []
    try:
        examples = [
            ex for d in docstrings(source) for ex in doctest.DocTestParser().get_examples(d)
        ]
    except (SyntaxError, ValueError):
        return None
    for ex in examples:
        code = ex.source.rstrip("\n")
        try:
            compile(code, "<example>", "eval")
            out.append("print(repr(%s))" % code)
        except SyntaxError:
            try:
                compile(code, "<example>", "exec")
            except SyntaxError:
                return None
            out.append(code)
    return out


def run(path):
    try:
        p = subprocess.run(
            [sys.executable, path.name],
            cwd=path.parent,
            capture_output=True,
            text=True,
            timeout=5,
            stdin=subprocess.DEVNULL,
            env={"PYTHONHASHSEED": "0", "PATH": "/usr/bin:/bin"},
        )
    except subprocess.TimeoutExpired:
        return None
    return p.stdout if p.returncode == 0 else None


def main(sdist, corpus):
    sdist, corpus = pathlib.Path(sdist), pathlib.Path(corpus)
    kept = 0
    for src in sorted((sdist / "algorithms").rglob("*.py")):
        if src.name == "__init__.py":
            continue
        text = src.read_text()
        if re.search(r"^\s*(from|import)\s+(algorithms\b|\.)", text, re.M):
            continue
        # Not deterministic (a program that draws random numbers or reads the clock may
        # pass the two runs below by chance), or not the standard library.
        if re.search(
            r"^\s*(from|import)\s+(random|time|secrets|numpy|pytest|unittest)\b", text, re.M
        ):
            continue
        body = statements(text)
        if not body:
            continue
        rel = src.relative_to(sdist / "algorithms").with_suffix("")
        dest = corpus / ("algo_" + "_".join(rel.parts) + ".py")
        mark = MARK[: -len(" ---")] + (
            f" (the module: algorithms/{rel.as_posix()}.py of the `algorithms` package"
            " 1.0.1, PyPI sdist, MIT) ---"
        )
        dest.write_text(text.rstrip("\n") + "\n\n\n" + mark + "\n" + "\n".join(body) + "\n")
        first, second = run(dest), run(dest)
        if first is None or first != second or re.search(r"0x[0-9a-f]{6,}", first):
            dest.unlink()
            continue
        kept += 1
    print("kept", kept)


if __name__ == "__main__":
    main(*sys.argv[1:])

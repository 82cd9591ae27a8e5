#!/usr/bin/env python3
"""The differential test's reference recorder: runs a program under sys.settrace and writes,
for every event in the program's own file, what heapscope must show at that step.

usage: reference.py PROGRAM.py OUT.jsonl [MAX_EVENTS]

One JSON line per event: {"e": event, "l": line, "frames": [[qualname, {name: value}], ...],
"share": [[frame index, name, group], ...]}. Frames are the program's own, oldest first.
Variables are what frame.f_locals holds, less the hidden ones heapscope documents (`.0`,
and dunder names of module and class bodies). Values of builtin types are rendered
structurally, reading only builtin objects (exact types: no user method, property,
__eq__, __repr__ or iteration protocol of another class runs); anything else is its type's
qualified name. `share` groups the variables that hold one object (among objects that are
not immutable builtins). The program's own output goes to stdout as usual.
"""
import builtins
import json
import os
import sys

MAX_ITEMS = 50     # longer containers are compared by length
MAX_CHARS = 1000   # heapscope's default max_chars
MAX_DEPTH = 3      # both sides stop rendering here
MAX_NODES = 200    # values rendered per variable, in the same order on both sides
PRIMITIVE = (type(None), bool, int, float, complex, str, bytes, tuple, frozenset, range)


def render(v, depth=0, active=(), budget=None):
    if budget is None:
        budget = [MAX_NODES]
    if budget[0] <= 0:
        return {"more": True}
    budget[0] -= 1
    t = type(v)
    if v is None or t is bool:
        return v
    if t is int:
        return {"i": str(v)}
    if t is float:
        return {"f": repr(v)}
    if t is str:
        return {"s": v[:MAX_CHARS], "n": len(v)}
    if t in (list, tuple, set, frozenset, dict):
        name = t.__name__
        if depth >= MAX_DEPTH or id(v) in active:
            return {"deep": name}
        if len(v) > MAX_ITEMS:
            return {"cut": name, "n": len(v)}
        inner = active + (id(v),)
        if t is dict:
            return {name: [[render(k, depth + 1, inner, budget), render(x, depth + 1, inner, budget)]
                           for k, x in dict.items(v)]}
        return {name: [render(x, depth + 1, inner, budget) for x in t.__iter__(v)]}
    return {"t": t.__qualname__}


def shared(v):
    """True for objects whose identity the test compares (not immutable builtins)."""
    return type(v) not in PRIMITIVE


def main():
    prog, out_path = os.path.abspath(sys.argv[1]), sys.argv[2]
    max_events = int(sys.argv[3]) if len(sys.argv) > 3 else 10**9
    with open(prog, encoding="utf-8") as f:
        source = f.read()
    out = open(out_path, "w", encoding="utf-8")
    try:
        code = compile(source, prog, "exec")
    except SyntaxError:
        out.write(json.dumps({"end": "syntax_error", "events": 0}) + "\n")
        return
    count = [0]

    def snapshot(frame, event):
        stack = []
        f = frame
        while f is not None:
            if f.f_code.co_filename == prog:
                stack.append(f)
            f = f.f_back
        stack.reverse()
        frames, groups, ids = [], [], {}
        for i, fr in enumerate(stack):
            body = fr.f_code.co_name == "<module>" or not (fr.f_code.co_flags & 0x2)
            names = {}
            for k, v in dict(fr.f_locals).items():
                if k.startswith(".") or (body and len(k) > 4 and k.startswith("__") and k.endswith("__")):
                    continue
                names[k] = render(v)
                if shared(v):
                    groups.append([i, k, ids.setdefault(id(v), len(ids))])
            frames.append([fr.f_code.co_qualname if hasattr(fr.f_code, "co_qualname") else fr.f_code.co_name, names])
        out.write(json.dumps({"e": event, "l": frame.f_lineno, "frames": frames, "share": groups}) + "\n")

    class Enough(BaseException):
        """Stops the program once MAX_EVENTS were recorded (the rest is not compared)."""

    def local(frame, event, arg):
        if event in ("line", "return", "exception", "call"):
            count[0] += 1
            if count[0] > max_events:
                raise Enough
            snapshot(frame, event)
        return local

    def glob(frame, event, arg):
        if frame.f_code.co_filename != prog:
            return None
        if frame.f_code is code:
            return local  # heapscope shows no step for entering the module
        return local(frame, event, arg)

    import types
    main_module = types.ModuleType("__main__")  # the program is __main__, as under python3
    main_module.__file__ = prog
    main_module.__builtins__ = builtins
    sys.modules["__main__"] = main_module
    g = main_module.__dict__
    sys.argv = [prog]
    sys.path[0] = os.path.dirname(prog)
    failed = exited = False
    sys.settrace(glob)
    try:
        exec(code, g)
    except Enough:
        sys.settrace(None)
        out.write(json.dumps({"end": "stopped", "events": count[0]}) + "\n")
        out.close()
        return
    except SystemExit:
        exited = True
    except BaseException:
        failed = True
    finally:
        sys.settrace(None)
    end = "exception" if failed else "exit" if exited else "finished"
    out.write(json.dumps({"end": end, "events": count[0]}) + "\n")
    out.close()
    if failed:
        import traceback
        traceback.print_exc()


if __name__ == "__main__":
    main()

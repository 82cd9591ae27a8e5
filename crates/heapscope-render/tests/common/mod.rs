//! Hand-made traces for the tests: small programs recorded as the tracer would.
#![allow(dead_code)]

pub use heapscope_trace::testing::{dict, list, tuple, TraceScript as T};
use heapscope_trace::{Event, ObjectData, Trace};

pub const ALIAS_SRC: &str = "def add(lst, x):\n    lst.append(x)\n    return lst\n\na = [1, 2]\nb = a\nt = (a, 'hi')\nd = {'k': a, 'n': 3}\nc = add(a, 3)\nprint(c)\n";

/// `ALIAS_SRC`, step by step: aliasing, a tuple and a dict sharing a list, a call that
/// mutates it and returns it.
pub fn alias_trace() -> Trace {
    let mut t = T::new(ALIAS_SRC);
    let name = t.sym("add");
    let sig = t.sym("add(lst, x)");
    // 2: def add
    t.line(5, 0)
        .obj(
            1,
            ObjectData::Function {
                name,
                signature: sig,
                parent_frame: None,
                defaults: vec![],
                cells: vec![],
            },
        )
        .var(0, "add", 1);
    // 3: a = [1, 2]
    t.line(6, 0)
        .obj(2, ObjectData::int(1))
        .obj(3, ObjectData::int(2))
        .obj(4, list(&[2, 3]))
        .var(0, "a", 4);
    // 4: b = a
    t.line(7, 0).var(0, "b", 4);
    // 5: t = (a, 'hi')
    t.line(8, 0)
        .obj(5, ObjectData::str("hi"))
        .obj(6, tuple(&[4, 5]))
        .var(0, "t", 6);
    // 6: d = {...}
    t.line(9, 0)
        .obj(7, ObjectData::str("k"))
        .obj(8, ObjectData::str("n"))
        .obj(9, ObjectData::int(3))
        .obj(10, dict(&[(7, 4), (8, 9)]))
        .var(0, "d", 10);
    // 7: call add(a, 3)
    t.event(Event::Call, 1, 1)
        .push(1, "add", 1)
        .var(1, "lst", 4)
        .var(1, "x", 9);
    // 8: line 2
    t.line(2, 1);
    // 9: line 3 (after append)
    t.line(3, 1).set_obj(4, list(&[2, 3, 9]));
    // 10: return
    t.event(Event::Return, 3, 1).ret(1, 4);
    // 11: back in the module: c = ...
    t.line(10, 0).pop(1).var(0, "c", 4);
    t.finish()
}

/// A recursion `depth` frames deep (each frame has `n`), all the same function.
pub fn deep_trace(depth: u32) -> Trace {
    let mut t = T::new("def rec(n):\n    return rec(n - 1)\nrec(10000)\n");
    t.line(3, 0);
    for f in 1..=depth {
        t.event(Event::Call, 1, f)
            .push(f, "rec", 1)
            .obj(100 + f, ObjectData::int(i64::from(depth - f)))
            .var(f, "n", 100 + f);
    }
    t.finish()
}

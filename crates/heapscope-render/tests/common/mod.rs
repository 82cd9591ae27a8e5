//! Hand-made traces for the tests: small programs recorded as the tracer would.
#![allow(dead_code)]

use heapscope_trace::{
    DictData, Event, FrameId, FrameKind, ObjId, ObjectData, Record, SeqKind, Sequence, Trace,
    TraceBuilder, TraceMeta,
};

pub struct T {
    pub b: TraceBuilder,
}

impl T {
    pub fn new(src: &str) -> T {
        let mut b = TraceBuilder::new(TraceMeta::for_program(src, "prog.py"));
        let m = b.sym("<module>");
        b.push(Record::Step {
            event: Event::Line,
            line: 1,
            frame: FrameId::GLOBAL,
        })
        .unwrap();
        b.push(Record::FramePush {
            frame: FrameId::GLOBAL,
            func: m,
            file: 0,
            kind: FrameKind::Module,
            parent: None,
            line: 1,
        })
        .unwrap();
        T { b }
    }
    pub fn step(&mut self, event: Event, line: u32, frame: u32) -> &mut Self {
        self.b
            .push(Record::Step {
                event,
                line,
                frame: FrameId(frame),
            })
            .unwrap();
        self
    }
    pub fn line(&mut self, line: u32, frame: u32) -> &mut Self {
        self.step(Event::Line, line, frame)
    }
    pub fn obj(&mut self, id: u32, data: ObjectData) -> &mut Self {
        self.b
            .push(Record::ObjNew {
                id: ObjId(id),
                data,
            })
            .unwrap();
        self
    }
    pub fn set_obj(&mut self, id: u32, data: ObjectData) -> &mut Self {
        self.b
            .push(Record::ObjSet {
                id: ObjId(id),
                data,
            })
            .unwrap();
        self
    }
    pub fn free(&mut self, id: u32) -> &mut Self {
        self.b
            .push(Record::ObjFree {
                id: ObjId(id),
                cause: heapscope_trace::FreeCause::LastReference,
            })
            .unwrap();
        self
    }
    pub fn var(&mut self, frame: u32, name: &str, id: u32) -> &mut Self {
        let s = self.b.sym(name);
        self.b
            .push(Record::SetVar {
                frame: FrameId(frame),
                name: s,
                value: ObjId(id),
            })
            .unwrap();
        self
    }
    pub fn push(&mut self, frame: u32, func: &str, line: u32) -> &mut Self {
        let s = self.b.sym(func);
        self.b
            .push(Record::FramePush {
                frame: FrameId(frame),
                func: s,
                file: 0,
                kind: FrameKind::Function,
                parent: None,
                line,
            })
            .unwrap();
        self
    }
    pub fn pop(&mut self, frame: u32) -> &mut Self {
        self.b
            .push(Record::FramePop {
                frame: FrameId(frame),
                suspended: false,
            })
            .unwrap();
        self
    }
    pub fn ret(&mut self, frame: u32, id: u32) -> &mut Self {
        self.b
            .push(Record::SetReturn {
                frame: FrameId(frame),
                value: ObjId(id),
            })
            .unwrap();
        self
    }
    pub fn sym(&mut self, s: &str) -> heapscope_trace::Sym {
        self.b.sym(s)
    }
    pub fn finish(self) -> Trace {
        self.b.finish().unwrap()
    }
}

pub fn list(ids: &[u32]) -> ObjectData {
    ObjectData::list(ids.iter().map(|&i| ObjId(i)).collect())
}
pub fn tuple(ids: &[u32]) -> ObjectData {
    ObjectData::Seq(
        SeqKind::Tuple,
        Sequence::full(ids.iter().map(|&i| ObjId(i)).collect()),
    )
}
pub fn dict(pairs: &[(u32, u32)]) -> ObjectData {
    ObjectData::Dict(DictData::full(
        pairs.iter().map(|&(k, v)| (ObjId(k), ObjId(v))).collect(),
    ))
}

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
    t.step(Event::Call, 1, 1)
        .push(1, "add", 1)
        .var(1, "lst", 4)
        .var(1, "x", 9);
    // 8: line 2
    t.line(2, 1);
    // 9: line 3 (after append)
    t.line(3, 1).set_obj(4, list(&[2, 3, 9]));
    // 10: return
    t.step(Event::Return, 3, 1).ret(1, 4);
    // 11: back in the module: c = ...
    t.line(10, 0).pop(1).var(0, "c", 4);
    t.finish()
}

/// A recursion `depth` frames deep (each frame has `n`), all the same function.
pub fn deep_trace(depth: u32) -> Trace {
    let mut t = T::new("def rec(n):\n    return rec(n - 1)\nrec(10000)\n");
    t.line(3, 0);
    for f in 1..=depth {
        t.step(Event::Call, 1, f)
            .push(f, "rec", 1)
            .obj(100 + f, ObjectData::int(i64::from(depth - f)))
            .var(f, "n", 100 + f);
    }
    t.finish()
}

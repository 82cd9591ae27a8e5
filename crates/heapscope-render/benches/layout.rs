//! Layout + SVG of one step with 500 objects: `cargo bench -p heapscope-render`.
//!
//! A plain main (no criterion): builds a one-step trace whose global frame holds a list of
//! 100 instances, each with a tuple, two lists and a dict, so 501 boxes
//! with heap primitives off; times `layout` and `paint_svg` over many rounds.

use std::hint::black_box;
use std::time::Instant;

use heapscope_render::{layout, paint_svg, RenderOptions};
use heapscope_trace::{
    DictData, Event, FrameId, FrameKind, ObjId, ObjectData, Record, TraceBuilder, TraceMeta,
};

fn trace() -> heapscope_trace::Trace {
    let mut b = TraceBuilder::new(TraceMeta::for_program("people = [...]\n", "bench.py"));
    let module = b.sym("<module>");
    let people = b.sym("people");
    let person = b.sym("Person");
    let (name, scores, tags, hist) = (
        b.sym("name"),
        b.sym("scores"),
        b.sym("tags"),
        b.sym("history"),
    );
    b.push(Record::Step {
        event: Event::Line,
        line: 1,
        frame: FrameId::GLOBAL,
    })
    .unwrap();
    b.push(Record::FramePush {
        frame: FrameId::GLOBAL,
        func: module,
        file: 0,
        kind: FrameKind::Module,
        parent: None,
        line: 1,
    })
    .unwrap();
    let mut next = 1u32;
    let mut id = || {
        next += 1;
        ObjId(next)
    };
    let one = id();
    b.push(Record::ObjNew {
        id: one,
        data: ObjectData::int(1),
    })
    .unwrap();
    let key = id();
    b.push(Record::ObjNew {
        id: key,
        data: ObjectData::str("k"),
    })
    .unwrap();
    let mut items = Vec::new();
    for i in 0..100 {
        let s = id();
        b.push(Record::ObjNew {
            id: s,
            data: ObjectData::str(&format!("person {i}")),
        })
        .unwrap();
        let l = id();
        b.push(Record::ObjNew {
            id: l,
            data: ObjectData::list(vec![one, one]),
        })
        .unwrap();
        let d = id();
        b.push(Record::ObjNew {
            id: d,
            data: ObjectData::Dict(DictData::full(vec![(key, l)])),
        })
        .unwrap();
        let t = id();
        b.push(Record::ObjNew {
            id: t,
            data: ObjectData::Seq(
                heapscope_trace::SeqKind::Tuple,
                heapscope_trace::Sequence::full(vec![s, one]),
            ),
        })
        .unwrap();
        let h = id();
        b.push(Record::ObjNew {
            id: h,
            data: ObjectData::list(vec![one]),
        })
        .unwrap();
        let p = id();
        b.push(Record::ObjNew {
            id: p,
            data: ObjectData::Instance {
                type_name: person,
                class: None,
                attrs: vec![(name, t), (scores, l), (tags, d), (hist, h)],
            },
        })
        .unwrap();
        items.push(p);
    }
    let list = id();
    b.push(Record::ObjNew {
        id: list,
        data: ObjectData::list(items),
    })
    .unwrap();
    b.push(Record::SetVar {
        frame: FrameId::GLOBAL,
        name: people,
        value: list,
    })
    .unwrap();
    b.finish().unwrap()
}

fn main() {
    let trace = trace();
    let opts = RenderOptions::default();
    let scene = layout(&trace, 1, &opts).unwrap();
    println!(
        "objects drawn: {}, arrows: {}",
        scene.objects.len(),
        scene.arrows.len()
    );
    let rounds = 50;
    let t0 = Instant::now();
    let mut bytes = 0;
    for _ in 0..rounds {
        let s = layout(black_box(&trace), 1, &opts).unwrap();
        bytes = black_box(paint_svg(&s)).len();
    }
    let per = t0.elapsed() / rounds;
    let t1 = Instant::now();
    for _ in 0..rounds {
        black_box(layout(black_box(&trace), 1, &opts).unwrap());
    }
    let lay = t1.elapsed() / rounds;
    println!("layout + svg of one step with {} objects: {per:?} per step (layout alone {lay:?}; svg {bytes} bytes)", scene.objects.len());
}

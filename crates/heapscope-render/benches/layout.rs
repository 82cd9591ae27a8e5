//! Layout + SVG of one step with 500 objects: `cargo bench -p heapscope-render`.
//!
//! A plain main (no criterion): builds a one-step trace whose global frame holds a list of
//! 100 instances, each with a tuple, two lists and a dict, so 501 boxes
//! with heap primitives off; times `layout` and `paint_svg` over many rounds.

use std::hint::black_box;
use std::time::Instant;

use heapscope_render::{layout, paint_svg, RenderOptions};
use heapscope_trace::testing::{str, TraceScript};
use heapscope_trace::{DictData, ObjectData, SeqKind, Sequence};

fn trace() -> heapscope_trace::Trace {
    let mut t = TraceScript::at("people = [...]\n", "bench.py", 1);
    let person = t.sym("Person");
    let (name, scores, tags, hist) = (
        t.sym("name"),
        t.sym("scores"),
        t.sym("tags"),
        t.sym("history"),
    );
    let one = t.new_obj(ObjectData::int(1));
    let key = t.new_obj(str("k"));
    let mut items = Vec::new();
    for i in 0..100 {
        let s = t.new_obj(str(&format!("person {i}")));
        let l = t.new_obj(ObjectData::list(vec![one, one]));
        let d = t.new_obj(ObjectData::Dict(DictData::full(vec![(key, l)])));
        let tup = t.new_obj(ObjectData::Seq(
            SeqKind::Tuple,
            Sequence::full(vec![s, one]),
        ));
        let h = t.new_obj(ObjectData::list(vec![one]));
        items.push(t.new_obj(ObjectData::Instance {
            type_name: person,
            class: None,
            attrs: vec![(name, tup), (scores, l), (tags, d), (hist, h)],
        }));
    }
    let list = t.new_obj(ObjectData::list(items));
    t.var(0, "people", list.0);
    t.finish()
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

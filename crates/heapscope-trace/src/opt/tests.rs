//! The converter on small hand-made traces.

use super::*;
use crate::model::Stream;
use crate::model::{Event, FrameId, FrameKind, ObjId, ObjectData};
use crate::{Record, TraceBuilder, TraceMeta};
use converter::{Bufs, Converter};
use serde_json::json;

/// `x = 1` then a call of `f(2)` whose frame returns 2, ending with `end`.
fn small_trace(end: Option<(Event, Outcome)>) -> Trace {
    let mut b = TraceBuilder::new(TraceMeta::for_program("x = 1\nf(2)\n", "prog.py"));
    let module = b.sym("<module>");
    let (x, f, a) = (b.sym("x"), b.sym("f"), b.sym("a"));
    let g = FrameId::GLOBAL;
    let step = |b: &mut TraceBuilder, event, line, frame| {
        b.push(Record::Step { event, line, frame }).unwrap()
    };
    step(&mut b, Event::Line, 1, g);
    b.push(Record::FramePush {
        frame: g,
        func: module,
        file: 0,
        kind: FrameKind::Module,
        parent: None,
        line: 1,
    })
    .unwrap();
    step(&mut b, Event::Line, 2, g);
    b.push(Record::ObjNew {
        id: ObjId(1),
        data: ObjectData::int(1),
    })
    .unwrap();
    b.push(Record::SetVar {
        frame: g,
        name: x,
        value: ObjId(1),
    })
    .unwrap();
    step(&mut b, Event::Call, 5, FrameId(1));
    b.push(Record::FramePush {
        frame: FrameId(1),
        func: f,
        file: 0,
        kind: FrameKind::Function,
        parent: None,
        line: 5,
    })
    .unwrap();
    b.push(Record::ObjNew {
        id: ObjId(2),
        data: ObjectData::list(vec![ObjId(1)]),
    })
    .unwrap();
    b.push(Record::SetVar {
        frame: FrameId(1),
        name: a,
        value: ObjId(2),
    })
    .unwrap();
    step(&mut b, Event::Return, 5, FrameId(1));
    b.push(Record::SetReturn {
        frame: FrameId(1),
        value: ObjId(1),
    })
    .unwrap();
    b.push(Record::Output {
        stream: Stream::Stdout,
        text: "hi\n".into(),
    })
    .unwrap();
    if let Some((event, outcome)) = end {
        step(&mut b, event, 2, g);
        b.push(Record::FramePop {
            frame: FrameId(1),
            suspended: false,
        })
        .unwrap();
        b.meta_mut().outcome = Some(outcome);
    }
    b.finish().unwrap()
}

#[test]
fn steps_frames_and_values_read_like_python_tutor() {
    let v = to_opt_json(&small_trace(None), &OptOptions::default());
    let steps = v["trace"].as_array().unwrap();
    assert_eq!(steps.len(), 4);
    assert_eq!(steps[1]["globals"], json!({"x": 1}));
    assert_eq!(steps[2]["event"], "call");
    let frame = &steps[3]["stack_to_render"][0];
    assert_eq!(frame["unique_hash"], "f_f1");
    assert_eq!(
        frame["encoded_locals"],
        json!({"a": ["REF", 2], "__return__": 1})
    );
    assert_eq!(frame["ordered_varnames"], json!(["a", "__return__"]));
    assert_eq!(steps[3]["heap"], json!({"2": ["LIST", 1]}));
    assert_eq!(steps[3]["stdout"], "hi\n");

    let v = to_opt_json(
        &small_trace(None),
        &OptOptions {
            cumulative: false,
            heap_primitives: true,
        },
    );
    assert_eq!(v["trace"][1]["globals"], json!({"x": ["REF", 1]}));
    assert_eq!(
        v["trace"][1]["heap"],
        json!({"1": ["HEAP_PRIMITIVE", "int", 1]})
    );
}

#[test]
fn final_events_map_to_python_tutor_ones() {
    let limit = small_trace(Some((Event::LimitReached, Outcome::StepLimit { steps: 4 })));
    let v = to_opt_json(&limit, &OptOptions::default());
    let last = v["trace"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["event"], "instruction_limit_reached");
    assert!(last["exception_msg"]
        .as_str()
        .unwrap()
        .starts_with("Stopped after running 4 steps."));

    let input = small_trace(Some((
        Event::WaitingForInput,
        Outcome::WaitingForInput {
            prompt: "name? ".into(),
        },
    )));
    let v = to_opt_json(&input, &OptOptions::default());
    assert_eq!(
        v["trace"].as_array().unwrap().last().unwrap(),
        &json!({"event": "raw_input", "prompt": "name? "})
    );

    let mut bad = small_trace(None);
    bad.meta_mut().outcome = Some(Outcome::SyntaxError {
        message: "SyntaxError: invalid syntax".into(),
        line: 2,
        column: 3,
    });
    let v = to_opt_json(&bad, &OptOptions::default());
    assert_eq!(
        v["trace"],
        json!([{"event": "uncaught_exception", "line": 2, "offset": 3,
                "exception_msg": "SyntaxError: invalid syntax (<string>, line 2)"}])
    );
}

/// Converts `trace` with the default options; gives the JSON and how many freed objects
/// the converter still keeps a copy of at the end.
fn convert_keeping(trace: &Trace) -> (Value, usize) {
    let mut text = Vec::new();
    let mut sink = sink::Steps::new(&mut text, OptLimits::default());
    sink.head("").unwrap();
    let mut conv = Converter::new(trace.symbols().clone(), OptOptions::default());
    let mut bufs = Bufs::default();
    assert!(conv.run(trace, &mut sink, &mut bufs, &mut |_| {}).is_ok());
    sink.write(b"]}").unwrap();
    drop(sink);
    (serde_json::from_slice(&text).unwrap(), conv.shadow.len())
}

#[test]
fn objects_freed_where_no_frame_can_show_them_are_not_kept() {
    // `total += i` 2,000 times: a new int at every step, the old one freed.
    let mut t = crate::testing::TraceScript::new("");
    t.step(1).obj(1, ObjectData::int(0)).var(0, "total", 1);
    for k in 2..2_002u32 {
        t.step(2)
            .obj(k, ObjectData::int(i64::from(k)))
            .var(0, "total", k);
        t.free(k - 1);
    }
    let (v, kept) = convert_keeping(&t.finish());
    let steps = v["trace"].as_array().unwrap();
    assert_eq!(steps.last().unwrap()["globals"], json!({"total": 2001}));
    assert_eq!(kept, 0, "copies of freed objects kept");
}

#[test]
fn a_zombie_frame_shows_what_it_held_after_cpython_freed_it() {
    let mut t = crate::testing::TraceScript::new("");
    t.step(1);
    let outer = t.call("outer", 2);
    t.obj(10, ObjectData::int(5))
        .obj(11, ObjectData::list(vec![ObjId(10)]))
        .var(outer.0, "xs", 11);
    let (name, sig) = (t.sym("outer.<locals>.inner"), t.sym("inner()"));
    t.line(3, outer.0).obj(
        12,
        ObjectData::Function {
            name,
            signature: sig,
            parent_frame: Some(outer),
            defaults: vec![],
            cells: vec![],
        },
    );
    t.var(outer.0, "inner", 12);
    t.event(Event::Return, 4, outer.0)
        .ret(outer.0, 12)
        .pop(outer.0);
    // Back in the module: `g = outer()`; the frame's list and its item are freed, and a
    // loop makes and frees ints no frame shows.
    t.line(5, 0).var(0, "g", 12).free(11).free(10);
    t.obj(20, ObjectData::int(0)).var(0, "i", 20);
    for k in 21..60u32 {
        t.line(6, 0)
            .obj(k, ObjectData::int(i64::from(k)))
            .var(0, "i", k);
        t.free(k - 1);
    }
    let (v, kept) = convert_keeping(&t.finish());
    let last = v["trace"].as_array().unwrap().last().unwrap().clone();
    let zombie = &last["stack_to_render"][0];
    assert_eq!(zombie["is_zombie"], true);
    assert_eq!(zombie["encoded_locals"]["xs"], json!(["REF", 11]));
    assert_eq!(last["heap"]["11"], json!(["LIST", 5]));
    // The list and its int: nothing else.
    assert_eq!(kept, 2);
}

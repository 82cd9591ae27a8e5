//! The converter on small hand-made traces.

use super::*;
use crate::model::Stream;
use crate::model::{Event, FrameId, FrameKind, ObjId, ObjectData};
use crate::{Record, TraceBuilder, TraceMeta};
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

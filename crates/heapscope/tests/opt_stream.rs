//! Python Tutor JSON written step by step (`trace --format opt`), bounded by the
//! recording's limits: past one, the JSON ends with a step that says so, and every step
//! before it is kept.
//!
//! (That the streamed JSON is byte for byte the JSON the former in-memory converter built
//! was checked on the lecture examples and Python Tutor's corpus, in three option sets,
//! before that converter was removed; `opt_corpus.rs` keeps comparing it with Python
//! Tutor's own traces.)

mod common;

use std::path::Path;

use serde_json::Value;

fn repo_root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// Runs `heapscope ARGS` in a fresh folder holding `prog.py`; returns the JSON written to
/// `out.json` and what heapscope said on stderr.
fn opt_json(source: &str, args: &[&str]) -> (Value, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("prog.py"), source).expect("write program");
    let mut all = vec!["trace", "prog.py", "--format", "opt", "-o", "out.json"];
    all.extend_from_slice(args);
    let (code, _out, err) = common::heapscope(&all, dir.path());
    assert_eq!(code, 0, "heapscope failed: {err}");
    let text = std::fs::read_to_string(dir.path().join("out.json")).expect("read the JSON");
    (serde_json::from_str(&text).expect("valid JSON"), err)
}

#[test]
fn a_deep_recursion_through_c_ends_at_the_size_limit_with_every_step_before_it() {
    let source = std::fs::read_to_string(repo_root().join("tests/hostile/recursion_through_c.py"))
        .expect("read the hostile program");
    // Python Tutor's JSON repeats the whole stack at every step: 11,000 frames deep, it
    // would be gigabytes. The recording is small; the JSON stops at 2 MB.
    let (json, err) = opt_json(&source, &["--max-trace", "2", "--timeout", "30"]);
    let steps = json["trace"].as_array().expect("a trace list");
    let last = steps.last().expect("steps");
    assert_eq!(last["event"], "instruction_limit_reached", "{last}");
    let msg = last["exception_msg"].as_str().expect("a message");
    assert!(
        msg.contains("trace size limit of 2 MB (--max-trace)"),
        "{msg}"
    );
    assert!(
        msg.starts_with(&format!("Stopped after {} steps", steps.len() - 1)),
        "{msg}"
    );
    assert!(err.contains(msg), "stderr says why too: {err}");
    // The steps before it are the program's own, the stack growing one frame at a time.
    assert!(steps.len() > 50, "only {} steps", steps.len());
    let before = &steps[steps.len() - 2];
    assert!(
        before["stack_to_render"].as_array().expect("frames").len() > 20,
        "{before}"
    );
    assert!(before["stack_to_render"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["func_name"] == "f"));
    assert_eq!(steps[0]["event"], "step_line");
    assert_eq!(steps[0]["line"], 6);
}

#[test]
fn a_recorded_trace_converts_within_the_time_limit_or_says_it_stopped() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("prog.py"),
        "t = 0\nfor i in range(300):\n    t += i\n",
    )
    .expect("write");
    let (code, _o, err) = common::heapscope(&["trace", "prog.py", "-o", "p.hstrace"], dir.path());
    assert_eq!(code, 0, "{err}");
    // No conversion fits in a microsecond: it ends at once with the limit step.
    let (code, out, err) = common::heapscope(
        &[
            "trace",
            "p.hstrace",
            "--format",
            "opt",
            "--timeout",
            "0.000001",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).expect("valid JSON");
    let steps = json["trace"].as_array().expect("a trace list");
    let last = steps.last().expect("steps");
    assert_eq!(last["event"], "instruction_limit_reached");
    assert!(
        last["exception_msg"]
            .as_str()
            .unwrap()
            .contains("(--timeout)"),
        "{last}"
    );
    // With the default limits it is whole: every step, ending where the program did.
    let (code, out, err) =
        common::heapscope(&["trace", "p.hstrace", "--format", "opt"], dir.path());
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).expect("valid JSON");
    let steps = json["trace"].as_array().expect("a trace list");
    assert_eq!(steps.len(), 603);
    assert_eq!(steps.last().unwrap()["globals"]["t"], 44850);
    assert_eq!(json["code"], "t = 0\nfor i in range(300):\n    t += i\n");
}

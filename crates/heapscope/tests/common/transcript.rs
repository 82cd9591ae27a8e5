//! Transcript snapshots: what `heapscope run PROGRAM --explain` shows a user (each step's
//! picture as text, what it printed, and the narration of what it did), kept as one insta
//! snapshot per program under `tests/snapshots/transcripts/`.
//!
//! The narrated transcript is the one snapshotted because it holds everything the plain
//! one does (source window, frames, objects, output) and also the sentences a learner
//! reads, so a change in the tracer, the layout or the narrator all show up in review.
//!
//! A long transcript keeps its first [`HEAD`] steps (a 10,000-step loop would be
//! megabytes of the same picture), then how the run ended (`heapscope`'s last words on
//! stderr). Not its last steps: drawing a long transcript is bounded by `--timeout`, so
//! where it stops depends on the machine. A run stopped by a clock or a size (time,
//! memory, output limits) also has its step counts masked: how far it got depends on the
//! machine too. Paths and pids the test itself chose are masked by the caller.
#![allow(dead_code)]

use std::panic::AssertUnwindSafe;
use std::path::Path;

/// Steps kept from the start of a transcript.
pub const HEAD: usize = 30;
/// A transcript of at most this many steps is kept whole.
pub const WHOLE: usize = 40;

/// How far a run got: fixed by the program, or by a clock or a size.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Ending {
    /// The same steps on every machine.
    Fixed,
    /// Stopped by a time, memory or output limit: only the first steps are the same.
    Bounded,
}

/// The snapshot text of one `heapscope run --explain` invocation.
pub fn snapshot_text(code: i32, stdout: &str, stderr: &str, ending: Ending) -> String {
    // After the steps: `N steps: how the run ended`, the sandbox and the notes.
    let (steps_text, trailer) = match stdout.rfind("\n\n").and_then(|at| {
        let rest = &stdout[at + 2..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        (digits > 0 && rest[digits..].starts_with(" step")).then_some(at)
    }) {
        Some(at) => stdout.split_at(at),
        None => (stdout, ""),
    };
    let steps = split_steps(steps_text);
    // The trace's step count, from `Step 1 of M`: the drawn steps may be fewer.
    let total = steps
        .get(1)
        .and_then(|s| s.split_whitespace().nth(3))
        .and_then(|m| m.trim_end_matches(',').parse::<usize>().ok())
        .unwrap_or(steps.len() - 1);
    let whole = ending == Ending::Fixed && total <= WHOLE;
    let mut out = format!("exit code: {code}\n--- stdout\n");
    out.push_str(steps[0]);
    for s in steps
        .iter()
        .skip(1)
        .take(if whole { steps.len() } else { HEAD })
    {
        match ending {
            Ending::Fixed => out.push_str(s),
            Ending::Bounded => out.push_str(&mask_step_count(s)),
        }
    }
    if !whole && total > HEAD {
        out.push_str(&format!(
            "[the later steps are left out of this snapshot: {}]\n",
            match ending {
                Ending::Fixed => "drawing them is bounded by the clock",
                Ending::Bounded => "how far the run got depends on the machine",
            }
        ));
    }
    for l in trailer.lines() {
        match ending {
            Ending::Fixed => out.push_str(l),
            Ending::Bounded => out.push_str(&mask_leading_count(l)),
        }
        out.push('\n');
    }
    out.push_str("--- stderr\n");
    out.push_str(stderr);
    out
}

/// The text before the first step, then each step's text (from its `Step N of M` header).
fn split_steps(stdout: &str) -> Vec<&str> {
    let mut starts = vec![0];
    let mut at = 0;
    for line in stdout.split_inclusive('\n') {
        if is_step_header(line) {
            starts.push(at);
        }
        at += line.len();
    }
    starts.push(stdout.len());
    if starts.len() == 2 {
        return vec![stdout];
    }
    let mut parts = vec![&stdout[..starts[1]]];
    for w in starts[1..].windows(2) {
        parts.push(&stdout[w[0]..w[1]]);
    }
    parts
}

/// `Step 12 of 40, line 3` (the transcript's own header, not a program's output line,
/// which is indented under `Output`).
fn is_step_header(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("Step ") else {
        return false;
    };
    let mut words = rest.split_whitespace();
    words.next().is_some_and(|n| n.parse::<u64>().is_ok()) && words.next() == Some("of")
}

/// `Step 3 of 188416, line 1` -> `Step 3 of [N], line 1`.
fn mask_step_count(step: &str) -> String {
    let (header, rest) = step.split_once('\n').unwrap_or((step, ""));
    let masked = match header.split_once(" of ") {
        Some((head, tail)) => {
            let digits = tail.chars().take_while(char::is_ascii_digit).count();
            format!("{head} of [N]{}", &tail[digits..])
        }
        None => header.to_owned(),
    };
    format!("{masked}\n{rest}")
}

/// `188416 steps: time limit ...` -> `[N] steps: time limit ...`.
fn mask_leading_count(line: &str) -> String {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(" step") {
        format!("[N]{}", &line[digits..])
    } else {
        line.to_owned()
    }
}

/// Asserts each `(name, text)` against its snapshot in `crates/heapscope/tests/snapshots/
/// transcripts/`; reports every one that differs, not just the first.
pub fn assert_transcripts(described: &str, transcripts: &[(String, String)]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/transcripts");
    let mut differ = Vec::new();
    for (name, text) in transcripts {
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(&dir);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_description(described);
        let r = std::panic::catch_unwind(AssertUnwindSafe(|| {
            settings.bind(|| insta::assert_snapshot!(name.as_str(), text))
        }));
        if r.is_err() {
            differ.push(name.clone());
        }
    }
    assert!(
        differ.is_empty(),
        "{} transcript(s) differ from their snapshots: {} (review with `cargo insta review`)",
        differ.len(),
        differ.join(", ")
    );
}

/// Replaces every occurrence of `what` in `text` by `by` (an empty `what` changes nothing).
pub fn mask(text: &str, what: &str, by: &str) -> String {
    if what.is_empty() {
        text.to_owned()
    } else {
        text.replace(what, by)
    }
}

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
/// Lines kept of one step (a step that printed a megabyte shows its first lines), and
/// characters of one line.
pub const STEP_LINES: usize = 80;
pub const LINE_CHARS: usize = 300;

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
    // Masked before lines are cut, so that where a line is cut does not move with them.
    let (stdout, stderr) = (mask_machine(stdout), mask_machine(stderr));
    let (stdout, stderr) = (stdout.as_str(), stderr.as_str());
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
        let s = clip_step(s);
        match ending {
            Ending::Fixed => out.push_str(&s),
            Ending::Bounded => out.push_str(&mask_step_count(&s)),
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
    out.push_str(&clip_step(stderr));
    out
}

/// At most [`STEP_LINES`] lines of [`LINE_CHARS`] characters.
fn clip_step(step: &str) -> String {
    let mut out = String::new();
    let lines: Vec<&str> = step.lines().collect();
    for l in lines.iter().take(STEP_LINES) {
        match l.char_indices().nth(LINE_CHARS) {
            Some((cut, _)) => out.push_str(&format!("{} [line cut]", &l[..cut])),
            None => out.push_str(l),
        }
        out.push('\n');
    }
    if lines.len() > STEP_LINES {
        out.push_str(&format!(
            "[{} more lines of this step are left out of this snapshot]\n\n",
            lines.len() - STEP_LINES
        ));
    }
    out
}

/// What differs from one machine or run to the next in what a program prints: CPython's
/// addresses (`at 0x7f…`), pids (`pid=545`, `os.kill(13672, 9)`), threads' ids and the
/// sandbox's run folders.
fn mask_machine(text: &str) -> String {
    let digit = |c: char| c.is_ascii_digit();
    let text = mask_run(text, "0x", |c| c.is_ascii_hexdigit(), 6, "[address]");
    let text = mask_run(&text, "pid=", digit, 1, "[pid]");
    let text = mask_run(&text, "os.kill(", digit, 1, "[pid]");
    // A thread's ids, in the fields `threading.Thread` instances show.
    let text = mask_run(&text, "_ident=", digit, 1, "[thread id]");
    let text = mask_run(&text, "_native_id=", digit, 1, "[thread id]");
    mask_run(
        &text,
        "heapscope-run-",
        |c| c.is_ascii_alphanumeric() || c == '-',
        1,
        "[run]",
    )
}

/// Replaces, after each `prefix`, a run of at least `min` characters matching `keep`.
fn mask_run(text: &str, prefix: &str, keep: impl Fn(char) -> bool, min: usize, by: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let after = &rest[at + prefix.len()..];
        let run: usize = after
            .chars()
            .take_while(|&c| keep(c))
            .map(char::len_utf8)
            .sum();
        out.push_str(&rest[..at + prefix.len()]);
        if after[..run].chars().count() >= min {
            out.push_str(by);
        } else {
            out.push_str(&after[..run]);
        }
        rest = &after[run..];
    }
    out.push_str(rest);
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

/// Replaces the number `n` where it stands alone (not inside a longer number).
pub fn mask_number(text: &str, n: u32, by: &str) -> String {
    let what = n.to_string();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut before: Option<char> = None;
    while let Some(at) = rest.find(&what) {
        let prev = rest[..at].chars().last().or(before);
        let next = rest[at + what.len()..].chars().next();
        let alone =
            !prev.is_some_and(|c| c.is_ascii_digit()) && !next.is_some_and(|c| c.is_ascii_digit());
        out.push_str(&rest[..at]);
        out.push_str(if alone { by } else { &what });
        before = what.chars().last();
        rest = &rest[at + what.len()..];
    }
    out.push_str(rest);
    out
}

//! Every lecture program (`examples/lecture/*.py`), as `heapscope run PROGRAM --explain`
//! shows it, against its snapshot (`tests/snapshots/transcripts/lecture__NAME.snap`). The
//! hostile programs' transcripts are snapshotted by `hostile.rs`, which already runs them.
//!
//! A change to what a learner reads (a picture, a sentence, an id) shows as a diff to
//! review with `cargo insta review`; accepting it is a decision, not a side effect.

#[path = "common/transcript.rs"]
mod transcript;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use transcript::{assert_transcripts, snapshot_text, Ending};

/// Programs run at once: the long ones (a 10,000-step loop) take seconds each.
const PARALLEL: usize = 3;

fn lecture_programs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/lecture");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("examples/lecture exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_lecture_program_reads_as_its_snapshot() {
    let programs = lecture_programs();
    assert!(
        programs.len() >= 13,
        "only {} lecture programs",
        programs.len()
    );
    let next = Mutex::new(programs.iter());
    let done = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..PARALLEL {
            s.spawn(|| loop {
                let Some(p) = next.lock().unwrap().next() else {
                    break;
                };
                let dir = p.parent().expect("the examples' folder");
                let file = p.file_name().unwrap().to_str().unwrap();
                // Run from the program's own folder: nothing of this machine's paths shows.
                // The cargo-built binary (CPython 3.11 embedded), never HEAPSCOPE_BIN: the
                // snapshots are that Python's.
                let res = Command::new(env!("CARGO_BIN_EXE_heapscope"))
                    .args(["run", file, "--explain", "--no-color"])
                    .current_dir(dir)
                    .env("NO_COLOR", "1")
                    .output()
                    .expect("heapscope runs");
                let name = format!("lecture__{}", file.trim_end_matches(".py"));
                let text = snapshot_text(
                    res.status.code().unwrap_or(-1),
                    &String::from_utf8_lossy(&res.stdout),
                    &String::from_utf8_lossy(&res.stderr),
                    Ending::Fixed,
                );
                done.lock().unwrap().push((name, text));
            });
        }
    });
    let mut done = done.into_inner().unwrap();
    done.sort();
    assert_transcripts("heapscope run PROGRAM --explain --no-color", &done);
}

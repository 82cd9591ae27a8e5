//! Python Tutor JSON written step by step (`trace --format opt`): the same JSON the
//! in-memory converter built, and bounded by the limits.

mod common;

use std::path::{Path, PathBuf};

use heapscope_trace::opt::{write_opt_json, OptLimits, OptOptions};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Records `path` with Python Tutor's step limit and returns the trace.
fn record(path: &Path) -> heapscope_trace::Trace {
    // Run a copy, so nothing is written next to the program.
    let dir = tempfile::tempdir().expect("tempdir");
    let prog = dir.path().join(path.file_name().expect("a file name"));
    std::fs::copy(path, &prog).expect("copy the program");
    let out = dir.path().join("t.hstrace");
    let (code, _o, err) = common::heapscope(
        &["trace", prog.to_str().expect("utf-8 path"), "-o", out.to_str().expect("utf-8 path"), "--max-steps", "1000"],
        dir.path(),
    );
    assert_eq!(code, 0, "{}: {err}", path.display());
    heapscope_trace::read_trace(&out).expect("read trace")
}

fn streamed(trace: &heapscope_trace::Trace, opts: &OptOptions) -> String {
    let mut buf = Vec::new();
    write_opt_json(trace, opts, &OptLimits::default(), &mut buf, |_| {}).expect("write");
    String::from_utf8(buf).expect("utf-8")
}

#[test]
fn streamed_json_equals_the_in_memory_json() {
    let mut programs: Vec<PathBuf> = Vec::new();
    for dir in [repo_root().join("examples/lecture"), std::env::var_os("HEAPSCOPE_OPT_CORPUS").map_or_else(|| repo_root().join("../shared/opt-corpus"), PathBuf::from)] {
        for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let p = e.expect("entry").path();
            if p.extension().is_some_and(|x| x == "py") {
                programs.push(p);
            }
        }
    }
    programs.sort();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(p) = programs.get(i) else { break };
                let trace = record(p);
                for (cumulative, heap_primitives) in [(false, false), (true, false), (false, true)] {
                    let opts = OptOptions { cumulative, heap_primitives };
                    let old = serde_json::to_string(&heapscope_trace::opt_old::to_opt_json(&trace, &heapscope_trace::opt_old::OptOptions { cumulative, heap_primitives })).expect("json");
                    let new = streamed(&trace, &opts);
                    if old != new {
                        let at = old.bytes().zip(new.bytes()).position(|(a, b)| a != b).unwrap_or(0);
                        let from = at.saturating_sub(200);
                        failures.lock().unwrap().push(format!(
                            "{} {opts:?}: differ at byte {at}\nold: {}\nnew: {}",
                            p.display(),
                            &old[from..(at + 200).min(old.len())],
                            &new[from..(at + 200).min(new.len())]
                        ));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    println!("{} programs compared", programs.len());
    assert!(failures.is_empty(), "{} differ:\n{}", failures.len(), failures.join("\n\n"));
}

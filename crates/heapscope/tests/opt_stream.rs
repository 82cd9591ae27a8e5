//! Python Tutor JSON written step by step (`trace --format opt`), bounded by the
//! recording's limits: past one, the JSON ends with a step that says so, and every step
//! before it is kept.
//!
//! The writer keeps the text of big containers from step to step; that it writes the same
//! bytes as writing every entry afresh is checked here on the lecture programs and on a
//! program whose containers grow, shrink and change in place. (That the byte-level writer
//! gives byte for byte the JSON of the former `serde_json::Value` converter was checked on
//! the lecture examples, Python Tutor's corpus and the differential corpus, in three option
//! sets, before that converter was removed; `opt_corpus.rs` keeps comparing the JSON with
//! Python Tutor's own traces.)

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
    // The first step is the program's first statement, after its header of comments.
    let first_statement = source
        .lines()
        .position(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .expect("a statement")
        + 1;
    assert_eq!(steps[0]["line"], first_statement);
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

/// Containers that grow, shrink, change in place and nest, past the size from which the
/// writer keeps their text; a closure keeps a frame (and the list it holds) as a zombie.
const CHANGING_CONTAINERS: &str = r#"
grid = [[0] * 10 for _ in range(3)]
log = []
for i in range(30):
    log.append(i * 1.5)
    if i % 7 == 0:
        log[0] = "reset %d" % i
    if i == 20:
        log.pop()
        log.insert(3, (i, 2 ** 70, -2 ** 65))
    grid[i % 3][i % 10] = i
table = {}
for k in range(12):
    table["k%d" % k] = [k] * 9
    if k == 9:
        del table["k2"]
        table["k0"] = None
def keep(xs):
    def inner():
        return len(xs)
    xs.append(-1)
    return inner
f = keep(log)
del log
s = set(range(10))
s.discard(4)
s.add(99)
print(f(), "\t\"quoted\"")
"#;

/// The JSON written with kept texts and written afresh, in the three option sets, up to
/// `max_bytes` (the deep recursions' JSON is hundreds of MB; the limit cuts both at the
/// same step).
fn assert_kept_texts_are_fresh_ones(name: &str, trace: &heapscope_trace::Trace, max_bytes: u64) {
    use heapscope_trace::opt::{
        to_opt_json, write_opt_json, write_opt_json_afresh, OptLimits, OptOptions,
    };
    for (cumulative, heap_primitives) in [(false, false), (true, false), (false, true)] {
        let opts = OptOptions {
            cumulative,
            heap_primitives,
        };
        let limits = OptLimits {
            max_bytes: Some(max_bytes),
            timeout: None,
        };
        let mut kept = Vec::new();
        let summary = write_opt_json(trace, &opts, &limits, &mut kept, |_| {}).expect("write");
        let mut fresh = Vec::new();
        write_opt_json_afresh(trace, &opts, &limits, &mut fresh).expect("write");
        assert!(
            kept == fresh,
            "{name} ({opts:?}): the JSON differs from the one written afresh"
        );
        assert_eq!(summary.bytes, kept.len() as u64);
        let streamed: Value = serde_json::from_slice(&kept).expect("valid JSON");
        assert_eq!(
            streamed["trace"].as_array().map(Vec::len),
            Some(summary.steps as usize)
        );
        if summary.stopped.is_none() {
            assert_eq!(streamed, to_opt_json(trace, &opts), "{name}");
        }
    }
}

#[test]
fn kept_container_texts_give_the_bytes_written_afresh() {
    let trace = common::trace(CHANGING_CONTAINERS);
    assert_kept_texts_are_fresh_ones("changing containers", &trace, u64::MAX);
    // The program did what the test is about: its list grew past the kept size and
    // changed in place, and the dict of lists too.
    let json = heapscope_trace::opt::to_opt_json(&trace, &Default::default());
    let steps = json["trace"].as_array().expect("steps");
    let last = steps.last().expect("a last step");
    assert_eq!(last["stdout"], "31 \t\"quoted\"\n");
    let lists = steps
        .iter()
        .flat_map(|s| s["heap"].as_object().into_iter().flat_map(|h| h.values()))
        .filter(|v| v[0] == "LIST" && v.as_array().is_some_and(|l| l.len() > 20))
        .count();
    assert!(lists > 20, "only {lists} long lists");
    for path in lecture_programs() {
        let trace = common::trace_file(&path);
        assert_kept_texts_are_fresh_ones(&path.display().to_string(), &trace, 4 << 20);
    }
}

/// Closures, a lambda, a comprehension in a function, a generator, and an exception:
/// frames that become zombies (kept in cumulative mode, or as closure parents) and facts
/// about functions that the run shows only once their frames were written.
const CLOSURES: &str = r#"
def make_counter():
    count = 0
    def bump():
        nonlocal count
        count += 1
        return count
    return bump

def scale(xs, k):
    total = 0
    out = [x * k for x in xs]
    for v in out:
        total += v
    return total

def gen(n):
    for i in range(n):
        yield i * i

def pick(xs):
    key = 1
    chooser = lambda x: x[key]
    return sorted(xs, key=chooser)

c = make_counter()
c()
c()
t = scale([1, 2, 3], 2)
g = list(gen(4))
p = pick([(1, 'b'), (2, 'a')])
try:
    {}['missing']
except KeyError as e:
    err = str(e)
print(t, g, p, err)
"#;

/// The lecture programs, in order.
fn lecture_programs() -> Vec<std::path::PathBuf> {
    let mut lecture: Vec<_> = std::fs::read_dir(repo_root().join("examples/lecture"))
        .expect("lecture folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    lecture.sort();
    assert!(lecture.len() >= 14, "{lecture:?}");
    lecture
}

/// Python Tutor's three option sets.
const OPTION_SETS: [(bool, bool); 3] = [(false, false), (true, false), (false, true)];

/// Records `path` once, with its JSON in each option set written as each step is recorded
/// (as `trace --format opt -o FILE` does), and converts the finished trace of the same run:
/// gives, per option set, both JSONs and whether the one written while recording must be
/// written again (a fact came late).
fn streamed_and_converted(path: &Path) -> Vec<(Vec<u8>, Vec<u8>, bool)> {
    use heapscope_trace::opt::{write_opt_json, OptLimits, OptOptions, OptStream};
    let run = heapscope_runner::RunOptions {
        worker: heapscope_runner::WorkerCommand::Embedded {
            exe: env!("CARGO_BIN_EXE_heapscope").into(),
        },
        timeout_secs: 60.0,
        ..Default::default()
    };
    let opts = OPTION_SETS.map(|(cumulative, heap_primitives)| OptOptions {
        cumulative,
        heap_primitives,
    });
    // The deep recursions' JSON is hundreds of MB: both stop at the same step at 4 MB.
    let limits = OptLimits {
        max_bytes: Some(4 << 20),
        timeout: None,
    };
    let mut streams = opts.map(|o| OptStream::new(Vec::new(), o, limits));
    let trace = heapscope_runner::trace_program_observed(path, &run, &mut |b| {
        streams.iter_mut().for_each(|s| s.step(b))
    })
    .expect("trace the program");
    let mut out = Vec::new();
    for (stream, o) in streams.into_iter().zip(opts) {
        let stale = stream.stale(trace.meta().outcome.as_ref());
        let (summary, streamed) = stream.finish().expect("write into memory");
        assert_eq!(summary.bytes, streamed.len() as u64);
        let mut converted = Vec::new();
        write_opt_json(&trace, &o, &limits, &mut converted, |_| {}).expect("write into memory");
        out.push((streamed, converted, stale));
    }
    out
}

#[test]
fn json_written_while_recording_is_the_finished_traces_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut programs = lecture_programs();
    for (name, source) in [
        ("closures.py", CLOSURES),
        ("containers.py", CHANGING_CONTAINERS),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, source).expect("write the program");
        programs.push(p);
    }
    let mut rewritten = Vec::new();
    for p in &programs {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        for ((streamed, converted, stale), opts) in
            streamed_and_converted(p).into_iter().zip(OPTION_SETS)
        {
            if stale {
                // The late fact did change what was written: writing it again is needed.
                assert!(
                    streamed != converted,
                    "{name} {opts:?} written again for nothing"
                );
                rewritten.push(name.clone());
            } else {
                assert!(
                    streamed == converted,
                    "{name} {opts:?}: the JSON written while recording differs from the finished trace's"
                );
            }
        }
    }
    // Only a fact that changes a frame already written makes the JSON written again:
    // here the lambda made in `pick` (Python Tutor marks a frame whose code makes a lambda
    // a closure parent from its first step), in the three option sets. The lecture
    // programs' JSON is all written while they run.
    assert_eq!(
        rewritten, ["closures.py"; 3],
        "programs whose JSON was written again"
    );
}

/// `trace --format opt -o FILE` of a program whose JSON must be written again after the
/// run (see above) gives the JSON of its recorded trace, nothing left of the first writing.
#[test]
fn json_written_again_after_the_run_is_the_recorded_traces() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("prog.py"), CLOSURES).expect("write the program");
    let run = |args: &[&str]| {
        let (code, _out, err) = common::heapscope(args, dir.path());
        assert_eq!(code, 0, "{err}");
    };
    run(&[
        "trace",
        "prog.py",
        "--format",
        "opt",
        "-o",
        "live.json",
        "--cumulative",
    ]);
    run(&["trace", "prog.py", "-o", "prog.hstrace"]);
    run(&[
        "trace",
        "prog.hstrace",
        "--format",
        "opt",
        "-o",
        "after.json",
        "--cumulative",
    ]);
    let read = |f: &str| std::fs::read(dir.path().join(f)).expect("read the JSON");
    let live = read("live.json");
    assert!(
        live == read("after.json"),
        "the JSON differs from the recorded trace's"
    );
    let json: Value = serde_json::from_slice(&live).expect("valid JSON");
    let last = json["trace"]
        .as_array()
        .and_then(|t| t.last())
        .expect("steps");
    assert_eq!(
        last["stdout"],
        "12 [0, 1, 4, 9] [(2, 'a'), (1, 'b')] 'missing'\n"
    );
}

//! The hostile corpus (`tests/hostile/*.py`): every program runs under `--sandbox strict`
//! and under `--sandbox standard` through the real binary and must end as its header
//! says, with nothing outside the sandbox changed.
//!
//! Header lines of each program:
//! - `# expect: KIND`, one of finished, exception, step_limit, time_limit, memory_limit,
//!   output_limit, crashed, waiting_for_input.
//! - `# says: TEXT` (any number): text the final step's words must contain (its
//!   exception, or the outcome's description).
//! - `# standard-expect: KIND` and `# standard-says: TEXT`: the same under `standard`,
//!   where it differs (`ctypes` allowed, the program's folder readable). Without them
//!   `standard` must end as `strict` does.
//! - `# flags: ...`: extra command-line flags (a `--timeout` replaces the default 3 s,
//!   for the few programs whose tracing takes long on a busy machine).
//! - `# transcript: varies`: what `heapscope run --explain` shows of the program differs
//!   from run to run or machine to machine (it races the tracer or the test, or shows a
//!   path whose length moves where a line is cut); the next comment line says why. Every
//!   other program's transcript under `strict` is kept as a snapshot
//!   (`tests/snapshots/transcripts/hostile__NAME.snap`): long ones cut after their first
//!   steps, and a run stopped by a time, memory or output limit with its step counts
//!   masked (how far it got depends on the machine).
//! - `# draw: yes`: the recorded trace is also drawn (`run`, `export`, `render --all`,
//!   with `--sizes`, and `trace --format opt`) with `--timeout 2 --max-trace 4`: each
//!   must end, keep its output within 4 MB, and say where it stopped if it did not draw
//!   every step; the transcript must hold no raw control character.
//!
//! Every program gets, as its first input line, the path of a canary file outside the
//! sandbox that it may try to change, and as its second the pid of a sibling process the
//! test started (its resource limits and priority must not change). heapscope is started
//! with two extra descriptors open, as a careless launcher would leave them: 7 reads a
//! secret file, 8 appends to the canary. The canary, the sibling, the corpus folder and a
//! few well-known targets are checked afterwards. Programs run a few at a time.

use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::Instant;

use heapscope_trace::{Outcome, Trace};

mod common;
#[path = "common/host.rs"]
mod host;
#[path = "common/transcript.rs"]
mod transcript;

const CANARY_TEXT: &str = "the canary is alive\n";
/// Files hostile programs try to create; none may exist afterwards.
const MUST_NOT_EXIST: &[&str] = &["/tmp/heapscope-hostile-pwned.txt"];
const PARALLEL: usize = 3;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/hostile")
        .canonicalize()
        .expect("tests/hostile exists")
}

struct Case {
    path: PathBuf,
    kind: String,
    says: Vec<String>,
    /// Under `standard`, when it ends differently.
    standard: Option<(String, Vec<String>)>,
    flags: Vec<String>,
    /// Also draw the recorded trace (`# draw: yes`).
    draw: bool,
    /// `# transcript: varies`: no snapshot of its transcript.
    varies: bool,
}

impl Case {
    /// The outcome and words expected under `policy`.
    fn expected(&self, policy: &str) -> (&str, &[String]) {
        match (&self.standard, policy) {
            (Some((kind, says)), "standard") => (kind, says),
            _ => (&self.kind, &self.says),
        }
    }
}

/// A process beside heapscope, as another user's service would be: a program that
/// reaches outside the sandbox (`prlimit`, `setpriority`, `sched_setaffinity`) would
/// change what `/proc/PID/limits`, `stat` and `status` say about it.
struct Sibling(std::process::Child);

impl Sibling {
    fn start() -> Sibling {
        Sibling(
            Command::new("sleep")
                .arg("3600")
                .spawn()
                .expect("start a sibling process"),
        )
    }
    fn pid(&self) -> u32 {
        self.0.id()
    }
    /// Its limits, nice value and allowed CPUs.
    fn state(&self) -> String {
        host::process_state(self.pid())
    }
}

impl Drop for Sibling {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn parse(path: &Path) -> Case {
    // Bytes: a program may be in Latin-1 (with its coding cookie).
    let src = String::from_utf8_lossy(&std::fs::read(path).expect("read program")).into_owned();
    let mut kind = None;
    let mut says = Vec::new();
    let mut standard_kind = None;
    let mut standard_says = Vec::new();
    let mut flags = Vec::new();
    let mut draw = false;
    let mut varies = false;
    for line in src.lines().take_while(|l| l.starts_with('#')) {
        if let Some(rest) = line.strip_prefix("# expect:") {
            kind = Some(rest.trim().to_owned());
        } else if let Some(rest) = line.strip_prefix("# says:") {
            says.push(rest.trim().to_owned());
        } else if let Some(rest) = line.strip_prefix("# standard-expect:") {
            standard_kind = Some(rest.trim().to_owned());
        } else if let Some(rest) = line.strip_prefix("# standard-says:") {
            standard_says.push(rest.trim().to_owned());
        } else if let Some(rest) = line.strip_prefix("# flags:") {
            flags.extend(rest.split_whitespace().map(str::to_owned));
        } else if let Some(rest) = line.strip_prefix("# draw:") {
            draw = rest.trim() == "yes";
        } else if let Some(rest) = line.strip_prefix("# transcript:") {
            varies = rest.trim() == "varies";
            assert!(varies, "{}: '# transcript:' says varies", path.display());
        }
    }
    Case {
        path: path.to_owned(),
        kind: kind.unwrap_or_else(|| panic!("{}: no '# expect:' line", path.display())),
        says,
        standard: standard_kind.map(|k| (k, standard_says)),
        flags,
        draw,
        varies,
    }
}

fn kind_of(o: &Outcome) -> &'static str {
    match o {
        Outcome::Finished => "finished",
        Outcome::Exception { .. } => "exception",
        Outcome::SyntaxError { .. } => "syntax_error",
        Outcome::WaitingForInput { .. } => "waiting_for_input",
        Outcome::StepLimit { .. } => "step_limit",
        Outcome::TimeLimit { .. } => "time_limit",
        Outcome::MemoryLimit { .. } => "memory_limit",
        Outcome::OutputLimit { .. } => "output_limit",
        Outcome::TraceLimit { .. } => "trace_limit",
        Outcome::Crashed { .. } => "crashed",
    }
}

/// Names and contents of the files directly in `dir`.
fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .expect("list dir")
        .filter_map(Result::ok)
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Runs one case under `policy`; returns what went wrong, if anything.
fn run_case(case: &Case, policy: &str, sibling: &Sibling) -> Result<String, String> {
    let name = format!(
        "{} ({policy})",
        case.path.file_name().unwrap_or_default().to_string_lossy()
    );
    let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
    let canary = scratch.path().join("canary.txt");
    std::fs::write(&canary, CANARY_TEXT).map_err(|e| e.to_string())?;
    let secret = scratch.path().join("secret.txt");
    std::fs::write(&secret, "the secret").map_err(|e| e.to_string())?;
    let stdin = scratch.path().join("input.txt");
    std::fs::write(&stdin, format!("{}\n{}\n", canary.display(), sibling.pid()))
        .map_err(|e| e.to_string())?;
    let out = scratch.path().join("p.hstrace");
    let sibling_before = sibling.state();
    let started = Instant::now();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_heapscope"));
    cmd.arg("trace")
        .arg(&case.path)
        .arg("-o")
        .arg(&out)
        .args(["--sandbox", policy, "--stdin"])
        .arg(&stdin)
        .args(&case.flags)
        .current_dir(scratch.path());
    let leaked_read = std::fs::File::open(&secret).map_err(|e| e.to_string())?;
    let leaked_write = std::fs::OpenOptions::new()
        .append(true)
        .open(&canary)
        .map_err(|e| e.to_string())?;
    let (r, w) = (leaked_read.as_raw_fd(), leaked_write.as_raw_fd());
    // SAFETY: fcntl and dup2 on descriptors this process owns, in the child before exec.
    // Copied out of the way first (neither may already be 7 or 8), then to 7 and 8: dup2
    // clears close-on-exec on the copies, so heapscope inherits them.
    unsafe {
        cmd.pre_exec(move || {
            let (r, w) = (
                libc::fcntl(r, libc::F_DUPFD, 100),
                libc::fcntl(w, libc::F_DUPFD, 100),
            );
            if r < 0 || w < 0 || libc::dup2(r, 7) < 0 || libc::dup2(w, 8) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    if !case.flags.iter().any(|f| f == "--timeout") {
        cmd.args(["--timeout", "3"]);
    }
    let res = cmd
        .output()
        .map_err(|e| format!("{name}: cannot run heapscope: {e}"))?;
    let took = started.elapsed();
    if !res.status.success() {
        return Err(format!(
            "{name}: heapscope failed ({}): {}",
            res.status,
            String::from_utf8_lossy(&res.stderr)
        ));
    }
    let trace: Trace =
        heapscope_trace::read_trace(&out).map_err(|e| format!("{name}: unreadable trace: {e}"))?;
    let mut problems = Vec::new();
    if trace.meta().sandbox != policy {
        problems.push(format!(
            "the trace records the sandbox as {:?}",
            trace.meta().sandbox
        ));
    }
    let outcome = trace.meta().outcome.clone();
    let described = outcome.as_ref().map(Outcome::describe).unwrap_or_default();
    let got = outcome.as_ref().map(kind_of).unwrap_or("none");
    let (kind, says) = case.expected(policy);
    if got != kind {
        problems.push(format!("expected {kind}, got {got}: {described}"));
    }
    let last = trace
        .state_at(trace.len())
        .map_err(|e| format!("{name}: no last step: {e}"))?;
    let words = format!(
        "{} | {}",
        last.exception.clone().unwrap_or_default(),
        described
    );
    for t in says {
        if !words.contains(t.as_str()) {
            problems.push(format!("the final step does not say {t:?}: {words}"));
        }
    }
    // Nothing the program wrote reaches a note raw (a terminal would obey it).
    for note in &trace.meta().notes {
        if note.chars().any(|c| c.is_control() && c != '\n') {
            problems.push(format!("a note holds raw control characters: {note:?}"));
        }
    }
    if kind == "exception" && last.exception.is_none() {
        problems.push(format!("the final step shows no exception: {words}"));
    }
    match std::fs::read_to_string(&canary) {
        Ok(t) if t == CANARY_TEXT => {}
        other => problems.push(format!("the canary changed: {other:?}")),
    }
    let sibling_after = sibling.state();
    if sibling_after != sibling_before {
        problems.push(format!(
            "the sibling process changed:\n{sibling_before}\n---\n{sibling_after}"
        ));
    }
    if case.draw {
        problems.extend(draw_problems(&out, trace.len()));
    }
    if policy == "strict" && !case.varies {
        match transcript_of(case, &out, scratch.path(), sibling) {
            Ok(t) => TRANSCRIPTS.lock().unwrap().push(t),
            Err(e) => problems.push(e),
        }
    }
    if problems.is_empty() {
        Ok(format!(
            "{name}: {got} in {:.1}s: {}",
            took.as_secs_f64(),
            words.escape_debug()
        ))
    } else {
        Err(format!("{name}:\n    {}", problems.join("\n    ")))
    }
}

/// Each program's transcript under `strict` (name, snapshot text), for `corpus_under`.
static TRANSCRIPTS: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());

/// What `heapscope run p.hstrace --explain` shows of the recorded run `trace`, as its
/// snapshot holds it: the folder and the sibling's pid this run chose are masked, and a
/// run stopped by a clock or a size keeps only its first steps.
fn transcript_of(
    case: &Case,
    trace: &Path,
    scratch: &Path,
    sibling: &Sibling,
) -> Result<(String, String), String> {
    let ending = match case.kind.as_str() {
        "time_limit" | "memory_limit" | "output_limit" => transcript::Ending::Bounded,
        _ => transcript::Ending::Fixed,
    };
    // Drawing is bounded by --timeout too: the default 10 s, which draws any snapshot's
    // steps on a busy machine (2 s did not: a 100,000-digit int takes a second to draw, and
    // planning the first steps of a deep recursion's trace once took more than 1 s).
    let res = Command::new(env!("CARGO_BIN_EXE_heapscope"))
        .arg("run")
        .arg(trace)
        .args(["--explain", "--no-color"])
        .current_dir(scratch)
        .env("NO_COLOR", "1")
        .output()
        .map_err(|e| format!("cannot run heapscope run: {e}"))?;
    let stem = case.path.file_stem().unwrap_or_default().to_string_lossy();
    // This run's folder and sibling, masked before the snapshot's lines are cut.
    let scratch = scratch.to_string_lossy();
    let ours = |bytes: &[u8]| {
        let text = transcript::mask(&String::from_utf8_lossy(bytes), &scratch, "[scratch]");
        transcript::mask_number(&text, sibling.pid(), "[sibling pid]")
    };
    let text = transcript::snapshot_text(
        res.status.code().unwrap_or(-1),
        &ours(&res.stdout),
        &ours(&res.stderr),
        ending,
    );
    // The checkout's path would make the snapshot this machine's own.
    let root = corpus_dir();
    let root = root.parent().and_then(Path::parent).unwrap_or(&root);
    if text.contains(&*root.to_string_lossy()) {
        return Err(format!(
            "its transcript shows the checkout's path {}: mark it '# transcript: varies'",
            root.display()
        ));
    }
    Ok((format!("hostile__{stem}"), text))
}

/// The drawing's own bounds (`# draw: yes`): 4 MB, and 2 s counted again for the drawing.
const DRAW_LIMITS: [&str; 4] = ["--timeout", "2", "--max-trace", "4"];
const DRAW_MAX_BYTES: u64 = (4 << 20) + (64 << 10);

/// Draws the recorded trace `trace` (of `steps` steps) every way the command line can;
/// returns what went wrong.
fn draw_problems(trace: &Path, steps: u64) -> Vec<String> {
    let dir = trace.parent().expect("the trace's folder");
    let mut problems = Vec::new();
    // A hang guard only (`timeout`), far past any bound: the bounds are what is tested.
    let heapscope = |args: &[&str]| {
        Command::new("timeout")
            .arg("300")
            .arg(env!("CARGO_BIN_EXE_heapscope"))
            .args(args)
            .args(DRAW_LIMITS)
            .current_dir(dir)
            .output()
            .expect("run heapscope")
    };
    let trace = trace.to_str().expect("a UTF-8 path");
    let size = |name: &str| std::fs::metadata(dir.join(name)).map_or(0, |m| m.len());
    let text = |o: &std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };
    // Each output must succeed, stay within its bytes, and either hold every step or say
    // where it stopped.
    let mut check = |what: &str, o: &std::process::Output, bytes: u64, said: &str, whole: bool| {
        let text = text(o);
        if !o.status.success() {
            problems.push(format!("{what} failed ({}): {text}", o.status));
        } else if bytes > DRAW_MAX_BYTES {
            problems.push(format!("{what} made {bytes} bytes"));
        } else if !text.contains(said) && !whole {
            problems.push(format!(
                "{what} neither drew every step nor said where it stopped: {}",
                &text[text.len().saturating_sub(600)..]
            ));
        }
    };
    let o = heapscope(&["run", trace, "--sizes"]);
    let raw_escape = o.stdout.iter().any(|&b| b == 0x1b || b == 0x07);
    let whole = text(&o).contains(&format!("Step {steps} of {steps}"));
    let said = "heapscope stopped the transcript at step";
    check("run", &o, o.stdout.len() as u64, said, whole);
    let o = heapscope(&["export", trace, "--sizes", "-o", "drawn.html"]);
    let whole = text(&o).contains(&format!("heapscope: {steps} steps"));
    let said = "heapscope stopped the export at step";
    check("export", &o, size("drawn.html"), said, whole);
    let o = heapscope(&["render", trace, "--all", "--sizes", "-o", "drawn"]);
    let whole = text(&o).contains(&format!("heapscope: {steps} pictures"));
    let pictures = std::fs::read_dir(dir.join("drawn"))
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.metadata().map_or(0, |m| m.len()))
                .sum()
        })
        .unwrap_or(0);
    let said = "heapscope stopped the pictures at step";
    check("render --all", &o, pictures, said, whole);
    let o = heapscope(&["trace", trace, "--format", "opt", "-o", "drawn.json"]);
    // Without a stop the JSON is whole: it ends its list of steps, and its last step is
    // the run's end, not a "Stopped after" step.
    let json = std::fs::read(dir.join("drawn.json")).unwrap_or_default();
    let whole = json.ends_with(b"]}") && !text(&o).contains("Stopped after");
    check(
        "--format opt",
        &o,
        size("drawn.json"),
        "Stopped after",
        whole,
    );
    if raw_escape {
        problems.push("the transcript holds a raw escape or bell".into());
    }
    problems
}

#[test]
fn hostile_corpus_under_strict() {
    corpus_under("strict");
}

#[test]
fn hostile_corpus_under_standard() {
    corpus_under("standard");
}

/// The two corpus runs take turns: each already runs several programs at once.
static ONE_CORPUS_AT_A_TIME: Mutex<()> = Mutex::new(());

fn corpus_under(policy: &str) {
    let _turn = ONE_CORPUS_AT_A_TIME
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let dir = corpus_dir();
    let mut cases: Vec<Case> = std::fs::read_dir(&dir)
        .expect("read tests/hostile")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .map(|p| parse(&p))
        .collect();
    cases.sort_by(|a, b| a.path.cmp(&b.path));
    assert!(
        cases.len() >= 40,
        "the corpus has {} programs, fewer than 40",
        cases.len()
    );
    let only = std::env::var("HOSTILE_ONLY").ok();
    if let Some(o) = &only {
        // A comma-separated list of parts of names.
        cases.retain(|c| {
            o.split(',')
                .any(|part| c.path.to_string_lossy().contains(part))
        });
    }
    let before = listing(&dir);
    for f in MUST_NOT_EXIST {
        let _ = std::fs::remove_file(f);
    }

    let sibling = Sibling::start();
    let next = Mutex::new(0usize);
    let results = Mutex::new(Vec::new());
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..PARALLEL {
            s.spawn(|| loop {
                let i = {
                    let mut n = next.lock().unwrap();
                    let i = *n;
                    *n += 1;
                    i
                };
                let Some(case) = cases.get(i) else { break };
                let r = run_case(case, policy, &sibling);
                results.lock().unwrap().push(r);
            });
        }
    });
    let results = results.into_inner().unwrap();
    let mut failures = Vec::new();
    for r in &results {
        match r {
            Ok(line) => eprintln!("ok   {line}"),
            Err(e) => {
                eprintln!("FAIL {e}");
                failures.push(e.clone());
            }
        }
    }
    eprintln!(
        "{} programs in {:.0}s",
        results.len(),
        started.elapsed().as_secs_f64()
    );
    for f in MUST_NOT_EXIST {
        if Path::new(f).exists() {
            failures.push(format!("{f} exists: a program wrote outside the sandbox"));
        }
    }
    if listing(&dir) != before {
        failures.push("the corpus folder changed".into());
    }
    assert!(
        failures.is_empty(),
        "{} of {} hostile programs failed:\n{}",
        failures.len(),
        results.len(),
        failures.join("\n")
    );
    if policy == "strict" {
        let mut done = std::mem::take(&mut *TRANSCRIPTS.lock().unwrap());
        done.sort();
        transcript::assert_transcripts(
            "heapscope run PROGRAM --explain --no-color (recorded under --sandbox strict)",
            &done,
        );
    }
}

/// Runs `prog.py` (with `files` beside it) under `policy`; returns the trace.
fn run_in_folder(policy: &str, source: &str, files: &[(&str, &str)]) -> Trace {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("prog.py"), source).expect("write program");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write file");
    }
    let out = tempfile::tempdir().expect("tempdir");
    let trace_path = out.path().join("p.hstrace");
    let res = Command::new(env!("CARGO_BIN_EXE_heapscope"))
        .arg("trace")
        .arg(dir.path().join("prog.py"))
        .arg("-o")
        .arg(&trace_path)
        .args(["--sandbox", policy, "--timeout", "10"])
        .output()
        .expect("run heapscope");
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    for (name, text) in files {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name))
                .ok()
                .as_deref(),
            Some(*text),
            "{name} changed"
        );
    }
    heapscope_trace::read_trace(&trace_path).expect("read trace")
}

fn stdout_of(trace: &Trace) -> String {
    let json =
        heapscope_trace::opt::to_opt_json(trace, &heapscope_trace::opt::OptOptions::default());
    json["trace"]
        .as_array()
        .and_then(|s| s.last())
        .and_then(|s| s["stdout"].as_str())
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn standard_reads_its_own_folder_and_writes_only_its_temporary_folder() {
    let src = r#"
import os, socket, tempfile
import helper
print(helper.VALUE, open("data.txt").read())
def refused(f):
    try:
        f()
        return "allowed"
    except PermissionError as e:
        return str(e)
print(refused(lambda: open("data.txt", "w")))
print(refused(lambda: open("/etc/passwd")))
print(refused(lambda: socket.socket()))
print(refused(lambda: os.system("true")))
with open(os.path.join(tempfile.gettempdir(), "scratch.txt"), "w") as f:
    f.write("ok")
print("scratch written")
"#;
    let t = run_in_folder(
        "standard",
        src,
        &[("data.txt", "the data"), ("helper.py", "VALUE = 42\n")],
    );
    assert_eq!(t.meta().sandbox, "standard");
    assert!(
        matches!(t.meta().outcome, Some(Outcome::Finished)),
        "{:?}",
        t.meta().outcome
    );
    let out = stdout_of(&t);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.first().copied(), Some("42 the data"), "{out}");
    assert!(
        lines[1].starts_with("open('data.txt', 'w') is not allowed in this sandbox"),
        "{out}"
    );
    assert_eq!(
        lines[2], "open('/etc/passwd') is not allowed in this sandbox",
        "{out}"
    );
    assert!(
        lines[3].starts_with("socket.socket() is not allowed in this sandbox"),
        "{out}"
    );
    assert!(
        lines[4].starts_with("os.system('true') is not allowed in this sandbox"),
        "{out}"
    );
    assert_eq!(lines[5], "scratch written", "{out}");
}

#[test]
fn off_is_recorded_and_trusted() {
    let t = run_in_folder("off", "import os\nprint(len(open('/etc/hostname').read()) > 0, os.path.basename(os.getcwd()) != '')\n", &[]);
    assert_eq!(t.meta().sandbox, "off");
    assert_eq!(stdout_of(&t), "True True\n");
}

#[test]
fn hidden_lines_and_thread_output_are_not_silently_dropped() {
    let src = r#"import sys, threading
sys._getframe().f_trace_lines = False
hidden = 1
hidden = 2
print(sys._getframe().f_trace_lines)
def chatter():
    for i in range(3):
        print("from a thread", i)
t = threading.Thread(target=chatter)
t.start()
t.join()
done = True
"#;
    for policy in ["strict", "standard"] {
        let t = run_in_folder(policy, src, &[]);
        assert!(
            matches!(t.meta().outcome, Some(Outcome::Finished)),
            "{policy}: {:?}",
            t.meta().outcome
        );
        let states: Vec<_> = (1..=t.len())
            .map(|i| t.state_at(i).expect("step"))
            .collect();
        for line in [3, 4, 5, 12] {
            assert!(
                states.iter().any(|s| s.line == line),
                "{policy}: no step at line {line}"
            );
        }
        assert!(
            states
                .iter()
                .flat_map(|s| &s.notes)
                .any(|n| n.contains("f_trace_lines = False")),
            "{policy}: no note says the program asked to hide lines"
        );
        let out = stdout_of(&t);
        assert_eq!(
            out, "True\nfrom a thread 0\nfrom a thread 1\nfrom a thread 2\n",
            "{policy}"
        );
    }
}

/// Runs `heapscope ARGS` on `prog.py` (holding `source`) in a fresh folder.
fn heapscope_on(source: &str, args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().expect("tempdir");
    let prog = dir.path().join("prog.py");
    std::fs::write(&prog, source).expect("write program");
    Command::new(env!("CARGO_BIN_EXE_heapscope"))
        .arg(args[0])
        .arg(&prog)
        .args(&args[1..])
        .current_dir(dir.path())
        .output()
        .expect("run heapscope")
}

#[test]
fn run_shows_terminal_escapes_instead_of_sending_them() {
    // A clipboard write (OSC 52), a title, a screen clear, in output, an exception and a
    // value.
    let src = "s = '\\x1b[2J'\nprint('\\x1b]52;c;cHduZWQ=\\x07 and \\x1b]0;pwned\\x07')\nraise ValueError('\\x1b[2J\\x1b[H gone')\n";
    for policy in ["strict", "standard"] {
        let res = heapscope_on(src, &["run", "--sandbox", policy]);
        let out = String::from_utf8_lossy(&res.stdout);
        assert!(
            res.status.success(),
            "{}",
            String::from_utf8_lossy(&res.stderr)
        );
        assert!(
            !out.contains('\x1b') && !out.contains('\x07'),
            "{policy}: raw control characters in:\n{out}"
        );
        assert!(
            out.contains("\\x1b]52;c;cHduZWQ=\\x07"),
            "{policy}: the output is not shown escaped:\n{out}"
        );
        assert!(
            out.contains("ValueError: \\x1b[2J\\x1b[H gone"),
            "{policy}: the exception is not shown escaped:\n{out}"
        );
    }
}

#[test]
fn run_prints_a_huge_source_line_once_not_at_every_step() {
    let line = "x".repeat(1 << 20);
    let src = format!("s = '{line}'\nfor i in range(40):\n    n = i\n");
    let res = heapscope_on(&src, &["run", "--sandbox", "strict"]);
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let out = String::from_utf8_lossy(&res.stdout);
    assert!(
        out.contains("more characters)"),
        "the long line is not cut:\n{}",
        &out[..out.len().min(2000)]
    );
    // Over 80 steps: printing the line at each would be 80 MB.
    assert!(out.len() < 4 << 20, "the transcript is {} bytes", out.len());
}

#[test]
fn opt_conversion_of_a_deep_recursion_is_bounded_and_says_where_it_stopped() {
    let src = "import sys\nsys.setrecursionlimit(5000)\ndef down(n):\n    return 0 if n == 0 else down(n - 1)\ndown(1500)\n";
    for policy in ["strict", "standard"] {
        // The JSON repeats the stack at every step (steps × depth): the run's own
        // --max-trace bounds it, and its last step says where it stopped.
        let res = heapscope_on(
            src,
            &[
                "trace",
                "--sandbox",
                policy,
                "--format",
                "opt",
                "--max-trace",
                "1",
            ],
        );
        assert!(
            res.status.success(),
            "{}",
            String::from_utf8_lossy(&res.stderr)
        );
        assert!(
            res.stdout.len() <= (1 << 20) + 4096,
            "{policy}: {} bytes of JSON",
            res.stdout.len()
        );
        let json: serde_json::Value = serde_json::from_slice(&res.stdout).expect("JSON");
        let steps = json["trace"].as_array().expect("steps");
        let last = steps.last().expect("a last step");
        assert_eq!(
            last["event"], "instruction_limit_reached",
            "{policy}: {last}"
        );
        let msg = last["exception_msg"].as_str().unwrap_or_default();
        assert!(
            msg.contains("trace size limit of 1 MB (--max-trace)"),
            "{policy}: {msg}"
        );
    }
}

#[test]
fn run_transcript_of_a_deep_recursion_is_bounded_and_says_where_it_stopped() {
    // About 9,000 steps at an average depth of 1,500: over the 5,000,000 frames a
    // transcript lays out.
    let src = "import sys\nsys.setrecursionlimit(5000)\ndef down(n):\n    return 0 if n == 0 else down(n - 1)\ndown(3000)\n";
    let res = heapscope_on(src, &["run", "--sandbox", "strict", "--timeout", "20"]);
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let out = String::from_utf8_lossy(&res.stdout);
    let tail = &out[out.len().saturating_sub(1500)..];
    assert!(
        tail.contains("heapscope stopped the transcript at step"),
        "{tail}"
    );
    assert!(tail.contains("steps: the program finished"), "{tail}");
}

/// Runs `heapscope ARGS` in `dir`.
fn heapscope_in(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_heapscope"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run heapscope")
}

#[test]
fn drawing_a_hostile_trace_stops_at_the_runs_limits_and_keeps_what_it_drew() {
    // Every step lays out its whole stack: a deep recursion is steps × depth of drawing
    // (3,008 steps, up to 1,001 frames deep).
    let src = "import sys\nsys.setrecursionlimit(5000)\ndef down(n):\n    return 0 if n == 0 else down(n - 1)\ndown(1000)\n";
    for policy in ["strict", "standard"] {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("prog.py"), src).expect("write program");
        let text = |o: &std::process::Output| {
            assert!(
                o.status.success(),
                "{policy}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            (
                String::from_utf8_lossy(&o.stdout).into_owned(),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        };
        // The byte budget (--max-trace), straight from the program.
        let (_, err) = text(&heapscope_in(
            dir.path(),
            &[
                "export",
                "prog.py",
                "--sandbox",
                policy,
                "--max-trace",
                "1",
                "-o",
                "bytes.html",
            ],
        ));
        assert!(
            err.contains("heapscope stopped the export at step")
                && err.contains("of 3,008: it passed the size limit of 1 MB (--max-trace)"),
            "{policy}: {err}"
        );
        let html = std::fs::read_to_string(dir.path().join("bytes.html")).expect("the export");
        assert!(html.starts_with("<!DOCTYPE html>") && html.len() < 1 << 20);

        // The time budget (--timeout, counted again for the drawing) on a recorded trace.
        text(&heapscope_in(
            dir.path(),
            &["trace", "prog.py", "--sandbox", policy, "-o", "p.hstrace"],
        ));
        let (_, err) = text(&heapscope_in(
            dir.path(),
            &[
                "export",
                "p.hstrace",
                "--timeout",
                "0.05",
                "-o",
                "time.html",
            ],
        ));
        // Where it stopped depends on the clock; that it says so, with the step, does not.
        let stopped_at = |err: &str, what: &str| -> u64 {
            let prefix = format!("heapscope stopped {what} at step ");
            let rest = err
                .split(&prefix)
                .nth(1)
                .unwrap_or_else(|| panic!("{policy}: {what} does not say where it stopped: {err}"));
            let (n, tail) = rest
                .split_once(" of 3,008: ")
                .unwrap_or_else(|| panic!("{err}"));
            assert!(
                tail.starts_with("drawing took more than 0.05 s (--timeout)"),
                "{policy}: {err}"
            );
            n.replace(',', "").parse().expect("a step number")
        };
        let n = stopped_at(&err, "the export");
        assert!(n < 3008, "{policy}: {err}");
        let says = format!(
            "heapscope stopped the export at step {} of 3,008: drawing took more than 0.05 s",
            heapscope_trace::format_count(n)
        );
        let html = std::fs::read_to_string(dir.path().join("time.html")).expect("the export");
        assert!(
            common::export_data(&html).contains(&says),
            "{policy}: the player's last step does not say where it stopped"
        );
        let (_, err) = text(&heapscope_in(
            dir.path(),
            &[
                "render",
                "p.hstrace",
                "--all",
                "--timeout",
                "0.05",
                "-o",
                "pics",
            ],
        ));
        let n = stopped_at(&err, "the pictures");
        assert!(
            n < 3008 && err.contains(&format!("{n} pictures in pics")),
            "{policy}: {err}"
        );
        assert_eq!(
            std::fs::read_dir(dir.path().join("pics"))
                .expect("the pictures")
                .count() as u64,
            n,
            "{policy}: the pictures drawn are kept, no more"
        );
        let (out, _) = text(&heapscope_in(
            dir.path(),
            &["run", "p.hstrace", "--timeout", "0.05"],
        ));
        assert!(
            out.contains("heapscope stopped the transcript at step")
                && out.contains("drawing took more than 0.05 s (--timeout)")
                && out.contains("3008 steps: the program finished"),
            "{policy}: {}",
            &out[out.len().saturating_sub(1500)..]
        );
    }
}

#[test]
fn run_of_a_5_mb_source_ends_within_the_runs_limits() {
    // 100,000 lines, 5.9 MB: each step shows a few lines of it (found through the line
    // index, not from the top of the file each time), and the transcript stops at the
    // run's --timeout, counted again for the drawing, saying where.
    let mut src = String::from("total = 0\n");
    for i in 0..100_000 {
        src.push_str(&format!(
            "total += {i}  # padding padding padding padding padding\n"
        ));
    }
    assert!(src.len() > 5 << 20);
    for policy in ["strict", "standard"] {
        let res = heapscope_on(&src, &["run", "--sandbox", policy, "--timeout", "3"]);
        assert!(
            res.status.success(),
            "{policy}: {}",
            String::from_utf8_lossy(&res.stderr)
        );
        let out = String::from_utf8_lossy(&res.stdout);
        let tail = &out[out.len().saturating_sub(2000)..];
        let steps = tail
            .lines()
            .find_map(|l| {
                l.strip_suffix(" steps: time limit reached: the program ran for more than 3 s")
            })
            .or_else(|| {
                tail.lines()
                    .find_map(|l| l.strip_suffix(" steps: the program finished"))
            })
            .unwrap_or_else(|| panic!("{policy}: no outcome line:\n{tail}"));
        let drew_all = out.contains(&format!("Step {steps} of {steps},"));
        assert!(
            drew_all || tail.contains("heapscope stopped the transcript at step"),
            "{policy}: neither every step nor where it stopped:\n{tail}"
        );
    }
}

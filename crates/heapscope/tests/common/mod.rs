//! Shared helpers for the integration tests: trace a program with the real heapscope
//! binary (and so the real CPython worker), then look at steps as a user would.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use heapscope_trace::{FrameId, ObjId, ObjectData, State, Sym, Trace};

/// The heapscope command under test: the cargo-built binary, or the one `HEAPSCOPE_BIN`
/// names (an installed wheel's `heapscope`, which traces with its own Python; CI runs the
/// tracer tests that way for every CPython it builds a wheel for).
pub fn bin() -> PathBuf {
    match std::env::var_os("HEAPSCOPE_BIN") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(env!("CARGO_BIN_EXE_heapscope")),
    }
}

/// Runs `heapscope ARGS` and returns (exit code, stdout, stderr).
pub fn heapscope(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run heapscope");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Traces `source` (as `prog.py` in a fresh folder) with extra flags; returns the trace.
pub fn trace_with(source: &str, flags: &[&str]) -> Trace {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("prog.py"), source).expect("write program");
    let mut args = vec!["trace", "prog.py", "-o", "prog.hstrace"];
    args.extend_from_slice(flags);
    let (code, _out, err) = heapscope(&args, dir.path());
    assert_eq!(code, 0, "heapscope trace failed: {err}");
    heapscope_trace::read_trace(&dir.path().join("prog.hstrace")).expect("read trace")
}

/// Traces a program file as it is (its own folder, its own modules).
pub fn trace_file(path: &Path) -> Trace {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("t.hstrace");
    let (code, _o, err) = heapscope(
        &["trace", path.to_str().unwrap(), "-o", out.to_str().unwrap()],
        Path::new("."),
    );
    assert_eq!(code, 0, "heapscope trace failed: {err}");
    heapscope_trace::read_trace(&out).expect("read trace")
}

/// Traces `source` with default flags.
pub fn trace(source: &str) -> Trace {
    trace_with(source, &[])
}

/// A view of one step with name-based lookups.
pub struct Step<'t> {
    pub trace: &'t Trace,
    pub state: State,
}

pub fn step(trace: &Trace, n: u64) -> Step<'_> {
    Step {
        trace,
        state: trace.state_at(n).expect("state"),
    }
}

/// Every step in order (read with a cursor: one pass over the trace).
pub fn steps(trace: &Trace) -> Vec<Step<'_>> {
    let mut out = Vec::with_capacity(trace.len() as usize);
    let mut cursor = trace.cursor();
    while let Some(state) = cursor.next_state().expect("state") {
        out.push(Step {
            trace,
            state: state.clone(),
        });
    }
    out
}

impl<'t> Step<'t> {
    pub fn sym(&self, s: &str) -> Option<Sym> {
        self.trace.symbols().lookup(s)
    }
    pub fn text(&self, s: Sym) -> &str {
        self.trace.symbols().text(s)
    }
    /// Names of the active frames, oldest first ("<module>" for the global frame).
    pub fn frame_names(&self) -> Vec<String> {
        self.state
            .stack_frames()
            .map(|f| self.text(f.func).to_owned())
            .collect()
    }
    /// The variables of the newest active frame called `func`, in order.
    pub fn vars_of(&self, func: &str) -> Vec<String> {
        self.state
            .stack_frames()
            .filter(|f| self.text(f.func) == func)
            .last()
            .map(|f| {
                f.vars
                    .iter()
                    .map(|(n, _)| self.text(*n).to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
    /// The object a variable of the newest frame called `func` refers to.
    pub fn var(&self, func: &str, name: &str) -> Option<ObjId> {
        let s = self.sym(name)?;
        self.state
            .stack_frames()
            .filter(|f| self.text(f.func) == func)
            .last()?
            .var(s)
    }
    pub fn global(&self, name: &str) -> Option<ObjId> {
        let s = self.sym(name)?;
        self.state.frame(FrameId::GLOBAL)?.var(s)
    }
    pub fn obj(&self, id: ObjId) -> Option<&ObjectData> {
        self.state.object(id)
    }
    /// The Python-like repr of an object.
    pub fn repr(&self, id: ObjId) -> String {
        heapscope_trace::Repr::new(&self.state, self.trace.symbols(), Default::default()).of(id)
    }
    /// The repr of a global variable's value.
    pub fn global_repr(&self, name: &str) -> Option<String> {
        self.global(name).map(|id| self.repr(id))
    }
    /// How many variables (in all active frames) and container slots refer to `id`.
    pub fn references_to(&self, id: ObjId) -> usize {
        let from_vars = self
            .state
            .stack_frames()
            .flat_map(|f| f.vars.iter())
            .filter(|(_, v)| *v == id)
            .count();
        let from_objs = self
            .state
            .objects()
            .map(|(_, o)| o.children().iter().filter(|c| **c == id).count())
            .sum::<usize>();
        from_vars + from_objs
    }
    pub fn output(&self) -> String {
        self.trace.output_until(self.state.step, None)
    }
}

/// The first step whose line is `line` and event matches, if any.
pub fn first_step_at<'t>(
    trace: &'t Trace,
    line: u32,
    event: heapscope_trace::Event,
) -> Option<Step<'t>> {
    steps(trace)
        .into_iter()
        .find(|s| s.state.line == line && s.state.event == Some(event))
}

/// An exported page's step data as JSON text, inflated when the page stores it gzipped
/// (pages past a size are), so a test reads what the player shows whatever the size.
pub fn export_data(html: &str) -> String {
    use base64::Engine as _;
    use std::io::Read as _;
    let start = html
        .find(r#"<script id="data" type="application/json" data-enc=""#)
        .expect("the page's data element");
    let rest = &html[start..];
    let (enc, rest) = rest
        .split_once(r#"data-enc=""#)
        .and_then(|(_, r)| r.split_once('"'))
        .expect("its encoding");
    let body = &rest[1..rest.find("</script>").expect("its end")];
    match enc {
        "gzip" => {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(body.trim())
                .expect("base64 step data");
            let mut text = String::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut text)
                .expect("gzipped step data");
            text
        }
        _ => body.to_owned(),
    }
}

//! heapscope against CPython itself, step by step, on a corpus of real programs written
//! elsewhere (`tests/differential/`, see its README for sources and licences).
//!
//! For each program, a small pure-Python recorder (`tests/differential/reference.py`,
//! `sys.settrace`, the program's own file only) writes what CPython has at every event:
//! the event and line, every frame of the program with the variables `f_locals` holds,
//! their values rendered structurally, and which variables hold one object. heapscope
//! records the same program; at every step the two must agree on the event, the line, the
//! frames, the names in each frame, the values and the sharing, and the program's output
//! under heapscope, under the recorder and under plain `python3` must be the same.
//!
//! A program that differs must be listed with its reason in
//! `tests/differential/differences.md`; a listed program that now matches fails too. The
//! Python that runs the recorder must be the one heapscope embeds (`python3`, or
//! `HEAPSCOPE_DIFF_PYTHON`); with `CI` set, a missing one fails instead of skipping.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use heapscope_trace::{
    format_float, format_int, Event, ObjId, ObjectData, Repr, SeqKind, State, Stream, Symbols,
};
use serde_json::{json, Value};

/// Events compared per program (a longer run is compared up to here), unless
/// `HEAPSCOPE_DIFF_MAX_EVENTS` says fewer (CI's runs on other Python versions, to keep
/// their cost small).
fn max_events() -> usize {
    std::env::var("HEAPSCOPE_DIFF_MAX_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000)
}
/// As the recorder: containers longer than this are compared by length only.
const MAX_ITEMS: u64 = 50;
const MAX_DEPTH: usize = 3;
/// Values rendered per variable (pre-order, as the recorder).
const MAX_NODES: usize = 200;

/// Set when the recorder's Python is 3.10 (see `heapscope_step`).
static SHORT_NAMES: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/differential")
}

fn python() -> String {
    std::env::var("HEAPSCOPE_DIFF_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// The interpreter `python()` names, as a path (a pyenv shim costs a shell per run, and
/// the test starts three Pythons per program).
fn python_path() -> Option<String> {
    let out = Command::new(python())
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .ok()?;
    let path = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    (out.status.success() && !path.is_empty()).then_some(path)
}

/// A value as the recorder renders it.
fn render(
    state: &State,
    syms: &Symbols,
    id: ObjId,
    depth: usize,
    active: &mut Vec<ObjId>,
    budget: &mut usize,
) -> Value {
    if *budget == 0 {
        return json!({ "more": true });
    }
    *budget -= 1;
    let Some(d) = state.object(id) else {
        return json!({ "missing": id.0 });
    };
    match d {
        ObjectData::None => Value::Null,
        ObjectData::Bool(b) => json!(b),
        ObjectData::Int(v) => json!({ "i": format_int(v) }),
        ObjectData::Float(f) => json!({ "f": format_float(*f) }),
        ObjectData::Str(t) => json!({ "s": t.text, "n": t.len }),
        ObjectData::Seq(kind, seq) => {
            let name = match kind {
                SeqKind::List => "list",
                SeqKind::Tuple => "tuple",
                SeqKind::Set => "set",
                SeqKind::FrozenSet => "frozenset",
            };
            if depth >= MAX_DEPTH || active.contains(&id) {
                return json!({ "deep": name });
            }
            if seq.len > MAX_ITEMS {
                return json!({ "cut": name, "n": seq.len });
            }
            active.push(id);
            let items: Vec<Value> = seq
                .items
                .iter()
                .map(|&i| render(state, syms, i, depth + 1, active, budget))
                .collect();
            active.pop();
            json!({ name: items })
        }
        ObjectData::Dict(dict) => {
            if depth >= MAX_DEPTH || active.contains(&id) {
                return json!({ "deep": "dict" });
            }
            if dict.len > MAX_ITEMS {
                return json!({ "cut": "dict", "n": dict.len });
            }
            active.push(id);
            let entries: Vec<Value> = dict
                .entries
                .iter()
                .map(|&(k, v)| {
                    let k = render(state, syms, k, depth + 1, active, budget);
                    json!([k, render(state, syms, v, depth + 1, active, budget)])
                })
                .collect();
            active.pop();
            json!({ "dict": entries })
        }
        other => json!({ "t": Repr::new(state, syms, Default::default()).type_name(other) }),
    }
}

/// True for objects whose identity is compared (as the recorder's `shared`).
fn shared(d: Option<&ObjectData>) -> bool {
    !matches!(
        d,
        None | Some(
            ObjectData::None
                | ObjectData::Bool(_)
                | ObjectData::Int(_)
                | ObjectData::Float(_)
                | ObjectData::Complex { .. }
                | ObjectData::Str(_)
                | ObjectData::Bytes { mutable: false, .. }
                | ObjectData::Range { .. }
                | ObjectData::Seq(SeqKind::Tuple | SeqKind::FrozenSet, _)
        )
    )
}

/// One step as the recorder writes it (sharing as: each variable → the first variable,
/// in frame then name order, that holds the same object).
fn heapscope_step(state: &State, syms: &Symbols) -> Value {
    let event = match state.event {
        Some(Event::Line) => "line",
        Some(Event::Call) => "call",
        Some(Event::Return) => "return",
        Some(Event::Exception) => "exception",
        _ => "final",
    };
    let mut frames = Vec::new();
    let mut holders: Vec<(usize, String, ObjId)> = Vec::new();
    for (i, f) in state.stack_frames().enumerate() {
        let mut names = serde_json::Map::new();
        for &(n, v) in &f.vars {
            names.insert(
                syms.text(n).to_owned(),
                render(state, syms, v, 0, &mut Vec::new(), &mut MAX_NODES.clone()),
            );
            if shared(state.object(v)) {
                holders.push((i, syms.text(n).to_owned(), v));
            }
        }
        let func = syms.text(f.func);
        // 3.10's code objects have no qualified name: the recorder writes `co_name`, and
        // heapscope's name (rebuilt, `Outer.<locals>.inner`) is compared by its last part.
        let func = if SHORT_NAMES.load(std::sync::atomic::Ordering::Relaxed) {
            func.rsplit('.').next().unwrap_or(func)
        } else {
            func
        };
        frames.push(json!([func, names]));
    }
    json!({ "e": event, "l": state.line, "frames": frames, "share": sharing(holders) })
}

fn sharing<K: PartialEq + Copy>(mut holders: Vec<(usize, String, K)>) -> Value {
    holders.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut out = serde_json::Map::new();
    for (i, n, k) in &holders {
        let first = holders.iter().find(|h| h.2 == *k).expect("itself");
        out.insert(
            format!("{i}:{n}"),
            json!(format!("{}:{}", first.0, first.1)),
        );
    }
    Value::Object(out)
}

/// The recorder's line, normalised as `heapscope_step` (sharing by first holder).
fn reference_step(mut v: Value) -> Value {
    let groups: Vec<(usize, String, u64)> = v["share"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|g| {
                    (
                        g[0].as_u64().unwrap_or(0) as usize,
                        g[1].as_str().unwrap_or("").to_owned(),
                        g[2].as_u64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    v["share"] = sharing(groups);
    v
}

/// Runs `program` with `args` in `dir`; returns (success, stdout).
fn run(program: &str, args: &[&str], dir: &Path) -> Result<(bool, String), String> {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PYTHONHASHSEED", "0")
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    Ok((
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    ))
}

/// What differs in one program, or None when it matches; also the steps compared.
fn compare(prog: &Path, py: &str) -> Result<(Option<String>, usize), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let file = dir.path().join(prog.file_name().unwrap());
    std::fs::copy(prog, &file).map_err(|e| e.to_string())?;
    let file_s = file.to_str().unwrap();
    let max_events = max_events();
    let reference = root().join("reference.py");
    let out_path = dir.path().join("ref.jsonl");
    let max = max_events.to_string();
    let (_, ref_stdout) = run(
        py,
        &[
            reference.to_str().unwrap(),
            file_s,
            out_path.to_str().unwrap(),
            &max,
        ],
        dir.path(),
    )?;
    let text = std::fs::read_to_string(&out_path)
        .map_err(|e| format!("the recorder wrote nothing: {e}"))?;
    let mut lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("recorder JSON"))
        .collect();
    let end = lines.pop().ok_or("empty record")?;
    if end["end"] == "syntax_error" {
        return Ok((None, usize::MAX)); // not Python 3: nothing to compare
    }
    let complete = end["end"] != "stopped";
    if end["end"] == "exception" || end["end"] == "exit" {
        // heapscope shows the module's unwinding as its final step, not as a return.
        if lines.last().is_some_and(|l| {
            l["e"] == "return" && l["frames"].as_array().is_some_and(|f| f.len() == 1)
        }) {
            lines.pop();
        }
    }
    let hs = dir.path().join("t.hstrace");
    let steps = (max_events + 1).to_string();
    let (code, _o, err) = common::heapscope(
        &[
            "trace",
            file_s,
            "-o",
            hs.to_str().unwrap(),
            "--max-steps",
            &steps,
            "--max-items",
            "51",
            "--timeout",
            "60",
        ],
        dir.path(),
    );
    if code != 0 {
        return Ok((Some(format!("heapscope trace failed: {err}")), 0));
    }
    let trace = heapscope_trace::read_trace(&hs).map_err(|e| e.to_string())?;
    let syms = trace.symbols();
    let mut ours = Vec::new();
    let mut cursor = trace.cursor();
    while let Some(state) = cursor.next_state().map_err(|e| e.to_string())? {
        if state.event.is_some_and(|e| !e.is_final()) && ours.len() < max_events {
            ours.push(heapscope_step(state, syms));
        }
    }
    let lines_len = lines.len();
    let compared = ours.len().min(lines_len);
    for (i, (a, b)) in ours
        .iter()
        .zip(lines.into_iter().map(reference_step))
        .enumerate()
    {
        if *a != b {
            return Ok((Some(first_difference(i, a, &b)), compared));
        }
    }
    if complete && ours.len() != lines_len {
        return Ok((
            Some(format!(
                "{} heapscope steps, {} CPython events",
                ours.len(),
                lines_len
            )),
            compared,
        ));
    }
    if complete {
        let (_, plain) = run(py, &[file_s], dir.path())?;
        let shown = trace.output_until(trace.len(), Some(Stream::Stdout));
        if shown != plain || ref_stdout != plain {
            return Ok((
                Some(format!(
                    "output differs: python3 {:?}…, heapscope {:?}…",
                    cut(&plain),
                    cut(&shown)
                )),
                compared,
            ));
        }
    }
    Ok((None, compared))
}

fn cut(s: &str) -> String {
    s.chars().take(80).collect()
}

fn first_difference(i: usize, a: &Value, b: &Value) -> String {
    let (la, lb) = (a["l"].clone(), b["l"].clone());
    if a["e"] != b["e"] || la != lb {
        return format!(
            "step {}: heapscope {} line {la}, CPython {} line {lb}",
            i + 1,
            a["e"],
            b["e"]
        );
    }
    let (fa, fb) = (
        a["frames"].as_array().cloned().unwrap_or_default(),
        b["frames"].as_array().cloned().unwrap_or_default(),
    );
    let names = |f: &[Value]| {
        f.iter()
            .map(|x| x[0].as_str().unwrap_or("").to_owned())
            .collect::<Vec<_>>()
    };
    if names(&fa) != names(&fb) {
        return format!(
            "step {} (line {la}): frames {:?} vs CPython {:?}",
            i + 1,
            names(&fa),
            names(&fb)
        );
    }
    for (x, y) in fa.iter().zip(&fb) {
        let (vx, vy) = (
            x[1].as_object().cloned().unwrap_or_default(),
            y[1].as_object().cloned().unwrap_or_default(),
        );
        let (kx, ky): (Vec<_>, Vec<_>) = (
            vx.keys()
                .cloned()
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
            vy.keys()
                .cloned()
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
        );
        if kx != ky {
            return format!(
                "step {} (line {la}) frame {}: names {kx:?} vs CPython {ky:?}",
                i + 1,
                x[0]
            );
        }
        for k in &kx {
            if vx[k] != vy[k] {
                let s = |v: &Value| v.to_string().chars().take(160).collect::<String>();
                return format!(
                    "step {} (line {la}) frame {} `{k}`: {} vs CPython {}",
                    i + 1,
                    x[0],
                    s(&vx[k]),
                    s(&vy[k])
                );
            }
        }
    }
    format!(
        "step {} (line {la}): sharing {} vs CPython {}",
        i + 1,
        a["share"],
        b["share"]
    )
}

/// Listed programs and their reasons (lines ``- `NAME`: reason``, or
/// ``- `NAME` (3.12, 3.13): reason`` for a difference on those versions only) that apply
/// to CPython `version`.
fn listed(path: &Path, version: &str) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut out = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("- `") else {
            continue;
        };
        let Some((name, reason)) = rest.split_once('`') else {
            continue;
        };
        let mut reason = reason.trim_start();
        let mut applies = true;
        if let Some(r) = reason.strip_prefix('(') {
            let (versions, r) = r
                .split_once(')')
                .unwrap_or_else(|| panic!("`{name}`: unclosed version list"));
            applies = versions.split(',').any(|v| v.trim() == version);
            let key = format!("{name} {versions}");
            assert!(seen.insert(key), "`{name}` ({versions}) is listed twice");
            reason = r;
        } else {
            assert!(seen.insert(name.to_owned()), "`{name}` is listed twice");
        }
        let reason = reason.trim_start_matches(':').trim();
        assert!(!reason.is_empty(), "`{name}` is listed without a reason");
        if applies {
            assert!(
                out.insert(name.to_owned(), reason.to_owned()).is_none(),
                "`{name}` is listed twice for {version}"
            );
        }
    }
    out
}

#[test]
fn heapscope_agrees_with_cpython_on_every_step_of_the_corpus() {
    let version = Command::new(python())
        .args(["-c", "import sys; print('%d.%d' % sys.version_info[:2])"])
        .output();
    let version = match version {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim().to_owned(),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "no {} to run the reference recorder",
                python()
            );
            eprintln!("SKIPPED: no {} to run the reference recorder", python());
            return;
        }
    };
    SHORT_NAMES.store(version == "3.10", std::sync::atomic::Ordering::Relaxed);
    let mut programs: Vec<PathBuf> = std::fs::read_dir(root().join("corpus"))
        .expect("tests/differential/corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    // Python Tutor's example programs (MIT), read where they are: the project does not
    // copy them (see ../shared/opt-corpus/README.md). Those that read input are left out
    // (the recorder has no answers to give).
    let tutor = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/opt-corpus");
    let tutor = std::env::var_os("HEAPSCOPE_OPT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or(tutor);
    let tutor_found = tutor.is_dir();
    match std::fs::read_dir(&tutor) {
        Ok(dir) => programs.extend(
            dir.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "py"))
                .filter(|p| std::fs::read_to_string(p).is_ok_and(|s| !s.contains("input("))),
        ),
        Err(_) => eprintln!(
            "(Python Tutor's programs not found at {}: not compared)",
            tutor.display()
        ),
    }
    programs.sort();
    assert!(!programs.is_empty());
    let only = std::env::var("HEAPSCOPE_DIFF_ONLY").ok();
    let py = python_path().expect("the recorder's Python answered above");
    let results: Mutex<HashMap<String, (Option<String>, usize)>> = Mutex::new(HashMap::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(p) = programs.get(i) else { break };
                let name = p.file_stem().unwrap().to_string_lossy().into_owned();
                if only.as_ref().is_some_and(|o| !name.contains(o.as_str())) {
                    continue;
                }
                let r =
                    compare(p, &py).unwrap_or_else(|e| (Some(format!("could not run: {e}")), 0));
                results.lock().unwrap().insert(name, r);
            });
        }
    });
    let results = results.into_inner().unwrap();
    let listed = listed(&root().join("differences.md"), &version);
    let mut problems = Vec::new();
    let (mut matched, mut steps) = (0, 0);
    let mut names: Vec<_> = results.keys().cloned().collect();
    names.sort();
    let mut not_python3 = 0;
    for name in &names {
        let (diff, n) = &results[name];
        if *n == usize::MAX {
            not_python3 += 1;
            continue;
        }
        steps += n;
        match (diff, listed.get(name)) {
            (None, None) => matched += 1,
            (None, Some(_)) => problems.push(format!(
                "{name}: matches now; remove it from differences.md"
            )),
            (Some(d), None) => problems.push(format!("{name}: {d}")),
            (Some(_), Some(_)) => {}
        }
    }
    let compared = names.len() - not_python3;
    eprintln!("CPython {version}: {matched} of {compared} programs agree with CPython at every step ({steps} steps compared, up to {} per program); {} listed; {not_python3} not Python 3, not compared", max_events(), compared - matched);
    // Without Python Tutor's folder (a user's fresh clone) its listed programs are not run.
    if only.is_none() && tutor_found {
        for name in listed.keys() {
            if !results.contains_key(name) {
                problems.push(format!(
                    "{name}: listed in differences.md but not in the corpus"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

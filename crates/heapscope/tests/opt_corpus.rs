//! heapscope's Python Tutor output (`trace --format opt`) against Python Tutor's own traces
//! of the same programs (`../shared/opt-corpus`, next to the repository).
//!
//! Each program runs through the real binary with Python Tutor's step limit (1000); its
//! JSON must equal the expected one step by step, ids aside (one bijection of heap ids per
//! trace, except that an id whose partner is gone may pair anew: Python Tutor's ids are
//! addresses, which CPython reuses) and set and dict order aside. A program that differs must be listed in
//! `tests/opt-corpus-differences.md` with its reason, and a listed program that now
//! matches fails the test too, so that file stays true.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde_json::Value;

/// Python Tutor stops its traces after this many steps.
const STEP_LIMIT: &str = "1000";

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn corpus_dir() -> PathBuf {
    match std::env::var_os("HEAPSCOPE_OPT_CORPUS") {
        Some(p) => PathBuf::from(p),
        None => repo_root().join("../shared/opt-corpus"),
    }
}

/// The programs listed in the differences file, with their reasons.
fn listed_differences(path: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("- `") else {
            continue;
        };
        let Some((name, reason)) = rest.split_once('`') else {
            continue;
        };
        let reason = reason.trim_start_matches(':').trim();
        assert!(
            !reason.is_empty(),
            "{}: `{name}` is listed without a reason",
            path.display()
        );
        assert!(
            out.insert(name.to_owned(), reason.to_owned()).is_none(),
            "`{name}` is listed twice"
        );
    }
    out
}

/// Runs one program; returns its opt JSON or what went wrong.
fn run_program(dir: &Path, name: &str) -> Result<Value, String> {
    let out = Command::new(env!("CARGO_BIN_EXE_heapscope"))
        .args([
            "trace",
            &format!("{name}.py"),
            "--format",
            "opt",
            "--max-steps",
            STEP_LIMIT,
        ])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .map_err(|e| format!("cannot run heapscope: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "heapscope failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("heapscope printed invalid JSON: {e}"))
}

/// Compares two traces structurally. Heap ids may differ but must correspond one to one
/// over the whole trace; sets and dicts may list their items in any order.
struct Matcher {
    exp_to_got: HashMap<String, String>,
    got_to_exp: HashMap<String, String>,
}

/// A value's shape with heap ids blanked, to order set and dict items the same way on both
/// sides.
fn shape(v: &Value) -> String {
    fn blank(v: &Value) -> Value {
        match v {
            Value::Array(a) if a.len() == 2 && a[0] == "REF" => Value::String("REF".into()),
            Value::Array(a) => Value::Array(a.iter().map(blank).collect()),
            other => other.clone(),
        }
    }
    blank(v).to_string()
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 300 {
        s.chars().take(300).collect::<String>() + "…"
    } else {
        s
    }
}

impl Matcher {
    fn new() -> Self {
        Matcher {
            exp_to_got: HashMap::new(),
            got_to_exp: HashMap::new(),
        }
    }

    fn trace(&mut self, exp: &Value, got: &Value) -> Result<(), String> {
        if exp["code"] != got["code"] {
            return Err("the code differs".into());
        }
        let (Some(e), Some(g)) = (exp["trace"].as_array(), got["trace"].as_array()) else {
            return Err("no trace array".into());
        };
        for (i, (es, gs)) in e.iter().zip(g).enumerate() {
            self.step(es, gs)
                .map_err(|m| format!("step {i} (line {} {}): {m}", es["line"], es["event"]))?;
        }
        if e.len() != g.len() {
            let (which, extra) = if e.len() > g.len() {
                ("expected", &e[g.len()])
            } else {
                ("got", &g[e.len()])
            };
            return Err(format!(
                "{} steps expected, {} got; first extra step ({which}): {}",
                e.len(),
                g.len(),
                short(extra)
            ));
        }
        Ok(())
    }

    fn step(&mut self, e: &Value, g: &Value) -> Result<(), String> {
        let (Some(eo), Some(go)) = (e.as_object(), g.as_object()) else {
            return Err("a step is not an object".into());
        };
        let ek: BTreeSet<&String> = eo.keys().collect();
        let gk: BTreeSet<&String> = go.keys().collect();
        if ek != gk {
            return Err(format!("fields differ: expected {ek:?}, got {gk:?}"));
        }
        let empty = serde_json::Map::new();
        let heaps = (
            e["heap"].as_object().unwrap_or(&empty),
            g["heap"].as_object().unwrap_or(&empty),
        );
        let mut seen = HashSet::new();
        for key in ek {
            if key == "heap" {
                continue;
            }
            self.value(&eo[key], &go[key], heaps, &mut seen)
                .map_err(|m| format!("{key}: {m}"))?;
        }
        if heaps.0.len() != heaps.1.len() {
            return Err(format!(
                "heap: {} objects expected, {} got",
                heaps.0.len(),
                heaps.1.len()
            ));
        }
        Ok(())
    }

    fn value(
        &mut self,
        e: &Value,
        g: &Value,
        heaps: (
            &serde_json::Map<String, Value>,
            &serde_json::Map<String, Value>,
        ),
        seen: &mut HashSet<String>,
    ) -> Result<(), String> {
        let mismatch = || Err(format!("expected {}, got {}", short(e), short(g)));
        match (e, g) {
            (Value::Array(ea), Value::Array(ga))
                if ea.len() == 2 && ga.len() == 2 && ea[0] == "REF" && ga[0] == "REF" =>
            {
                let (ei, gi) = (ea[1].to_string(), ga[1].to_string());
                match (self.exp_to_got.get(&ei), self.got_to_exp.get(&gi)) {
                    (None, None) => {
                        self.exp_to_got.insert(ei.clone(), gi.clone());
                        self.got_to_exp.insert(gi.clone(), ei.clone());
                    }
                    (Some(x), Some(y)) if *x == gi && *y == ei => {}
                    // Python Tutor's ids are addresses, which CPython gives again to new
                    // objects: an id whose partner is no longer on its heap may pair anew.
                    (x, y)
                        if x.is_none_or(|x| !heaps.1.contains_key(x))
                            && y.is_none_or(|y| !heaps.0.contains_key(y)) =>
                    {
                        self.exp_to_got.insert(ei.clone(), gi.clone());
                        self.got_to_exp.insert(gi.clone(), ei.clone());
                    }
                    _ => {
                        return Err(format!(
                            "object {ei} expected, {gi} got (ids do not correspond)"
                        ))
                    }
                }
                if !seen.insert(ei.clone()) {
                    return Ok(());
                }
                let (Some(eh), Some(gh)) = (heaps.0.get(&ei), heaps.1.get(&gi)) else {
                    return Err(format!("object {ei}/{gi} missing from a heap"));
                };
                self.value(eh, gh, heaps, seen)
                    .map_err(|m| format!("object {ei}: {m}"))
            }
            (Value::Array(ea), Value::Array(ga)) => {
                if ea.len() != ga.len() {
                    return mismatch();
                }
                let unordered = matches!(ea.first().and_then(Value::as_str), Some("SET" | "DICT"))
                    && ea.first() == ga.first();
                if unordered {
                    let mut es: Vec<&Value> = ea[1..].iter().collect();
                    let mut gs: Vec<&Value> = ga[1..].iter().collect();
                    es.sort_by_key(|v| shape(v));
                    gs.sort_by_key(|v| shape(v));
                    for (x, y) in es.into_iter().zip(gs) {
                        self.value(x, y, heaps, seen)?;
                    }
                    return Ok(());
                }
                for (x, y) in ea.iter().zip(ga) {
                    self.value(x, y, heaps, seen)?;
                }
                Ok(())
            }
            (Value::Object(eo), Value::Object(go)) => {
                let ek: BTreeSet<&String> = eo.keys().collect();
                let gk: BTreeSet<&String> = go.keys().collect();
                if ek != gk {
                    return mismatch();
                }
                for k in ek {
                    self.value(&eo[k], &go[k], heaps, seen)
                        .map_err(|m| format!("{k}: {m}"))?;
                }
                Ok(())
            }
            _ if e == g => Ok(()),
            // Ints beyond u64 are doubles on both sides, but serde_json reads a long integer
            // literal with a rounding error of a few units in the last place.
            (Value::Number(x), Value::Number(y))
                if x.as_f64().zip(y.as_f64()).is_some_and(|(a, b)| {
                    a.abs() >= 1.8e19 && (a - b).abs() <= a.abs() * 4.0 * f64::EPSILON
                }) =>
            {
                Ok(())
            }
            _ => mismatch(),
        }
    }
}

fn compare(dir: &Path, corpus: &Path, name: &str) -> Result<(), String> {
    let expected_path = corpus.join(format!("{name}.opt.json"));
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(&expected_path)
            .map_err(|e| format!("cannot read {}: {e}", expected_path.display()))?,
    )
    .map_err(|e| format!("{} is not JSON: {e}", expected_path.display()))?;
    let got = run_program(dir, name)?;
    Matcher::new().trace(&expected, &got)
}

#[test]
fn python_tutor_corpus_matches_except_listed_differences() {
    let corpus = corpus_dir();
    if !corpus.is_dir() {
        // CI lays shared/ beside the clone: there a missing corpus is a failure, not a skip.
        assert!(
            std::env::var_os("CI").is_none(),
            "the Python Tutor corpus is not at {} (HEAPSCOPE_OPT_CORPUS names another folder)",
            corpus.display()
        );
        eprintln!(
            "SKIPPED: the Python Tutor corpus is not at {} (it is kept outside the repository; \
             set HEAPSCOPE_OPT_CORPUS to its folder to run this test)",
            corpus.display()
        );
        return;
    }
    let differences_file = repo_root().join("tests/opt-corpus-differences.md");
    let listed = listed_differences(&differences_file);

    // Run in a copy, so nothing is written next to the corpus.
    let work = tempfile::tempdir().expect("a temporary folder");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&corpus).expect("read the corpus folder") {
        let path = entry.expect("a corpus entry").path();
        let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
            continue;
        };
        if let Some(name) = file.strip_suffix(".py") {
            std::fs::copy(&path, work.path().join(file)).expect("copy a program");
            if corpus.join(format!("{name}.opt.json")).is_file() {
                names.push(name.to_owned());
            }
        }
    }
    names.sort();
    assert!(!names.is_empty(), "no programs in {}", corpus.display());

    let results = Mutex::new(BTreeMap::new());
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 4);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(name) = names.get(i) else { break };
                let r = compare(work.path(), &corpus, name);
                results
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(name.clone(), r);
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());

    let mut problems = Vec::new();
    let mut matching = 0;
    for (name, r) in &results {
        match (r, listed.get(name)) {
            (Ok(()), None) => matching += 1,
            (Ok(()), Some(_)) => problems.push(format!(
                "{name}: matches now; remove it from the differences file"
            )),
            (Err(e), None) => problems.push(format!("{name}: differs and is not listed: {e}")),
            (Err(_), Some(_)) => {}
        }
    }
    for name in listed.keys().filter(|n| !results.contains_key(*n)) {
        problems.push(format!("{name}: listed but not in the corpus"));
    }
    println!(
        "{matching} of {} programs match Python Tutor exactly (ids and set/dict order aside); {} differ for listed reasons",
        results.len(),
        results.len() - matching
    );
    assert!(
        problems.is_empty(),
        "{} problem(s) against {}:\n{}",
        problems.len(),
        differences_file.display(),
        problems.join("\n")
    );
}

//! The server's limits, as a user meets them: a real `heapscope serve` process, real HTTP
//! requests on a loopback socket.
//!
//! - Drawing a step is CPU work on the server; a flood of step requests (a page that
//!   seeks, or an attacker) must get a JSON 503 with `Retry-After` once the drawing turns
//!   and the queue for them are full, and the server must go on answering.
//! - Deep sizes (`sizes=1`) on a wide heap are left out with a note past the server's
//!   bound on sized heaps.
//! - The hostile programs of the findings of issue #10 posted to a server under `strict`
//!   and `standard`: each ends as its header says, and after each the server answers,
//!   its own resource limits are unchanged (the programs get its pid as the sibling to
//!   attack) and the canary outside the sandbox is unchanged.

#[path = "common/host.rs"]
mod host;

use host::{port_of, process_state, request as http, serve, Answer, Kill};
use serde_json::{json, Value};

/// `heapscope serve --workers N ARGS` on any free port.
fn start_server(workers: &str, args: &[&str]) -> (Kill, u16) {
    let mut all = vec!["--workers", workers];
    all.extend_from_slice(args);
    let (server, url) = serve(&all);
    (server, port_of(&url))
}

#[test]
fn a_flood_of_step_drawings_gets_a_json_503_with_retry_after_and_the_server_keeps_answering() {
    // One worker: two drawings at once.
    let (_server, port) = start_server("1", &[]);
    // A deep recursion: each step's picture holds its whole stack, and sizes=1 works out
    // deep sizes over the window: seconds of drawing per step in a debug build.
    let code = "import sys\nsys.setrecursionlimit(5000)\ndef down(n):\n    return 0 if n == 0 else down(n - 1)\ndown(1000)\n";
    let run = http(port, "POST", "/api/run", Some(&json!({ "code": code }))).expect("run");
    assert_eq!(run.status, 200, "{}", run.body);
    let run: Value = serde_json::from_str(&run.body).expect("JSON");
    let id = run["id"].as_str().expect("an id").to_owned();
    let steps = run["steps"].as_u64().expect("steps");
    assert!(steps > 2000, "{run}");

    // 120 different steps at once (none cached): two are drawn, up to 64 wait their turn,
    // the rest are refused at once.
    let answers: Vec<Answer> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..120u64)
            .map(|i| {
                let path = format!("/api/trace/{id}/step/{}?sizes=1", 1000 + i * 7);
                s.spawn(move || http(port, "GET", &path, None).expect("an answer"))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("request thread"))
            .collect()
    });
    let ok = answers.iter().filter(|a| a.status == 200).count();
    let busy: Vec<&Answer> = answers.iter().filter(|a| a.status == 503).collect();
    let other: Vec<String> = answers
        .iter()
        .filter(|a| a.status != 200 && a.status != 503)
        .map(|a| format!("{} {}", a.status, a.body))
        .collect();
    assert!(other.is_empty(), "answers neither 200 nor 503: {other:?}");
    assert!(ok >= 2, "only {ok} drawings were made");
    assert!(
        busy.len() >= 120 - 2 - 64,
        "{} of 120 got 503: the drawings are not bounded ({ok} drawn)",
        busy.len()
    );
    for a in &busy {
        assert!(
            a.head.contains("content-type: application/json"),
            "{}",
            a.head
        );
        assert!(a.head.contains("retry-after: 1\r\n"), "{}", a.head);
        let v: Value = serde_json::from_str(&a.body).expect("a JSON 503");
        assert_eq!(v["status"], 503, "{v}");
        assert_eq!(
            v["error"],
            "busy, try again: the server is already drawing 2 steps at once and others are waiting",
            "{v}"
        );
    }
    for a in answers.iter().filter(|a| a.status == 200) {
        let v: Value = serde_json::from_str(&a.body).expect("a JSON step");
        assert!(
            v["svg"].as_str().is_some_and(|s| s.starts_with("<svg")),
            "{v}"
        );
    }
    eprintln!(
        "120 step requests at once: {ok} drawn, {} refused with 503",
        busy.len()
    );

    // The server still answers, and draws again once the flood is over.
    let health = http(port, "GET", "/api/health", None).expect("health");
    assert_eq!(health.status, 200, "{}", health.body);
    let step = http(port, "GET", &format!("/api/trace/{id}/step/1"), None).expect("a step");
    assert_eq!(step.status, 200, "{}", step.body);
}

/// POSTs `code` (with `stdin`) and returns the run's JSON.
fn run(port: u16, code: &str, stdin: &str) -> Value {
    let a = http(
        port,
        "POST",
        "/api/run",
        Some(&json!({ "code": code, "stdin": stdin })),
    )
    .expect("run");
    assert_eq!(a.status, 200, "{}", a.body);
    serde_json::from_str(&a.body).expect("JSON")
}

#[test]
fn deep_sizes_of_a_wide_heap_are_left_out_with_a_note() {
    let (_server, port) = start_server("1", &[]);
    // 10,000 lists of 100 ints: a million objects.
    let code = "rows = [list(range(100)) for i in range(10000)]\nrows[0][0] = -1\n";
    let r = run(port, code, "");
    assert_eq!(r["outcome"]["kind"], "finished", "{r}");
    let id = r["id"].as_str().expect("an id");
    let last = r["steps"].as_u64().expect("steps");
    let a = http(
        port,
        "GET",
        &format!("/api/trace/{id}/step/{last}?sizes=1"),
        None,
    )
    .expect("a step");
    assert_eq!(a.status, 200, "{}", a.body);
    let v: Value = serde_json::from_str(&a.body).expect("JSON");
    let notes: Vec<&str> = v["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let svg = v["svg"].as_str().unwrap_or_default();
    // The trace records the items a picture shows (the first and last of a long list),
    // so the heap the server sizes is what the picture holds: sized, or left out with a
    // note when it is over the server's bound (20,000 objects).
    let left_out = notes.iter().any(|n| {
        n.starts_with("sizes are not shown: the heap has ")
            && n.ends_with(" objects, and this server works out sizes for at most 20000")
    });
    assert!(
        left_out != svg.contains(" · deep "),
        "sizes neither shown nor left out with a note: {notes:?}"
    );
    eprintln!(
        "a wide heap with sizes=1: {}",
        if left_out {
            "left out with a note"
        } else {
            "sized"
        }
    );
}

/// The programs of `tests/hostile/` that attack the server, or that found a gap in #10.
const SERVER_CORPUS: &[&str] = &[
    "cffi_reach_others.py",
    "setrlimit.py",
    "kill_parent.py",
    "kill_group.py",
    "kill_all.py",
    "memfd_hoard.py",
    "forge_end_finished.py",
    "forge_huge_end_frame.py",
    "forge_stdout_to_pipe.py",
    "stderr_lies.py",
    "trace_lines_off.py",
    "thread_output_flood.py",
    "write_canary.py",
    "symlink_dotdot.py",
    "sqlite_uri.py",
    "del_deep_recursion_at_exit.py",
    "fork_bomb.py",
];

/// The kind of outcome `source`'s header expects under `policy`.
fn expected_kind(source: &str, policy: &str) -> String {
    let header: Vec<&str> = source.lines().take_while(|l| l.starts_with('#')).collect();
    let find = |key: &str| {
        header
            .iter()
            .find_map(|l| l.strip_prefix(key))
            .map(|k| k.trim().to_owned())
    };
    let plain = find("# expect:").expect("an '# expect:' line");
    if policy == "standard" {
        find("# standard-expect:").unwrap_or(plain)
    } else {
        plain
    }
}

#[test]
fn the_hostile_findings_posted_to_a_server_leave_it_answering_and_unchanged() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/hostile");
    for policy in ["strict", "standard"] {
        let (server, port) = start_server("2", &["--sandbox", policy, "--timeout", "3"]);
        let pid = server.0.id();
        let scratch = tempfile::tempdir().expect("tempdir");
        let canary = scratch.path().join("canary.txt");
        std::fs::write(&canary, "the canary is alive\n").expect("canary");
        // The canary's path, then the pid of the process to attack: the server's own.
        let stdin = format!("{}\n{pid}\n", canary.display());
        let before = process_state(pid);
        let mut failures = Vec::new();
        for name in SERVER_CORPUS {
            let source = std::fs::read_to_string(corpus.join(name)).expect("a corpus program");
            let r = run(port, &source, &stdin);
            let want = expected_kind(&source, policy);
            let got = r["outcome"]["kind"].as_str().unwrap_or("none").to_owned();
            if got != want {
                failures.push(format!("{name} ({policy}): expected {want}, got {r}"));
            }
            // Its last step draws, and the server still answers.
            let id = r["id"].as_str().unwrap_or_default();
            let last = r["steps"].as_u64().unwrap_or(1);
            let step = http(port, "GET", &format!("/api/trace/{id}/step/{last}"), None);
            if step.as_ref().map_or(true, |a| a.status != 200) {
                failures.push(format!("{name} ({policy}): its last step does not draw"));
            }
            match http(port, "GET", "/api/health", None) {
                Ok(a) if a.status == 200 => {}
                other => failures.push(format!(
                    "{name} ({policy}): the server stopped answering: {:?}",
                    other.map(|a| a.status)
                )),
            }
            let after = process_state(pid);
            if after != before {
                failures.push(format!(
                    "{name} ({policy}): the server's limits changed:\n{before}\n---\n{after}"
                ));
            }
            if std::fs::read_to_string(&canary).ok().as_deref() != Some("the canary is alive\n") {
                failures.push(format!("{name} ({policy}): the canary changed"));
            }
            eprintln!("{name} ({policy}): {got}");
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

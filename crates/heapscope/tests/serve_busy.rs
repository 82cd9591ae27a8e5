//! The server's bound on drawings, as a user meets it: a real `heapscope serve` process,
//! real HTTP requests on a loopback socket. Drawing a step is CPU work on the server; a
//! flood of step requests (a page that seeks, or an attacker) must get a JSON 503 with
//! `Retry-After` once the drawing turns and the queue for them are full, never an
//! unbounded pile of blocking threads, and the server must go on answering.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

/// Kills the server when the test ends, however it ends.
struct Kill(Child);
impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An answer: status, head (lower-cased), body.
struct Answer {
    status: u16,
    head: String,
    body: String,
}

/// One HTTP/1.1 request with `Connection: close`; the answer is read to its end.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> std::io::Result<Answer> {
    let s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(120)))?;
    let mut w = s.try_clone()?;
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    write!(
        w,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    )?;
    let mut r = BufReader::new(s);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if r.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let mut body = String::new();
    r.read_to_string(&mut body)?;
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Ok(Answer {
        status,
        head: head.to_ascii_lowercase(),
        body,
    })
}

/// `heapscope serve` with one worker (so two drawings at once) on any free port.
fn start_server() -> (Kill, u16) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_heapscope"))
        .args([
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--workers",
            "1",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("heapscope serve starts");
    let stdout = child.stdout.take().expect("its stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("serve prints its URL");
    let port = line
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://127.0.0.1:"))
        .and_then(|p| p.trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| panic!("serve prints its URL: {line:?}"));
    (Kill(child), port)
}

#[test]
fn a_flood_of_step_drawings_gets_a_json_503_with_retry_after_and_the_server_keeps_answering() {
    let (_server, port) = start_server();
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

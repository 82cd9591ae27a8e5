//! The host as the tests that start processes see it: a child killed when the test ends,
//! HTTP/1.1 to a local port (no client crate), `heapscope serve` on a free port, and what
//! `/proc` says about a process's limits (which a hostile program must not change).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

/// A port nobody listens on now (for a server or nginx the test starts).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Kills a child process when the test ends, however it ends.
pub struct Kill(pub Child);
impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An HTTP answer: status, head (lower-cased), body.
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: String,
}

/// One HTTP/1.1 request to 127.0.0.1:`port`.
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> std::io::Result<Answer> {
    request_with(port, method, path, body, &[])
}

/// [`request`] with `extra` headers.
pub fn request_with(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
    extra: &[(&str, &str)],
) -> std::io::Result<Answer> {
    let s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(120)))?;
    let mut w = s.try_clone()?;
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    let extra: String = extra.iter().map(|(k, v)| format!("{k}: {v}\r\n")).collect();
    write!(
        w,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{payload}",
        payload.len()
    )?;
    // Read the head, then exactly Content-Length bytes (or chunks): chromedriver may keep
    // the connection open whatever the request says.
    let mut r = BufReader::new(s);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if r.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let head = head.to_ascii_lowercase();
    let mut raw = Vec::new();
    if let Some(len) = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        raw.resize(len, 0);
        r.read_exact(&mut raw)?;
    } else if head.contains("transfer-encoding: chunked") {
        loop {
            let mut len = String::new();
            r.read_line(&mut len)?;
            let n = usize::from_str_radix(len.trim(), 16).unwrap_or(0);
            if n == 0 {
                break;
            }
            let mut chunk = vec![0; n + 2];
            r.read_exact(&mut chunk)?;
            raw.extend_from_slice(&chunk[..n]);
        }
    } else {
        r.read_to_end(&mut raw)?;
    }
    Ok(Answer {
        status,
        head,
        body: String::from_utf8_lossy(&raw).into_owned(),
    })
}

/// `heapscope serve ARGS` on 127.0.0.1 and any free port: the server and its URL.
pub fn serve(args: &[&str]) -> (Kill, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_heapscope"))
        .args(["serve", "--host", "127.0.0.1", "--port", "0"])
        .args(args)
        // A log line per run would drown the test's own output; warnings still show.
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("heapscope serve starts");
    let stdout = child.stdout.take().expect("its stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("serve prints its URL");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("serve prints its URL: {line:?}"))
        .to_string();
    (Kill(child), url)
}

/// The port of a `http://127.0.0.1:PORT/` URL.
pub fn port_of(url: &str) -> u16 {
    url.trim_start_matches("http://127.0.0.1:")
        .trim_end_matches('/')
        .parse()
        .unwrap_or_else(|_| panic!("not a loopback URL: {url}"))
}

/// A process's resource limits, nice value and allowed CPUs, as `/proc` tells them.
pub fn process_state(pid: u32) -> String {
    let read = |f: &str| {
        std::fs::read_to_string(format!("/proc/{pid}/{f}")).unwrap_or_else(|e| format!("gone: {e}"))
    };
    let stat = read("stat");
    // Field 19 of stat is the nice value (after the command name in parentheses).
    let nice = stat
        .rsplit(')')
        .next()
        .and_then(|r| r.split_whitespace().nth(16))
        .unwrap_or("?")
        .to_owned();
    let cpus = read("status")
        .lines()
        .filter(|l| l.starts_with("Cpus_allowed_list"))
        .collect::<String>();
    format!("{}\nnice {nice}\n{cpus}", read("limits"))
}

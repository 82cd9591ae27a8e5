//! Running the worker: spawn it in its own process group, send the request, read the
//! framed trace, stop it when time is up, and end the trace with a step that says how the
//! run ended, even when the worker could not say it itself.

use std::io::{Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use heapscope_trace::wire::{
    FrameOpener, FrameTag, StreamFault, StreamKey, WorkerConfig, WorkerEnd, WorkerHello,
};
use heapscope_trace::{Event, Observer, Outcome, Record, Trace, TraceBuilder, TraceMeta};

use crate::child::ChildRequest;
use crate::error::RunError;
use crate::options::RunOptions;

/// How much of the worker's stderr is kept for crash messages.
const STDERR_KEEP: usize = 64 * 1024;
/// Extra wall time the worker gets beyond its own limit before it is killed.
const GRACE: Duration = Duration::from_secs(2);

/// Traces the program in `path`. Its folder is where its own modules live and where it
/// runs.
pub fn trace_program(path: &Path, opts: &RunOptions) -> Result<Trace, RunError> {
    trace_program_observed(path, opts, &mut |_| {})
}

/// [`trace_program`], showing `observe` each step as it is recorded (to write an output
/// while the program runs, on the other core).
pub fn trace_program_observed(
    path: &Path,
    opts: &RunOptions,
    observe: Observer<'_>,
) -> Result<Trace, RunError> {
    let bytes = std::fs::read(path).map_err(|source| RunError::ReadProgram {
        path: path.to_owned(),
        source,
    })?;
    let source = crate::source::decode(&bytes).map_err(|e| match e {
        crate::source::Undecodable::NotText => RunError::NotText {
            path: path.to_owned(),
        },
        crate::source::Undecodable::Encoding(encoding) => RunError::Encoding {
            path: path.to_owned(),
            encoding,
        },
    })?;
    let abs = path.canonicalize().unwrap_or_else(|_| path.to_owned());
    let dir = abs
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| Path::new(".").to_path_buf());
    trace_source_observed(&path.display().to_string(), &source, &dir, opts, observe)
}

/// Traces `source`, shown as `display_path`, with `user_dir` as its folder.
pub fn trace_source(
    display_path: &str,
    source: &str,
    user_dir: &Path,
    opts: &RunOptions,
) -> Result<Trace, RunError> {
    trace_source_observed(display_path, source, user_dir, opts, &mut |_| {})
}

/// [`trace_source`], showing `observe` each step as it is recorded.
pub fn trace_source_observed(
    display_path: &str,
    source: &str,
    user_dir: &Path,
    opts: &RunOptions,
    observe: Observer<'_>,
) -> Result<Trace, RunError> {
    let mut meta = TraceMeta::for_program(source, display_path);
    meta.stdin = opts.stdin.clone();
    meta.options = opts.describe();
    meta.sandbox = opts.sandbox.to_string();
    let mut builder = TraceBuilder::new(meta);

    let config = WorkerConfig {
        path: display_path.to_owned(),
        source: source.to_owned(),
        user_dir: user_dir.display().to_string(),
        stdin: opts.stdin.clone(),
        max_steps: opts.max_steps,
        max_seconds: opts.timeout_secs,
        max_output: opts.max_output,
        max_items: opts.max_items,
        max_chars: opts.max_chars,
        max_depth: opts.max_depth,
        sandbox: opts.sandbox.to_string(),
        alloc_hook: opts.alloc_hook,
        stream_key: StreamKey::random().map_err(|source| RunError::Spawn {
            exe: opts.worker.program().to_owned(),
            source,
        })?,
    };
    let opener = FrameOpener::new(config.stream_key);
    let workspace =
        crate::sandbox::Workspace::create(opts.sandbox).map_err(|source| RunError::Spawn {
            exe: opts.worker.program().to_owned(),
            source,
        })?;
    let request = ChildRequest {
        config,
        max_memory: opts.max_memory,
        cpu_seconds: opts.timeout_secs.ceil() as u64 + 1,
        sandbox: workspace.request(user_dir),
    };

    let mut child = opts
        .worker
        .command()
        .current_dir(user_dir)
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("LANG", "C.UTF-8")
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        // One malloc arena: a thread's first allocation would otherwise reserve 64 MB of
        // address space for an arena of its own, or not, as the threads happen to contend.
        // The memory limit is an address-space limit, so how many threads a program could
        // start changed from run to run.
        .env("MALLOC_ARENA_MAX", "1")
        .envs(opts.worker.env())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|source| RunError::Spawn {
            exe: opts.worker.program().to_owned(),
            source,
        })?;
    let pid = child.id() as i32;

    // Watchdog: kill the whole process group when time is up.
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let timed_out = Arc::new(AtomicBool::new(false));
    let watchdog = {
        let timed_out = timed_out.clone();
        let limit = Duration::from_secs_f64(opts.timeout_secs.max(0.0)) + GRACE;
        std::thread::spawn(move || {
            if done_rx.recv_timeout(limit) == Err(mpsc::RecvTimeoutError::Timeout) {
                timed_out.store(true, Ordering::SeqCst);
                // SAFETY: signals our own child's process group.
                unsafe { libc::kill(-pid, libc::SIGKILL) };
            }
        })
    };
    let stderr_reader = child.stderr.take().map(|mut e| {
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            let mut buf = [0u8; 8192];
            while let Ok(n) = e.read(&mut buf) {
                if n == 0 {
                    break;
                }
                kept.extend_from_slice(&buf[..n]);
                if kept.len() > STDERR_KEEP {
                    kept.drain(..kept.len() - STDERR_KEEP);
                }
            }
            String::from_utf8_lossy(&kept).into_owned()
        })
    });
    if let Some(mut stdin) = child.stdin.take() {
        let json = serde_json::to_vec(&request).unwrap_or_default();
        // A worker that dies at once closes the pipe: its exit status tells why.
        let _ = stdin.write_all(&json);
    }

    let mut end: Option<WorkerEnd> = None;
    let mut hello = false;
    let mut stream_error: Option<String> = None;
    let mut forged: Option<String> = None;
    let mut too_big = false;
    if let Some(out) = child.stdout.take() {
        let frames = read_frames(out, opener, opts.max_trace_bytes);
        for frame in frames {
            match frame {
                Ok(None) => break,
                Ok(Some((FrameTag::Hello, payload))) => {
                    hello = true;
                    if let Ok(h) = serde_json::from_slice::<WorkerHello>(&payload) {
                        builder.meta_mut().python_version = h.python_version;
                    }
                }
                Ok(Some((FrameTag::Records, payload))) => {
                    if let Err(e) = builder.push_bytes_observed(&payload, observe) {
                        stream_error = Some(e.to_string());
                        // SAFETY: stop a worker whose stream we can no longer follow.
                        unsafe { libc::kill(-pid, libc::SIGKILL) };
                        break;
                    }
                }
                Ok(Some((FrameTag::End, payload))) => {
                    match serde_json::from_slice::<WorkerEnd>(&payload) {
                        Ok(e) => end = Some(e),
                        Err(e) => stream_error = Some(format!("unreadable end of run: {e}")),
                    }
                }
                Err(e) => {
                    match e {
                        StreamFault::Forged(what) => forged = Some(what),
                        StreamFault::Cut(what) => stream_error = Some(what),
                        // Keep what came before; the run ends here with a limit step.
                        StreamFault::TooLong(_) => too_big = true,
                    }
                    // SAFETY: signals our own child's process group.
                    unsafe { libc::kill(-pid, libc::SIGKILL) };
                    break;
                }
            }
        }
    }
    let status = child.wait();
    let _ = done_tx.send(());
    let _ = watchdog.join();
    let stderr = stderr_reader
        .and_then(|h| h.join().ok())
        .unwrap_or_default();

    if !hello && builder.is_empty() {
        let detail = match &status {
            Ok(s) => format!("{s}; {}", stderr.trim()),
            Err(e) => e.to_string(),
        };
        return Err(RunError::WorkerDidNotStart { detail });
    }

    if let (Some(end), None) = (end, &forged) {
        let meta = builder.meta_mut();
        meta.sources.extend(end.modules);
        meta.notes.extend(end.notes);
        let outcome = match end.outcome {
            Outcome::MemoryLimit { .. } => Outcome::MemoryLimit {
                bytes: opts.max_memory,
            },
            o => o,
        };
        meta.outcome = Some(outcome);
        return Ok(builder.finish_observed(observe)?);
    }

    // The worker did not finish its trace: say why, in a final step.
    let (line, frame, depth) = {
        let s = builder.state();
        (s.line, s.frame, s.stack.len())
    };
    // A worker killed at its time limit may stop mid-frame: the time limit is the cause.
    let outcome = if let Some(what) = &forged {
        builder.meta_mut().notes.push(format!(
            "the program wrote into heapscope's own trace stream ({what}): every step shown before this one was \
             recorded by heapscope; nothing after it was, so the run was stopped here"
        ));
        let at = if line > 0 {
            format!(" at line {line}")
        } else {
            String::new()
        };
        Outcome::Crashed {
            message: format!(
                "the program wrote into heapscope's trace stream{at}; the run was stopped there"
            ),
        }
    } else if too_big {
        Outcome::TraceLimit {
            bytes: opts.max_trace_bytes,
        }
    } else if timed_out.load(Ordering::SeqCst) {
        Outcome::TimeLimit {
            seconds: opts.timeout_secs,
        }
    } else if let Some(e) = stream_error {
        Outcome::Crashed {
            message: format!("the trace stream from the Python process was damaged ({e}: the process died while writing, or the program wrote into the stream)"),
        }
    } else {
        explain_exit(status.ok(), depth, line, opts)
    };
    let event = match outcome {
        Outcome::Crashed { .. } => Event::Crashed,
        _ => Event::LimitReached,
    };
    builder.push_observed(Record::Step { event, line, frame }, observe)?;
    builder.push(Record::Note {
        text: outcome.describe(),
    })?;
    if !stderr.trim().is_empty() {
        // The program can write there too: shown as its text, escaped, never as a verdict.
        let quoted: Vec<String> = tail(&stderr, 2000)
            .lines()
            .map(|l| format!("  | {}", heapscope_trace::terminal_safe(l)))
            .collect();
        builder.meta_mut().notes.push(format!(
            "the last words on the Python process's error stream (the program can write there too):\n{}",
            quoted.join("\n")
        ));
    }
    builder.meta_mut().outcome = Some(outcome);
    Ok(builder.finish_observed(observe)?)
}

fn tail(s: &str, max: usize) -> &str {
    let t = s.trim();
    if t.len() <= max {
        return t;
    }
    let mut start = t.len() - max;
    while !t.is_char_boundary(start) {
        start += 1;
    }
    &t[start..]
}

/// Why a worker stopped without finishing its trace, from facts only: the exit status,
/// the signal and the depth the trace reached. The error stream is not evidence: the
/// program can write "MemoryError" there itself.
fn explain_exit(
    status: Option<std::process::ExitStatus>,
    depth: usize,
    line: u32,
    opts: &RunOptions,
) -> Outcome {
    let Some(status) = status else {
        return Outcome::Crashed {
            message: format!("the Python process was lost at line {line}"),
        };
    };
    if let Some(sig) = status.signal() {
        if sig == libc::SIGXCPU {
            return Outcome::TimeLimit {
                seconds: opts.timeout_secs,
            };
        }
        // A C stack overflow: a fault (or Rust's overflow guard, which aborts) deep in
        // the program's calls.
        if matches!(sig, libc::SIGSEGV | libc::SIGBUS | libc::SIGABRT) && depth >= 500 {
            return Outcome::Crashed {
                message: format!("stack overflow at depth {depth}, line {line}"),
            };
        }
        return Outcome::Crashed {
            message: format!("killed by signal {} at line {line}", signal_name(sig)),
        };
    }
    let code = status.code().unwrap_or(-1);
    Outcome::Crashed {
        message: format!("the Python process exited with status {code} at line {line} before the program finished (os._exit?)"),
    }
}

fn signal_name(sig: i32) -> String {
    let name = match sig {
        libc::SIGSEGV => "SIGSEGV (segmentation fault)",
        libc::SIGABRT => "SIGABRT (abort)",
        libc::SIGBUS => "SIGBUS (bus error)",
        libc::SIGFPE => "SIGFPE (arithmetic error)",
        libc::SIGILL => "SIGILL (illegal instruction)",
        libc::SIGKILL => "SIGKILL (killed, perhaps for using too much memory)",
        libc::SIGTERM => "SIGTERM (terminated)",
        _ => return format!("{sig}"),
    };
    name.to_owned()
}

/// One frame as read: a frame, the end of the stream, or why the stream cannot be followed.
type FrameRead = Result<Option<(FrameTag, Vec<u8>)>, StreamFault>;

/// Frames the parent reads ahead of the trace builder: a frame is read and its tag checked
/// on a thread of its own while the one before is taken in, so the reading (system calls
/// and the SipHash of every byte) is not on the builder's path. At most a few frames wait;
/// the stream ends after the first error or the end of the stream.
fn read_frames(
    mut out: std::process::ChildStdout,
    mut opener: FrameOpener,
    max_trace_bytes: u64,
) -> mpsc::Receiver<FrameRead> {
    /// Frames read and not yet taken in (each at most the worker's largest, 1 MB or so).
    const AHEAD: usize = 4;
    let (tx, rx) = mpsc::sync_channel(AHEAD);
    let spawned = std::thread::Builder::new()
        .name("heapscope-frames".into())
        .spawn(move || {
            let mut received: u64 = 0;
            loop {
                // A frame past the trace cap is refused before it is read (or allocated).
                let frame = opener.read(&mut out, max_trace_bytes.saturating_sub(received));
                // Every frame counts toward the cap, whatever its kind.
                let last = match &frame {
                    Ok(Some((_, payload))) => {
                        received += payload.len() as u64;
                        false
                    }
                    _ => true,
                };
                if tx.send(frame).is_err() || last {
                    break;
                }
            }
        });
    if let Err(e) = spawned {
        // No thread: the stream is cut here, and the run says why.
        let (tx, rx) = mpsc::sync_channel(1);
        let _ = tx.send(Err(StreamFault::Cut(format!(
            "could not start the thread that reads the trace: {e}"
        ))));
        return rx;
    }
    rx
}

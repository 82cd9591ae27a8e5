//! The worker's side of the wire: records go to the parent as frames on the event pipe
//! (see `heapscope_trace::wire`).
//!
//! The tracer appends each step's records to a local buffer and commits it to a shared
//! one at the end of the step; a small thread writes the shared buffer out every few
//! milliseconds. So a program that then spins inside C code, calls `os._exit` or is
//! killed at its time limit still leaves the parent every step but the last instants,
//! without a system call per step on the hot path.

use std::fs::File;
use std::io::Write;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use heapscope_trace::wire::{FrameSealer, FrameTag, StreamKey};
use heapscope_trace::Record;

/// How often the writer thread sends what was committed. Short, so that the parent,
/// which follows the run frame by frame, has little left to take in when the program ends.
const FLUSH_EVERY: Duration = Duration::from_millis(4);
/// A step that comes this long after the last write is written at once.
const SLOW_STEP: Duration = Duration::from_millis(2);
/// A committed buffer this large is written at once (back-pressure from the parent).
const COMMIT_LIMIT: usize = 1 << 20;

struct Shared {
    file: File,
    buf: Vec<u8>,
    last_write: Instant,
}

impl Shared {
    fn write_out(&mut self, seal: &mut FrameSealer) {
        if self.buf.is_empty() {
            return;
        }
        if seal
            .write(&mut self.file, FrameTag::Records, &self.buf)
            .is_err()
        {
            // The parent has gone: there is no one to trace for.
            // SAFETY: _exit ends the process without running Python or Rust destructors.
            unsafe { libc::_exit(3) };
        }
        self.buf.clear();
        self.last_write = Instant::now();
    }

    /// Takes the committed records, to write them without holding the lock.
    fn take(&mut self, spare: &mut Vec<u8>) {
        spare.clear();
        std::mem::swap(&mut self.buf, spare);
        self.last_write = Instant::now();
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Buffers records and sends them to the parent in frames.
pub(crate) struct Emitter {
    local: Vec<u8>,
    shared: Arc<Mutex<Shared>>,
    /// Commits since the clock was last read (reading it at every step costs).
    commits: u32,
}

impl Emitter {
    /// Starts the writer thread on `file`; every frame is sealed with `key`.
    pub(crate) fn new(file: File, key: StreamKey) -> Emitter {
        lock(&SEALER).rekey(key);
        let shared = Arc::new(Mutex::new(Shared {
            file,
            buf: Vec::with_capacity(COMMIT_LIMIT),
            last_write: Instant::now(),
        }));
        let writer = Arc::clone(&shared);
        CRASH_FLUSH.store(Arc::as_ptr(&shared) as *mut Mutex<Shared>, Ordering::SeqCst);
        std::thread::Builder::new()
            .name("heapscope-writer".into())
            .stack_size(64 * 1024)
            .spawn(move || {
                // Swap the buffer out under the lock and write it after: the tracer never
                // waits for the pipe while the parent catches up. Only this thread writes
                // Records frames while tracing runs, so their order is kept.
                let mut spare = Vec::with_capacity(COMMIT_LIMIT);
                let mut out = match lock(&writer).file.try_clone() {
                    Ok(f) => f,
                    Err(_) => return,
                };
                loop {
                    std::thread::sleep(FLUSH_EVERY);
                    let mut seal = lock(&SEALER);
                    lock(&writer).take(&mut spare);
                    if !spare.is_empty() && seal.write(&mut out, FrameTag::Records, &spare).is_err()
                    {
                        // SAFETY: as in write_out.
                        unsafe { libc::_exit(3) };
                    }
                }
            })
            .ok();
        Emitter {
            local: Vec::with_capacity(64 * 1024),
            shared,
            commits: 0,
        }
    }

    #[inline]
    pub(crate) fn record(&mut self, rec: &Record) {
        rec.encode(&mut self.local);
    }

    /// Hands the records of the step just finished to the writer.
    pub(crate) fn commit(&mut self) {
        if self.local.is_empty() {
            return;
        }
        self.commits = self.commits.wrapping_add(1);
        let check_clock = self.commits.is_multiple_of(8);
        let urgent = {
            let mut g = lock(&self.shared);
            g.buf.extend_from_slice(&self.local);
            self.local.clear();
            // Slow steps (the start of a run, a program about to crash or hang) go out at
            // once; fast ones wait for the writer thread, at most one write per interval.
            // A step that follows a slow one always reads the clock.
            g.buf.len() >= COMMIT_LIMIT
                || ((check_clock || g.buf.len() < 4096) && g.last_write.elapsed() >= SLOW_STEP)
        };
        if urgent {
            let mut seal = lock(&SEALER);
            lock(&self.shared).write_out(&mut seal);
        }
    }

    /// Sends a JSON frame (hello or end), after everything before it.
    pub(crate) fn json(&mut self, tag: FrameTag, value: &impl serde::Serialize) {
        self.commit();
        let mut seal = lock(&SEALER);
        let mut g = lock(&self.shared);
        g.write_out(&mut seal);
        let payload = serde_json::to_vec(value).unwrap_or_default();
        if seal
            .write(&mut g.file, tag, &payload)
            .and_then(|_| g.file.flush())
            .is_err()
        {
            // SAFETY: as in write_out.
            unsafe { libc::_exit(3) };
        }
    }
}

/// Whoever writes to the pipe holds this, so frames never interleave and are numbered in
/// the order they are sent. The key lives here, in Rust memory the program cannot read
/// (under `strict`, `ctypes` and `cffi` are refused).
static SEALER: Mutex<FrameSealer> = Mutex::new(FrameSealer::UNKEYED);

/// The shared buffer, for the fatal-signal handler (the Emitter lives until `_exit`).
static CRASH_FLUSH: AtomicPtr<Mutex<Shared>> = AtomicPtr::new(std::ptr::null_mut());

const FATAL: [libc::c_int; 5] = [
    libc::SIGSEGV,
    libc::SIGBUS,
    libc::SIGABRT,
    libc::SIGFPE,
    libc::SIGILL,
];
static mut PREVIOUS: [Option<libc::sigaction>; 5] = [None; 5];

/// On a fatal signal (a segfault in C code, a C stack overflow), sends the steps already
/// committed, then restores the previous handler and returns: the fault happens again
/// under it and the process dies of that signal, which the parent reports.
extern "C" fn on_fatal(sig: libc::c_int, _info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    let p = CRASH_FLUSH.load(Ordering::SeqCst);
    if !p.is_null() {
        // try_lock is a single atomic operation and write(2) is async-signal-safe. If the
        // tracer or the writer held a lock, the steps stay unsent rather than deadlock.
        let turn = SEALER.try_lock();
        // SAFETY: p points to the shared buffer, which lives until the process ends.
        let shared = unsafe { &*p };
        if let (Ok(mut seal), Ok(mut guard)) = (turn, shared.try_lock()) {
            let g = &mut *guard;
            if !g.buf.is_empty() {
                let _ = seal.write(&mut g.file, FrameTag::Records, &g.buf);
                g.buf.clear();
            }
        }
    }
    if let Some(i) = FATAL.iter().position(|&s| s == sig) {
        // SAFETY: restores the action saved at install time.
        unsafe {
            match (*std::ptr::addr_of!(PREVIOUS))[i] {
                Some(prev) => libc::sigaction(sig, &prev, std::ptr::null_mut()),
                None => libc::signal(sig, libc::SIG_DFL) as libc::c_int,
            };
        }
    }
}

/// Installs [`on_fatal`] for the fatal signals, on the alternate signal stack.
pub(crate) fn install_crash_flush() {
    for (i, &sig) in FATAL.iter().enumerate() {
        // SAFETY: plain sigaction calls on a zeroed struct; the previous action is kept.
        unsafe {
            let mut act: libc::sigaction = std::mem::zeroed();
            act.sa_sigaction = on_fatal as *const () as usize;
            act.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
            libc::sigemptyset(&mut act.sa_mask);
            let mut prev: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(sig, &act, &mut prev) == 0 {
                (*std::ptr::addr_of_mut!(PREVIOUS))[i] = Some(prev);
            }
        }
    }
}

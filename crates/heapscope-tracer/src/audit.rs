//! The sandbox's Python layer: a PEP 578 audit hook, installed from C so the program
//! cannot remove it, that refuses what the sandbox forbids with a `PermissionError` a
//! learner can read ("open('/etc/passwd') is not allowed in this sandbox"), raised at the
//! line that asked, so the trace shows it as that step's exception.
//!
//! It is the friendly layer, not the only one: Landlock, seccomp and the namespaces (set
//! up by heapscope-runner before Python starts) refuse the same things in the kernel,
//! where a path that changes between this check and the system call, or a C extension
//! that never raises an audit event, cannot get past them.

use std::ffi::{c_char, c_int, c_void, CStr};
use std::os::unix::ffi::OsStrExt;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use heapscope_trace::wire::WorkerConfig;
use pyo3::ffi;
use pyo3::prelude::*;

type AuditHook = unsafe extern "C" fn(*const c_char, *mut ffi::PyObject, *mut c_void) -> c_int;

extern "C" {
    // Public since 3.8 (PEP 578); pyo3-ffi does not declare it.
    fn PySys_AddAuditHook(hook: AuditHook, user_data: *mut c_void) -> c_int;
}

/// What the program may read and write.
struct Policy {
    read: Vec<PathBuf>,
    write: Vec<PathBuf>,
    /// `ctypes` is refused only under strict: under standard a teacher may show what a
    /// segfault looks like, and the kernel layers hold whatever C code does.
    strict: bool,
}

static POLICY: OnceLock<Policy> = OnceLock::new();

/// Installs the hook when the sandbox is on (`cfg.sandbox` is "standard" or "strict").
/// Call it last in setup: from here on, every audited action of the program is checked.
pub(crate) fn install(py: Python<'_>, cfg: &WorkerConfig) -> PyResult<()> {
    let strict = match cfg.sandbox.as_str() {
        "strict" => true,
        "standard" => false,
        _ => return Ok(()),
    };
    let mut read: Vec<PathBuf> = ["/usr", "/lib", "/lib64", "/etc/localtime", "/dev/null"]
        .iter()
        .map(PathBuf::from)
        .collect();
    // The same folders a Python worker's Landlock rules leave readable.
    let folders = crate::folders::read(py);
    read.extend(folders.install);
    let mut write = vec![PathBuf::from("/dev/null")];
    // The runner points TMPDIR at the run's fresh folder; read now, before the program
    // can change the environment.
    if let Some(ws) = std::env::var_os("TMPDIR") {
        read.push(PathBuf::from(&ws));
        write.push(PathBuf::from(ws));
    }
    if !strict && !cfg.user_dir.is_empty() {
        read.push(PathBuf::from(&cfg.user_dir));
    }
    if !strict {
        // The folders imports come from, as the program starts: what `python prog.py`
        // could import, it may read.
        read.extend(folders.path);
    }
    let canon = |v: Vec<PathBuf>| {
        v.into_iter()
            .map(|p| p.canonicalize().unwrap_or(p))
            .collect()
    };
    let _ = POLICY.set(Policy {
        read: canon(read),
        write: canon(write),
        strict,
    });
    // SAFETY: the GIL is held; the hook is a plain function that lives as long as the
    // process, and it takes no user data.
    let r = unsafe { PySys_AddAuditHook(hook, std::ptr::null_mut()) };
    if r != 0 {
        return Err(PyErr::fetch(py));
    }
    Ok(())
}

/// The hook: 0 lets the action go on; -1 with an exception set refuses it.
///
/// # Safety
/// Called by CPython's audit machinery with the GIL held, a NUL-terminated event name and
/// the event's argument tuple.
unsafe extern "C" fn hook(
    event: *const c_char,
    args: *mut ffi::PyObject,
    _data: *mut c_void,
) -> c_int {
    // SAFETY: CPython passes a NUL-terminated event name and a tuple, with the GIL held.
    let verdict =
        std::panic::catch_unwind(|| unsafe { check(CStr::from_ptr(event).to_bytes(), args) });
    let message = match verdict {
        Ok(None) => return 0,
        Ok(Some(m)) => m,
        Err(_) => "this action is not allowed in this sandbox".to_owned(),
    };
    let c = std::ffi::CString::new(message.replace('\0', "?")).unwrap_or_default();
    // SAFETY: GIL held; sets the exception the audited call will raise.
    unsafe { ffi::PyErr_SetString(ffi::PyExc_PermissionError, c.as_ptr()) };
    -1
}

/// Modules that call C functions by name, refused under strict like `ctypes`.
const FFI_MODULES: &[&str] = &["_cffi_backend"];

const NO_PROCESSES: &str =
    "is not allowed in this sandbox (programs here cannot start other programs)";
const NO_NETWORK: &str = "is not allowed in this sandbox (programs here have no network)";

/// Why `event` with `args` is refused, or None when it is allowed.
///
/// # Safety
/// GIL held; `args` is the event's argument tuple.
unsafe fn check(event: &[u8], args: *mut ffi::PyObject) -> Option<String> {
    let policy = POLICY.get()?;
    // SAFETY: forwarded.
    let arg = |i: usize| unsafe { crate::pyread::tuple_get(args, i) };
    let ev = String::from_utf8_lossy(event);
    // SAFETY (for the closures below): GIL held, live objects from the argument tuple.
    match event {
        b"open" => {
            let path = arg(0)?;
            // SAFETY: see above.
            let flags = arg(2).map(|f| unsafe { crate::pyread::small_int(f) }.unwrap_or(0)).unwrap_or(0);
            let writes = flags & (libc::O_WRONLY | libc::O_RDWR | libc::O_CREAT | libc::O_TRUNC | libc::O_APPEND) as i64 != 0;
            // SAFETY: see above.
            let mode = arg(1).map(|m| unsafe { crate::pyread::safe_repr(m, true) }).filter(|m| m != "None" && m != "'r'" && m != "'rb'");
            // SAFETY: see above.
            unsafe { file_check(policy, path, writes, "open", mode.as_deref()) }
        }
        b"os.listdir" | b"os.scandir" => {
            // SAFETY: see above.
            arg(0).and_then(|p| unsafe { file_check(policy, p, false, &ev, None) })
        }
        b"os.remove" | b"os.rmdir" | b"os.mkdir" | b"os.chmod" | b"os.chown" | b"os.truncate" | b"os.utime" | b"os.setxattr"
        | b"os.removexattr" | b"shutil.rmtree" => {
            // SAFETY: see above.
            arg(0).and_then(|p| unsafe { file_check(policy, p, true, &ev, None) })
        }
        b"os.rename" | b"os.link" => {
            // SAFETY: see above.
            let a = arg(0).and_then(|p| unsafe { file_check(policy, p, true, &ev, None) });
            // SAFETY: see above.
            a.or_else(|| arg(1).and_then(|p| unsafe { file_check(policy, p, true, &ev, None) }))
        }
        b"sqlite3.connect" => {
            // SQLite opens its file in C, with no "open" event; an in-memory database
            // touches no file.
            let db = arg(0)?;
            // SAFETY: see above.
            let shown_db = unsafe { shown(db) };
            if shown_db == "':memory:'" || shown_db == "''" {
                return None;
            }
            // A URI (`file:/etc/x?mode=rwc` with `uri=True`) names its file after the
            // scheme; the name is also checked as the plain file name it would be
            // without `uri=True`.
            // SAFETY: see above.
            let text = unsafe { (ffi::PyUnicode_Check(db) != 0).then(|| crate::pyread::str_full(db)) };
            if let Some(path) = text.as_deref().and_then(|t| t.strip_prefix("file:")).and_then(sqlite_uri_path) {
                let refused = path_verdict(policy, &path, true, &format!("sqlite3.connect({shown_db})"));
                if refused.is_some() {
                    return refused;
                }
            }
            // SAFETY: see above.
            unsafe { file_check(policy, db, true, "sqlite3.connect", None) }
        }
        b"os.symlink" => {
            // The link's target is only text; where the link is made is what matters.
            // SAFETY: see above.
            arg(1).and_then(|p| unsafe { file_check(policy, p, true, &ev, None) })
        }
        b"os.system" => {
            // SAFETY: see above.
            let cmd = arg(0).map(|c| unsafe { shown(c) }).unwrap_or_default();
            Some(format!("os.system({cmd}) {NO_PROCESSES}"))
        }
        b"subprocess.Popen" => {
            // SAFETY: see above.
            let what = arg(1).or_else(|| arg(0)).map(|c| unsafe { shown(c) }).unwrap_or_default();
            Some(format!("subprocess.Popen({what}) {NO_PROCESSES}"))
        }
        b"os.exec" | b"os.posix_spawn" | b"os.spawn" => {
            // SAFETY: see above.
            let what = arg(0).map(|c| unsafe { shown(c) }).unwrap_or_default();
            Some(format!("{ev}({what}) {NO_PROCESSES}"))
        }
        b"os.fork" | b"os.forkpty" | b"pty.spawn" | b"os.startfile" => Some(format!("{ev}() {NO_PROCESSES}")),
        b"os.kill" => {
            // SAFETY: see above.
            let pid = arg(0).map(|p| unsafe { crate::pyread::small_int(p) }.unwrap_or(0)).unwrap_or(0);
            // SAFETY: getpid cannot fail.
            if pid == i64::from(unsafe { libc::getpid() }) {
                return None;
            }
            // SAFETY: see above.
            let sig = arg(1).map(|s| unsafe { crate::pyread::small_int(s) }.unwrap_or(0)).unwrap_or(0);
            Some(format!("os.kill({pid}, {sig}) is not allowed in this sandbox (a program here may only signal itself)"))
        }
        b"os.killpg" | b"signal.pthread_kill" => {
            Some(format!("{ev}() is not allowed in this sandbox (a program here may only signal itself)"))
        }
        b"sys.addaudithook" => Some("sys.addaudithook() is not allowed in this sandbox".into()),
        b"resource.setrlimit" | b"resource.prlimit" => Some(format!("{ev}() is not allowed in this sandbox (its limits are fixed)")),
        b"socket.__new__" => {
            // socket.socketpair() (asyncio's event loop) wraps two connected Unix
            // sockets of this process: harmless. A new Unix socket of the program's own
            // is refused by seccomp (no `socket` call), and connecting by the hook.
            // SAFETY: see above.
            let family = arg(1).map(|f| unsafe { crate::pyread::small_int(f) }.unwrap_or(0)).unwrap_or(-1);
            if family == i64::from(libc::AF_UNIX) {
                return None;
            }
            Some(format!("socket.socket() {NO_NETWORK}"))
        }
        _ if event.starts_with(b"socket.") => Some(format!("{ev}() {NO_NETWORK}")),
        b"import" if policy.strict => {
            // cffi calls any C function without the audit events that stop ctypes.
            // SAFETY: see above.
            let name = arg(0).map(|m| unsafe { shown(m) }).unwrap_or_default();
            let module = name.trim_matches('\'');
            (FFI_MODULES.iter().any(|m| module == *m || module.starts_with(&format!("{m}."))))
                .then(|| format!("import {module} is not allowed in this sandbox (it reaches memory and C functions directly)"))
        }
        _ if policy.strict && event.starts_with(b"ctypes.") => {
            Some(format!("{ev}() is not allowed in this sandbox (ctypes reaches memory and C functions directly)"))
        }
        _ => None,
    }
}

/// An argument as the learner wrote it, short.
///
/// # Safety
/// GIL held; `o` a live object.
unsafe fn shown(o: *mut ffi::PyObject) -> String {
    // SAFETY: forwarded; lists are read from their raw storage.
    let s = unsafe {
        if ffi::PyList_Check(o) != 0 {
            let n = crate::pyread::list_len(o).min(8);
            let items: Vec<String> = (0..n)
                .map(|i| shown(crate::pyread::list_item(o, i)))
                .collect();
            format!("[{}]", items.join(", "))
        } else if ffi::PyBytes_Check(o) != 0 {
            // os.system and the path events pass the learner's str encoded: show it as
            // the str they wrote.
            quote(&String::from_utf8_lossy(
                &crate::pyread::bytes_prefix(o, usize::MAX).0,
            ))
        } else {
            crate::pyread::safe_repr(o, true)
        }
    };
    if s.chars().count() > 120 {
        let cut: String = s.chars().take(117).collect();
        format!("{cut}...")
    } else {
        s
    }
}

fn quote(s: &str) -> String {
    heapscope_trace::quote_str(&heapscope_trace::TextValue {
        text: s.to_owned(),
        len: s.chars().count() as u64,
    })
}

/// What a path argument names.
enum PathArg {
    /// An open file descriptor (already allowed when it was opened).
    Fd,
    Path(PathBuf),
    /// Something that is not a path; refused, since it cannot be checked.
    Unknown,
}

/// # Safety
/// GIL held; `o` a live object.
unsafe fn path_arg(o: *mut ffi::PyObject, depth: u8) -> PathArg {
    // SAFETY: builtin checks and storage reads; `__fspath__` (pathlib.Path and the like)
    // is the one call into Python, and its result is owned and released here.
    unsafe {
        if o == ffi::Py_None() {
            return PathArg::Path(PathBuf::from("."));
        }
        if ffi::PyLong_Check(o) != 0 {
            return PathArg::Fd;
        }
        if ffi::PyUnicode_Check(o) != 0 {
            return PathArg::Path(PathBuf::from(crate::pyread::str_full(o)));
        }
        if ffi::PyBytes_Check(o) != 0 {
            return PathArg::Path(PathBuf::from(std::ffi::OsStr::from_bytes(
                &crate::pyread::bytes_prefix(o, usize::MAX).0,
            )));
        }
        if depth > 0 {
            return PathArg::Unknown;
        }
        let p = ffi::PyOS_FSPath(o);
        if p.is_null() {
            ffi::PyErr_Clear();
            return PathArg::Unknown;
        }
        let r = path_arg(p, depth + 1);
        ffi::Py_DECREF(p);
        r
    }
}

/// The path as the kernel would find it: symbolic links followed, each before the `..`
/// that comes after it (with `e -> /etc`, `e/../etc/hostname` is `/etc/hostname`, not a
/// file beside `e`), as far as the path exists; the rest, which does not exist yet, is
/// added with its `.` and `..` applied.
fn resolve(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_owned()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("/"))
            .join(p)
    };
    let parts: Vec<Component> = abs.components().collect();
    for k in (1..=parts.len()).rev() {
        let head: PathBuf = parts[..k].iter().collect();
        if let Ok(mut out) = head.canonicalize() {
            for c in &parts[k..] {
                match c {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::Normal(n) => out.push(n),
                    _ => {}
                }
            }
            return out;
        }
    }
    PathBuf::from("/")
}

/// The file an SQLite URI (`file:PATH?query`) names, or None for an in-memory database.
fn sqlite_uri_path(uri: &str) -> Option<PathBuf> {
    let end = uri.find(['?', '#']).unwrap_or(uri.len());
    let (path, query) = (&uri[..end], &uri[end..]);
    if query.contains("mode=memory") {
        return None;
    }
    // `file://host/path`: SQLite accepts only an empty host or "localhost".
    let path = match path.strip_prefix("//") {
        Some(rest) => rest.find('/').map_or("", |i| &rest[i..]),
        None => path,
    };
    let mut bytes = Vec::with_capacity(path.len());
    let raw = path.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            raw[i],
            raw.get(i + 1).and_then(|&b| hex(b)),
            raw.get(i + 2).and_then(|&b| hex(b)),
        ) {
            (b'%', Some(h), Some(l)) => {
                bytes.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                bytes.push(b);
                i += 1;
            }
        }
    }
    let path = PathBuf::from(std::ffi::OsStr::from_bytes(&bytes));
    (!path.as_os_str().is_empty() && path != Path::new(":memory:")).then_some(path)
}

/// Refuses a path outside what the policy allows (for writing: the workspace only).
///
/// # Safety
/// GIL held; `o` a live object.
unsafe fn file_check(
    policy: &Policy,
    o: *mut ffi::PyObject,
    writes: bool,
    what: &str,
    mode: Option<&str>,
) -> Option<String> {
    // SAFETY: forwarded.
    let arg = unsafe { path_arg(o, 0) };
    // SAFETY: forwarded.
    let shown_path = unsafe { shown(o) };
    let call = match mode {
        Some(m) => format!("{what}({shown_path}, {m})"),
        None => format!("{what}({shown_path})"),
    };
    match arg {
        PathArg::Fd => None,
        PathArg::Unknown => Some(format!("{call} is not allowed in this sandbox")),
        PathArg::Path(p) => path_verdict(policy, &p, writes, &call),
    }
}

/// Refuses `path` (as `call` shows it) when it is outside what the policy allows.
fn path_verdict(policy: &Policy, path: &Path, writes: bool, call: &str) -> Option<String> {
    let path = resolve(path);
    let roots = if writes { &policy.write } else { &policy.read };
    if roots.iter().any(|r| path.starts_with(r)) {
        return None;
    }
    Some(if writes {
        format!("{call} is not allowed in this sandbox (only files in the temporary folder, tempfile.gettempdir(), can be written)")
    } else {
        format!("{call} is not allowed in this sandbox")
    })
}

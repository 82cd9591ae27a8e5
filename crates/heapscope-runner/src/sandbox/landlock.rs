//! Landlock (Linux 5.13+), through its three system calls: the file system becomes
//! read-only and limited to what Python needs (its installation, the system's shared
//! libraries), the program's folder under `standard`, and the workspace, the only
//! writable place. Where the kernel's ABI has them, TCP bind/connect are refused (ABI 4)
//! and signals and abstract Unix sockets cannot reach outside the sandbox (ABI 6).

use std::ffi::CString;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use super::{Sandbox, SandboxRequest};

const EXECUTE: u64 = 1 << 0;
const WRITE_FILE: u64 = 1 << 1;
const READ_FILE: u64 = 1 << 2;
const READ_DIR: u64 = 1 << 3;
const REMOVE_DIR: u64 = 1 << 4;
const REMOVE_FILE: u64 = 1 << 5;
const MAKE_DIR: u64 = 1 << 7;
const MAKE_REG: u64 = 1 << 8;
const MAKE_SYM: u64 = 1 << 12;
const REFER: u64 = 1 << 13;
const TRUNCATE: u64 = 1 << 14;

/// Rights that apply to a file (a rule on a file may name only these).
const FILE_RIGHTS: u64 = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | (1 << 15);
const READ: u64 = EXECUTE | READ_FILE | READ_DIR;
const WORKSPACE: u64 = READ_FILE
    | READ_DIR
    | WRITE_FILE
    | REMOVE_DIR
    | REMOVE_FILE
    | MAKE_DIR
    | MAKE_REG
    | MAKE_SYM
    | REFER
    | TRUNCATE;

const NET_BIND_TCP: u64 = 1 << 0;
const NET_CONNECT_TCP: u64 = 1 << 1;
const SCOPE_ABSTRACT_UNIX_SOCKET: u64 = 1 << 0;
const SCOPE_SIGNAL: u64 = 1 << 1;

const CREATE_RULESET_VERSION: u32 = 1 << 0;
const RULE_PATH_BENEATH: libc::c_int = 1;

#[repr(C)]
struct RulesetAttr {
    handled_access_fs: u64,
    handled_access_net: u64,
    scoped: u64,
}

#[repr(C, packed)]
struct PathBeneathAttr {
    allowed_access: u64,
    parent_fd: i32,
}

/// Files and folders every policy reads: the shared libraries, the locale and time zone
/// data under /usr, the loader's cache.
const SYSTEM_READ: &[&str] = &[
    "/usr",
    "/lib",
    "/lib64",
    "/lib32",
    "/etc/ld.so.cache",
    "/etc/localtime",
];

/// The Python installation the worker runs: the folder above the `lib` folder that holds
/// the libpython this process has mapped (read from `/proc/self/maps`, so the runner
/// needs no knowledge of Python).
pub(crate) fn python_home() -> Option<PathBuf> {
    let maps = std::fs::read_to_string("/proc/self/maps").ok()?;
    let lib = maps
        .lines()
        .filter_map(|l| l.split_whitespace().nth(5))
        .find(|p| p.contains("/libpython"))?;
    let lib_dir = Path::new(lib).parent()?;
    Some(lib_dir.parent().unwrap_or(lib_dir).to_owned())
}

fn abi() -> io::Result<i32> {
    // SAFETY: the version query takes no attribute and returns the ABI or an error.
    let v = unsafe {
        libc::syscall(
            libc::SYS_landlock_create_ruleset,
            std::ptr::null::<RulesetAttr>(),
            0usize,
            CREATE_RULESET_VERSION,
        )
    };
    if v < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(v as i32)
    }
}

/// Every file-system right this ABI knows (all of them are handled, so all are denied
/// unless a rule grants them).
fn fs_rights(abi: i32) -> u64 {
    let mut r = (1u64 << 13) - 1;
    if abi >= 2 {
        r |= REFER;
    }
    if abi >= 3 {
        r |= TRUNCATE;
    }
    if abi >= 5 {
        r |= 1 << 15;
    }
    r
}

fn add_rule(ruleset: &OwnedFd, path: &Path, access: u64, handled: u64) -> io::Result<()> {
    let c = CString::new(path.as_os_str().as_bytes())
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    // SAFETY: open with O_PATH only names the file; the descriptor is owned below.
    let fd = unsafe { libc::open(c.as_ptr(), libc::O_PATH | libc::O_CLOEXEC) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fd is a fresh descriptor we own.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    let is_dir = std::fs::metadata(path).map(|m| m.is_dir()).unwrap_or(false);
    let mut allowed = access & handled;
    if !is_dir {
        allowed &= FILE_RIGHTS;
    }
    let attr = PathBeneathAttr {
        allowed_access: allowed,
        parent_fd: fd.as_raw_fd(),
    };
    // SAFETY: the attribute struct is the kernel's layout and lives across the call.
    let r = unsafe {
        libc::syscall(
            libc::SYS_landlock_add_rule,
            ruleset.as_raw_fd(),
            RULE_PATH_BENEATH,
            &attr as *const PathBeneathAttr,
            0u32,
        )
    };
    if r < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Restricts this process (and its future threads); returns the ABI used.
pub(crate) fn restrict(req: &SandboxRequest, python_home: Option<&Path>) -> io::Result<i32> {
    let abi = abi()?;
    let handled = fs_rights(abi);
    let attr = RulesetAttr {
        handled_access_fs: handled,
        handled_access_net: if abi >= 4 {
            NET_BIND_TCP | NET_CONNECT_TCP
        } else {
            0
        },
        scoped: if abi >= 6 {
            SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL
        } else {
            0
        },
    };
    // Older kernels reject a struct larger than they know unless the tail is zero; give
    // each the size of its own struct.
    let size = match abi {
        ..=3 => 8,
        4 | 5 => 16,
        _ => std::mem::size_of::<RulesetAttr>(),
    };
    // SAFETY: attr is valid for `size` bytes.
    let fd = unsafe {
        libc::syscall(
            libc::SYS_landlock_create_ruleset,
            &attr as *const RulesetAttr,
            size,
            0u32,
        )
    };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: a fresh descriptor we own.
    let ruleset = unsafe { OwnedFd::from_raw_fd(fd as i32) };

    let mut read: Vec<PathBuf> = SYSTEM_READ.iter().map(PathBuf::from).collect();
    read.extend(python_home.map(Path::to_owned));
    read.extend(req.python_install.iter().cloned());
    if req.policy == Sandbox::Standard {
        read.extend(req.user_dir.clone());
        read.extend(req.python_path.iter().cloned());
    }
    for p in &read {
        // A folder this system lacks (/lib32) is simply not granted.
        let _ = add_rule(&ruleset, p, READ, handled);
    }
    add_rule(
        &ruleset,
        Path::new("/dev/null"),
        READ_FILE | WRITE_FILE,
        handled,
    )?;
    if let Some(ws) = &req.workspace {
        add_rule(&ruleset, ws, WORKSPACE, handled)?;
    }
    // SAFETY: prctl with constant arguments; required before an unprivileged restrict.
    if unsafe { libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: restricts this process with the ruleset we built.
    if unsafe { libc::syscall(libc::SYS_landlock_restrict_self, ruleset.as_raw_fd(), 0u32) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(abi)
}

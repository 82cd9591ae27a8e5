//! The sandbox: what a traced program may touch, in layers that each hold on their own.
//!
//! The parent picks a [`Sandbox`] policy and makes a fresh, private [`Workspace`] folder;
//! the worker applies the layers to itself in [`apply`] before Python starts:
//! resource limits, a clean environment and the workspace, new user/network/IPC/UTS
//! namespaces, Landlock for the file system (and TCP and signals where the kernel has
//! it), and a seccomp filter. The tracer adds the last layer, a Python audit hook that
//! refuses with a message a learner understands (`heapscope-tracer/src/audit.rs`).
//! `docs/security.md` says what each layer blocks and what is not covered.
//!
//! Under `strict` every kernel layer but the namespaces must apply, or the run does not
//! start (fail closed: a server must not run a program with less protection than it
//! claims). Under `standard` (the command line's default) they are best effort, so that
//! heapscope still runs on kernels without Landlock.

mod landlock;
mod limits;
mod namespaces;
mod seccomp;
mod workspace;

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use workspace::Workspace;

/// How much a traced program is trusted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sandbox {
    /// Trusted: only the time and memory limits every run has.
    #[default]
    Off,
    /// The command line's default: every layer on (best effort), the program's own
    /// folder readable, nothing writable but a fresh temporary folder, no network, no
    /// processes.
    Standard,
    /// The server's default: as `standard`, but the program's folder is not readable,
    /// it runs in the fresh temporary folder, and every kernel layer must apply.
    Strict,
}

impl Sandbox {
    /// The policy's name, as written on the command line and in the trace.
    pub fn name(self) -> &'static str {
        match self {
            Sandbox::Off => "off",
            Sandbox::Standard => "standard",
            Sandbox::Strict => "strict",
        }
    }
}

impl fmt::Display for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A policy name that is not one of `strict`, `standard`, `off`.
#[derive(Debug, thiserror::Error)]
#[error("unknown sandbox policy {0:?} (use strict, standard or off)")]
pub struct UnknownSandbox(String);

impl FromStr for Sandbox {
    type Err = UnknownSandbox;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "off" | "none" => Ok(Sandbox::Off),
            "standard" => Ok(Sandbox::Standard),
            "strict" => Ok(Sandbox::Strict),
            _ => Err(UnknownSandbox(s.to_owned())),
        }
    }
}

/// What the worker needs to confine itself (part of the request the parent sends).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SandboxRequest {
    /// The policy.
    pub policy: Sandbox,
    /// The program's folder (readable under `standard`).
    pub user_dir: Option<PathBuf>,
    /// The fresh temporary folder (the only writable place; the working folder under
    /// `strict`).
    pub workspace: Option<PathBuf>,
    /// The installation of the Python that runs the program (a venv's prefix and its base
    /// interpreter's), readable under every policy. Named by a Python worker itself; the
    /// embedded worker finds its libpython's instead.
    #[serde(default)]
    pub python_install: Vec<PathBuf>,
    /// The other folders that Python imports from (`sys.path`: user site-packages, `.pth`
    /// additions), readable under `standard`.
    #[serde(default)]
    pub python_path: Vec<PathBuf>,
}

/// Why the worker could not confine itself as its policy requires.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// A layer `strict` requires is missing or failed.
    #[error("the strict sandbox could not be set up: {layer}: {source}")]
    Layer {
        /// Which layer.
        layer: &'static str,
        /// What the kernel said.
        source: std::io::Error,
    },
}

/// Which layers took effect, for the worker's error stream and tests.
#[derive(Clone, Debug, Default)]
pub struct Applied {
    /// Namespaces entered ("user", "net", ...).
    pub namespaces: Vec<&'static str>,
    /// The Landlock ABI used, if any.
    pub landlock_abi: Option<i32>,
    /// Whether the seccomp filter is on.
    pub seccomp: bool,
    /// Whether every capability was dropped.
    pub no_capabilities: bool,
}

/// Confines the current (single-threaded, not yet Python) process as `req` says.
/// Must run before any thread is started: user namespaces need a single thread, and
/// the seccomp filter then covers every thread made later.
pub fn apply(req: &SandboxRequest) -> Result<Applied, SandboxError> {
    let mut applied = Applied::default();
    if req.policy == Sandbox::Off {
        return Ok(applied);
    }
    let strict = req.policy == Sandbox::Strict;
    let required = |layer: &'static str, r: std::io::Result<()>| -> Result<(), SandboxError> {
        match r {
            Err(source) if strict => Err(SandboxError::Layer { layer, source }),
            _ => Ok(()),
        }
    };
    limits::apply();
    // Namespaces are best effort even under strict: containers often forbid them, and
    // Landlock, seccomp and the audit hook each block the network without them.
    applied.namespaces = namespaces::enter(req.workspace.as_deref());
    workspace::enter(req).map_err(|source| SandboxError::Layer {
        layer: "temporary folder",
        source,
    })?;
    applied.no_capabilities = namespaces::drop_capabilities();
    let python_home = landlock::python_home();
    match landlock::restrict(req, python_home.as_deref()) {
        Ok(abi) => applied.landlock_abi = Some(abi),
        Err(e) => required("Landlock", Err(e))?,
    }
    match seccomp::install() {
        Ok(()) => applied.seccomp = true,
        Err(e) => required("seccomp", Err(e))?,
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_parse_and_print_as_written() {
        for p in [Sandbox::Off, Sandbox::Standard, Sandbox::Strict] {
            assert_eq!(p.name().parse::<Sandbox>().ok(), Some(p));
            assert_eq!(p.to_string(), p.name());
        }
        assert_eq!(" STRICT ".parse::<Sandbox>().ok(), Some(Sandbox::Strict));
        let err = "lax"
            .parse::<Sandbox>()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("strict, standard or off"), "{err}");
    }

    #[test]
    fn a_workspace_is_private_fresh_and_removed_with_its_contents() {
        let ws = Workspace::create(Sandbox::Strict).expect("workspace");
        let dir = ws.dir().expect("a folder").to_owned();
        let other = Workspace::create(Sandbox::Strict).expect("workspace");
        assert_ne!(
            other.dir(),
            Some(dir.as_path()),
            "every run gets its own folder"
        );
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&dir)
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
        std::fs::create_dir(dir.join("sub")).expect("mkdir");
        std::fs::write(dir.join("sub/f.txt"), "x").expect("write");
        drop(ws);
        assert!(!dir.exists(), "the folder is removed when the run ends");
        assert!(Workspace::create(Sandbox::Off)
            .expect("none")
            .dir()
            .is_none());
    }

    #[test]
    fn the_seccomp_filter_fits_and_ends_in_a_verdict() {
        let p = seccomp_program_for_tests();
        assert!(
            !p.is_empty() && p.len() < 4096,
            "BPF programs hold at most 4096 instructions"
        );
        // Every jump lands inside the program.
        for (i, op) in p.iter().enumerate() {
            if op.code & 0x07 == 0x05 {
                assert!(
                    i + 1 + usize::from(op.jt.max(op.jf)) < p.len(),
                    "jump out of range at {i}"
                );
            }
        }
        assert_eq!(
            p.last().map(|o| o.code),
            Some(0x06),
            "the program ends with a return"
        );
    }

    #[cfg(target_arch = "x86_64")]
    fn seccomp_program_for_tests() -> Vec<libc::sock_filter> {
        seccomp::program()
    }

    #[cfg(not(target_arch = "x86_64"))]
    fn seccomp_program_for_tests() -> Vec<libc::sock_filter> {
        vec![libc::sock_filter {
            code: 0x06,
            jt: 0,
            jf: 0,
            k: 0,
        }]
    }
}

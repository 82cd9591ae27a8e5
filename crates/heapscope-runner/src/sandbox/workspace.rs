//! The fresh temporary folder of a run: made by the parent, private (mode 0700), the only
//! place the program may write, and removed with everything in it when the run ends.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Sandbox, SandboxRequest};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A run's temporary folder; dropping it removes the folder.
#[derive(Debug)]
pub struct Workspace {
    policy: Sandbox,
    dir: Option<PathBuf>,
}

impl Workspace {
    /// Makes the folder for a run under `policy` (none when the sandbox is off).
    pub fn create(policy: Sandbox) -> io::Result<Workspace> {
        if policy == Sandbox::Off {
            return Ok(Workspace { policy, dir: None });
        }
        let base = std::env::temp_dir();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        // Unique per process and call; create_dir fails rather than reuse a folder an
        // attacker made in advance.
        for _ in 0..16 {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let dir = base.join(format!(
                "heapscope-run-{}-{n}-{nanos:x}",
                std::process::id()
            ));
            let mut b = std::fs::DirBuilder::new();
            std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
            match b.create(&dir) {
                Ok(()) => {
                    return Ok(Workspace {
                        policy,
                        dir: Some(dir),
                    })
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "no fresh temporary folder name was free",
        ))
    }

    /// Removes the folders of runs whose process is gone (a server or command that was
    /// killed before it could clean up), in the temporary folder, made by this user.
    pub fn remove_stale() {
        let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
            return;
        };
        // SAFETY: getuid cannot fail.
        let me = unsafe { libc::getuid() };
        for e in entries.flatten() {
            let name = e.file_name();
            let Some(pid) = name
                .to_str()
                .and_then(|n| n.strip_prefix("heapscope-run-"))
                .and_then(|rest| rest.split('-').next())
                .and_then(|p| p.parse::<i32>().ok())
            else {
                continue;
            };
            use std::os::unix::fs::MetadataExt;
            let ours = e.metadata().is_ok_and(|m| m.is_dir() && m.uid() == me);
            // SAFETY: signal 0 only asks whether the process exists.
            let alive = pid > 0
                && (unsafe { libc::kill(pid, 0) } == 0
                    || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH));
            if ours && !alive {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }

    /// The folder, if the policy has one.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// What the worker needs to know to confine itself.
    pub fn request(&self, user_dir: &Path) -> SandboxRequest {
        SandboxRequest {
            policy: self.policy,
            user_dir: Some(user_dir.to_owned()),
            workspace: self.dir.clone(),
            ..SandboxRequest::default()
        }
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        if let Some(d) = &self.dir {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

/// In the worker: point `TMPDIR` and `HOME` at the workspace, and under `strict` make
/// it the working folder, so relative paths never reach the program's own folder.
pub(crate) fn enter(req: &SandboxRequest) -> io::Result<()> {
    let Some(ws) = &req.workspace else {
        return if req.policy == Sandbox::Strict {
            Err(io::Error::new(
                io::ErrorKind::NotFound,
                "no temporary folder was given",
            ))
        } else {
            Ok(())
        };
    };
    // The process is still single-threaded (no Python, no writer thread yet), so
    // changing the environment is sound.
    std::env::set_var("TMPDIR", ws);
    std::env::set_var("HOME", ws);
    if req.policy == Sandbox::Strict {
        std::env::set_current_dir(ws)?;
    }
    Ok(())
}

//! Which process traces the program: the heapscope binary with its embedded CPython (the
//! cargo-built command), or a Python interpreter that loads heapscope's tracer as an
//! extension module (the pip-installed command, `--python PATH`, notebooks). Either way
//! the worker speaks the same request and framed stream, so the rest of the runner does
//! not care which it is.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub use heapscope_trace::wire::SUPPORTED_PYTHONS;

/// What the Python worker runs with `-c`: load heapscope's tracer (from the interpreter's
/// own installation, else from the folder the parent names, which must then be taken out of
/// `sys.path` again so the program sees only its own environment) and hand over to it.
/// Exit status 3 with one line on stderr means the tracer cannot load in this Python.
const PYTHON_BOOT: &str = r#"import sys
if sys.path and sys.path[0] == "":
    del sys.path[0]
try:
    from heapscope import _native
except ImportError as first:
    import os
    extra = os.environ.pop("HEAPSCOPE_PACKAGE_DIR", "")
    if not extra:
        sys.stderr.write("heapscope-worker: %s\n" % first)
        raise SystemExit(3)
    sys.path.insert(0, extra)
    try:
        from heapscope import _native
    except ImportError as second:
        sys.stderr.write("heapscope-worker: %s\n" % second)
        raise SystemExit(3)
    finally:
        sys.path.remove(extra)
# The program sees its own environment: heapscope's modules leave sys.modules (the tracer
# stays loaded in this process, out of the program's reach by name).
run = _native._worker
for name in [m for m in sys.modules if m == "heapscope" or m.startswith("heapscope.")]:
    del sys.modules[name]
del sys, _native
run()
"#;

/// How to start a worker process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkerCommand {
    /// `EXE __worker`: a heapscope binary that embeds CPython.
    Embedded {
        /// The binary.
        exe: PathBuf,
    },
    /// `PYTHON -c BOOT`: a Python interpreter with heapscope's tracer for its version.
    Python {
        /// The interpreter, as the user named it (a venv's `python` stays the venv's).
        python: PathBuf,
        /// Where the `heapscope` package lives when the interpreter may not have it
        /// installed itself (the same version's tracer, e.g. heapscope installed with pipx
        /// and a project's venv named with `--python`).
        package_dir: Option<PathBuf>,
    },
}

static DEFAULT: OnceLock<WorkerCommand> = OnceLock::new();

impl WorkerCommand {
    /// Sets the process's default worker once, before any run (the Python entry point
    /// names its own interpreter). Later calls are ignored.
    pub fn set_default(cmd: WorkerCommand) {
        let _ = DEFAULT.set(cmd);
    }

    /// The process's default worker: the one set by [`set_default`](Self::set_default), else
    /// this binary.
    pub fn default_for_process() -> WorkerCommand {
        DEFAULT
            .get()
            .cloned()
            .unwrap_or_else(|| WorkerCommand::Embedded {
                exe: std::env::current_exe().unwrap_or_else(|_| PathBuf::from("heapscope")),
            })
    }

    /// The executable started, for messages.
    pub fn program(&self) -> &Path {
        match self {
            WorkerCommand::Embedded { exe } => exe,
            WorkerCommand::Python { python, .. } => python,
        }
    }

    /// The command, without environment or standard streams (the runner sets those).
    pub fn command(&self) -> Command {
        match self {
            WorkerCommand::Embedded { exe } => {
                let mut c = Command::new(exe);
                c.arg("__worker");
                c
            }
            WorkerCommand::Python { python, .. } => {
                let mut c = Command::new(python);
                // No -E: the runner clears the environment and sets only the PYTHON*
                // variables it means (PYTHONHASHSEED=0 makes set order, and so a re-run's
                // trace, the same every time; -E would drop it). -u: unbuffered, so crash
                // text arrives. Site-packages load as for `python prog.py`.
                c.args(["-u", "-c", PYTHON_BOOT]);
                c
            }
        }
    }

    /// Extra environment for the worker (the fallback package folder).
    pub fn env(&self) -> Vec<(&'static str, String)> {
        match self {
            WorkerCommand::Python {
                package_dir: Some(d),
                ..
            } => vec![("HEAPSCOPE_PACKAGE_DIR", d.display().to_string())],
            _ => Vec::new(),
        }
    }
}

impl Default for WorkerCommand {
    fn default() -> Self {
        WorkerCommand::default_for_process()
    }
}

/// Why a Python interpreter cannot be a worker.
#[derive(Debug, thiserror::Error)]
pub enum PythonCheckError {
    /// It could not be run at all.
    #[error("cannot run {python}")]
    NotRunnable {
        /// The interpreter.
        python: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// It ran but did not say its version (not a CPython).
    #[error("{python} did not answer as a Python interpreter: {detail}")]
    NotPython {
        /// The interpreter.
        python: PathBuf,
        /// What it printed.
        detail: String,
    },
    /// A version or implementation heapscope cannot trace.
    #[error("{python} is {found}; heapscope traces CPython {}", SUPPORTED_PYTHONS.join(", "))]
    Unsupported {
        /// The interpreter.
        python: PathBuf,
        /// Its implementation and version.
        found: String,
    },
    /// A supported CPython without heapscope's tracer for its version.
    #[error("{python} (CPython {version}) has no heapscope tracer for its version: install heapscope into it ({python} -m pip install heapscope, or `pip install .` from a clone with that Python)")]
    NoTracer {
        /// The interpreter.
        python: PathBuf,
        /// Its version.
        version: String,
    },
}

/// What a Python interpreter is, as it says itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PythonInfo {
    /// `major.minor`.
    pub version: String,
    /// Whether `heapscope._native` imports there (with the fallback folder, if given).
    pub has_tracer: bool,
}

/// Asks `python` for its version and whether heapscope's tracer loads in it, then checks
/// it is one heapscope can trace. `package_dir` is tried as the fallback the worker would
/// use.
pub fn check_python(
    python: &Path,
    package_dir: Option<&Path>,
) -> Result<PythonInfo, PythonCheckError> {
    const PROBE: &str = r#"import sys, platform
v = "%d.%d" % sys.version_info[:2]
ok = 1
try:
    import heapscope._native
except ImportError:
    ok = 0
    d = sys.argv[1] if len(sys.argv) > 1 else ""
    if d:
        sys.path.insert(0, d)
        try:
            import heapscope._native
            ok = 1
        except ImportError:
            pass
print(platform.python_implementation(), v, ok)
"#;
    let mut cmd = Command::new(python);
    cmd.args(["-E", "-c", PROBE]);
    if let Some(d) = package_dir {
        cmd.arg(d);
    }
    let out =
        cmd.env_remove("PYTHONPATH")
            .output()
            .map_err(|source| PythonCheckError::NotRunnable {
                python: python.to_owned(),
                source,
            })?;
    let text = String::from_utf8_lossy(&out.stdout);
    let words: Vec<&str> = text.split_whitespace().collect();
    let [implementation, version, ok] = words[..] else {
        let detail = format!(
            "{}{}",
            text.trim(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
        return Err(PythonCheckError::NotPython {
            python: python.to_owned(),
            detail,
        });
    };
    if implementation != "CPython" || !SUPPORTED_PYTHONS.contains(&version) {
        return Err(PythonCheckError::Unsupported {
            python: python.to_owned(),
            found: format!("{implementation} {version}"),
        });
    }
    Ok(PythonInfo {
        version: version.to_owned(),
        has_tracer: ok == "1",
    })
}

/// The worker for a Python the user named: checked first, so a wrong path or version is a
/// clear error rather than a failed run.
pub fn python_worker(
    python: &Path,
    package_dir: Option<&Path>,
) -> Result<WorkerCommand, PythonCheckError> {
    let info = check_python(python, package_dir)?;
    if !info.has_tracer {
        return Err(PythonCheckError::NoTracer {
            python: python.to_owned(),
            version: info.version,
        });
    }
    Ok(WorkerCommand::Python {
        python: python.to_owned(),
        package_dir: package_dir.map(Path::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_worker_is_the_binary_with_the_hidden_subcommand() {
        let c = WorkerCommand::Embedded {
            exe: PathBuf::from("/x/heapscope"),
        }
        .command();
        assert_eq!(c.get_program(), "/x/heapscope");
        assert_eq!(c.get_args().collect::<Vec<_>>(), ["__worker"]);
    }

    #[test]
    fn a_python_worker_runs_the_boot_code_and_names_its_fallback_folder() {
        let w = WorkerCommand::Python {
            python: PathBuf::from("/venv/bin/python"),
            package_dir: Some(PathBuf::from("/site")),
        };
        let c = w.command();
        assert_eq!(c.get_program(), "/venv/bin/python");
        let args: Vec<_> = c
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(args[..2], ["-u", "-c"]);
        assert!(args[2].contains("run = _native._worker"));
        assert_eq!(w.env(), vec![("HEAPSCOPE_PACKAGE_DIR", "/site".to_owned())]);
    }

    #[test]
    fn a_missing_interpreter_is_a_clear_error() {
        let err = check_python(Path::new("/no/such/python3"), None)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert_eq!(err, "cannot run /no/such/python3");
    }

    #[test]
    fn an_unsupported_version_names_the_supported_ones() {
        let home = std::env::var("HOME").unwrap_or_default();
        let old = PathBuf::from(format!("{home}/.pyenv/versions/3.9.18/bin/python3.9"));
        if !old.exists() {
            assert!(
                std::env::var("CI").is_err(),
                "CI needs pyenv's 3.9 for this test"
            );
            eprintln!("skipped: no CPython 3.9 at {}", old.display());
            return;
        }
        let err = check_python(&old, None)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.ends_with("is CPython 3.9; heapscope traces CPython 3.10, 3.11, 3.12, 3.13"),
            "{err}"
        );
    }
}

//! The folders the running Python reads from, as it starts: what the sandbox's layers must
//! leave readable. One reading for both the audit hook's policy and the Landlock request
//! of a Python worker, so the two layers grant the same.

use std::path::{Path, PathBuf};

use pyo3::prelude::*;

/// The running Python's folders.
#[derive(Clone, Debug, Default)]
pub struct PythonFolders {
    /// The installation: the prefixes of a venv and of its base interpreter, and the one
    /// above the interpreter's own folder (a venv's `python` links outside its prefix).
    /// Readable under every policy.
    pub install: Vec<PathBuf>,
    /// The import path's folders (`sys.path`: site-packages, a user site, `.pth`
    /// additions). Readable under `standard`.
    pub path: Vec<PathBuf>,
}

/// Reads them from `sys` (plain attribute reads of the interpreter's own module).
pub fn read(py: Python<'_>) -> PythonFolders {
    let Ok(sys) = py.import("sys") else {
        return PythonFolders::default();
    };
    let text = |name: &str| sys.getattr(name).and_then(|v| v.extract::<String>()).ok();
    let mut install: Vec<PathBuf> = ["prefix", "exec_prefix", "base_prefix", "base_exec_prefix"]
        .into_iter()
        .filter_map(text)
        .map(PathBuf::from)
        .collect();
    if let Some(exe) = text("executable").and_then(|e| std::fs::canonicalize(e).ok()) {
        install.extend(exe.parent().and_then(Path::parent).map(Path::to_owned));
    }
    install.sort();
    install.dedup();
    let path = sys
        .getattr("path")
        .and_then(|p| p.extract::<Vec<String>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e.starts_with('/'))
        .map(PathBuf::from)
        .collect();
    PythonFolders { install, path }
}

/// As [`read`], for a caller outside the interpreter (a Python worker, before it confines
/// itself).
pub fn python_folders() -> PythonFolders {
    Python::attach(read)
}

//! The heapscope command line, one place for exit codes. Two front doors call it: the
//! cargo-built binary (`main.rs`, CPython embedded) and the Python package's `heapscope`
//! command (heapscope-py, which first names its interpreter as the default worker).

mod args;
mod commands;
mod input;
mod progress;
mod write_behind;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

/// Runs the command line `args` (the program name first) and says how it ended.
pub fn main_with_args(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> ExitCode {
    ExitCode::from(run_cli(args))
}

/// As [`main_with_args`], with the exit status as a number (for the Python entry point):
/// 0 done, 1 a command's own failure, 2 a usage or input error.
pub fn run_cli(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> u8 {
    let cli = match args::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print to stdout and succeed; a wrong flag exits 2.
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match commands::run(cli) {
        Ok(code) if code == ExitCode::SUCCESS => 0,
        Ok(_) => 1,
        Err(err) => {
            if is_broken_pipe(&err) {
                return 0;
            }
            eprintln!("heapscope: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  because: {cause}");
            }
            2
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

//! The cargo-built `heapscope` command: the CLI (in the library, shared with the Python
//! package's `heapscope` command) with CPython embedded for its workers.

use std::process::ExitCode;

fn main() -> ExitCode {
    heapscope::main_with_args(std::env::args_os())
}

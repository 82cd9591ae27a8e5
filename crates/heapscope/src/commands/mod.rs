//! One module per subcommand; `run` dispatches.

pub mod compare;
mod export;
mod leaks;
mod lesson;
pub mod memory;
mod render;
mod run;
mod serve;
mod trace;
mod worker;

use std::process::ExitCode;

use crate::args::{Cli, Command};

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Run(a) => run::run(a),
        Command::Trace(a) => trace::run(a),
        Command::Render(a) => render::run(a),
        Command::Export(a) => export::run(a),
        Command::Memory(a) => memory::run(a),
        Command::Compare(a) => compare::run(a),
        Command::Leaks(a) => leaks::run(a),
        Command::Lesson(a) => lesson::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Worker => worker::run(),
    }
}

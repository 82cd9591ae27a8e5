//! Command-line flags (their doc comments are the help text), and their conversion into
//! the runner's options in one place.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// See what a Python program does to memory: every step's frames, objects and references,
/// recorded from real CPython.
#[derive(Parser, Debug)]
#[command(name = "heapscope", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run a program and print a step-by-step transcript of its stack and heap.
    Run(RunArgs),
    /// Record a program's trace to a file (native .hstrace) or print it (Python Tutor JSON).
    Trace(TraceArgs),
    /// Draw one step (or every step) as SVG or PNG.
    Render(RenderArgs),
    /// Write one offline HTML file that steps through the whole run.
    Export(ExportArgs),
    /// Make one offline HTML page of a lesson file (docs/lessons.md): its prose, each
    /// program's player, stops with notes, and quiz questions.
    Lesson(LessonArgs),
    /// Serve the web app: edit a program in the browser and step through its memory.
    Serve(ServeArgs),
    /// How much memory the program held over time: the peak, the lines that allocated
    /// most, a sparkline of the heap.
    Memory(MemoryArgs),
    /// Two programs side by side: peak heap, live objects, stack depth.
    Compare(CompareArgs),
    /// Objects made inside functions that are still alive after they returned, and the
    /// references that keep them.
    Leaks(LeaksArgs),
    /// The worker process (started by heapscope itself).
    #[command(name = "__worker", hide = true)]
    Worker,
}

/// Flags of `heapscope serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The address to listen on (0.0.0.0 opens it to the network).
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// The port (0: any free port).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// Programs traced at once; more wait in line (default: the number of cores).
    #[arg(long, value_name = "N")]
    pub workers: Option<usize>,
    /// Runs that may wait for a worker; more are refused with 503 and Retry-After.
    #[arg(long, default_value_t = 200, value_name = "N")]
    pub max_queue: usize,
    /// Longest wait for a worker, in seconds: a run that would wait longer is refused.
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
    pub max_wait: f64,
    /// Memory for kept traces and drawn steps together, in MB (two thirds traces, one
    /// third pictures): the server's own memory stays near this plus the runs in progress.
    #[arg(long, default_value_t = 768, value_name = "MB")]
    pub cache_mb: usize,
    /// Open the browser on this program, already traced.
    #[arg(long, value_name = "PROG.PY")]
    pub open: Option<PathBuf>,
    /// Stop each trace after this many steps.
    #[arg(long, default_value_t = 100_000, value_name = "N")]
    pub max_steps: u64,
    /// Stop each program after this many seconds.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// What programs may touch (strict for a server: code comes from the network).
    #[arg(long, default_value = "strict", value_name = "POLICY")]
    pub sandbox: heapscope_runner::Sandbox,
    /// Trace programs with this Python interpreter (see `heapscope run --help`).
    #[arg(long, value_name = "PATH")]
    pub python: Option<PathBuf>,
}

/// Limits and input of a traced run.
#[derive(Args, Debug, Clone)]
pub struct Limits {
    /// A file whose lines are the answers to input(), in order.
    #[arg(long, value_name = "FILE")]
    pub stdin: Option<PathBuf>,
    /// Stop the trace after this many steps.
    #[arg(long, default_value_t = 1_000_000, value_name = "N")]
    pub max_steps: u64,
    /// Stop the program after this many seconds.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// Memory the program may use, in MB.
    #[arg(long, default_value_t = 2048, value_name = "MB")]
    pub max_memory: u64,
    /// Stop the run when its trace passes this many MB (what came before is kept).
    #[arg(long, default_value_t = 1024, value_name = "MB")]
    pub max_trace: u64,
    /// Items shown per list, tuple, set or dict (the first and the last ones).
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub max_items: u32,
    /// What the program may touch: strict (no files but a fresh temporary folder, no network, no processes), standard (also reads its own folder), or off (trusted).
    #[arg(long, default_value = "standard", value_name = "POLICY")]
    pub sandbox: heapscope_runner::Sandbox,
    /// Trace with this Python interpreter (a venv's, another version's) instead of the one
    /// heapscope runs with; it imports that Python's packages. It needs heapscope's tracer
    /// for its version (`PYTHON -m pip install heapscope`).
    #[arg(long, value_name = "PATH")]
    pub python: Option<PathBuf>,
    /// Trace without wrapping CPython's allocators: no deaths, sizes of the heap or memory
    /// figures. Only for measuring what the wrapping costs (bench/run.py).
    #[arg(long, hide = true)]
    pub no_alloc_hook: bool,
}

#[derive(Args, Debug)]
pub struct RunArgs {
    /// The Python program, or a recorded .hstrace file.
    pub program: PathBuf,
    #[command(flatten)]
    pub limits: Limits,
    /// Show only this step (1-based).
    #[arg(long, value_name = "N")]
    pub step: Option<u64>,
    #[command(flatten)]
    pub picture: PictureArgs,
    /// Never use colour (also when NO_COLOR is set).
    #[arg(long)]
    pub no_color: bool,
    /// Say in words what each step did (frames, references, frees, output).
    #[arg(long)]
    pub explain: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraceFormat {
    /// heapscope's compact trace (keyframes and deltas); needs -o.
    Native,
    /// Python Tutor's JSON trace ({code, trace}).
    Opt,
}

#[derive(Args, Debug)]
pub struct TraceArgs {
    /// The Python program (or a recorded .hstrace file, to convert it).
    pub program: PathBuf,
    #[command(flatten)]
    pub limits: Limits,
    /// Where to write the trace (default: stdout for opt; required for native).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The trace format (default: native, or opt when -o ends in .json).
    #[arg(long, value_enum)]
    pub format: Option<TraceFormat>,
    /// opt: keep exited frames on the stack (Python Tutor's cumulative mode).
    #[arg(long)]
    pub cumulative: bool,
    /// opt: put every object on the heap, ints and strs too.
    #[arg(long)]
    pub heap_primitives: bool,
}

/// How pictures look (shared by run, render and export).
#[derive(Args, Debug, Clone)]
pub struct PictureArgs {
    /// Draw every object on the heap, even ints and strs (shows CPython's sharing).
    #[arg(long)]
    pub heap_primitives: bool,
    /// Show references as text (`→ #3`) instead of arrows.
    #[arg(long)]
    pub text_pointers: bool,
    /// Show frames that have returned, faded.
    #[arg(long)]
    pub show_exited: bool,
    /// Dark colours.
    #[arg(long)]
    pub dark: bool,
    /// Write each object's reference count (`refs 3`, or `immortal`).
    #[arg(long)]
    pub refs: bool,
    /// Write each object's size and deep size (what freeing it would free): `56 B · deep 212 B`.
    #[arg(long)]
    pub sizes: bool,
}

#[derive(Args, Debug)]
pub struct RenderArgs {
    /// The Python program, or a recorded .hstrace file.
    pub program: PathBuf,
    #[command(flatten)]
    pub limits: Limits,
    #[command(flatten)]
    pub picture: PictureArgs,
    /// The step to draw (1-based).
    #[arg(long, value_name = "N", conflicts_with_all = ["line", "last", "all"])]
    pub step: Option<u64>,
    /// Draw the first step at this line of the program.
    #[arg(long, value_name = "LINE", conflicts_with_all = ["last", "all"])]
    pub line: Option<u32>,
    /// Draw the last step.
    #[arg(long, conflicts_with = "all")]
    pub last: bool,
    /// Draw every step, one file per step, into the folder given by -o.
    #[arg(long)]
    pub all: bool,
    /// The picture: a .svg or .png file (or a folder with --all).
    #[arg(short, long, value_name = "PATH")]
    pub output: PathBuf,
    /// PNG only: pixels per SVG unit.
    #[arg(long, default_value_t = 2.0)]
    pub scale: f32,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The Python program, or a recorded .hstrace file.
    pub program: PathBuf,
    #[command(flatten)]
    pub limits: Limits,
    #[command(flatten)]
    pub picture: PictureArgs,
    /// The HTML file to write.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

#[derive(Args, Debug)]
pub struct LessonArgs {
    /// The lesson file (Markdown, e.g. lessons/stack-and-heap.md).
    pub lesson: PathBuf,
    #[command(flatten)]
    pub limits: Limits,
    #[command(flatten)]
    pub picture: PictureArgs,
    /// The HTML file to write.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

impl PictureArgs {
    /// The renderer's options from the flags.
    pub fn options(&self) -> heapscope_render::RenderOptions {
        use heapscope_render::{ExitedFrames, Pointers, RenderOptions, Theme};
        RenderOptions {
            heap_primitives: self.heap_primitives,
            pointers: if self.text_pointers {
                Pointers::Text
            } else {
                Pointers::Arrows
            },
            exited_frames: if self.show_exited {
                ExitedFrames::Faded
            } else {
                ExitedFrames::Hidden
            },
            theme: if self.dark { Theme::Dark } else { Theme::Light },
            show_refs: self.refs,
            show_sizes: self.sizes,
            ..RenderOptions::default()
        }
    }
}

#[derive(Args, Debug)]
pub struct MemoryArgs {
    /// The Python program, or a recorded .hstrace file.
    pub program: PathBuf,
    #[command(flatten)]
    pub limits: Limits,
    /// How many lines to list.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub top: usize,
    /// Also draw the heap, live objects and stack depth over the run into this SVG file.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    /// Draw the chart in dark colours.
    #[arg(long)]
    pub dark: bool,
}

#[derive(Args, Debug)]
pub struct LeaksArgs {
    /// The Python program, or a recorded .hstrace file.
    pub program: PathBuf,
    #[command(flatten)]
    pub limits: Limits,
    /// The step to look at (default: the last).
    #[arg(long, value_name = "N")]
    pub step: Option<u64>,
    /// How many groups to list.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
}

#[derive(Args, Debug)]
pub struct CompareArgs {
    /// The first program (or .hstrace file).
    pub first: PathBuf,
    /// The second program (or .hstrace file).
    pub second: PathBuf,
    #[command(flatten)]
    pub limits: Limits,
}

//! Pictures of a heapscope trace: one step's stack and heap laid out as a [`Scene`], and
//! painters that turn a scene into SVG, PNG, terminal text, or a self-contained HTML player.
//!
//! There is one layout engine ([`layout`], [`StableLayout`]); every painter paints a
//! [`Scene`] and nothing else, so all outputs show the same picture.
//!
//! ```
//! use heapscope_render::{layout, paint_svg, paint_text, RenderOptions};
//! use heapscope_trace::{Event, FrameId, FrameKind, ObjId, ObjectData, Record, TraceBuilder, TraceMeta};
//!
//! let mut b = TraceBuilder::new(TraceMeta::for_program("a = [1]\nb = a\n", "prog.py"));
//! let (module, a, bb) = (b.sym("<module>"), b.sym("a"), b.sym("b"));
//! b.push(Record::Step { event: Event::Line, line: 1, frame: FrameId::GLOBAL }).unwrap();
//! b.push(Record::FramePush { frame: FrameId::GLOBAL, func: module, file: 0, kind: FrameKind::Module, parent: None, line: 1 }).unwrap();
//! b.push(Record::Step { event: Event::Line, line: 2, frame: FrameId::GLOBAL }).unwrap();
//! b.push(Record::ObjNew { id: ObjId(1), data: ObjectData::int(1) }).unwrap();
//! b.push(Record::ObjNew { id: ObjId(2), data: ObjectData::list(vec![ObjId(1)]) }).unwrap();
//! b.push(Record::SetVar { frame: FrameId::GLOBAL, name: a, value: ObjId(2) }).unwrap();
//! b.push(Record::SetVar { frame: FrameId::GLOBAL, name: bb, value: ObjId(2) }).unwrap();
//! let trace = b.finish().unwrap();
//!
//! let scene = layout(&trace, 2, &RenderOptions::default()).unwrap();
//! assert_eq!(scene.arrows_to(2).count(), 2); // a and b: two arrows into one list
//! assert!(paint_svg(&scene).contains(r#"id="obj-2""#));
//! assert!(paint_text(&scene, false).contains("#2 list [1]"));
//! ```
//!
//! # Source layout
//! - `scene`: the laid-out picture as plain data.
//! - `boxes`: what each object and frame box holds and how big it is.
//! - `layout`: where boxes go (a grid planned over a window of steps) and how arrows run.
//! - `svg`, `png`, `text`, `html`: the painters (`player_steps`: the HTML player's pictures
//!   as shared pieces, keyframes and deltas; `piece_text`: a piece as a shared template
//!   and its numbers).
//! - `lesson`: lesson files (Markdown: programs, stops, quizzes) and their offline page.
//! - `budget`: how far `run`, `render --all` and `export` may draw a hostile trace.
//! - `chart`: memory over the whole run (heap, live objects, stack depth) as an SVG chart.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod boxes;
mod budget;
mod chart;
mod error;
mod html;
mod layout;
mod lesson;
mod lists;
mod options;
mod piece_text;
mod player_drawn;
mod player_steps;
mod png;
mod scene;
mod svg;
mod svg_num;
mod text;

pub use boxes::text_width;
pub use budget::{Bound, Budget, Meter, Stopped, MAX_LAID_OUT_FRAMES};
pub use chart::{memory_chart_svg, ChartMark, ChartOptions, MemoryChart, CHART_JS};
pub use error::{Error, Result};
pub use html::{export_html, export_html_within, Export, TEACH_JS};
pub use layout::{layout, StableLayout, WINDOW};
pub use lesson::{
    lesson_html, parse_lesson, Lesson, LessonError, Quiz, QuizChoice, Section, Stop, StopWhen,
};
pub use options::{ExitedFrames, Pointers, RenderOptions, Theme};
pub use png::{paint_png, svg_to_png};
pub use scene::{
    Arrow, Banner, Cell, CodeLine, Content, FoldBox, FrameBox, Freed, Label, Mark, ObjKind,
    ObjectBox, Rect, Row, Scene, TextKind,
};
pub use svg::paint_svg;
pub use text::{paint_text, terminal_color_wanted};

// The object inspector's script: heapscope-server's web app imports it, the export inlines it.
mod inspector_js;
pub use inspector_js::{inspector_classic_script, INSPECTOR_JS};

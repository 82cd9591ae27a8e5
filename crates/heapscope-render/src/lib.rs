//! Pictures of a heapscope trace: one step's stack and heap laid out as a [`Scene`], and
//! painters that turn a scene into SVG, PNG, terminal text, or a self-contained HTML player.
//!
//! There is one layout engine ([`layout`], [`StableLayout`]); every painter paints a
//! [`Scene`] and nothing else, so all outputs show the same picture.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod build;
mod error;
mod html;
mod layout;
mod options;
mod png;
mod scene;
mod svg;
mod text;

pub use build::text_width;
pub use error::{Error, Result};
pub use html::export_html;
pub use layout::{layout, StableLayout, WINDOW};
pub use options::{ExitedFrames, Pointers, RenderOptions, Theme};
pub use png::{paint_png, svg_to_png};
pub use scene::{
    Arrow, Banner, Cell, CodeLine, Content, FoldBox, FrameBox, Label, Mark, ObjKind, ObjectBox,
    Rect, Row, Scene, TextKind,
};
pub use svg::paint_svg;
pub use text::{paint_text, terminal_color_wanted};

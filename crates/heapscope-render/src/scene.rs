//! A laid-out step as plain data: boxes, rows, cells, arrows and labels with their
//! positions. Painters read only this, so every output shows the same picture.

use heapscope_trace::{format_bytes, FreeCause, Refs};
use serde::Serialize;

use crate::options::Theme;

/// A rectangle in picture units (1 unit = 1 CSS pixel).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Rect {
    /// A rectangle from its top-left corner and size.
    pub fn new(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect { x, y, w, h }
    }
    /// Right edge.
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
    /// Centre.
    pub fn center(&self) -> (f32, f32) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
    /// True when the two share some area (touching edges do not count).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
    /// True when the point lies strictly inside.
    pub fn contains(&self, x: f32, y: f32) -> bool {
        x > self.x && x < self.right() && y > self.y && y < self.bottom()
    }
}

/// What a step did to a box, row or cell, for highlighting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum Mark {
    /// Unchanged.
    #[default]
    None,
    /// Created (object) or pushed (frame) at this step.
    New,
    /// A name bound or rebound at this step: the slot now refers to another object.
    Rebound,
    /// The object's content changed in place at this step (mutation).
    Mutated,
}

/// How a piece of inline text reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum TextKind {
    /// A Python value (number, string, None, bool).
    Value,
    /// A missing or freed object.
    Missing,
    /// An explanation ("… 9,990 more …", "suspended at line 5").
    Note,
}

/// What a slot or cell holds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Content {
    /// A value written in place.
    Text {
        /// The text (Python's repr, cut when long).
        text: String,
        /// How it reads.
        kind: TextKind,
    },
    /// A reference to an object box; an [`Arrow`] starts here (or, with
    /// [`crate::Pointers::Text`], the cell reads `→ #3`).
    Ref {
        /// The object.
        to: u32,
        /// The text a text-only painter shows, `→ #3`.
        text: String,
    },
    /// A reference to an object that is not drawn because the structure is cut here.
    Cut {
        /// The object.
        to: u32,
        /// What the cell reads, e.g. `#57 …`.
        text: String,
    },
    /// Items left out of a long container, with how many.
    Gap {
        /// E.g. `… 9,990 more …`.
        text: String,
        /// How many items.
        omitted: u64,
    },
}

impl Content {
    /// The text a text painter writes for this content.
    pub fn text(&self) -> &str {
        match self {
            Content::Text { text, .. }
            | Content::Ref { text, .. }
            | Content::Cut { text, .. }
            | Content::Gap { text, .. } => text,
        }
    }
    /// The object referred to, if any.
    pub fn target(&self) -> Option<u32> {
        match self {
            Content::Ref { to, .. } => Some(*to),
            _ => None,
        }
    }
}

/// A cell with content: a variable's value, a list item, a dict key or value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cell {
    /// Where it is drawn.
    pub rect: Rect,
    /// What it holds.
    pub content: Content,
    /// What this step did to it.
    pub mark: Mark,
}

/// Small text beside or above a cell: a variable or attribute name, or a list index.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Label {
    /// Where it is drawn (text is right-aligned for names, centred for indices).
    pub rect: Rect,
    /// The text.
    pub text: String,
}

/// One row of a frame or object: a name (or index) and a value, or a key and a value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// Variable or attribute name, or list index.
    pub label: Option<Label>,
    /// A dict key.
    pub key: Option<Cell>,
    /// The value.
    pub value: Cell,
}

/// One frame box in the Frames region.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FrameBox {
    /// The frame id (0 = global).
    pub id: u32,
    /// Heading: "Global frame" or the function's name.
    pub name: String,
    /// A short tag (`f3`) when a function object names this frame as its parent.
    pub tag: Option<String>,
    /// The whole box.
    pub rect: Rect,
    /// Its heading strip.
    pub header: Rect,
    /// Variables in definition order, then the return value.
    pub rows: Vec<Row>,
    /// The newest frame: the one running now.
    pub current: bool,
    /// Returned, drawn faded.
    pub exited: bool,
    /// The line it is at.
    pub line: u32,
    /// Pushed at this step.
    pub mark: Mark,
}

/// The folded middle of a deep stack.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FoldBox {
    /// Where it is drawn.
    pub rect: Rect,
    /// E.g. `… 9,990 more frames of fact …`.
    pub text: String,
    /// How many frames are folded.
    pub hidden: u64,
}

/// The kind of object, which decides how it is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ObjKind {
    /// Cells in a row with indices above.
    List,
    /// Like a list, immutable.
    Tuple,
    /// Cells without indices.
    Set,
    /// Like a set, immutable.
    FrozenSet,
    /// Key and value rows.
    Dict,
    /// Attribute rows under the class name.
    Instance,
    /// A class with its attributes.
    Class,
    /// A function with its signature.
    Function,
    /// A generator with its suspended frame.
    Generator,
    /// A bound method.
    Method,
    /// A module, opaque.
    Module,
    /// A primitive drawn as a box (with heap primitives on).
    Primitive,
    /// Anything else: a label and a summary.
    Other,
}

/// One object box in the Objects region.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ObjectBox {
    /// The object's id (`#3`).
    pub id: u32,
    /// How it is drawn.
    pub kind: ObjKind,
    /// The label above the box: `list`, `Point instance`, `function`.
    pub type_label: String,
    /// A heading inside the box: a function's signature, a class's name, a generator's state.
    pub title: Option<String>,
    /// The whole box, label included.
    pub rect: Rect,
    /// The framed part (what arrows point at).
    pub body: Rect,
    /// Cells (lists: one row per item, laid out left to right).
    pub rows: Vec<Row>,
    /// Immutable objects are drawn with a different fill and a dashed border.
    pub immutable: bool,
    /// The grid column and row the object sits in (stable for its life).
    pub grid: (u32, u32),
    /// What this step did to it.
    pub mark: Mark,
    /// One line of text for text painters and descriptions: `list [1, 2, #4]`.
    pub summary: String,
    /// Its reference count at this step ([`crate::RenderOptions::show_refs`]).
    pub refs: Option<Refs>,
    /// Its own size in bytes, `sys.getsizeof` ([`crate::RenderOptions::show_sizes`]).
    pub size: Option<u64>,
    /// Its deep size: its own bytes and those of everything reachable only through it.
    pub deep_size: Option<u64>,
}

impl ObjectBox {
    /// `refs 3`, or `immortal` for an object CPython never frees.
    pub fn refs_text(&self) -> Option<String> {
        self.refs.map(|r| match r {
            Refs::Count(n) => format!("refs {}", heapscope_trace::format_count(n)),
            Refs::Immortal => "immortal".to_owned(),
        })
    }
    /// Its own size, and its deep size when that is more (`56 B`, `212 B`).
    pub fn size_texts(&self) -> Option<(String, Option<String>)> {
        let own = self.size?;
        let deep = self.deep_size.filter(|&d| d > own).map(format_bytes);
        Some((format_bytes(own), deep))
    }
}

/// An object this step freed, with the box it had at the previous step.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Freed {
    /// Its id.
    pub id: u32,
    /// Its type, as its box was labelled: `list`, `Point instance`.
    pub type_label: String,
    /// Why CPython freed it.
    pub cause: FreeCause,
    /// Its last box, in the cell it had, to be drawn faded ("leaving"); `None` when it was
    /// not drawn earlier in this window of steps (so the previous steps are not known).
    pub ghost: Option<ObjectBox>,
}

/// A reference drawn as an arrow.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Arrow {
    /// Unique within the scene: `ref-f0-2` (frame 0, row 2) or `ref-o3-1-k` (object 3, row 1, key).
    pub id: String,
    /// The owner of the slot it starts from: `frame-0` or `obj-3`.
    pub from: String,
    /// The row within the owner.
    pub from_row: usize,
    /// The object it points to.
    pub to: u32,
    /// The path: a polyline (painters round its corners), from the slot's centre to the
    /// target box's edge; the last segment gives the arrowhead's direction.
    pub points: Vec<(f32, f32)>,
    /// Highlighted because its slot was rebound at this step.
    pub mark: Mark,
}

/// A red note: the exception raised at this step.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Banner {
    /// Where it is drawn.
    pub rect: Rect,
    /// The message, wrapped to the box.
    pub lines: Vec<String>,
}

/// One line of source code near the current line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CodeLine {
    /// 1-based line number.
    pub number: u32,
    /// The text.
    pub text: String,
    /// The line this step is at.
    pub current: bool,
    /// The line the next step is at.
    pub next: bool,
}

/// A laid-out step: everything a painter needs, and nothing else.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scene {
    /// The step (1-based).
    pub step: u64,
    /// The number of steps in the trace.
    pub steps: u64,
    /// Picture width.
    pub width: f32,
    /// Picture height.
    pub height: f32,
    /// Colours.
    pub theme: Theme,
    /// One line: `Step 3 of 12: line 4`.
    pub title: String,
    /// What the picture shows, in words (for screen readers): the narration, then the
    /// frames and objects.
    pub desc: String,
    /// What this step did, in one to three sentences (`heapscope_analysis::Narrator`).
    pub narration: Vec<String>,
    /// Predict mode's question about this step, asked before it is shown.
    pub question: Option<heapscope_analysis::Question>,
    /// What happened: `line`, `call`, `return`, `exception`, …
    pub event: String,
    /// The line of this step.
    pub line: u32,
    /// The source file of this step (index into the trace's sources; 0 is the main file).
    pub file: u32,
    /// The line of the next step, when in the same file.
    pub next_line: Option<u32>,
    /// Source lines around the current one.
    pub code: Vec<CodeLine>,
    /// The exception raised at this step.
    pub exception: Option<String>,
    /// The exception drawn as a red note under the frames.
    pub banner: Option<Banner>,
    /// Remarks about this step, and how the run ended on the last step.
    pub notes: Vec<String>,
    /// References are written `→ #3` in their cells instead of drawn as arrows.
    pub text_pointers: bool,
    /// Region headings ("Frames", "Objects").
    pub headings: Vec<Label>,
    /// Frame boxes, oldest first.
    pub frames: Vec<FrameBox>,
    /// The folded middle of a deep stack, if any.
    pub folds: Vec<FoldBox>,
    /// Object boxes.
    pub objects: Vec<ObjectBox>,
    /// Reference arrows (empty with text pointers).
    pub arrows: Vec<Arrow>,
    /// Objects freed at this step (with change highlighting on).
    pub freed: Vec<Freed>,
}

impl Scene {
    /// An object box by id.
    pub fn object(&self, id: u32) -> Option<&ObjectBox> {
        self.objects.iter().find(|o| o.id == id)
    }
    /// A frame box by frame id.
    pub fn frame(&self, id: u32) -> Option<&FrameBox> {
        self.frames.iter().find(|f| f.id == id)
    }
    /// The row of a frame's variable `name`.
    pub fn frame_var(&self, frame: u32, name: &str) -> Option<&Row> {
        self.frame(frame)?
            .rows
            .iter()
            .find(|r| r.label.as_ref().is_some_and(|l| l.text == name))
    }
    /// Arrows pointing at object `id`.
    pub fn arrows_to(&self, id: u32) -> impl Iterator<Item = &Arrow> {
        self.arrows.iter().filter(move |a| a.to == id)
    }
}

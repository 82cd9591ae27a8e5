//! Ids, events, objects and frames: the nouns of a trace.

use serde::{Deserialize, Serialize};

mod library;
pub use library::{Summary, SummaryKind};

/// A short, stable object id: given the first time the tracer sees an object, kept for the
/// object's whole life and never given to another object, even when CPython reuses the
/// address. Ids start at 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ObjId(pub u32);

/// A frame id: one per function call (a resumed generator keeps its frame's id).
/// The global (module) frame is always [`FrameId::GLOBAL`].
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct FrameId(pub u32);

impl FrameId {
    /// The main module's frame.
    pub const GLOBAL: FrameId = FrameId(0);
}

/// An interned string (a name, a type name): an index into the trace's [`crate::Symbols`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Sym(pub u32);

/// What happened at a step. The first four are Python Tutor's events; the rest end a trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Event {
    /// A line is about to run.
    Line,
    /// A function was entered (or a generator resumed); the line is its first line.
    Call,
    /// A function is returning (or a generator yielding); its frame holds the return value.
    Return,
    /// An exception was raised in this frame (it may still be caught).
    Exception,
    /// The program ended with an exception nobody caught (or could not be compiled).
    UncaughtException,
    /// `input()` was called with no input left: the run stops here, waiting.
    WaitingForInput,
    /// A limit (steps, time, memory, output) ended the run here; see [`Outcome`].
    LimitReached,
    /// The Python process died (signal, stack overflow) or lost the tracer.
    Crashed,
}

impl Event {
    /// True for the events that can only be the last step of a trace.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Event::UncaughtException
                | Event::WaitingForInput
                | Event::LimitReached
                | Event::Crashed
        )
    }

    pub(crate) fn code(self) -> u8 {
        match self {
            Event::Line => 0,
            Event::Call => 1,
            Event::Return => 2,
            Event::Exception => 3,
            Event::UncaughtException => 4,
            Event::WaitingForInput => 5,
            Event::LimitReached => 6,
            Event::Crashed => 7,
        }
    }

    pub(crate) fn from_code(c: u8) -> Option<Event> {
        Some(match c {
            0 => Event::Line,
            1 => Event::Call,
            2 => Event::Return,
            3 => Event::Exception,
            4 => Event::UncaughtException,
            5 => Event::WaitingForInput,
            6 => Event::LimitReached,
            7 => Event::Crashed,
            _ => return None,
        })
    }
}

/// An output stream of the program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stream {
    /// `sys.stdout`
    Stdout = 0,
    /// `sys.stderr`
    Stderr = 1,
}

/// How a run ended, in words a learner understands. Stored in the trace's metadata.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// The program ran to its end.
    Finished,
    /// An exception ended the program (message as Python prints its last line).
    Exception {
        /// E.g. `ZeroDivisionError: division by zero`.
        message: String,
    },
    /// The program could not be compiled.
    SyntaxError {
        /// E.g. `SyntaxError: invalid syntax`.
        message: String,
        /// 1-based line.
        line: u32,
        /// 1-based column (0 when unknown).
        column: u32,
    },
    /// `input()` found no input left.
    WaitingForInput {
        /// The prompt `input()` was given.
        prompt: String,
    },
    /// The step limit was reached.
    StepLimit {
        /// The limit.
        steps: u64,
    },
    /// The time limit was reached.
    TimeLimit {
        /// The limit in seconds.
        seconds: f64,
    },
    /// The memory limit was reached.
    MemoryLimit {
        /// The limit in bytes.
        bytes: u64,
    },
    /// The program printed more than the output limit.
    OutputLimit {
        /// The limit in bytes.
        bytes: u64,
    },
    /// The trace grew past its size limit (a run that records too much to keep).
    TraceLimit {
        /// The limit in bytes.
        bytes: u64,
    },
    /// The Python process died.
    Crashed {
        /// What the parent saw, e.g. "stack overflow at depth 10906, line 5".
        message: String,
    },
}

impl Outcome {
    /// One line for a learner: what happened to the run.
    pub fn describe(&self) -> String {
        match self {
            Outcome::Finished => "the program finished".into(),
            Outcome::Exception { message } => {
                format!("the program stopped with an exception: {message}")
            }
            Outcome::SyntaxError {
                message,
                line,
                column,
            } => {
                if *column > 0 {
                    format!("the program could not run: {message} (line {line}, column {column})")
                } else {
                    format!("the program could not run: {message} (line {line})")
                }
            }
            Outcome::WaitingForInput { prompt } => {
                if prompt.is_empty() {
                    "the program is waiting for input (no input left)".into()
                } else {
                    format!("the program is waiting for input (no input left): {prompt:?}")
                }
            }
            Outcome::StepLimit { steps } => {
                format!("step limit reached: the trace stops after {steps} steps")
            }
            Outcome::TimeLimit { seconds } => {
                format!("time limit reached: the program ran for more than {seconds} s")
            }
            Outcome::MemoryLimit { bytes } => format!(
                "memory limit reached: the program used more than {} MB",
                bytes / (1024 * 1024)
            ),
            Outcome::OutputLimit { bytes } => {
                format!("output limit reached: the program printed more than {bytes} bytes")
            }
            Outcome::TraceLimit { bytes } => {
                format!(
                    "trace size limit reached: the recording passed {} MB",
                    bytes / (1024 * 1024)
                )
            }
            Outcome::Crashed { message } => format!("the Python process crashed: {message}"),
        }
    }
}

/// What kind of code a frame runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FrameKind {
    /// The main module (the global frame) or a user module being imported.
    Module,
    /// An ordinary function or method.
    Function,
    /// A generator (or coroutine) body.
    Generator,
    /// A lambda.
    Lambda,
    /// A class body being executed.
    ClassBody,
    /// A comprehension's own frame (before 3.12).
    Comprehension,
}

impl FrameKind {
    pub(crate) fn code(self) -> u8 {
        self as u8
    }
    pub(crate) fn from_code(c: u8) -> Option<FrameKind> {
        Some(match c {
            0 => FrameKind::Module,
            1 => FrameKind::Function,
            2 => FrameKind::Generator,
            3 => FrameKind::Lambda,
            4 => FrameKind::ClassBody,
            5 => FrameKind::Comprehension,
            _ => return None,
        })
    }
}

/// Where a frame is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FrameStatus {
    /// On the stack.
    Active,
    /// A generator's frame between a `yield` and the next resume.
    Suspended,
    /// Returned; kept so pictures can show it faded (or because a closure refers to it).
    Exited,
}

/// An `int`: small ones as `i64`, big ones as their magnitude (little-endian bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntValue {
    /// Fits in 64 bits.
    Small(i64),
    /// Does not fit: sign, bit length and the magnitude's bytes (empty when too big to keep,
    /// in which case only the bit length is known).
    Big {
        /// True when negative.
        negative: bool,
        /// Number of bits of the magnitude.
        bits: u64,
        /// Little-endian magnitude, or empty when it was too large to record.
        magnitude: Vec<u8>,
    },
}

/// A string's text, possibly cut: `text` holds the first characters, `len` the true length
/// in characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextValue {
    /// The recorded text (all of it unless cut).
    pub text: String,
    /// The true length in characters (code points).
    pub len: u64,
}

impl TextValue {
    /// A complete (uncut) text.
    pub fn full(text: impl Into<String>) -> TextValue {
        let text = text.into();
        let len = text.chars().count() as u64;
        TextValue { text, len }
    }
    /// True when only part of the text was recorded.
    pub fn is_cut(&self) -> bool {
        (self.text.chars().count() as u64) < self.len
    }
}

/// How many references an object has, as CPython counts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refs {
    /// The object's reference count at the step (references held by the tracer excluded).
    Count(u64),
    /// An object that never dies (`None`, `True`, small ints, interned strings on 3.12+):
    /// CPython does not count its references.
    Immortal,
}

/// Why CPython freed an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FreeCause {
    /// Its last reference went away (reference counting).
    LastReference,
    /// The cycle collector (`gc`) freed it: it was only kept alive by a reference cycle.
    Collector,
}

impl FreeCause {
    /// A few words for a learner.
    pub fn describe(self) -> &'static str {
        match self {
            FreeCause::LastReference => "its last reference went away",
            FreeCause::Collector => "the cycle collector freed it",
        }
    }
}

/// What CPython says of an object besides its content: references and size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjInfo {
    /// Its reference count.
    pub refs: Refs,
    /// Its own size in bytes, as `sys.getsizeof` reports it.
    pub size: u64,
    /// Bytes of parts it owns that are not drawn as objects (an instance's attribute
    /// `__dict__`), counted in its deep size.
    pub hidden: u64,
}

/// How one object refers to another, for reference paths ("`results` → list #4 → [812]").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// Item `i` of a list, tuple or set (the real index, gaps accounted for).
    Item(u64),
    /// A dict's key object.
    Key,
    /// The value stored under a dict key (the key's id).
    Value(ObjId),
    /// An attribute (of an instance or a class).
    Attr(Sym),
    /// An instance's class.
    Class,
    /// A class's base class.
    Base,
    /// A function's default value `i`.
    Default(usize),
    /// A closure cell's content.
    Cell(Sym),
    /// A local variable of a suspended generator's frame.
    Local(Sym),
    /// A bound method's or builtin's `self`.
    Receiver,
    /// A bound method's function.
    Func,
    /// A part of a library data object ([`Summary::parts`], by index): a view's
    /// buffer owner, a frame's column.
    Part(u32),
}

/// Which sequence-like container.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SeqKind {
    /// `list`
    List,
    /// `tuple`
    Tuple,
    /// `set`
    Set,
    /// `frozenset`
    FrozenSet,
}

impl SeqKind {
    /// The Python type name.
    pub fn type_name(self) -> &'static str {
        match self {
            SeqKind::List => "list",
            SeqKind::Tuple => "tuple",
            SeqKind::Set => "set",
            SeqKind::FrozenSet => "frozenset",
        }
    }
    /// True for the kinds whose contents can change.
    pub fn is_mutable(self) -> bool {
        matches!(self, SeqKind::List | SeqKind::Set)
    }
}

/// The items of a list, tuple or set: all of them, or a head and a tail around a gap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sequence {
    /// The true number of items.
    pub len: u64,
    /// The recorded items: `items[..gap_at]` are the first items, `items[gap_at..]` the last.
    pub items: Vec<ObjId>,
    /// Where the omitted items would be (equal to `items.len()` when nothing is omitted).
    pub gap_at: u32,
}

impl Sequence {
    /// A sequence with every item recorded.
    pub fn full(items: Vec<ObjId>) -> Sequence {
        Sequence {
            len: items.len() as u64,
            gap_at: items.len() as u32,
            items,
        }
    }
    /// How many items were left out.
    pub fn omitted(&self) -> u64 {
        self.len.saturating_sub(self.items.len() as u64)
    }
    /// The index in the real container of recorded item `i`.
    pub fn index_of(&self, i: usize) -> u64 {
        if i < self.gap_at as usize {
            i as u64
        } else {
            i as u64 + self.omitted()
        }
    }
}

/// A dict's entries (keys and values are objects), in the dict's own order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DictData {
    /// The true number of entries.
    pub len: u64,
    /// Recorded entries: `entries[..gap_at]` first, `entries[gap_at..]` last.
    pub entries: Vec<(ObjId, ObjId)>,
    /// Where the omitted entries would be.
    pub gap_at: u32,
}

impl DictData {
    /// A dict with every entry recorded.
    pub fn full(entries: Vec<(ObjId, ObjId)>) -> DictData {
        DictData {
            len: entries.len() as u64,
            gap_at: entries.len() as u32,
            entries,
        }
    }
    /// How many entries were left out.
    pub fn omitted(&self) -> u64 {
        self.len.saturating_sub(self.entries.len() as u64)
    }
}

/// Where a generator is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GeneratorState {
    /// Created, not yet started.
    Created,
    /// Paused at a `yield`.
    Suspended,
    /// Running now (its frame is on the stack).
    Running,
    /// Finished or closed.
    Closed,
}

impl GeneratorState {
    pub(crate) fn from_code(c: u8) -> Option<GeneratorState> {
        Some(match c {
            0 => GeneratorState::Created,
            1 => GeneratorState::Suspended,
            2 => GeneratorState::Running,
            3 => GeneratorState::Closed,
            _ => return None,
        })
    }
}

/// The content of one heap object, as the tracer read it (without running user code).
#[derive(Clone, Debug, PartialEq)]
pub enum ObjectData {
    /// `None`
    None,
    /// `True` / `False`
    Bool(bool),
    /// `int`
    Int(IntValue),
    /// `float`
    Float(f64),
    /// `complex`
    Complex {
        /// Real part.
        re: f64,
        /// Imaginary part.
        im: f64,
    },
    /// `str`
    Str(TextValue),
    /// `bytes` or `bytearray`
    Bytes {
        /// True for `bytearray`.
        mutable: bool,
        /// The recorded bytes (a prefix when cut).
        data: Vec<u8>,
        /// The true length.
        len: u64,
    },
    /// `list`, `tuple`, `set`, `frozenset`
    Seq(SeqKind, Sequence),
    /// `dict`
    Dict(DictData),
    /// `range`
    Range {
        /// Start.
        start: i64,
        /// Stop.
        stop: i64,
        /// Step.
        step: i64,
    },
    /// An instance of a class (user-defined or not), with its attributes.
    Instance {
        /// The class's qualified name.
        type_name: Sym,
        /// The class object, when it is a user class on the heap.
        class: Option<ObjId>,
        /// Attributes (from `__dict__` and `__slots__`), in definition order.
        attrs: Vec<(Sym, ObjId)>,
    },
    /// A class.
    Class {
        /// Its qualified name.
        name: Sym,
        /// Base classes that are user classes (objects); builtin bases by name in `base_names`.
        bases: Vec<ObjId>,
        /// Names of all direct bases, in order (e.g. `object`).
        base_names: Vec<Sym>,
        /// The class's own attributes (methods, class variables), without Python's own dunders.
        attrs: Vec<(Sym, ObjId)>,
        /// Its metaclass's name, when that is not `type` (`ABCMeta`, `EnumType`).
        metaclass: Option<Sym>,
    },
    /// A Python function (or lambda).
    Function {
        /// Its qualified name (`<lambda>` for a lambda).
        name: Sym,
        /// Its signature as written, e.g. `f(x, y=1, *args)`; defaults shown by repr.
        signature: Sym,
        /// The frame it was defined in, when that was not the global frame.
        parent_frame: Option<FrameId>,
        /// The default values, in order (positional defaults then keyword-only ones).
        defaults: Vec<ObjId>,
        /// Free variables and the values in their closure cells.
        cells: Vec<(Sym, ObjId)>,
    },
    /// A builtin function or method (`len`, `list.append` of some list).
    Builtin {
        /// Its name.
        name: Sym,
        /// The object it is bound to, when that is on the heap.
        receiver: Option<ObjId>,
    },
    /// A bound method: a function and the object it is bound to.
    BoundMethod {
        /// The function.
        func: ObjId,
        /// `self`.
        receiver: ObjId,
    },
    /// A generator (or coroutine).
    Generator {
        /// Its qualified name.
        name: Sym,
        /// Its frame, once it has run (kept while suspended).
        frame: Option<FrameId>,
        /// Where it is in its life.
        state: GeneratorState,
        /// The line it will resume at (its first line before it starts).
        line: u32,
    },
    /// An instance of a subclass of a builtin type (`Counter`, `defaultdict`,
    /// `class MyList(list)`): its class, the builtin content it holds (a list's items, a
    /// dict's entries, an int's value...) and its own attributes.
    Derived {
        /// The class's qualified name.
        type_name: Sym,
        /// The class object.
        class: Option<ObjId>,
        /// The builtin part, as an object of the builtin type would be recorded.
        base: Box<ObjectData>,
        /// Its own attributes (`__dict__`, `__slots__`, and C fields such as
        /// `defaultdict.default_factory`).
        attrs: Vec<(Sym, ObjId)>,
    },
    /// A class or function defined outside the program's files (a library's, e.g.
    /// `collections.Counter`): one box naming it and its module. Its insides (a library
    /// class's dozens of methods) are not drawn; a class's member names and kinds are
    /// kept for the inspector, which shows them when the learner opens the box.
    Imported {
        /// A class (else a function).
        class: bool,
        /// Its qualified name.
        name: Sym,
        /// The module it was defined in.
        module: Sym,
        /// Its type's name: `type`, a metaclass (`ABCMeta`, `EnumType`) or `function`.
        type_name: Sym,
        /// A class's own members, in definition order (dunders but `__init__` left out):
        /// each name and its kind (`method`, `classmethod`, `staticmethod`, `property`,
        /// `class`, or `attribute (int)`). Empty for a function.
        members: Vec<(Sym, Sym)>,
    },
    /// A library data object (numpy array, pandas frame), summarised from its C struct
    /// or instance data without running the library's code.
    Summary(Box<Summary>),
    /// A module, shown as one opaque object.
    Module {
        /// The module's name.
        name: Sym,
    },
    /// Anything else: its type name and a summary read safely (never its `repr`).
    Other {
        /// The type's qualified name.
        type_name: Sym,
        /// A short summary, possibly empty.
        summary: String,
    },
}

impl ObjectData {
    /// A small int.
    pub fn int(v: i64) -> ObjectData {
        ObjectData::Int(IntValue::Small(v))
    }
    /// A complete str.
    pub fn str(s: &str) -> ObjectData {
        ObjectData::Str(TextValue::full(s))
    }
    /// A complete list.
    pub fn list(items: Vec<ObjId>) -> ObjectData {
        ObjectData::Seq(SeqKind::List, Sequence::full(items))
    }

    /// True for the values Python Tutor draws inline in a variable's slot: None, bool,
    /// int, float and str (and complex, which it also treats as a primitive).
    pub fn is_primitive(&self) -> bool {
        matches!(
            self,
            ObjectData::None
                | ObjectData::Bool(_)
                | ObjectData::Int(_)
                | ObjectData::Float(_)
                | ObjectData::Complex { .. }
                | ObjectData::Str(_)
        )
    }

    /// True when this object's content can change over its life.
    pub fn is_mutable(&self) -> bool {
        match self {
            ObjectData::Seq(kind, _) => kind.is_mutable(),
            ObjectData::Bytes { mutable, .. } => *mutable,
            ObjectData::Dict(_)
            | ObjectData::Instance { .. }
            | ObjectData::Derived { .. }
            | ObjectData::Class { .. }
            | ObjectData::Function { .. }
            | ObjectData::Generator { .. }
            | ObjectData::Summary(_)
            | ObjectData::Other { .. } => true,
            _ => false,
        }
    }

    /// The ids this object refers to, in display order.
    pub fn children(&self) -> Vec<ObjId> {
        let mut out = Vec::new();
        self.for_each_child(|id| out.push(id));
        out
    }

    /// Calls `f` with each id this object refers to.
    pub fn for_each_child(&self, mut f: impl FnMut(ObjId)) {
        self.for_each_edge(|_, id| f(id))
    }

    /// Calls `f` with each reference this object holds and how it holds it, in display
    /// order.
    pub fn for_each_edge(&self, mut f: impl FnMut(Edge, ObjId)) {
        self.edges(&mut f)
    }

    fn edges(&self, f: &mut dyn FnMut(Edge, ObjId)) {
        match self {
            ObjectData::Seq(_, s) => s
                .items
                .iter()
                .enumerate()
                .for_each(|(i, &id)| f(Edge::Item(s.index_of(i)), id)),
            ObjectData::Dict(d) => d.entries.iter().for_each(|&(k, v)| {
                f(Edge::Key, k);
                f(Edge::Value(k), v)
            }),
            ObjectData::Instance { class, attrs, .. } => {
                if let Some(c) = class {
                    f(Edge::Class, *c)
                }
                attrs.iter().for_each(|&(n, v)| f(Edge::Attr(n), v))
            }
            ObjectData::Derived {
                class, base, attrs, ..
            } => {
                if let Some(c) = class {
                    f(Edge::Class, *c)
                }
                base.edges(f);
                attrs.iter().for_each(|&(n, v)| f(Edge::Attr(n), v))
            }
            ObjectData::Class { bases, attrs, .. } => {
                bases.iter().for_each(|&b| f(Edge::Base, b));
                attrs.iter().for_each(|&(n, v)| f(Edge::Attr(n), v))
            }
            ObjectData::Function {
                defaults, cells, ..
            } => {
                defaults
                    .iter()
                    .enumerate()
                    .for_each(|(i, &d)| f(Edge::Default(i), d));
                cells.iter().for_each(|&(n, v)| f(Edge::Cell(n), v))
            }
            ObjectData::Builtin {
                receiver: Some(r), ..
            } => f(Edge::Receiver, *r),
            ObjectData::BoundMethod { func, receiver } => {
                f(Edge::Func, *func);
                f(Edge::Receiver, *receiver)
            }
            ObjectData::Summary(s) => s
                .parts
                .iter()
                .enumerate()
                .for_each(|(i, &(_, id))| f(Edge::Part(i as u32), id)),
            _ => {}
        }
    }
}

//! The trace as it goes out: the framed stream, the symbol table (each text sent once),
//! the records queued for the next step's header, and where the last step was.

use heapscope_trace::{FrameId, Memory, Record, Sym};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::emit::Emitter;

/// `__name__`-style names: Python's own, hidden from the program's variables.
pub(crate) fn is_dunder(name: &str) -> bool {
    name.len() > 4 && name.starts_with("__") && name.ends_with("__")
}

pub(super) struct Emitting {
    pub(super) out: Emitter,
    syms: FxHashMap<String, Sym>,
    /// Text of each symbol, by number.
    sym_texts: Vec<String>,
    /// Symbols of dunder names (hidden from globals).
    pub(super) dunders: FxHashSet<Sym>,
    /// Records to emit right after the next step header (pops, pushes, frees).
    pub(super) pre: Vec<Record>,
    /// The heap figures sent last.
    pub(super) last_memory: Memory,
    /// The number of the last step sent.
    pub(super) step: u64,
    pub(super) last_line: u32,
    pub(super) last_frame: FrameId,
    /// The program's files: the main one first, then the modules beside it it imported
    /// (frames name their file by its index here).
    pub(super) files: Vec<String>,
}

impl Emitting {
    pub(super) fn new(out: Emitter, files: Vec<String>) -> Emitting {
        Emitting {
            out,
            syms: FxHashMap::default(),
            sym_texts: vec![String::new()],
            dunders: FxHashSet::default(),
            pre: Vec::new(),
            last_memory: Memory::default(),
            step: 0,
            last_line: 0,
            last_frame: FrameId::GLOBAL,
            files,
        }
    }

    /// Interns a text, emitting its definition the first time.
    pub(super) fn sym(&mut self, text: &str) -> Sym {
        if text.is_empty() {
            return Sym(0);
        }
        if let Some(&s) = self.syms.get(text) {
            return s;
        }
        let s = Sym(self.sym_texts.len() as u32);
        self.sym_texts.push(text.to_owned());
        if is_dunder(text) {
            self.dunders.insert(s);
        }
        self.syms.insert(text.to_owned(), s);
        self.out.record(&Record::Sym {
            sym: s,
            text: text.to_owned(),
        });
        s
    }

    /// The symbol already made for a text, if any.
    pub(super) fn known_sym(&self, text: &str) -> Option<Sym> {
        self.syms.get(text).copied()
    }

    /// The text of a symbol.
    pub(super) fn sym_text(&self, s: Sym) -> &str {
        self.sym_texts
            .get(s.0 as usize)
            .map(String::as_str)
            .unwrap_or("")
    }
}

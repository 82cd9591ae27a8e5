//! Interned strings: names and type names stored once per trace.

use std::collections::HashMap;

use crate::model::Sym;

/// The trace's table of interned strings. Symbol 0 is the empty string.
#[derive(Clone, Debug)]
pub struct Symbols {
    texts: Vec<String>,
    index: HashMap<String, Sym>,
}

impl Default for Symbols {
    fn default() -> Self {
        let mut s = Symbols {
            texts: Vec::new(),
            index: HashMap::new(),
        };
        s.intern("");
        s
    }
}

impl Symbols {
    /// The text of a symbol (`"?"` for an unknown one, which only a corrupt trace has).
    pub fn text(&self, sym: Sym) -> &str {
        self.texts
            .get(sym.0 as usize)
            .map(String::as_str)
            .unwrap_or("?")
    }
    /// The symbol for a text, adding it when new.
    pub fn intern(&mut self, text: &str) -> Sym {
        if let Some(&s) = self.index.get(text) {
            return s;
        }
        let s = Sym(self.texts.len() as u32);
        self.texts.push(text.to_owned());
        self.index.insert(text.to_owned(), s);
        s
    }
    /// The symbol of a text already interned.
    pub fn lookup(&self, text: &str) -> Option<Sym> {
        self.index.get(text).copied()
    }
    /// Defines symbol `sym` as `text` (as a record stream does). Returns false when `sym`
    /// is not the next free number and not already `text`.
    pub(crate) fn define(&mut self, sym: Sym, text: &str) -> bool {
        let i = sym.0 as usize;
        if i == self.texts.len() {
            self.texts.push(text.to_owned());
            self.index.entry(text.to_owned()).or_insert(sym);
            true
        } else {
            self.texts.get(i).is_some_and(|t| t == text)
        }
    }
    /// Bytes of text held (each text is stored twice: in order and in the index).
    pub fn text_bytes(&self) -> usize {
        self.texts.iter().map(|t| 2 * t.len() + 48).sum()
    }
    /// Number of symbols.
    pub fn len(&self) -> usize {
        self.texts.len()
    }
    /// Always false: symbol 0 (the empty string) always exists.
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        self.texts.iter().map(String::as_str)
    }
}

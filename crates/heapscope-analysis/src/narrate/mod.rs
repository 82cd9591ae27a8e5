//! Each step told in one to three plain sentences, computed from what the step changed
//! (frames pushed and popped, variables bound, objects made, changed and freed, output),
//! never guessed from the source text: the line that ran is quoted, nothing more.
//!
//! It lives with the analyses, not in a painter, because every view says the same
//! words: the terminal transcript (`run --explain`), the SVG's `<desc>`, the HTML player
//! and the web app (through the server), and the predict questions that reuse its facts.
//!
//! A [`Narrator`] walks the steps in order and keeps only what it needs of the step
//! before (each variable's last value, a short description of each live object, each
//! frame's function), so narrating a 30,000-step trace costs what changed, not
//! steps × heap.

use std::collections::HashMap;

mod predict;
pub use predict::{Choice, Misconception, Question};

use heapscope_trace::{
    format_count, Event, FrameId, FrameKind, FrameStatus, IntValue, ObjId, ObjectData, Refs, Repr,
    ReprOptions, Result, SeqKind, State, SummaryKind, Sym, Trace,
};

/// Sentences of one step, most important first.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Narration {
    /// The step (1-based).
    pub step: u64,
    /// One to [`MAX_SENTENCES`] sentences.
    pub sentences: Vec<String>,
    /// A question a learner can answer before seeing this step (predict mode), when the
    /// step did something worth predicting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<Question>,
}

impl Narration {
    /// The sentences as one paragraph.
    pub fn text(&self) -> String {
        self.sentences.join(" ")
    }
}

/// A learner reads a step's narration in a glance: more than this many sentences and
/// they stop reading. The most important (frames, bindings) come first.
pub const MAX_SENTENCES: usize = 3;

/// The small ints CPython makes once at start-up and shares (`_PY_NSMALLNEGINTS`,
/// `_PY_NSMALLPOSINTS`).
const SMALL_INTS: std::ops::RangeInclusive<i64> = -5..=256;

/// Characters of a source line quoted in a sentence.
const MAX_QUOTE: usize = 60;

/// What the narrator remembers of the step before.
#[derive(Clone, Copy)]
struct PrevStep {
    /// The caller's file and line (the call in progress), for the step after a return.
    caller: Option<(u32, u32)>,
    event: Event,
    /// The step resumed a generator (its next line continues after a `yield`).
    resumed: bool,
    line: u32,
    file: u32,
    frame: FrameId,
}

/// Narrates steps in order. Feed it every state from a [`crate::Cursor`], or start it
/// from any state with [`Narrator::seeded`].
pub struct Narrator<'t> {
    trace: &'t Trace,
    vars: HashMap<(FrameId, Sym), ObjId>,
    descs: HashMap<ObjId, String>,
    frames: HashMap<FrameId, (Sym, FrameKind)>,
    returns: HashMap<FrameId, (ObjId, String)>,
    prev: Option<PrevStep>,
    /// The state a seeded narrator started from: objects not described since are
    /// described from it when needed (describing a million-object heap up front would
    /// cost every picture of a late step).
    seed: Option<State>,
}

impl<'t> Narrator<'t> {
    /// A narrator before the first step.
    pub fn new(trace: &'t Trace) -> Narrator<'t> {
        Narrator {
            trace,
            vars: HashMap::new(),
            descs: HashMap::new(),
            frames: HashMap::new(),
            returns: HashMap::new(),
            prev: None,
            seed: None,
        }
    }

    /// A narrator that has seen `state` (the step before the next one it narrates).
    /// Told from a seed, a generator resuming at that very step is not known as one.
    pub fn seeded(trace: &'t Trace, state: State) -> Narrator<'t> {
        let mut n = Narrator::new(trace);
        n.remember_step(&state);
        for f in state.frames() {
            n.frames.insert(f.id, (f.func, f.kind));
            for &(name, v) in &f.vars {
                n.vars.insert((f.id, name), v);
            }
        }
        if let Some(v) = state.frame(state.frame).and_then(|f| f.return_value) {
            let d = n.describe(&state, v);
            n.returns.insert(state.frame, (v, d));
        }
        n.seed = Some(state);
        n
    }

    /// How the step before saw an object (`None` for one it did not have).
    fn known(&self, id: ObjId) -> Option<String> {
        self.descs.get(&id).cloned().or_else(|| {
            let seed = self.seed.as_ref()?;
            seed.object(id)?;
            Some(self.describe(seed, id))
        })
    }

    /// The narration of `state`, the step after the last one this narrator saw.
    pub fn next(&mut self, state: &State) -> Narration {
        let sentences = self.sentences(state);
        let question = self.question(state);
        self.remember(state);
        Narration {
            step: state.step,
            sentences,
            question,
        }
    }

    fn sym(&self, s: Sym) -> &'t str {
        self.trace.symbols().text(s)
    }

    /// The line the previous step was at: the code that ran between it and this one.
    fn ran(&self, state: &State) -> Option<String> {
        let p = self.prev?;
        // After a return the caller's line finishes (`kept = make_kept()`).
        let (file, line) = match p.caller {
            Some(at) if !state.changes.popped.is_empty() => at,
            _ => (p.file, p.line),
        };
        let src = self.trace.meta().sources.get(file as usize)?;
        let text = strip_comment(src.line(line)).trim();
        if text.is_empty() {
            return None;
        }
        Some(clip(text, MAX_QUOTE))
    }

    fn func_of(&self, state: &State, frame: FrameId) -> String {
        state
            .frame(frame)
            .map(|f| self.sym(f.func))
            .or_else(|| self.frames.get(&frame).map(|&(s, _)| self.sym(s)))
            .unwrap_or("?")
            .to_owned()
    }

    fn kind_of(&self, state: &State, frame: FrameId) -> Option<FrameKind> {
        state
            .frame(frame)
            .map(|f| f.kind)
            .or_else(|| self.frames.get(&frame).map(|&(_, k)| k))
    }

    /// "int 10", "list [1, 2, 3]", "list of 10,000 items", "Person object".
    fn describe(&self, state: &State, id: ObjId) -> String {
        let Some(d) = state.object(id) else {
            return self
                .descs
                .get(&id)
                .cloned()
                .unwrap_or_else(|| "an object".into());
        };
        let repr = Repr::new(
            state,
            self.trace.symbols(),
            ReprOptions {
                max_depth: 2,
                max_chars: 40,
            },
        );
        let short = |len: u64| len <= 8;
        match d {
            ObjectData::None => "None".into(),
            ObjectData::Bool(_)
            | ObjectData::Int(_)
            | ObjectData::Float(_)
            | ObjectData::Complex { .. }
            | ObjectData::Str(_)
            | ObjectData::Range { .. } => {
                format!("{} {}", repr.type_name(d), repr.of(id))
            }
            ObjectData::Seq(k, s) if short(s.len) => format!("{} {}", k.type_name(), repr.of(id)),
            ObjectData::Seq(k, s) => {
                format!("{} of {} items", k.type_name(), format_count(s.len))
            }
            ObjectData::Dict(dd) if short(dd.len) => format!("dict {}", repr.of(id)),
            ObjectData::Dict(dd) => format!("dict of {} entries", format_count(dd.len)),
            ObjectData::Function { name, .. } => format!("function `{}`", self.sym(*name)),
            ObjectData::Class { name, .. } => format!("class `{}`", self.sym(*name)),
            ObjectData::Generator { name, .. } => format!("generator `{}`", self.sym(*name)),
            ObjectData::Instance {
                type_name, attrs, ..
            } if !attrs.is_empty() && attrs.len() <= 3 => {
                let fields: Vec<String> = attrs
                    .iter()
                    .map(|&(n, v)| format!("{}={}", self.sym(n), repr.of(v)))
                    .collect();
                format!("{} object ({})", self.sym(*type_name), fields.join(", "))
            }
            ObjectData::Instance { type_name, .. } => {
                format!("{} object", self.sym(*type_name))
            }
            // A library data object: its kind and the facts that say what it holds now.
            ObjectData::Summary(sm) => {
                let facts: Vec<String> = ["dtype", "shape", "values", "value"]
                    .iter()
                    .filter_map(|k| sm.field(k).map(|v| format!("{k} {}", clip(v, 40))))
                    .collect();
                if facts.is_empty() {
                    format!("{} {}", self.sym(sm.module), self.sym(sm.type_name))
                } else {
                    format!(
                        "{} {} ({})",
                        self.sym(sm.module),
                        self.sym(sm.type_name),
                        facts.join(", ")
                    )
                }
            }
            _ => format!("{} object", repr.type_name(d)),
        }
    }

    /// The variables of the current frame, its caller and the global frame that refer to
    /// `id`, other than `except`. Only those three frames: a deep recursion would otherwise
    /// cost its depth at every step.
    fn names_of(&self, state: &State, id: ObjId, except: (FrameId, Sym)) -> Vec<(FrameId, Sym)> {
        let n = state.stack.len();
        let mut frames: Vec<FrameId> = state.stack[n.saturating_sub(2)..].to_vec();
        if !frames.contains(&FrameId::GLOBAL) {
            frames.insert(0, FrameId::GLOBAL);
        }
        let mut out = Vec::new();
        for f in frames.iter().filter_map(|f| state.frame(*f)) {
            for &(name, v) in &f.vars {
                if v == id && (f.id, name) != except {
                    out.push((f.id, name));
                }
            }
        }
        out
    }

    /// "`x`", or "the local `x`" / "the global `x`" when both frames have an `x`.
    fn var_name(&self, state: &State, frame: FrameId, name: Sym) -> String {
        let text = self.sym(name);
        if frame == FrameId::GLOBAL {
            let local = state
                .frame(state.frame)
                .is_some_and(|f| f.id != FrameId::GLOBAL && f.var(name).is_some());
            if local {
                return format!("the global `{text}`");
            }
        } else {
            let global = state
                .frame(FrameId::GLOBAL)
                .is_some_and(|g| g.var(name).is_some());
            if global {
                return format!("the local `{text}`");
            }
        }
        format!("`{text}`")
    }

    fn refs_note(&self, state: &State, id: ObjId) -> String {
        match state.info(id).map(|i| i.refs) {
            Some(Refs::Count(n)) => format!(" ({n} references now)"),
            _ => String::new(),
        }
    }

    fn sentences(&self, state: &State) -> Vec<String> {
        let mut out = Vec::new();
        let ch = &state.changes;
        let event = state.event.unwrap_or(Event::Line);

        if self.prev.is_none() {
            out.push(
                "The program starts: the global frame is on the stack, with no variables yet."
                    .into(),
            );
        }

        // A generator that paused and was resumed within one step: a builtin (`sum`,
        // `list`) iterates over it and no line of the program ran in between.
        let bounced: Vec<FrameId> = ch
            .popped
            .iter()
            .copied()
            .filter(|f| ch.pushed.contains(f))
            .collect();
        for &f in &bounced {
            out.push(format!(
                "The generator `{}` paused at its `yield` and was resumed at once by the code iterating over it, with its variables as it left them.",
                self.func_of(state, f)
            ));
        }
        // Frames that went away: returns, pauses, an exception unwinding.
        let popped_done: Vec<FrameId> = ch
            .popped
            .iter()
            .copied()
            .filter(|f| !bounced.contains(f))
            .filter(|f| {
                state
                    .frame(*f)
                    .is_none_or(|f| f.status != FrameStatus::Suspended)
            })
            .collect();
        for &f in ch
            .popped
            .iter()
            .filter(|f| !popped_done.contains(f) && !bounced.contains(f))
        {
            out.push(format!(
                "The generator `{}` paused at its `yield`: its frame leaves the stack but keeps its variables for when it resumes.",
                self.func_of(state, f)
            ));
        }
        if popped_done.len() > 1 {
            let first = self.func_of(state, popped_done[0]);
            let same = popped_done.iter().all(|f| self.func_of(state, *f) == first);
            let who = if same {
                format!(" of `{first}`")
            } else {
                String::new()
            };
            out.push(format!(
                "{} frames{who} are gone from the stack at once{}.",
                format_count(popped_done.len() as u64),
                if state.exception.is_some() || event == Event::UncaughtException {
                    ": the exception unwound them"
                } else {
                    ""
                }
            ));
        } else if let Some(&f) = popped_done.first() {
            let name = self.func_of(state, f);
            let unwinding = matches!(event, Event::Exception | Event::UncaughtException)
                && state.exception.is_some();
            let kind = self.kind_of(state, f);
            out.push(match self.returns.get(&f).map(|(_, d)| d) {
                None if unwinding => format!(
                    "The exception unwound `{name}`'s frame (it is gone from the stack) and reached `{}`, which has to handle it or pass it on.",
                    self.func_of(state, state.frame)
                ),
                _ if kind == Some(FrameKind::ClassBody) => {
                    format!("The body of class `{name}` finished and its frame is gone.")
                }
                Some(v) if kind != Some(FrameKind::Generator) => {
                    format!("`{name}` returned {v} and its frame is gone from the stack.")
                }
                _ if kind == Some(FrameKind::Generator) => {
                    format!("The generator `{name}` finished: its frame is gone from the stack.")
                }
                _ => format!("`{name}`'s frame is gone from the stack."),
            });
        }

        // Frames that appeared: calls, and generators resuming.
        for &f in ch
            .pushed
            .iter()
            .filter(|f| **f != FrameId::GLOBAL && !bounced.contains(f))
        {
            let name = self.func_of(state, f);
            if self.kind_of(state, f) == Some(FrameKind::Comprehension) {
                out.push(
                    "The comprehension runs in a frame of its own, with its own loop variable."
                        .into(),
                );
                continue;
            }
            if self.kind_of(state, f) == Some(FrameKind::ClassBody) {
                out.push(format!(
                    "Python runs the body of class `{name}` in a frame of its own; its names become the class's attributes."
                ));
                continue;
            }
            if self.frames.contains_key(&f) {
                out.push(format!(
                    "The generator `{name}` resumed where it paused, with its variables as it left them."
                ));
                continue;
            }
            let mut s = format!("Called `{name}`: a new frame on the stack");
            let args: Vec<String> = ch
                .bound
                .iter()
                .filter(|(fr, _)| *fr == f)
                .filter_map(|&(fr, n)| {
                    let v = state.frame(fr)?.var(n)?;
                    let others = self.names_of(state, v, (fr, n));
                    let obj = state.object(v)?;
                    if ch.created.contains(&v) && obj.is_mutable() {
                        return Some(format!(
                            "`{}` refers to a new {}",
                            self.sym(n),
                            self.describe(state, v)
                        ));
                    }
                    let &(of, on) = others.iter().find(|(o, _)| *o != fr)?;
                    let what = if obj.is_mutable() {
                        format!(
                            "the same {} as {}{}",
                            type_word(obj),
                            self.var_name(state, of, on),
                            self.refs_note(state, v)
                        )
                    } else {
                        format!(
                            "the same {} object as {} ({} {} cannot change, so the call cannot change it)",
                            type_word(obj),
                            self.var_name(state, of, on),
                            article(type_word(obj)),
                            type_word(obj)
                        )
                    };
                    Some(format!("`{}` refers to {what}", self.sym(n)))
                })
                .take(2)
                .collect();
            if args.is_empty() {
                s.push('.');
            } else {
                s.push_str("; ");
                s.push_str(&args.join("; "));
                s.push('.');
            }
            out.push(s);
        }

        if event == Event::Exception && popped_done.is_empty() {
            if let Some(msg) = &state.exception {
                out.push(format!(
                    "`{}` raised {}.",
                    self.func_of(state, state.frame),
                    clip(msg, 80)
                ));
            }
        }
        // Variables, outside frames that were just pushed (their arguments are said above).
        let fresh = |fr: &FrameId| ch.pushed.contains(fr) && !self.frames.contains_key(fr);
        let ran = self.ran(state);
        for (k, &(fr, n)) in ch
            .bound
            .iter()
            .chain(&ch.rebound)
            .filter(|(fr, _)| !fresh(fr))
            .enumerate()
        {
            let rebound = k >= ch.bound.iter().filter(|(fr, _)| !fresh(fr)).count();
            if let Some(s) = self.binding(state, fr, n, rebound, ran.as_deref()) {
                out.push(s);
            }
        }

        for &(fr, n) in &ch.unbound {
            let what = match &ran {
                Some(line) => format!("`{line}` removed"),
                None => "The step removed".into(),
            };
            out.push(format!(
                "{what} the name {}: `del` deletes a reference, not an object.",
                self.var_name(state, fr, n)
            ));
        }

        // Containers and instances changed in place.
        for &id in ch.changed.iter().filter(|id| !ch.created.contains(id)) {
            let Some(obj) = state.object(id) else {
                continue;
            };
            if !matches!(
                obj,
                ObjectData::Seq(..)
                    | ObjectData::Dict(_)
                    | ObjectData::Instance { .. }
                    | ObjectData::Derived { .. }
                    | ObjectData::Summary(_)
            ) {
                continue;
            }
            let holders = self.names_of(state, id, (FrameId(u32::MAX), Sym(u32::MAX)));
            let who = match holders.as_slice() {
                [] => format!("a {}", type_word(obj)),
                [(f, n)] => format!(
                    "the {} {} refers to",
                    type_word(obj),
                    self.var_name(state, *f, *n)
                ),
                many => format!(
                    "the {} that {} all refer to",
                    type_word(obj),
                    and_list(
                        many.iter()
                            .map(|(f, n)| self.var_name(state, *f, *n))
                            .collect()
                    )
                ),
            };
            let who = if holders.len() == 2 {
                who.replace(" all refer", " both refer")
            } else {
                who
            };
            let how = match &ran {
                Some(line) => format!("`{line}` changed"),
                None => "The step changed".into(),
            };
            out.push(format!(
                "{how} {who}: it is now {}.",
                self.describe(state, id)
            ));
        }

        if event == Event::Return && ch.pushed.is_empty() {
            if let Some(f) = state.frame(state.frame) {
                if f.return_value.is_none()
                    && self.prev.is_some_and(|p| p.event == Event::Exception)
                {
                    out.push(format!(
                        "`{}` did not catch the exception: it leaves without returning a value.",
                        self.sym(f.func)
                    ));
                }
                if let Some(v) = f.return_value.filter(|_| f.kind != FrameKind::ClassBody) {
                    let none = matches!(state.object(v), Some(ObjectData::None));
                    out.push(match f.kind {
                        FrameKind::Generator if none => format!(
                            "`{}` leaves its frame with None: it reached its end (or yields nothing).",
                            self.sym(f.func)
                        ),
                        FrameKind::Generator => format!(
                            "`{}` is handing out {}.",
                            self.sym(f.func),
                            self.describe(state, v)
                        ),
                        _ => format!(
                            "`{}` is returning {}.",
                            self.sym(f.func),
                            self.describe(state, v)
                        ),
                    });
                }
            }
        }

        // Objects freed.
        let by_ref: Vec<(ObjId, String)> = ch
            .freed
            .iter()
            .filter(|id| !ch.collected.contains(id))
            .filter_map(|&id| Some((id, self.known(id)?)))
            .collect();
        match by_ref.as_slice() {
            [] => {}
            [(_, one)] => out.push(format!("The {one} lost its last reference and was freed.")),
            many => {
                // Name the biggest thing freed: a container before the ints it held.
                let (_, first) = many
                    .iter()
                    .find(|(_, d)| !d.starts_with(['i', 's', 'f', 'b']))
                    .unwrap_or(&many[0]);
                out.push(format!(
                    "{} objects lost their last reference and were freed (the {first} among them).",
                    many.len()
                ))
            }
        }
        if !ch.collected.is_empty() {
            out.push(format!(
                "The cycle collector freed {} objects that only referred to each other.",
                ch.collected.len()
            ));
        }

        let printed = self.trace.output_at(state.step);
        if !printed.trim().is_empty() {
            out.push(format!(
                "It printed `{}`.",
                clip(printed.trim_end(), MAX_QUOTE)
            ));
        }

        if event.is_final() {
            if let Some(o) = &self.trace.meta().outcome {
                out.push(format!("The end: {}.", o.describe()));
            }
        }

        if out.is_empty() {
            out.push(match ran {
                _ if self
                    .prev
                    .is_some_and(|p| p.event == Event::Call && p.frame == state.frame) =>
                {
                    let func = self.func_of(state, state.frame);
                    if self.prev.is_some_and(|p| p.resumed) {
                        format!("`{func}` goes on from the line after its `yield`.")
                    } else {
                        format!("`{func}` starts running its body.")
                    }
                }
                Some(line) if self.prev.is_some_and(|p| p.frame == state.frame) => {
                    format!("`{line}` ran without changing any variable or object.")
                }
                _ => format!("Now at line {}.", state.line),
            });
        }
        out.truncate(MAX_SENTENCES);
        out
    }

    /// One variable bound or rebound this step.
    fn binding(
        &self,
        state: &State,
        fr: FrameId,
        n: Sym,
        rebound: bool,
        ran: Option<&str>,
    ) -> Option<String> {
        let v = state.frame(fr)?.var(n)?;
        let mut s = self.binding_main(state, fr, n, v, rebound, ran)?;
        // The same name in the global frame kept its value: the classic "the callee
        // changed my int" surprise.
        if fr != FrameId::GLOBAL {
            if let Some(g) = state.frame(FrameId::GLOBAL).and_then(|g| g.var(n)) {
                if g != v && rebound {
                    s.push_str(&format!(
                        "; the global `{}` still refers to {}",
                        self.sym(n),
                        self.describe(state, g)
                    ));
                }
            }
        }
        s.push('.');
        Some(s)
    }

    /// The sentence for one binding, without its full stop.
    fn binding_main(
        &self,
        state: &State,
        fr: FrameId,
        n: Sym,
        v: ObjId,
        rebound: bool,
        ran: Option<&str>,
    ) -> Option<String> {
        let obj = state.object(v)?;
        let name = self.var_name(state, fr, n);
        let desc = self.describe(state, v);
        let created = state.changes.created.contains(&v);
        let small_int = match obj {
            ObjectData::Int(IntValue::Small(i)) if SMALL_INTS.contains(i) => Some(*i),
            _ => None,
        };
        let pointed = match ran {
            Some(line) => format!("`{line}` pointed {name} at"),
            None => format!("{name} now refers to"),
        };
        if created {
            let named = match obj {
                ObjectData::Function { name, .. } if *name == n => Some("function"),
                ObjectData::Class { name, .. } if *name == n => Some("class"),
                _ => None,
            };
            if let Some(kind) = named {
                return Some(match ran {
                    Some(line) if kind == "function" => {
                        format!("`{line}` made a function object and named it {name}")
                    }
                    _ => format!(
                        "The {kind} object `{}` is made and named {name}",
                        self.sym(n)
                    ),
                });
            }
        }
        let others = self.names_of(state, v, (fr, n));
        if let Some(&(of, on)) = others.first() {
            let other = self.var_name(state, of, on);
            if let Some(i) = small_int {
                return Some(format!(
                    "{name} and {other} refer to one int object: CPython keeps one copy of each small int (-5 to 256), so every {i} is the same object"
                ));
            }
            if let ObjectData::Str(t) = obj {
                if is_identifier(&t.text) && !t.is_cut() {
                    return Some(format!(
                        "{name} and {other} refer to one str object: CPython interns short strings that look like names, so equal ones are often one object"
                    ));
                }
            }
            if obj.is_mutable() {
                return Some(format!(
                    "{name} now refers to the same {} as {other}{}: no copy was made",
                    type_word(obj),
                    self.refs_note(state, v)
                ));
            }
            return Some(format!(
                "{name} now refers to the same {desc} object as {other}"
            ));
        }
        let returned = state
            .changes
            .popped
            .iter()
            .find(|f| self.returns.get(f).is_some_and(|(r, _)| *r == v));
        if let Some(f) = returned {
            let verb = if self.kind_of(state, *f) == Some(FrameKind::Generator) {
                "yielded"
            } else {
                "returned"
            };
            return Some(format!(
                "{name} now refers to the {desc} that `{}` {verb}",
                self.func_of(state, *f)
            ));
        }
        if let Some(i) = small_int {
            return Some(format!(
                "{pointed} {i}, a small int: CPython made it once at start-up and shares it, so no new object was made"
            ));
        }
        if let ObjectData::None | ObjectData::Bool(_) = obj {
            return Some(format!(
                "{pointed} {}: there is only one such object",
                Repr::new(state, self.trace.symbols(), ReprOptions::default()).of(v)
            ));
        }
        if !created {
            return Some(format!("{name} now refers to the {desc}"));
        }
        // A literal's object is a constant of the compiled code, which holds it too.
        let held_elsewhere = obj.is_primitive()
            && matches!(state.info(v).map(|i| i.refs), Some(Refs::Count(c)) if c >= 2);
        if held_elsewhere {
            return Some(format!(
                "{pointed} the {desc} (the compiled code holds it too, as a constant)"
            ));
        }
        let what = match ran {
            Some(line) => format!("`{line}` made a new {desc}"),
            None => format!("A new {desc} was made"),
        };
        Some(if rebound {
            format!("{what} and pointed {name} at it")
        } else if matches!(obj, ObjectData::Generator { .. }) {
            format!("{what} and named it {name}; none of its body has run yet")
        } else {
            format!("{what} and named it {name}")
        })
    }

    fn remember_step(&mut self, state: &State) {
        // Told from this step alone (so a narrator seeded here agrees with one that saw
        // every step): a frame pushed with variables it did not get at this step was
        // resumed, not called.
        let resumed = state.changes.pushed.iter().any(|&f| {
            f != FrameId::GLOBAL
                && state.frame(f).is_some_and(|fr| {
                    !fr.vars.is_empty() && !state.changes.bound.iter().any(|(b, _)| *b == f)
                })
        });
        let caller = state
            .stack
            .len()
            .checked_sub(2)
            .and_then(|i| state.frame(state.stack[i]))
            .map(|f| (f.file, f.line));
        self.prev = Some(PrevStep {
            caller,
            resumed,
            event: state.event.unwrap_or(Event::Line),
            line: state.line,
            file: state.frame_file().unwrap_or(0),
            frame: state.frame,
        });
    }

    /// Keeps what the next step's narration needs of this one.
    fn remember(&mut self, state: &State) {
        self.remember_step(state);
        let ch = &state.changes;
        for &f in &ch.pushed {
            if let Some(fr) = state.frame(f) {
                self.frames.insert(f, (fr.func, fr.kind));
            }
        }
        for &(f, n) in ch.bound.iter().chain(&ch.rebound) {
            if let Some(v) = state.frame(f).and_then(|fr| fr.var(n)) {
                self.vars.insert((f, n), v);
            }
        }
        if state.event == Some(Event::Return) {
            if let Some(v) = state.frame(state.frame).and_then(|f| f.return_value) {
                let d = self.describe(state, v);
                self.returns.insert(state.frame, (v, d));
            }
        }
        for f in &ch.popped {
            if state
                .frame(*f)
                .is_none_or(|f| f.status != FrameStatus::Suspended)
            {
                self.frames.remove(f);
                self.returns.remove(f);
            }
        }
        for key in &ch.unbound {
            self.vars.remove(key);
        }
        for &id in &ch.freed {
            self.descs.remove(&id);
        }
        for &id in ch.created.iter().chain(&ch.changed) {
            if state.object(id).is_some() {
                let d = self.describe(state, id);
                self.descs.insert(id, d);
            }
        }
    }
}

/// "list", "dict", "Person object", "int".
fn type_word(obj: &ObjectData) -> &'static str {
    match obj {
        ObjectData::Seq(SeqKind::List, _) => "list",
        ObjectData::Seq(SeqKind::Tuple, _) => "tuple",
        ObjectData::Seq(SeqKind::Set, _) => "set",
        ObjectData::Seq(SeqKind::FrozenSet, _) => "frozenset",
        ObjectData::Dict(_) => "dict",
        ObjectData::Int(_) => "int",
        ObjectData::Float(_) => "float",
        ObjectData::Str(_) => "str",
        ObjectData::Bool(_) => "bool",
        ObjectData::Instance { .. } | ObjectData::Derived { .. } => "object",
        ObjectData::Function { .. } => "function",
        ObjectData::Generator { .. } => "generator",
        ObjectData::Summary(sm) => match sm.kind {
            SummaryKind::Array => "array",
            SummaryKind::DataFrame => "DataFrame",
            SummaryKind::Series => "Series",
            SummaryKind::Index => "Index",
            SummaryKind::Scalar => "number",
            SummaryKind::Opaque => "object",
        },
        _ => "object",
    }
}

/// "a" or "an", for the type words above.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn is_identifier(s: &str) -> bool {
    let mut c = s.chars();
    c.next()
        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
        && c.all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
}

/// A line without its trailing `# comment` (a `#` inside quotes is kept).
fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' => return &line[..i],
            None => {}
        }
    }
    line
}

fn and_list(items: Vec<String>) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

fn clip(s: &str, max: usize) -> String {
    let one_line = s.replace('\n', " ⏎ ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let cut: String = one_line.chars().take(max - 1).collect();
    cut + "…"
}

impl Narration {
    /// The narration of every step of `trace`, in order.
    pub fn all(trace: &Trace) -> Result<Vec<Narration>> {
        let mut n = Narrator::new(trace);
        let mut out = Vec::with_capacity(trace.len() as usize);
        let mut c = trace.cursor();
        while let Some(s) = c.next_state()? {
            out.push(n.next(s));
        }
        Ok(out)
    }

    /// The narration of one step (1-based) of `trace`, from that step and the one before
    /// (read on from one seek: the step's block is replayed once, not twice).
    pub fn at(trace: &Trace, step: u64) -> Result<Narration> {
        if step <= 1 {
            return Ok(Narrator::new(trace).next(&trace.state_at(step)?));
        }
        let missing = || heapscope_trace::Error::NoSuchStep {
            step,
            len: trace.len(),
        };
        let mut c = trace.cursor_at(step - 1)?;
        let before = c.next_state()?.ok_or_else(missing)?.clone();
        let mut n = Narrator::seeded(trace, before);
        let state = c.next_state()?.ok_or_else(missing)?;
        Ok(n.next(state))
    }
}

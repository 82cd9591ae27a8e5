//! Predict mode's questions: before a step is shown, the learner says what it will do.
//!
//! A question is built from the same facts as the step's narration (frames pushed and
//! popped, names bound to shared or new objects, objects freed, output), so its answer is
//! what the real run did. Wrong choices that match a known wrong model of memory carry
//! that model's name and why it is wrong; the step asked about is the one that disproves
//! it. Built here, once, for the web app (through the server) and the HTML export alike.

use serde::Serialize;

use super::{type_word, Narrator, SMALL_INTS};
use heapscope_trace::{FrameId, FrameKind, FrameStatus, IntValue, ObjId, ObjectData, State, Sym};

/// A wrong model of memory that learners often hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Misconception {
    /// Its name, as a learner would say it.
    pub name: String,
    /// Why it is wrong, in a sentence.
    pub why: String,
}

/// One answer to choose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Choice {
    /// The answer's words.
    pub text: String,
    /// The wrong model this (wrong) answer comes from, if it is a known one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub misconception: Option<Misconception>,
}

/// A question about what a step will do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Question {
    /// The question.
    pub prompt: String,
    /// The answers, in the order shown.
    pub choices: Vec<Choice>,
    /// The index of the right answer in `choices`.
    pub answer: usize,
}

fn copy_model() -> Misconception {
    Misconception {
        name: "Assignment copies a list".into(),
        why: "`=` and passing an argument never copy: the new name refers to the same object, so a change through one name shows through the other.".into(),
    }
}

fn callee_int_model() -> Misconception {
    Misconception {
        name: "An int argument is shared and changed by the callee".into(),
        why: "The callee's name starts at the caller's int object, but an int cannot change: `+=` makes the callee's name refer to another int and leaves the caller's name alone.".into(),
    }
}

fn lives_on_model() -> Misconception {
    Misconception {
        name: "A function's list lives on after its frame without a reference".into(),
        why: "CPython frees an object as soon as nothing refers to it: when the frame goes, its names go, and a list only they referred to is freed at once.".into(),
    }
}

fn dies_with_frame_model() -> Misconception {
    Misconception {
        name: "Everything a function made dies with its frame".into(),
        why: "An object lives as long as something refers to it, wherever it was made: a returned list is kept by the caller's name.".into(),
    }
}

fn is_eq_model() -> Misconception {
    Misconception {
        name: "`is` and `==` confused".into(),
        why: "Equal values (`==`) can be two objects (`is` is False); which equal values share one object is CPython's choice (small ints, some strings), not a rule of the language.".into(),
    }
}

fn right(text: String) -> Choice {
    Choice {
        text,
        misconception: None,
    }
}

fn wrong(text: String, m: Option<Misconception>) -> Choice {
    Choice {
        text,
        misconception: m,
    }
}

/// A question with the right answer first, its choices turned by the step number so the
/// right one is not always in the same place.
fn ask(step: u64, prompt: String, choices: Vec<Choice>) -> Option<Question> {
    let n = choices.len();
    if n < 2 {
        return None;
    }
    let turn = (step as usize) % n;
    let mut choices = choices;
    choices.rotate_right(turn);
    Some(Question {
        prompt,
        choices,
        answer: turn,
    })
}

impl Narrator<'_> {
    /// The question for `state` (asked before it is shown), from what it changed.
    pub(super) fn question(&self, state: &State) -> Option<Question> {
        self.prev?;
        self.ask_argument_alias(state)
            .or_else(|| self.ask_callee_int(state))
            .or_else(|| self.ask_shared_binding(state))
            .or_else(|| self.ask_freed_on_return(state))
            .or_else(|| self.ask_returned_kept(state))
            .or_else(|| self.ask_frame(state))
            .or_else(|| self.ask_output(state))
            .or_else(|| self.ask_value(state))
    }

    /// The line that runs, quoted, or "this step".
    fn quoted(&self, state: &State) -> String {
        self.ran(state)
            .map(|l| format!("`{l}`"))
            .unwrap_or_else(|| "this step".into())
    }

    /// Names bound this step outside frames that were just called.
    fn bindings(&self, state: &State) -> Vec<(FrameId, Sym, ObjId)> {
        let ch = &state.changes;
        ch.bound
            .iter()
            .chain(&ch.rebound)
            .filter(|(f, _)| !ch.pushed.contains(f) || self.frames.contains_key(f))
            .filter_map(|&(f, n)| Some((f, n, state.frame(f)?.var(n)?)))
            .collect()
    }

    fn new_frames<'s>(&self, state: &'s State) -> impl Iterator<Item = FrameId> + use<'s, '_> {
        state
            .changes
            .pushed
            .iter()
            .copied()
            .filter(|f| *f != FrameId::GLOBAL && !self.frames.contains_key(f))
    }

    /// A call whose argument is the caller's list: the same list, or a copy?
    fn ask_argument_alias(&self, state: &State) -> Option<Question> {
        for f in self.new_frames(state) {
            for &(fr, n) in state.changes.bound.iter().filter(|(fr, _)| *fr == f) {
                let v = state.frame(fr)?.var(n)?;
                let obj = state.object(v)?;
                if !obj.is_mutable() || state.changes.created.contains(&v) {
                    continue;
                }
                let others = self.names_of(state, v, (fr, n));
                let Some(&(of, on)) = others.iter().find(|(o, _)| *o != fr) else {
                    continue;
                };
                let t = type_word(obj);
                let other = self.var_name(state, of, on);
                return ask(
                    state.step,
                    format!(
                        "`{}` is called. Inside it, what will `{}` refer to?",
                        self.func_of(state, f),
                        self.sym(n)
                    ),
                    vec![
                        right(format!("the same {t} as {other}")),
                        wrong(
                            format!("a copy of the {t} {other} refers to"),
                            Some(copy_model()),
                        ),
                        wrong(format!("a new, empty {t}"), None),
                    ],
                );
            }
        }
        None
    }

    /// `number += 1` in the callee: does the caller's `number` change?
    fn ask_callee_int(&self, state: &State) -> Option<Question> {
        for (fr, n, v) in self.bindings(state) {
            if fr == FrameId::GLOBAL || !state.changes.rebound.contains(&(fr, n)) {
                continue;
            }
            let Some(g) = state.frame(FrameId::GLOBAL).and_then(|g| g.var(n)) else {
                continue;
            };
            let before = self.vars.get(&(fr, n)).copied();
            let immutable = state.object(v).is_some_and(|o| !o.is_mutable());
            if g == v || before != Some(g) || !immutable {
                continue;
            }
            return ask(
                state.step,
                format!(
                    "{} runs inside `{}`. What does the global `{}` refer to afterwards?",
                    self.quoted(state),
                    self.func_of(state, fr),
                    self.sym(n)
                ),
                vec![
                    right(format!("{}, as before", self.describe(state, g))),
                    wrong(
                        format!("{}: the call changed it", self.describe(state, v)),
                        Some(callee_int_model()),
                    ),
                ],
            );
        }
        None
    }

    /// `b = a`, or `b = [same values]`: one object or two?
    fn ask_shared_binding(&self, state: &State) -> Option<Question> {
        for (fr, n, v) in self.bindings(state) {
            let obj = state.object(v)?;
            let created = state.changes.created.contains(&v);
            let name = self.sym(n);
            if !created {
                let others = self.names_of(state, v, (fr, n));
                let Some(&(of, on)) = others.first() else {
                    continue;
                };
                let other = self.var_name(state, of, on);
                if obj.is_mutable() {
                    let t = type_word(obj);
                    return ask(
                        state.step,
                        format!("After {}, what does `{name}` refer to?", self.quoted(state)),
                        vec![
                            right(format!("the same {t} as {other}")),
                            wrong(format!("a copy of that {t}"), Some(copy_model())),
                        ],
                    );
                }
                if let ObjectData::Int(IntValue::Small(i)) = obj {
                    if SMALL_INTS.contains(i) {
                        return ask(
                            state.step,
                            format!(
                                "After {}, is `{name}` the same object as {other}?",
                                self.quoted(state)
                            ),
                            vec![
                                right(format!(
                                    "yes: CPython keeps one object for each small int, so both refer to that {i}"
                                )),
                                wrong(
                                    format!("no: each name has its own int {i}"),
                                    Some(is_eq_model()),
                                ),
                            ],
                        );
                    }
                }
                continue;
            }
            // A new mutable object equal to one another name refers to.
            if !obj.is_mutable() {
                continue;
            }
            let desc = self.describe(state, v);
            let twin = state.frame(state.frame).and_then(|f| {
                f.vars
                    .iter()
                    .find(|&&(on, ov)| on != n && ov != v && self.known(ov).as_ref() == Some(&desc))
            });
            if let Some(&(on, _)) = twin {
                let t = type_word(obj);
                return ask(
                    state.step,
                    format!(
                        "After {}, is `{name}` the same object as `{}`?",
                        self.quoted(state),
                        self.sym(on)
                    ),
                    vec![
                        right(format!(
                            "no: an equal {t}, but a second object (`==` is True, `is` is False)"
                        )),
                        wrong(
                            "yes: equal values are one object".into(),
                            Some(is_eq_model()),
                        ),
                    ],
                );
            }
        }
        None
    }

    /// A frame goes and a container only it referred to is freed.
    fn ask_freed_on_return(&self, state: &State) -> Option<Question> {
        let ch = &state.changes;
        let f = *ch.popped.iter().find(|f| {
            state
                .frame(**f)
                .is_none_or(|fr| fr.status != FrameStatus::Suspended)
                && self.kind_of(state, **f) == Some(FrameKind::Function)
        })?;
        let desc = ch
            .freed
            .iter()
            .filter(|id| !ch.collected.contains(id))
            .filter_map(|&id| self.known(id))
            .find(|d| ["list", "dict", "set"].iter().any(|p| d.starts_with(p)))?;
        ask(
            state.step,
            format!(
                "`{}` returns. What happens to the {desc} made while it ran?",
                self.func_of(state, f)
            ),
            vec![
                right("it is freed: nothing refers to it any more".into()),
                wrong(
                    "it stays on the heap after the frame is gone".into(),
                    Some(lives_on_model()),
                ),
                wrong("it moves into the caller's frame".into(), None),
            ],
        )
    }

    /// A frame goes, returning a container: freed with it, or kept?
    fn ask_returned_kept(&self, state: &State) -> Option<Question> {
        for &f in &state.changes.popped {
            let Some((v, desc)) = self.returns.get(&f) else {
                continue;
            };
            let Some(obj) = state.object(*v) else {
                continue;
            };
            if !obj.is_mutable() || self.kind_of(state, f) != Some(FrameKind::Function) {
                continue;
            }
            return ask(
                state.step,
                format!(
                    "`{}` returns the {desc}. What happens to it when the frame is gone?",
                    self.func_of(state, f)
                ),
                vec![
                    right("it stays alive: the caller now refers to it".into()),
                    wrong(
                        "it is freed with the frame".into(),
                        Some(dies_with_frame_model()),
                    ),
                ],
            );
        }
        None
    }

    /// Which frame appears or goes.
    fn ask_frame(&self, state: &State) -> Option<Question> {
        if let Some(f) = self.new_frames(state).next() {
            let kind = self.kind_of(state, f);
            if matches!(kind, Some(FrameKind::Function | FrameKind::Generator)) {
                let caller = self.func_of(state, self.prev?.frame);
                return ask(
                    state.step,
                    format!("What happens to the stack at {}?", self.quoted(state)),
                    vec![
                        right(format!(
                            "a new frame for `{}` goes on top",
                            self.func_of(state, f)
                        )),
                        wrong(
                            format!("no new frame: the call runs inside `{caller}`'s frame"),
                            None,
                        ),
                    ],
                );
            }
        }
        None
    }

    /// What the step prints.
    fn ask_output(&self, state: &State) -> Option<Question> {
        let printed = self.trace.output_at(state.step);
        let printed = printed.trim_end();
        if printed.is_empty() || printed.contains('\n') || printed.chars().count() > 60 {
            return None;
        }
        let mut choices = vec![right(format!("`{printed}`"))];
        // Earlier output is a plausible slip; so is nothing at all.
        let earlier = self
            .trace
            .output()
            .iter()
            .filter(|c| c.step < state.step)
            .map(|c| c.text.trim_end())
            .find(|t| !t.is_empty() && *t != printed && !t.contains('\n'));
        if let Some(e) = earlier {
            choices.push(wrong(format!("`{e}`"), None));
        }
        choices.push(wrong("nothing".into(), None));
        ask(
            state.step,
            format!("What does {} print?", self.quoted(state)),
            choices,
        )
    }

    /// Which value a name gets.
    fn ask_value(&self, state: &State) -> Option<Question> {
        let (fr, n, v) = self.bindings(state).into_iter().next()?;
        let obj = state.object(v)?;
        if !obj.is_primitive() {
            return None;
        }
        let now = self.describe(state, v);
        let mut choices = vec![right(now.clone())];
        if let Some(old) = self.vars.get(&(fr, n)).and_then(|&o| self.known(o)) {
            if old != now {
                choices.push(wrong(format!("{old}, unchanged"), None));
            }
        }
        if let ObjectData::Int(IntValue::Small(i)) = obj {
            for d in [1, -1] {
                let other = format!("int {}", i + d);
                if choices.len() < 3 && !choices.iter().any(|c| c.text.starts_with(&other)) {
                    choices.push(wrong(other, None));
                }
            }
        }
        ask(
            state.step,
            format!(
                "After {}, what does `{}` refer to?",
                self.quoted(state),
                self.sym(n)
            ),
            choices,
        )
    }
}

//! What a page says about one object at one step (the inspector), and the leak report
//! at a step, as data: the web app's `/object` and `/leaks` endpoints and the HTML export
//! both show these, in the words `heapscope leaks` prints.

use std::collections::{HashMap, HashSet};

use heapscope_trace::{
    format_bytes, format_count, FreeCause, ObjId, ObjectData, Refs, Repr, State, Trace,
};
use serde::Serialize;

use crate::heap::{HeapGraph, RefPath};
use crate::lifetimes::{leaks, LeakGroup, Lifetimes, Origin};

/// Said of an object no variable reaches whose references are all seen: a cycle.
pub const CYCLE_TEXT: &str = "no variable reaches it: a reference cycle keeps it (the cycle collector frees it at its next run, or at gc.collect())";
/// Said of an object no variable reaches that something unseen holds.
pub const UNDRAWN_TEXT: &str = "kept by something heapscope does not draw";

/// Where an object was made: the step that first shows it and the line that ran before.
#[derive(Clone, Debug, Serialize)]
pub struct BornView {
    /// The first step whose state shows it.
    pub step: u64,
    /// The function that made it (`<module>` for the main program).
    pub function: String,
    /// Source file index (0 is the main program).
    pub file: u32,
    /// The line that made it.
    pub line: u32,
    /// That line's text, trimmed.
    pub code: String,
}

/// When an object was freed, and why.
#[derive(Clone, Debug, Serialize)]
pub struct DiedView {
    /// The first step at which it is gone.
    pub step: u64,
    /// `last_reference` or `collector`.
    pub cause: &'static str,
    /// The same in words ("its last reference went away").
    pub cause_text: &'static str,
}

/// One object at one step, for the inspector.
#[derive(Clone, Debug, Serialize)]
pub struct ObjectFacts {
    /// The object's id (`#14`).
    pub id: u32,
    /// The step these facts are about.
    pub step: u64,
    /// Its Python type.
    #[serde(rename = "type")]
    pub type_name: String,
    /// A short form: primitives in full, containers by type and length.
    pub summary: String,
    /// Its repr, cut to a line.
    pub repr: String,
    /// Its reference count, or `"immortal"`; `null` when the trace has none.
    pub refs: Option<serde_json::Value>,
    /// Its own size (`sys.getsizeof`), with an instance's `__dict__` counted.
    pub size: Option<u64>,
    /// What freeing it would free: it and everything only it keeps alive.
    pub deep_size: Option<u64>,
    /// `size` in words ("232 B").
    pub size_text: Option<String>,
    /// `deep_size` in words.
    pub deep_size_text: Option<String>,
    /// Where it was made (`null` for an object already there at the first step).
    pub born: Option<BornView>,
    /// When it is freed later in the trace (`null` when it lives to the end).
    pub died: Option<DiedView>,
    /// The shortest path of references from a variable, if one reaches it.
    pub path: Option<String>,
    /// What keeps it alive, in words: the path, or why no variable reaches it.
    pub kept_by: String,
    /// For a class or function defined outside the program: the module it comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
    /// For such a class: what it defines itself, which its box does not draw.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<MemberView>,
}

/// One member of an imported class: its name and kind (`method`, `property`...).
#[derive(Clone, Debug, Serialize)]
pub struct MemberView {
    /// The member's name.
    pub name: String,
    /// What it is.
    pub kind: String,
}

/// One example of a leak group: an object and what keeps it alive.
#[derive(Clone, Debug, Serialize)]
pub struct LeakExample {
    /// The object's id.
    pub id: u32,
    /// The step that first shows it.
    pub born: Option<u64>,
    /// The reference path from a variable, if any.
    pub path: Option<String>,
    /// What keeps it alive, in words.
    pub kept_by: String,
}

/// Objects of one type made by one line of a returned function, still alive.
#[derive(Clone, Debug, Serialize)]
pub struct LeakGroupView {
    /// Their type.
    #[serde(rename = "type")]
    pub type_name: String,
    /// The function that made them.
    pub function: String,
    /// Source file index.
    pub file: u32,
    /// The line that made them.
    pub line: u32,
    /// That line's text, trimmed.
    pub code: String,
    /// How many there are.
    pub count: usize,
    /// Their own sizes added up.
    pub bytes: u64,
    /// `bytes` in words.
    pub bytes_text: String,
    /// The step that first shows the oldest of them (where to look to see them made).
    pub first_born: Option<u64>,
    /// A few of them with what keeps each alive (reachable ones first).
    pub examples: Vec<LeakExample>,
    /// How many are not among the examples.
    pub more: usize,
    /// How many of them no variable reaches.
    pub unreachable: usize,
}

/// The leak report at one step.
#[derive(Clone, Debug, Serialize)]
pub struct LeakReport {
    /// The step.
    pub step: u64,
    /// The trace's steps.
    pub steps: u64,
    /// Objects in all groups.
    pub objects: usize,
    /// Their bytes.
    pub bytes: u64,
    /// The report's first sentence, as `heapscope leaks` prints it.
    pub text: String,
    /// The groups, biggest first.
    pub groups: Vec<LeakGroupView>,
}

fn line_code(trace: &Trace, file: u32, line: u32) -> String {
    trace
        .meta()
        .sources
        .get(file as usize)
        .map(|s| s.line(line).trim().to_owned())
        .unwrap_or_default()
}

fn born_view(trace: &Trace, step: u64, o: &Origin) -> BornView {
    BornView {
        step,
        function: trace.symbols().text(o.func).to_owned(),
        file: o.file,
        line: o.line,
        code: line_code(trace, o.file, o.line),
    }
}

/// What keeps an object alive, in words, given its path (if a variable reaches it) and
/// whether something the trace does not show holds it (see `HeapGraph::held_unseen`);
/// else only a reference cycle does.
pub fn kept_by(state: &State, trace: &Trace, path: Option<&RefPath>, held_unseen: bool) -> String {
    match path {
        Some(p) => p.describe(state, trace.symbols()),
        None if held_unseen => UNDRAWN_TEXT.to_owned(),
        None => CYCLE_TEXT.to_owned(),
    }
}

/// The inspector's facts about object `id` at `state`, or `None` when it is not alive
/// there.
pub fn object_facts(
    trace: &Trace,
    lives: &Lifetimes,
    state: &State,
    id: ObjId,
) -> Option<ObjectFacts> {
    let graph = HeapGraph::new(state);
    let deep = graph.deep_sizes();
    let unseen: HashSet<ObjId> = graph.held_unseen().into_iter().collect();
    object_facts_in(trace, lives, state, &graph, deep.as_ref(), &unseen, id)
}

/// [`object_facts`] with the graph and its sizes computed once for many objects.
fn object_facts_in(
    trace: &Trace,
    lives: &Lifetimes,
    state: &State,
    graph: &HeapGraph<'_>,
    deep: Option<&HashMap<ObjId, u64>>,
    unseen: &HashSet<ObjId>,
    id: ObjId,
) -> Option<ObjectFacts> {
    let data = state.object(id)?;
    let repr = Repr::new(state, trace.symbols(), Default::default());
    let info = state.info(id);
    let path = graph.path_to(id);
    let life = lives.get(id);
    let size = info.map(|i| i.size + i.hidden);
    let deep_size = deep.and_then(|d| d.get(&id).copied());
    Some(ObjectFacts {
        id: id.0,
        step: state.step,
        type_name: repr.type_name(data),
        summary: repr.summary(id),
        repr: repr.of(id),
        refs: info.map(|i| match i.refs {
            Refs::Count(n) => serde_json::Value::from(n),
            Refs::Immortal => serde_json::Value::from("immortal"),
        }),
        size,
        deep_size,
        size_text: size.map(format_bytes),
        deep_size_text: deep_size.map(format_bytes),
        born: life
            .filter(|l| l.born > 1)
            .map(|l| born_view(trace, l.born, &l.origin)),
        died: life.and_then(|l| l.died).map(|(step, cause)| DiedView {
            step,
            cause: match cause {
                FreeCause::LastReference => "last_reference",
                FreeCause::Collector => "collector",
            },
            cause_text: cause.describe(),
        }),
        kept_by: kept_by(state, trace, path.as_ref(), unseen.contains(&id)),
        path: path.map(|p| p.describe(state, trace.symbols())),
        module: match data {
            ObjectData::Imported { module, .. } => Some(trace.symbols().text(*module).to_owned()),
            _ => None,
        },
        members: match data {
            ObjectData::Imported { members, .. } => members
                .iter()
                .map(|&(n, k)| MemberView {
                    name: trace.symbols().text(n).to_owned(),
                    kind: trace.symbols().text(k).to_owned(),
                })
                .collect(),
            _ => Vec::new(),
        },
    })
}

/// The facts of every object alive at `state`, at most `cap` of them (oldest ids first),
/// for a page that cannot ask a server.
pub fn all_object_facts(
    trace: &Trace,
    lives: &Lifetimes,
    state: &State,
    cap: usize,
) -> Vec<ObjectFacts> {
    let graph = HeapGraph::new(state);
    let deep = graph.deep_sizes();
    let unseen: HashSet<ObjId> = graph.held_unseen().into_iter().collect();
    let mut ids: Vec<ObjId> = state.objects().map(|(id, _)| id).collect();
    ids.sort_unstable();
    ids.truncate(cap);
    ids.into_iter()
        .filter_map(|id| object_facts_in(trace, lives, state, &graph, deep.as_ref(), &unseen, id))
        .collect()
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{} {word}s", format_count(n as u64))
    }
}

/// The leak report at `state`: what functions that have returned left alive, grouped by
/// type and line, each group with a few objects and what keeps them alive.
pub fn leak_report(trace: &Trace, lives: &Lifetimes, state: &State) -> LeakReport {
    let groups: Vec<LeakGroup> = leaks(trace, lives, state);
    let objects: usize = groups.iter().map(|g| g.objects.len()).sum();
    let bytes: u64 = groups.iter().map(|g| g.bytes).sum();
    let text = if objects == 0 {
        "No object made inside a function outlived its call.".to_owned()
    } else {
        format!(
            "{} made inside functions that have returned {} still alive ({}).",
            plural(objects, "object"),
            if objects == 1 { "is" } else { "are" },
            format_bytes(bytes)
        )
    };
    let unseen: HashSet<ObjId> = if groups.iter().any(|g| g.unreachable > 0) {
        HeapGraph::new(state).held_unseen().into_iter().collect()
    } else {
        HashSet::new()
    };
    let groups = groups
        .into_iter()
        .map(|g| LeakGroupView {
            function: trace.symbols().text(g.origin.func).to_owned(),
            file: g.origin.file,
            line: g.origin.line,
            code: line_code(trace, g.origin.file, g.origin.line),
            count: g.objects.len(),
            bytes: g.bytes,
            bytes_text: format_bytes(g.bytes),
            first_born: g
                .objects
                .first()
                .and_then(|&o| lives.get(o))
                .map(|l| l.born),
            more: g.objects.len().saturating_sub(g.examples.len()),
            examples: g
                .examples
                .iter()
                .map(|(id, path)| LeakExample {
                    id: id.0,
                    born: lives.get(*id).map(|l| l.born),
                    path: path.as_ref().map(|p| p.describe(state, trace.symbols())),
                    kept_by: kept_by(state, trace, path.as_ref(), unseen.contains(id)),
                })
                .collect(),
            unreachable: g.unreachable,
            type_name: g.type_name,
        })
        .collect();
    LeakReport {
        step: state.step,
        steps: trace.len(),
        objects,
        bytes,
        text,
        groups,
    }
}

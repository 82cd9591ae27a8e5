//! The programs of examples/lecture/ ("The Stack and the Heap"), traced by real CPython:
//! at chosen steps, what a learner must see in heapscope.
//!
//! Steps are found by the line of source they run (looked up by text, so comments in the
//! examples can change without breaking the tests), never by a hard-coded step number.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use heapscope_analysis::{Narration, Question};
use heapscope_trace::{
    Event, FrameStatus, GeneratorState, ObjId, ObjectData, Outcome, SeqKind, State, Trace,
};

/// The path of a lecture example.
fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/lecture")
        .join(name)
}

/// Traces a lecture example.
fn trace_example(name: &str) -> Trace {
    trace_file(&example(name))
}

/// The 1-based line of the first code line (not a comment) of `name` containing `needle`.
fn line_of(name: &str, needle: &str) -> u32 {
    let src = std::fs::read_to_string(example(name)).expect("read example");
    let i = src
        .lines()
        .position(|l| !l.trim_start().starts_with('#') && l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} is not in {name}"));
    i as u32 + 1
}

/// The first step at `line` with `event` in the frame called `func`. Reads the steps with
/// one cursor and clones only the state it returns: collecting every state of a long trace
/// (10,000 steps, each with a 10,000-item list) would take gigabytes.
fn first_at<'t>(t: &'t Trace, line: u32, event: Event, func: &str) -> Step<'t> {
    let mut c = t.cursor();
    while let Some(s) = c.next_state().expect("read step") {
        let here = s.frame(s.frame).map(|f| t.symbols().text(f.func));
        if s.line == line && s.event == Some(event) && here == Some(func) {
            return Step {
                trace: t,
                state: s.clone(),
            };
        }
    }
    panic!("no {event:?} step at line {line} in {func}")
}

/// The name of the frame a step happens in.
fn current_func(s: &Step) -> String {
    s.state
        .frame(s.state.frame)
        .map(|f| s.text(f.func).to_owned())
        .unwrap_or_default()
}

/// Visits every step in order with one cheap cursor: long traces (thousands of steps, a
/// thousand frames deep) would be slow to rebuild step by step with `state_at`.
fn each_state(t: &Trace, mut f: impl FnMut(&State)) {
    let mut c = t.cursor();
    while let Some(s) = c.next_state().expect("read step") {
        f(s);
    }
}

/// How many active frames of `func` a state has.
fn frames_of(t: &Trace, s: &State, func: &str) -> usize {
    s.stack_frames()
        .filter(|f| t.symbols().text(f.func) == func)
        .count()
}

/// The last step, as a learner sees it.
fn last(t: &Trace) -> Step<'_> {
    step(t, t.len())
}

/// The length of a list (None if `id` is not a live list).
fn list_len(s: &Step, id: ObjId) -> Option<u64> {
    match s.obj(id)? {
        ObjectData::Seq(SeqKind::List, seq) => Some(seq.len),
        _ => None,
    }
}

/// The step just after `s`.
fn next<'t>(t: &'t Trace, s: &Step) -> Step<'t> {
    step(t, s.state.step + 1)
}

// ---------------------------------------------------------------- 01: variables, objects

const VARS: &str = "01_variables_and_objects.py";

#[test]
fn variables_the_global_frame_holds_every_name_in_order() {
    let t = trace_example(VARS);
    let s = first_at(
        &t,
        line_of(VARS, "team_scores = scores"),
        Event::Line,
        "<module>",
    );
    assert_eq!(s.vars_of("<module>"), vec!["x", "y", "scores", "ages"]);
    assert_eq!(s.global_repr("x").as_deref(), Some("10"));
    assert_eq!(s.global_repr("y").as_deref(), Some("'Python'"));
    assert_eq!(s.global_repr("scores").as_deref(), Some("[1, 2, 3]"));
    assert_eq!(
        s.global_repr("ages").as_deref(),
        Some("{'ann': 31, 'bob': 27}")
    );
    // The list and the dict are drawn as arrows to heap objects, x and y inline.
    let kind = |n: &str| s.obj(s.global(n).unwrap()).unwrap().is_primitive();
    assert!(kind("x") && kind("y"));
    assert!(!kind("scores") && !kind("ages"));
}

#[test]
fn variables_two_names_share_one_list() {
    let t = trace_example(VARS);
    let end = last(&t);
    let list = end.global("scores").unwrap();
    assert_eq!(
        end.global("team_scores"),
        Some(list),
        "team_scores is not a copy"
    );
    assert_eq!(end.references_to(list), 2, "two arrows into the one list");
    assert_eq!(end.repr(list), "[1, 2, 3, 4]");
    // The append through team_scores is shown as a change of that one object.
    let after = next(
        &t,
        &first_at(
            &t,
            line_of(VARS, "team_scores.append"),
            Event::Line,
            "<module>",
        ),
    );
    assert!(after.state.changes.changed.contains(&list));
    assert_eq!(
        end.output(),
        "10 Python [1, 2, 3, 4] {'ann': 31, 'bob': 27}\n"
    );
}

#[test]
fn variables_heap_primitives_shows_ints_and_strs_are_objects_too() {
    // The lecture says x and y live "on the stack"; in CPython the frame holds references
    // to int and str objects. The --heap-primitives view is the one the README points to.
    let t = trace_example(VARS);
    let n = first_at(&t, line_of(VARS, "print(x, y"), Event::Line, "<module>")
        .state
        .step
        .to_string();
    let path = example(VARS);
    let (code, out, err) = heapscope(
        &[
            "run",
            path.to_str().unwrap(),
            "--heap-primitives",
            "--step",
            &n,
        ],
        Path::new("."),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("    x → #"), "x is an arrow:\n{out}");
    assert!(out.contains("    y → #"), "y is an arrow:\n{out}");
    assert!(out.contains(" int 10"), "the int object is listed:\n{out}");
    assert!(
        out.contains(" str 'Python'"),
        "the str object is listed:\n{out}"
    );
    // Without the flag the same step draws them inline, as Python Tutor does.
    let (_, plain, _) = heapscope(
        &["run", path.to_str().unwrap(), "--step", &n],
        Path::new("."),
    );
    assert!(plain.contains("    x = 10") && plain.contains("    y = 'Python'"));
}

#[test]
fn variables_global_frame_is_at_the_line_being_run() {
    // `heapscope run --step 1` must label the Global frame with the line its arrow is at
    // (it once said "line 1" beside "→ 10 │ x = 10").
    let t = trace_example(VARS);
    let first = step(&t, 1);
    let global = first.state.frame(heapscope_trace::FrameId::GLOBAL).unwrap();
    assert_eq!(first.state.line, line_of(VARS, "x = 10"));
    assert_eq!(global.line, first.state.line);
    // While the class body of Person runs, the Global frame is at the class statement.
    let t = trace_example(PERSON);
    let body = first_at(&t, line_of(PERSON, "class Person"), Event::Call, "Person");
    let global = body.state.frame(heapscope_trace::FrameId::GLOBAL).unwrap();
    assert_eq!(global.line, line_of(PERSON, "class Person"));
}

// ------------------------------------------------------- 02: locals vs objects after return

const LOCALS: &str = "02_local_variables.py";

#[test]
fn locals_the_frame_holds_its_names_until_it_returns() {
    let t = trace_example(LOCALS);
    let ret = first_at(
        &t,
        line_of(LOCALS, "numbers = [1, 2, 3]"),
        Event::Return,
        "make_temporary",
    );
    assert_eq!(ret.frame_names(), vec!["<module>", "make_temporary"]);
    assert_eq!(ret.vars_of("make_temporary"), vec!["count", "numbers"]);
    let rv = ret
        .state
        .stack_frames()
        .last()
        .unwrap()
        .return_value
        .unwrap();
    assert_eq!(ret.repr(rv), "None");

    let after = next(&t, &ret);
    assert_eq!(
        after.frame_names(),
        vec!["<module>"],
        "the frame left the stack"
    );
    // If the frame is still known it is only as an exited (faded) one, with its names.
    for f in after
        .state
        .frames()
        .filter(|f| after.text(f.func) == "make_temporary")
    {
        assert_eq!(f.status, FrameStatus::Exited);
    }
    assert!(after.global("count").is_none() && after.global("numbers").is_none());
}

#[test]
fn locals_a_returned_list_outlives_its_frame() {
    let t = trace_example(LOCALS);
    let ret = first_at(
        &t,
        line_of(LOCALS, "return numbers"),
        Event::Return,
        "make_kept",
    );
    let list = ret.var("make_kept", "numbers").unwrap();
    let end = last(&t);
    assert_eq!(end.frame_names(), vec!["<module>"]);
    assert_eq!(end.global("kept"), Some(list), "the same list, not a copy");
    assert_eq!(end.repr(list), "[4, 5, 6]");
    assert_eq!(end.output(), "[4, 5, 6]\n");
}

#[test]
fn locals_a_list_only_the_frame_knew_is_freed_when_it_returns() {
    // The slide says local_list "persists in memory" after the call; in CPython nothing
    // refers to it any more, so it is freed at once. heapscope must show that.
    let t = trace_example(LOCALS);
    let ret = first_at(
        &t,
        line_of(LOCALS, "numbers = [1, 2, 3]"),
        Event::Return,
        "make_temporary",
    );
    let temp = ret.var("make_temporary", "numbers").unwrap();
    let after = next(&t, &ret);
    assert!(
        after.state.changes.freed.contains(&temp),
        "freed at the step after the return"
    );
    assert!(after.obj(temp).is_none());
    let kept = last(&t).global("kept").unwrap();
    assert_ne!(kept, temp, "a new list is a new object with a new id");
}

// ------------------------------------------------------------- 03: stack vs heap, compute()

const COMPUTE: &str = "03_stack_vs_heap.py";

#[test]
fn compute_a_and_b_take_a_step_each_the_list_takes_thousands() {
    let t = trace_example(COMPUTE);
    let at = |needle: &str| {
        first_at(&t, line_of(COMPUTE, needle), Event::Line, "compute")
            .state
            .step
    };
    let (a, b, data, ret) = (
        at("a = 10"),
        at("b = 20"),
        at("data = [i for"),
        at("return a + b"),
    );
    assert_eq!(b - a, 1);
    assert_eq!(data - b, 1);
    assert!(
        ret - data > 10_000,
        "one step per item at least: {}",
        ret - data
    );
}

#[test]
fn compute_the_big_list_is_drawn_by_its_ends_and_freed_after_the_call() {
    let t = trace_example(COMPUTE);
    let s = first_at(&t, line_of(COMPUTE, "return a + b"), Event::Line, "compute");
    assert_eq!(s.vars_of("compute"), vec!["a", "b", "data"]);
    let data = s.var("compute", "data").unwrap();
    let Some(ObjectData::Seq(SeqKind::List, seq)) = s.obj(data) else {
        panic!("data is a list")
    };
    assert_eq!(seq.len, 10_000);
    assert!(
        seq.items.len() <= 100,
        "only the ends are kept: {}",
        seq.items.len()
    );
    assert_eq!(s.repr(seq.items[0]), "0");
    assert_eq!(s.repr(*seq.items.last().unwrap()), "9999");

    let end = last(&t);
    assert!(
        end.obj(data).is_none(),
        "the list died with compute's frame"
    );
    assert_eq!(end.global_repr("result").as_deref(), Some("10030"));
    assert_eq!(end.output(), "10030\n");
}

// ------------------------------------------------------------------- 04: greet's frame

const GREET: &str = "04_greeting_frame.py";

#[test]
fn greet_frame_grows_then_returns_none_then_goes() {
    let t = trace_example(GREET);
    let def = line_of(GREET, "def greet");
    let call = first_at(&t, def, Event::Call, "greet");
    assert_eq!(call.frame_names(), vec!["<module>", "greet"]);
    assert_eq!(call.vars_of("greet"), vec!["name"]);
    assert_eq!(call.repr(call.var("greet", "name").unwrap()), "'Alice'");

    let ret = first_at(&t, line_of(GREET, "print(message)"), Event::Return, "greet");
    assert_eq!(ret.vars_of("greet"), vec!["name", "message"]);
    assert_eq!(
        ret.repr(ret.var("greet", "message").unwrap()),
        "'Hello, Alice'"
    );
    let frame = ret.state.stack_frames().last().unwrap();
    assert_eq!(
        ret.repr(frame.return_value.expect("a return value")),
        "None"
    );
    assert_eq!(ret.output(), "Hello, Alice\n");

    let end = last(&t);
    assert_eq!(end.frame_names(), vec!["<module>"]);
    assert!(
        end.global("message").is_none(),
        "message never was a global"
    );
}

// ------------------------------------------------------------- 05: a Person on the heap

const PERSON: &str = "05_class_instance.py";

#[test]
fn person_init_fills_the_object_self_points_at() {
    let t = trace_example(PERSON);
    let def = line_of(PERSON, "def __init__");
    let call = first_at(&t, def, Event::Call, "Person.__init__");
    assert_eq!(call.vars_of("Person.__init__"), vec!["self", "name"]);
    let me = call.var("Person.__init__", "self").unwrap();
    let attrs = |s: &Step| match s.obj(me) {
        Some(ObjectData::Instance {
            type_name, attrs, ..
        }) => {
            assert_eq!(s.text(*type_name), "Person");
            attrs
                .iter()
                .map(|(n, v)| (s.text(*n).to_owned(), *v))
                .collect::<Vec<_>>()
        }
        other => panic!("self is a Person instance, not {other:?}"),
    };
    assert!(attrs(&call).is_empty(), "the object starts empty");

    let ret = first_at(
        &t,
        line_of(PERSON, "self.name = name"),
        Event::Return,
        "Person.__init__",
    );
    let got = attrs(&ret);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "name");
    assert_eq!(ret.repr(got[0].1), "'Bob'");
    assert_eq!(
        Some(got[0].1),
        ret.var("Person.__init__", "name"),
        "the attribute refers to the same str as the parameter"
    );

    let end = last(&t);
    assert_eq!(
        end.global("person"),
        Some(me),
        "person is the object self was"
    );
    assert_eq!(end.frame_names(), vec!["<module>"]);
    assert_eq!(end.output(), "Bob\n");
}

// --------------------------------------------------------- 06: value vs reference passing

const PASSING: &str = "06_value_vs_reference.py";

#[test]
fn passing_append_changes_the_callers_list() {
    let t = trace_example(PASSING);
    let ret = first_at(
        &t,
        line_of(PASSING, "lst.append(4)"),
        Event::Return,
        "append_to_list",
    );
    let list = ret.global("items").unwrap();
    assert_eq!(
        ret.var("append_to_list", "lst"),
        Some(list),
        "lst and items: one list"
    );
    assert_eq!(ret.references_to(list), 2);
    assert_eq!(ret.repr(list), "[1, 2, 3, 4]");

    let after = next(&t, &ret);
    assert_eq!(after.frame_names(), vec!["<module>"]);
    assert_eq!(after.global("items"), Some(list));
    assert_eq!(list_len(&after, list), Some(4));
    assert_eq!(after.references_to(list), 1, "only items is left");
}

#[test]
fn passing_increment_rebinds_only_its_local() {
    let t = trace_example(PASSING);
    let def = line_of(PASSING, "def increment");
    let call = first_at(&t, def, Event::Call, "increment");
    // Python passed a reference here too: both names start at the same int object.
    assert_eq!(call.var("increment", "number"), call.global("number"));

    let ret = first_at(
        &t,
        line_of(PASSING, "return number"),
        Event::Return,
        "increment",
    );
    assert_eq!(ret.repr(ret.var("increment", "number").unwrap()), "11");
    assert_eq!(ret.global_repr("number").as_deref(), Some("10"));
    assert_ne!(ret.var("increment", "number"), ret.global("number"));

    let end = last(&t);
    assert_eq!(end.global_repr("number").as_deref(), Some("10"));
    assert_eq!(end.global_repr("bigger").as_deref(), Some("11"));
    assert_eq!(end.output(), "10 11 [1, 2, 3, 4]\n");
}

// ----------------------------------------------------------------- 07-09: recursion

const RECURSION: &str = "07_recursion.py";
const OVERFLOW: &str = "08_stack_overflow.py";
const RAISED: &str = "09_recursion_limit_raised.py";

#[test]
fn recursion_eleven_frames_at_the_deepest_step_then_last_in_first_out() {
    let t = trace_example(RECURSION);
    let deepest = steps(&t)
        .into_iter()
        .max_by_key(|s| frames_of(&t, &s.state, "countdown"))
        .unwrap();
    assert_eq!(frames_of(&t, &deepest.state, "countdown"), 11);
    let counters: Vec<String> = deepest
        .state
        .stack_frames()
        .skip(1)
        .map(|f| deepest.repr(f.vars[0].1))
        .collect();
    let want: Vec<String> = (0..=10).rev().map(|n| n.to_string()).collect();
    assert_eq!(counters, want, "oldest call at the bottom");

    // The frames return newest first: counter 0, then 1, ... then 10.
    let returns: Vec<String> = steps(&t)
        .into_iter()
        .filter(|s| s.state.event == Some(Event::Return) && current_func(s) == "countdown")
        .map(|s| s.repr(s.var("countdown", "counter").unwrap()))
        .collect();
    let want: Vec<String> = (0..=10).map(|n| n.to_string()).collect();
    assert_eq!(returns, want);
    assert_eq!(last(&t).output(), "done\n");
}

#[test]
fn overflow_ends_in_recursion_error_a_thousand_frames_deep() {
    let t = trace_example(OVERFLOW);
    let mut deepest = 0;
    let mut first_error = None;
    each_state(&t, |s| {
        deepest = deepest.max(frames_of(&t, s, "countdown"));
        if first_error.is_none() && s.event == Some(Event::Exception) {
            first_error = Some((frames_of(&t, s, "countdown"), s.exception.clone().unwrap()));
        }
    });
    let limit = 1000; // sys.getrecursionlimit() by default
    assert!(
        (limit - 10..limit).contains(&deepest),
        "stack depth {deepest}"
    );
    let (depth, message) = first_error.expect("an exception step");
    assert_eq!(depth, deepest, "the error is raised at the deepest frame");
    assert!(
        message.starts_with("RecursionError: maximum recursion depth exceeded"),
        "{message}"
    );

    let end = last(&t);
    assert_eq!(end.state.event, Some(Event::UncaughtException));
    assert_eq!(end.frame_names(), vec!["<module>"], "the stack unwound");
    assert!(end
        .state
        .exception
        .as_deref()
        .unwrap()
        .starts_with("RecursionError"));
    assert!(
        matches!(&t.meta().outcome, Some(Outcome::Exception { message }) if message.starts_with("RecursionError")),
        "{:?}",
        t.meta().outcome
    );
    assert_eq!(end.output(), "", "countdown never got to print");
}

#[test]
fn overflow_last_step_is_at_the_line_that_started_the_recursion() {
    let t = trace_example(OVERFLOW);
    let end = last(&t);
    // The stack has unwound to the Global frame, so the step shows the Global frame's line.
    assert_eq!(end.frame_names(), vec!["<module>"]);
    assert_eq!(end.state.line, line_of(OVERFLOW, "print(countdown(10000))"));
}

#[test]
fn raised_limit_lets_ten_thousand_and_one_frames_pile_up() {
    let t = trace_example(RAISED);
    // Only the stack's length per step: counting 10,000 frames by name at each of 40,000
    // steps is too slow. The deepest step's frames are then checked by name once.
    let (mut depth, mut at) = (0, 0);
    each_state(&t, |s| {
        if s.stack.len() > depth {
            (depth, at) = (s.stack.len(), s.step);
        }
    });
    let deepest = step(&t, at);
    assert_eq!(
        frames_of(&t, &deepest.state, "countdown"),
        10_001,
        "countdown(10000) down to countdown(0)"
    );
    assert_eq!(depth, 10_002, "and the Global frame");
    let end = last(&t);
    assert!(matches!(t.meta().outcome, Some(Outcome::Finished)));
    assert_eq!(end.output(), "done\n");
}

// ------------------------------------------------------- 10: recursive vs iterative

const BOTH: &str = "10_recursive_vs_iterative.py";

#[test]
fn both_ways_same_answer_one_frame_per_number_vs_one_frame() {
    let t = trace_example(BOTH);
    let (mut rec, mut it, mut depth_in_loop) = (0, 0, 0);
    each_state(&t, |s| {
        rec = rec.max(frames_of(&t, s, "total_recursive"));
        let n = frames_of(&t, s, "total_iterative");
        it = it.max(n);
        if n > 0 {
            depth_in_loop = depth_in_loop.max(s.stack.len());
        }
    });
    assert_eq!(rec, 6, "n = 5, 4, 3, 2, 1, 0");
    assert_eq!(it, 1);
    assert_eq!(depth_in_loop, 2, "the Global frame and total_iterative");

    let loop_line = first_at(&t, line_of(BOTH, "n -= 1"), Event::Line, "total_iterative");
    assert_eq!(loop_line.vars_of("total_iterative"), vec!["n", "total"]);

    let end = last(&t);
    assert_eq!(end.global_repr("by_recursion").as_deref(), Some("15"));
    assert_eq!(end.global_repr("by_loop").as_deref(), Some("15"));
    assert_eq!(end.output(), "15 15\n");
}

// --------------------------------------------------------------- 11: list vs generator

const LAZY: &str = "11_list_vs_generator.py";

#[test]
fn lazy_the_list_holds_all_squares_and_is_freed_by_del() {
    let t = trace_example(LAZY);
    let s = first_at(
        &t,
        line_of(LAZY, "all_at_once = sum(squares)"),
        Event::Line,
        "<module>",
    );
    let squares = s.global("squares").unwrap();
    assert_eq!(list_len(&s, squares), Some(1000));

    let del = first_at(&t, line_of(LAZY, "del squares"), Event::Line, "<module>");
    let after = next(&t, &del);
    assert!(after.global("squares").is_none());
    assert!(after.state.changes.freed.contains(&squares));
}

#[test]
fn lazy_the_generator_never_holds_a_list_of_squares() {
    let t = trace_example(LAZY);
    let from = first_at(
        &t,
        line_of(LAZY, "lazy = squares_gen"),
        Event::Line,
        "<module>",
    )
    .state
    .step;
    let mut biggest_list = 0;
    let mut gen_vars = Vec::new();
    each_state(&t, |s| {
        if s.step < from {
            return;
        }
        for (_, o) in s.objects() {
            if let ObjectData::Seq(SeqKind::List, seq) = o {
                biggest_list = biggest_list.max(seq.len);
            }
        }
        if let Some(f) = s
            .stack_frames()
            .find(|f| t.symbols().text(f.func) == "squares_gen")
        {
            for (n, _) in &f.vars {
                let n = t.symbols().text(*n).to_owned();
                if !gen_vars.contains(&n) {
                    gen_vars.push(n);
                }
            }
        }
    });
    assert!(
        biggest_list < 2,
        "a list of {biggest_list} items while the generator ran"
    );
    assert_eq!(gen_vars, vec!["n", "i"], "one number at a time");
    let end = last(&t);
    // sum() drove it to the end: the generator object is still there, finished.
    let lazy = end.global("lazy").expect("lazy");
    assert!(
        matches!(
            end.obj(lazy),
            Some(ObjectData::Generator {
                state: GeneratorState::Closed,
                ..
            })
        ),
        "{:?}",
        end.obj(lazy)
    );
    assert_eq!(
        end.global_repr("one_at_a_time").as_deref(),
        Some("332833500")
    );
    assert_eq!(end.output(), "332833500 332833500\n");
}

#[test]
fn lazy_a_resumed_generator_is_on_the_stack() {
    let t = trace_example(LAZY);
    let mut bad = Vec::new();
    each_state(&t, |s| {
        let f = s.frame(s.frame).map(|f| t.symbols().text(f.func));
        if s.event == Some(Event::Call)
            && f == Some("squares_gen")
            && frames_of(&t, s, "squares_gen") != 1
        {
            bad.push(s.step);
        }
    });
    assert!(bad.is_empty(), "resume steps without the frame: {bad:?}");
}

// ---------------------------------------------------------------- 12: worked example

const WORKED: &str = "12_worked_example.py";

#[test]
fn worked_recursion_piles_up_frames_and_fills_the_global_list() {
    let t = trace_example(WORKED);
    let mut deepest = 0;
    each_state(&t, |s| {
        deepest = deepest.max(frames_of(&t, s, "process_recursive"))
    });
    assert_eq!(deepest, 7, "one frame per row, and one more to stop");

    let printed = first_at(
        &t,
        line_of(WORKED, "print(\"recursive:\""),
        Event::Line,
        "<module>",
    );
    let results = printed.global("results").unwrap();
    assert_eq!(printed.repr(results), "[30, 10, 40, 10, 50, 90]");
    assert_eq!(printed.frame_names(), vec!["<module>"]);

    let cleared = next(
        &t,
        &first_at(
            &t,
            line_of(WORKED, "results.clear()"),
            Event::Line,
            "<module>",
        ),
    );
    assert_eq!(
        cleared.global("results"),
        Some(results),
        "the same list, emptied"
    );
    assert_eq!(list_len(&cleared, results), Some(0));
}

#[test]
fn worked_the_generator_fix_uses_one_frame() {
    let t = trace_example(WORKED);
    let mut deepest = 0;
    each_state(&t, |s| {
        deepest = deepest.max(frames_of(&t, s, "process_rows"))
    });
    assert_eq!(deepest, 1);
    let end = last(&t);
    assert_eq!(end.global_repr("total").as_deref(), Some("230"));
    assert_eq!(end.global_repr("results").as_deref(), Some("[]"));
    assert_eq!(
        end.output(),
        "recursive: [30, 10, 40, 10, 50, 90]\ngenerator total: 230\n"
    );
}

// ------------------------------------------------------------------- quiz: references

const QUIZ: &str = "quiz_where_are_references.py";

#[test]
fn quiz_references_live_in_frames_and_in_heap_objects() {
    let t = trace_example(QUIZ);
    let call = first_at(&t, line_of(QUIZ, "def add_item"), Event::Call, "add_item");
    let list = call.global("shopping").unwrap();
    assert_eq!(call.var("add_item", "basket"), Some(list));
    assert_eq!(
        call.references_to(list),
        2,
        "one arrow from each frame, none from the heap"
    );

    let end = last(&t);
    let week = end.global("week").unwrap();
    let inner = end.obj(week).unwrap().children();
    assert_eq!(inner.len(), 2);
    assert_eq!(
        inner[0], list,
        "week holds a reference to the shopping list"
    );
    assert_eq!(
        end.references_to(list),
        2,
        "the global name and the slot in week"
    );
    assert_eq!(end.output(), "2 [['milk', 'eggs'], ['bread']]\n");
}

// ------------------------------------------------------------------------- the README

#[test]
fn readme_names_every_example_and_how_to_step_through_it() {
    let dir = example("");
    let readme = std::fs::read_to_string(dir.join("README.md")).expect("README.md");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".py"))
        .collect();
    names.sort();
    assert!(names.len() >= 12, "{names:?}");
    for n in names {
        assert!(
            readme.contains(&format!("heapscope run examples/lecture/{n}")),
            "README has no command for {n}"
        );
    }
}

/// What one `--step N` of the README promises: the event, the frame it happens in, and the
/// number of frames of `func` on the stack.
struct Promise {
    file: &'static str,
    step: u64,
    event: Event,
    func: &'static str,
    frames: usize,
}

#[test]
fn readme_step_numbers_still_point_at_what_they_describe() {
    let p = |file, step, event, func, frames| Promise {
        file,
        step,
        event,
        func,
        frames,
    };
    let promises = [
        p(VARS, 7, Event::Line, "<module>", 1),
        p(LOCALS, 7, Event::Return, "make_temporary", 1),
        p(LOCALS, 8, Event::Line, "<module>", 1),
        p(LOCALS, 14, Event::Line, "<module>", 1),
        p(COMPUTE, 6, Event::Line, "compute", 1),
        p(COMPUTE, 10010, Event::Line, "compute", 1),
        p(GREET, 6, Event::Return, "greet", 1),
        p(PERSON, 7, Event::Call, "Person.__init__", 1),
        p(PERSON, 9, Event::Return, "Person.__init__", 1),
        p(PASSING, 7, Event::Return, "append_to_list", 1),
        p(PASSING, 10, Event::Call, "increment", 1),
        p(PASSING, 12, Event::Line, "increment", 1),
        p(PASSING, 13, Event::Return, "increment", 1),
        p(RECURSION, 36, Event::Return, "countdown", 11),
        p(OVERFLOW, 2999, Event::Exception, "countdown", 999),
        p(OVERFLOW, 4998, Event::UncaughtException, "<module>", 1),
        p(RAISED, 30005, Event::Call, "countdown", 10_001),
        p(BOTH, 22, Event::Return, "total_recursive", 6),
        p(BOTH, 45, Event::Line, "total_iterative", 1),
        p(LAZY, 1010, Event::Line, "<module>", 1),
        p(LAZY, 1012, Event::Line, "<module>", 1),
        p(LAZY, 1017, Event::Return, "squares_gen", 1),
        p(WORKED, 33, Event::Return, "process_recursive", 7),
        p(QUIZ, 4, Event::Call, "add_item", 1),
        p(QUIZ, 10, Event::Return, "<module>", 1),
    ];
    let mut traces = std::collections::HashMap::new();
    for pr in promises {
        let t = traces
            .entry(pr.file)
            .or_insert_with(|| trace_example(pr.file));
        let s = step(t, pr.step);
        let what = format!("{} --step {}", pr.file, pr.step);
        assert_eq!(s.state.event, Some(pr.event), "{what}");
        assert_eq!(current_func(&s), pr.func, "{what}");
        assert_eq!(frames_of(t, &s.state, pr.func), pr.frames, "{what}");
    }
    // The two steps the README contrasts in 11: the whole list, then no list after `del`.
    let t = &traces[LAZY];
    assert!(step(t, 1010).global("squares").is_some());
    assert!(step(t, 1012).global("squares").is_none());
}

// ------------------------------------------------ narration: the sentences under each step
//
// What `heapscope run --explain`, the export and the web app say in words. A step is found
// by the line that ran before it (its effects show at the next step), never by number.

/// The sentences a learner reads at the step after the first `event` step at the line of
/// `name` containing `needle`, in `func`: what that line did.
fn said_after(t: &Trace, name: &str, needle: &str, event: Event, func: &str) -> Vec<String> {
    let s = first_at(t, line_of(name, needle), event, func);
    Narration::at(t, s.state.step + 1)
        .expect("narrate")
        .sentences
}

/// The sentences at the first `event` step at that line itself: what the line before did.
fn said_at(t: &Trace, name: &str, needle: &str, event: Event, func: &str) -> Vec<String> {
    let s = first_at(t, line_of(name, needle), event, func);
    Narration::at(t, s.state.step).expect("narrate").sentences
}

/// Every sentence of a whole run, in order, with its step.
fn all_said(t: &Trace) -> Vec<(u64, String)> {
    Narration::all(t)
        .expect("narrate")
        .into_iter()
        .flat_map(|n| n.sentences.into_iter().map(move |s| (n.step, s)))
        .collect()
}

/// The first step that says `sentence` exactly.
fn step_saying(t: &Trace, sentence: &str) -> Option<u64> {
    all_said(t)
        .into_iter()
        .find(|(_, s)| s == sentence)
        .map(|(k, _)| k)
}

const SMALL_INT: &str =
    "a small int: CPython made it once at start-up and shares it, so no new object was made.";

#[test]
fn narration_variables_small_int_and_a_shared_list() {
    let t = trace_example(VARS);
    let m = "<module>";
    assert_eq!(
        said_after(&t, VARS, "x = 10", Event::Line, m),
        vec![format!("`x = 10` pointed `x` at 10, {SMALL_INT}")]
    );
    assert_eq!(
        said_after(&t, VARS, "team_scores = scores", Event::Line, m),
        vec!["`team_scores` now refers to the same list as `scores` (2 references now): no copy was made."]
    );
    assert_eq!(
        said_after(&t, VARS, "team_scores.append(4)", Event::Line, m),
        vec!["`team_scores.append(4)` changed the list that `scores` and `team_scores` both refer to: it is now list [1, 2, 3, 4]."]
    );
    assert_eq!(
        Narration::at(&t, t.len()).unwrap().sentences,
        vec!["It printed `10 Python [1, 2, 3, 4] {'ann': 31, 'bob': 27}`."]
    );
}

#[test]
fn narration_locals_a_freed_list_and_a_kept_one() {
    const F: &str = "02_local_variables.py";
    let t = trace_example(F);
    assert_eq!(
        said_after(
            &t,
            F,
            "numbers = [1, 2, 3]",
            Event::Return,
            "make_temporary"
        ),
        vec![
            "`make_temporary` returned None and its frame is gone from the stack.",
            "The list [1, 2, 3] lost its last reference and was freed.",
        ]
    );
    assert_eq!(
        said_at(&t, F, "numbers = [4, 5, 6]", Event::Line, "make_kept"),
        vec![format!("`count = 20` pointed `count` at 20, {SMALL_INT}")]
    );
    assert_eq!(
        said_after(&t, F, "return numbers", Event::Return, "make_kept"),
        vec![
            "`make_kept` returned list [4, 5, 6] and its frame is gone from the stack.",
            "`kept` now refers to the list [4, 5, 6] that `make_kept` returned.",
        ]
    );
}

#[test]
fn narration_stack_vs_heap() {
    const F: &str = "03_stack_vs_heap.py";
    let t = trace_example(F);
    assert_eq!(
        said_after(&t, F, "b = 20", Event::Line, "compute"),
        vec![format!("`b = 20` pointed `b` at 20, {SMALL_INT}")]
    );
    let said = said_after(&t, F, "return a + b", Event::Return, "compute");
    assert_eq!(
        said[..2],
        [
            "`compute` returned int 10030 and its frame is gone from the stack.",
            "`result` now refers to the int 10030 that `compute` returned.",
        ]
    );
    // The list goes with the frame, and its ints with it (how many depends on the small
    // ints among them).
    assert!(
        said[2].ends_with(
            " objects lost their last reference and were freed (the list of 10,000 items among them)."
        ),
        "{said:?}"
    );
}

#[test]
fn narration_greet_a_frame_and_its_str() {
    const F: &str = "04_greeting_frame.py";
    let t = trace_example(F);
    assert_eq!(
        said_after(&t, F, "message = ", Event::Line, "greet"),
        vec![
            "`message = \"Hello, \" + name` made a new str 'Hello, Alice' and named it `message`."
        ]
    );
    assert_eq!(
        said_after(&t, F, "print(message)", Event::Return, "greet"),
        vec![
            "`greet` returned None and its frame is gone from the stack.",
            "The str 'Hello, Alice' lost its last reference and was freed.",
        ]
    );
}

#[test]
fn narration_person_self_is_the_new_object() {
    const F: &str = "05_class_instance.py";
    let t = trace_example(F);
    assert_eq!(
        said_after(&t, F, "person = Person(", Event::Line, "<module>"),
        vec!["Called `Person.__init__`: a new frame on the stack; `self` refers to a new Person object."]
    );
    assert_eq!(
        said_after(&t, F, "self.name = name", Event::Line, "Person.__init__"),
        vec![
            "`self.name = name` changed the object `self` refers to: it is now Person object (name='Bob').",
            "`Person.__init__` is returning None.",
        ]
    );
}

#[test]
fn narration_value_vs_reference_arguments() {
    const F: &str = "06_value_vs_reference.py";
    let t = trace_example(F);
    let m = "<module>";
    assert_eq!(
        said_after(&t, F, "append_to_list(items)", Event::Line, m),
        vec!["Called `append_to_list`: a new frame on the stack; `lst` refers to the same list as `items` (2 references now)."]
    );
    assert_eq!(
        said_after(&t, F, "bigger = increment(number)", Event::Line, m),
        vec!["Called `increment`: a new frame on the stack; `number` refers to the same int object as the global `number` (an int cannot change, so the call cannot change it)."]
    );
    assert_eq!(
        said_after(&t, F, "number += 1", Event::Line, "increment"),
        vec![format!("`number += 1` pointed the local `number` at 11, {}; the global `number` still refers to int 10.", SMALL_INT.trim_end_matches('.'))]
    );
}

#[test]
fn narration_recursion_returns_newest_first() {
    const F: &str = "07_recursion.py";
    let t = trace_example(F);
    assert_eq!(
        said_after(&t, F, "return \"done\"", Event::Return, "countdown"),
        vec![
            "`countdown` returned str 'done' and its frame is gone from the stack.",
            "`countdown` is returning str 'done'.",
        ]
    );
}

#[test]
fn narration_an_exception_unwinds_frames() {
    const F: &str = "08_stack_overflow.py";
    let t = trace_example(F);
    let said = all_said(&t);
    let raised = said
        .iter()
        .filter(|(_, s)| {
            s.starts_with("`countdown` raised RecursionError: maximum recursion depth exceeded")
        })
        .count();
    assert_eq!(raised, 1, "raised once, at the deepest frame");
    let unwound = said
        .iter()
        .filter(|(_, s)| s == "The exception unwound `countdown`'s frame (it is gone from the stack) and reached `countdown`, which has to handle it or pass it on.")
        .count();
    let left = said
        .iter()
        .filter(|(_, s)| {
            s == "`countdown` did not catch the exception: it leaves without returning a value."
        })
        .count();
    assert!(
        unwound > 900 && left == unwound + 1,
        "{unwound} frames unwound, {left} left"
    );
    assert!(said.iter().any(|(_, s)| s == "The exception unwound `countdown`'s frame (it is gone from the stack) and reached `<module>`, which has to handle it or pass it on."));
    let end = Narration::at(&t, t.len()).unwrap().sentences;
    assert!(end.last().unwrap().starts_with("The end: the program stopped with an exception: RecursionError: maximum recursion depth exceeded"), "{end:?}");
}

#[test]
fn narration_recursion_limit_raised() {
    const F: &str = "09_recursion_limit_raised.py";
    let t = trace_example(F);
    assert_eq!(
        said_after(
            &t,
            F,
            "sys.setrecursionlimit(20000)",
            Event::Line,
            "<module>"
        ),
        vec!["`sys.setrecursionlimit(20000)` ran without changing any variable or object."]
    );
    assert_eq!(
        Narration::at(&t, t.len())
            .unwrap()
            .sentences
            .last()
            .unwrap(),
        "It printed `done`."
    );
}

#[test]
fn narration_iterative_small_ints_are_shared() {
    const F: &str = "10_recursive_vs_iterative.py";
    let t = trace_example(F);
    assert_eq!(
        said_after(&t, F, "total += n", Event::Line, "total_iterative"),
        vec!["`total` and `n` refer to one int object: CPython keeps one copy of each small int (-5 to 256), so every 5 is the same object."]
    );
}

#[test]
fn narration_generator_pauses_and_resumes() {
    const F: &str = "11_list_vs_generator.py";
    let t = trace_example(F);
    let m = "<module>";
    let said = said_after(&t, F, "del squares", Event::Line, m);
    assert_eq!(
        said[0],
        "`del squares` removed the name `squares`: `del` deletes a reference, not an object."
    );
    // How many ints go with the list depends on which squares are small ints.
    assert!(
        said[1].ends_with(
            " objects lost their last reference and were freed (the list of 1,000 items among them)."
        ),
        "{said:?}"
    );
    assert_eq!(
        said_after(&t, F, "lazy = squares_gen(1000)", Event::Line, m),
        vec!["`lazy = squares_gen(1000)` made a new generator `squares_gen` and named it `lazy`; none of its body has run yet."]
    );
    assert_eq!(
        said_after(&t, F, "yield i * i", Event::Return, "squares_gen"),
        vec!["The generator `squares_gen` paused at its `yield` and was resumed at once by the code iterating over it, with its variables as it left them."]
    );
}

#[test]
fn narration_worked_example_generator_in_a_for_loop() {
    const F: &str = "12_worked_example.py";
    let t = trace_example(F);
    let paused = step_saying(&t, "The generator `process_rows` paused at its `yield`: its frame leaves the stack but keeps its variables for when it resumes.")
        .expect("the generator pauses");
    let resumed = step_saying(
        &t,
        "The generator `process_rows` resumed where it paused, with its variables as it left them.",
    )
    .expect("the generator resumes");
    assert!(resumed > paused);
    // The for loop's variable gets what the generator handed out.
    assert_eq!(
        Narration::at(&t, paused).unwrap().sentences[1],
        "`processed` now refers to the int 30 that `process_rows` yielded."
    );
    assert_eq!(
        said_after(&t, F, "results.clear()", Event::Line, "<module>"),
        vec!["`results.clear()` changed the list `results` refers to: it is now list []."]
    );
}

#[test]
fn narration_a_cycle_is_collected() {
    const F: &str = "13_reference_cycle.py";
    let t = trace_example(F);
    assert_eq!(
        said_after(&t, F, "right.partner = left", Event::Return, "make_pair"),
        vec!["`make_pair` returned None and its frame is gone from the stack."],
        "the pair outlives the frame: nothing is freed"
    );
    assert_eq!(
        said_after(&t, F, "unreachable = gc.collect()", Event::Line, "<module>")[1],
        "The cycle collector freed 2 objects that only referred to each other."
    );
}

#[test]
fn narration_quiz_references_live_in_frames_and_objects() {
    const F: &str = "quiz_where_are_references.py";
    let t = trace_example(F);
    assert_eq!(
        said_after(&t, F, "size = add_item(shopping", Event::Line, "<module>"),
        vec!["Called `add_item`: a new frame on the stack; `basket` refers to the same list as `shopping` (2 references now)."]
    );
    assert_eq!(
        said_after(&t, F, "basket.append(item)", Event::Line, "add_item"),
        vec!["`basket.append(item)` changed the list that `shopping` and `basket` both refer to: it is now list ['milk', 'eggs']."]
    );
}

#[test]
fn narration_run_explain_prints_it_under_each_step() {
    let (code, out, err) = heapscope(
        &["run", "--explain", &example(VARS).to_string_lossy()],
        Path::new("."),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.matches("\nWhat happened\n").count() as u64,
        t_len(VARS),
        "{out}"
    );
    assert!(
        out.contains("\nWhat happened\n  `team_scores` now refers to the same list as `scores` (2 references now): no copy was made.\n"),
        "{out}"
    );
    // Without --explain, no words.
    let (_, plain, _) = heapscope(&["run", &example(VARS).to_string_lossy()], Path::new("."));
    assert!(!plain.contains("What happened"));
}

/// The number of steps of a lecture example's trace.
fn t_len(name: &str) -> u64 {
    trace_example(name).len()
}

#[test]
fn narration_of_one_step_is_the_narration_of_the_run() {
    // `--step N`, the server and a picture tell a step from it and the one before; the
    // transcript from the whole run. A learner must read the same words either way.
    for name in [
        VARS,
        "02_local_variables.py",
        "05_class_instance.py",
        "06_value_vs_reference.py",
        "12_worked_example.py",
        "13_reference_cycle.py",
    ] {
        let t = trace_example(name);
        for n in Narration::all(&t).unwrap() {
            assert_eq!(
                Narration::at(&t, n.step).unwrap(),
                n,
                "{name}, step {}",
                n.step
            );
        }
    }
}

// ------------------------------------------- predict mode: questions and wrong models

/// The question asked before the step after the first `event` step at `needle`'s line.
fn asked_after(t: &Trace, name: &str, needle: &str, event: Event, func: &str) -> Question {
    let s = first_at(t, line_of(name, needle), event, func);
    Narration::at(t, s.state.step + 1)
        .unwrap()
        .question
        .unwrap_or_else(|| panic!("no question after {needle:?}"))
}

/// The right answer's text, and the wrong model named by the wrong answer starting `wrong`.
fn answers(q: &Question, wrong: &str) -> (String, Option<String>) {
    let w = q
        .choices
        .iter()
        .find(|c| c.text.starts_with(wrong))
        .unwrap_or_else(|| panic!("no answer {wrong:?} in {q:?}"));
    (
        q.choices[q.answer].text.clone(),
        w.misconception.as_ref().map(|m| m.name.clone()),
    )
}

#[test]
fn predict_questions_name_the_wrong_models_of_memory() {
    let t = trace_example(VARS);
    let q = asked_after(&t, VARS, "team_scores = scores", Event::Line, "<module>");
    assert_eq!(
        q.prompt,
        "After `team_scores = scores`, what does `team_scores` refer to?"
    );
    assert_eq!(
        answers(&q, "a copy"),
        (
            "the same list as `scores`".into(),
            Some("Assignment copies a list".into())
        )
    );

    const REF: &str = "06_value_vs_reference.py";
    let t = trace_example(REF);
    let q = asked_after(&t, REF, "number += 1", Event::Line, "increment");
    assert_eq!(
        q.prompt,
        "`number += 1` runs inside `increment`. What does the global `number` refer to afterwards?"
    );
    assert_eq!(
        answers(&q, "int 11"),
        (
            "int 10, as before".into(),
            Some("An int argument is shared and changed by the callee".into())
        )
    );

    const LOCALS: &str = "02_local_variables.py";
    let t = trace_example(LOCALS);
    let q = asked_after(
        &t,
        LOCALS,
        "numbers = [1, 2, 3]",
        Event::Return,
        "make_temporary",
    );
    assert_eq!(
        q.prompt,
        "`make_temporary` returns. What happens to the list [1, 2, 3] made while it ran?"
    );
    assert_eq!(
        answers(&q, "it stays"),
        (
            "it is freed: nothing refers to it any more".into(),
            Some("A function's list lives on after its frame without a reference".into())
        )
    );

    // `is` and `==`: an equal list is a second object; an equal small int is the same one.
    let t = trace("a = [1, 2]\nb = [1, 2]\nn = 5\nm = 5\nprint(a == b, a is b, n is m)\n");
    let q = Narration::at(&t, 3)
        .unwrap()
        .question
        .expect("a question about b");
    assert_eq!(
        q.prompt,
        "After `b = [1, 2]`, is `b` the same object as `a`?"
    );
    assert_eq!(
        answers(&q, "yes"),
        (
            "no: an equal list, but a second object (`==` is True, `is` is False)".into(),
            Some("`is` and `==` confused".into())
        )
    );
    let q = Narration::at(&t, 5)
        .unwrap()
        .question
        .expect("a question about m");
    assert_eq!(q.prompt, "After `m = 5`, is `m` the same object as `n`?");
    assert_eq!(
        answers(&q, "no"),
        (
            "yes: CPython keeps one object for each small int, so both refer to that 5".into(),
            Some("`is` and `==` confused".into())
        )
    );
    assert_eq!(t.output_until(t.len(), None), "True False True\n");
}

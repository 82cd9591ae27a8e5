//! The programs of examples/lecture/ ("The Stack and the Heap"), traced by real CPython:
//! at chosen steps, what a learner must see in heapscope.
//!
//! Steps are found by the line of source they run (looked up by text, so comments in the
//! examples can change without breaking the tests), never by a hard-coded step number.

mod common;

use std::path::{Path, PathBuf};

use common::*;
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

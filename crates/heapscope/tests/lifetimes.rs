//! Memory truth on real CPython: when objects die and why, reference counts as Python
//! itself reports them, sizes as `sys.getsizeof` does, `__del__` as steps, and the leak
//! report's reference paths.

mod common;

use common::*;
use heapscope_analysis::{HeapGraph, Lifetimes};
use heapscope_trace::{Event, FreeCause, ObjectData, Refs};

/// The step numbers (1-based) of the Line steps at `line`.
fn line_steps(t: &heapscope_trace::Trace, line: u32) -> Vec<u64> {
    steps(t)
        .iter()
        .filter(|s| s.state.line == line && s.state.event == Some(Event::Line))
        .map(|s| s.state.step)
        .collect()
}

fn int_of(s: &Step<'_>, name: &str) -> i64 {
    match s.global(name).and_then(|id| s.obj(id)) {
        Some(ObjectData::Int(heapscope_trace::IntValue::Small(v))) => *v,
        other => panic!("{name} is not a small int: {other:?}"),
    }
}

#[test]
fn an_object_named_three_times_has_three_references() {
    let src = "a = ['x']\nb = a\nc = a\nimport sys\nseen = sys.getrefcount(a)\ndel b\nend = 0\n";
    let t = trace(src);
    let at4 = step(&t, line_steps(&t, 4)[0]);
    let list = at4.global("a").unwrap();
    assert_eq!(
        at4.state.info(list).unwrap().refs,
        Refs::Count(3),
        "a, b and c"
    );
    // Python's own count, minus the reference getrefcount's argument holds.
    let at6 = step(&t, line_steps(&t, 6)[0]);
    assert_eq!(
        int_of(&at6, "seen") - 1,
        3,
        "sys.getrefcount agrees: the tracer holds none"
    );
    let at7 = step(&t, line_steps(&t, 7)[0]);
    assert_eq!(
        at7.state.info(list).unwrap().refs,
        Refs::Count(2),
        "after del b"
    );
}

#[test]
fn immortal_objects_are_marked_not_counted() {
    // (10 ** 30 written out would be a constant of the code, held by it too.)
    let t = trace("n = 5\nnothing = None\nflag = True\nbig = 10 ** n\nend = 0\n");
    let s = step(&t, line_steps(&t, 5)[0]);
    for name in ["n", "nothing", "flag"] {
        let id = s.global(name).unwrap();
        assert_eq!(s.state.info(id).unwrap().refs, Refs::Immortal, "{name}");
    }
    let big = s.global("big").unwrap();
    assert_eq!(s.state.info(big).unwrap().refs, Refs::Count(1));
}

#[test]
fn a_list_made_in_a_function_dies_when_it_returns() {
    let src = "def work():\n    data = [1, 2, 3]\n    return len(data)\nn = work()\nend = n\n";
    let t = trace(src);
    let in_work = step(&t, line_steps(&t, 3)[0]);
    let data = in_work.var("work", "data").unwrap();
    let lives = Lifetimes::of(&t).unwrap();
    let life = lives.get(data).unwrap();
    let after = line_steps(&t, 5)[0];
    assert_eq!(
        life.died,
        Some((after, FreeCause::LastReference)),
        "freed at the first step after work() returned"
    );
    assert!(step(&t, after).state.changes.freed.contains(&data));
    assert!(
        step(&t, after - 1).obj(data).is_some(),
        "still there at the return step"
    );
    assert_eq!(
        (life.origin.line, t.symbols().text(life.origin.func)),
        (2, "work")
    );
}

#[test]
fn a_cycle_outlives_its_names_until_the_collector_runs() {
    let src =
        "import gc\ngc.disable()\na = []\nb = [a]\na.append(b)\ndel a, b\ngc.collect()\nend = 0\n";
    let t = trace(src);
    let at6 = step(&t, line_steps(&t, 6)[0]);
    let a = at6.global("a").unwrap();
    let b = at6.global("b").unwrap();
    let after_del = step(&t, line_steps(&t, 7)[0]);
    assert!(
        after_del.obj(a).is_some() && after_del.obj(b).is_some(),
        "the cycle keeps both alive"
    );
    assert_eq!(
        after_del.state.info(a).unwrap().refs,
        Refs::Count(1),
        "each held only by the other"
    );
    assert_eq!(
        HeapGraph::new(&after_del.state).unreachable(),
        vec![a, b],
        "no variable reaches them"
    );
    let after_collect = step(&t, line_steps(&t, 8)[0]);
    let mut collected = after_collect.state.changes.collected.clone();
    collected.sort();
    assert_eq!(collected, vec![a, b], "gc.collect() freed both");
    let lives = Lifetimes::of(&t).unwrap();
    assert_eq!(
        lives.get(a).unwrap().died,
        Some((after_collect.state.step, FreeCause::Collector))
    );
}

#[test]
fn del_methods_are_steps_during_the_run_and_at_exit() {
    let src = "class Res:\n    def __init__(self, name):\n        self.name = name\n    def __del__(self):\n        print('closing', self.name)\n\nr = Res('a')\ndel r\nkept = Res('b')\n";
    let t = trace(src);
    let all = steps(&t);
    let calls: Vec<&Step<'_>> = all
        .iter()
        .filter(|s| {
            s.state.event == Some(Event::Call)
                && s.frame_names().last().map(String::as_str) == Some("Res.__del__")
        })
        .collect();
    assert_eq!(calls.len(), 2, "one for `del r`, one at exit");
    // The first: right after line 8 (`del r`), above the global frame.
    let first = calls[0].state.step;
    assert_eq!(step(&t, first - 1).state.line, 8);
    assert_eq!(calls[0].frame_names(), vec!["<module>", "Res.__del__"]);
    // The second: after the last line, with a note saying why.
    assert!(
        calls[1]
            .state
            .notes
            .iter()
            .any(|n| n.contains("the program has ended")),
        "{:?}",
        calls[1].state.notes
    );
    let last = all.last().unwrap();
    assert!(
        last.global("kept").is_none(),
        "the global frame is empty at the end"
    );
    assert_eq!(last.output(), "closing a\nclosing b\n");
}

#[test]
fn sizes_are_what_getsizeof_says_without_calling_the_program() {
    let src = "import sys\nclass Liar:\n    def __sizeof__(self):\n        print('called')\n        return 10 ** 6\nclass P:\n    def __init__(self):\n        self.x = 1\nclass S:\n    __slots__ = ('a', 'b')\nnums = [1, 2, 3]\nname = 'héllo'\nd = {'k': nums}\nliar = Liar()\np = P()\nsl = S()\ntup = (nums, name)\nbig = 7 ** len(name * 40)\nst = {1.5, 2.5}\nnames = ['nums', 'name', 'd', 'p', 'sl', 'tup', 'big', 'st', 'P']\nsizes = [sys.getsizeof(globals()[n]) for n in names]\nend = 0\n";
    let t = trace(src);
    let s = step(&t, line_steps(&t, 22)[0]);
    let expected: Vec<u64> = match s.global("sizes").and_then(|id| s.obj(id)) {
        Some(ObjectData::Seq(_, seq)) => seq
            .items
            .iter()
            .map(|&i| match s.obj(i) {
                Some(ObjectData::Int(heapscope_trace::IntValue::Small(v))) => *v as u64,
                other => panic!("{other:?}"),
            })
            .collect(),
        other => panic!("{other:?}"),
    };
    let got: Vec<u64> = ["nums", "name", "d", "p", "sl", "tup", "big", "st", "P"]
        .iter()
        .map(|n| s.state.info(s.global(n).unwrap()).unwrap().size)
        .collect();
    assert_eq!(got, expected, "the tracer's sizes are sys.getsizeof's");
    let liar = s.state.info(s.global("liar").unwrap()).unwrap();
    assert!(
        liar.size > 0 && liar.size < 1000,
        "its layout's size, not its __sizeof__: {}",
        liar.size
    );
    assert_eq!(s.output(), "", "the tracer never called __sizeof__");
    // Deep size of d: the dict, its key, the list and its three ints (immortal small ints
    // cost nothing; the key 'k' is shared with the code's constants).
    let deep = HeapGraph::new(&s.state).deep_sizes().unwrap();
    let d = s.global("d").unwrap();
    let own = s.state.info(d).unwrap().size;
    assert_eq!(deep[&d], own, "nums is also a global: it is not d's alone");
}

#[test]
fn leaks_name_the_line_and_the_path_from_a_global() {
    let src = "results = []\ndef fill(n):\n    row = [str(i) * 3 for i in range(n)]\n    results.append(row)\n    return len(row)\nfill(3)\nfill(2)\nend = 0\n";
    let t = trace(src);
    let lives = Lifetimes::of(&t).unwrap();
    let last = t.state_at(t.len()).unwrap();
    let groups = heapscope_analysis::leaks(&t, &lives, &last);
    let rows = groups
        .iter()
        .find(|g| g.type_name == "list")
        .expect("the rows");
    assert_eq!(rows.objects.len(), 2, "one row per call");
    assert_eq!(rows.origin.line, 3);
    let path = rows.examples[0]
        .1
        .as_ref()
        .unwrap()
        .describe(&last, t.symbols());
    assert!(
        path.starts_with("`results` (global) → list #") && path.contains("→ [0] (list #"),
        "{path}"
    );
    let strs = groups
        .iter()
        .find(|g| g.type_name == "str")
        .expect("the strings");
    assert_eq!(strs.objects.len(), 5);
    assert_eq!(strs.unreachable, 0);
}

#[test]
fn the_leaks_command_names_the_line_and_what_keeps_each_object() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/memory");
    let (code, out, err) = heapscope(&["leaks", "worked_example_leak.py"], &dir);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("at the end (step "), "{out}");
    let group = out
        .lines()
        .find(|l| l.contains("× dict made in parse() at line 12"))
        .expect(&out);
    assert!(group.trim_start().starts_with("6 × dict"), "{group}");
    assert!(
        out.contains("`results` (global) → list #1 → [0] (dict #"),
        "{out}"
    );
    // Before the function returns, nothing it made has outlived it.
    let (code, early, _) = heapscope(&["leaks", "worked_example_leak.py", "--step", "5"], &dir);
    assert_eq!(code, 0);
    assert!(
        early.contains("no object made inside a function outlived its call"),
        "{early}"
    );
    let (code, _, err) = heapscope(
        &["leaks", "worked_example_leak.py", "--step", "100000"],
        &dir,
    );
    assert_eq!(code, 2, "a step past the end is refused");
    assert!(err.contains("past the end"), "{err}");
}

#[test]
fn leaks_tell_a_cycle_from_a_holder_heapscope_does_not_draw() {
    let d = tempfile::tempdir().unwrap();
    let src = "import sys\nimport gc\ngc.disable()\n\ndef stash():\n    data = [1000, 2000]\n    sys.kept = data\n    loop = []\n    loop.append(loop)\n\nstash()\nend = 0\n";
    std::fs::write(d.path().join("p.py"), src).unwrap();
    let (code, out, err) = heapscope(&["leaks", "p.py"], d.path());
    assert_eq!(code, 0, "{err}");
    let after = |header: &str| {
        let mut lines = out.lines().skip_while(|l| !l.contains(header));
        lines.nth(1).unwrap_or_else(|| panic!("{out}")).to_owned()
    };
    // The list only it names itself: its count fell to 1 when stash()'s frame went.
    assert!(
        after("list made in stash() at line 8").contains("a reference cycle keeps it"),
        "{out}"
    );
    // The list sys.kept holds: sys's attributes are not drawn.
    assert!(
        after("list made in stash() at line 6")
            .contains("kept by something heapscope does not draw"),
        "{out}"
    );
}

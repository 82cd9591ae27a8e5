//! Every value drawn is the object's value at that step, and every frame shows the
//! variables CPython has bound, whatever CPython does with addresses, free lists and
//! "immutable" objects it alone holds. Each test checks what a learner sees against what
//! the program itself prints.

mod common;

use common::*;
use heapscope_trace::Event;

/// For a program that prints `repr(NAME)` at line `line` each time round: at every step at
/// that line, the global `NAME` drawn must read as the line the program prints next.
fn assert_drawn_as_printed(src: &str, line: u32, name: &str) {
    let t = trace(src);
    let all = steps(&t);
    let printed: Vec<String> = all
        .last()
        .unwrap()
        .output()
        .lines()
        .map(str::to_owned)
        .collect();
    let drawn: Vec<String> = all
        .iter()
        .filter(|s| s.state.line == line && s.state.event == Some(Event::Line))
        .map(|s| s.global_repr(name).expect("the variable is bound"))
        .collect();
    assert!(!printed.is_empty());
    assert_eq!(
        drawn, printed,
        "what is drawn before each print must be what it prints"
    );
}

#[test]
fn a_float_at_a_reused_address_shows_its_own_value() {
    // sum()'s float fast path frees each float without its deallocator; the next one takes
    // the same address.
    let t = trace("total = sum(v * 2 for v in [1.25, 2.5, 3.75])\nprint(total)\n");
    let all = steps(&t);
    let yielded: Vec<String> = all
        .iter()
        .filter(|s| s.state.event == Some(Event::Return))
        .filter_map(|s| {
            let f = s.state.frame(s.state.frame)?;
            (s.text(f.func) == "<genexpr>")
                .then_some(f.return_value)
                .flatten()
                .map(|v| s.repr(v))
        })
        .collect();
    assert_eq!(
        yielded,
        vec!["2.5", "5.0", "7.5", "None"],
        "each value the generator yields, then its end"
    );
    let last = all.last().unwrap();
    assert_eq!(last.global_repr("total").as_deref(), Some("15.0"));
    assert_eq!(last.output(), "15.0\n");
}

#[test]
fn float_arithmetic_in_a_loop_is_drawn_as_printed() {
    assert_drawn_as_printed(
        "acc = 0.5\nfor i in range(6):\n    acc = acc * 1.5 + 0.25\n    print(repr(acc))\n",
        4,
        "acc",
    );
}

#[test]
fn a_tuple_refilled_by_dict_items_is_read_again() {
    assert_drawn_as_printed(
        "d = {'a': 1, 'b': 2, 'c': 3, 'd': 4}\nfor item in d.items():\n    print(repr(item))\n",
        3,
        "item",
    );
}

#[test]
fn tuples_refilled_by_zip_and_enumerate_are_read_again() {
    assert_drawn_as_printed(
        "for pair in zip('wxyz', [1.5, 2.5, 3.5, 4.5]):\n    pass\n    print(repr(pair))\n",
        3,
        "pair",
    );
    assert_drawn_as_printed(
        "for pair in enumerate(['p', ['q'], 'r', 's', 't']):\n    pass\n    print(repr(pair))\n",
        3,
        "pair",
    );
}

#[test]
fn a_comprehension_that_calls_out_shows_its_loop_variable() {
    let src = "def apply_all(fs, v):\n    return [f(v) for f in fs]\n\nr = apply_all([lambda n: n * 2, lambda n: n * n], 7)\n";
    let t = trace(src);
    let mut lambda_steps = 0;
    for s in steps(&t) {
        let names = s.frame_names();
        if names.last().is_some_and(|n| n == "<lambda>") {
            lambda_steps += 1;
            let comp = &names[names.len() - 2];
            assert!(comp.ends_with("<listcomp>"), "{names:?}");
            let vars = s.vars_of(comp);
            assert!(
                vars.contains(&"f".to_owned()),
                "step {}: the comprehension shows f: {vars:?}",
                s.state.step
            );
            let f = s.var(comp, "f").unwrap();
            assert!(s.repr(f).contains("lambda"), "f is the running lambda");
        }
    }
    assert!(lambda_steps >= 4, "both lambdas ran: {lambda_steps}");
}

#[test]
fn a_method_called_from_a_comprehension_sees_its_caller_bound() {
    let src = "class Sq:\n    def __init__(self, s):\n        self.s = s\n    def area(self):\n        return self.s * self.s\n\nshapes = [Sq(2), Sq(3)]\nareas = [s.area() for s in shapes]\n";
    let t = trace(src);
    let mut checked = 0;
    for s in steps(&t) {
        let names = s.frame_names();
        if names.last().is_some_and(|n| n == "Sq.area") && names.len() >= 3 {
            let comp = &names[names.len() - 2];
            let caller_s = s.var(comp, "s").expect("the comprehension shows s");
            assert_eq!(
                Some(caller_s),
                s.var("Sq.area", "self"),
                "s is the receiver of area()"
            );
            checked += 1;
        }
    }
    assert!(checked >= 2);
}

/// `heapscope trace --format opt` of a program (with extra flags), as JSON.
fn opt(src: &str, flags: &[&str]) -> serde_json::Value {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("prog.py"), src).expect("write program");
    let mut args = vec!["trace", "prog.py", "--format", "opt"];
    args.extend_from_slice(flags);
    let (code, out, err) = heapscope(&args, dir.path());
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("JSON")
}

/// The frames of one opt step: (func_name, ordered_varnames, parent_frame_id_list).
fn opt_frames(step: &serde_json::Value) -> Vec<&serde_json::Value> {
    step["stack_to_render"].as_array().unwrap().iter().collect()
}

#[test]
fn opt_comprehension_shows_its_free_variables_after_its_own_and_names_no_parent() {
    let src = "def apply_all(fs, v):\n    return [f(v) for f in fs]\n\nr = apply_all([lambda n: n * 2, lambda n: n * n], 7)\n";
    let j = opt(src, &[]);
    let mut seen = 0;
    for step in j["trace"].as_array().unwrap() {
        for f in opt_frames(step) {
            if f["func_name"] == "<listcomp>" {
                assert_eq!(f["encoded_locals"]["v"], 7, "{f}");
                assert_eq!(f["parent_frame_id_list"], serde_json::json!([]), "{f}");
                if f["encoded_locals"].get("f").is_some() {
                    assert_eq!(
                        f["ordered_varnames"][0], "f",
                        "co_varnames first, then free variables"
                    );
                    assert_eq!(f["ordered_varnames"][1], "v");
                    seen += 1;
                }
            }
        }
    }
    assert!(seen > 0);
}

#[test]
fn opt_every_parent_named_is_marked_as_a_parent() {
    let src = "def squares_list(n):\n    return [i * i for i in range(n)]\n\ndef adder(k):\n    def add(x):\n        return x + k\n    return add(1)\n\ns = squares_list(3)\na = adder(2)\n";
    let j = opt(src, &[]);
    let mut links = 0;
    for step in j["trace"].as_array().unwrap() {
        let frames = opt_frames(step);
        for f in &frames {
            for p in f["parent_frame_id_list"].as_array().unwrap() {
                let parent = frames
                    .iter()
                    .find(|g| g["frame_id"] == *p)
                    .expect("the parent frame is drawn");
                assert_eq!(parent["is_parent"], true, "{f} names {parent}");
                links += 1;
            }
        }
    }
    assert!(links > 0, "add's frame names adder's");
}

#[test]
fn opt_big_ints_exact_integral_floats_and_empty_exception_messages_as_python_tutor() {
    let src = "x = 2**70\ny = -(3**50)\nz = 1e17\ntry:\n    raise ValueError()\nexcept ValueError:\n    pass\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("prog.py"), src).unwrap();
    let (code, out, err) = heapscope(&["trace", "prog.py", "--format", "opt"], dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("\"x\":1180591620717411303424"),
        "exact digits in the JSON text"
    );
    assert!(
        out.contains("\"y\":-717897987691852588770249"),
        "negative too"
    );
    assert!(out.contains("[\"SPECIAL_FLOAT\",\"100000000000000000.0\"]"));
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    let msgs: Vec<&str> = j["trace"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["exception_msg"].as_str())
        .collect();
    assert_eq!(msgs, vec!["ValueError: "]);
}

#[test]
fn opt_a_generator_expression_holding_a_lambda_is_a_parent_from_its_first_step() {
    let j = opt(
        "fs = list((lambda x: x + k) for k in range(2))\nprint(fs[0](1))\n",
        &[],
    );
    let mut gen_steps = 0;
    for step in j["trace"].as_array().unwrap() {
        for f in opt_frames(step) {
            if f["func_name"] == "<genexpr>" {
                assert_eq!(f["is_parent"], true, "{f}");
                gen_steps += 1;
            }
        }
    }
    assert!(gen_steps >= 3);
}

#[test]
fn opt_cumulative_keeps_each_pause_of_a_generator_with_its_own_hash() {
    let src = "def gen(n):\n    for i in range(n):\n        yield i * i\n\ntotal = 0\nfor v in gen(3):\n    total += v\n";
    let j = opt(src, &["--cumulative"]);
    let trace = j["trace"].as_array().unwrap();
    // After the second yield (total is 1), two paused frames are on the stack: the first
    // pause's and the second's, each with its own values and hash.
    let step = trace
        .iter()
        .find(|s| s["globals"]["total"] == 1 && s["event"] == "step_line")
        .expect("a step after the second yield");
    let frames = opt_frames(step);
    let zombies: Vec<_> = frames
        .iter()
        .filter(|f| f["func_name"] == "gen" && f["is_zombie"] == true)
        .collect();
    assert_eq!(zombies.len(), 2, "{frames:?}");
    assert_ne!(zombies[0]["unique_hash"], zombies[1]["unique_hash"]);
    assert_eq!(zombies[0]["encoded_locals"]["__return__"], 0);
    assert_eq!(zombies[1]["encoded_locals"]["__return__"], 1);
    // Every hash of a step is unique (the front-end keys its frames by it).
    for s in trace {
        let hashes: Vec<_> = opt_frames(s)
            .iter()
            .map(|f| f["unique_hash"].clone())
            .collect();
        let mut d = hashes.clone();
        d.sort_by_key(|h| h.to_string());
        d.dedup();
        assert_eq!(d.len(), hashes.len(), "{hashes:?}");
    }
}

#[test]
fn opt_a_cell_variable_comes_after_co_varnames_before_its_closure_runs() {
    let src = "def f(text):\n    seen = set()\n    for c in text:\n        seen.add(c)\n    dup = [x for x in text if x in seen]\n    return dup\n\nf('aba')\n";
    let j = opt(src, &[]);
    let mut checked = 0;
    for step in j["trace"].as_array().unwrap() {
        for fr in opt_frames(step) {
            if fr["func_name"] == "f" && fr["encoded_locals"].get("c").is_some() {
                let names: Vec<&str> = fr["ordered_varnames"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|n| n.as_str().unwrap())
                    .collect();
                let names: Vec<&str> = names.into_iter().filter(|n| *n != "__return__").collect();
                let expected: &[&str] = if names.contains(&"dup") {
                    &["text", "c", "dup", "seen"]
                } else {
                    &["text", "c", "seen"]
                };
                assert_eq!(names, expected, "seen is a cell: after co_varnames");
                checked += 1;
            }
        }
    }
    assert!(checked > 3);
}

/// Writes `src` as prog.py in a fresh folder and runs `heapscope ARGS` there.
fn run_in_dir(src: &str, args: &[&str]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("prog.py"), src).expect("write program");
    let (code, out, err) = heapscope(args, dir.path());
    assert_eq!(code, 0, "{err}");
    (dir, out)
}

const LIBRARY_AND_SUBCLASSES: &str = "from collections import Counter, defaultdict\nfrom json import dumps\n\nclass MyList(list):\n    pass\n\nm = MyList([1, 2])\nm.tag = 't'\nc = Counter('abca')\nd = defaultdict(list)\nd['x'].append(1)\nf = dumps\n";

#[test]
fn library_classes_and_functions_are_one_box_naming_their_module() {
    let t = trace(LIBRARY_AND_SUBCLASSES);
    let last = step(&t, t.len());
    for (var, class, name, module) in [
        ("Counter", true, "Counter", "collections"),
        ("defaultdict", true, "defaultdict", "collections"),
        ("f", false, "dumps", "json"),
    ] {
        match last.obj(last.global(var).unwrap()) {
            Some(heapscope_trace::ObjectData::Imported {
                class: c,
                name: n,
                module: m,
                ..
            }) => {
                assert_eq!(
                    (*c, last.text(*n), last.text(*m)),
                    (class, name, module),
                    "{var}"
                );
            }
            other => panic!("{var}: {other:?}"),
        }
    }
    // None of Counter's methods is on the heap.
    let functions = last
        .state
        .objects()
        .filter(|(_, o)| matches!(o, heapscope_trace::ObjectData::Function { .. }))
        .count();
    assert_eq!(functions, 0, "no library function expanded");
    let (_d, text) = run_in_dir(LIBRARY_AND_SUBCLASSES, &["run", "prog.py"]);
    assert!(text.contains("class Counter from collections"), "{text}");
    assert!(text.contains("function dumps from json"), "{text}");
    assert!(
        !text.contains("most_common"),
        "Counter's insides are not drawn"
    );
}

/// A library class's insides are kept for the inspector (not drawn): the names its own
/// dict defines, each with its kind, read without running its code.
#[test]
fn an_imported_class_keeps_its_member_names_and_kinds() {
    let t = trace(LIBRARY_AND_SUBCLASSES);
    let last = step(&t, t.len());
    let members = |var: &str| -> Vec<(String, String)> {
        match last.obj(last.global(var).unwrap()) {
            Some(heapscope_trace::ObjectData::Imported { members, .. }) => members
                .iter()
                .map(|&(n, k)| (last.text(n).to_owned(), last.text(k).to_owned()))
                .collect(),
            other => panic!("{var}: {other:?}"),
        }
    };
    let counter = members("Counter");
    for (name, kind) in [
        ("__init__", "method"),
        ("most_common", "method"),
        ("elements", "method"),
        ("fromkeys", "classmethod"),
    ] {
        assert!(
            counter.iter().any(|(n, k)| n == name && k == kind),
            "{name} ({kind}) among {counter:?}"
        );
    }
    assert!(
        !counter
            .iter()
            .any(|(n, _)| n == "__repr__" || n == "__module__"),
        "dunders but __init__ are left out: {counter:?}"
    );
    // A class written in C (defaultdict): its own methods, read from its type's dict.
    let dd = members("defaultdict");
    assert!(
        dd.iter().any(|(n, k)| n == "copy" && k == "method"),
        "{dd:?}"
    );
    assert!(
        dd.iter()
            .any(|(n, k)| n == "default_factory" && k == "property"),
        "{dd:?}"
    );
    // A function has none.
    assert_eq!(members("f"), Vec::<(String, String)>::new());
}

#[test]
fn builtin_subclass_instances_keep_their_class_contents_and_attributes() {
    let t = trace(LIBRARY_AND_SUBCLASSES);
    let last = step(&t, t.len());
    let attrs_of = |var: &str| match last.obj(last.global(var).unwrap()) {
        Some(heapscope_trace::ObjectData::Derived {
            type_name, attrs, ..
        }) => (
            last.text(*type_name).to_owned(),
            attrs
                .iter()
                .map(|(n, v)| (last.text(*n).to_owned(), last.repr(*v)))
                .collect::<Vec<_>>(),
        ),
        other => panic!("{var}: {other:?}"),
    };
    assert_eq!(
        attrs_of("m"),
        (
            "MyList".to_owned(),
            vec![("tag".to_owned(), "'t'".to_owned())]
        )
    );
    assert_eq!(attrs_of("c").0, "Counter");
    let (name, attrs) = attrs_of("d");
    assert_eq!(name, "defaultdict");
    assert_eq!(
        attrs,
        vec![(
            "default_factory".to_owned(),
            "<class 'builtins.list'>".to_owned()
        )]
    );
    assert_eq!(last.global_repr("m").unwrap(), "MyList([1, 2])");
    assert_eq!(
        last.global_repr("c").unwrap(),
        "Counter({'a': 2, 'b': 1, 'c': 1})"
    );
    assert_eq!(last.global_repr("d").unwrap(), "defaultdict({'x': [1]})");
    // The transcript and the picture show the class, the contents and the attribute.
    let (_d, text) = run_in_dir(LIBRARY_AND_SUBCLASSES, &["run", "prog.py"]);
    assert!(
        text.contains("MyList instance (0=1, 1=2, tag='t')"),
        "{text}"
    );
    assert!(
        text.contains("Counter instance ('a': 2, 'b': 1, 'c': 1)"),
        "{text}"
    );
    let (dir, _) = run_in_dir(
        LIBRARY_AND_SUBCLASSES,
        &["render", "prog.py", "--last", "--output", "last.svg"],
    );
    let svg = std::fs::read_to_string(dir.path().join("last.svg")).unwrap();
    for needle in [
        "MyList instance",
        "tag",
        "Counter instance",
        "defaultdict instance",
        "default_factory",
        "Counter from collections",
    ] {
        assert!(svg.contains(needle), "the picture shows {needle}");
    }
}

/// `s += c` on a str only `s` holds: CPython resizes it where it is (the same address, a
/// new value); what is drawn before each print is what the program prints.
#[test]
fn a_str_grown_in_place_shows_its_new_value() {
    assert_drawn_as_printed(
        "s = 'x'\nfor c in 'abcdefghij':\n    s += c\n    print(repr(s))\n",
        4,
        "s",
    );
    // The same with bytes.
    assert_drawn_as_printed(
        "b = b'x'\nfor c in [b'a', b'b', b'c', b'd']:\n    b += c\n    print(repr(b))\n",
        4,
        "b",
    );
}

/// A frame left by an exception returns nothing: its return step shows no return value,
/// and the module unwinding is the final step, not a return (3.12's tracing passes `None`
/// for both, as for a plain `return None`).
#[test]
fn a_frame_left_by_an_exception_returns_nothing() {
    let t = trace("def f(n):\n    if n:\n        raise ValueError(n)\n    return None\n\ntry:\n    f(1)\nexcept ValueError:\n    pass\nf(0)\nx = {}\nx['k']\n");
    let all = steps(&t);
    let returns: Vec<(u32, Option<String>)> = all
        .iter()
        .filter(|s| s.state.event == Some(Event::Return))
        .map(|s| {
            let f = s.state.frame(s.state.frame).unwrap();
            (s.state.line, f.return_value.map(|v| s.repr(v)))
        })
        .collect();
    assert_eq!(
        returns,
        vec![(3, None), (4, Some("None".to_owned()))],
        "f(1) raised at line 3 and returned nothing; f(0) returned None; the module did not return"
    );
    let last = all.last().unwrap();
    assert!(
        last.state.event.is_some_and(|e| e.is_final()),
        "the uncaught KeyError ends the trace"
    );
}

/// A comprehension written at module level binds its loop variable in some frame while
/// its body calls out: a `<listcomp>` frame up to 3.11, the global frame itself from 3.12
/// (the comprehension runs inline, its variable a hidden fast local of the module). Either
/// way the learner sees it, with the value the call received.
#[test]
fn a_module_level_comprehension_shows_its_loop_variable_while_it_calls_out() {
    let t = trace("def g(n):\n    return n\n\nxs = [g(e) for e in [10, 20]]\nprint(xs)\n");
    let all = steps(&t);
    let mut seen = Vec::new();
    for s in all.iter().filter(|s| s.state.event == Some(Event::Call)) {
        let Some(n) = s.var("g", "n") else { continue };
        let e = s
            .state
            .stack_frames()
            .filter(|f| s.text(f.func) != "g")
            .find_map(|f| s.sym("e").and_then(|e| f.var(e)))
            .unwrap_or_else(|| panic!("`e` shown below g: {:?}", s.frame_names()));
        assert_eq!(s.repr(e), s.repr(n), "e is the value g was called with");
        seen.push(s.repr(e));
    }
    assert_eq!(seen, vec!["10", "20"]);
    let last = all.last().unwrap();
    assert_eq!(last.global_repr("xs").as_deref(), Some("[10, 20]"));
    assert!(
        last.global("e").is_none(),
        "the loop variable is gone once the comprehension ends"
    );
}

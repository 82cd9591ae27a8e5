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
    let printed: Vec<String> = all.last().unwrap().output().lines().map(str::to_owned).collect();
    let drawn: Vec<String> = all
        .iter()
        .filter(|s| s.state.line == line && s.state.event == Some(Event::Line))
        .map(|s| s.global_repr(name).expect("the variable is bound"))
        .collect();
    assert!(!printed.is_empty());
    assert_eq!(drawn, printed, "what is drawn before each print must be what it prints");
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
            (s.text(f.func) == "<genexpr>").then_some(f.return_value).flatten().map(|v| s.repr(v))
        })
        .collect();
    assert_eq!(yielded, vec!["2.5", "5.0", "7.5", "None"], "each value the generator yields, then its end");
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
            assert!(vars.contains(&"f".to_owned()), "step {}: the comprehension shows f: {vars:?}", s.state.step);
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
            assert_eq!(Some(caller_s), s.var("Sq.area", "self"), "s is the receiver of area()");
            checked += 1;
        }
    }
    assert!(checked >= 2);
}

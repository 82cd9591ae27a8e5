//! The lecture as a lesson (lessons/stack-and-heap.md): every stop lands on a step of its
//! program's real run, and at the stops chosen here that step shows what the note says
//! (checked against the trace and its narration, the words a learner reads there).

mod common;

use std::path::Path;

use common::*;
use heapscope_render::{parse_lesson, Lesson, Section};
use heapscope_trace::{ObjectData, Trace};

fn lesson() -> Lesson {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons/stack-and-heap.md");
    parse_lesson(&std::fs::read_to_string(path).expect("read the lesson")).expect("a lesson")
}

/// A section by the start of its title, its program's trace, and its stops' steps.
fn section(l: &Lesson, title: &str) -> (Section, Trace, Vec<u64>) {
    let s = l
        .sections
        .iter()
        .find(|s| s.title.starts_with(title))
        .unwrap_or_else(|| panic!("no section {title:?}"))
        .clone();
    let t = trace(&s.program);
    let steps = s
        .stop_steps(&t)
        .unwrap()
        .into_iter()
        .enumerate()
        .map(|(i, k)| k.unwrap_or_else(|| panic!("stop {} of {title:?} is not reached", i + 1)))
        .collect();
    (s, t, steps)
}

fn said(t: &Trace, k: u64) -> Vec<String> {
    heapscope_analysis::Narration::at(t, k).unwrap().sentences
}

#[test]
fn the_lesson_has_the_lectures_sections_stops_and_quizzes() {
    let l = lesson();
    assert_eq!(l.title, "The Stack and the Heap");
    assert_eq!(l.sections.len(), 9);
    assert!(l
        .sections
        .iter()
        .all(|s| !s.program.is_empty() && !s.stops.is_empty()));
    let quizzes: usize = l.sections.iter().map(|s| s.quizzes.len()).sum();
    assert_eq!(quizzes, 5, "the lecture's quiz questions");
    // Every stop of every section is a step of its program's real run.
    for s in &l.sections {
        let t = trace(&s.program);
        for (i, k) in s.stop_steps(&t).unwrap().iter().enumerate() {
            assert!(
                k.is_some_and(|k| k >= 1 && k <= t.len()),
                "{}: stop {}",
                s.title,
                i + 1
            );
        }
        for q in &s.quizzes {
            assert_eq!(
                q.choices.iter().filter(|c| c.right).count(),
                1,
                "{}",
                s.title
            );
            assert!(
                q.shown_at.is_some(),
                "{}: each quiz is answered by a step",
                s.title
            );
        }
    }
}

#[test]
fn names_and_objects_stops() {
    let l = lesson();
    let (_, t, k) = section(&l, "1.");
    assert_eq!(
        said(&t, k[0]),
        vec!["`x = 10` pointed `x` at 10, a small int: CPython made it once at start-up and shares it, so no new object was made."]
    );
    assert_eq!(
        said(&t, k[1]),
        vec!["`team_scores` now refers to the same list as `scores` (2 references now): no copy was made."]
    );
}

#[test]
fn a_local_list_is_freed_when_its_frame_goes() {
    let l = lesson();
    let (_, t, k) = section(&l, "2.");
    assert_eq!(
        said(&t, k[0]),
        vec![
            "`make_temporary` returned None and its frame is gone from the stack.",
            "The list [1, 2, 3] lost its last reference and was freed.",
        ]
    );
    let s = step(&t, k[1]);
    assert_eq!(s.global_repr("kept").as_deref(), Some("[4, 5, 6]"));
}

#[test]
fn an_int_argument_is_shared_not_copied() {
    let l = lesson();
    let (_, t, k) = section(&l, "3.");
    let at = step(&t, k[1]);
    assert_eq!(
        at.var("increment", "number"),
        at.global("number"),
        "at `number += 1` the local and the global `number` are one int object"
    );
    assert!(said(&t, k[2])[0].ends_with("; the global `number` still refers to int 10."));
}

#[test]
fn recursion_error_unwinds_instead_of_crashing() {
    let l = lesson();
    let (_, t, k) = section(&l, "6.");
    assert_eq!(
        said(&t, k[1]),
        vec!["The exception unwound `countdown`'s frame (it is gone from the stack) and reached `<module>`, which has to handle it or pass it on."]
    );
    assert_eq!(k[1] + 1, t.len(), "the next step ends the run");
    let end = said(&t, t.len());
    assert!(
        end.last()
            .unwrap()
            .starts_with("The end: the program stopped with an exception: RecursionError"),
        "{end:?}"
    );
}

#[test]
fn a_cycle_outlives_its_frame_until_the_collector_runs() {
    let l = lesson();
    let (_, t, k) = section(&l, "7.");
    let nodes = |n: u64| {
        t.state_at(n)
            .unwrap()
            .objects()
            .filter(|(_, d)| matches!(d, ObjectData::Instance { .. }))
            .count()
    };
    assert_eq!(
        nodes(k[0]),
        2,
        "the pair is alive after make_pair's frame is gone"
    );
    assert!(said(&t, k[1]).contains(
        &"The cycle collector freed 2 objects that only referred to each other.".to_owned()
    ));
    assert_eq!(nodes(k[1]), 0);
}

#[test]
fn a_generator_pauses_and_resumes() {
    let l = lesson();
    let (_, t, k) = section(&l, "8.");
    assert_eq!(
        said(&t, k[0])[0],
        "The generator `squares` paused at its `yield`: its frame leaves the stack but keeps its variables for when it resumes."
    );
    assert_eq!(
        said(&t, k[1]),
        vec![
            "The generator `squares` resumed where it paused, with its variables as it left them."
        ]
    );
    let resumed = step(&t, k[1]);
    assert_eq!(
        resumed
            .var("squares", "i")
            .map(|i| resumed.repr(i))
            .as_deref(),
        Some("0")
    );
}

#[test]
fn heapscope_lesson_makes_one_offline_page() {
    let dir = tempfile::tempdir().unwrap();
    let lesson = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons/stack-and-heap.md");
    let (code, _, err) = heapscope(
        &["lesson", lesson.to_str().unwrap(), "-o", "lesson.html"],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(dir.path().join("lesson.html")).unwrap();
    assert_eq!(html.matches("<iframe class=\"player\"").count(), 9);
    assert_eq!(
        html.matches("<button type=\"button\" class=\"go\"").count(),
        18,
        "one button per stop"
    );
    assert!(
        !html.contains("src=\"http"),
        "nothing is fetched from the network"
    );
}

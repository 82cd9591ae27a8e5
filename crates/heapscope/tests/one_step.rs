//! One step's picture drawn on its own (what `render --step`, `run --step` and the
//! server's step route do) is the picture the walk of its whole window draws at that step:
//! the fast path starts the layout's stepper at the step before instead of walking the
//! window, and must not change a pixel. Checked on real traces: the lecture examples and a
//! loop long enough to have several windows. The state such a step starts from, read from
//! a keyframe the trace kept, is the state replayed from step 1.

mod common;

use std::path::Path;

use common::*;
use heapscope_render::{layout, RenderOptions, Scene, StableLayout, WINDOW};
use heapscope_trace::{State, Trace};

/// Every scene of the window `first..=last`, drawn by walking it.
fn walked(trace: &Trace, first: u64, last: u64, opts: &RenderOptions) -> Vec<Scene> {
    let stable = StableLayout::window(trace, first, last, opts).expect("plan the window");
    let mut all = Vec::new();
    stable
        .for_each_scene(|s| {
            all.push(s);
            Ok(())
        })
        .expect("walk the window");
    all
}

/// The steps of `first..=last` to check on their own: all of a short window, else its
/// first and last five and every 23rd between (each single step walks the narrator up
/// to it, so all of a 1,000-step window would be a million narrator steps).
fn sample(first: u64, last: u64) -> Vec<u64> {
    if last - first < 60 {
        return (first..=last).collect();
    }
    (first..=last)
        .filter(|k| k - first < 5 || last - k < 5 || (k - first).is_multiple_of(23))
        .collect()
}

/// Compares, for each window of the trace that `layout` uses (the first and the last),
/// the scenes of single steps with the walked ones.
fn check(name: &str, trace: &Trace, opts: &RenderOptions) {
    let len = trace.len();
    assert!(len > 0, "{name}: no steps");
    let mut windows = vec![(1, len.min(WINDOW))];
    if len > WINDOW {
        let first = (len - 1) / WINDOW * WINDOW + 1;
        windows.push((first, len));
    }
    for (first, last) in windows {
        let all = walked(trace, first, last, opts);
        assert_eq!(all.len() as u64, last - first + 1, "{name}: steps walked");
        let stable = StableLayout::window(trace, first, last, opts).expect("plan");
        for k in sample(first, last) {
            let want = &all[(k - first) as usize];
            let one = stable.scene(k).expect("one step");
            assert!(
                one == *want,
                "{name}: step {k} drawn alone differs from the walk of {first}..={last}:\nalone: {}\nwalk:  {}",
                one.desc,
                want.desc
            );
            // `layout` (what the CLI and the server call) draws the same picture.
            if (k - first).is_multiple_of(100) || k == last {
                assert!(
                    layout(trace, k, opts).expect("layout") == *want,
                    "{name}: layout({k}) differs from the walk"
                );
            }
        }
    }
}

#[test]
fn a_step_drawn_alone_equals_the_walked_one_in_every_lecture_example() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/lecture");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("examples/lecture")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    names.sort();
    assert!(names.len() >= 10, "lecture examples: {names:?}");
    let heap = RenderOptions {
        heap_primitives: true,
        show_refs: true,
        show_sizes: true,
        ..RenderOptions::default()
    };
    for path in &names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let trace = trace_file(path);
        check(&name, &trace, &RenderOptions::default());
        if ["01", "05", "13"].iter().any(|p| name.starts_with(p)) {
            check(&format!("{name} (heap primitives, sizes)"), &trace, &heap);
        }
    }
}

#[test]
fn a_late_step_drawn_alone_equals_the_walked_one_in_a_long_trace() {
    // About 2,700 steps: three windows, the last one a short tail; a growing list, a
    // dict rebuilt, and objects freed along the way (their ghosts).
    let trace = trace(
        "items = []\nseen = {}\nfor i in range(900):\n    items.append(i * 1000)\n    seen = {'last': [i]}\n",
    );
    assert!(trace.len() > 2 * WINDOW, "{} steps", trace.len());
    check("append loop", &trace, &RenderOptions::default());
}

/// A step read on its own starts from its block's keyframe, which the trace keeps decoded
/// and shares between the states read from it. Whatever was read before, in whatever
/// order, the state must be the one replaying every step from the first gives.
#[test]
fn a_step_read_from_a_kept_keyframe_equals_the_replay_from_step_1() {
    // About 12,000 steps: a list grown to 4,000 items, and a dict made and dropped at
    // every turn (objects freed), so keyframes hold thousands of objects.
    let trace = trace_with(
        "items = []\nfor i in range(4000):\n    items.append(i * 1000)\n    seen = {'last': [i]}\n",
        &["--max-steps", "100000"],
    );
    let len = trace.len();
    assert!(len > 10_000, "{len} steps");
    let wanted: Vec<u64> = (1..=len)
        .filter(|k| k % 1_013 == 0 || *k <= 2 || len - k < 2)
        .collect();

    // The old path: every step replayed from the first, nothing kept.
    let mut replayed: Vec<State> = Vec::new();
    let mut c = trace.cursor();
    while let Some(s) = c.next_state().expect("replay") {
        if wanted.contains(&s.step) {
            replayed.push(s.clone());
        }
    }
    assert_eq!(replayed.len(), wanted.len());
    // The comparison can fail: neighbouring samples differ.
    assert!(replayed.windows(2).all(|w| w[0] != w[1]));
    let late = replayed.last().expect("a last step");
    assert!(
        late.object_count() > 4_000,
        "{} objects",
        late.object_count()
    );

    // Late, early, then back and forth: kept keyframes are reused, replaced and shared
    // by states that then change on their own.
    let before = trace.approx_bytes();
    let mut order: Vec<usize> = (0..wanted.len()).rev().collect();
    order.extend(0..wanted.len());
    order.extend((0..wanted.len()).step_by(3).rev());
    for i in order {
        let k = wanted[i];
        let s = trace.state_at(k).expect("state_at");
        assert!(s == replayed[i], "state_at({k}) differs from the replay");
        let mut c = trace.cursor_at(k).expect("cursor_at");
        let from_cursor = c.next_state().expect("next").expect("a step").clone();
        assert!(from_cursor == replayed[i], "cursor_at({k}) differs");
        // A cursor read on from a kept keyframe changes its copy only.
        for _ in 0..50 {
            if c.next_state().expect("read on").is_none() {
                break;
            }
        }
        assert!(
            trace.state_at(k).expect("again") == replayed[i],
            "step {k} again"
        );
    }
    // The kept keyframes are counted in what the trace holds (what a server's cache of
    // traces weighs).
    assert!(trace.approx_bytes() > before);
}

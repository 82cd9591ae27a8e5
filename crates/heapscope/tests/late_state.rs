//! A step read on its own (what `render --step`, `run --step` and the server do) starts
//! from its block's keyframe, which the trace keeps decoded and shares between the states
//! read from it. Whatever was read before, in whatever order, the state must be the one
//! replaying every step from the first gives. Checked on a real recorded trace long
//! enough for many blocks, with a heap that grows (a list) and objects freed.

mod common;

use common::*;
use heapscope_trace::State;

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

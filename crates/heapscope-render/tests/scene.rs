//! What the picture contains, asserted on scenes.

mod common;

use common::*;
use heapscope_render::*;

fn opts() -> RenderOptions {
    RenderOptions::default()
}

#[test]
fn frame_slot_arrow_ends_at_its_object() {
    let trace = alias_trace();
    let s = layout(&trace, 4, &opts()).unwrap();
    let row = s.frame_var(0, "a").expect("a is drawn");
    let to = row.value.content.target().expect("a is a reference");
    assert_eq!(to, 4);
    let list = s.object(4).expect("the list is drawn");
    let arrow = s
        .arrows
        .iter()
        .find(|a| a.from == "frame-0" && a.to == 4)
        .expect("an arrow from the frame");
    let (x0, y0) = arrow.points[0];
    assert!(
        row.value.rect.contains(x0, y0) || (row.value.rect.center() == (x0, y0)),
        "starts in the slot"
    );
    let (x1, y1) = *arrow.points.last().unwrap();
    let on_left = (x1 - list.body.x).abs() < 0.5 && y1 >= list.body.y && y1 <= list.body.bottom();
    let on_top = (y1 - list.body.y).abs() < 0.5 && x1 >= list.body.x && x1 <= list.body.right();
    assert!(
        on_left || on_top,
        "ends on the list's edge: {:?} vs {:?}",
        (x1, y1),
        list.body
    );
}

#[test]
fn aliasing_shows_two_arrows_into_one_list() {
    let trace = alias_trace();
    let s = layout(&trace, 4, &opts()).unwrap();
    let into: Vec<_> = s.arrows_to(4).filter(|a| a.from == "frame-0").collect();
    assert_eq!(into.len(), 2, "a and b both point at the list");
    // At the call, the list has four arrows: a, b, the tuple, the dict, and lst.
    let s = layout(&trace, 8, &opts()).unwrap();
    let froms: Vec<&str> = s.arrows_to(4).map(|a| a.from.as_str()).collect();
    assert!(
        froms.contains(&"frame-1") && froms.contains(&"obj-6") && froms.contains(&"obj-10"),
        "{froms:?}"
    );
    assert_eq!(s.arrows_to(4).count(), 5);
}

#[test]
fn primitives_are_inline_unless_asked() {
    let trace = alias_trace();
    let s = layout(&trace, 8, &opts()).unwrap();
    let x = s.frame_var(1, "x").unwrap();
    assert_eq!(x.value.content.text(), "3");
    assert!(s.objects.iter().all(|o| o.kind != ObjKind::Primitive));
    let heap = RenderOptions {
        heap_primitives: true,
        ..opts()
    };
    let s = layout(&trace, 8, &heap).unwrap();
    // `x` and the dict's value 'n' share the int 3: two arrows into one box.
    let three = s.frame_var(1, "x").unwrap().value.content.target().unwrap();
    assert_eq!(three, 9);
    assert!(s.arrows_to(9).count() >= 2);
}

fn all_boxes(s: &Scene) -> Vec<(String, Rect)> {
    let mut v: Vec<(String, Rect)> = s
        .frames
        .iter()
        .map(|f| (format!("frame-{}", f.id), f.rect))
        .collect();
    v.extend(s.objects.iter().map(|o| (format!("obj-{}", o.id), o.rect)));
    v.extend(s.folds.iter().map(|f| ("fold".to_string(), f.rect)));
    v
}

#[test]
fn no_two_boxes_overlap() {
    let trace = alias_trace();
    for heap_primitives in [false, true] {
        let o = RenderOptions {
            heap_primitives,
            ..opts()
        };
        let stable = StableLayout::new(&trace, &o).unwrap();
        stable
            .for_each_scene(|s| {
                let boxes = all_boxes(&s);
                for (i, (a, ra)) in boxes.iter().enumerate() {
                    for (b, rb) in &boxes[i + 1..] {
                        assert!(
                            !ra.overlaps(rb),
                            "step {}: {a} {ra:?} overlaps {b} {rb:?}",
                            s.step
                        );
                    }
                }
                Ok(())
            })
            .unwrap();
    }
}

/// Does the segment from a to b pass through the inside of r?
fn crosses(r: &Rect, a: (f32, f32), b: (f32, f32)) -> bool {
    (0..=40).any(|i| {
        let t = i as f32 / 40.0;
        let (x, y) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
        x > r.x + 1.0 && x < r.right() - 1.0 && y > r.y + 1.0 && y < r.bottom() - 1.0
    })
}

#[test]
fn arrows_do_not_cross_other_boxes() {
    let trace = alias_trace();
    for heap_primitives in [false, true] {
        let o = RenderOptions {
            heap_primitives,
            ..opts()
        };
        StableLayout::new(&trace, &o)
            .unwrap()
            .for_each_scene(|s| {
                for a in &s.arrows {
                    for o in &s.objects {
                        if o.id == a.to || format!("obj-{}", o.id) == a.from {
                            continue;
                        }
                        for w in a.points.windows(2) {
                            assert!(
                                !crosses(&o.rect, w[0], w[1]),
                                "step {}: arrow {} crosses obj-{}",
                                s.step,
                                a.id,
                                o.id
                            );
                        }
                    }
                    for f in &s.frames {
                        if format!("frame-{}", f.id) == a.from {
                            continue;
                        }
                        for w in a.points.windows(2) {
                            assert!(
                                !crosses(&f.rect, w[0], w[1]),
                                "step {}: arrow {} crosses frame-{}",
                                s.step,
                                a.id,
                                f.id
                            );
                        }
                    }
                }
                Ok(())
            })
            .unwrap();
    }
}

#[test]
fn objects_keep_their_place_while_alive() {
    let trace = alias_trace();
    let at4 = layout(&trace, 4, &opts()).unwrap();
    let at9 = layout(&trace, 9, &opts()).unwrap();
    let (a, b) = (at4.object(4).unwrap(), at9.object(4).unwrap());
    assert_eq!(
        (a.rect.x, a.rect.y),
        (b.rect.x, b.rect.y),
        "the list did not move from step 4 to 9"
    );
    // And the stable layout of the whole trace agrees with single-step layout.
    let stable = StableLayout::new(&trace, &opts()).unwrap();
    let s9 = stable.scene(9).unwrap();
    assert_eq!(s9.object(4).unwrap().rect, b.rect);
    // Every object that exists at two consecutive steps is at the same place in both.
    let mut prev: Option<Scene> = None;
    stable
        .for_each_scene(|s| {
            assert_nothing_moved(prev.as_ref(), &s);
            prev = Some(s);
            Ok(())
        })
        .unwrap();
}

#[test]
fn changes_are_marked() {
    let trace = alias_trace();
    let s = layout(&trace, 3, &opts()).unwrap();
    assert_eq!(s.object(4).unwrap().mark, Mark::New);
    // `a` gets its first value here: a new name, not a rebound one.
    assert_eq!(s.frame_var(0, "a").unwrap().value.mark, Mark::New);
    assert_eq!(s.frame_var(0, "add").unwrap().value.mark, Mark::None);
    let s = layout(&trace, 9, &opts()).unwrap();
    let list = s.object(4).unwrap();
    assert_eq!(list.mark, Mark::Mutated);
    let marks: Vec<Mark> = list.rows.iter().map(|r| r.value.mark).collect();
    assert_eq!(
        marks,
        vec![Mark::None, Mark::None, Mark::Mutated],
        "only the appended cell"
    );
    let off = RenderOptions {
        highlight_changes: false,
        ..opts()
    };
    let s = layout(&trace, 9, &off).unwrap();
    assert_eq!(s.object(4).unwrap().mark, Mark::None);
}

#[test]
fn return_value_row_and_exited_frames() {
    let trace = alias_trace();
    let s = layout(&trace, 10, &opts()).unwrap();
    let f = s.frame(1).unwrap();
    assert!(f.current);
    let rv = f.rows.last().unwrap();
    assert_eq!(rv.label.as_ref().unwrap().text, "Return value");
    assert_eq!(rv.value.content.target(), Some(4));
    let s = layout(&trace, 11, &opts()).unwrap();
    assert!(s.frame(1).is_none(), "exited frames hidden by default");
    let faded = RenderOptions {
        exited_frames: ExitedFrames::Faded,
        ..opts()
    };
    let s = layout(&trace, 11, &faded).unwrap();
    assert!(s.frame(1).is_some_and(|f| f.exited));
}

#[test]
fn deep_recursion_folds_with_the_right_count() {
    let trace = deep_trace(10_000);
    let o = RenderOptions {
        max_frames_shown: 10,
        ..opts()
    };
    let s = layout(&trace, trace.len(), &o).unwrap();
    assert_eq!(s.frames.len(), 10);
    assert_eq!(s.folds.len(), 1);
    assert_eq!(s.folds[0].hidden, 10_001 - 10);
    assert_eq!(s.folds[0].text, "… 9,991 more frames of rec …");
    assert_eq!(s.frames[0].id, 0, "the global frame stays");
    assert!(s.frames.last().unwrap().current, "the newest frame stays");
}

#[test]
fn text_pointers_draw_no_arrows() {
    let trace = alias_trace();
    let o = RenderOptions {
        pointers: Pointers::Text,
        ..opts()
    };
    let s = layout(&trace, 4, &o).unwrap();
    assert!(s.arrows.is_empty());
    assert_eq!(s.frame_var(0, "a").unwrap().value.content.text(), "→ #4");
}

/// `tests/fixtures/demo.py` (classes, a linked list, recursion, a closure, a generator, a
/// dict with a tuple key and a 50-item list), recorded now by the real tracer: the
/// workspace's `heapscope` binary, which `cargo test --workspace` builds before it runs any
/// test. Without it the test says so and does not run; under `CI` it fails.
fn real_trace() -> Option<heapscope_trace::Trace> {
    // target/debug/deps/scene-HASH -> target/debug/heapscope
    let exe = std::env::current_exe().expect("the test's own path");
    let bin = exe
        .parent()
        .and_then(|deps| deps.parent())
        .map(|dir| dir.join("heapscope"))
        .filter(|p| p.exists());
    let Some(bin) = bin else {
        assert!(
            std::env::var_os("CI").is_none(),
            "real_trace_reads_cleanly_at_every_step needs the heapscope binary: cargo build -p heapscope"
        );
        eprintln!(
            "real_trace_reads_cleanly_at_every_step: NOT RUN: build the tracer first (cargo build -p heapscope)"
        );
        return None;
    };
    let program = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo.py");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("demo.hstrace");
    let res = std::process::Command::new(&bin)
        .arg("trace")
        .arg(&program)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("heapscope runs");
    assert!(
        res.status.success(),
        "heapscope trace demo.py failed: {}",
        String::from_utf8_lossy(&res.stderr)
    );
    Some(heapscope_trace::read_trace(&out).expect("the recorded trace reads back"))
}

#[test]
fn real_trace_reads_cleanly_at_every_step() {
    let Some(trace) = real_trace() else { return };
    for opts in [
        opts(),
        RenderOptions {
            heap_primitives: true,
            exited_frames: ExitedFrames::Faded,
            ..opts()
        },
    ] {
        let stable = StableLayout::new(&trace, &opts).unwrap();
        let mut prev: Option<Scene> = None;
        stable
            .for_each_scene(|s| {
                let boxes = all_boxes(&s);
                for (i, (a, ra)) in boxes.iter().enumerate() {
                    for (b, rb) in &boxes[i + 1..] {
                        assert!(!ra.overlaps(rb), "step {}: {a} overlaps {b}", s.step);
                    }
                }
                for a in &s.arrows {
                    let target = s.object(a.to).expect("arrows end at drawn objects");
                    let (x1, y1) = *a.points.last().unwrap();
                    let b = target.body;
                    let on_edge = ((x1 - b.x).abs() < 0.5 || (x1 - b.right()).abs() < 0.5)
                        && y1 >= b.y
                        && y1 <= b.bottom();
                    assert!(on_edge, "step {}: {} ends off its target", s.step, a.id);
                    for o in &s.objects {
                        if o.id == a.to || format!("obj-{}", o.id) == a.from {
                            continue;
                        }
                        for w in a.points.windows(2) {
                            assert!(
                                !crosses(&o.rect, w[0], w[1]),
                                "step {}: {} crosses obj-{}",
                                s.step,
                                a.id,
                                o.id
                            );
                        }
                    }
                }
                assert_nothing_moved(prev.as_ref(), &s);
                prev = Some(s);
                Ok(())
            })
            .unwrap();
    }
    let last = layout(&trace, trace.len(), &opts()).unwrap();
    let chain = last
        .frame_var(0, "chain")
        .unwrap()
        .value
        .content
        .target()
        .unwrap();
    assert_eq!(last.object(chain).unwrap().type_label, "Node instance");
    let pair = last
        .frame_var(0, "pair")
        .unwrap()
        .value
        .content
        .target()
        .unwrap();
    assert_eq!(
        last.arrows_to(chain).count(),
        2,
        "chain and pair[0] share the head node"
    );
    assert!(last.object(pair).unwrap().immutable);
    // The linked list was built by prepending, yet it reads left to right on one row.
    let mut node = last.object(chain).unwrap();
    let mut seen = 1;
    while let Some(next) = node
        .rows
        .iter()
        .find(|r| r.label.as_ref().is_some_and(|l| l.text == "next"))
        .and_then(|r| r.value.content.target())
    {
        let n = last.object(next).unwrap();
        assert_eq!(
            (n.grid.0, n.grid.1),
            (node.grid.0 + 1, node.grid.1),
            "#{next} sits right of #{}",
            node.id
        );
        node = n;
        seen += 1;
    }
    assert_eq!(seen, 4);
}

#[test]
fn an_exception_is_drawn_under_the_frames() {
    let mut t = T::new("x = [1]\nx[5]\n");
    t.line(2, 0).obj(1, list(&[])).var(0, "x", 1);
    t.event(heapscope_trace::Event::UncaughtException, 2, 0);
    t.record(heapscope_trace::Record::Exception {
        message: "IndexError: list index out of range".into(),
    });
    let trace = t.finish();
    let s = layout(&trace, 3, &opts()).unwrap();
    let banner = s.banner.as_ref().expect("a banner");
    assert_eq!(banner.lines.concat(), "IndexError: list index out of range");
    assert!(banner.rect.y >= s.frames.last().unwrap().rect.bottom());
    assert!(paint_svg(&s).contains("IndexError"));
    assert!(paint_text(&s, false).contains("Exception: IndexError: list index out of range"));
    assert!(layout(&trace, 2, &opts()).unwrap().banner.is_none());
}

#[test]
fn long_lists_show_their_gap_and_true_length() {
    use heapscope_trace::{ObjId, ObjectData, SeqKind, Sequence};
    let mut t = T::new("big = list(range(10000))\n");
    let mut items: Vec<ObjId> = (0..5).map(|i| ObjId(10 + i)).collect();
    items.extend((0..5).map(|i| ObjId(20 + i)));
    t.line(1, 0);
    for i in 0..5 {
        t.obj(10 + i, ObjectData::int(i64::from(i)))
            .obj(20 + i, ObjectData::int(9995 + i64::from(i)));
    }
    t.obj(
        1,
        ObjectData::Seq(
            SeqKind::List,
            Sequence {
                len: 10_000,
                items,
                gap_at: 5,
            },
        ),
    )
    .var(0, "big", 1);
    let trace = t.finish();
    let s = layout(&trace, 2, &opts()).unwrap();
    let list = s.object(1).unwrap();
    assert_eq!(list.type_label, "list of 10,000");
    let gap: Vec<&Row> = list
        .rows
        .iter()
        .filter(|r| matches!(r.value.content, Content::Gap { .. }))
        .collect();
    assert_eq!(gap.len(), 1);
    assert_eq!(gap[0].value.content.text(), "… 9,990 more …");
    let last = list.rows.last().unwrap();
    assert_eq!(
        last.label.as_ref().unwrap().text,
        "9999",
        "the tail keeps its true indices"
    );
    assert_eq!(last.value.content.text(), "9999");
}

#[test]
fn long_chains_wrap_and_deep_ones_are_cut_with_a_mark() {
    use heapscope_trace::ObjectData;
    let mut t = T::new("class N: ...\n");
    let ty = t.sym("N");
    let next = t.sym("next");
    t.line(1, 0);
    // A 100-node linked list: 1 -> 2 -> ... -> 100.
    t.obj(1000, ObjectData::None);
    for k in (1..=100u32).rev() {
        let tail = if k == 100 { 1000 } else { k + 1 };
        t.obj(
            k,
            ObjectData::Instance {
                type_name: ty,
                class: None,
                attrs: vec![(next, heapscope_trace::ObjId(tail))],
            },
        );
    }
    t.var(0, "head", 1);
    let trace = t.finish();
    let s = layout(&trace, 2, &opts()).unwrap();
    // Drawn up to a depth bound, wrapping to new rows past the last column.
    assert!(
        s.objects.len() > 12 && s.objects.len() < 100,
        "{} drawn",
        s.objects.len()
    );
    let first = s.object(1).unwrap().grid;
    let wrapped = s
        .objects
        .iter()
        .find(|o| o.grid.0 == 0 && o.id != 1)
        .expect("the chain wraps");
    assert!(wrapped.grid.1 > first.1);
    let cut: Vec<&Cell> = s
        .objects
        .iter()
        .flat_map(|o| o.rows.iter().map(|r| &r.value))
        .filter(|c| matches!(c.content, Content::Cut { .. }))
        .collect();
    assert_eq!(cut.len(), 1, "one cut mark where the drawing stops");
    let Content::Cut { to, .. } = cut[0].content else {
        unreachable!()
    };
    assert_eq!(to as usize, s.objects.len() + 1);
    assert!(paint_svg(&s).contains("too deep"));
    let boxes = all_boxes(&s);
    for (i, (a, ra)) in boxes.iter().enumerate() {
        for (b, rb) in &boxes[i + 1..] {
            assert!(!ra.overlaps(rb), "{a} overlaps {b}");
        }
    }
}

#[test]
fn arrows_leave_a_wrapped_list_without_crossing_its_cells() {
    use heapscope_trace::ObjectData;
    let mut t = T::new("people = [[i] for i in range(25)]\n");
    t.line(1, 0);
    let mut ids = Vec::new();
    for i in 0..25u32 {
        t.obj(200 + i, ObjectData::int(i64::from(i)))
            .obj(100 + i, list(&[200 + i]));
        ids.push(100 + i);
    }
    t.obj(1, list(&ids)).var(0, "people", 1);
    let trace = t.finish();
    let s = layout(&trace, 2, &opts()).unwrap();
    let people = s.object(1).unwrap();
    assert!(
        people
            .rows
            .iter()
            .map(|r| r.value.rect.y as i64)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
            > 1,
        "the list wraps"
    );
    for a in s.arrows.iter().filter(|a| a.from == "obj-1") {
        for (ri, row) in people.rows.iter().enumerate() {
            if ri == a.from_row {
                continue;
            }
            for w in a.points.windows(2) {
                assert!(
                    !crosses(&row.value.rect, w[0], w[1]),
                    "{} crosses cell {ri}",
                    a.id
                );
            }
        }
    }
    assert_eq!(s.arrows.iter().filter(|a| a.from == "obj-1").count(), 25);
}

/// Every object that exists at two consecutive steps is at the same place in both.
fn assert_nothing_moved(prev: Option<&Scene>, s: &Scene) {
    let Some(p) = prev else { return };
    for o in &s.objects {
        if let Some(q) = p.object(o.id) {
            assert_eq!(
                (o.rect.x, o.rect.y),
                (q.rect.x, q.rect.y),
                "obj-{} moved at step {}",
                o.id,
                s.step
            );
        }
    }
}

//! Reference counts, sizes and freed objects on the pictures: the words a learner reads
//! in the terminal and on a slide.

mod common;

use common::*;
use heapscope_render::*;
use heapscope_trace::{FreeCause, ObjectData, Record, Trace};

const SRC: &str = "a = [1, 2]\nb = a\nc = a\nouter = [[]]\nouter.clear()\nx = []; x.append(x)\ndel x\ngc.collect()\n";

/// `SRC` as the tracer records it, with reference counts and sizes.
fn trace() -> Trace {
    let mut t = T::new(SRC);
    // 2: a = [1, 2]
    t.line(2, 0)
        .obj(1, ObjectData::int(1))
        .obj(2, ObjectData::int(2))
        .obj(3, list(&[1, 2]))
        .var(0, "a", 3);
    t.info(1, None, 28);
    t.info(2, None, 28);
    t.info(3, Some(1), 72);
    // 3: b = a
    t.line(3, 0).var(0, "b", 3);
    t.info(3, Some(2), 72);
    // 4: c = a, and outer = [[]]
    t.line(4, 0)
        .var(0, "c", 3)
        .obj(6, list(&[]))
        .obj(5, list(&[6]))
        .var(0, "outer", 5);
    t.info(3, Some(3), 72);
    t.info(5, Some(1), 64);
    t.info(6, Some(1), 56);
    // 5: outer.clear() freed the inner list
    t.line(5, 0).set_obj(5, list(&[]));
    t.free(6);
    t.info(5, Some(1), 56);
    // 6: x = []; x.append(x)
    t.line(6, 0).obj(7, list(&[7])).var(0, "x", 7);
    t.info(7, Some(2), 64);
    // 7: del x: the list keeps itself alive
    t.line(7, 0);
    let x = t.sym("x");
    t.record(Record::DelVar {
        frame: heapscope_trace::FrameId::GLOBAL,
        name: x,
    });
    t.info(7, Some(1), 64);
    // 8: gc.collect() freed it
    t.line(8, 0);
    t.collect(7);
    t.finish()
}

fn opts(refs: bool, sizes: bool) -> RenderOptions {
    RenderOptions {
        show_refs: refs,
        show_sizes: sizes,
        ..Default::default()
    }
}

fn text(trace: &Trace, step: u64, o: &RenderOptions) -> String {
    paint_text(&layout(trace, step, o).unwrap(), false)
}

fn line_of<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starting {start:?} in\n{text}"))
}

#[test]
fn text_writes_reference_counts_and_sizes_on_request() {
    let trace = trace();
    let both = text(&trace, 4, &opts(true, true));
    assert_eq!(
        line_of(&both, "  #3 list"),
        "  #3 list [1, 2]  ← a, b, c   refs 3 · 72 B"
    );
    // The inner list goes with the outer one: its bytes are in the outer's deep size.
    assert_eq!(
        line_of(&both, "  #5 list"),
        "  #5 list [#6]  (new)   refs 1 · 64 B (deep 120 B)"
    );
    // The count follows the step: two names at step 3.
    assert!(
        text(&trace, 3, &opts(true, true)).contains("  #3 list [1, 2]  ← a, b   refs 2 · 72 B\n")
    );

    let refs = text(&trace, 4, &opts(true, false));
    assert_eq!(
        line_of(&refs, "  #3 list"),
        "  #3 list [1, 2]  ← a, b, c   refs 3"
    );
    let sizes = text(&trace, 4, &opts(false, true));
    assert_eq!(
        line_of(&sizes, "  #5 list"),
        "  #5 list [#6]  (new)   64 B (deep 120 B)"
    );
    // Off by default.
    let plain = text(&trace, 4, &RenderOptions::default());
    assert_eq!(line_of(&plain, "  #3 list"), "  #3 list [1, 2]  ← a, b, c");
}

#[test]
fn immortal_objects_say_so() {
    let trace = trace();
    let o = RenderOptions {
        heap_primitives: true,
        ..opts(true, true)
    };
    let t = text(&trace, 4, &o);
    assert_eq!(line_of(&t, "  #1 int"), "  #1 int 1   immortal · 28 B");
}

#[test]
fn text_names_each_freed_object_and_why() {
    let trace = trace();
    let o = RenderOptions::default();
    let s5 = text(&trace, 5, &o);
    assert!(
        s5.contains("\n  freed: #6 list (its last reference went away)\n"),
        "{s5}"
    );
    // `del x` of a list that holds itself frees nothing...
    assert!(!text(&trace, 7, &o).contains("freed:"));
    // ...until the collector runs.
    let s8 = text(&trace, 8, &o);
    assert!(
        s8.contains("\n  freed: #7 list (the cycle collector freed it)\n"),
        "{s8}"
    );
    assert!(!s8.contains("#6"), "freed once, named once:\n{s8}");
    // Change highlighting off: no word about it.
    let quiet = RenderOptions {
        highlight_changes: false,
        ..Default::default()
    };
    assert!(!text(&trace, 8, &quiet).contains("freed"));
}

#[test]
fn svg_labels_refs_and_sizes() {
    let trace = trace();
    let svg = paint_svg(&layout(&trace, 4, &opts(true, true)).unwrap());
    assert!(svg.contains(">list · refs 3</text>"), "{svg}");
    assert!(svg.contains(">64 B · deep 120 B</text>"), "{svg}");
    assert!(svg.contains(">72 B</text>"), "{svg}");
    let plain = paint_svg(&layout(&trace, 4, &RenderOptions::default()).unwrap());
    assert!(!plain.contains("refs") && !plain.contains(" B</text>"));
}

#[test]
fn sizes_fit_in_their_boxes_and_boxes_stay_put() {
    let trace = trace();
    let o = opts(true, true);
    let stable = StableLayout::new(&trace, &o).unwrap();
    let mut at = std::collections::HashMap::new();
    for step in 2..=trace.len() {
        let s = stable.scene(step).unwrap();
        for b in &s.objects {
            // Counts change from step to step (#3: refs 1, 2, 3); the box does not move.
            let first = *at.entry(b.id).or_insert((b.rect.x, b.rect.y));
            assert_eq!(
                first,
                (b.rect.x, b.rect.y),
                "#{} moved at step {step}",
                b.id
            );
            // The size strip lies inside the box, under its body.
            if b.size.is_some() {
                assert!(b.rect.bottom() >= b.body.bottom() + 10.0, "{b:?}");
            }
            let label = format!("{} · {}", b.type_label, b.refs_text().unwrap());
            assert!(
                text_width(&label, 11.0) < b.rect.w,
                "{label} in {}",
                b.rect.w
            );
            for o in &s.objects {
                assert!(
                    o.id == b.id || !o.rect.overlaps(&b.rect),
                    "{} and {}",
                    o.id,
                    b.id
                );
            }
        }
    }
}

#[test]
fn a_freed_object_leaves_a_ghost_where_it_was() {
    let trace = trace();
    let o = RenderOptions::default();
    let stable = StableLayout::new(&trace, &o).unwrap();
    // Freed by its last reference: drawn at step 4, a ghost at step 5 in the same place.
    let before = stable.scene(4).unwrap();
    let s5 = stable.scene(5).unwrap();
    let f = &s5.freed[0];
    assert_eq!((f.id, f.cause), (6, FreeCause::LastReference));
    let ghost = f.ghost.as_ref().expect("a ghost");
    assert_eq!(ghost.rect, before.object(6).unwrap().rect);
    assert!(s5.object(6).is_none());
    assert!(s5.objects.iter().all(|b| !b.rect.overlaps(&ghost.rect)));
    let svg = paint_svg(&s5);
    assert!(
        svg.contains(r#"<g id="freed-6" class="freed" data-obj="6" data-cause="last-reference">"#),
        "{svg}"
    );
    assert!(svg.contains(">freed</text>"));
    assert!(!svg.contains(r#"id="obj-6""#));
    assert!(s5
        .desc
        .contains("Freed: #6 list (its last reference went away)."));

    // A cycle: out of view after `del x` (step 7), still in memory, freed by the collector
    // at step 8: its place stays empty until then, and the ghost comes back there.
    let s6 = stable.scene(6).unwrap();
    let s8 = stable.scene(8).unwrap();
    assert!(stable.scene(7).unwrap().object(7).is_none());
    let f = &s8.freed[0];
    assert_eq!((f.id, f.cause), (7, FreeCause::Collector));
    let ghost = f.ghost.as_ref().expect("a ghost");
    assert_eq!(ghost.rect, s6.object(7).unwrap().rect);
    assert!(s8.objects.iter().all(|b| !b.rect.overlaps(&ghost.rect)));
    let svg = paint_svg(&s8);
    assert!(svg.contains(r#"data-cause="collector""#) && svg.contains(">freed: collector</text>"));
    // The picture is tall enough for the ghost and its tag under it.
    assert!(s8.height >= ghost.rect.bottom() + 18.0);
    // A ghost stays one step: step 6 has none left of #6.
    assert!(paint_svg(&s6).matches("class=\"freed\"").count() == 0);
}

#[test]
fn no_ghost_without_the_previous_steps() {
    // The first step of a window does not know what the steps before it drew: it names
    // nothing it cannot show.
    let trace = trace();
    let stable = StableLayout::window(&trace, 5, trace.len(), &RenderOptions::default()).unwrap();
    let s5 = stable.scene(5).unwrap();
    assert!(s5.freed.iter().all(|f| f.ghost.is_none()));
    assert!(!paint_svg(&s5).contains("class=\"freed\""));
}

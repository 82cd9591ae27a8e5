//! Snapshots of the text painter and the SVG for small hand-made traces.

mod common;

use common::*;
use heapscope_render::*;

#[test]
fn text_of_the_alias_trace() {
    let trace = alias_trace();
    let stable = StableLayout::new(&trace, &RenderOptions::default()).unwrap();
    for step in [4, 9, 10] {
        let s = stable.scene(step).unwrap();
        insta::assert_snapshot!(format!("alias_text_{step}"), paint_text(&s, false));
    }
}

#[test]
fn text_with_heap_primitives_and_faded_frames() {
    let trace = alias_trace();
    let o = RenderOptions {
        heap_primitives: true,
        exited_frames: ExitedFrames::Faded,
        ..Default::default()
    };
    let s = layout(&trace, 11, &o).unwrap();
    insta::assert_snapshot!(paint_text(&s, false));
}

#[test]
fn text_of_a_folded_stack() {
    let trace = deep_trace(50);
    let o = RenderOptions {
        max_frames_shown: 6,
        ..Default::default()
    };
    let s = layout(&trace, trace.len(), &o).unwrap();
    insta::assert_snapshot!(paint_text(&s, false));
}

#[test]
fn svg_of_the_alias_trace() {
    let trace = alias_trace();
    let s = layout(&trace, 9, &RenderOptions::default()).unwrap();
    insta::assert_snapshot!(paint_svg(&s));
}

#[test]
fn svg_with_text_pointers_dark() {
    let trace = alias_trace();
    let o = RenderOptions {
        pointers: Pointers::Text,
        theme: Theme::Dark,
        ..Default::default()
    };
    let s = layout(&trace, 6, &o).unwrap();
    insta::assert_snapshot!(paint_svg(&s));
}

#[test]
fn colour_only_when_asked() {
    let trace = alias_trace();
    let s = layout(&trace, 9, &RenderOptions::default()).unwrap();
    assert!(!paint_text(&s, false).contains('\x1b'));
    assert!(paint_text(&s, true).contains("\x1b["));
}

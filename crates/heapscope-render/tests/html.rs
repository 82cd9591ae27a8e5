//! The HTML player: self-contained, small, and with the controls it promises.

mod common;

use common::*;
use heapscope_render::*;
use heapscope_trace::{ObjectData, Record, Stream};

/// A loop of `n` steps: `i` rebound each step, a list growing, a dict updated, output.
pub fn loop_trace(n: u32) -> heapscope_trace::Trace {
    let mut t = T::new("items = []\ncounts = {}\nfor i in range(1000):\n    items.append(i * i)\n    counts[i % 7] = i\n    print(i)\n");
    t.line(2, 0).obj(1, list(&[])).var(0, "items", 1);
    t.line(3, 0).obj(2, dict(&[])).var(0, "counts", 2);
    let mut items = vec![];
    let mut counts: Vec<(u32, u32)> = vec![];
    let mut next = 100;
    for k in 0..n {
        let line = 3 + k % 4;
        t.line(line, 0);
        match k % 4 {
            0 => {
                next += 1;
                t.obj(next, ObjectData::int(i64::from(k))).var(0, "i", next);
            }
            1 => {
                next += 1;
                t.obj(next, ObjectData::int(i64::from(k * k)));
                items.push(next);
                // Keep at most 40 recorded items, as the tracer cuts long lists.
                let shown: Vec<u32> = if items.len() > 40 {
                    items[..20]
                        .iter()
                        .chain(&items[items.len() - 20..])
                        .copied()
                        .collect()
                } else {
                    items.clone()
                };
                let len = items.len() as u64;
                let seq = heapscope_trace::Sequence {
                    len,
                    gap_at: shown.len().min(20) as u32,
                    items: shown.iter().map(|&i| heapscope_trace::ObjId(i)).collect(),
                };
                let seq = if items.len() <= 40 {
                    heapscope_trace::Sequence::full(seq.items)
                } else {
                    seq
                };
                t.set_obj(1, ObjectData::Seq(heapscope_trace::SeqKind::List, seq));
            }
            2 => {
                let key = 90 + k % 7;
                if !counts.iter().any(|c| c.0 == key) {
                    t.obj(key, ObjectData::int(i64::from(k % 7)));
                    counts.push((key, next));
                } else {
                    counts
                        .iter_mut()
                        .filter(|c| c.0 == key)
                        .for_each(|c| c.1 = next);
                }
                t.set_obj(2, dict(&counts));
            }
            _ => {
                t.record(Record::Output {
                    stream: Stream::Stdout,
                    text: format!("{k}\n"),
                });
            }
        }
    }
    t.finish()
}

#[test]
fn html_is_self_contained_and_has_its_controls() {
    let trace = alias_trace();
    let html = export_html(&trace, &RenderOptions::default()).unwrap();
    for needle in [
        "id=\"first\"",
        "id=\"back\"",
        "id=\"fwd\"",
        "id=\"last\"",
        "type=\"range\"",
        "ArrowRight",
        "#step=",
        "id=\"out\"",
        "class=\"ln\" id=\"L9\"",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    // Nothing fetched from anywhere: the only URL is the SVG namespace name.
    assert!(!html.contains("https://") && !html.contains("<link") && !html.contains(" src="));
    assert_eq!(
        html.matches("http://").count(),
        html.matches("http://www.w3.org/2000/svg").count()
    );
    if let Some(dir) = std::env::var_os("HEAPSCOPE_PICTURES") {
        std::fs::write(std::path::Path::new(&dir).join("alias.html"), &html).unwrap();
    }
}

#[test]
fn a_thousand_steps_stay_well_under_two_megabytes() {
    let trace = loop_trace(1000);
    assert!(trace.len() >= 1000);
    let html = export_html(&trace, &RenderOptions::default()).unwrap();
    eprintln!("1,000-step HTML: {} bytes", html.len());
    assert!(html.len() < 1_000_000, "{} bytes", html.len());
    if let Some(dir) = std::env::var_os("HEAPSCOPE_PICTURES") {
        std::fs::write(std::path::Path::new(&dir).join("loop.html"), &html).unwrap();
    }
}

#[test]
fn long_traces_are_laid_out_in_windows() {
    let trace = loop_trace(1500);
    assert!(trace.len() > WINDOW);
    let o = RenderOptions::default();
    let a = layout(&trace, 1200, &o).unwrap();
    let w = StableLayout::window(&trace, WINDOW + 1, trace.len().min(2 * WINDOW), &o).unwrap();
    assert_eq!(
        w.scene(1200).unwrap(),
        a,
        "layout() is its window's stable layout"
    );
    let b = layout(&trace, 1201, &o).unwrap();
    for obj in &b.objects {
        if let Some(prev) = a.object(obj.id) {
            assert_eq!(prev.rect.x, obj.rect.x);
            assert_eq!(prev.rect.y, obj.rect.y);
        }
    }
}

#[test]
fn png_is_the_same_every_time() {
    let trace = alias_trace();
    let s = layout(&trace, 9, &RenderOptions::default()).unwrap();
    assert_eq!(paint_png(&s, 1.0).unwrap(), paint_png(&s, 1.0).unwrap());
}

#[test]
fn the_player_shows_memory_over_the_run_under_the_stepper() {
    // A list that grows to 4 KB at step 3 and is freed again.
    let mut t = T::new("a = []\na.extend(range(500))\ndel a\nb = 1\n");
    let mem = |live: u64| {
        heapscope_trace::Record::Memory(heapscope_trace::Memory {
            live_bytes: live,
            live_blocks: live / 8,
            allocated_bytes: 10_000,
        })
    };
    t.record(mem(1000));
    for (line, live) in [(2, 1100), (3, 5100), (4, 1000)] {
        t.line(line, 0);
        t.record(mem(live));
    }
    let trace = t.finish();
    let html = export_html(&trace, &RenderOptions::default()).unwrap();
    let chart = &html[html
        .find(r#"<div class="mem" id="mem""#)
        .expect("the chart")..];
    assert!(
        html.find(r#"id="slider""#).unwrap() < html.find(r#"id="mem""#).unwrap(),
        "the chart sits under the controls"
    );
    assert!(chart.contains(r#"data-steps="4""#), "one column per step");
    assert!(
        chart.contains(">peak 4.1 KB at step 3, line 3</text>"),
        "{chart}"
    );
    assert!(chart.contains(r#"class="hs-cursor""#));
    // The script that moves the cursor is inlined, and the player calls it on every step.
    assert!(html.contains("var heapscopeChart") && html.contains("heapscopeChart.place(chart, k)"));
    assert!(!html.contains(" src="), "still one self-contained file");
}

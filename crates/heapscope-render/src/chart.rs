//! Memory over time as a picture: three small charts sharing one axis of steps (the heap in
//! bytes as an area, live objects as a line, stack depth as a step line), the peak marked
//! and named, and a cursor at one step.
//!
//! The chart is drawn from at most [`ChartOptions::max_columns`] columns, each the largest
//! value of its span of steps ([`MemoryChart`]), so a run of a million steps paints as small
//! an SVG as a run of six hundred, and a peak is never averaged away.
//!
//! Pages move the cursor without painting again: the root `<svg>` carries `data-steps`
//! and the plot's left and right edges (`data-x0`, `data-x1`, in its own units), step `k`
//! sits at `x0 + (k - 0.5) / steps * (x1 - x0)`, and the cursor is the one
//! `<line class="hs-cursor">`.

use std::fmt::Write;

use heapscope_analysis::{StepMemory, Timeline};
use heapscope_trace::{format_bytes, format_count};
use serde::Serialize;

use crate::build::text_width;
use crate::options::Theme;

/// The script that places the cursor and turns a press or drag on the chart into a step
/// (`heapscopeChart.place(svg, k)`, `heapscopeChart.attach(svg, onStep)`), for any page
/// that shows the chart: the HTML export inlines it, the web app serves it.
pub const CHART_JS: &str = include_str!("chart.js");
use crate::svg::{esc, n, palette, FONT_FAMILY};

/// How a memory chart is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartOptions {
    /// Colours, as for the step pictures.
    pub theme: Theme,
    /// Width in SVG units (pixels at actual size); the height is fixed.
    pub width: f32,
    /// At most this many columns (and never more than the plot is wide).
    pub max_columns: usize,
    /// The step (1-based) to put the cursor at; `None` draws it hidden, for a page to place.
    pub cursor: Option<u64>,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            theme: Theme::Light,
            width: 720.0,
            max_columns: 600,
            cursor: None,
        }
    }
}

impl ChartOptions {
    /// How many columns a chart of this width gets: `max_columns`, but never more than
    /// the plot is wide.
    pub fn columns(&self) -> usize {
        self.max_columns
            .min(Geometry::new(self.width).plot_width() as usize)
            .max(1)
    }
}

/// One marked step: the peak of the heap, or the deepest stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ChartMark {
    /// The step (1-based).
    pub step: u64,
    /// Bytes for the peak, frames for the deepest stack.
    pub value: u64,
    /// The step's line.
    pub line: u32,
    /// The step's source file (0 is the main program).
    pub file: u32,
}

/// What a chart is painted from: a run's memory in columns of steps.
///
/// Column `c` of `columns` holds steps `c * steps / columns + 1` to
/// `(c + 1) * steps / columns`, and each figure is the largest over those steps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MemoryChart {
    /// Steps in the run.
    pub steps: u64,
    /// Heap bytes above the first step's, per column.
    pub heap: Vec<u64>,
    /// Live objects the trace knows, per column.
    pub objects: Vec<u64>,
    /// Active frames, per column.
    pub depth: Vec<u64>,
    /// The step with the most heap (the first such one).
    pub peak: Option<ChartMark>,
    /// The step with the deepest stack (the first such one).
    pub deepest: Option<ChartMark>,
    /// Bytes requested over the whole run.
    pub allocated_bytes: u64,
}

impl MemoryChart {
    /// Gathers `timeline` into at most `columns` columns.
    pub fn new(timeline: &Timeline, columns: usize) -> Self {
        let s = &timeline.steps;
        let mark = |found: Option<(u64, &StepMemory)>, value: fn(&StepMemory) -> u64| {
            found.map(|(step, m)| ChartMark {
                step,
                value: value(m),
                line: m.line,
                file: m.file,
            })
        };
        MemoryChart {
            steps: s.len() as u64,
            heap: column_max(s, columns, |m| m.heap_bytes),
            objects: column_max(s, columns, |m| u64::from(m.objects)),
            depth: column_max(s, columns, |m| u64::from(m.depth)),
            peak: mark(timeline.peak(), |m| m.heap_bytes),
            deepest: mark(timeline.deepest(), |m| u64::from(m.depth)),
            allocated_bytes: timeline.allocated_bytes,
        }
    }

    /// "peak 8.1 MB at step 1,204, line 3", or `None` for an empty run.
    pub fn peak_text(&self) -> Option<String> {
        let p = self.peak?;
        let place = if p.file == 0 {
            format!("line {}", p.line)
        } else {
            format!("line {} of another file", p.line)
        };
        Some(format!(
            "peak {} at step {}, {place}",
            format_bytes(p.value),
            format_count(p.step)
        ))
    }

    /// The chart as a standalone SVG document.
    pub fn svg(&self, opts: &ChartOptions) -> String {
        paint(self, opts)
    }
}

/// Paints `timeline` as three charts over its steps (see the module's doc).
pub fn memory_chart_svg(timeline: &Timeline, opts: &ChartOptions) -> String {
    MemoryChart::new(timeline, opts.columns()).svg(opts)
}

/// The largest `key` over each of `columns` equal spans of `steps`.
fn column_max(steps: &[StepMemory], columns: usize, key: impl Fn(&StepMemory) -> u64) -> Vec<u64> {
    let n = steps.len();
    let cols = columns.min(n);
    (0..cols)
        .map(|c| {
            let (lo, hi) = (c * n / cols, ((c + 1) * n / cols).max(c * n / cols + 1));
            steps[lo..hi].iter().map(&key).max().unwrap_or(0)
        })
        .collect()
}

/// Where things go: the plot's edges and the three panels' tops and heights.
struct Geometry {
    width: f32,
    x0: f32,
    x1: f32,
    /// (top, height) of the heap, objects and depth panels.
    panels: [(f32, f32); 3],
    height: f32,
}

impl Geometry {
    const LEFT: f32 = 66.0;
    const RIGHT: f32 = 12.0;

    fn new(width: f32) -> Self {
        let width = width.max(Self::LEFT + Self::RIGHT + 60.0);
        let heap = (24.0, 84.0);
        let objects = (heap.0 + heap.1 + 12.0, 46.0);
        let depth = (objects.0 + objects.1 + 12.0, 46.0);
        Geometry {
            width,
            x0: Self::LEFT,
            x1: width - Self::RIGHT,
            panels: [heap, objects, depth],
            height: depth.0 + depth.1 + 20.0,
        }
    }

    fn plot_width(&self) -> f32 {
        self.x1 - self.x0
    }

    /// The middle of step `k` (1-based) of `steps`.
    fn step_x(&self, k: u64, steps: u64) -> f32 {
        let steps = steps.max(1) as f32;
        self.x0 + (k.clamp(1, steps as u64) as f32 - 0.5) / steps * self.plot_width()
    }

    /// The left edge of column `c` of `cols` (`c == cols` is the right edge of the plot).
    fn column_x(&self, c: usize, cols: usize) -> f32 {
        self.x0 + c as f32 / cols.max(1) as f32 * self.plot_width()
    }
}

/// The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `v` (at least 1).
fn nice_ceil(v: u64) -> u64 {
    if v <= 1 {
        return 1;
    }
    let mut p = 1u64;
    while p.saturating_mul(10) < v {
        p = p.saturating_mul(10);
    }
    // Tenths of `p`, so 2.5 stays exact.
    [10u64, 20, 25, 50, 100]
        .iter()
        .map(|m| (p as u128 * u128::from(*m)).div_ceil(10))
        .find(|&c| c >= u128::from(v))
        .map_or(v, |c| u64::try_from(c).unwrap_or(u64::MAX))
}

/// One panel: its title, its columns, its colour and how its scale is written.
type Series<'a> = (&'a str, &'a [u64], &'a str, fn(u64) -> String);

fn paint(c: &MemoryChart, opts: &ChartOptions) -> String {
    let p = palette(opts.theme);
    let g = Geometry::new(opts.width);
    let cols = c.heap.len();
    let peak = c.peak_text().unwrap_or_else(|| "no steps".into());
    let mut out = String::with_capacity(4096 + cols * 40);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="hs-memory" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{label}" font-family="{FONT_FAMILY}" font-size="11" data-steps="{steps}" data-x0="{x0}" data-x1="{x1}">"#,
        w = n(g.width),
        h = n(g.height),
        label = esc(&format!(
            "Memory over {} steps: {peak}",
            format_count(c.steps)
        )),
        steps = c.steps,
        x0 = n(g.x0),
        x1 = n(g.x1),
    );
    let _ = write!(
        out,
        r#"<rect width="{}" height="{}" fill="{}"/>"#,
        n(g.width),
        n(g.height),
        p.bg
    );
    let series: [Series; 3] = [
        ("heap", &c.heap, p.current, format_bytes),
        ("live objects", &c.objects, p.new, format_count),
        ("stack depth", &c.depth, p.mutated, format_count),
    ];
    for (i, ((title, values, colour, label), (top, height))) in
        series.iter().zip(g.panels).enumerate()
    {
        let max = nice_ceil(values.iter().copied().max().unwrap_or(0));
        let y = |v: u64| top + height - (v as f64 / max as f64) as f32 * height;
        let bottom = top + height;
        // Frame, a middle grid line, the scale and the title.
        let _ = write!(
            out,
            r#"<g class="hs-panel" data-series="{i}"><rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="{s}"/><path d="M{} {}H{}" stroke="{s}" stroke-dasharray="2 3"/>"#,
            n(g.x0),
            n(top),
            n(g.plot_width()),
            n(height),
            n(g.x0),
            n(top + height / 2.0),
            n(g.x1),
            s = p.cell_stroke,
        );
        for (v, ty) in [(max, top + 9.0), (0, bottom)] {
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>"#,
                n(g.x0 - 5.0),
                n(ty),
                p.muted,
                esc(&label(v))
            );
        }
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" fill="{}">{title}</text>"#,
            n(g.x0 + 5.0),
            n(top + 12.0),
            p.text
        );
        if values.is_empty() {
            out.push_str("</g>");
            continue;
        }
        let mut d = String::with_capacity(cols * 16);
        match i {
            // The heap: an area of steps (each column holds its value across its width).
            0 => {
                let _ = write!(d, "M{} {}", n(g.x0), n(bottom));
                let mut last = Some(0); // the path starts on the baseline
                for (k, &v) in values.iter().enumerate() {
                    if last != Some(v) {
                        let _ = write!(d, "H{}V{}", n(g.column_x(k, cols)), n(y(v)));
                        last = Some(v);
                    }
                }
                let _ = write!(d, "H{}V{}Z", n(g.x1), n(bottom));
                let _ = write!(
                    out,
                    r#"<path class="hs-series" d="{d}" fill="{colour}" fill-opacity="0.25" stroke="{colour}" stroke-width="1.2"/>"#
                );
            }
            // Live objects: a line through the columns' middles.
            1 => {
                for (k, &v) in values.iter().enumerate() {
                    let xm = (g.column_x(k, cols) + g.column_x(k + 1, cols)) / 2.0;
                    let _ = write!(d, "{}{} {}", if k == 0 { 'M' } else { 'L' }, n(xm), n(y(v)));
                }
                let _ = write!(
                    out,
                    r#"<path class="hs-series" d="{d}" fill="none" stroke="{colour}" stroke-width="1.5" stroke-linejoin="round"/>"#
                );
            }
            // Stack depth: whole frames, so a step line.
            _ => {
                let _ = write!(d, "M{} {}", n(g.x0), n(y(values[0])));
                let mut last = values[0];
                for (k, &v) in values.iter().enumerate().skip(1) {
                    if v != last {
                        let _ = write!(d, "H{}V{}", n(g.column_x(k, cols)), n(y(v)));
                        last = v;
                    }
                }
                let _ = write!(d, "H{}", n(g.x1));
                let _ = write!(
                    out,
                    r#"<path class="hs-series" d="{d}" fill="none" stroke="{colour}" stroke-width="1.5"/>"#
                );
            }
        }
        if i == 0 {
            if let Some(pk) = c.peak {
                let (px, py) = (g.step_x(pk.step, c.steps), y(pk.value));
                // The words go on the side with more room, and stay inside the picture.
                let w = text_width(&peak, 11.0);
                let tx = if px > (g.x0 + g.x1) / 2.0 { px - w } else { px };
                let tx = tx.min(g.width - 4.0 - w).max(4.0);
                let _ = write!(
                    out,
                    r#"<g class="hs-peak"><path d="M{x} {} V{}" stroke="{t}" stroke-dasharray="1 2"/><circle cx="{x}" cy="{}" r="3" fill="{t}"/><text x="{}" y="{}" fill="{t}" font-weight="bold">{}</text></g>"#,
                    n(top - 10.0),
                    n(py),
                    n(py),
                    n(tx),
                    n(top - 13.0),
                    esc(&peak),
                    x = n(px),
                    t = p.text,
                );
            }
        }
        out.push_str("</g>");
    }
    // The steps axis.
    let axis_y = g.height - 6.0;
    for (x, anchor, text) in [
        (g.x0, "start", "step 1".to_string()),
        (g.x1, "end", format!("step {}", format_count(c.steps))),
    ] {
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="{anchor}" fill="{}">{}</text>"#,
            n(x),
            n(axis_y),
            p.muted,
            esc(&text)
        );
    }
    let cx = g.step_x(opts.cursor.unwrap_or(1), c.steps);
    let _ = write!(
        out,
        r#"<line class="hs-cursor" x1="{x}" x2="{x}" y1="{}" y2="{}" stroke="{}" stroke-width="1.5"{}/>"#,
        n(g.panels[0].0),
        n(g.panels[2].0 + g.panels[2].1),
        p.error,
        if opts.cursor.is_some() {
            ""
        } else {
            r#" visibility="hidden""#
        },
        x = n(cx),
    );
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use heapscope_trace::testing::TraceScript;
    use heapscope_trace::{Memory, Record};

    /// A run of `n` steps on lines 1..=3 whose heap is `heap(k)` bytes at step `k` (0 at
    /// step 1, which the heap is measured from).
    fn timeline(n: u64, heap: impl Fn(u64) -> u64) -> Timeline {
        // Step 1 (line 2) pushes the module's frame; each step then sends its memory.
        let mut t = TraceScript::at("a\nb\nc\n", "m.py", 2);
        let mut allocated = 0;
        for k in 1..=n {
            if k > 1 {
                t.step((k % 3 + 1) as u32);
            }
            let live = 1000 + if k == 1 { 0 } else { heap(k) };
            allocated += live;
            t.record(Record::Memory(Memory {
                live_bytes: live,
                live_blocks: live / 16,
                allocated_bytes: allocated,
            }));
        }
        Timeline::of(&t.finish()).unwrap()
    }

    fn attr(svg: &str, element: &str, name: &str) -> String {
        let at = svg
            .find(element)
            .unwrap_or_else(|| panic!("no {element} in {svg}"));
        let rest = &svg[at..];
        let rest = &rest[rest.find(&format!(" {name}=\"")).unwrap() + name.len() + 3..];
        rest[..rest.find('"').unwrap()].to_string()
    }

    /// The smallest y the heap's area reaches (its highest point on screen): the numbers
    /// after each `V` of its path.
    fn heap_top(svg: &str) -> f32 {
        let panel = &svg[svg.find(r#"data-series="0""#).unwrap()..];
        let d = attr(panel, r#"class="hs-series""#, "d");
        d.split('V')
            .skip(1)
            .filter_map(|s| s.split(['H', 'Z']).next()?.parse::<f32>().ok())
            .fold(f32::MAX, f32::min)
    }

    #[test]
    fn the_peak_is_named_with_its_size_step_and_line() {
        // 8.1 MB at step 1,204 (line 1,204 % 3 + 1 = 2), small elsewhere.
        let t = timeline(1500, |k| if k == 1204 { 8_100_000 } else { k });
        let svg = memory_chart_svg(&t, &ChartOptions::default());
        assert!(
            svg.contains(">peak 8.1 MB at step 1,204, line 2</text>"),
            "{svg}"
        );
        assert!(svg.contains(r#"data-steps="1500""#));
        assert!(
            svg.contains(">10.0 MB</text>"),
            "the heap's scale is a round 10 MB above the peak"
        );
        assert!(svg.contains(">step 1,500</text>"));
    }

    #[test]
    fn the_cursor_sits_at_its_step() {
        let t = timeline(100, |k| k * 10);
        let opts = ChartOptions {
            width: 600.0,
            cursor: Some(25),
            ..Default::default()
        };
        let svg = memory_chart_svg(&t, &opts);
        let (x0, x1): (f32, f32) = (
            attr(&svg, "<svg", "data-x0").parse().unwrap(),
            attr(&svg, "<svg", "data-x1").parse().unwrap(),
        );
        assert_eq!((x0, x1), (66.0, 588.0));
        let x: f32 = attr(&svg, "hs-cursor", "x1").parse().unwrap();
        assert!(
            (x - (66.0 + 24.5 / 100.0 * 522.0)).abs() < 0.06,
            "step 25 of 100 is at {x}"
        );
        assert!(
            !svg[svg.find("hs-cursor").unwrap()..].contains("hidden"),
            "a static cursor is shown"
        );
        let svg = memory_chart_svg(&t, &ChartOptions::default());
        assert!(
            svg[svg.find("hs-cursor").unwrap()..].contains(r#"visibility="hidden""#),
            "no cursor: hidden for a page to place"
        );
    }

    #[test]
    fn a_million_steps_stay_small_and_keep_a_one_step_peak() {
        // One step of 50 MB among a million of a few KB: averaging would lose it.
        let t = timeline(
            1_000_000,
            |k| if k == 777_777 { 50_000_000 } else { k % 4096 },
        );
        let opts = ChartOptions::default();
        let svg = memory_chart_svg(&t, &opts);
        assert!(svg.len() < 40_000, "{} bytes", svg.len());
        let chart = MemoryChart::new(&t, 600);
        assert_eq!(chart.heap.len(), 600);
        assert_eq!(chart.heap.iter().max(), Some(&50_000_000));
        assert_eq!(
            chart.heap.iter().position(|&v| v == 50_000_000),
            Some(777_776 * 600 / 1_000_000)
        );
        // The heap's area reaches the top of its panel (the scale is the peak's, 50 MB).
        assert!(svg.contains(">50.0 MB</text>"), "scale");
        assert_eq!(
            heap_top(&svg),
            Geometry::new(opts.width).panels[0].0,
            "the area reaches the peak"
        );
        assert!(svg.contains("peak 50.0 MB at step 777,777"));
    }

    #[test]
    fn the_peak_label_stays_inside_a_narrow_chart() {
        // The peak just left of the middle, where the words would run off the right edge.
        let t = timeline(5000, |k| if k == 2300 { 43_000 } else { 10 });
        let opts = ChartOptions {
            width: 400.0,
            ..Default::default()
        };
        let svg = memory_chart_svg(&t, &opts);
        let peak = &svg[svg.find("hs-peak").unwrap()..];
        let x: f32 = attr(peak, "<text", "x").parse().unwrap();
        let text = "peak 43.0 KB at step 2,300, line 3";
        assert!(peak.contains(&format!(">{text}</text>")), "{peak}");
        assert!(
            x >= 0.0 && x + text_width(text, 11.0) <= 400.0,
            "the label runs from {x} to {}",
            x + text_width(text, 11.0)
        );
    }

    #[test]
    fn short_runs_get_a_column_per_step() {
        let t = timeline(7, |k| k * 100);
        let c = MemoryChart::new(&t, 600);
        assert_eq!(c.heap, vec![0, 200, 300, 400, 500, 600, 700]);
        assert_eq!(c.depth, vec![1; 7]);
        assert_eq!(c.peak.map(|p| (p.step, p.value)), Some((7, 700)));
    }

    #[test]
    fn scales_are_round() {
        assert_eq!(
            [0, 1, 7, 10, 11, 21, 26, 37_200_000, 8_100_000].map(nice_ceil),
            [1, 1, 10, 10, 20, 25, 50, 50_000_000, 10_000_000]
        );
    }

    #[test]
    fn dark_theme_uses_the_dark_palette() {
        let t = timeline(10, |k| k);
        let svg = memory_chart_svg(
            &t,
            &ChartOptions {
                theme: Theme::Dark,
                ..Default::default()
            },
        );
        assert!(svg.contains(palette(Theme::Dark).bg) && !svg.contains(palette(Theme::Light).bg));
    }

    #[test]
    fn an_empty_run_paints_empty_panels() {
        let svg = memory_chart_svg(&Timeline::default(), &ChartOptions::default());
        assert!(svg.contains("no steps") && svg.ends_with("</svg>\n"));
    }
}

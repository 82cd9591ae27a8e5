//! The HTML player: one offline file with the code, the picture, the output so far, and
//! controls. Steps' pictures are stored in proportion to what changes (see
//! [`crate::player_steps`]), so a long trace stays small.

use std::fmt::Write;

use heapscope_analysis::{all_object_facts, leak_report, LeakReport, ObjectFacts};
use heapscope_trace::{Stream, Trace};
use serde::Serialize;

use crate::budget::{Budget, Stopped};
use crate::chart::{memory_chart_svg, ChartOptions, CHART_JS};
use crate::error::Result;
use crate::layout::StableLayout;
use crate::options::{RenderOptions, Theme};
use crate::player_steps::{Pictures, KEY_EVERY};
use crate::svg::{esc, palette, FONT_FAMILY};

/// Step data larger than this is gzipped.
const GZIP_ABOVE: usize = 256 * 1024;

const CSS: &str = include_str!("player.css");
const JS: &str = include_str!("player.js");
/// Narration and predict mode: the same script the web app loads (`/assets/teach.js`).
pub const TEACH_JS: &str = include_str!("teach.js");
/// The width of the memory chart in the player's left column.
const CHART_WIDTH: f32 = 400.0;
/// The inspector's facts are kept for at most this many objects of the last step (the
/// oldest ids): a few hundred bytes each, so a huge heap does not make a huge file.
const INSPECT_CAP: usize = 300;

#[derive(Serialize)]
struct Data {
    /// Per step: [width, height, line, next line (0 = none), file, title, exception, notes, narration, question].
    steps: Vec<StepData>,
    /// The steps' pictures: shared pieces, keyframes and deltas.
    #[serde(flatten)]
    pictures: Pictures,
    /// A step whose index (from 0) is a multiple of this has a keyframe.
    key_every: usize,
    /// Output chunks: [step, stream (0 out, 1 err), text].
    output: Vec<(u64, u8, String)>,
    /// Paths of the source files.
    files: Vec<String>,
    bg: &'static str,
    font: &'static str,
    /// The inspector's facts at the last step (at most [`INSPECT_CAP`] objects).
    facts: Vec<ObjectFacts>,
    /// Objects alive at the last step (more than `facts` when capped).
    alive: usize,
}

#[derive(Serialize)]
struct StepData(
    f32,
    f32,
    u32,
    u32,
    u32,
    String,
    Option<String>,
    Vec<String>,
    String,
    Option<heapscope_analysis::Question>,
);

/// Exports the trace as one self-contained HTML file (no network needed), within the
/// default [`Budget`] (its frames bound only).
pub fn export_html(trace: &Trace, opts: &RenderOptions) -> Result<String> {
    Ok(export_html_within(trace, opts, &Budget::default())?.html)
}

/// An exported player, and where a bound cut it short.
#[derive(Debug)]
pub struct Export {
    /// The HTML file.
    pub html: String,
    /// The steps it holds.
    pub steps: u64,
    /// Where and why the steps stop before the trace's end, if they do (the last step the
    /// player shows also says so).
    pub stopped: Option<Stopped>,
}

/// Exports the trace as one self-contained HTML file, drawing steps only while `budget`
/// allows: past a bound the file holds the steps before it, and its last step says where
/// and why it stopped.
pub fn export_html_within(trace: &Trace, opts: &RenderOptions, budget: &Budget) -> Result<Export> {
    let mut pictures = Pictures::default();
    let mut steps = Vec::new();
    let meter = budget.start(trace)?;
    let mut stopped = None;
    // The bytes the steps hold so far: their texts and pictures.
    let mut bytes = 0u64;
    if !trace.is_empty() {
        let mut last_drawn = 0;
        let layout =
            StableLayout::window_while(trace, 1, meter.end(), opts, || !meter.planning_over())?;
        let planned = *layout.steps().end();
        layout.for_each_scene_while_reusing(|scene, spare| {
            // The first step is always drawn: a file with no step would say nothing.
            if last_drawn > 0 {
                stopped = meter.check(last_drawn, bytes);
                if stopped.is_some() {
                    return Ok(false);
                }
            }
            let mut scene = scene;
            bytes += (scene.title.len()
                + scene.exception.as_ref().map_or(0, String::len)
                + scene.notes.iter().map(String::len).sum::<usize>()
                + 64) as u64;
            last_drawn = scene.step;
            steps.push(StepData(
                scene.width.ceil(),
                scene.height.ceil(),
                scene.line,
                scene.next_line.unwrap_or(0),
                scene.file,
                std::mem::take(&mut scene.title),
                scene.exception.take(),
                std::mem::take(&mut scene.notes),
                scene.narration.join(" "),
                scene.question.take(),
            ));
            let (added, done) = pictures.push(scene);
            bytes += added;
            *spare = done;
            Ok(true)
        })?;
        if stopped.is_none() && planned < meter.end() {
            stopped = Some(meter.planning_stop(last_drawn));
        }
        stopped = stopped.or_else(|| meter.frames_stop());
        if let (Some(s), Some(last)) = (&stopped, steps.last_mut()) {
            last.7.push(s.describe("the export"));
        }
    }
    let output = trace
        .output()
        .iter()
        .map(|c| {
            (
                c.step,
                if c.stream == Stream::Stderr { 1 } else { 0 },
                c.text.clone(),
            )
        })
        .collect();
    // What is left at the end: the leak report, and the inspector's facts there.
    let (leaks, facts, alive) = if trace.is_empty() {
        (String::new(), Vec::new(), 0)
    } else {
        let lives = heapscope_analysis::Lifetimes::of(trace)?;
        let last = trace.state_at(trace.len())?;
        (
            leaks_section(&leak_report(trace, &lives, &last)),
            all_object_facts(trace, &lives, &last, INSPECT_CAP),
            last.object_count(),
        )
    };
    let meta = trace.meta();
    let kept = steps.len() as u64;
    let data = Data {
        steps,
        pictures,
        key_every: KEY_EVERY,
        output,
        files: meta.sources.iter().map(|s| s.path.clone()).collect(),
        bg: palette(opts.theme).bg,
        font: FONT_FAMILY,
        facts,
        alive,
    };
    // Big traces are stored gzipped (the browser inflates them with DecompressionStream):
    // SVG pieces repeat a lot, so this is typically ten times smaller. The JSON goes
    // straight into the compressor (a long trace's JSON is hundreds of MB), at the fast
    // level: the best one took seconds on a long trace for a few per cent.
    let (enc, json) = if bytes > GZIP_ABOVE as u64 {
        ("gzip", base64(&gzip_json(&data)?))
    } else {
        let json = serde_json::to_string(&data)?;
        // Inside <script>, "</" would end the element: JSON allows "<\/" for it.
        ("json", json.replace("</", "<\\/").replace("<!--", "<\\!--"))
    };
    let main = meta.sources.first();
    let name = main.map_or("program", |s| s.path.as_str());
    let mut code = String::new();
    if let Some(src) = main {
        for (i, line) in src.text.lines().enumerate() {
            let _ = write!(
                code,
                r#"<div class="ln" id="L{n}"><span class="mk"></span><span class="no">{n}</span><span class="tx">{}</span></div>"#,
                esc(line),
                n = i + 1
            );
        }
    }
    let outcome = meta
        .outcome
        .as_ref()
        .map(|o| o.describe())
        .unwrap_or_default();
    // Memory over the run, under the stepper; player.js moves its cursor.
    let chart = if trace.is_empty() {
        String::new()
    } else {
        let chart = ChartOptions {
            theme: opts.theme,
            width: CHART_WIDTH,
            ..ChartOptions::default()
        };
        format!(
            r#"<div class="mem" id="mem" title="Click or drag to go to a step">{}</div>"#,
            memory_chart_svg(&heapscope_analysis::Timeline::of(trace)?, &chart)
        )
    };
    let theme = if opts.theme == Theme::Dark {
        "dark"
    } else {
        "light"
    };
    let inspector = crate::inspector_js::inspector_classic_script();
    let mut html = String::with_capacity(
        json.len()
            + CSS.len()
            + inspector.len()
            + JS.len()
            + CHART_JS.len()
            + TEACH_JS.len()
            + chart.len()
            + leaks.len()
            + code.len()
            + 4096,
    );
    let _ = write!(
        html,
        r#"<!DOCTYPE html>
<html lang="en" data-theme="{theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="heapscope {version}">
<title>{title} — heapscope</title>
<style>{CSS}</style>
</head>
<body>
<header><h1>{title}</h1><span class="outcome">{outcome}</span></header>
<main>
<section class="left">
<div class="code" id="code" aria-label="Program">{code}</div>
<div class="legend"><span class="cur">→</span> line about to run <span class="nxt">⇢</span> line after it</div>
<nav aria-label="Steps">
<button id="first" title="First step (Home)">« First</button><button id="back" title="Back (←)">◀ Back</button><button id="fwd" title="Forward (→)">Forward ▶</button><button id="last" title="Last step (End)">Last »</button>
<input id="slider" type="range" min="1" max="1" value="1" aria-label="Step">
<label class="predict" title="Before each step, say what it will do"><input type="checkbox" id="predict"> Predict each step</label> <span id="score" class="score" aria-live="polite"></span>
</nav>
<div id="status" class="status" aria-live="polite"></div>
{chart}
<div id="exc" class="exc" hidden></div>
<h2>Output</h2>
<pre id="out" class="out"></pre>
</section>
<section class="right"><div class="zoom"><button id="zoom" aria-pressed="false" title="Toggle fit-to-width and actual size (z)">Actual size</button></div>
<div class="insp" id="insp" aria-live="polite" hidden></div>
<div class="pic" id="pic" aria-label="Frames and objects"></div>
<div class="question" id="question" aria-live="polite" hidden></div>
<p class="narration" id="narration" aria-live="polite" aria-label="What this step did"></p></section>
</main>
{leaks}
<script id="data" type="application/json" data-enc="{enc}">{json}</script>
<script>{CHART_JS}</script>
<script>{TEACH_JS}</script>
<script>{inspector}</script>
<script>{JS}</script>
</body>
</html>
"#,
        version = env!("CARGO_PKG_VERSION"),
        title = esc(name),
        outcome = esc(&outcome),
    );
    Ok(Export {
        html,
        steps: kept,
        stopped,
    })
}

/// The leak report at the last step, as a static section under the stepper: each group's
/// line links to the step that made its first object, each example to the object.
fn leaks_section(r: &LeakReport) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        r#"<section class="leaks" id="leaks" aria-label="Leak report"><h2>Leaks at the end (step {})</h2><p class="lead">{}</p>"#,
        r.step,
        esc(&r.text)
    );
    for g in &r.groups {
        let _ = write!(
            h,
            r#"<div class="group" data-type="{}" data-line="{}"><p class="title"><b>{} × {}</b> made in {}() at line {}: <code>{}</code> — {}"#,
            esc(&g.type_name),
            g.line,
            g.count,
            esc(&g.type_name),
            esc(&g.function),
            g.line,
            esc(&g.code),
            esc(&g.bytes_text)
        );
        if let Some(b) = g.first_born {
            let _ = write!(h, r##" <a href="#step={b}">see them made (step {b})</a>"##);
        }
        h.push_str("</p><ul>");
        for x in &g.examples {
            let _ = write!(
                h,
                r##"<li><a href="#step={}" class="obj-link" data-obj="{id}">#{id}</a>: <span class="path">{}</span></li>"##,
                r.step,
                esc(&x.kept_by),
                id = x.id
            );
        }
        if g.more > 0 {
            let _ = write!(h, r#"<li class="muted">… and {} more</li>"#, g.more);
        }
        h.push_str("</ul>");
        if g.unreachable > 0 {
            let _ = write!(
                h,
                r#"<p class="muted">{} of them no variable reaches</p>"#,
                g.unreachable
            );
        }
        h.push_str("</div>");
    }
    h.push_str("</section>");
    h
}

/// `data` as JSON, gzipped as it is written.
fn gzip_json(data: &impl Serialize) -> Result<Vec<u8>> {
    let e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut w = std::io::BufWriter::with_capacity(1 << 16, e);
    serde_json::to_writer(&mut w, data)?;
    let e = w
        .into_inner()
        .map_err(|e| crate::Error::Png(e.to_string()))?;
    e.finish().map_err(|e| crate::Error::Png(e.to_string()))
}

/// Standard base64 with padding.
fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(A[(v >> 18) as usize & 63] as char);
        out.push(A[(v >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            A[(v >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            A[v as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
    }
}

//! The words of a scene: its event's name, the code around its line, and the whole
//! picture in sentences (what a screen reader says, and what tests read).

use heapscope_trace::{Event, Trace};

use crate::boxes::cut;
use crate::scene::{CodeLine, Content, Scene};

pub(super) fn event_name(e: Option<Event>) -> &'static str {
    match e {
        Some(Event::Line) | None => "line",
        Some(Event::Call) => "call",
        Some(Event::Return) => "return",
        Some(Event::Exception) => "exception",
        Some(Event::UncaughtException) => "uncaught exception",
        Some(Event::WaitingForInput) => "waiting for input",
        Some(Event::LimitReached) => "limit reached",
        Some(Event::Crashed) => "crash",
    }
}

pub(super) fn code_context(
    trace: &Trace,
    file: u32,
    line: u32,
    next: Option<u32>,
) -> Vec<CodeLine> {
    let Some(src) = trace.meta().sources.get(file as usize) else {
        return Vec::new();
    };
    let total = src.line_count();
    if line == 0 || total == 0 {
        return Vec::new();
    }
    let from = line.saturating_sub(2).max(1);
    let to = (line + 2).min(total);
    let mut numbers: Vec<u32> = (from..=to).collect();
    if let Some(n) = next.filter(|n| (*n < from || *n > to) && *n >= 1 && *n <= total) {
        numbers.push(n);
        numbers.sort_unstable();
    }
    numbers
        .into_iter()
        .map(|n| CodeLine {
            number: n,
            text: src.line(n).to_owned(),
            current: n == line,
            next: Some(n) == next && n != line,
        })
        .collect()
}

/// The scene in words: what a screen reader says, and what tests can read.
pub(super) fn describe(s: &Scene) -> String {
    let mut out = String::new();
    for sentence in &s.narration {
        out.push_str(sentence);
        out.push(' ');
    }
    out.push_str("Frames: ");
    let mut parts = Vec::new();
    for f in &s.frames {
        let vars: Vec<String> = f
            .rows
            .iter()
            .map(|r| {
                let name = r.label.as_ref().map_or("", |l| l.text.as_str());
                match &r.value.content {
                    Content::Ref { to, .. } => format!("{name} → #{to}"),
                    c => format!("{name} = {}", c.text()),
                }
            })
            .collect();
        let mut p = f.name.clone();
        if f.current {
            p.push_str(" (running)");
        }
        if !vars.is_empty() {
            p.push_str(": ");
            p.push_str(&vars.join(", "));
        }
        parts.push(p);
    }
    for fold in &s.folds {
        parts.push(fold.text.clone());
    }
    out.push_str(&parts.join("; "));
    out.push_str(". Objects: ");
    if s.objects.is_empty() {
        out.push_str("none");
    }
    let objs: Vec<String> = s
        .objects
        .iter()
        .map(|o| format!("#{} {} {}", o.id, o.type_label, o.summary))
        .collect();
    out.push_str(&objs.join("; "));
    out.push('.');
    if !s.freed.is_empty() {
        let freed: Vec<String> = s
            .freed
            .iter()
            .map(|f| format!("#{} {} ({})", f.id, f.type_label, f.cause.describe()))
            .collect();
        out.push_str(" Freed: ");
        out.push_str(&freed.join("; "));
        out.push('.');
    }
    cut(&out, 4000)
}

//! The terminal transcript of `heapscope run`: for each step, the event and line with the
//! code around it, the frames with their variables, the objects they reference (short ids
//! as text pointers), and the output the step added.

use std::fmt::Write;

use heapscope_trace::{Event, FrameStatus, ObjId, ObjectData, Repr, ReprOptions, State, Trace};

/// How to write the transcript.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// ANSI colours.
    pub color: bool,
    /// Every object gets its own line, ints and strs too.
    pub heap_primitives: bool,
}

struct Paint {
    color: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    fn id(&self, s: &str) -> String {
        self.wrap("36", s)
    }
    fn changed(&self, s: &str) -> String {
        self.wrap("33", s)
    }
    fn error(&self, s: &str) -> String {
        self.wrap("31;1", s)
    }
}

fn event_word(e: Option<Event>) -> &'static str {
    match e {
        Some(Event::Line) => "line",
        Some(Event::Call) => "call",
        Some(Event::Return) => "return",
        Some(Event::Exception) => "exception",
        Some(Event::UncaughtException) => "uncaught exception",
        Some(Event::WaitingForInput) => "waiting for input",
        Some(Event::LimitReached) => "limit reached",
        Some(Event::Crashed) => "crashed",
        None => "start",
    }
}

/// One step, as text.
pub fn step_text(trace: &Trace, state: &State, style: Style) -> String {
    let p = Paint { color: style.color };
    let syms = trace.symbols();
    let repr = Repr::new(state, syms, ReprOptions { max_depth: 1, max_chars: 120 });
    let mut out = String::new();
    let file = state.frame_file().unwrap_or(0) as usize;
    let source = trace.meta().sources.get(file);
    let func = state.frame(state.frame).map(|f| syms.text(f.func)).unwrap_or("<module>");
    let header = format!(
        "── step {}/{} · line {} · {} {} ",
        state.step,
        trace.len(),
        state.line,
        event_word(state.event),
        func
    );
    let _ = writeln!(out, "{}", p.bold(&format!("{header:─<72}")));

    // The code around the line: the one about to run marked with an arrow.
    if let Some(src) = source {
        if state.line > 0 {
            let lo = state.line.saturating_sub(1).max(1);
            for n in lo..=state.line.saturating_add(1) {
                let text = src.line(n);
                if n > state.line && text.trim().is_empty() {
                    continue;
                }
                if n as usize > src.text.lines().count() {
                    break;
                }
                let mark = if n == state.line { "→" } else { " " };
                let line = format!("{mark} {n:>4} │ {text}");
                let _ = writeln!(out, "{}", if n == state.line { p.bold(&line) } else { p.dim(&line) });
            }
        }
    }
    if let Some(msg) = &state.exception {
        let _ = writeln!(out, "{}", p.error(&format!("  ! {msg}")));
    }
    for note in &state.notes {
        let _ = writeln!(out, "  note: {note}");
    }

    // Frames, oldest first, like the stack in the lecture.
    let _ = writeln!(out, "{}", p.bold("Frames"));
    let shown: Vec<_> = state.stack_frames().collect();
    let fold = shown.len() > 12;
    for (i, f) in shown.iter().enumerate() {
        if fold && i == 5 {
            let _ = writeln!(out, "  {}", p.dim(&format!("… {} more frames …", shown.len() - 10)));
        }
        if fold && (5..shown.len() - 5).contains(&i) {
            continue;
        }
        let name = if f.id == heapscope_trace::FrameId::GLOBAL { "Global frame".to_owned() } else { syms.text(f.func).to_owned() };
        let current = if f.id == state.frame { "  ← current" } else { "" };
        let _ = writeln!(out, "  {}{}", p.bold(&name), p.dim(current));
        for &(var, value) in &f.vars {
            let rebound = state.changes.rebound.contains(&(f.id, var));
            let line = format!("{} {}", syms.text(var), slot(&repr, state, value, style.heap_primitives, &p));
            let _ = writeln!(out, "    {}", if rebound { p.changed(&line) } else { line });
        }
        if let Some(rv) = f.return_value {
            let _ = writeln!(out, "    Return value {}", slot(&repr, state, rv, style.heap_primitives, &p));
        }
    }
    let exited: Vec<_> = state.frames().filter(|f| f.status == FrameStatus::Exited && state.changes.popped.contains(&f.id)).collect();
    for f in exited {
        let _ = writeln!(out, "  {}", p.dim(&format!("{} (returned)", syms.text(f.func))));
    }

    // Objects reachable from the frames, in the order a reader meets them.
    let objs = state.reachable_from(&state.stack);
    let listed: Vec<ObjId> = objs
        .into_iter()
        .filter(|id| style.heap_primitives || !state.object(*id).is_some_and(ObjectData::is_primitive))
        .collect();
    if !listed.is_empty() {
        let _ = writeln!(out, "{}", p.bold("Objects"));
        for id in listed {
            let Some(obj) = state.object(id) else { continue };
            let new = state.changes.created.contains(&id);
            let mutated = state.changes.changed.contains(&id);
            let tag = if new { " (new)" } else if mutated { " (changed)" } else { "" };
            let body = object_line(&repr, state, trace, id, obj, style.heap_primitives, &p);
            let line = format!("{} {}{}", p.id(&format!("#{}", id.0)), body, tag);
            let _ = writeln!(out, "  {}", if new || mutated { p.changed(&line) } else { line });
        }
    }
    let added = trace.output_at(state.step);
    if !added.is_empty() {
        let _ = writeln!(out, "{}", p.bold("Output"));
        for l in added.lines() {
            let _ = writeln!(out, "  {l}");
        }
    }
    out
}

/// A variable's slot: `= value` for primitives drawn inline, `→ #id` for references.
fn slot(repr: &Repr, state: &State, id: ObjId, heap_primitives: bool, p: &Paint) -> String {
    match state.object(id) {
        Some(d) if d.is_primitive() && !heap_primitives => format!("= {}", repr.of(id)),
        Some(_) => format!("→ {}", p.id(&format!("#{}", id.0))),
        None if id.0 == 0 => "= …".into(),
        None => format!("→ #{} (freed)", id.0),
    }
}

fn item(repr: &Repr, state: &State, id: ObjId, heap_primitives: bool) -> String {
    match state.object(id) {
        Some(d) if d.is_primitive() && !heap_primitives => repr.of(id),
        Some(_) => format!("#{}", id.0),
        None if id.0 == 0 => "…".into(),
        None => format!("#{}?", id.0),
    }
}

fn object_line(repr: &Repr, state: &State, trace: &Trace, id: ObjId, obj: &ObjectData, hp: bool, p: &Paint) -> String {
    let syms = trace.symbols();
    let it = |x: ObjId| item(repr, state, x, hp);
    match obj {
        ObjectData::Seq(kind, seq) => {
            let mut parts: Vec<String> = Vec::new();
            for (i, &x) in seq.items.iter().enumerate() {
                if i == seq.gap_at as usize && seq.omitted() > 0 {
                    parts.push(format!("… {} more …", seq.omitted()));
                }
                parts.push(it(x));
            }
            if seq.gap_at as usize == seq.items.len() && seq.omitted() > 0 {
                parts.push(format!("… {} more", seq.omitted()));
            }
            let (open, close) = match kind {
                heapscope_trace::SeqKind::List => ("[", "]"),
                heapscope_trace::SeqKind::Tuple => ("(", ")"),
                _ => ("{", "}"),
            };
            format!("{} {open}{}{close}", kind.type_name(), parts.join(", "))
        }
        ObjectData::Dict(d) => {
            let parts: Vec<String> = d.entries.iter().map(|&(k, v)| format!("{}: {}", it(k), it(v))).collect();
            let more = if d.omitted() > 0 { format!(", … {} more", d.omitted()) } else { String::new() };
            format!("dict {{{}{more}}}", parts.join(", "))
        }
        ObjectData::Instance { type_name, attrs, .. } => {
            let parts: Vec<String> = attrs.iter().map(|&(n, v)| format!("{}={}", syms.text(n), it(v))).collect();
            format!("{} instance ({})", syms.text(*type_name), parts.join(", "))
        }
        ObjectData::Class { name, attrs, base_names, .. } => {
            let names: Vec<&str> = attrs.iter().map(|(n, _)| syms.text(*n)).collect();
            let bases: Vec<&str> = base_names.iter().map(|b| syms.text(*b)).collect();
            format!("class {}({}) [{}]", syms.text(*name), bases.join(", "), names.join(", "))
        }
        ObjectData::Function { signature, parent_frame, cells, .. } => {
            let mut s = format!("function {}", syms.text(*signature));
            if let Some(f) = parent_frame.and_then(|f| state.frame(f)) {
                let _ = write!(s, " [defined in {}]", syms.text(f.func));
            }
            if !cells.is_empty() {
                let c: Vec<String> = cells.iter().map(|&(n, v)| format!("{}={}", syms.text(n), it(v))).collect();
                let _ = write!(s, " closure: {}", c.join(", "));
            }
            s
        }
        ObjectData::BoundMethod { func, receiver } => format!("bound method of {} → {}", it(*receiver), it(*func)),
        ObjectData::Generator { name, frame, state: gs, .. } => {
            let mut s = format!("generator {} ({:?})", syms.text(*name), gs).to_lowercase();
            if let Some(f) = frame.and_then(|f| state.frame(f)) {
                let vars: Vec<String> = f.vars.iter().map(|&(n, v)| format!("{}={}", syms.text(n), it(v))).collect();
                let _ = write!(s, " at line {}: {}", f.line, vars.join(", "));
            }
            s
        }
        other => {
            let _ = p;
            let _ = id;
            format!("{} {}", repr.type_name(other), repr.of(id))
        }
    }
}

//! The terminal painter: the same scene as lines of text, coloured with ANSI codes on
//! request.

use std::fmt::Write;
use std::io::IsTerminal;

use crate::scene::{Cell, Content, Mark, Row, Scene};

/// True when colour suits standard output: a terminal, and `NO_COLOR` unset or empty.
pub fn terminal_color_wanted() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on && !s.is_empty() {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    fn mark(&self, m: Mark) -> String {
        match m {
            Mark::None => String::new(),
            Mark::New => format!("  {}", self.paint("32", "(new)")),
            Mark::Rebound => format!("  {}", self.paint("33", "(rebound)")),
            Mark::Mutated => format!("  {}", self.paint("38;5;208", "(changed)")),
        }
    }
}

fn value(st: &Style, c: &Cell) -> String {
    match &c.content {
        Content::Ref { to, .. } => st.paint("36", &format!("#{to}")),
        Content::Cut { to, .. } => st.dim(&format!("#{to} … (too deep to draw)")),
        Content::Gap { text, .. } => st.dim(text),
        Content::Text { text, .. } => text.clone(),
    }
}

fn slot(st: &Style, row: &Row) -> String {
    let name = row.label.as_ref().map_or("", |l| l.text.as_str());
    let arrow = if matches!(row.value.content, Content::Ref { .. }) {
        "→"
    } else {
        "="
    };
    format!(
        "{name} {arrow} {}{}",
        value(st, &row.value),
        st.mark(row.value.mark)
    )
}

/// Paints a scene as text: the code around the current line, the frames with their
/// variables (`x = 1`, `lst → #3`), then the objects (`#3 list [1, 2, 3]`).
pub fn paint_text(scene: &Scene, color: bool) -> String {
    let st = Style { on: color };
    let mut out = String::new();
    let _ = writeln!(out, "{}", st.bold(&scene.title));
    let width = scene
        .code
        .iter()
        .map(|l| l.number.to_string().len())
        .max()
        .unwrap_or(1);
    for l in &scene.code {
        let marker = if l.current {
            st.paint("32;1", "→")
        } else if l.next {
            st.paint("31", "⇢")
        } else {
            " ".into()
        };
        let text = if l.current {
            st.bold(&l.text)
        } else {
            l.text.clone()
        };
        let _ = writeln!(out, "{marker} {:>width$} │ {text}", l.number);
    }
    if let Some(e) = &scene.exception {
        let _ = writeln!(out, "{}", st.paint("31;1", &format!("Exception: {e}")));
    }
    for n in &scene.notes {
        let _ = writeln!(out, "{}", st.dim(&format!("Note: {n}")));
    }
    let _ = writeln!(out, "\n{}", st.bold("Frames"));
    // Frames and folds in picture order (top to bottom).
    let mut items: Vec<(f32, String)> = Vec::new();
    for f in &scene.frames {
        let mut s = String::new();
        let mut head = f.name.clone();
        if let Some(tag) = &f.tag {
            head = format!("{head} [{tag}]");
        }
        let state = if f.exited {
            "returned".to_owned()
        } else if f.current {
            format!("line {}, running", f.line)
        } else {
            format!("line {}", f.line)
        };
        let head = format!(
            "{}  {}{}",
            if f.current {
                st.paint("34;1", &head)
            } else {
                st.bold(&head)
            },
            st.dim(&format!("({state})")),
            st.mark(f.mark)
        );
        let _ = writeln!(s, "  {head}");
        for row in &f.rows {
            let _ = writeln!(s, "    {}", slot(&st, row));
        }
        if f.rows.is_empty() {
            let _ = writeln!(s, "    {}", st.dim("(no variables)"));
        }
        items.push((f.rect.y, s));
    }
    for f in &scene.folds {
        items.push((f.rect.y, format!("  {}\n", st.dim(&f.text))));
    }
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (_, s) in items {
        out.push_str(&s);
    }
    let _ = writeln!(out, "\n{}", st.bold("Objects"));
    if scene.objects.is_empty() && scene.freed.is_empty() {
        let _ = writeln!(out, "  {}", st.dim("(none)"));
    }
    // Who points at each object: aliasing reads at a glance.
    let mut referrers: std::collections::HashMap<u32, Vec<String>> =
        std::collections::HashMap::new();
    for f in &scene.frames {
        for row in &f.rows {
            if let Some(t) = row.value.content.target() {
                let name = row.label.as_ref().map_or("?", |l| l.text.as_str());
                let who = if f.id == 0 || f.name == "Global frame" {
                    name.to_owned()
                } else {
                    format!("{}.{name}", f.name)
                };
                referrers.entry(t).or_default().push(who);
            }
        }
    }
    for o in &scene.objects {
        for row in &o.rows {
            if let Some(t) = row.key.as_ref().and_then(|k| k.content.target()) {
                referrers
                    .entry(t)
                    .or_default()
                    .push(format!("#{} key", o.id));
            }
            if let Some(t) = row.value.content.target() {
                let at = match (&row.key, &row.label) {
                    (Some(k), _) => {
                        let key = k
                            .content
                            .target()
                            .map_or_else(|| k.content.text().to_owned(), |t| format!("#{t}"));
                        format!("#{}[{key}]", o.id)
                    }
                    (None, Some(l)) if l.text.chars().all(|c| c.is_ascii_digit()) => {
                        format!("#{}[{}]", o.id, l.text)
                    }
                    (None, Some(l)) => format!("#{}.{}", o.id, l.text),
                    (None, None) => format!("#{}", o.id),
                };
                referrers.entry(t).or_default().push(at);
            }
        }
    }
    for o in &scene.objects {
        let changed: Vec<String> = o
            .rows
            .iter()
            .filter(|r| r.value.mark == Mark::Mutated)
            .map(|r| {
                r.label.as_ref().map_or_else(
                    || {
                        r.key
                            .as_ref()
                            .map_or(String::new(), |k| k.content.text().to_owned())
                    },
                    |l| l.text.clone(),
                )
            })
            .collect();
        let mut mark = st.mark(o.mark);
        if o.mark == Mark::Mutated && !changed.is_empty() {
            mark = format!(
                "  {}",
                st.paint("38;5;208", &format!("(changed: {})", changed.join(", ")))
            );
        }
        let id = st.paint("36", &format!("#{}", o.id));
        let from = referrers
            .get(&o.id)
            .filter(|r| r.len() > 1)
            .map_or(String::new(), |r| {
                format!("  {}", st.dim(&format!("← {}", r.join(", "))))
            });
        let mut info: Vec<String> = o.refs_text().into_iter().collect();
        if let Some((own, deep)) = o.size_texts() {
            info.push(match deep {
                Some(d) => format!("{own} (deep {d})"),
                None => own,
            });
        }
        let info = if info.is_empty() {
            String::new()
        } else {
            format!("   {}", st.dim(&info.join(" · ")))
        };
        let _ = writeln!(
            out,
            "  {id} {} {}{mark}{from}{info}",
            st.dim(&o.type_label),
            o.summary
        );
    }
    for f in &scene.freed {
        let _ = writeln!(
            out,
            "  {} {} {}",
            st.paint("31", "freed:"),
            st.paint("36", &format!("#{} {}", f.id, f.type_label)),
            st.dim(&format!("({})", f.cause.describe()))
        );
    }
    out
}

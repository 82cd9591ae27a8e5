//! Lessons: a Markdown file of sections, each with prose, a Python program, stops at
//! chosen steps with notes, and quiz questions (the format is in `docs/lessons.md`).
//!
//! Parsing and finding the stops' steps are here, apart from how a lesson is shown:
//! [`lesson_html`] makes one offline page (each program's player in a sandboxed frame);
//! the web app gets the same [`Lesson`] as JSON and resolves stops on its own trace
//! through [`Section::stop_steps`].

use std::fmt::Write as _;

use heapscope_trace::Trace;
use serde::Serialize;

use crate::error::Result;
use crate::svg::esc;

/// Where a stop is, relative to the line it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StopWhen {
    /// The step at the line (before it runs).
    At,
    /// The first step after the line has finished (its effects shown).
    After,
}

/// A stop: a step of the section's program, and the note shown there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stop {
    /// At or after the line.
    pub when: StopWhen,
    /// Text of the line (the first program line containing it, its `time`-th run).
    pub code: String,
    /// Which run of that line (1 = the first time it runs).
    pub time: u32,
    /// The note, as HTML (from Markdown).
    pub note_html: String,
}

/// One choice of a quiz question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuizChoice {
    /// Its text, as HTML.
    pub html: String,
    /// True for the right answer(s).
    pub right: bool,
}

/// A quiz question, answered by the section's program.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Quiz {
    /// The question, as HTML.
    pub question_html: String,
    /// The choices.
    pub choices: Vec<QuizChoice>,
    /// Why, as HTML, shown after answering.
    pub why_html: String,
    /// The stop (index into the section's stops) whose step shows the answer.
    pub shown_at: Option<usize>,
}

/// A section ("slide") of a lesson.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Its heading.
    pub title: String,
    /// Its prose, as HTML.
    pub prose_html: String,
    /// Its program (empty when it has none).
    pub program: String,
    /// Stops, in the order of the lesson.
    pub stops: Vec<Stop>,
    /// Quiz questions.
    pub quizzes: Vec<Quiz>,
}

/// A parsed lesson.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Lesson {
    /// Its title (the `# ` heading).
    pub title: String,
    /// Prose before the first section, as HTML.
    pub intro_html: String,
    /// The sections.
    pub sections: Vec<Section>,
}

/// A lesson file that does not follow the format.
#[derive(Debug, thiserror::Error)]
#[error("lesson line {line}: {message}")]
pub struct LessonError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

fn markdown(text: &str) -> String {
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new(text));
    out
}

/// Markdown of one line, without the paragraph around it.
fn inline(text: &str) -> String {
    let html = markdown(text);
    let html = html.trim();
    html.strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .unwrap_or(html)
        .to_owned()
}

/// "after `x = 1`", "at `return n` time 3" → the stop's place.
fn parse_stop_head(
    rest: &str,
    line: usize,
) -> std::result::Result<(StopWhen, String, u32), LessonError> {
    let err = |m: &str| LessonError {
        line,
        message: m.to_owned(),
    };
    let rest = rest.trim();
    let (when, rest) = if let Some(r) = rest.strip_prefix("after ") {
        (StopWhen::After, r)
    } else if let Some(r) = rest.strip_prefix("at ") {
        (StopWhen::At, r)
    } else {
        return Err(err(
            "a stop says `after` or `at`, then the line in backticks",
        ));
    };
    let rest = rest.trim();
    let inner = rest
        .strip_prefix('`')
        .and_then(|r| r.split_once('`'))
        .ok_or_else(|| err("the stop's line goes in backticks"))?;
    let (code, tail) = inner;
    let time = match tail.trim().strip_prefix("time ") {
        Some(n) => n
            .trim()
            .parse()
            .map_err(|_| err("`time N` takes a number from 1"))?,
        None if tail.trim().is_empty() => 1,
        None => return Err(err("after the line only `time N` may follow")),
    };
    Ok((when, code.to_owned(), time.max(1)))
}

/// Parses a lesson file.
pub fn parse_lesson(text: &str) -> std::result::Result<Lesson, LessonError> {
    let mut lesson = Lesson {
        title: String::new(),
        intro_html: String::new(),
        sections: Vec::new(),
    };
    let mut prose = String::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    let flush = |lesson: &mut Lesson, prose: &mut String| {
        let html = markdown(prose);
        match lesson.sections.last_mut() {
            Some(s) => s.prose_html.push_str(&html),
            None => lesson.intro_html.push_str(&html),
        }
        prose.clear();
    };
    while i < lines.len() {
        let l = lines[i];
        if let Some(t) = l.strip_prefix("# ") {
            lesson.title = t.trim().to_owned();
        } else if let Some(t) = l.strip_prefix("## ") {
            flush(&mut lesson, &mut prose);
            lesson.sections.push(Section {
                title: t.trim().to_owned(),
                prose_html: String::new(),
                program: String::new(),
                stops: Vec::new(),
                quizzes: Vec::new(),
            });
        } else if l.trim_end() == "```python run" {
            flush(&mut lesson, &mut prose);
            let start = i + 1;
            let mut end = start;
            while end < lines.len() && !lines[end].starts_with("```") {
                end += 1;
            }
            let section = lesson.sections.last_mut().ok_or(LessonError {
                line: i + 1,
                message: "a program belongs to a section (`## ` heading)".into(),
            })?;
            if !section.program.is_empty() {
                return Err(LessonError {
                    line: i + 1,
                    message: "a section has one program to run".into(),
                });
            }
            section.program = lines[start..end].join("\n") + "\n";
            i = end;
        } else if let Some(head) = l.strip_prefix("> **Stop** ") {
            flush(&mut lesson, &mut prose);
            let (when, code, time) = parse_stop_head(head, i + 1)?;
            let mut note = String::new();
            while i + 1 < lines.len() && lines[i + 1].starts_with('>') {
                i += 1;
                note.push_str(lines[i][1..].strip_prefix(' ').unwrap_or(&lines[i][1..]));
                note.push('\n');
            }
            let section = lesson.sections.last_mut().ok_or(LessonError {
                line: i + 1,
                message: "a stop belongs to a section".into(),
            })?;
            if !section.program.lines().any(|p| p.contains(&code)) {
                return Err(LessonError {
                    line: i + 1,
                    message: format!("no line of the section's program contains `{code}`"),
                });
            }
            section.stops.push(Stop {
                when,
                code,
                time,
                note_html: markdown(&note),
            });
        } else if let Some(q) = l.strip_prefix("> **Quiz** ") {
            flush(&mut lesson, &mut prose);
            let at = i + 1;
            let mut quiz = Quiz {
                question_html: inline(q.trim()),
                choices: Vec::new(),
                why_html: String::new(),
                shown_at: None,
            };
            let mut why = String::new();
            while i + 1 < lines.len() && lines[i + 1].starts_with('>') {
                i += 1;
                let body = lines[i][1..].trim();
                if let Some(c) = body.strip_prefix("- [x] ") {
                    quiz.choices.push(QuizChoice {
                        html: inline(c),
                        right: true,
                    });
                } else if let Some(c) = body.strip_prefix("- [ ] ") {
                    quiz.choices.push(QuizChoice {
                        html: inline(c),
                        right: false,
                    });
                } else if let Some(n) = body.strip_prefix("**Shown at stop** ") {
                    let n: usize = n.trim().parse().map_err(|_| LessonError {
                        line: i + 1,
                        message:
                            "`**Shown at stop** N` takes the stop's number in its section, from 1"
                                .into(),
                    })?;
                    quiz.shown_at = Some(n.saturating_sub(1));
                } else {
                    why.push_str(body);
                    why.push('\n');
                }
            }
            quiz.why_html = markdown(&why);
            let section = lesson.sections.last_mut().ok_or(LessonError {
                line: at,
                message: "a quiz belongs to a section".into(),
            })?;
            if quiz.choices.len() < 2 || !quiz.choices.iter().any(|c| c.right) {
                return Err(LessonError {
                    line: at,
                    message: "a quiz has two choices or more, one marked `- [x]`".into(),
                });
            }
            if quiz.shown_at.is_some_and(|s| s >= section.stops.len()) {
                return Err(LessonError {
                    line: at,
                    message: "`**Shown at stop** N` names a stop the section does not have (yet)"
                        .into(),
                });
            }
            section.quizzes.push(quiz);
        } else {
            prose.push_str(l);
            prose.push('\n');
        }
        i += 1;
    }
    flush(&mut lesson, &mut prose);
    if lesson.title.is_empty() {
        return Err(LessonError {
            line: 1,
            message: "a lesson starts with its title as a `# ` heading".into(),
        });
    }
    Ok(lesson)
}

impl Section {
    /// The step of each stop in `trace` (a trace of this section's program), or `None` for
    /// a stop whose line did not run that often.
    pub fn stop_steps(&self, trace: &Trace) -> Result<Vec<Option<u64>>> {
        let main = trace.meta().sources.first();
        let line_no = |code: &str| -> Option<u32> {
            let src = main?;
            src.text
                .lines()
                .position(|l| !l.trim_start().starts_with('#') && l.contains(code))
                .map(|i| i as u32 + 1)
        };
        let mut out = Vec::with_capacity(self.stops.len());
        for stop in &self.stops {
            let Some(line) = line_no(&stop.code) else {
                out.push(None);
                continue;
            };
            // Runs of consecutive steps at that line of the main file.
            let mut runs = 0u32;
            let mut inside = false;
            let mut found = None;
            let mut c = trace.cursor();
            while let Some(s) = c.next_state()? {
                let here = s.line == line && s.frame_file() == Some(0);
                if here && !inside {
                    runs += 1;
                    if runs == stop.time && stop.when == StopWhen::At {
                        found = Some(s.step);
                        break;
                    }
                }
                if !here && inside && runs == stop.time {
                    found = Some(s.step);
                    break;
                }
                inside = here;
            }
            out.push(found);
        }
        Ok(out)
    }
}

/// Lesson pages' own style and script.
const LESSON_CSS: &str = include_str!("lesson.css");
const LESSON_JS: &str = include_str!("lesson.js");

/// One offline page for a lesson: its prose, and for each section its program's player
/// (`traces[i]` is the trace of section `i`'s program, `None` without one), its stops and
/// its quiz.
pub fn lesson_html(
    lesson: &Lesson,
    traces: &[Option<Trace>],
    opts: &crate::RenderOptions,
) -> Result<String> {
    let mut h = String::new();
    let _ = write!(
        h,
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="heapscope {version}">
<title>{title} — heapscope lesson</title>
<style>{LESSON_CSS}</style>
</head>
<body>
<header><h1>{title}</h1><p id="progress" class="progress" aria-live="polite"></p></header>
<main>
<div class="intro">{intro}</div>
"#,
        version = env!("CARGO_PKG_VERSION"),
        title = esc(&lesson.title),
        intro = lesson.intro_html,
    );
    for (i, s) in lesson.sections.iter().enumerate() {
        let _ = write!(
            h,
            r#"<section class="lesson-section" id="s{i}" aria-labelledby="h{i}"><h2 id="h{i}">{}</h2>
<div class="prose">{}</div>
"#,
            esc(&s.title),
            s.prose_html
        );
        if let Some(Some(trace)) = traces.get(i) {
            let steps = s.stop_steps(trace)?;
            let player = crate::export_html(trace, opts)?;
            let _ = writeln!(
                h,
                r#"<iframe class="player" id="player{i}" data-section="{i}" data-steps="{}" title="Program of “{}”, step by step" sandbox="allow-scripts" srcdoc="{}"></iframe>"#,
                trace.len(),
                esc(&s.title),
                esc(&player)
            );
            if !s.stops.is_empty() {
                let _ = write!(h, r#"<ol class="stops" aria-label="Stops">"#);
                for (k, (stop, step)) in s.stops.iter().zip(&steps).enumerate() {
                    match step {
                        Some(n) => {
                            let _ = write!(
                                h,
                                r#"<li class="stop" data-step="{n}" data-stop="{k}"><button type="button" class="go" data-section="{i}" data-step="{n}">Go to step {n}</button><div class="note">{}</div></li>"#,
                                stop.note_html
                            );
                        }
                        None => {
                            let _ = write!(
                                h,
                                r#"<li class="stop missing"><div class="note">{}</div><p class="muted">(the line <code>{}</code> did not run this time)</p></li>"#,
                                stop.note_html,
                                esc(&stop.code)
                            );
                        }
                    }
                }
                h.push_str("</ol>\n");
            }
            for (q, quiz) in s.quizzes.iter().enumerate() {
                let shown = quiz.shown_at.and_then(|k| steps.get(k).copied().flatten());
                let _ = write!(
                    h,
                    r#"<div class="quiz" id="q{i}-{q}" data-section="{i}"{}><p class="question"><b>Quiz.</b> {}</p><div class="choices" role="group" aria-label="Answers">"#,
                    shown
                        .map(|n| format!(r#" data-step="{n}""#))
                        .unwrap_or_default(),
                    quiz.question_html
                );
                for (c, choice) in quiz.choices.iter().enumerate() {
                    let _ = write!(
                        h,
                        r#"<button type="button" class="choice" data-choice="{c}" data-right="{}">{}</button>"#,
                        choice.right, choice.html
                    );
                }
                let _ = writeln!(
                    h,
                    r#"</div><div class="why" hidden>{}</div></div>"#,
                    quiz.why_html
                );
            }
        }
        h.push_str("</section>\n");
    }
    let _ = write!(
        h,
        r#"</main>
<script>{LESSON_JS}</script>
</body>
</html>
"#
    );
    Ok(h)
}

//! Python Tutor's names and words: short names, signatures, event names, exception
//! messages.

use crate::model::Event;

/// The last part of a qualified name: Python Tutor shows `__name__`, heapscope records
/// `__qualname__`.
pub(super) fn short(qualname: &str) -> &str {
    qualname.rsplit('.').next().unwrap_or(qualname)
}

/// The qualified name of the code a lambda was written in: `f.<locals>.<lambda>`, or
/// `<genexpr>.<lambda>` (CPython adds no `<locals>` after a comprehension's name).
pub(super) fn lambda_outer(qualname: &str) -> Option<&str> {
    qualname.strip_suffix(".<locals>.<lambda>").or_else(|| {
        qualname.strip_suffix(".<lambda>").filter(|outer| {
            ["<genexpr>", "<listcomp>", "<setcomp>", "<dictcomp>"]
                .iter()
                .any(|c| outer.ends_with(c))
        })
    })
}

/// An exception as Python Tutor words it: `Type: message`, the colon kept when the
/// message is empty (heapscope's own text is `Type` alone then, as a traceback's).
pub(super) fn exception_msg(msg: &str) -> String {
    let bare = !msg.is_empty()
        && msg
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
    if bare {
        format!("{msg}: ")
    } else {
        msg.to_owned()
    }
}

/// Python Tutor's signature (`f(a, b, *rest, kw, **more)`: no bare `*` or `/`) and the
/// names of the parameters that have defaults, in the order of the function's defaults
/// (positional ones, then keyword-only ones).
pub(super) fn clean_signature(sig: &str, n_defaults: usize) -> (String, Vec<String>) {
    let Some(open) = sig.find('(') else {
        return (sig.to_owned(), Vec::new());
    };
    let close = sig.rfind(')').unwrap_or(sig.len());
    let name = &sig[..open];
    let tail = sig.get(close + 1..).unwrap_or("");
    let params: Vec<&str> = sig[open + 1..close.max(open + 1)]
        .split(", ")
        .filter(|p| !p.is_empty())
        .collect();
    let mut positional = Vec::new();
    let mut kwonly = Vec::new();
    let mut after_star = false;
    let mut kept = Vec::new();
    for p in params {
        if p == "*" || p == "/" {
            after_star |= p == "*";
            continue;
        }
        kept.push(p);
        if p.starts_with("**") {
            continue;
        }
        if p.starts_with('*') {
            after_star = true;
            continue;
        }
        if after_star {
            kwonly.push(p.to_owned());
        } else {
            positional.push(p.to_owned());
        }
    }
    // Keyword-only parameters with defaults are taken to be the last ones (heapscope does
    // not record which have one); the rest of the defaults belong to the last positional
    // parameters.
    let n_kw = n_defaults.min(kwonly.len());
    let n_pos = (n_defaults - n_kw).min(positional.len());
    let mut names: Vec<String> = positional[positional.len() - n_pos..].to_vec();
    names.extend(kwonly[kwonly.len() - n_kw..].iter().cloned());
    (format!("{name}({}){tail}", kept.join(", ")), names)
}

pub(super) fn event_name(e: Event) -> &'static str {
    match e {
        Event::Line => "step_line",
        Event::Call => "call",
        Event::Return => "return",
        Event::Exception => "exception",
        Event::UncaughtException | Event::Crashed => "uncaught_exception",
        Event::WaitingForInput => "raw_input",
        Event::LimitReached => "instruction_limit_reached",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_read_like_python_tutor() {
        assert_eq!(
            clean_signature("f(x, arr)", 1),
            ("f(x, arr)".into(), vec!["arr".into()])
        );
        assert_eq!(
            clean_signature("my_sorted(iterable, *, reverse, key)", 2),
            (
                "my_sorted(iterable, reverse, key)".into(),
                vec!["reverse".into(), "key".into()]
            )
        );
        assert_eq!(
            clean_signature("baz(*a, k1, k2, **kw)", 1),
            ("baz(*a, k1, k2, **kw)".into(), vec!["k2".into()])
        );
        assert_eq!(
            clean_signature("<lambda>(y) <line 2>", 0),
            ("<lambda>(y) <line 2>".into(), vec![])
        );
    }

    #[test]
    fn short_names_drop_the_qualifiers() {
        assert_eq!(short("foo.<locals>.bar"), "bar");
        assert_eq!(short("Point.__init__"), "__init__");
        assert_eq!(short("<module>"), "<module>");
    }
}

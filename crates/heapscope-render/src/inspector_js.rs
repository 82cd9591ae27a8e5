//! The object inspector's script, one file for the web app and the HTML export.
//!
//! `inspector.js` is an ES module: the web app imports it from `/assets/inspector.js`
//! (heapscope-server serves [`INSPECTOR_JS`] as it is). The export is one offline file, and
//! a module written inline in a page cannot be imported by another; a `data:` or `blob:`
//! URL could, but a notebook's or a site's Content-Security-Policy may refuse those where
//! it allows inline scripts. So the export inlines the same text as a classic script
//! ([`inspector_classic_script`]) that puts its exports on one global, as `chart.js` and
//! `teach.js` do.

/// The inspector module's text: what the web app serves as `/assets/inspector.js`.
pub const INSPECTOR_JS: &str = include_str!("inspector.js");

/// The global the export's classic form of the inspector sets (`player.js` reads it).
const GLOBAL: &str = "heapscopeInspector";

/// [`INSPECTOR_JS`] as a classic script: the module's text in a function scope, with
/// `export function f` read as `function f`, and `var heapscopeInspector` set to an object
/// of those functions. The module keeps every export an `export function` at the start of
/// a line (its header says so); a test checks that no other `export` is left.
pub fn inspector_classic_script() -> String {
    let mut names = Vec::new();
    let mut body = String::with_capacity(INSPECTOR_JS.len() + 128);
    for line in INSPECTOR_JS.lines() {
        match line.strip_prefix("export function ") {
            Some(rest) => {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$')
                    .collect();
                names.push(name);
                body.push_str("function ");
                body.push_str(rest);
            }
            None => body.push_str(line),
        }
        body.push('\n');
    }
    format!(
        "var {GLOBAL} = (function () {{\n\"use strict\";\n{body}return {{ {} }};\n}})();\n",
        names.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_classic_form_exports_every_function_and_keeps_no_module_syntax() {
        let s = inspector_classic_script();
        assert!(
            s.contains("return { el, openPanel, showFacts, markSelected };"),
            "{s}"
        );
        // A line that starts with `export` or `import` would be a syntax error in a
        // classic script: the module must declare its exports as `export function`.
        for line in s.lines() {
            let t = line.trim_start();
            assert!(
                !t.starts_with("export ") && !t.starts_with("import "),
                "module syntax left in the classic script: {line}"
            );
        }
        assert_eq!(
            s.lines().count(),
            INSPECTOR_JS.lines().count() + 4,
            "the same lines, in a function"
        );
    }
}

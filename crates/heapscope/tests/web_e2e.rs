//! The web app in a real browser: `heapscope serve` on a loopback port, Debian's headless
//! `chromium` driven through `chromedriver` (WebDriver, spoken over plain HTTP here, so
//! the test needs no client crate). It types a lecture example into the editor, runs it,
//! steps with the keyboard, checks the picture, the output, a share link, embed mode and a
//! syntax error.
//!
//! Needs `/usr/bin/chromium` and `/usr/bin/chromedriver` (`.ci/run` installs them); without
//! them the test says so and passes, unless `HEAPSCOPE_E2E=1` demands it.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const PROGRAM: &str = include_str!("../../../examples/lecture/06_value_vs_reference.py");

#[path = "common/host.rs"]
mod host;

use host::free_port;
use host::Kill;

/// One HTTP/1.1 request to 127.0.0.1:`port`; returns (status, body).
fn http(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> std::io::Result<(u16, String)> {
    host::request(port, method, path, body).map(|a| (a.status, a.body))
}

/// A WebDriver session.
struct Browser {
    port: u16,
    session: String,
}

impl Browser {
    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let p = format!("/session/{}{path}", self.session);
        let (status, text) =
            http(self.port, method, &p, body.as_ref()).expect("chromedriver answers");
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert!(status == 200, "WebDriver {method} {path}: {status} {text}");
        v["value"].clone()
    }
    fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }
    fn js(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
    }
    fn element(&self, css: &str) -> String {
        let v = self.cmd(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        v.as_object()
            .and_then(|o| o.values().next())
            .and_then(|x| x.as_str())
            .expect("an element id")
            .to_string()
    }
    fn click(&self, css: &str) {
        let e = self.element(css);
        self.cmd("POST", &format!("/element/{e}/click"), Some(json!({})));
    }
    fn type_into(&self, css: &str, text: &str) {
        let e = self.element(css);
        self.cmd(
            "POST",
            &format!("/element/{e}/value"),
            Some(json!({ "text": text })),
        );
    }
    /// Presses and releases one key (a WebDriver key code) as keyboard input.
    fn press(&self, key: &str) {
        let actions = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": [
            { "type": "keyDown", "value": key }, { "type": "keyUp", "value": key }
        ]}]});
        self.cmd("POST", "/actions", Some(actions));
    }
    /// Waits (bounded) until `expr` is true in the page.
    fn wait(&self, expr: &str, what: &str) {
        let start = Instant::now();
        for _ in 0..400 {
            if self.js(&format!("return !!({expr});")) == Value::Bool(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "waited {:?} for {what} ({expr}); page error box: {}",
            start.elapsed(),
            self.js("return (document.getElementById('error') || {}).textContent || document.activeElement.outerHTML.slice(0, 300);")
        );
    }
    fn wait_step(&self, n: u64) {
        self.wait(
            &format!(
                "document.body.dataset.step === '{n}' && document.body.dataset.loading === '0'"
            ),
            &format!("step {n}"),
        );
    }
    /// The uncaught script errors the browser logged since the last call.
    fn script_errors(&self) -> Vec<String> {
        self.cmd("POST", "/se/log", Some(json!({ "type": "browser" })))
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter(|e| e["source"] == "javascript")
            .map(|e| e["message"].as_str().unwrap_or_default().to_owned())
            .collect()
    }
    fn text(&self, expr: &str) -> String {
        self.js(&format!("return String({expr});"))
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = http(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
    }
}

fn start_server(flags: &[&str]) -> (Kill, String) {
    host::serve(if flags.is_empty() {
        &["--workers", "2"][..]
    } else {
        flags
    })
}

fn start_browser(profile: &std::path::Path) -> (Kill, Browser) {
    let port = free_port();
    let driver = Command::new(CHROMEDRIVER)
        .args([format!("--port={port}"), "--allowed-ips=127.0.0.1".into()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Kill(driver);
    let mut ready = false;
    for _ in 0..100 {
        if let Ok((200, body)) = http(port, "GET", "/status", None) {
            if body.contains("\"ready\":true") {
                ready = true;
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(ready, "chromedriver did not get ready on port {port}");
    // The browser's log is kept for `script_errors`.
    let caps = json!({ "capabilities": { "alwaysMatch": {
        "goog:loggingPrefs": { "browser": "SEVERE" },
        "goog:chromeOptions": {
        "binary": CHROMIUM,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--window-size=1280,900", format!("--user-data-dir={}", profile.display())]
    }}}});
    let (status, text) = http(port, "POST", "/session", Some(&caps)).expect("new session");
    assert_eq!(status, 200, "cannot start chromium: {text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    let session = v["value"]["sessionId"]
        .as_str()
        .expect("a session id")
        .to_string();
    (driver, Browser { port, session })
}

/// Keys that type `code` into CodeMirror as a person would: after each Enter the editor
/// auto-indents, so Shift+Home selects that indentation and the line's own text replaces it.
fn keystrokes(code: &str) -> String {
    const ENTER: &str = "\u{E007}";
    const SHIFT: &str = "\u{E008}";
    const HOME: &str = "\u{E011}";
    const RELEASE: &str = "\u{E000}";
    let mut out = String::new();
    for (i, line) in code.trim_end_matches('\n').split('\n').enumerate() {
        if i > 0 {
            out.push_str(ENTER);
            out.push_str(SHIFT);
            out.push_str(HOME);
            out.push_str(RELEASE);
        }
        out.push_str(line);
    }
    out
}

/// The server and a browser session on it; dropped in this order (the session ends before
/// chromedriver, the server last).
struct App {
    browser: Browser,
    _driver: Kill,
    _profile: tempfile::TempDir,
    _server: Kill,
    url: String,
}

/// Starts `heapscope serve` and a headless chromium, or says why not and gives `None`
/// (a failure when `HEAPSCOPE_E2E` is set).
fn start_app() -> Option<App> {
    start_app_with(&[])
}

/// [`start_app`] with the server started with `flags`.
fn start_app_with(flags: &[&str]) -> Option<App> {
    let have =
        std::path::Path::new(CHROMIUM).exists() && std::path::Path::new(CHROMEDRIVER).exists();
    if !have {
        assert!(
            std::env::var("HEAPSCOPE_E2E").is_err(),
            "HEAPSCOPE_E2E is set but chromium or chromedriver is missing"
        );
        eprintln!("web_e2e: skipped: install chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
        return None;
    }
    let (server, url) = start_server(flags);
    let profile = tempfile::tempdir().unwrap();
    let (driver, browser) = start_browser(profile.path());
    Some(App {
        browser,
        _driver: driver,
        _profile: profile,
        _server: server,
        url,
    })
}

#[test]
fn web_app_in_a_real_browser() {
    let Some(app) = start_app() else { return };
    let (b, url) = (&app.browser, app.url.clone());

    b.goto(&url);
    b.wait("document.body.dataset.ready === '1'", "the app to load");

    // Type the lecture example into the editor (select all, then type it line by line).
    b.js("heapscopeEditor.focus(); heapscopeEditor.execCommand('selectAll');");
    b.type_into(".CodeMirror textarea", "\u{E003}");
    b.type_into(".CodeMirror textarea", &keystrokes(PROGRAM));
    let typed = b.text("heapscopeEditor.getValue()");
    assert_eq!(
        typed.trim_end(),
        PROGRAM.trim_end(),
        "the editor holds the typed program"
    );

    b.click("#visualize");
    b.wait_step(1);
    let steps: u64 = b.text("document.body.dataset.steps").parse().unwrap();
    assert_eq!(steps, 15, "06_value_vs_reference has 15 steps");

    // Forward with the keyboard to step 7: append_to_list is returning.
    for _ in 0..6 {
        b.press("\u{E014}"); // ArrowRight
    }
    b.wait_step(7);
    let frames = b.text("[...document.querySelectorAll('#picture g[data-frame]')].map(g => g.textContent).join('|')");
    assert!(
        frames.contains("Global frame") && frames.contains("append_to_list"),
        "frames at step 7: {frames}"
    );
    // Two arrows into the one shared list: the global `items` and the local `lst`.
    let into_list = b.text(
        "(() => { const l = document.querySelector('#picture g.obj.List'); \
         return l ? document.querySelectorAll('#picture g.ref[data-to=\"obj-' + l.dataset.obj + '\"]').length : -1; })()",
    );
    assert_eq!(into_list, "2", "arrows into the shared list at step 7");
    assert_eq!(b.text("document.getElementById('output').textContent"), "");
    // Hovering the list highlights it and both references to it.
    let list = b.element("#picture g.obj.List");
    let hover = json!({ "actions": [{ "type": "pointer", "id": "mouse", "parameters": { "pointerType": "mouse" },
        "actions": [{ "type": "pointerMove", "duration": 0, "x": 0, "y": 0,
                      "origin": { "element-6066-11e4-a52e-4f735466cecf": list } }] }] });
    b.cmd("POST", "/actions", Some(hover));
    b.wait(
        "document.querySelectorAll('#picture g.ref.hl').length === 2",
        "two highlighted references",
    );
    assert_eq!(
        b.text("document.querySelectorAll('#picture g.obj.hl').length"),
        "1"
    );
    b.cmd("DELETE", "/actions", None);
    // The current line is marked in the editor.
    assert_eq!(
        b.text("heapscopeEditor.lineInfo(19).bgClass"),
        "line-cur",
        "line 20 is the current line"
    );
    assert_eq!(
        b.text("heapscopeEditor.lineInfo(25).bgClass"),
        "line-next",
        "line 26 runs next"
    );

    // Back with the keyboard.
    b.press("\u{E012}"); // ArrowLeft
    b.wait_step(6);

    // End: the output, and the last frame.
    b.press("\u{E010}"); // End
    b.wait_step(15);
    assert_eq!(
        b.text("document.getElementById('output').textContent"),
        "10 11 [1, 2, 3, 4]\n"
    );
    b.press("\u{E011}"); // Home
    b.wait_step(1);

    // A breakpoint on line 15 (`number += 1`) and "run to next breakpoint".
    let gutter = b.js("return [...document.querySelectorAll('.CodeMirror-linenumber')].find(e => e.textContent === '15');");
    let gutter = gutter
        .as_object()
        .and_then(|o| o.values().next())
        .and_then(|v| v.as_str())
        .expect("line 15's number");
    b.cmd("POST", &format!("/element/{gutter}/click"), Some(json!({})));
    b.wait(
        "document.querySelectorAll('.bp').length === 1",
        "the breakpoint marker",
    );
    b.click("#tobreak");
    b.wait_step(11);
    assert!(b
        .text("document.querySelector('#picture').textContent")
        .contains("increment"));

    // Clicking a line jumps to the next time it runs: line 20 after step 11 → none, wraps to 6.
    b.js("const c = heapscopeEditor; const r = c.charCoords({line: 19, ch: 6}, 'window'); \
          const t = document.elementFromPoint(r.left + 2, r.top + 2); \
          t.dispatchEvent(new MouseEvent('mousedown', {bubbles: true, clientX: r.left + 2, clientY: r.top + 2}));");
    b.wait_step(6);

    // Share: the link carries the program and the step; following it opens the same view.
    b.press("\u{E014}");
    b.wait_step(7);
    b.click("#share");
    b.wait("document.body.dataset.shareLink", "the share link");
    let link = b.text("document.body.dataset.shareLink");
    assert!(
        link.starts_with(&url) && link.contains("#") && link.contains("step=7"),
        "{link}"
    );
    b.goto("about:blank");
    b.goto(&link);
    b.wait_step(7);
    assert_eq!(
        b.text("heapscopeEditor.getValue()").trim_end(),
        PROGRAM.trim_end()
    );
    let into_list = b.text(
        "(() => { const l = document.querySelector('#picture g.obj.List'); \
         return l ? document.querySelectorAll('#picture g.ref[data-to=\"obj-' + l.dataset.obj + '\"]').length : -1; })()",
    );
    assert_eq!(into_list, "2", "the shared view shows the same picture");

    // Embed mode: the same link with &embed.
    b.goto("about:blank");
    b.goto(&format!("{link}&embed"));
    b.wait_step(7);
    assert_eq!(b.text("document.body.classList.contains('embed')"), "true");

    // input(): answers typed before running, and one more when the program asks.
    b.goto(&url);
    b.wait("document.body.dataset.ready === '1'", "the app to load");
    b.js("heapscopeEditor.setValue('name = input(\"name? \")\\nage = input(\"age? \")\\nprint(\"hi\", name, age)\\n'); document.getElementById('stdin-box').open = true;");
    b.type_into("#stdin", "Ada");
    b.click("#visualize");
    b.wait(
        "document.body.dataset.step && !document.getElementById('ask').hidden",
        "the question for more input",
    );
    b.type_into("#answer", "36\u{E007}");
    b.wait("document.body.dataset.step && document.getElementById('stdin').value === 'Ada\\n36\\n' && document.body.dataset.loading === '0'", "the run with both answers");
    b.press("\u{E010}"); // End
    b.wait(
        "document.getElementById('output').textContent.includes('hi Ada 36')",
        "the output with both answers",
    );

    // A syntax error points at its line and column in the editor.
    b.goto(&url);
    b.wait("document.body.dataset.ready === '1'", "the app to load");
    b.js("heapscopeEditor.setValue('x = 1\\ndef f(:\\n    pass\\n');");
    b.click("#visualize");
    b.wait("document.body.dataset.errorLine", "the syntax error");
    let err = b.text("document.getElementById('error').textContent");
    assert!(
        err.contains("SyntaxError") && err.contains("line 2, column 7"),
        "{err}"
    );
    assert_eq!(b.text("document.body.dataset.errorLine"), "2");
    assert_eq!(
        b.text("document.querySelectorAll('.line-error').length > 0"),
        "true"
    );
    assert_eq!(
        b.text("heapscopeEditor.getCursor().line"),
        "1",
        "the cursor is put on the line"
    );
}

const LIST_VS_GENERATOR: &str = include_str!("../../../examples/lecture/11_list_vs_generator.py");

impl Browser {
    /// Puts `code` in the editor of the loaded app, runs it, waits for its first step and
    /// gives the number of steps.
    fn visualize(&self, code: &str) -> u64 {
        self.wait("document.body.dataset.ready === '1'", "the app to load");
        self.js(&format!(
            "heapscopeEditor.setValue({});",
            serde_json::to_string(code).unwrap()
        ));
        self.click("#visualize");
        self.wait_step(1);
        self.text("document.body.dataset.steps").parse().unwrap()
    }

    /// Exports `code` (saved as `name` in a new folder) with `heapscope export` and opens
    /// the page at step 1; the folder lives as long as the value returned.
    fn open_export(&self, name: &str, code: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), code).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_heapscope"))
            .args(["export", name, "-o", "x.html"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        self.goto(&format!(
            "file://{}#step=1",
            dir.path().join("x.html").display()
        ));
        dir
    }

    /// Presses the mouse at the first point, drags through the others and lets go
    /// (viewport pixels).
    fn press_and_drag(&self, points: &[(i64, i64)]) {
        let mut acts = vec![
            json!({ "type": "pointerMove", "duration": 0, "x": points[0].0, "y": points[0].1, "origin": "viewport" }),
            json!({ "type": "pointerDown", "button": 0 }),
        ];
        for &(x, y) in &points[1..] {
            acts.push(json!({ "type": "pointerMove", "duration": 50, "x": x, "y": y, "origin": "viewport" }));
        }
        acts.push(json!({ "type": "pointerUp", "button": 0 }));
        let actions = json!({ "actions": [{ "type": "pointer", "id": "mouse",
            "parameters": { "pointerType": "mouse" }, "actions": acts }] });
        self.cmd("POST", "/actions", Some(actions));
        self.cmd("DELETE", "/actions", None);
    }

    /// Where step `k` of the chart `css` is on the screen, in viewport pixels (inside its
    /// heap panel), and how many steps one pixel spans there.
    fn chart_point(&self, css: &str, k: u64) -> ((i64, i64), u64) {
        let v = self.js(&format!(
            "const s = document.querySelector('{css}'), m = s.getScreenCTM(); \
             const steps = +s.dataset.steps, x0 = +s.dataset.x0, x1 = +s.dataset.x1; \
             const p = new DOMPoint(x0 + ({k} - 0.5) / steps * (x1 - x0), 60).matrixTransform(m); \
             return [Math.round(p.x), Math.round(p.y), Math.ceil(steps / ((x1 - x0) * m.a))];"
        ));
        let n = |i: usize| v[i].as_i64().expect("a number");
        ((n(0), n(1)), n(2) as u64)
    }

    /// Waits until the app shows a step within `slack` steps of `want`.
    fn wait_step_near(&self, want: u64, slack: u64, what: &str) {
        self.wait(
            &format!("document.body.dataset.loading === '0' && Math.abs(+document.body.dataset.step - {want}) <= {slack}"),
            what,
        );
    }

    /// The cursor's x in the chart `css`, or `None` while it is hidden.
    fn cursor_x(&self, css: &str) -> Option<f64> {
        let v = self.js(&format!(
            "const c = document.querySelector('{css} .hs-cursor'); \
             return c.getAttribute('visibility') === 'hidden' ? null : +c.getAttribute('x1');"
        ));
        v.as_f64()
    }
}

#[test]
fn memory_charts_follow_the_step_and_seek_in_the_app_and_the_export() {
    let Some(app) = start_app() else { return };
    let (b, url) = (&app.browser, app.url.clone());

    // The web app: a list of 1,000 squares, then a generator of them.
    b.goto(&url);
    let steps = b.visualize(LIST_VS_GENERATOR);
    assert!(
        steps > 2000,
        "11_list_vs_generator has thousands of steps: {steps}"
    );
    const APP: &str = "#memory svg.hs-memory";
    b.wait(
        &format!("document.querySelector('{APP}') && !document.getElementById('memory').hidden"),
        "the memory chart",
    );
    assert_eq!(
        b.text(&format!("document.querySelector('{APP}').dataset.steps")),
        steps.to_string()
    );
    let chart_text = b.text(&format!("document.querySelector('{APP}').textContent"));
    assert!(
        chart_text.contains("peak ") && chart_text.contains(" KB at step "),
        "{chart_text}"
    );
    // The peak is the list of squares, at its line (10: `return [i * i for i in range(n)]`).
    assert!(chart_text.contains(", line 10"), "{chart_text}");
    let peak: u64 = b
        .text(&format!("document.querySelector('{APP} .hs-peak text').textContent.match(/at step ([0-9,]+)/)[1].replace(/,/g, '')"))
        .parse()
        .unwrap();

    // The cursor follows the step: at step 1, one step on, and at the end.
    let at1 = b.cursor_x(APP).expect("the cursor is shown at step 1");
    b.press("\u{E014}"); // ArrowRight
    b.wait_step(2);
    let at2 = b.cursor_x(APP).unwrap();
    assert!(
        at2 > at1,
        "one step on, the cursor moves right: {at1} → {at2}"
    );
    b.press("\u{E010}"); // End
    b.wait_step(steps);
    let at_end = b.cursor_x(APP).unwrap();
    let right: f64 = b
        .text(&format!("document.querySelector('{APP}').dataset.x1"))
        .parse()
        .unwrap();
    assert!(
        at_end > at2 && at_end <= right,
        "at the last step the cursor is at the right end: {at_end} of {right}"
    );

    // A click on the peak goes to the peak's step (give or take a pixel's worth of steps).
    let (point, slack) = b.chart_point(APP, peak);
    b.press_and_drag(&[point]);
    b.wait_step_near(peak, slack, "the step clicked on the chart");
    assert!(
        b.cursor_x(APP).unwrap() < at_end,
        "the cursor moved back to the click"
    );
    // A drag from the start to three quarters of the way ends at three quarters.
    let (from, _) = b.chart_point(APP, 1);
    let (to, slack) = b.chart_point(APP, steps * 3 / 4);
    b.press_and_drag(&[from, ((from.0 + to.0) / 2, from.1), to]);
    b.wait_step_near(steps * 3 / 4, slack, "the step dragged to");

    // The HTML export: the same chart under its stepper, driven by the same script.
    let _dir = b.open_export("11_list_vs_generator.py", LIST_VS_GENERATOR);
    const EXPORT: &str = "#mem svg.hs-memory";
    b.wait(
        &format!("document.querySelector('{EXPORT} .hs-cursor') && document.querySelector('{EXPORT} .hs-cursor').getAttribute('visibility') !== 'hidden'"),
        "the export's chart with its cursor",
    );
    let e1 = b.cursor_x(EXPORT).unwrap();
    b.press("\u{E014}"); // ArrowRight
    b.wait("location.hash === '#step=2'", "step 2 in the export");
    assert!(
        b.cursor_x(EXPORT).unwrap() > e1,
        "the export's cursor follows the step"
    );
    let (point, slack) = b.chart_point(EXPORT, peak);
    b.press_and_drag(&[point]);
    b.wait(
        &format!("Math.abs(+location.hash.slice(6) - {peak}) <= {slack}"),
        "the export at the step clicked on its chart",
    );
}

const LEAK_EXAMPLE: &str = include_str!("../../../examples/memory/worked_example_leak.py");

impl Browser {
    /// Saves a screenshot of the page as `name` in the folder `HEAPSCOPE_SCREENSHOTS`
    /// names, when it is set (for the README's pictures); does nothing otherwise.
    fn screenshot_if_asked(&self, name: &str) {
        let Ok(dir) = std::env::var("HEAPSCOPE_SCREENSHOTS") else {
            return;
        };
        let png = self.cmd("GET", "/screenshot", None);
        let bytes = decode_base64(png.as_str().expect("a screenshot"));
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
    }
}

fn decode_base64(text: &str) -> Vec<u8> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for c in text
        .bytes()
        .filter(|c| *c != b'=' && !c.is_ascii_whitespace())
    {
        let v = A.iter().position(|&a| a == c).expect("base64") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[test]
fn leak_report_and_object_inspector_in_the_app() {
    let Some(app) = start_app() else { return };
    let (b, url) = (&app.browser, app.url.clone());
    b.goto(&url);
    let steps = b.visualize(LEAK_EXAMPLE);
    b.press("\u{E010}"); // End
    b.wait_step(steps);

    // The Leaks button: parse()'s dicts made at line 12, each held by the global `results`.
    b.click("#leaks-btn");
    b.wait(
        &format!("document.body.dataset.leaksStep === '{steps}'"),
        "the leak report at the last step",
    );
    let lead = b.text("document.querySelector('#leaks .lead').textContent");
    assert!(
        lead.starts_with("18 objects made inside functions that have returned are still alive"),
        "{lead}"
    );
    const DICTS: &str = "#leaks .group[data-type=\"dict\"][data-line=\"12\"]";
    let title = b.text(&format!(
        "document.querySelector('{DICTS} .title').textContent"
    ));
    assert!(
        title.starts_with("6 × dict made in parse() at line 12: return {\"name\": name"),
        "{title}"
    );
    let paths = b.text(&format!(
        "[...document.querySelectorAll('{DICTS} li .path')].map(p => p.textContent).join('|')"
    ));
    assert!(
        paths.starts_with(": `results` (global) → list #"),
        "the dicts' paths: {paths}"
    );
    assert_eq!(paths.matches('|').count(), 2, "three examples: {paths}");
    b.screenshot_if_asked("web-leak-report.png");

    // An example in the report opens the inspector on that object and marks it.
    let first = b.text(&format!(
        "document.querySelector('{DICTS} button.obj-link').dataset.obj"
    ));
    b.click(&format!("{DICTS} button.obj-link"));
    b.wait(
        &format!("document.body.dataset.inspected === '{first}@{steps}'"),
        "the inspector on the first example",
    );
    assert_eq!(
        b.text("document.querySelector('#inspector h2').textContent"),
        format!("dict #{first}")
    );
    assert_eq!(
        b.text("document.querySelector('#inspector dd.refs').textContent"),
        "1",
        "only the list holds each dict"
    );
    assert!(b
        .text("document.querySelector('#inspector dd.kept').textContent")
        .starts_with("`results` (global) → list #"));
    assert!(b
        .text("document.querySelector('#inspector dd.born').textContent")
        .contains("line 12 in parse()"));

    // "see them made" goes to the step that first shows the oldest dict.
    let made: u64 = b
        .text(&format!(
            "document.querySelector('{DICTS} .title button.goto').dataset.step"
        ))
        .parse()
        .unwrap();
    assert!(made > 1 && made < steps, "{made}");
    b.click(&format!("{DICTS} .title button.goto"));
    b.wait_step(made);
    b.press("\u{E010}"); // End
    b.wait_step(steps);

    // The Leaks button again closes the report.
    b.click("#leaks-btn");
    b.wait(
        "document.getElementById('leaks').hidden",
        "the report closed",
    );

    // A click on an object in the picture: the global list `results`.
    let list = b.text(
        "document.querySelector('#picture g.ref[data-from=\"frame-0\"]') && \
         [...document.querySelectorAll('#picture g.obj.List')].map(g => g.dataset.obj)[0]",
    );
    assert!(list.parse::<u64>().is_ok(), "a list in the picture: {list}");
    b.click(&format!("#picture g[data-obj=\"{list}\"]"));
    b.wait(
        &format!("document.body.dataset.inspected === '{list}@{steps}'"),
        "the inspector on the clicked list",
    );
    assert_eq!(
        b.text(&format!(
            "document.querySelectorAll('#picture g.sel[data-obj=\"{list}\"]').length"
        )),
        "1",
        "the inspected object is marked in the picture"
    );
    let refs = b.text("document.querySelector('#inspector dd.refs').textContent");
    assert!(refs.parse::<u64>().is_ok_and(|n| n >= 1), "refs: {refs}");
    let size = b.text("document.querySelector('#inspector dd.size').textContent");
    assert!(
        size.ends_with(" B") || size.ends_with(" KB"),
        "own size: {size}"
    );
    let deep = b.text("document.querySelector('#inspector dd.deep').textContent");
    assert!(
        deep.contains("KB"),
        "the list keeps six dicts: deep size {deep}"
    );
    assert!(b
        .text("document.querySelector('#inspector dd.kept').textContent")
        .starts_with("`results` (global) → list #"));
    b.screenshot_if_asked("web-object-inspector.png");

    // At a phone's width and in dark mode: the panels fit the screen's width and use the
    // dark theme's colours.
    b.cmd(
        "POST",
        "/window/rect",
        Some(json!({ "width": 390, "height": 844 })),
    );
    b.cmd(
        "POST",
        "/goog/cdp/execute",
        Some(json!({ "cmd": "Emulation.setEmulatedMedia", "params": {
            "features": [{ "name": "prefers-color-scheme", "value": "dark" }] } })),
    );
    b.click("#leaks-btn");
    b.wait(
        &format!("document.body.dataset.leaksStep === '{steps}' && !document.getElementById('leaks').hidden"),
        "the leak report on a phone",
    );
    let fits = b.text(
        "['#leaks', '#inspector'].map(s => { const r = document.querySelector(s).getBoundingClientRect(); \
         return r.width > 0 && r.left >= 0 && r.right <= document.documentElement.clientWidth; }).join()",
    );
    assert_eq!(fits, "true,true", "the panels fit a phone's width");
    let bg = b.text("getComputedStyle(document.getElementById('inspector')).backgroundColor");
    assert_eq!(bg, "rgb(31, 36, 44)", "the dark theme's panel colour");
    b.screenshot_if_asked("phone-dark.png");

    // The HTML export: the same report at the end as a static section, and its examples
    // open the same facts in the export's inspector.
    b.cmd(
        "POST",
        "/window/rect",
        Some(json!({ "width": 1280, "height": 900 })),
    );
    let _dir = b.open_export("leak.py", LEAK_EXAMPLE);
    b.wait(
        "document.querySelector('#pic svg')",
        "the export's first step",
    );
    let title = b.text(&format!(
        "document.querySelector('{DICTS} .title').textContent"
    ));
    assert!(
        title.starts_with("6 × dict made in parse() at line 12: return {\"name\": name"),
        "{title}"
    );
    let path = b.text(&format!(
        "document.querySelector('{DICTS} li .path').textContent"
    ));
    assert!(path.starts_with("`results` (global) → list #"), "{path}");
    let first = b.text(&format!(
        "document.querySelector('{DICTS} a.obj-link').dataset.obj"
    ));
    b.click(&format!("{DICTS} a.obj-link"));
    b.wait(
        &format!("location.hash === '#step={steps}' && !document.getElementById('insp').hidden"),
        "the export's inspector at the last step",
    );
    assert_eq!(
        b.text("document.querySelector('#insp h3').textContent"),
        format!("dict #{first}")
    );
    assert_eq!(
        b.text("document.querySelector('#insp dd.refs').textContent"),
        "1"
    );
    assert_eq!(
        b.text("document.querySelector('#insp dd.kept').textContent"),
        path,
        "the inspector and the report say the same"
    );
    b.screenshot_if_asked("export-leaks.png");
}

// ------------------------------------------- teaching: narration and predict mode (issue 15)

impl Browser {
    /// Presses ArrowRight until the export shows a question or reaches `last`; the step
    /// shown when the question came up.
    fn forward_to_question(&self, last: u64) -> u64 {
        for _ in 0..last {
            if self.js("return !document.getElementById('question').hidden && !!document.querySelector('#question .q-choice');") == Value::Bool(true) {
                break;
            }
            self.press("\u{E014}"); // ArrowRight
        }
        self.text("location.hash.slice(6)").parse().unwrap()
    }
    /// The number key (1-based) of the choice whose text starts with `start`.
    fn choice_key(&self, start: &str) -> String {
        let i: i64 = self
            .text(&format!("[...document.querySelectorAll('#question .q-choice')].findIndex((b) => b.textContent.replace(/^[0-9]+\\. /, '').startsWith({start:?}))"))
            .parse()
            .unwrap();
        assert!(
            i >= 0,
            "no choice starts with {start:?}: {}",
            self.text("document.getElementById('question').textContent")
        );
        (i + 1).to_string()
    }
}

#[test]
fn narration_and_predict_mode_in_the_export() {
    let Some(app) = start_app() else { return };
    let b = &app.browser;
    let _dir = b.open_export("06_value_vs_reference.py", PROGRAM);
    b.wait(
        "document.getElementById('narration').textContent.length > 0",
        "the narration",
    );
    // The narration is a live region: a screen reader reads it as it changes.
    assert_eq!(
        b.text("document.getElementById('narration').getAttribute('aria-live')"),
        "polite"
    );
    assert_eq!(
        b.text("document.getElementById('narration').textContent"),
        "The program starts: the global frame is on the stack, with no variables yet."
    );
    b.press("\u{E014}");
    b.wait("location.hash === '#step=2'", "step 2");
    assert_eq!(
        b.text("document.getElementById('narration').textContent"),
        // `code` is shown as code, without the backticks.
        "def increment(number): made a function object and named it increment."
    );

    // Predict mode, with the keyboard: Tab to the switch, Space to turn it on.
    b.screenshot_if_asked("narration.png");
    b.js("document.getElementById('predict').focus();");
    b.press("\u{E00D}"); // Space
    assert_eq!(b.text("document.getElementById('predict').checked"), "true");
    b.js("document.activeElement.blur();");

    // The first question: the call of append_to_list. It is asked before step 5 shows.
    let at = b.forward_to_question(15);
    assert_eq!(at, 4, "asked while step 4 is still shown");
    let prompt = b.text("document.querySelector('#question .q-prompt').textContent");
    assert_eq!(
        prompt,
        "`append_to_list` is called. Inside it, what will `lst` refer to?".replace('`', "")
    );
    // A wrong answer from a known wrong model: named, with a link to the step that shows it.
    b.screenshot_if_asked("predict-question.png");
    let key = b.choice_key("a copy of the list");
    b.press(&key);
    b.wait(
        "location.hash === '#step=5'",
        "the step revealed after the answer",
    );
    let verdict = b.text("document.getElementById('question').textContent");
    assert!(
        verdict.starts_with("Not quite. It is: the same list as items."),
        "{verdict}"
    );
    assert!(
        verdict.contains("A common wrong model: “Assignment copies a list”."),
        "{verdict}"
    );
    assert_eq!(
        b.text("document.querySelector('#question a').getAttribute('href')"),
        "#step=5"
    );
    assert_eq!(
        b.text("document.getElementById('score').textContent"),
        "Score: 0 of 1"
    );
    // The narration of the revealed step is there at once.
    assert_eq!(
        b.text("document.getElementById('narration').textContent"),
        "Called append_to_list: a new frame on the stack; lst refers to the same list as items (2 references now)."
    );
    b.screenshot_if_asked("predict-wrong.png");

    // Further on: does `number += 1` in the callee change the global `number`? Right answer.
    let mut at = b.forward_to_question(15);
    while !b
        .text("document.querySelector('#question .q-prompt').textContent")
        .contains("What does the global number refer to afterwards?")
    {
        let key = b.text("[...document.querySelectorAll('#question .q-choice')].length");
        assert!(key != "0");
        b.press("1");
        at = b.forward_to_question(15);
    }
    let asked_before: u64 = b
        .text("document.getElementById('score').textContent.match(/of ([0-9]+)/)[1]")
        .parse()
        .unwrap();
    let right_before: u64 = b
        .text("document.getElementById('score').textContent.match(/Score: ([0-9]+)/)[1]")
        .parse()
        .unwrap();
    let key = b.choice_key("int 10, as before");
    b.press(&key);
    b.wait(
        &format!("location.hash === '#step={}'", at + 1),
        "the step revealed",
    );
    assert!(b
        .text("document.getElementById('question').textContent")
        .starts_with("Right: int 10, as before."));
    assert_eq!(
        b.text("document.getElementById('score').textContent"),
        format!("Score: {} of {}", right_before + 1, asked_before + 1)
    );
    // To the end: the final score.
    b.forward_to_question(15);
    for _ in 0..20 {
        if b.text("location.hash") == "#step=15" {
            break;
        }
        if b.js("return !!document.querySelector('#question .q-choice');") == Value::Bool(true) {
            b.press("1");
        } else {
            b.press("\u{E014}");
        }
    }
    b.wait(
        "document.getElementById('score').textContent.startsWith('Final score: ')",
        "the final score",
    );
}

/// A list grown to 1,500 items by `append`: 3,004 steps, each changing the list's box
/// (the layout shows its first and last items, so its last cells shift at every step).
const GROWING_LIST: &str =
    "items = []\nfor i in range(1500):\n    items.append(i * 2)\ndone = len(items)\n";

/// What `heapscope run --step k --explain` says of step `k` of the growing list: the
/// list's label ("list of 999") with its length and last item, `i`'s value, and the
/// narration (as the page shows it: sentences joined by a space, code without backticks).
struct Told {
    list: Option<(String, usize, String)>,
    i: Option<String>,
    said: String,
}

fn growing_list_at(dir: &std::path::Path, k: u64) -> Told {
    let out = Command::new(env!("CARGO_BIN_EXE_heapscope"))
        .args(["run", "grow.py", "--step", &k.to_string(), "--explain"])
        .current_dir(dir)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}");
    let list = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("#1 "))
        .and_then(|l| {
            let (label, items) = l.split_once(" [")?;
            // After the items, a note may follow ("  (changed: 1398)").
            let items: Vec<&str> = items.rsplit_once(']')?.0.split(", ").collect();
            let len = match label.strip_prefix("list of ") {
                Some(n) => n.replace(',', "").parse().ok()?,
                None => items.len(),
            };
            Some((label.to_owned(), len, (*items.last()?).to_owned()))
        });
    let i = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("i = "))
        .map(|v| v.split_whitespace().next().unwrap().to_owned());
    // The explanation: the indented lines under "What happened".
    let said: Vec<String> = text
        .lines()
        .skip_while(|l| *l != "What happened")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.trim().replace('`', ""))
        .collect();
    assert!(!said.is_empty(), "step {k} says what happened: {text}");
    Told {
        list,
        i,
        said: said.join(" "),
    }
}

#[test]
fn a_long_export_shows_early_late_and_last_steps_right() {
    let Some(app) = start_app() else { return };
    let b = &app.browser;
    let dir = b.open_export("grow.py", GROWING_LIST);
    b.wait(
        "document.getElementById('status').textContent.startsWith('Step 1 of')",
        "step 1",
    );
    let steps: u64 = b
        .text("document.getElementById('status').textContent.split(' of ')[1].split(',')[0]")
        .parse()
        .expect("the step count");
    assert_eq!(
        steps, 3004,
        "the whole run is in the page (no bound cut it short)"
    );
    // The texts of the picture shown, one per SVG text element.
    let texts = || -> Vec<String> {
        b.js("return Array.from(document.querySelectorAll('#pic svg text')).map(t => t.textContent);")
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_owned())
            .collect()
    };
    let url = format!("file://{}", dir.path().join("x.html").display());
    let check = |k: u64| {
        b.wait(
            &format!("document.getElementById('status').textContent.startsWith('Step {k} of')"),
            &format!("step {k}"),
        );
        let told = growing_list_at(dir.path(), k);
        let shown = texts();
        // The same step loaded afresh from its link (the page rebuilds it from its nearest
        // keyframe) shows the very same texts as the step reached by stepping.
        b.goto(&format!("{url}#step={k}"));
        b.js("location.reload(); return null;");
        b.wait(
            &format!("document.getElementById('status').textContent.startsWith('Step {k} of')"),
            &format!("step {k} loaded afresh"),
        );
        assert_eq!(texts(), shown, "step {k}: stepped to, and loaded afresh");
        let lists: Vec<&String> = shown.iter().filter(|t| t.starts_with("list")).collect();
        if let Some((label, len, last)) = &told.list {
            assert_eq!(
                lists,
                vec![label],
                "step {k}: the list's label; the page shows {shown:?}"
            );
            assert!(
                shown.contains(last),
                "step {k}: the last item {last}: {shown:?}"
            );
            // The last item's index, above its cell.
            let index = (len - 1).to_string();
            assert!(shown.contains(&index), "step {k}: index {index}: {shown:?}");
        }
        if told.list.is_none() {
            assert!(lists.is_empty(), "step {k}: no list yet: {shown:?}");
        }
        if let Some(i) = &told.i {
            assert!(
                shown.contains(&"i".to_owned()) && shown.contains(i),
                "step {k}: i = {i}: {shown:?}"
            );
        }
        assert_eq!(
            b.text("document.getElementById('narration').textContent"),
            told.said,
            "step {k}"
        );
    };
    // An early step, by stepping forward from the first.
    for _ in 0..4 {
        b.press("\u{E014}");
    }
    check(5);
    // A late step, straight from its link, then one step back from it.
    b.js("location.hash = '#step=2801'; return null;");
    check(2801);
    b.press("\u{E012}");
    check(2800);
    // The last step, with the End key; then the first again with Home.
    b.press("\u{E010}");
    check(3004);
    assert!(
        texts().contains(&"done".to_owned()),
        "the last step shows `done`"
    );
    b.press("\u{E011}");
    check(1);
    assert_eq!(b.script_errors(), Vec::<String>::new());
}

#[test]
fn narration_and_predict_mode_in_the_app() {
    let Some(app) = start_app() else { return };
    let (b, url) = (&app.browser, app.url.clone());
    b.goto(&url);
    let steps = b.visualize(PROGRAM);
    assert_eq!(steps, 15);
    b.wait(
        "document.getElementById('narration').textContent.startsWith('The program starts')",
        "the narration of step 1",
    );
    assert_eq!(
        b.text("document.getElementById('narration').getAttribute('aria-live')"),
        "polite"
    );
    // Predict mode, then forward with the keyboard until the first question.
    b.js("document.getElementById('predict').focus();");
    b.press("\u{E00D}"); // Space
    b.js("document.activeElement.blur();");
    for _ in 0..steps {
        if b.js("return !!document.querySelector('#question .q-choice');") == Value::Bool(true) {
            break;
        }
        b.press("\u{E014}"); // ArrowRight
        std::thread::sleep(Duration::from_millis(150));
    }
    assert_eq!(
        b.text("document.querySelector('#question .q-prompt').textContent"),
        "append_to_list is called. Inside it, what will lst refer to?"
    );
    assert_eq!(
        b.text("document.body.dataset.step"),
        "4",
        "the step stays hidden until answered"
    );
    let key = b.choice_key("a copy of the list");
    b.press(&key);
    b.wait_step(5);
    let verdict = b.text("document.getElementById('question').textContent");
    assert!(
        verdict.contains("A common wrong model: “Assignment copies a list”."),
        "{verdict}"
    );
    assert_eq!(
        b.text("document.getElementById('score').textContent"),
        "Score: 0 of 1"
    );
    b.wait(
        "document.getElementById('narration').textContent.startsWith('Called append_to_list')",
        "the narration of the revealed step",
    );
    b.screenshot_if_asked("app-predict.png");
}

#[test]
fn a_learner_completes_the_lecture_lesson_with_the_keyboard_alone() {
    let Some(app) = start_app() else { return };
    let b = &app.browser;
    let dir = tempfile::tempdir().unwrap();
    let lesson =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons/stack-and-heap.md");
    let out = Command::new(env!("CARGO_BIN_EXE_heapscope"))
        .args(["lesson", lesson.to_str().unwrap(), "-o", "lesson.html"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    b.goto(&format!(
        "file://{}",
        dir.path().join("lesson.html").display()
    ));
    b.wait("document.body.dataset.complete === '0'", "the lesson page");
    let stops: usize = b
        .text("document.querySelectorAll('button.go').length")
        .parse()
        .unwrap();
    let quizzes: usize = b
        .text("document.querySelectorAll('.quiz').length")
        .parse()
        .unwrap();
    assert_eq!((stops, quizzes), (18, 5));
    // Tab through the page (and through each player in it); Enter on every "Go to step"
    // button and on the first answer of every quiz. Nothing but Tab and Enter.
    let mut wrong = 0;
    for _ in 0..3000 {
        if b.text("document.body.dataset.complete") == "1" {
            break;
        }
        b.press("\u{E004}"); // Tab
        let what = b.text(
            "(function () { const e = document.activeElement; if (!e || e.tagName !== 'BUTTON') return ''; \
             if (e.classList.contains('go') && !e.closest('.stop').classList.contains('seen')) return 'go'; \
             if (e.classList.contains('choice') && !e.closest('.quiz').dataset.answered) return 'choice:' + e.dataset.right; \
             return ''; })()",
        );
        if what.is_empty() {
            continue;
        }
        if what == "choice:false" {
            wrong += 1;
        }
        b.press("\u{E007}"); // Enter
        if what == "go" {
            // The player in the frame shows the step and tells the page.
            b.wait(
                "document.activeElement.closest('.stop').classList.contains('here')",
                "the stop's step in its player",
            );
        }
    }
    assert_eq!(
        b.text("document.body.dataset.complete"),
        "1",
        "{}",
        b.text("document.getElementById('progress').textContent")
    );
    assert_eq!(
        b.text("document.getElementById('progress').textContent"),
        format!("Lesson complete: {} of 5 quiz answers right.", 5 - wrong)
    );
    b.js("window.scrollTo(0, document.querySelector('#s1 .stops').getBoundingClientRect().top + window.scrollY - 330);");
    b.screenshot_if_asked("lesson.png");
}

#[test]
fn the_app_opens_the_lecture_lesson_from_its_menu() {
    let Some(app) = start_app() else { return };
    let (b, url) = (&app.browser, app.url.clone());
    b.goto(&url);
    b.wait("document.body.dataset.ready === '1'", "the app to load");
    b.wait(
        "!document.getElementById('lesson-menu').disabled",
        "the lessons menu",
    );
    assert_eq!(
        b.text("[...document.querySelectorAll('#lesson-menu option')].map((o) => o.textContent).join('|')"),
        "Lessons…|The Stack and the Heap"
    );
    b.click("#lesson-menu option[value='stack-and-heap']");
    b.wait(
        "!document.getElementById('lesson').hidden && document.getElementById('lesson-section')",
        "the lesson",
    );
    // Section 2, its program run, its first stop: the step where the list is freed.
    b.js("const s = document.getElementById('lesson-section'); s.value = '1'; s.dispatchEvent(new Event('change'));");
    b.wait(
        "document.querySelector('#lesson h2') && document.getElementById('lesson-run')",
        "section 2",
    );
    b.click("#lesson-run");
    b.wait(
        "document.querySelector('#lesson-stops button.go')",
        "the stops' steps",
    );
    let step: u64 = b
        .text("document.querySelector('#lesson-stops button.go').dataset.step")
        .parse()
        .unwrap();
    b.click("#lesson-stops button.go");
    b.wait_step(step);
    b.wait(
        "document.getElementById('narration').textContent.includes('The list [1, 2, 3] lost its last reference and was freed.')",
        "the narration at the stop",
    );
    let note = b.text("document.querySelector('#lesson-stops .note').textContent");
    assert!(note.contains("persists in memory"), "{note}");
    b.screenshot_if_asked("app-lesson.png");
}

/// One worker, held by an endless program: a student's run waits, the page says where it
/// stands ("waiting: 1st in line, about … s"), and then shows the trace by itself.
#[test]
fn a_waiting_run_shows_its_place_in_line_then_its_trace() {
    let Some(app) = start_app_with(&["--workers", "1", "--timeout", "6"]) else {
        return;
    };
    let (b, url) = (&app.browser, app.url.clone());
    let port: u16 = url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    b.goto(&url);
    b.wait("document.body.dataset.ready === '1'", "the app to load");
    b.js("heapscopeEditor.setValue('queue = [1, 2, 3]\\nfirst = queue.pop(0)\\n');");
    // The page is loaded before the worker is taken, so the wait is there when it asks
    // however slowly the browser started.
    let holder = std::thread::spawn(move || {
        let endless = json!({ "code": "import time\nwhile True:\n    time.sleep(1)\n" });
        http(port, "POST", "/api/run", Some(&endless))
    });
    let mut busy = false;
    for _ in 0..200 {
        if let Ok((200, h)) = http(port, "GET", "/api/health", None) {
            if h.contains("\"busy\":1") {
                busy = true;
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    assert!(busy, "the endless program holds the only worker");

    b.click("#visualize");
    b.wait(
        "/^waiting: 1st in line, about \\d+ s$/.test(document.getElementById('queue').textContent)",
        "the place in line",
    );
    assert!(
        !b.js("return document.getElementById('queue').hidden;")
            .as_bool()
            .unwrap(),
        "the waiting message is shown"
    );
    b.screenshot_if_asked("waiting-in-line");
    let (status, _) = holder.join().unwrap().unwrap();
    assert_eq!(status, 200);
    b.wait_step(1);
    assert!(
        b.js("return document.getElementById('queue').hidden;")
            .as_bool()
            .unwrap(),
        "the message goes once the trace is there"
    );
    let picture = b.text("document.getElementById('picture').innerHTML");
    assert!(
        picture.contains("Step 1 of 3, line 1"),
        "the picture of the run: {picture}"
    );
    b.press("\u{E010}"); // End: the last step shows both variables
    b.wait_step(3);
    let picture = b.text("document.getElementById('picture').innerHTML");
    assert!(
        picture.contains(">queue<") && picture.contains(">first<"),
        "{picture}"
    );
}

/// Python Tutor's own web front-end (`render-trace.html`, MIT, in `../shared`; never
/// copied into the repo), or `HEAPSCOPE_TUTOR_FRONTEND`. `None`, said plainly, when it is
/// absent; under `CI` that is a failure.
fn tutor_frontend() -> Option<std::path::PathBuf> {
    let dir = std::env::var_os("HEAPSCOPE_TUTOR_FRONTEND")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/python-tutor-frontend")
        });
    if dir.join("render-trace.html").is_file() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "Python Tutor's front-end is missing at {} (set HEAPSCOPE_TUTOR_FRONTEND)",
        dir.display()
    );
    eprintln!(
        "tutor front-end: NOT RUN: Python Tutor's front-end is missing at {}",
        dir.display()
    );
    None
}

/// What Python Tutor's front-end draws at the current step: each frame's header and its
/// variables (name, value text), and each top-level object's type label and text.
const TUTOR_PICTURE: &str = r#"
const frames = [...document.querySelectorAll('#globals_area .stackFrame, #stack .stackFrame')]
  .map(f => [f.querySelector('.stackFrameHeader').innerText.trim(),
             [...f.querySelectorAll('tr.variableTr')].map(tr =>
               [tr.querySelector('.stackFrameVar').innerText.replace(/\s+/g, ' ').trim(),
                tr.querySelector('.stackFrameValue').innerText.replace(/\s+/g, ' ').trim()])]);
const objects = [...document.querySelectorAll('#heap .toplevelHeapObject > .heapObject')]
  .map(o => [(o.querySelector('.typeLabel') || {innerText: ''}).innerText.trim(),
             o.innerText.replace(/\s+/g, ' ').trim()]);
return JSON.stringify({frames, objects,
  arrows: document.querySelectorAll('svg._jsPlumb_connector').length,
  errors: window.__tutorErrors || []});
"#;

/// A lecture program's chosen step: found by its line and event, then what a learner
/// must see drawn there.
struct TutorCheck {
    program: &'static str,
    line: u64,
    event: &'static str,
    /// Which match of (line, event), from the last one backwards when negative.
    nth: i64,
    /// Frame headers, bottom (Global frame) to top.
    frames: &'static [&'static str],
    /// (frame header, variable, its drawn text) at that step.
    vars: &'static [(&'static str, &'static str, &'static str)],
    /// (type label, a text the object shows) for objects that must be drawn.
    objects: &'static [(&'static str, &'static str)],
}

const TUTOR_CHECKS: &[TutorCheck] = &[
    TutorCheck {
        program: "05_class_instance",
        line: 11,
        event: "return",
        nth: 0,
        frames: &["Global frame", "__init__"],
        vars: &[
            ("__init__", "name", "\"Bob\""),
            ("__init__", "Return value", "None"),
        ],
        objects: &[("Person instance", "name"), ("Person class", "__init__")],
    },
    TutorCheck {
        program: "06_value_vs_reference",
        line: 16,
        event: "return",
        nth: 0,
        frames: &["Global frame", "increment"],
        vars: &[
            ("Global frame", "number", "10"),
            ("increment", "number", "11"),
            ("increment", "Return value", "11"),
        ],
        objects: &[("list", "1 2 3 4"), ("function", "increment(number)")],
    },
    TutorCheck {
        program: "07_recursion",
        line: 10,
        event: "return",
        nth: 0,
        frames: &[
            "Global frame",
            "countdown",
            "countdown",
            "countdown",
            "countdown",
            "countdown",
            "countdown",
            "countdown",
            "countdown",
            "countdown",
            "countdown",
            "countdown",
        ],
        vars: &[
            ("countdown", "counter", "0"),
            ("countdown", "Return value", "\"done\""),
        ],
        objects: &[("function", "countdown(counter)")],
    },
    TutorCheck {
        program: "12_worked_example",
        line: 23,
        event: "return",
        nth: 0,
        frames: &["Global frame", "process_rows"],
        vars: &[
            ("process_rows", "value", "3"),
            ("process_rows", "Return value", "30"),
        ],
        objects: &[("generator instance", ""), ("list", "3 1 4 1 5 9")],
    },
];

#[test]
fn heapscope_json_in_python_tutors_own_front_end() {
    let Some(frontend) = tutor_frontend() else {
        return;
    };
    let have =
        std::path::Path::new(CHROMIUM).exists() && std::path::Path::new(CHROMEDRIVER).exists();
    if !have {
        assert!(
            std::env::var_os("HEAPSCOPE_E2E").is_none() && std::env::var_os("CI").is_none(),
            "chromium or chromedriver is missing"
        );
        eprintln!("tutor front-end: NOT RUN: install chromium and chromium-driver");
        return;
    }
    // The page and its bundle are linked, not copied, into a folder that also holds
    // heapscope's JSON for each lecture program; a plain static server serves it.
    let site = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        frontend.join("render-trace.html"),
        site.path().join("r.html"),
    )
    .unwrap();
    std::os::unix::fs::symlink(frontend.join("build"), site.path().join("build")).unwrap();
    let lecture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/lecture");
    let mut programs: Vec<_> = std::fs::read_dir(&lecture)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    programs.sort();
    let mut traces = std::collections::BTreeMap::new();
    for p in &programs {
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        let out = site.path().join(format!("{name}.json"));
        // The recursion-limit programs run to tens of thousands of steps: the first
        // 400 are drawn.
        let run = Command::new(env!("CARGO_BIN_EXE_heapscope"))
            .args([
                "trace",
                p.to_str().unwrap(),
                "--format",
                "opt",
                "--max-steps",
                "400",
            ])
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let json: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        traces.insert(name, json);
    }
    let port = free_port();
    let _server = Kill(
        Command::new("python3")
            .args([
                "-m",
                "http.server",
                "--bind",
                "127.0.0.1",
                &port.to_string(),
            ])
            .current_dir(site.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m http.server starts"),
    );
    let up = (0..100).any(|_| {
        let ok = matches!(http(port, "GET", "/r.html", None), Ok((200, _)));
        if !ok {
            std::thread::sleep(Duration::from_millis(100));
        }
        ok
    });
    assert!(up, "the static server did not answer on port {port}");
    let profile = tempfile::tempdir().unwrap();
    let (_driver, b) = start_browser(profile.path());
    let page = |name: &str, step: usize| {
        format!(
            // A query of its own per page: a change of hash alone would not reload it.
            "http://127.0.0.1:{port}/r.html?{name}-{step}#traceFile={name}.json&options=%7B%22startingInstruction%22%3A{step}%7D"
        )
    };
    let picture = |b: &Browser| -> Value {
        serde_json::from_str(b.js(TUTOR_PICTURE).as_str().unwrap()).unwrap()
    };
    let mut drawn_steps = 0;
    for (name, trace) in &traces {
        let steps = trace["trace"].as_array().unwrap().len();
        // Every step, drawn in turn by the front-end's own Next button, with no script
        // error on the way.
        b.goto(&page(name, 0));
        b.wait(
            "document.getElementById('jmpStepFwd')",
            &format!("{name} drawn"),
        );
        b.js("window.__tutorErrors = []; window.addEventListener('error', e => window.__tutorErrors.push(String(e.message)));");
        let shown = b.js(&format!(
            "const next = document.getElementById('jmpStepFwd');
             for (let i = 1; i < {steps}; i++) next.click();
             return [next.disabled, document.getElementById('curInstr').textContent];"
        ));
        let pic = picture(&b);
        assert_eq!(
            pic["errors"],
            json!([]),
            "{name}: script errors while stepping"
        );
        assert_eq!(
            b.script_errors(),
            Vec::<String>::new(),
            "{name}: script errors the browser logged"
        );
        assert_eq!(
            shown[0],
            json!(true),
            "{name}: the stepper reached the end of {steps} steps: {shown}"
        );
        assert!(
            pic["frames"][0][0] == "Global frame",
            "{name}: the Global frame is drawn at the last step: {pic}"
        );
        drawn_steps += steps;
    }
    // Chosen steps: what a learner sees there.
    for c in TUTOR_CHECKS {
        let trace = traces[c.program]["trace"].as_array().unwrap();
        let at: Vec<usize> = trace
            .iter()
            .enumerate()
            .filter(|(_, s)| s["line"] == c.line && s["event"] == c.event)
            .map(|(i, _)| i)
            .collect();
        let i = if c.nth >= 0 {
            at.get(c.nth as usize)
        } else {
            at.iter().rev().nth((-c.nth - 1) as usize)
        };
        let &i = i.unwrap_or_else(|| panic!("{}: no {} at line {}", c.program, c.event, c.line));
        b.goto(&page(c.program, i));
        b.wait(
            "document.querySelector('#globals_area .stackFrame')",
            "the frames",
        );
        let pic = picture(&b);
        let what = format!("{} step {} (line {} {})", c.program, i + 1, c.line, c.event);
        let headers: Vec<&str> = pic["frames"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f[0].as_str().unwrap())
            .collect();
        assert_eq!(headers, c.frames, "{what}: frames drawn");
        for (frame, var, text) in c.vars {
            // The topmost frame of that name (the one running).
            let f = pic["frames"]
                .as_array()
                .unwrap()
                .iter()
                .rev()
                .find(|f| f[0] == *frame)
                .unwrap();
            let got = f[1]
                .as_array()
                .unwrap()
                .iter()
                .find(|v| v[0] == *var)
                .map(|v| v[1].as_str().unwrap().to_owned());
            assert_eq!(
                got.as_deref(),
                Some(*text),
                "{what}: `{var}` in {frame}: {pic}"
            );
        }
        for (label, text) in c.objects {
            assert!(
                pic["objects"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|o| o[0] == *label && o[1].as_str().unwrap().contains(text)),
                "{what}: a `{label}` object showing {text:?}: {pic}"
            );
        }
        assert_eq!(pic["errors"], json!([]), "{what}: script errors");
        assert_eq!(
            b.script_errors(),
            Vec::<String>::new(),
            "{what}: script errors"
        );
    }
    eprintln!(
        "tutor front-end: {} lecture programs, {drawn_steps} steps drawn, {} chosen steps checked",
        traces.len(),
        TUTOR_CHECKS.len()
    );
}

/// A library class is drawn as one box ("Counter from collections"); opened in the
/// inspector, it says where it comes from and lists what the class defines, which the
/// picture leaves out. The same in the export.
#[test]
fn imported_class_insides_in_the_inspector() {
    const PROGRAM: &str = "from collections import Counter\ncounts = Counter(\"abca\")\nprint(counts.most_common(1))\n";
    let Some(app) = start_app() else { return };
    let (b, url) = (&app.browser, app.url.clone());
    b.goto(&url);
    let steps = b.visualize(PROGRAM);
    b.press("\u{E010}"); // End
    b.wait_step(steps);
    const FIND: &str = "[...document.querySelectorAll('#picture g.obj')].filter(g => g.textContent.includes('Counter from collections')).map(g => g.dataset.obj)";
    let boxes = b.text(&format!("{FIND}.join(',')"));
    assert!(
        boxes.parse::<u64>().is_ok(),
        "one box for the class Counter: {boxes:?}"
    );
    b.click(&format!("#picture g[data-obj=\"{boxes}\"]"));
    b.wait(
        &format!("document.body.dataset.inspected === '{boxes}@{steps}'"),
        "the inspector on the class",
    );
    let shown = b.text("document.getElementById('inspector').innerText");
    let module = b.text("(document.querySelector('#inspector dd.module') || {}).textContent");
    assert_eq!(module, "module collections", "the inspector shows: {shown}");
    let members = b.text(
        "[...document.querySelectorAll('#inspector dd.members li')].map(li => li.textContent).join('|')",
    );
    // Counter's own methods, as collections defines them; a classmethod marked as one.
    for m in [
        "__init__ method",
        "most_common method",
        "elements method",
        "fromkeys classmethod",
    ] {
        assert!(
            members.split('|').any(|x| x == m),
            "{m:?} among Counter's members: {members}"
        );
    }
    assert!(
        !members.contains("__repr__"),
        "dunders other than __init__ are left out: {members}"
    );
    // The picture itself still draws one box, not Counter's methods.
    assert_eq!(
        b.text("[...document.querySelectorAll('#picture g.obj.Function')].length"),
        "0",
        "no function boxes for Counter's methods"
    );

    // The export's inspector, on the same box at the last step.
    let _dir = b.open_export("prog.py", PROGRAM);
    b.wait(
        "document.getElementById('slider').max > 1",
        "the export's steps",
    );
    b.js("location.hash = '#step=' + document.getElementById('slider').max;");
    b.wait(
        "document.getElementById('slider').value === document.getElementById('slider').max",
        "the export's last step",
    );
    let boxes = b.text(&format!("{}.join(',')", FIND.replace("#picture", "#pic")));
    b.click(&format!("#pic g[data-obj=\"{boxes}\"]"));
    b.wait(
        "!document.getElementById('insp').hidden",
        "the export's inspector",
    );
    let members = b.text(
        "[...document.querySelectorAll('#insp dd.members li')].map(li => li.textContent).join('|')",
    );
    assert!(
        members.split('|').any(|x| x == "most_common method"),
        "the export lists Counter's members: {members}"
    );
    assert_eq!(
        b.text("document.querySelector('#insp dd.module').textContent"),
        "module collections"
    );
}

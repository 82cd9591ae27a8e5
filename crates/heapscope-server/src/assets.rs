//! The front-end, embedded: the binary serves the app with no files beside it. The app's
//! own files are in this crate's `web/` (so the crate packages on its own); the scripts the
//! HTML export shares with it come from `heapscope-render`, the same bytes the export inlines.

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

/// One of the app's own files: its path under `web/`, its MIME type, its bytes.
macro_rules! web {
    ($path:literal, $mime:expr) => {
        (
            $path,
            $mime,
            include_bytes!(concat!("../web/", $path)) as &[u8],
        )
    };
}

const FILES: &[(&str, &str, &[u8])] = &[
    web!("index.html", "text/html; charset=utf-8"),
    web!("app.css", CSS),
    // The app's ES modules (app.js imports the rest).
    web!("app.js", JS),
    web!("api.js", JS),
    web!("ui.js", JS),
    web!("editor.js", JS),
    web!("stepper.js", JS),
    web!("queue.js", JS),
    web!("picture.js", JS),
    web!("memory.js", JS),
    web!("panels.js", JS),
    web!("share.js", JS),
    web!("app-teach.js", JS),
    web!("app-lesson.js", JS),
    // The object inspector's panel: the module the HTML export inlines.
    (
        "inspector.js",
        JS,
        heapscope_render::INSPECTOR_JS.as_bytes(),
    ),
    // The memory chart's cursor and seeking: the same script the HTML export inlines.
    ("chart.js", JS, heapscope_render::CHART_JS.as_bytes()),
    // Narration and predict mode: the same script the HTML export inlines.
    ("teach.js", JS, heapscope_render::TEACH_JS.as_bytes()),
    web!("vendor/codemirror/codemirror.js", JS),
    web!("vendor/codemirror/codemirror.css", CSS),
    web!("vendor/codemirror/python.js", JS),
    web!("vendor/codemirror/LICENSE", "text/plain; charset=utf-8"),
];

/// The MIME type and bytes of an embedded file, by its path under `/assets/`.
pub fn get(path: &str) -> Option<(&'static str, &'static [u8])> {
    FILES
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|(_, m, b)| (*m, *b))
}

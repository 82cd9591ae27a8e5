//! The front-end, embedded: the binary serves the app with no files beside it.

const FILES: &[(&str, &str, &[u8])] = &[
    (
        "index.html",
        "text/html; charset=utf-8",
        include_bytes!("../../../web/index.html"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../web/app.js"),
    ),
    // The memory chart's cursor and seeking: the same script the HTML export inlines.
    (
        "chart.js",
        "text/javascript; charset=utf-8",
        heapscope_render::CHART_JS.as_bytes(),
    ),
    // Narration and predict mode: the same script the HTML export inlines.
    (
        "teach.js",
        "text/javascript; charset=utf-8",
        heapscope_render::TEACH_JS.as_bytes(),
    ),
    (
        "app-teach.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../web/app-teach.js"),
    ),
    (
        "app-lesson.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../web/app-lesson.js"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../../../web/app.css"),
    ),
    (
        "vendor/codemirror/codemirror.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../web/vendor/codemirror/codemirror.js"),
    ),
    (
        "vendor/codemirror/codemirror.css",
        "text/css; charset=utf-8",
        include_bytes!("../../../web/vendor/codemirror/codemirror.css"),
    ),
    (
        "vendor/codemirror/python.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../web/vendor/codemirror/python.js"),
    ),
    (
        "vendor/codemirror/LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../../../web/vendor/codemirror/LICENSE"),
    ),
];

/// The MIME type and bytes of an embedded file, by its path under `web/`.
pub fn get(path: &str) -> Option<(&'static str, &'static [u8])> {
    FILES
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|(_, m, b)| (*m, *b))
}

//! The JSON API through the router (no socket): bad input gets a 400 with a sentence,
//! runs go to worker processes, identical runs come from the cache, a busy pool queues
//! runs fairly and answers 503 only when its line is full, any instance answers a trace
//! request that carries its program, and an endless program costs one worker run, not the
//! server.
//!
//! Runs need the heapscope binary as the worker (`cargo build -p heapscope`); without it
//! those tests say so and pass.

use std::path::PathBuf;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode};
use heapscope_server::{router, AppState, ServerConfig};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

/// target/debug/heapscope, beside this test's own folder (target/debug/deps/).
fn worker() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let p = exe.parent()?.parent()?.join("heapscope");
    p.exists().then_some(p)
}

fn state(workers: usize, timeout: f64) -> AppState {
    AppState::new(ServerConfig {
        workers,
        timeout_secs: timeout,
        worker: heapscope_runner::WorkerCommand::Embedded {
            exe: worker().unwrap_or_else(|| PathBuf::from("heapscope")),
        },
        ..Default::default()
    })
}

async fn call(s: &AppState, method: &str, uri: &str, body: &str) -> (StatusCode, String, String) {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header("host", "127.0.0.1:8000")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let resp = router(s.clone()).oneshot(req).await.unwrap();
    let status = resp.status();
    let ctype = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, ctype, String::from_utf8_lossy(&bytes).to_string())
}

fn json_of(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

#[tokio::test]
async fn bad_requests_get_a_clear_400() {
    let s = state(1, 5.0);
    for body in [
        "{bad",
        "[]",
        r#"{"stdin": "x"}"#,
        r#"{"code": "x=1", "colour": "red"}"#,
        r#"{"code": 3}"#,
    ] {
        let (st, _, b) = call(&s, "POST", "/api/run", body).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{body}: {b}");
        let v = json_of(&b);
        assert!(
            v["error"]
                .as_str()
                .unwrap()
                .contains("the body must be JSON like"),
            "{b}"
        );
    }
    let (st, _, b) = call(&s, "GET", "/api/trace/abc/step/x", "").await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{b}");
    assert!(b.contains("the step must be a number"), "{b}");
    let (st, _, b) = call(&s, "GET", "/api/trace/abc/step/1?pointers=curly", "").await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{b}");
    assert!(b.contains("bad value \\\"curly\\\" for pointers"), "{b}");
    let (st, _, b) = call(&s, "GET", "/api/trace/abc", "").await;
    assert_eq!(st, StatusCode::NOT_FOUND, "{b}");
    assert!(b.contains("run the program again"), "{b}");
    let big = json!({ "code": "x = 1\n".repeat(20_000) }).to_string();
    let (st, _, b) = call(&s, "POST", "/api/run", &big).await;
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE, "{b}");
    // Not JSON by its content type (a cross-site form could send that without preflight).
    let req = Request::builder()
        .method("POST")
        .uri("/api/run")
        .header("host", "localhost:8000")
        .header("content-type", "text/plain")
        .body(Body::from(r#"{"code": "print(1)"}"#))
        .unwrap();
    let resp = router(s.clone()).oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    // A page that rebinds its own name to 127.0.0.1 sends that name as Host.
    for (host, ok) in [
        ("evil.example:8000", false),
        ("127.0.0.1:8000", true),
        ("localhost", true),
    ] {
        let req = Request::builder()
            .uri("/api/health")
            .header("host", host)
            .body(Body::empty())
            .unwrap();
        let resp = router(s.clone()).oneshot(req).await.unwrap();
        assert_eq!(resp.status().is_success(), ok, "Host: {host}");
    }
    // No Host, or one that is not text, is not a loopback name either.
    for host in [
        None,
        Some(HeaderValue::from_bytes(b"127.0.0.1\xff").unwrap()),
    ] {
        let mut req = Request::builder()
            .uri("/api/health")
            .body(Body::empty())
            .unwrap();
        if let Some(h) = host.clone() {
            req.headers_mut().insert("host", h);
        }
        let resp = router(s.clone()).oneshot(req).await.unwrap();
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "Host: {host:?}");
    }
    // A body over axum's own limit (2 MB) gets the API's JSON error.
    let huge = json!({ "code": "x = 1\n".repeat(600_000) }).to_string();
    let (st, ctype, b) = call(&s, "POST", "/api/run", &huge).await;
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE, "{b}");
    assert!(ctype.starts_with("application/json"), "{ctype}: {b}");
    assert_eq!(json_of(&b)["status"], 413, "{b}");
    let (st, _, _) = call(&s, "GET", "/nowhere", "").await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn serves_the_embedded_front_end() {
    let s = state(1, 5.0);
    let (st, ct, b) = call(&s, "GET", "/", "").await;
    assert_eq!(st, StatusCode::OK);
    assert!(ct.starts_with("text/html"), "{ct}");
    assert!(b.contains("/assets/vendor/codemirror/codemirror.js") && b.contains("/assets/app.js"));
    assert!(
        b.contains("/assets/chart.js"),
        "the page loads the chart's script"
    );
    for (path, kind) in [
        ("/assets/app.js", "text/javascript"),
        ("/assets/app.css", "text/css"),
        ("/assets/chart.js", "text/javascript"),
        ("/assets/vendor/codemirror/codemirror.js", "text/javascript"),
        ("/assets/vendor/codemirror/python.js", "text/javascript"),
        ("/assets/vendor/codemirror/codemirror.css", "text/css"),
    ] {
        let (st, ct, b) = call(&s, "GET", path, "").await;
        assert_eq!(st, StatusCode::OK, "{path}");
        assert!(ct.starts_with(kind) && !b.is_empty(), "{path}: {ct}");
    }
    let (st, _, b) = call(&s, "GET", "/api/health", "").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(
        json_of(&b)["sandbox"],
        "strict",
        "the server's default sandbox: {b}"
    );
}

/// The app is native ES modules: a module the page imports but the server does not embed
/// would break the whole page. Walks the imports from `app.js` through the served files.
#[tokio::test]
async fn every_module_the_app_imports_is_served() {
    let s = state(1, 5.0);
    let (_, _, page) = call(&s, "GET", "/", "").await;
    assert!(
        page.contains(r#"<script type="module" src="/assets/app.js">"#),
        "{page}"
    );
    let mut todo = vec!["app.js".to_string()];
    let mut seen = std::collections::BTreeSet::new();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let (st, ct, text) = call(&s, "GET", &format!("/assets/{name}"), "").await;
        assert_eq!(st, StatusCode::OK, "/assets/{name}, imported by the app");
        assert!(ct.starts_with("text/javascript"), "{name}: {ct}");
        for line in text.lines().filter(|l| l.starts_with("import ")) {
            let from = line
                .rsplit_once("\"./")
                .and_then(|(_, rest)| rest.split_once('"'))
                .map(|(path, _)| path.to_string())
                .unwrap_or_else(|| panic!("{name}: an import not of \"./…\": {line}"));
            todo.push(from);
        }
    }
    for m in [
        "api.js",
        "stepper.js",
        "panels.js",
        "inspector.js",
        "share.js",
    ] {
        assert!(seen.contains(m), "app.js reaches {m}: {seen:?}");
    }
    // The inspector is the same bytes the HTML export inlines.
    let (_, _, insp) = call(&s, "GET", "/assets/inspector.js", "").await;
    assert_eq!(insp, heapscope_render::INSPECTOR_JS);
}

#[test]
fn vendored_codemirror_matches_its_recorded_sums() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("web/vendor/codemirror");
    let out = std::process::Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(&dir)
        .output()
        .expect("sha256sum runs");
    assert!(
        out.status.success(),
        "web/vendor/codemirror differs from SHA256SUMS (crates/heapscope-server/web/vendor/check.sh compares with the npm tarball):\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let version = std::fs::read_to_string(dir.join("VERSION")).unwrap();
    assert!(version.starts_with("codemirror 5."), "{version}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_step_and_cache() {
    if !worker_or_skip("run_step_and_cache") {
        return;
    }
    let s = state(2, 10.0);
    let body = json!({ "code": "a = [1, 2]\nb = a\nprint(len(b))\n" }).to_string();
    let (st, _, out) = call(&s, "POST", "/api/run", &body).await;
    assert_eq!(st, StatusCode::OK, "{out}");
    let run = json_of(&out);
    assert_eq!(run["outcome"]["kind"], "finished", "{out}");
    assert_eq!(run["cached"], false);
    assert_eq!(run["sandbox"], "strict");
    let steps = run["steps"].as_u64().unwrap();
    assert_eq!(run["lines"].as_array().unwrap().len() as u64, steps);
    let id = run["id"].as_str().unwrap();

    let (_, _, again) = call(&s, "POST", "/api/run", &body).await;
    let again = json_of(&again);
    assert_eq!(
        again["cached"], true,
        "an identical run comes from the cache"
    );
    assert_eq!(again["id"], run["id"]);

    let (st, _, step) = call(&s, "GET", &format!("/api/trace/{id}/step/{steps}"), "").await;
    assert_eq!(st, StatusCode::OK, "{step}");
    let v = json_of(&step);
    assert_eq!(v["output"], "2\n");
    let svg = v["svg"].as_str().unwrap();
    assert!(
        svg.contains("data-obj=") && svg.contains("data-to=\"obj-"),
        "{svg}"
    );
    assert_eq!(
        svg.matches("class=\"ref\"").count(),
        2,
        "a and b: two arrows into the list"
    );

    let (_, _, text) = call(
        &s,
        "GET",
        &format!("/api/trace/{id}/step/{steps}?pointers=text&heap=1"),
        "",
    )
    .await;
    let text = json_of(&text);
    assert!(
        !text["svg"].as_str().unwrap().contains("class=\"ref\""),
        "text pointers draw no arrows"
    );

    // Reference counts and sizes on request (a and b: two references to the list).
    assert!(!svg.contains("refs 2"));
    let (st, _, counted) = call(
        &s,
        "GET",
        &format!("/api/trace/{id}/step/{steps}?refs=1&sizes=1"),
        "",
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{counted}");
    let counted = json_of(&counted);
    let counted = counted["svg"].as_str().unwrap();
    assert!(
        counted.contains(">list · refs 2</text>") && counted.contains(r#"class="size""#),
        "{counted}"
    );
    let (st, _, bad) = call(&s, "GET", &format!("/api/trace/{id}/step/1?refs=yes"), "").await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{bad}");

    let (st, ct, svg) = call(
        &s,
        "GET",
        &format!("/api/trace/{id}/step/1/svg?theme=dark"),
        "",
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(ct, "image/svg+xml");
    assert!(svg.starts_with("<svg"));

    // Memory over the run: the columns, the peak, and the chart with its cursor.
    let (st, _, mem) = call(
        &s,
        "GET",
        &format!("/api/trace/{id}/memory?theme=dark&width=360"),
        "",
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{mem}");
    let m = json_of(&mem);
    assert_eq!(m["steps"].as_u64(), Some(steps));
    assert_eq!(
        m["heap"].as_array().unwrap().len() as u64,
        steps,
        "a column per step"
    );
    let peak_step = m["peak"]["step"].as_u64().unwrap();
    assert!((1..=steps).contains(&peak_step), "{mem}");
    assert!(
        m["peak_text"].as_str().unwrap().starts_with("peak "),
        "{mem}"
    );
    let chart = m["svg"].as_str().unwrap();
    assert!(
        chart.contains(r#"width="360""#) && chart.contains(r#"class="hs-cursor""#),
        "{chart}"
    );
    assert!(chart.contains(&format!(r#"data-steps="{steps}""#)));
    let (st, ct, svg) = call(&s, "GET", &format!("/api/trace/{id}/memory/svg"), "").await;
    assert_eq!((st, ct.as_str()), (StatusCode::OK, "image/svg+xml"));
    assert!(svg.contains(r#"width="720""#), "the default width");
    let (st, _, b) = call(&s, "GET", &format!("/api/trace/{id}/memory?width=5"), "").await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{b}");
    assert!(b.contains("width"), "{b}");
    let (st, _, _) = call(&s, "GET", "/api/trace/0123/memory", "").await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    let (st, _, b) = call(
        &s,
        "GET",
        &format!("/api/trace/{id}/step/{}", steps + 1),
        "",
    )
    .await;
    assert_eq!(st, StatusCode::NOT_FOUND, "{b}");

    let bad = json!({ "code": "def f(:\n    pass\n" }).to_string();
    let (_, _, b) = call(&s, "POST", "/api/run", &bad).await;
    let b = json_of(&b);
    assert_eq!(b["outcome"]["kind"], "syntax_error");
    assert_eq!(b["outcome"]["line"], 1);
    assert_eq!(b["outcome"]["column"], 7);
}

/// Sends a request with extra headers; gives the status, the headers and the body.
async fn call_with(
    s: &AppState,
    method: &str,
    uri: &str,
    body: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header("host", "127.0.0.1:8000")
        .header("content-type", "application/json");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = router(s.clone())
        .oneshot(req.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let h = resp.headers().clone();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, h, String::from_utf8_lossy(&bytes).to_string())
}

/// Waits (bounded) until `what` holds.
async fn until(what: &str, mut f: impl FnMut() -> bool) {
    for _ in 0..500 {
        if f() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("never: {what}");
}

/// One worker, a line of one: a second run waits (its place streamed), a third client is
/// refused with 503 and Retry-After, the waiting client's newer run takes its place (the
/// older answered 409), and the endless program that held the worker costs one run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runs_wait_in_a_bounded_fair_line_and_an_endless_program_costs_one_run() {
    if !worker_or_skip("runs_wait_in_a_bounded_fair_line") {
        return;
    }
    let s = AppState::new(ServerConfig {
        workers: 1,
        max_queue: 1,
        max_wait_secs: 60.0,
        timeout_secs: 3.0,
        worker: heapscope_runner::WorkerCommand::Embedded {
            exe: worker().unwrap(),
        },
        ..Default::default()
    });
    let post = |code: &str, client: &'static str, stream: bool| {
        let s = s.clone();
        let body = json!({ "code": code }).to_string();
        tokio::spawn(async move {
            let mut h = vec![("x-heapscope-client", client)];
            if stream {
                h.push(("accept", "application/x-ndjson"));
            }
            call_with(&s, "POST", "/api/run", &body, &h).await
        })
    };
    let endless = post(
        "import time\nwhile True:\n    time.sleep(1)\n",
        "client-aaaaaaaa",
        false,
    );
    until("the endless program holds the only worker", || {
        s.runs().busy() == 1
    })
    .await;
    let older = post("print('older')", "client-bbbbbbbb", true);
    until("b waits", || s.runs().queue().waiting() == 1).await;

    // The line is full: another client is refused, with when to come back.
    let (st, h, b) = call_with(
        &s,
        "POST",
        "/api/run",
        &json!({ "code": "print('c')" }).to_string(),
        &[("x-heapscope-client", "client-cccccccc")],
    )
    .await;
    assert_eq!(st, StatusCode::SERVICE_UNAVAILABLE, "{b}");
    let v = json_of(&b);
    assert!(
        v["error"].as_str().unwrap().contains("the line is full"),
        "{b}"
    );
    let retry: u64 = h["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry >= 1, "{h:?}");
    assert_eq!(v["retry_after"].as_u64(), Some(retry), "{b}");

    // The same client again: its newer run takes the place; the older is answered 409.
    let newer = post("print('newer')", "client-bbbbbbbb", true);
    let (st, _, b) = older.await.unwrap();
    assert_eq!(
        st,
        StatusCode::OK,
        "the older run had started streaming: {b}"
    );
    let lines: Vec<Value> = b.lines().map(json_of).collect();
    assert_eq!(lines[0]["queued"]["position"], 1, "{b}");
    assert_eq!(lines.last().unwrap()["status"], 409, "{b}");
    assert!(b.contains("replaced by a newer run"), "{b}");
    assert_eq!(s.runs().queue().waiting(), 1, "still one place for b");

    let (st, _, b) = endless.await.unwrap();
    assert_eq!(st, StatusCode::OK, "{}", &b[..b.len().min(300)]);
    assert_eq!(json_of(&b)["outcome"]["kind"], "time_limit");
    let (st, h, b) = newer.await.unwrap();
    assert_eq!(st, StatusCode::OK, "{b}");
    assert_eq!(h["content-type"], "application/x-ndjson");
    let lines: Vec<Value> = b.lines().map(json_of).collect();
    assert_eq!(lines[0]["queued"]["position"], 1, "{b}");
    assert!(
        lines.iter().any(|l| l["queued"]["position"] == 0),
        "says when it runs: {b}"
    );
    let result = &lines.last().unwrap()["result"];
    assert_eq!(result["outcome"]["kind"], "finished", "{b}");
    assert_eq!(result["code"], "print('newer')");

    // A plain run now finds the worker free; the metrics counted all of it.
    let (st, _, b) = call(
        &s,
        "POST",
        "/api/run",
        &json!({ "code": "print(1)" }).to_string(),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{b}");
    let (st, _, m) = call(&s, "GET", "/metrics", "").await;
    assert_eq!(st, StatusCode::OK);
    for line in [
        "heapscope_runs_total{outcome=\"time_limit\"} 1",
        "heapscope_runs_total{outcome=\"finished\"} 2",
        "heapscope_limits_hit_total{limit=\"time_limit\"} 1",
        "heapscope_requests_refused_total{reason=\"queue_full\"} 1",
        "heapscope_requests_refused_total{reason=\"replaced\"} 1",
        "heapscope_queue_wait_seconds_count 3",
        "heapscope_queue_depth 0",
    ] {
        assert!(m.lines().any(|l| l == line), "no {line:?} in:\n{m}");
    }
}

/// A trace this instance never recorded: `GET` is 404, and the same request carrying the
/// program (what the page sends then) records it again and answers; a program that is not
/// the trace's is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trace_request_carrying_its_program_is_answered_by_any_instance() {
    if !worker_or_skip("a_trace_request_carrying_its_program") {
        return;
    }
    let (a, b) = (state(1, 10.0), state(1, 10.0));
    let prog = json!({ "code": "a = [1, 2]\nb = a\nprint(len(b))\n" }).to_string();
    let (st, _, out) = call(&a, "POST", "/api/run", &prog).await;
    assert_eq!(st, StatusCode::OK, "{out}");
    let id = json_of(&out)["id"].as_str().unwrap().to_string();
    let url = format!("/api/trace/{id}/step/3");
    let (_, _, on_a) = call(&a, "GET", &url, "").await;
    let (st, _, _) = call(&b, "GET", &url, "").await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _, on_b) = call(&b, "POST", &url, &prog).await;
    assert_eq!(st, StatusCode::OK, "{on_b}");
    assert_eq!(
        json_of(&on_a),
        json_of(&on_b),
        "the same step, picture and all"
    );
    let (st, _, _) = call(&b, "GET", &url, "").await;
    assert_eq!(st, StatusCode::OK, "now b holds it");
    // A page's step and chart requests, carrying the same program at once to a third
    // instance, share one run (neither replaces the other).
    let c = state(1, 10.0);
    let tab = [("x-heapscope-client", "tab-same-page")];
    let chart_url = format!("/api/trace/{id}/memory");
    let (step, chart) = tokio::join!(
        call_with(&c, "POST", &url, &prog, &tab),
        call_with(&c, "POST", &chart_url, &prog, &tab)
    );
    assert_eq!(
        (step.0, chart.0),
        (StatusCode::OK, StatusCode::OK),
        "{} {}",
        step.2,
        chart.2
    );
    assert_eq!(json_of(&step.2), json_of(&on_a));
    let (_, _, m) = call(&c, "GET", "/metrics", "").await;
    assert!(
        m.lines()
            .any(|l| l == "heapscope_runs_total{outcome=\"finished\"} 1"),
        "one run for both: {m}"
    );

    // The narration route too (the page's predict mode and narration).
    let d = state(1, 10.0);
    let teach = format!("/api/trace/{id}/step/2/teach");
    let (st, _, _) = call(&d, "GET", &teach, "").await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _, n) = call(&d, "POST", &teach, &prog).await;
    assert_eq!(st, StatusCode::OK, "{n}");
    assert_eq!(json_of(&n)["step"], 2, "{n}");

    let other = json!({ "code": "print(2)" }).to_string();
    let (st, _, e) = call(&b, "POST", &format!("/api/trace/{id}/leaks"), &other).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{e}");
    assert!(e.contains("not the one trace"), "{e}");
}

/// Liveness and readiness.
#[tokio::test]
async fn health_and_readiness() {
    let s = state(1, 5.0);
    let (st, _, h) = call(&s, "GET", "/api/health", "").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(json_of(&h)["waiting"], 0);
    let (st, _, r) = call(&s, "GET", "/api/ready", "").await;
    assert_eq!(
        (st, json_of(&r)["ready"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    s.set_stopping();
    let (st, _, r) = call(&s, "GET", "/api/ready", "").await;
    assert_eq!(st, StatusCode::SERVICE_UNAVAILABLE, "{r}");
    assert_eq!(json_of(&r)["stopping"], true);
}

/// A function's results kept in a global list: the leak report finds the dicts `parse`
/// made at line 5, each reached from `results`, and the inspector says what one is.
const LEAKY: &str = "results = []\n\n\ndef parse(line):\n    return {\"name\": line * 2, \"n\": len(line)}\n\n\nfor w in [\"ada\", \"bob\", \"cy\"]:\n    results.append(parse(w))\ntmp = parse(\"eve\")\ndel tmp\nprint(len(results))\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn objects_and_leaks() {
    if !worker_or_skip("objects_and_leaks") {
        return;
    }
    let s = state(2, 10.0);
    let (st, _, out) = call(
        &s,
        "POST",
        "/api/run",
        &json!({ "code": LEAKY }).to_string(),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{out}");
    let run = json_of(&out);
    let id = run["id"].as_str().unwrap().to_string();
    let steps = run["steps"].as_u64().unwrap();

    // The last step by default: three dicts made by line 5 of parse(), kept by `results`.
    let (st, _, b) = call(&s, "GET", &format!("/api/trace/{id}/leaks"), "").await;
    assert_eq!(st, StatusCode::OK, "{b}");
    let r = json_of(&b);
    assert_eq!(r["step"].as_u64(), Some(steps), "{b}");
    let dicts = r["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["type"] == "dict")
        .unwrap_or_else(|| panic!("a dict group: {b}"));
    assert_eq!(dicts["function"], "parse", "{b}");
    assert_eq!(dicts["line"], 5, "{b}");
    assert!(
        dicts["code"]
            .as_str()
            .unwrap()
            .starts_with("return {\"name\""),
        "{b}"
    );
    assert_eq!(
        dicts["count"], 3,
        "the freed fourth dict is not a leak: {b}"
    );
    assert!(dicts["bytes"].as_u64().unwrap() > 0, "{b}");
    assert_eq!(dicts["unreachable"], 0, "{b}");
    let ex = &dicts["examples"][0];
    let path = ex["path"].as_str().unwrap();
    assert!(path.starts_with("`results` (global) → list #"), "{path}");
    assert_eq!(ex["kept_by"], ex["path"]);
    let first_born = dicts["first_born"].as_u64().unwrap();
    assert!((2..=steps).contains(&first_born), "{b}");
    assert!(r["text"].as_str().unwrap().contains("still alive"), "{b}");

    // Before the first call returns there is nothing to report.
    let (st, _, b) = call(&s, "GET", &format!("/api/trace/{id}/leaks?step=1"), "").await;
    assert_eq!(st, StatusCode::OK, "{b}");
    let r1 = json_of(&b);
    assert_eq!(r1["objects"], 0, "{b}");
    assert_eq!(r1["groups"].as_array().unwrap().len(), 0, "{b}");

    // The inspector on the first example: refs, sizes, birth, the path.
    let obj = ex["id"].as_u64().unwrap();
    let (st, _, b) = call(
        &s,
        "GET",
        &format!("/api/trace/{id}/object/{obj}?step={steps}"),
        "",
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{b}");
    let o = json_of(&b);
    assert_eq!(o["type"], "dict", "{b}");
    assert_eq!(o["refs"], 1, "only the list holds it: {b}");
    let size = o["size"].as_u64().unwrap();
    let deep = o["deep_size"].as_u64().unwrap();
    assert!(
        size > 0 && deep > size,
        "its own size, and its strings and ints too: {b}"
    );
    assert_eq!(o["born"]["function"], "parse", "{b}");
    assert_eq!(o["born"]["line"], 5, "{b}");
    assert_eq!(o["born"]["step"].as_u64(), ex["born"].as_u64(), "{b}");
    assert!(o["died"].is_null(), "it lives to the end: {b}");
    assert_eq!(o["path"], ex["path"], "{b}");

    // The fourth dict (`tmp`) dies at `del tmp`: its death and why, while it lives.
    let tmp_step = run["lines"]
        .as_array()
        .unwrap()
        .iter()
        .position(|l| l == 11)
        .unwrap() as u64
        + 1; // the step about to run `del tmp`
    let (_, _, b) = call(
        &s,
        "GET",
        &format!("/api/trace/{id}/step/{tmp_step}?heap=1"),
        "",
    )
    .await;
    let svg = json_of(&b)["svg"].as_str().unwrap().to_string();
    let mut tmp = None;
    for part in svg.split("data-obj=\"").skip(1) {
        let oid: u64 = part[..part.find('"').unwrap()].parse().unwrap();
        let (_, _, b) = call(
            &s,
            "GET",
            &format!("/api/trace/{id}/object/{oid}?step={tmp_step}"),
            "",
        )
        .await;
        let o = json_of(&b);
        if o["path"]
            .as_str()
            .is_some_and(|p| p.starts_with("`tmp` (global) → dict #"))
            && o["type"] == "dict"
        {
            tmp = Some(o);
        }
    }
    let tmp = tmp.unwrap_or_else(|| panic!("`tmp`'s dict in the picture at step {tmp_step}"));
    let died = tmp["died"]["step"].as_u64().expect("it dies");
    assert!(died > tmp_step && died <= steps, "{tmp}");
    assert_eq!(tmp["died"]["cause"], "last_reference", "{tmp}");
    assert_eq!(
        tmp["died"]["cause_text"], "its last reference went away",
        "{tmp}"
    );
    // After its death, asking for it is a 404 that says when it lived.
    let (st, _, b) = call(
        &s,
        "GET",
        &format!("/api/trace/{id}/object/{}?step={steps}", tmp["id"]),
        "",
    )
    .await;
    assert_eq!(st, StatusCode::NOT_FOUND, "{b}");
    assert!(b.contains(&format!("to step {}", died - 1)), "{b}");

    // Bad input: a 400 or 404 with a sentence.
    let (st, _, b) = call(&s, "GET", &format!("/api/trace/{id}/object/x"), "").await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{b}");
    let (st, _, b) = call(
        &s,
        "GET",
        &format!("/api/trace/{id}/leaks?step={}", steps + 1),
        "",
    )
    .await;
    assert_eq!(st, StatusCode::NOT_FOUND, "{b}");
    assert!(b.contains("no step"), "{b}");
    let (st, _, _) = call(&s, "GET", "/api/trace/0123/leaks", "").await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

/// The worker binary, which these tests need: a missing one fails under CI.
fn worker_or_skip(test: &str) -> bool {
    if worker().is_some() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: the worker binary is missing (cargo build -p heapscope)"
    );
    eprintln!("skipped {test}: build the worker first (cargo build -p heapscope)");
    false
}

#[tokio::test]
async fn standard_runs_in_an_empty_folder_and_stale_run_folders_go() {
    if !worker_or_skip("standard_runs_in_an_empty_folder") {
        return;
    }
    // A folder left by a server that was killed: its pid is gone.
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let stale = std::env::temp_dir().join(format!("heapscope-run-{dead}-0-0"));
    std::fs::create_dir_all(stale.join("sub")).unwrap();
    std::fs::write(stale.join("sub/left.txt"), "x").unwrap();
    // A file in the system's temporary folder: not the program's to read.
    let secret = tempfile_in_tmp("heapscope-test-secret", "the secret");
    let s = AppState::new(ServerConfig {
        workers: 1,
        timeout_secs: 10.0,
        sandbox: heapscope_runner::Sandbox::Standard,
        worker: heapscope_runner::WorkerCommand::Embedded {
            exe: worker().unwrap(),
        },
        ..Default::default()
    });
    assert!(
        !stale.exists(),
        "the stale folder {} is still there",
        stale.display()
    );
    let code = format!(
        "import os\nprint(os.listdir('.'))\ntry:\n    open({:?}).read()\n    print('read it')\nexcept PermissionError:\n    print('refused')\n",
        secret.display().to_string()
    );
    let (st, _, out) = call(&s, "POST", "/api/run", &json!({ "code": code }).to_string()).await;
    assert_eq!(st, StatusCode::OK, "{out}");
    let run = json_of(&out);
    assert_eq!(run["sandbox"], "standard", "{out}");
    let (id, steps) = (run["id"].as_str().unwrap(), run["steps"].as_u64().unwrap());
    let (_, _, step) = call(&s, "GET", &format!("/api/trace/{id}/step/{steps}"), "").await;
    assert_eq!(json_of(&step)["output"], "[]\nrefused\n", "{step}");
    let _ = std::fs::remove_file(&secret);
}

fn tempfile_in_tmp(prefix: &str, text: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("{prefix}-{}.txt", std::process::id()));
    std::fs::write(&p, text).unwrap();
    p
}

#[tokio::test]
async fn traces_are_cached_within_a_byte_budget_and_sizes_within_a_heap_budget() {
    if !worker_or_skip("traces_are_cached_within_a_byte_budget") {
        return;
    }
    let s = AppState::new(ServerConfig {
        workers: 1,
        timeout_secs: 10.0,
        worker: heapscope_runner::WorkerCommand::Embedded {
            exe: worker().unwrap(),
        },
        cache_trace_bytes: 200_000,
        cache_view_bytes: 100_000,
        max_sized_objects: 50,
        ..Default::default()
    });
    // About 40 KB of output each (twice that counted, with room for lifetimes): two do
    // not fit in 200 KB.
    let program = |n: u32| {
        json!({ "code": format!("for i in range(400):\n    print('{n}' * 100)\nlists = [[i] for i in range(200)]\n") }).to_string()
    };
    let mut ids = Vec::new();
    for n in 0..3 {
        let (st, _, out) = call(&s, "POST", "/api/run", &program(n)).await;
        assert_eq!(st, StatusCode::OK, "{out}");
        ids.push(json_of(&out)["id"].as_str().unwrap().to_owned());
    }
    let (st, _, b) = call(&s, "GET", &format!("/api/trace/{}", ids[0]), "").await;
    assert_eq!(
        st,
        StatusCode::NOT_FOUND,
        "the oldest trace left the cache: {b}"
    );
    let (st, _, b) = call(&s, "GET", &format!("/api/trace/{}", ids[2]), "").await;
    assert_eq!(st, StatusCode::OK, "{b}");
    assert!(s.runs().cached() < 3);
    let steps = json_of(&b)["steps"].as_u64().unwrap();
    let (st, _, step) = call(
        &s,
        "GET",
        &format!("/api/trace/{}/step/{steps}?sizes=1", ids[2]),
        "",
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{step}");
    let notes = json_of(&step)["notes"].to_string();
    assert!(
        notes.contains("sizes are not shown: the heap has"),
        "{notes}"
    );
    // Each of the last steps' views holds the 40 KB printed so far: 100 KB keeps two.
    for k in 0..8 {
        let (st, _, b) = call(
            &s,
            "GET",
            &format!("/api/trace/{}/step/{}", ids[2], steps - k),
            "",
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{b}");
    }
    let (views, bytes) = s.cached_steps();
    assert!(
        views < 8 && bytes <= 100_000,
        "{views} step views of {bytes} bytes kept"
    );
}

#[tokio::test]
async fn a_forged_trace_frame_is_reported_not_believed() {
    if !worker_or_skip("a_forged_trace_frame_is_reported_not_believed") {
        return;
    }
    let s = state(1, 10.0);
    let code = "import json, os, struct\nend = json.dumps({'outcome': {'kind': 'finished'}, 'modules': [], 'notes': ['all 10 tests passed']}).encode()\nfor fd in range(3, 10):\n    try:\n        os.write(fd, b'E' + struct.pack('<I', len(end)) + end)\n    except OSError:\n        pass\nx = 1\nx = 2\n";
    let (st, _, out) = call(&s, "POST", "/api/run", &json!({ "code": code }).to_string()).await;
    assert_eq!(st, StatusCode::OK, "{out}");
    let run = json_of(&out);
    assert_eq!(run["outcome"]["kind"], "crashed", "{out}");
    assert!(
        run["outcome_text"]
            .as_str()
            .unwrap()
            .contains("wrote into heapscope's trace stream"),
        "{out}"
    );
    // The server still answers.
    let (st, _, _) = call(&s, "GET", "/api/health", "").await;
    assert_eq!(st, StatusCode::OK);
}

#[tokio::test]
async fn a_program_cannot_lower_the_servers_limits() {
    if !worker_or_skip("a_program_cannot_lower_the_servers_limits") {
        return;
    }
    // Under standard cffi loads (strict refuses it); seccomp must refuse prlimit on the
    // server, which is the worker's parent. A CPU limit of 1 s would kill this test.
    let s = AppState::new(ServerConfig {
        workers: 1,
        timeout_secs: 10.0,
        sandbox: heapscope_runner::Sandbox::Standard,
        worker: heapscope_runner::WorkerCommand::Embedded {
            exe: worker().unwrap(),
        },
        ..Default::default()
    });
    let before = std::fs::read_to_string("/proc/self/limits").unwrap();
    let code = "import os\nfrom cffi import FFI\nffi = FFI()\nffi.cdef('struct rlimit { unsigned long cur; unsigned long max; }; int prlimit(int, int, const struct rlimit *, struct rlimit *);')\nC = ffi.dlopen(None)\nr = [C.prlimit(os.getppid(), res, ffi.new('struct rlimit *', [1, 1]), ffi.NULL) for res in (0, 7)]\nprint(r, ffi.errno)\n";
    let (st, _, out) = call(&s, "POST", "/api/run", &json!({ "code": code }).to_string()).await;
    assert_eq!(st, StatusCode::OK, "{out}");
    let run = json_of(&out);
    assert_eq!(run["outcome"]["kind"], "finished", "{out}");
    let (id, steps) = (run["id"].as_str().unwrap(), run["steps"].as_u64().unwrap());
    let (_, _, step) = call(&s, "GET", &format!("/api/trace/{id}/step/{steps}"), "").await;
    assert_eq!(
        json_of(&step)["output"],
        "[-1, -1] 1\n",
        "both refused with EPERM: {step}"
    );
    assert_eq!(
        std::fs::read_to_string("/proc/self/limits").unwrap(),
        before,
        "the server's limits changed"
    );
    let (st, _, _) = call(&s, "GET", "/api/health", "").await;
    assert_eq!(st, StatusCode::OK);
}

#[tokio::test]
async fn teach_routes_narration_question_and_lessons() {
    // The lessons need no run.
    let s = state(1, 10.0);
    let (st, _, body) = call(&s, "GET", "/api/lessons", "").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(
        json_of(&body),
        json!([{ "name": "stack-and-heap", "title": "The Stack and the Heap" }])
    );
    let (st, _, body) = call(&s, "GET", "/api/lessons/stack-and-heap", "").await;
    assert_eq!(st, StatusCode::OK);
    let lesson = json_of(&body);
    assert_eq!(lesson["sections"].as_array().unwrap().len(), 9);
    let (st, _, _) = call(&s, "GET", "/api/lessons/nope", "").await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    if !worker_or_skip("teach_routes_narration_question_and_lessons") {
        return;
    }
    // A section's program, run as the app runs it: its stops' steps, and the narration
    // and question of the first stop's step.
    let program = lesson["sections"][1]["program"].as_str().unwrap();
    let (st, _, body) = call(
        &s,
        "POST",
        "/api/run",
        &json!({ "code": program }).to_string(),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let id = json_of(&body)["id"].as_str().unwrap().to_owned();
    let (st, _, body) = call(
        &s,
        "GET",
        &format!("/api/trace/{id}/lesson/stack-and-heap/1"),
        "",
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let steps = json_of(&body);
    let freed = steps[0].as_u64().expect("the first stop is reached");
    let (st, _, body) = call(
        &s,
        "GET",
        &format!("/api/trace/{id}/step/{freed}/teach"),
        "",
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let t = json_of(&body);
    assert_eq!(
        t["sentences"],
        json!([
            "`make_temporary` returned None and its frame is gone from the stack.",
            "The list [1, 2, 3] lost its last reference and was freed."
        ])
    );
    let q = &t["question"];
    let right = q["answer"].as_u64().unwrap() as usize;
    assert_eq!(
        q["choices"][right]["text"],
        "it is freed: nothing refers to it any more"
    );
    let lives_on = q["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"] == "it stays on the heap after the frame is gone")
        .expect("the wrong model's answer");
    assert_eq!(
        lives_on["misconception"]["name"],
        "A function's list lives on after its frame without a reference"
    );
    let (st, _, _) = call(&s, "GET", &format!("/api/trace/{id}/step/999/teach"), "").await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

/// A late step of a long trace, asked after others (so the server reads it from a
/// keyframe it kept, shared with the states it read before), is the picture the CLI draws
/// from the same program traced on its own: `heapscope render --step` in a new process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn late_steps_from_kept_keyframes_are_the_clis_pictures() {
    if !worker_or_skip("late_steps_from_kept_keyframes_are_the_clis_pictures") {
        return;
    }
    let code =
        "items = []\nfor i in range(4000):\n    items.append(i * 1000)\n    seen = {'last': [i]}\n";
    let s = state(1, 60.0);
    let (st, _, out) = call(&s, "POST", "/api/run", &json!({ "code": code }).to_string()).await;
    assert_eq!(st, StatusCode::OK, "{out}");
    let run = json_of(&out);
    let id = run["id"].as_str().unwrap().to_string();
    let steps = run["steps"].as_u64().unwrap();
    assert!(steps > 10_000, "{steps} steps");

    let folder = &std::env::temp_dir().join(format!("heapscope-late-{}", std::process::id()));
    std::fs::create_dir_all(folder).unwrap();
    std::fs::write(folder.join("late-steps.py"), code).unwrap();
    let exe = worker().unwrap();
    let traced = std::process::Command::new(&exe)
        .args([
            "trace",
            "late-steps.py",
            "-o",
            "t.hstrace",
            "--max-steps",
            "100000",
        ])
        .current_dir(folder)
        .output()
        .unwrap();
    assert!(traced.status.success(), "{traced:?}");
    let mut seen = Vec::new();
    for k in [steps, 2, steps - 1, steps / 2, steps - 1_500, steps / 2 + 1] {
        let (st, _, svg) = call(&s, "GET", &format!("/api/trace/{id}/step/{k}/svg"), "").await;
        assert_eq!(st, StatusCode::OK, "{svg}");
        let out = folder.join(format!("{k}.svg"));
        let drawn = std::process::Command::new(&exe)
            .args(["render", "t.hstrace", "--step", &k.to_string(), "-o"])
            .arg(&out)
            .current_dir(folder)
            .output()
            .unwrap();
        assert!(drawn.status.success(), "{drawn:?}");
        let cli = std::fs::read_to_string(&out).unwrap();
        assert!(
            svg == cli,
            "step {k}: the server's SVG differs from render --step's"
        );
        seen.push(svg);
    }
    // The pictures differ from step to step: the comparison can fail.
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 6);
    let _ = std::fs::remove_dir_all(folder);
}

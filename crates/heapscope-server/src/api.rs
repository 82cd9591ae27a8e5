//! The routes: the JSON API under `/api/` and the embedded front-end. `docs/api.md`
//! describes each endpoint; the handlers parse request input themselves so that every
//! malformed request gets a 400 with a sentence rather than a panic or a bare status.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use heapscope_render::{ChartOptions, ExitedFrames, MemoryChart, Pointers, RenderOptions, Theme};
use serde::Serialize;

use crate::assets;
use crate::carried::Carried;
use crate::client::client_id;
use crate::error::ApiError;
use crate::lru::Lru;
use crate::runs::Entry;
use crate::state::{drawings_at_once, AppState, MemoryView, StepView};

/// Drawing requests that may wait for a turn at once (a page that seeks fires a few);
/// more get 503.
const MAX_WAITING_DRAWS: usize = 64;
/// How long a drawing request waits for its turn before it gets 503.
const DRAW_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The app's router: `/` and its assets, and `/api/…`.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/assets/{*path}", get(asset))
        .route("/api/health", get(health))
        .route("/api/ready", get(ready))
        .route("/metrics", get(metrics))
        .route("/api/run", post(run))
        // Each trace endpoint also takes a POST carrying the program, for a trace this
        // instance does not hold (another recorded it, or it left the cache): the run is
        // done again here, which the sandbox makes give the same trace.
        .route("/api/trace/{id}", get(trace_summary).post(trace_summary))
        .route(
            "/api/trace/{id}/step/{step}",
            get(step_json).post(step_json),
        )
        .route(
            "/api/trace/{id}/step/{step}/svg",
            get(step_svg).post(step_svg),
        )
        .route("/api/trace/{id}/memory", get(memory_json).post(memory_json))
        .route(
            "/api/trace/{id}/memory/svg",
            get(memory_svg).post(memory_svg),
        )
        .route(
            "/api/trace/{id}/object/{obj}",
            get(object_json).post(object_json),
        )
        .route("/api/trace/{id}/leaks", get(leaks_json).post(leaks_json))
        .merge(crate::teach::routes())
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            check_host,
        ))
        .with_state(state)
}

/// On a loopback address, answer only requests addressed to loopback: a page that
/// rebinds its own domain name to 127.0.0.1 (DNS rebinding) sends its own name as Host,
/// and must not get to run programs or read traces.
async fn check_host(
    State(s): State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let loopback = matches!(
        s.runs().config().host.as_str(),
        "127.0.0.1" | "localhost" | "::1"
    );
    if loopback {
        // A missing or unreadable Host is refused too: only a loopback name passes.
        let host = req.headers().get(header::HOST).map(|h| h.to_str());
        let name = match host {
            Some(Ok(host)) => match host.rsplit_once(':') {
                Some((n, port)) if port.chars().all(|c| c.is_ascii_digit()) => n,
                _ => host,
            },
            _ => "",
        };
        if !matches!(name, "127.0.0.1" | "localhost" | "[::1]") {
            let shown = match host {
                Some(Ok(h)) => format!("{h:?}"),
                Some(Err(_)) => "a Host that is not text".into(),
                None => "a request without a Host".into(),
            };
            return ApiError::BadRequest(format!(
                "this server answers only on loopback addresses, not {shown}"
            ))
            .into_response();
        }
    }
    next.run(req).await
}

async fn index() -> Response {
    asset_response("index.html")
}

async fn asset(Path(path): Path<String>) -> Response {
    asset_response(&path)
}

fn asset_response(path: &str) -> Response {
    match assets::get(path) {
        Some((mime, body)) => {
            let mut r = (StatusCode::OK, body).into_response();
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            r.headers_mut().insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            r
        }
        None => not_found_error(),
    }
}

async fn not_found() -> Response {
    not_found_error()
}

fn not_found_error() -> Response {
    let body = Json(serde_json::json!({ "error": "no such page", "status": 404 }));
    (StatusCode::NOT_FOUND, body).into_response()
}

/// Liveness: the process answers (a probe that fails restarts it).
async fn health(State(s): State<AppState>) -> Json<serde_json::Value> {
    let r = s.runs();
    Json(serde_json::json!({
        "ok": true,
        "workers": r.config().workers,
        "busy": r.busy(),
        "waiting": r.queue().waiting(),
        "max_queue": r.config().max_queue,
        "cached_traces": r.cached(),
        "sandbox": r.config().sandbox.to_string(),
        "max_steps": r.config().max_steps,
    }))
}

/// Readiness: 200 while this instance takes new runs; 503 once it is stopping or its
/// line is full, so a load balancer sends new students elsewhere.
async fn ready(State(s): State<AppState>) -> Response {
    let r = s.runs();
    let stopping = s.inner.stopping.load(std::sync::atomic::Ordering::SeqCst);
    let room = r.queue().has_room();
    let body = Json(serde_json::json!({
        "ready": !stopping && room,
        "stopping": stopping,
        "waiting": r.queue().waiting(),
        "busy": r.busy(),
    }));
    let status = if !stopping && room {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, body).into_response()
}

/// Prometheus's text format (see `metrics`).
async fn metrics(State(s): State<AppState>) -> Response {
    let r = s.runs();
    let text = r.metrics().render(r.queue().waiting(), r.busy());
    let mut resp = (StatusCode::OK, text).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    resp
}

async fn run(
    State(s): State<AppState>,
    extensions: axum::http::Extensions,
    headers: axum::http::HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    let req = crate::carried::run_request(&headers, body)?;
    let peer = extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0);
    let client = client_id(&headers, peer);
    let streams = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/x-ndjson"));
    if !streams {
        let summary = s.runs().run(req, &client, &|_| {}).await?;
        return Ok(Json(summary).into_response());
    }
    crate::progress::run_with_progress(s, req, client).await
}

async fn trace_summary(
    State(s): State<AppState>,
    Path(id): Path<String>,
    carried: Carried,
) -> Result<Response, ApiError> {
    let e = carried.entry(&s, &id).await?;
    let mut sum = e.summary.clone();
    sum.cached = true;
    Ok(Json(sum).into_response())
}

/// Parses the picture options from the query: `heap`, `pointers`, `exited`, `theme`,
/// `refs`, `sizes`.
fn render_options(q: &HashMap<String, String>) -> Result<(RenderOptions, String), ApiError> {
    let mut o = RenderOptions::default();
    for (k, v) in q {
        match (k.as_str(), v.as_str()) {
            ("heap", "1" | "true") => o.heap_primitives = true,
            ("heap", "0" | "false") => o.heap_primitives = false,
            ("pointers", "arrows") => o.pointers = Pointers::Arrows,
            ("pointers", "text") => o.pointers = Pointers::Text,
            ("exited", "hidden") => o.exited_frames = ExitedFrames::Hidden,
            ("exited", "faded") => o.exited_frames = ExitedFrames::Faded,
            ("theme", "light") => o.theme = Theme::Light,
            ("theme", "dark") => o.theme = Theme::Dark,
            ("refs", "1" | "true") => o.show_refs = true,
            ("refs", "0" | "false") => o.show_refs = false,
            ("sizes", "1" | "true") => o.show_sizes = true,
            ("sizes", "0" | "false") => o.show_sizes = false,
            ("heap" | "pointers" | "exited" | "theme" | "refs" | "sizes", _) => {
                return Err(ApiError::BadRequest(format!(
                    "bad value {v:?} for {k}: heap=0|1, pointers=arrows|text, exited=hidden|faded, theme=light|dark, refs=0|1, sizes=0|1"
                )))
            }
            _ => {} // cache busters and the like
        }
    }
    let key = format!(
        "{}{:?}{:?}{:?}{}{}",
        o.heap_primitives, o.pointers, o.exited_frames, o.theme, o.show_refs, o.show_sizes
    );
    Ok((o, key))
}

fn parse_step(step: &str) -> Result<u64, ApiError> {
    step.parse().map_err(|_| {
        ApiError::BadRequest(format!("the step must be a number from 1, not {step:?}"))
    })
}

async fn step_view(
    s: &AppState,
    id: String,
    step: &str,
    q: &HashMap<String, String>,
    carried: Carried,
) -> Result<Arc<StepView>, ApiError> {
    let step = parse_step(step)?;
    let (opts, key) = render_options(q)?;
    let entry = carried.entry(s, &id).await?;
    let steps = entry.trace.len();
    if step == 0 || step > steps {
        return Err(ApiError::NoStep { step, steps });
    }
    let max_sized = s.runs().config().max_sized_objects;
    // Laying out a window of steps is CPU work: keep it off the async threads.
    cached(s, &s.inner.steps, (id, step, key), move || {
        let t = &entry.trace;
        let mut opts = opts;
        let mut notes_extra = None;
        if opts.show_sizes {
            let objects = t
                .state_at(step)
                .map_err(|e| ApiError::Internal(format!("cannot read step {step}: {e}")))?
                .object_count();
            if objects > max_sized {
                opts.show_sizes = false;
                notes_extra = Some(format!(
                    "sizes are not shown: the heap has {objects} objects, and this server works out sizes for at most {max_sized}"
                ));
            }
        }
        let scene = heapscope_render::layout(t, step, &opts)
            .map_err(|e| ApiError::Internal(format!("cannot draw step {step}: {e}")))?;
        let mut notes = scene.notes.clone();
        notes.extend(notes_extra);
        let svg = heapscope_render::paint_svg(&scene);
        Ok(StepView {
            step,
            steps,
            event: scene.event.clone(),
            line: scene.line,
            next_line: scene.next_line,
            file: scene.file,
            title: scene.title.clone(),
            desc: scene.desc.clone(),
            code: scene.code.clone(),
            output: t.output_until(step, None),
            exception: scene.exception.clone(),
            notes,
            svg,
        })
    })
    .await
}

/// The value cached under `key`, or `work`'s (run on a blocking thread, then cached).
async fn cached<K, V>(
    s: &AppState,
    cache: &Mutex<Lru<K, Arc<V>>>,
    key: K,
    work: impl FnOnce() -> Result<V, ApiError> + Send + 'static,
) -> Result<Arc<V>, ApiError>
where
    K: std::hash::Hash + Eq + Clone,
    V: Serialize + Send + 'static,
{
    if let Some(v) = cache.lock().ok().and_then(|mut c| c.get(&key)) {
        return Ok(v);
    }
    use std::sync::atomic::Ordering;
    let waiting = s.inner.waiting.fetch_add(1, Ordering::SeqCst);
    let permit = if waiting >= MAX_WAITING_DRAWS {
        None
    } else {
        tokio::time::timeout(DRAW_WAIT, s.inner.draws.clone().acquire_owned())
            .await
            .ok()
            .and_then(Result::ok)
    };
    s.inner.waiting.fetch_sub(1, Ordering::SeqCst);
    let Some(permit) = permit else {
        s.runs().metrics().refused("draw_busy");
        return Err(ApiError::BusyDrawing(drawings_at_once(s.runs().config())));
    };
    // Another request may have drawn the same thing while this one waited.
    if let Some(v) = cache.lock().ok().and_then(|mut c| c.get(&key)) {
        return Ok(v);
    }
    let view = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work()
    })
    .await
    .map_err(|e| ApiError::Internal(format!("drawing failed: {e}")))??;
    let size = json_size(&view);
    let view = Arc::new(view);
    if let Ok(mut c) = cache.lock() {
        c.put_sized(key, view.clone(), size);
    }
    Ok(view)
}

/// Bytes of `v` as JSON: about what it holds, for the caches' byte bounds.
fn json_size(v: &impl Serialize) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0 += b.len();
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut c = Count(0);
    let _ = serde_json::to_writer(&mut c, v);
    c.0
}

async fn step_json(
    State(s): State<AppState>,
    Path((id, step)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    carried: Carried,
) -> Result<Response, ApiError> {
    let v = step_view(&s, id, &step, &q, carried).await?;
    Ok(Json(&*v).into_response())
}

/// Chart widths a page may ask for (a phone's to a wide screen's).
const CHART_WIDTHS: std::ops::RangeInclusive<u32> = 240..=2000;

async fn memory_view(
    s: &AppState,
    id: String,
    q: &HashMap<String, String>,
    carried: Carried,
) -> Result<Arc<MemoryView>, ApiError> {
    let (picture, _) = render_options(q)?;
    let width = match q.get("width") {
        None => 720,
        Some(w) => w
            .parse()
            .ok()
            .filter(|w| CHART_WIDTHS.contains(w))
            .ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "bad value {w:?} for width: a number of pixels from {} to {}",
                    CHART_WIDTHS.start(),
                    CHART_WIDTHS.end()
                ))
            })?,
    };
    let opts = ChartOptions {
        theme: picture.theme,
        width: width as f32,
        ..ChartOptions::default()
    };
    let entry = carried.entry(s, &id).await?;
    let key = (id, format!("{:?}{width}", opts.theme));
    // Reading every step is CPU work: keep it off the async threads.
    cached(s, &s.inner.memory, key, move || {
        let timeline = heapscope_analysis::Timeline::of(&entry.trace)
            .map_err(|e| ApiError::Internal(format!("the trace is unreadable: {e}")))?;
        let chart = MemoryChart::new(&timeline, opts.columns());
        Ok(MemoryView {
            peak_text: chart.peak_text(),
            svg: chart.svg(&opts),
            chart,
        })
    })
    .await
}

async fn memory_json(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    carried: Carried,
) -> Result<Response, ApiError> {
    let v = memory_view(&s, id, &q, carried).await?;
    Ok(Json(&*v).into_response())
}

async fn memory_svg(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    carried: Carried,
) -> Result<Response, ApiError> {
    let v = memory_view(&s, id, &q, carried).await?;
    Ok(svg_response(v.svg.clone()))
}

fn svg_response(svg: String) -> Response {
    let mut r = (StatusCode::OK, svg).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("image/svg+xml"),
    );
    r
}

async fn step_svg(
    State(s): State<AppState>,
    Path((id, step)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    carried: Carried,
) -> Result<Response, ApiError> {
    let v = step_view(&s, id, &step, &q, carried).await?;
    Ok(svg_response(v.svg.clone()))
}

/// The trace `id` and the step its `step` query parameter names (the last step when it
/// is missing), for the object and leak endpoints.
async fn entry_at(
    s: &AppState,
    id: &str,
    q: &HashMap<String, String>,
    carried: Carried,
) -> Result<(Arc<Entry>, u64), ApiError> {
    let entry = carried.entry(s, id).await?;
    let steps = entry.trace.len();
    let step = match q.get("step") {
        None => steps,
        Some(v) => parse_step(v)?,
    };
    if step == 0 || step > steps {
        return Err(ApiError::NoStep { step, steps });
    }
    Ok((entry, step))
}

/// The trace's lifetimes (read once per trace) and its state at `step`: CPU work, for a
/// blocking thread.
fn lives_and_state(
    entry: &Entry,
    step: u64,
) -> Result<(Arc<heapscope_analysis::Lifetimes>, heapscope_trace::State), ApiError> {
    let lives = entry.lifetimes()?;
    let state = entry
        .trace
        .state_at(step)
        .map_err(|e| ApiError::Internal(format!("cannot read step {step}: {e}")))?;
    Ok((lives, state))
}

/// One object at one step, for the page's inspector: what it is, its references and
/// sizes, when it was made and freed, and what keeps it alive.
async fn object_json(
    State(s): State<AppState>,
    Path((id, obj)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    carried: Carried,
) -> Result<Response, ApiError> {
    let obj: u32 = obj.trim_start_matches('#').parse().map_err(|_| {
        ApiError::BadRequest(format!(
            "the object must be a number (its #id), not {obj:?}"
        ))
    })?;
    let (entry, step) = entry_at(&s, &id, &q, carried).await?;
    let v = cached(&s, &s.inner.objects, (id, step, obj), move || {
        let (lives, state) = lives_and_state(&entry, step)?;
        let oid = heapscope_trace::ObjId(obj);
        heapscope_analysis::object_facts(&entry.trace, &lives, &state, oid).ok_or_else(|| {
            let when = match lives.get(oid) {
                Some(l) => match l.died {
                    Some((d, _)) => format!(": it lives from step {} to step {}", l.born, d - 1),
                    None => format!(": it lives from step {}", l.born),
                },
                None => ": the trace never shows it".into(),
            };
            ApiError::NoObject(format!("no object #{obj} at step {step}{when}"))
        })
    })
    .await?;
    Ok(Json(&*v).into_response())
}

/// What functions that have returned left alive at a step (the last by default),
/// grouped by type and line, as `heapscope leaks` prints it.
async fn leaks_json(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    carried: Carried,
) -> Result<Response, ApiError> {
    let (entry, step) = entry_at(&s, &id, &q, carried).await?;
    let v = cached(&s, &s.inner.leaks, (id, step), move || {
        let (lives, state) = lives_and_state(&entry, step)?;
        Ok(heapscope_analysis::leak_report(
            &entry.trace,
            &lives,
            &state,
        ))
    })
    .await?;
    Ok(Json(&*v).into_response())
}

//! `POST /api/run` with `Accept: application/x-ndjson`: where a waiting run stands, on the
//! same connection, until its trace.
//!
//! One request carries both the wait and the answer, so no other instance behind a load
//! balancer needs to know of the wait (a separate status URL would have to reach the
//! same instance). A run that need not wait is answered like a plain request (one JSON
//! object with its status); so are refusals, with their 503 and `Retry-After`. A run that
//! waits gets `200` and lines of JSON:
//!
//! ```text
//! {"queued":{"position":12,"waiting":30,"eta_secs":3.0}}
//! {"queued":{"position":0,"waiting":18,"eta_secs":0.0}}    (position 0: running now)
//! {"result":{…the run's summary…}}                      or  {"error":"…","status":503,"retry_after":4}
//! ```
//!
//! A page that goes away while waiting closes the connection, which frees its place.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tokio_stream::StreamExt;

use crate::error::ApiError;
use crate::queue::Place;
use crate::runs::{RunRequest, RunSummary};
use crate::state::AppState;

enum Msg {
    Place(Place),
    Done(Result<RunSummary, ApiError>),
}

/// Runs `req` for `client`, streaming its place in line while it waits.
pub async fn run_with_progress(
    s: AppState,
    req: RunRequest,
    client: String,
) -> Result<Response, ApiError> {
    let (tx, mut rx) = mpsc::channel::<Msg>(16);
    tokio::spawn(async move {
        let places = tx.clone();
        let on_place = move |p: Place| {
            // A full channel drops a place: a later one follows.
            let _ = places.try_send(Msg::Place(p));
        };
        let done = tokio::select! {
            r = s.runs().run(req, &client, &on_place) => Some(r),
            // The page went away: leave the line (a run already started finishes and
            // is cached).
            _ = tx.closed() => None,
        };
        if let Some(r) = done {
            let _ = tx.send(Msg::Done(r)).await;
        }
    });
    let first = match rx.recv().await {
        Some(Msg::Done(r)) => return Ok(Json(r?).into_response()),
        Some(Msg::Place(p)) => p,
        None => return Err(ApiError::Internal("the run was lost".into())),
    };
    let lines = tokio_stream::once(Msg::Place(first))
        .chain(ReceiverStream::new(rx))
        .map(|m| {
            let mut line = match m {
                Msg::Place(p) => serde_json::json!({ "queued": p }),
                Msg::Done(Ok(summary)) => serde_json::json!({ "result": summary }),
                Msg::Done(Err(e)) => e.body(),
            }
            .to_string();
            line.push('\n');
            Ok::<_, std::convert::Infallible>(line)
        });
    let mut resp = (StatusCode::OK, Body::from_stream(lines)).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    // nginx passes each line on at once instead of buffering the answer.
    h.insert("x-accel-buffering", HeaderValue::from_static("no"));
    Ok(resp)
}

//! A request's program: the body of `POST /api/run`, and the program a trace request may
//! carry so that any instance can answer it.
//!
//! Instances share nothing: a trace lives in the cache of the instance that recorded it.
//! A step request that reaches another instance (a load balancer spreads requests, an
//! instance restarts, the cache forgot) gets `404 no trace` for a `GET`; the page then sends
//! the same request as a `POST` whose body is the program (`{"code", "stdin", "options"}`,
//! what it ran), and the instance runs it again, which under the sandbox records the same
//! trace (same id, same steps, same picture), then answers. See `docs/hosting.md`.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, Request};
use axum::http::{header, HeaderMap, Method, StatusCode};

use crate::client::client_id;
use crate::error::ApiError;
use crate::runs::{Entry, RunRequest};
use crate::state::AppState;

/// The body of a run request, checked: JSON, sent as JSON, within the size limit.
pub fn run_request(
    headers: &HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<RunRequest, ApiError> {
    // A body over axum's limit gets the API's JSON error, not a plain-text 413.
    let body = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::BodyTooLarge,
        _ => ApiError::BadRequest(format!("the request body could not be read: {e}")),
    })?;
    // Only JSON: a form or text/plain POST from another site's page (which needs no
    // preflight) must not be able to make a local server run programs.
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("application/json"));
    if !json {
        return Err(ApiError::BadRequest(
            "send the program as JSON, with Content-Type: application/json".into(),
        ));
    }
    serde_json::from_slice(&body).map_err(|e| {
        ApiError::BadRequest(format!(
            "the body must be JSON like {{\"code\": \"print(1)\", \"stdin\": \"\"}}: {e}"
        ))
    })
}

/// What a trace request brings besides its path: the program (a `POST`) or nothing (a
/// `GET`), and who sent it.
pub struct Carried {
    program: Option<RunRequest>,
    client: String,
}

impl Carried {
    /// The trace `id`: this instance's, or recorded again from the carried program.
    pub async fn entry(self, s: &AppState, id: &str) -> Result<std::sync::Arc<Entry>, ApiError> {
        s.runs().get_or_run(id, self.program, &self.client).await
    }
}

impl FromRequest<AppState> for Carried {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0);
        let client = client_id(req.headers(), peer);
        if req.method() != Method::POST {
            return Ok(Carried {
                program: None,
                client,
            });
        }
        let headers = req.headers().clone();
        let body = Bytes::from_request(req, state).await;
        Ok(Carried {
            program: Some(run_request(&headers, body)?),
            client,
        })
    }
}

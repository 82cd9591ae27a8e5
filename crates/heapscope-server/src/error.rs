//! Errors: what stops the server, and what a request is answered with.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The async runtime could not start.
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    /// The address is taken or not ours.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// host:port
        addr: String,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The accept loop failed.
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
}

/// A request that cannot be answered; becomes a JSON `{"error": …}` with its status.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is malformed (bad JSON, bad parameter).
    #[error("{0}")]
    BadRequest(String),
    /// No such trace (never run, or evicted from the cache: run it again).
    #[error("no trace {0}: it was never run or has left the cache; run the program again")]
    NoTrace(String),
    /// The step is out of range.
    #[error("no step {step}: the trace has steps 1 to {steps}")]
    NoStep {
        /// Asked for.
        step: u64,
        /// The trace's length.
        steps: u64,
    },
    /// No such object alive at the step asked for (the sentence says when it lives).
    #[error("{0}")]
    NoObject(String),
    /// The program is larger than the server accepts.
    #[error("the program is too large: {0} bytes (at most {1})")]
    TooLarge(usize, usize),
    /// The request body is over the server's limit.
    #[error("the request is too large for this server")]
    BodyTooLarge,
    /// Every worker is running a program.
    #[error("busy, try again: all {0} workers are running programs")]
    Busy(usize),
    /// The line of waiting runs is full, or the wait would pass its bound: come back after
    /// `retry_after` seconds.
    #[error("{reason}; try again in {retry_after} s")]
    QueueFull {
        /// In words.
        reason: String,
        /// Seconds.
        retry_after: u64,
    },
    /// The same page sent a newer run, which took this one's place in line.
    #[error("replaced by a newer run from the same page")]
    Replaced,
    /// Every drawing turn is taken and the queue for one is full (or the wait was too
    /// long): the number of drawings made at once.
    #[error(
        "busy, try again: the server is already drawing {0} steps at once and others are waiting"
    )]
    BusyDrawing(usize),
    /// Something failed on our side (the worker could not start, a picture failed).
    #[error("{0}")]
    Internal(String),
}

impl ApiError {
    /// The HTTP status for this error.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NoTrace(_) | ApiError::NoStep { .. } | ApiError::NoObject(_) => {
                StatusCode::NOT_FOUND
            }
            ApiError::TooLarge(..) | ApiError::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Busy(_) | ApiError::BusyDrawing(_) | ApiError::QueueFull { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Replaced => StatusCode::CONFLICT,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl ApiError {
    /// Seconds after which a retry makes sense, for the load refusals.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::Busy(_) | ApiError::BusyDrawing(_) => Some(1),
            ApiError::QueueFull { retry_after, .. } => Some(*retry_after),
            _ => None,
        }
    }

    /// The JSON body: `{"error", "status"}`, and `retry_after` for a load refusal.
    pub fn body(&self) -> serde_json::Value {
        let mut body =
            serde_json::json!({ "error": self.to_string(), "status": self.status().as_u16() });
        if let Some(secs) = self.retry_after() {
            body["retry_after"] = secs.into();
        }
        body
    }

    /// The metric label of a refusal for load, if this is one.
    pub fn load_reason(&self) -> Option<&'static str> {
        match self {
            ApiError::Busy(_) | ApiError::BusyDrawing(_) => Some("draw_busy"),
            ApiError::QueueFull { reason, .. } if reason.starts_with("the line") => {
                Some("queue_full")
            }
            ApiError::QueueFull { .. } => Some("wait_too_long"),
            ApiError::Replaced => Some("replaced"),
            _ => None,
        }
    }
}

impl From<crate::queue::Refusal> for ApiError {
    fn from(r: crate::queue::Refusal) -> Self {
        use crate::queue::Refusal;
        match r {
            Refusal::Full {
                waiting,
                retry_after,
            } => ApiError::QueueFull {
                reason: format!("the line is full: {waiting} runs are waiting for a worker"),
                retry_after,
            },
            Refusal::TooLong {
                wait_secs,
                max_secs,
                retry_after,
            } => ApiError::QueueFull {
                reason: format!(
                    "too long a wait: about {wait_secs:.0} s for a worker, and this server keeps a run waiting at most {max_secs:.0} s"
                ),
                retry_after,
            },
            Refusal::Replaced => ApiError::Replaced,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = axum::Json(self.body());
        let mut resp = (status, body).into_response();
        if let Some(secs) = self.retry_after() {
            resp.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        resp
    }
}

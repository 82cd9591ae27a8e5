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
            ApiError::Busy(_) | ApiError::BusyDrawing(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body =
            axum::Json(serde_json::json!({ "error": self.to_string(), "status": status.as_u16() }));
        let mut resp = (status, body).into_response();
        if let ApiError::Busy(_) | ApiError::BusyDrawing(_) = self {
            resp.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("1"),
            );
        }
        resp
    }
}

//! The teaching routes: one step's narration and predict-mode question (computed by
//! `heapscope_trace::Narrator`, the same words the HTML export embeds), and the lessons
//! the app lists in its menu.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};

use crate::api::AppState;
use crate::error::ApiError;

/// Routes merged into the app's router.
pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/api/trace/{id}/step/{step}/teach", get(step_teach))
}

/// `{step, sentences, question?}` for one step.
async fn step_teach(
    State(s): State<AppState>,
    Path((id, step)): Path<(String, String)>,
) -> Result<Json<heapscope_trace::Narration>, ApiError> {
    let step: u64 = step.parse().map_err(|_| {
        ApiError::BadRequest(format!("the step must be a number from 1, not {step:?}"))
    })?;
    let entry = s
        .runs()
        .get(&id)
        .ok_or_else(|| ApiError::NoTrace(id.clone()))?;
    let steps = entry.trace.len();
    if step == 0 || step > steps {
        return Err(ApiError::NoStep { step, steps });
    }
    // Rebuilding two steps is CPU work: keep it off the async threads.
    let n = tokio::task::spawn_blocking(move || entry.trace.narration_at(step))
        .await
        .map_err(|e| ApiError::Internal(format!("narration failed: {e}")))?
        .map_err(|e| ApiError::Internal(format!("cannot read step {step}: {e}")))?;
    Ok(Json(n))
}

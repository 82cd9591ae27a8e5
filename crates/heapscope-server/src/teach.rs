//! The teaching routes: one step's narration and predict-mode question (computed by
//! `heapscope_analysis::Narrator`, the same words the HTML export embeds), and the lessons
//! the app lists in its menu.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};

use crate::carried::Carried;
use crate::error::ApiError;
use crate::state::AppState;

/// The lessons the app's menu offers, by name: the repository's `lessons/`, linked into
/// this crate's `lessons/` so that the crate packages on its own.
const LESSONS: &[(&str, &str)] = &[(
    "stack-and-heap",
    include_str!("../lessons/stack-and-heap.md"),
)];

/// Routes merged into the app's router.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        // POST: the same, carrying the program, for an instance without the trace.
        .route(
            "/api/trace/{id}/step/{step}/teach",
            get(step_teach).post(step_teach),
        )
        .route("/api/lessons", get(lesson_list))
        .route("/api/lessons/{name}", get(lesson_json))
        .route(
            "/api/trace/{id}/lesson/{name}/{section}",
            get(lesson_stops).post(lesson_stops),
        )
}

fn lesson(name: &str) -> Result<heapscope_render::Lesson, ApiError> {
    let text = LESSONS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .ok_or_else(|| ApiError::BadRequest(format!("there is no lesson {name:?}")))?;
    heapscope_render::parse_lesson(text)
        .map_err(|e| ApiError::Internal(format!("the lesson {name:?} is damaged: {e}")))
}

/// `[{name, title}]`: the lessons in the menu.
async fn lesson_list() -> Result<Json<Vec<serde_json::Value>>, ApiError> {
    LESSONS
        .iter()
        .map(|(name, _)| Ok(serde_json::json!({ "name": name, "title": lesson(name)?.title })))
        .collect::<Result<Vec<_>, ApiError>>()
        .map(Json)
}

/// One lesson: its sections, programs, stops (notes) and quizzes.
async fn lesson_json(Path(name): Path<String>) -> Result<Json<heapscope_render::Lesson>, ApiError> {
    Ok(Json(lesson(&name)?))
}

/// The steps of a section's stops in a trace of its program (`null` for a stop not
/// reached).
async fn lesson_stops(
    State(s): State<AppState>,
    Path((id, name, section)): Path<(String, String, usize)>,
    carried: Carried,
) -> Result<Json<Vec<Option<u64>>>, ApiError> {
    let l = lesson(&name)?;
    let sec = l
        .sections
        .get(section)
        .cloned()
        .ok_or_else(|| ApiError::BadRequest(format!("the lesson has no section {section}")))?;
    let entry = carried.entry(&s, &id).await?;
    let steps = tokio::task::spawn_blocking(move || sec.stop_steps(&entry.trace))
        .await
        .map_err(|e| ApiError::Internal(format!("finding the stops failed: {e}")))?
        .map_err(|e| ApiError::Internal(format!("cannot read the trace: {e}")))?;
    Ok(Json(steps))
}

/// `{step, sentences, question?}` for one step.
async fn step_teach(
    State(s): State<AppState>,
    Path((id, step)): Path<(String, String)>,
    carried: Carried,
) -> Result<Json<heapscope_analysis::Narration>, ApiError> {
    let step: u64 = step.parse().map_err(|_| {
        ApiError::BadRequest(format!("the step must be a number from 1, not {step:?}"))
    })?;
    let entry = carried.entry(&s, &id).await?;
    let steps = entry.trace.len();
    if step == 0 || step > steps {
        return Err(ApiError::NoStep { step, steps });
    }
    // Rebuilding two steps is CPU work: keep it off the async threads.
    let n =
        tokio::task::spawn_blocking(move || heapscope_analysis::Narration::at(&entry.trace, step))
            .await
            .map_err(|e| ApiError::Internal(format!("narration failed: {e}")))?
            .map_err(|e| ApiError::Internal(format!("cannot read step {step}: {e}")))?;
    Ok(Json(n))
}

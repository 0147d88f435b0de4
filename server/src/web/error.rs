//! The one error type of the JSON API: each variant has its status code,
//! the message is for a person, and 5xx details stay in the log.

use app::ports::StoreError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// The body of every 4xx and 5xx answer.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What was wrong and how to put it right, for a person to read.
    pub error: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Unprocessable(String),
    /// A parameter a person must put right, answered with its code and
    /// what the code carries (e.g. `place-not-found` and its suggestions)
    /// beside the English words.
    #[error("{field}: {problem}")]
    Problem { field: &'static str, problem: app::problem::Problem },
    #[error("the database is not available right now; try again shortly")]
    Unavailable,
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) | ApiError::Problem { .. } => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = if status.is_server_error() {
            tracing::error!("api: {self}");
            match self {
                ApiError::Unavailable => self.to_string(),
                _ => "something went wrong on our side; please try again later".to_string(),
            }
        } else {
            self.to_string()
        };
        let mut body = json!({ "error": message });
        if let (ApiError::Problem { field, problem }, Some(b)) = (&self, body.as_object_mut()) {
            b.insert("field".into(), json!(field));
            // `"code": "place-not-found", "place": …, "suggestions": […]`
            if let serde_json::Value::Object(coded) = serde_json::to_value(problem).unwrap_or_default() {
                b.extend(coded);
            }
        }
        (status, Json(body)).into_response()
    }
}

impl ApiError {
    /// A place typed into `field` that is not known, with the known names
    /// nearest in spelling.
    pub fn place_miss(field: &'static str, typed: &str, miss: app::ports::PlaceMiss) -> Self {
        let suggestions = match miss {
            app::ports::PlaceMiss::NotFound { suggestions } => suggestions,
            app::ports::PlaceMiss::NoPostcodes => Vec::new(),
        };
        ApiError::Problem { field, problem: app::problem::Problem::PlaceNotFound { place: typed.to_string(), suggestions } }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::Internal(e.0)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            // A broken rule in the data (unique, check, foreign key) is the caller's to fix.
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                ApiError::Unprocessable("this already exists (the slug or name is taken)".into())
            }
            sqlx::Error::Database(db) if db.is_check_violation() || db.is_foreign_key_violation() => {
                ApiError::Unprocessable("a value is not allowed here; check the fields and try again".into())
            }
            e if crate::db::is_unavailable(e) => ApiError::Unavailable,
            _ => ApiError::Internal(e.to_string()),
        }
    }
}

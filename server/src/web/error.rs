//! The one error type of the JSON API: each variant has its status code,
//! the message is for a person, and 5xx details stay in the log.

use app::ports::StoreError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Unprocessable(String),
    #[error("the database is not available right now; try again shortly")]
    Unavailable,
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
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
        (status, Json(json!({ "error": message }))).into_response()
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

//! Error pages. They say what a visitor can do next and never show internals.

use crate::i18n::{problem, t};
use crate::problem::Problem;
use http::StatusCode;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    if let Some(response) = use_context::<ResponseOptions>() {
        response.set_status(StatusCode::NOT_FOUND);
    }
    view! {
        <crate::pages::preview::Preview title=t("not-found-title") unlisted=true />
        <h1>{t("not-found-title")}</h1>
        <p>{t("not-found-body")}</p>
        <p>
            <a href="/">{t("not-found-home")}</a>
        </p>
    }
}

/// Shown when a store fails. The caller logs the cause.
#[component]
pub fn ServerError() -> impl IntoView {
    if let Some(response) = use_context::<ResponseOptions>() {
        response.set_status(StatusCode::INTERNAL_SERVER_ERROR);
    }
    view! {
        <Title text=t("error-title") />
        <h1>{t("error-title")}</h1>
        <p>{problem(&Problem::Fault)}</p>
    }
}

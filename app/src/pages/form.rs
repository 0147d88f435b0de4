//! Pieces every form uses: the hidden anti-forgery and anti-spam fields,
//! labelled fields with their errors tied to them, and the error summary.
//! Forms are plain HTML posts: they work without JavaScript.

use crate::i18n::{problem, t};
use crate::people::{FormState, Viewer};
use leptos::prelude::*;

/// The signed time the form was shown (spam check: minimum fill time).
#[derive(Clone, Debug)]
pub struct Started(pub String);

/// Hidden fields every form carries.
#[component]
pub fn FormGuard() -> impl IntoView {
    let csrf = use_context::<Viewer>().map(|v| v.csrf).unwrap_or_default();
    // A form sent too soon comes back with the stamp it was opened with
    // (see `again_with_stamp`); otherwise this page's own.
    let sent = use_context::<FormState>().map(|f| f.value("started")).filter(|s| !s.is_empty());
    let started = sent.or_else(|| use_context::<Started>().map(|s| s.0)).unwrap_or_default();
    view! {
        <input type="hidden" name="csrf" value=csrf />
        <input type="hidden" name="started" value=started />
        // For bots: hidden from people and from screen readers.
        <div class="hp" aria-hidden="true">
            // No id: a page holds several forms, and ids must be unique.
            <label>{t("form-leave-empty")}<input name="nickname" type="text" tabindex="-1" autocomplete="off" /></label>
        </div>
    }
}

/// A value to show in a field: what was just sent (or the record being
/// edited), else `initial`.
pub fn value_of(name: &str, initial: &Option<String>) -> String {
    match use_context::<FormState>() {
        Some(f) if f.values.iter().any(|(k, _)| k == name) => f.value(name),
        _ => initial.clone().unwrap_or_default(),
    }
}

/// What is wrong with a field, in the visitor's language.
pub fn error_of(name: &str) -> Option<String> {
    let form = use_context::<FormState>()?;
    let words: Vec<String> = form.errors_of(name).into_iter().map(problem).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The label of a form field, for the error summary and the moderator's
/// comparison.
pub fn field_label(field: &str) -> Option<String> {
    let key = match field {
        "meeting" => "register-meet-legend".to_string(),
        // The event form's fields, as a moderator compares them.
        "category" => "events-category".to_string(),
        "date" => "event-form-date".to_string(),
        "start_time" => "event-form-start".to_string(),
        "end_time" => "event-form-end".to_string(),
        "repeat" => "event-form-repeat".to_string(),
        "until" => "event-form-until".to_string(),
        "dates" | "rdates" => "event-form-dates".to_string(),
        "place" => "event-form-place".to_string(),
        "venue_name" => "event-form-venue-name".to_string(),
        "venue_town" => "event-form-venue-town".to_string(),
        "access" => "listing-accessibility".to_string(),
        "access_notes" => "event-form-access-notes".to_string(),
        "join" => "event-how-to-join".to_string(),
        "join_url" => "event-form-join-url".to_string(),
        "cost" => "event-cost".to_string(),
        "audience" => "event-audience".to_string(),
        "meet_start" => "event-form-start".to_string(),
        "meet_end" => "event-form-end".to_string(),
        "email" => "contact-your-email".to_string(),
        "message" => "contact-message".to_string(),
        "meeting_times" => "register-meets".to_string(),
        "release_reason" => "opt-out-release-reason".to_string(),
        "language" => "translation-original-language".to_string(),
        "translations" => "translating-legend".to_string(),
        "pattern" => "admin-blocked-pattern".to_string(),
        "block_reason" => "admin-reason".to_string(),
        "title" | "url" | "body" | "topics" | "publisher" => format!("share-{}", if field == "title" { "resource-title" } else { field }),
        other => format!("register-{}", other.replace('_', "-")),
    };
    let label = crate::i18n::t_or(&key, "");
    (!label.is_empty()).then_some(label)
}

/// The list of problems at the top of a form sent back, each linking to its field.
#[component]
pub fn ErrorSummary() -> impl IntoView {
    let errors = use_context::<FormState>().map(|f| f.errors).unwrap_or_default();
    (!errors.is_empty()).then(|| {
        view! {
            <div class="error-summary" role="alert" tabindex="-1" id="errors">
                <h2>{t("form-errors-title")}</h2>
                <ul>
                    {errors.into_iter().map(|(field, message)| {
                        let message = problem(&message);
                        let text = match field_label(&field) {
                            Some(label) => format!("{label}: {message}"),
                            None => message,
                        };
                        if field.is_empty() {
                            view! { <li>{text}</li> }.into_any()
                        } else {
                            view! { <li><a href=format!("#{field}")>{text}</a></li> }.into_any()
                        }
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}

/// A labelled one-line field.
#[component]
pub fn Field(
    name: &'static str,
    label: String,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = 200)] maxlength: usize,
    #[prop(optional)] value: Option<String>,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let error = error_of(name);
    let described = described_by(name, hint.is_some(), error.is_some());
    view! {
        <div class="field" class:has-error=error.is_some()>
            {field_head(name, label, hint, required, error.clone())}
            <input id=name name=name type=kind value=value_of(name, &value) required=required
                   maxlength=maxlength.to_string() dir="auto" autocomplete=autocomplete
                   aria-invalid=error.is_some().then_some("true") aria-describedby=described />
        </div>
    }
}

/// A labelled text area.
#[component]
pub fn TextArea(
    name: &'static str,
    label: String,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(default = 5000)] maxlength: usize,
    #[prop(optional)] value: Option<String>,
) -> impl IntoView {
    let error = error_of(name);
    let described = described_by(name, hint.is_some(), error.is_some());
    view! {
        <div class="field" class:has-error=error.is_some()>
            {field_head(name, label, hint, required, error.clone())}
            <textarea id=name name=name rows="5" required=required maxlength=maxlength.to_string() dir="auto"
                      aria-invalid=error.is_some().then_some("true") aria-describedby=described
                      inner_html=escape_text(&value_of(name, &value))></textarea>
        </div>
    }
}

/// A labelled choice from a short list: (value, label).
#[component]
pub fn Select(
    name: &'static str,
    label: String,
    options: Vec<(String, String)>,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] value: Option<String>,
) -> impl IntoView {
    let error = error_of(name);
    let described = described_by(name, hint.is_some(), error.is_some());
    let current = value_of(name, &value);
    view! {
        <div class="field" class:has-error=error.is_some()>
            {field_head(name, label, hint, false, error.clone())}
            <select id=name name=name aria-invalid=error.is_some().then_some("true") aria-describedby=described>
                {options.into_iter().map(|(v, l)| {
                    let selected = v == current;
                    view! { <option value=v selected=selected>{l}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// Text for the inside of an element. Leptos writes a textarea's text
/// child as it is, so it is escaped here (else `</textarea><script>` in a
/// stored description would run).
pub fn escape_text(s: &str) -> String {
    html_escape::encode_text(s).into_owned()
}

/// The label, hint and error above every field; the hint and error are
/// tied to the field by `aria-describedby` (see [`described_by`]).
fn field_head(name: &'static str, label: String, hint: Option<String>, required: bool, error: Option<String>) -> impl IntoView {
    view! {
        <label for=name>{label}{required.then(|| view! { " " <span class="required">{t("form-required")}</span> })}</label>
        {hint.map(|h| view! { <p class="hint" id=format!("{name}-hint")>{h}</p> })}
        {error.map(|e| view! { <p class="field-error" id=format!("{name}-error")>{e}</p> })}
    }
}

fn described_by(name: &str, hint: bool, error: bool) -> Option<String> {
    let ids: Vec<String> = [(hint, "hint"), (error, "error")].iter().filter(|(on, _)| *on).map(|(_, s)| format!("{name}-{s}")).collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

//! Form posts of registration, accounts, listing contact and moderation.
//! Each handler: spam and rate checks where the public can post, then the
//! use case, then a redirect (or the form again with its errors).

use super::forms::{check_human, see_other, Form, Human};
use super::session::{cookie, set_cookie, Admin, Moderator, Organiser, SESSION_COOKIE};
use super::AppState;
use crate::moderation::ActionError;
use app::listing_input::ListingInput;
use app::pages::thanks::Thanks;
use app::people::Role;
use app::problem::Problem;
use app::resource::ResourceInput;
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, SET_COOKIE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

pub fn router() -> super::area::Area {
    super::area::Area::new()
        .route("/register", post(register))
        .route("/share", post(share))
        .route("/confirm", post(confirm))
        .route("/login", post(login))
        .route("/login/confirm", post(login_confirm))
        .route("/logout", post(logout))
        .route("/still-active", post(still_active))
        .route("/account/export", get(export))
        .route("/account/delete", post(delete_account))
        .route("/account/listings/{slug}/edit", post(edit_listing))
        .route("/account/listings/{slug}/events/new", post(new_event))
        .route("/account/events/{slug}/edit", post(edit_event))
        .route("/account/listings/{slug}/calendar", post(follow_calendar))
        .route("/account/listings/{slug}/calendar/stop", post(stop_following))
        .route("/listings/{slug}/contact", post(contact))
        .route("/listings/{slug}/report", post(report))
        .route("/listings/{slug}/claim", post(claim))
        .route("/listings/{slug}/suggest-event", post(suggest_event))
        .route("/moderate/submissions/{id}/approve", post(approve))
        .route("/moderate/submissions/{id}/take", post(take_unconfirmed))
        .route("/moderate/submissions/{id}/reject", post(reject))
        .route("/moderate/reports/{id}/close", post(close_report))
        .route("/moderate/listings/{slug}/archive", post(archive))
        .route("/moderate/listings/{slug}/correct", post(correct_listing))
        .route("/admin/lockdown", post(lockdown))
        .route("/admin/people", post(set_role))
        .route("/admin/outbox/{id}/send", post(send_outbox_mail))
}

/// The public's forms: rate limit, then honeypot and fill time. A bot is
/// sent to `done`, the page a person would see, so it learns nothing.
pub(super) async fn public_checks(state: &AppState, form: Form, action: &'static str, done: &str) -> Result<Form, Response> {
    state.allow(action, form.client(state.trust_proxy)).await?;
    match check_human(state, &form) {
        // One post per stamp: a stamp passed thousands of posts.
        Human::Yes => match state.atlas.store.use_form_stamp(&crate::secrets::hash_token(&form.get(super::forms::STARTED)), 25).await {
            Ok(true) => Ok(form),
            Ok(false) => Err(form.again(state, StatusCode::UNPROCESSABLE_ENTITY, vec![(String::new(), Problem::FormAlreadySent)]).await),
            Err(e) => Err(super::forms::action_error_page(crate::moderation::ActionError::Store(e))),
        },
        Human::Bot => Err(see_other(done)),
        Human::TooFast => Err(form.again(state, StatusCode::UNPROCESSABLE_ENTITY, vec![(String::new(), Problem::TooFast)]).await),
        Human::TooOld => Err(form.again(state, StatusCode::UNPROCESSABLE_ENTITY, vec![(String::new(), Problem::FormTooOld)]).await),
    }
}

/// The language the page was in, for mail about this form.
fn lang(form: &Form) -> String {
    form.parts.extensions.get::<app::i18n::Locale>().map(|l| l.code()).unwrap_or_else(|| "en".into())
}

/// Splits "a, b; c" lists as typed.
fn list(form: &Form, names: &[&str]) -> Vec<String> {
    names
        .iter()
        .flat_map(|n| form.all(n))
        .flat_map(|v| v.split([',', ';', '\n']).map(|s| s.trim().to_string()).collect::<Vec<_>>())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The ticked languages and the others as typed: a name ("Pashto",
/// "Soomaali") becomes its code; an unknown one is kept so the rules name it.
fn languages(form: &Form) -> Vec<String> {
    let typed = list(form, &["other_languages"]).into_iter().map(|l| crate::language_names::code_of(&l).unwrap_or(l));
    list(form, &["languages"]).into_iter().chain(typed).collect()
}

/// The registration's ways to join the group. Each is published only when
/// its "show publicly" box is ticked: a volunteer's own number must never
/// go public by accident, and nothing unticked is kept.
fn with_join_channels(form: &Form, mut input: ListingInput) -> Result<ListingInput, ActionError> {
    use app::contact_channel::{uk_phone, ChatApp};
    let mut errors: Vec<(String, Problem)> = Vec::new();
    let ticked = |name: &str| form.get(&format!("show_{name}")) == "yes";
    let mut take = |name: &str, checked: Result<String, Problem>| match checked {
        Err(problem) => {
            errors.push((name.to_string(), problem));
            None
        }
        Ok(_) if !ticked(name) => {
            errors.push((name.to_string(), Problem::NotTickedToPublish));
            None
        }
        Ok(value) => Some(value),
    };
    let phone = form.get("phone");
    input.phone = if phone.trim().is_empty() { None } else { take("phone", uk_phone(&phone)) };
    for chat in ChatApp::all() {
        let link = form.get(chat.name());
        if !link.trim().is_empty() {
            input.social.extend(take(chat.name(), chat.check(&link)));
        }
    }
    if errors.is_empty() {
        Ok(input)
    } else {
        Err(ActionError::Invalid(errors))
    }
}

fn optional(form: &Form, name: &str) -> Option<String> {
    Some(form.get(name)).filter(|v| !v.is_empty())
}

/// The listing fields of the registration, edit and approve forms.
fn listing_from_form(form: &Form, contact_email: Option<&str>) -> Result<ListingInput, ActionError> {
    let mut errors = Vec::new();
    let mut number = |name: &str| -> Option<f64> {
        let v = form.get(name);
        if v.is_empty() {
            return None;
        }
        v.parse::<f64>().ok().filter(|n| n.is_finite()).or_else(|| {
            errors.push((name.to_string(), Problem::NotANumber { given: v.clone() }));
            None
        })
    };
    let (latitude, longitude) = (number("latitude"), number("longitude"));
    if !errors.is_empty() {
        return Err(ActionError::Invalid(errors));
    }
    let public_email = match contact_email {
        Some(c) if form.get("show_email") == "yes" => Some(c.to_string()),
        Some(_) => None,
        None => optional(form, "email"),
    };
    Ok(ListingInput {
        slug: String::new(),
        kind: form.get("kind"),
        name: form.get("name"),
        summary: form.get("summary"),
        town: form.get("town"),
        region: optional(form, "region"),
        precision: optional(form, "precision"),
        latitude,
        longitude,
        address: optional(form, "address"),
        description: form.get("description"),
        tags: list(form, &["tags"]),
        languages: languages(form),
        meeting_times: form.get("meeting_times"),
        accessibility: form.get("accessibility"),
        website: optional(form, "website"),
        email: public_email,
        phone: optional(form, "phone"),
        last_confirmed: None,
        schedule: Vec::new(),
        social: list(form, &["social"]),
        language: optional(form, "language"),
        // Kept from the stored listing when an edit is proposed.
        translations: Default::default(),
    })
}

fn resource_from_form(form: &Form) -> ResourceInput {
    ResourceInput {
        slug: String::new(),
        title: form.get("title"),
        summary: form.get("summary"),
        body: form.get("body"),
        url: optional(form, "url"),
        kind: form.get("kind"),
        topics: list(form, &["topics"]),
        languages: languages(form),
        publisher: optional(form, "publisher"),
        published: optional(form, "published"),
        language: optional(form, "language"),
        // Kept from the submitted record when a moderator corrects it.
        translations: Default::default(),
        translation_of: optional(form, "translation_of"),
    }
}

async fn register(State(state): State<AppState>, form: Form) -> Response {
    if !form.get(app::pages::translating::ADD).is_empty() {
        return add_translation(&state, form, &app::translation::LISTING_FIELDS).await;
    }
    let form = match public_checks(&state, form, "register", &Thanks::Registered.path()).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let contact = form.get("contact_email");
    // Every problem of the form at once: the listing's fields, the ways to
    // join and the regular meeting (a tired person is sent back once).
    let today = crate::events::query::today_in_london();
    let meeting = crate::events::regular::meeting_fields(|n| form.get(n), &form.get("name"), today);
    let input = listing_from_form(&form, Some(&contact)).and_then(|input| with_join_channels(&form, input)).map(|mut input| {
        input.translations = translations_of(&form);
        input
    });
    let outcome = match (input, meeting) {
        (Ok(input), Ok(meeting)) => state.atlas.register_listing(input, &contact, &lang(&form), meeting).await,
        (Err(ActionError::Invalid(mut problems)), Err(more)) => {
            problems.extend(more);
            Err(ActionError::Invalid(problems))
        }
        (Err(e), _) => Err(e),
        (Ok(_), Err(problems)) => Err(ActionError::Invalid(problems)),
    };
    match outcome {
        Ok(_) => see_other(&Thanks::Registered.path()),
        Err(e) => form.refused(&state, e).await,
    }
}

async fn share(State(state): State<AppState>, form: Form) -> Response {
    let form = match public_checks(&state, form, "register", &Thanks::Shared.path()).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    match state.atlas.share_resource(resource_from_form(&form), &form.get("contact_email"), &lang(&form)).await {
        Ok(_) => see_other(&Thanks::Shared.path()),
        Err(e) => form.refused(&state, e).await,
    }
}

async fn confirm(State(state): State<AppState>, form: Form) -> Response {
    match state.atlas.confirm_submission(&form.get("token")).await {
        Ok(_) => see_other(&Thanks::Confirmed.path()),
        Err(e) => super::forms::action_error_page(e),
    }
}

async fn login(State(state): State<AppState>, form: Form) -> Response {
    if let Err(refused) = state.allow("login", form.client(state.trust_proxy)).await {
        return refused;
    }
    let next = form.get("next");
    match state.atlas.request_sign_in(&form.get("email"), &lang(&form), Some(&next)).await {
        // The same answer whether or not the address has an account.
        Ok(()) => see_other(&Thanks::SignIn.path()),
        Err(e) => form.refused(&state, e).await,
    }
}

async fn login_confirm(State(state): State<AppState>, form: Form) -> Response {
    // Its own count: people behind one shared address asking for links
    // must not stop each other using the ones they were sent.
    if let Err(refused) = state.allow("login-confirm", form.client(state.trust_proxy)).await {
        return refused;
    }
    match state.atlas.sign_in(&form.get("token")).await {
        Ok((session, user)) => {
            // Back where the person was asked to sign in, if that was here.
            let next = form.get("next");
            let home = if user.role.moderates() { "/moderate" } else { "/account" };
            let to = app::people::safe_next(&next).unwrap_or(home);
            let max_age = u64::from(crate::accounts::SESSION_DAYS) * 86_400;
            let mut response = see_other(to);
            response.headers_mut().append(SET_COOKIE, set_cookie(SESSION_COOKIE, &session, max_age, state.secure_cookies));
            response
        }
        Err(e) => super::forms::action_error_page(e),
    }
}

async fn logout(State(state): State<AppState>, form: Form) -> Response {
    if let Some(session) = cookie(&form.parts.headers, SESSION_COOKIE) {
        if let Err(e) = state.atlas.sign_out(&session).await {
            return super::forms::action_error_page(e.into());
        }
    }
    let mut response = see_other("/");
    response.headers_mut().append(SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0, state.secure_cookies));
    response
}

async fn still_active(State(state): State<AppState>, form: Form) -> Response {
    match state.atlas.still_active(&form.get("token")).await {
        Ok(_) => see_other(&Thanks::StillActive.path()),
        Err(e) => super::forms::action_error_page(e),
    }
}

async fn export(State(state): State<AppState>, Organiser(user): Organiser) -> Response {
    match state.atlas.export(&user).await {
        Ok(data) => (
            [(CONTENT_TYPE, "application/json"), (CONTENT_DISPOSITION, "attachment; filename=\"solidarity-atlas-my-data.json\"")],
            serde_json::to_string_pretty(&data).unwrap_or_default(),
        )
            .into_response(),
        Err(e) => super::forms::action_error_page(e),
    }
}

async fn delete_account(State(state): State<AppState>, Organiser(user): Organiser, form: Form) -> Response {
    if form.get("confirm") != "yes" {
        return form.refused(&state, ActionError::field("confirm_delete", Problem::ConfirmDelete)).await;
    }
    match state.atlas.delete_account(&user).await {
        Ok(_) => {
            let mut response = see_other(&Thanks::Deleted.path());
            response.headers_mut().append(SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0, state.secure_cookies));
            response
        }
        Err(e) => super::forms::action_error_page(e),
    }
}

async fn edit_listing(State(state): State<AppState>, Organiser(user): Organiser, Path(slug): Path<String>, form: Form) -> Response {
    if !form.get(app::pages::translating::ADD).is_empty() {
        return add_translation(&state, form, &app::translation::LISTING_FIELDS).await;
    }
    let with_translations = !form.get(app::pages::translating::SHOWN).is_empty();
    let outcome = match listing_from_form(&form, None) {
        Ok(mut input) => {
            input.translations = translations_of(&form);
            state.atlas.propose_listing_edit(&user, &slug, input, with_translations).await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(_) => see_other(&Thanks::Edit.path()),
        Err(e) => form.refused(&state, e).await,
    }
}

/// The translations typed into a form (`tr.<lang>.<field>`).
fn translations_of(form: &Form) -> app::translation::Translations {
    app::translation::from_form(form.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// "Add a language": the same form again, with what was typed and the
/// chosen language's empty fields (nothing is sent to the moderators).
async fn add_translation(state: &AppState, mut form: Form, fields: &[app::translation::TextField]) -> Response {
    let lang = form.get("add_language");
    form.fields.retain(|(k, _)| k != app::pages::translating::ADD && k != "add_language");
    let valid = (2..=8).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_lowercase() || c == '-');
    if valid && !form.fields.iter().any(|(k, _)| k.starts_with(&format!("tr.{lang}."))) {
        form.fields.extend(fields.iter().map(|f| (app::translation::form_name(&lang, f.name), String::new())));
    }
    form.again(state, StatusCode::OK, Vec::new()).await
}

/// The event form's fields as sent (tick boxes joined: "en, ar"; the
/// languages typed by name as their codes).
fn event_fields(form: &Form) -> crate::events::form::Fields {
    let mut fields: crate::events::form::Fields = crate::events::form::FIELDS
        .iter()
        .map(|name| (name.to_string(), form.all(name).iter().map(|v| v.trim()).filter(|v| !v.is_empty()).collect::<Vec<_>>().join(", ")))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let spoken = languages(form).join(", ");
    if !spoken.is_empty() {
        fields.insert("languages".into(), spoken);
    }
    // The translations part: the original's language and each translated field.
    for (k, v) in &form.fields {
        if k.starts_with("tr.") || k == "language" || k == app::pages::translating::SHOWN {
            fields.insert(k.clone(), v.trim().to_string());
        }
    }
    fields
}

async fn new_event(State(state): State<AppState>, Organiser(user): Organiser, Path(slug): Path<String>, form: Form) -> Response {
    if !form.get(app::pages::translating::ADD).is_empty() {
        return add_translation(&state, form, &app::translation::EVENT_FIELDS).await;
    }
    match state.atlas.propose_event(&user, &slug, event_fields(&form), None).await {
        Ok(_) => see_other(&Thanks::Event.path()),
        Err(e) => form.refused(&state, e).await,
    }
}

/// Changes to a series (to the moderators), or one date cancelled (at once).
async fn edit_event(State(state): State<AppState>, Organiser(user): Organiser, Path(slug): Path<String>, form: Form) -> Response {
    let date = form.get("cancel_date");
    if !date.is_empty() {
        let status = match form.get("date_status").as_str() {
            "" => Ok(app::event::OccurrenceStatus::Cancelled),
            other => other.parse::<app::event::OccurrenceStatus>().map_err(|p| ActionError::field("date_status", p)),
        };
        let changed = match status {
            Ok(status) => state.atlas.change_occurrence(&user, &slug, &date, status).await.map(|()| status),
            Err(e) => Err(e),
        };
        return match changed {
            Ok(app::event::OccurrenceStatus::Cancelled) => see_other(&Thanks::Cancelled.path()),
            Ok(_) => see_other(&Thanks::DateChanged.path()),
            Err(e) => form.refused(&state, e).await,
        };
    }
    if !form.get(app::pages::translating::ADD).is_empty() {
        return add_translation(&state, form, &app::translation::EVENT_FIELDS).await;
    }
    let listing = match state.atlas.event_for_edit(&user, &slug).await {
        Ok(Some((listing, _))) => listing,
        Ok(None) => return super::forms::action_error_page(ActionError::NotFound(Problem::NoSuchListing)),
        Err(e) => return form.refused(&state, e).await,
    };
    match state.atlas.propose_event(&user, &listing, event_fields(&form), Some(&slug)).await {
        Ok(_) => see_other(&Thanks::Edit.path()),
        Err(e) => form.refused(&state, e).await,
    }
}

/// Follow the group's own calendar: read at once, then to the moderators.
async fn follow_calendar(State(state): State<AppState>, Organiser(user): Organiser, Path(slug): Path<String>, form: Form) -> Response {
    let public_venues = form.get("public_venues") == "yes";
    match state.atlas.follow_calendar(&user, &slug, &form.get("url"), public_venues, &lang(&form)).await {
        Ok(_) => see_other(&Thanks::Calendar.path()),
        Err(e) => form.refused(&state, e).await,
    }
}

async fn stop_following(State(state): State<AppState>, Organiser(user): Organiser, Path(slug): Path<String>, form: Form) -> Response {
    match state.atlas.stop_following(&user, &slug).await {
        Ok(()) => see_other(&Thanks::CalendarStopped.path()),
        Err(e) => form.refused(&state, e).await,
    }
}

async fn contact(State(state): State<AppState>, Path(slug): Path<String>, form: Form) -> Response {
    let form = match public_checks(&state, form, "contact", &Thanks::Message.path()).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    match state.atlas.contact_group(&slug, &form.get("name"), &form.get("email"), &form.get("message")).await {
        Ok(()) => see_other(&Thanks::Message.path()),
        Err(e) => form.refused(&state, e).await,
    }
}

async fn report(State(state): State<AppState>, Path(slug): Path<String>, form: Form) -> Response {
    let form = match public_checks(&state, form, "report", &Thanks::Report.path()).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    match state.atlas.report_listing(&slug, &form.get("category"), &form.get("message")).await {
        Ok(()) => see_other(&Thanks::Report.path()),
        Err(e) => form.refused(&state, e).await,
    }
}

async fn claim(State(state): State<AppState>, Path(slug): Path<String>, form: Form) -> Response {
    let form = match public_checks(&state, form, "register", &Thanks::Claim.path()).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    match state.atlas.claim_listing(&slug, &form.get("contact_email"), &form.get("message"), &lang(&form)).await {
        Ok(_) => see_other(&Thanks::Claim.path()),
        Err(e) => form.refused(&state, e).await,
    }
}

async fn suggest_event(State(state): State<AppState>, Path(slug): Path<String>, form: Form) -> Response {
    let form = match public_checks(&state, form, "register", &Thanks::Suggested.path()).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    match state.atlas.suggest_event(&slug, event_fields(&form), &form.get("contact_email"), &lang(&form)).await {
        Ok(_) => see_other(&Thanks::Suggested.path()),
        Err(e) => form.refused(&state, e).await,
    }
}

/// A submission's or report's number from the address; None if it is not one.
fn record_id(raw: &str) -> Option<i64> {
    raw.parse().ok().filter(|id| *id > 0)
}

fn no_such_record() -> Response {
    super::forms::action_error_page(ActionError::NotFound(Problem::NoSuchSubmission))
}

async fn approve(State(state): State<AppState>, Moderator(user): Moderator, Path(id): Path<String>, form: Form) -> Response {
    let Some(id) = record_id(&id) else { return no_such_record() };
    // The moderator may have corrected the record before approving.
    let edited = if !form.get("title").is_empty() {
        Some(crate::moderation::resource_value(&resource_from_form(&form)))
    } else if !form.get("name").is_empty() {
        match listing_from_form(&form, None) {
            Ok(input) => Some(crate::moderation::listing_value(&input)),
            Err(e) => return form.refused(&state, e).await,
        }
    } else {
        None
    };
    match state.atlas.approve(&user, id, edited).await {
        // The queue again, saying where the published page is.
        // (A page's path is slugs and slashes: nothing to escape.)
        Ok(Some(page)) => see_other(&format!("/moderate?published={page}")),
        Ok(None) => see_other("/moderate"),
        Err(e) => form.refused(&state, e).await,
    }
}

async fn take_unconfirmed(State(state): State<AppState>, Moderator(user): Moderator, Path(id): Path<String>, form: Form) -> Response {
    let Some(id) = record_id(&id) else { return no_such_record() };
    match state.atlas.take_unconfirmed(&user, id).await {
        Ok(()) => see_other(&format!("/moderate/submissions/{id}")),
        Err(e) => form.refused(&state, e).await,
    }
}

async fn reject(State(state): State<AppState>, Moderator(user): Moderator, Path(id): Path<String>, form: Form) -> Response {
    let Some(id) = record_id(&id) else { return no_such_record() };
    let relisting = relisting(&form);
    match state.atlas.reject(&user, id, &form.get("reason"), relisting).await {
        // The queue again, saying what was done.
        Ok(()) => see_other(match relisting {
            crate::moderation::Relisting::Allowed => "/moderate?rejected=sent",
            crate::moderation::Relisting::Never => "/moderate?rejected=never-again",
        }),
        Err(e) => form.refused(&state, e).await,
    }
}

/// The "never list this group again" box of the reject and archive forms.
fn relisting(form: &Form) -> crate::moderation::Relisting {
    match form.get("opt_out").as_str() {
        "" => crate::moderation::Relisting::Allowed,
        _ => crate::moderation::Relisting::Never,
    }
}

async fn close_report(State(state): State<AppState>, Moderator(user): Moderator, Path(id): Path<String>, form: Form) -> Response {
    let Some(id) = record_id(&id) else { return no_such_record() };
    match state.atlas.close_report(&user, id, &form.get("note")).await {
        Ok(()) => see_other("/moderate"),
        Err(e) => super::forms::action_error_page(e),
    }
}

async fn archive(State(state): State<AppState>, Moderator(user): Moderator, Path(slug): Path<String>, form: Form) -> Response {
    if form.get("reason").is_empty() {
        return form.refused(&state, ActionError::field("reason", Problem::ReasonForAudit)).await;
    }
    match state.atlas.archive_listing(&user, &slug, &form.get("reason"), relisting(&form)).await {
        Ok(()) => see_other(&format!("/moderate/listings/{slug}")),
        Err(e) => super::forms::action_error_page(e),
    }
}

async fn correct_listing(State(state): State<AppState>, Moderator(user): Moderator, Path(slug): Path<String>, form: Form) -> Response {
    let report = form.get("report").parse::<i64>().ok();
    let outcome = match listing_from_form(&form, None) {
        Ok(input) => state.atlas.correct_listing(&user, &slug, input, &form.get("correction_reason"), report).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => see_other(&format!("/moderate/listings/{slug}")),
        Err(e) => form.refused(&state, e).await,
    }
}

async fn send_outbox_mail(State(state): State<AppState>, Admin(user): Admin, Path(id): Path<String>, _form: Form) -> Response {
    let Some(id) = record_id(&id) else { return no_such_record() };
    match state.atlas.send_outbox_mail(&user, id).await {
        Ok(()) => see_other("/admin#outbox"),
        Err(e) => super::forms::action_error_page(e),
    }
}

async fn lockdown(State(state): State<AppState>, Admin(user): Admin, form: Form) -> Response {
    let on = match form.get("on").as_str() {
        "on" => true,
        "off" => false,
        _ => return super::forms::action_error_page(ActionError::field("on", Problem::OnOrOff)),
    };
    match state.atlas.set_lockdown(&user, on, &form.get("reason")).await {
        Ok(()) => see_other("/admin"),
        Err(e) => super::forms::action_error_page(e),
    }
}

async fn set_role(State(state): State<AppState>, Admin(user): Admin, form: Form) -> Response {
    let Ok(role) = form.get("role").parse::<Role>() else {
        return form.refused(&state, ActionError::field("role", Problem::ChooseRole)).await;
    };
    match state.atlas.set_role(&user, &form.get("email"), role, list(&form, &["regions"])).await {
        Ok(_) => see_other("/admin"),
        Err(e) => form.refused(&state, e).await,
    }
}

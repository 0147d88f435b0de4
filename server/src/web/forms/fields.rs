//! Reading the fields of the listing, resource and event forms into the
//! use cases' input (the registration, edit, correction and approval forms
//! share them).

use super::Form;
use crate::moderation::ActionError;
use app::listing_input::ListingInput;
use app::problem::Problem;
use app::resource::ResourceInput;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// The language the page was in, for mail about this form.
pub fn lang(form: &Form) -> String {
    form.parts.extensions.get::<app::i18n::Locale>().map(|l| l.code()).unwrap_or_else(|| "en".into())
}

/// Splits "a, b; c" lists as typed.
pub fn list(form: &Form, names: &[&str]) -> Vec<String> {
    let given: Vec<String> = names.iter().flat_map(|n| form.all(n)).collect();
    split(&given)
}

fn split(given: &[String]) -> Vec<String> {
    given.iter().flat_map(|v| v.split([',', ';', '\n']).map(|s| s.trim().to_string())).filter(|s| !s.is_empty()).collect()
}

/// The ticked languages and the others as typed: a name ("Pashto",
/// "Soomaali") becomes its code; an unknown one is kept so the rules name it.
fn spoken(ticked: &[String], typed: &[String]) -> Vec<String> {
    let typed = split(typed).into_iter().map(|l| crate::language_names::code_of(&l).unwrap_or(l));
    split(ticked).into_iter().chain(typed).collect()
}

fn languages(form: &Form) -> Vec<String> {
    spoken(&form.all("languages"), &form.all("other_languages"))
}

/// The registration's ways to join the group. Each is published only when
/// its "show publicly" box is ticked: a volunteer's own number must never
/// go public by accident, and nothing unticked is kept.
pub fn with_join_channels(form: &Form, mut input: ListingInput) -> Result<ListingInput, ActionError> {
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

/// A field left empty is not given.
fn optional(value: String) -> Option<String> {
    Some(value).filter(|v| !v.is_empty())
}

/// The listing fields of the registration, edit and approve forms, as
/// sent (values trimmed; lists as ticked or typed).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListingForm {
    kind: String,
    name: String,
    summary: String,
    town: String,
    region: String,
    precision: String,
    latitude: String,
    longitude: String,
    address: String,
    description: String,
    tags: Vec<String>,
    languages: Vec<String>,
    other_languages: Vec<String>,
    meeting_times: String,
    accessibility: String,
    website: String,
    email: String,
    show_email: String,
    phone: String,
    social: Vec<String>,
    language: String,
}

impl ListingForm {
    /// The use cases' input: `contact_email` (the registration's) is
    /// published only when "show" was ticked; other forms take `email`.
    pub fn into_input(self, contact_email: Option<&str>) -> Result<ListingInput, ActionError> {
        let mut errors = Vec::new();
        let mut number = |name: &str, v: String| -> Option<f64> {
            if v.is_empty() {
                return None;
            }
            v.parse::<f64>().ok().filter(|n| n.is_finite()).or_else(|| {
                errors.push((name.to_string(), Problem::NotANumber { given: v }));
                None
            })
        };
        let (latitude, longitude) = (number("latitude", self.latitude), number("longitude", self.longitude));
        if !errors.is_empty() {
            return Err(ActionError::Invalid(errors));
        }
        let email = match contact_email {
            Some(c) if self.show_email == "yes" => Some(c.to_string()),
            Some(_) => None,
            None => optional(self.email),
        };
        Ok(ListingInput {
            slug: String::new(),
            kind: self.kind,
            name: self.name,
            summary: self.summary,
            town: self.town,
            region: optional(self.region),
            precision: optional(self.precision),
            latitude,
            longitude,
            address: optional(self.address),
            description: self.description,
            tags: split(&self.tags),
            languages: spoken(&self.languages, &self.other_languages),
            meeting_times: self.meeting_times,
            accessibility: self.accessibility,
            website: optional(self.website),
            email,
            phone: optional(self.phone),
            last_confirmed: None,
            schedule: Vec::new(),
            social: split(&self.social),
            language: optional(self.language),
            // Kept from the stored listing when an edit is proposed.
            translations: Default::default(),
        })
    }
}

/// The "share a resource" form and the moderator's correction of one.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ResourceForm {
    title: String,
    summary: String,
    body: String,
    url: String,
    kind: String,
    topics: Vec<String>,
    languages: Vec<String>,
    other_languages: Vec<String>,
    publisher: String,
    published: String,
    language: String,
    translation_of: String,
}

impl From<ResourceForm> for ResourceInput {
    fn from(form: ResourceForm) -> Self {
        ResourceInput {
            slug: String::new(),
            title: form.title,
            summary: form.summary,
            body: form.body,
            url: optional(form.url),
            kind: form.kind,
            topics: split(&form.topics),
            languages: spoken(&form.languages, &form.other_languages),
            publisher: optional(form.publisher),
            published: optional(form.published),
            language: optional(form.language),
            // Kept from the submitted record when a moderator corrects it.
            translations: Default::default(),
            translation_of: optional(form.translation_of),
        }
    }
}

/// The translations typed into a form (`tr.<lang>.<field>`).
pub fn translations_of(form: &Form) -> app::translation::Translations {
    app::translation::from_form(form.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// "Add a language": the same form again, with what was typed and the
/// chosen language's empty fields (nothing is sent to the moderators).
pub fn add_translation(mut form: Form, page: &str, fields: &[app::translation::TextField]) -> Response {
    let lang = form.get("add_language");
    form.fields.retain(|(k, _)| k != app::pages::translating::ADD && k != "add_language");
    let valid = (2..=8).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_lowercase() || c == '-');
    if valid && !form.fields.iter().any(|(k, _)| k.starts_with(&format!("tr.{lang}."))) {
        form.fields.extend(fields.iter().map(|f| (app::translation::form_name(&lang, f.name), String::new())));
    }
    form.again_on(page, StatusCode::OK, Vec::new()).into_response()
}

/// The event form's fields as sent (tick boxes joined: "en, ar"; the
/// languages typed by name as their codes).
pub fn event_fields(form: &Form) -> crate::events::form::Fields {
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

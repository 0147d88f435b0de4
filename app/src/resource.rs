//! Resources of the library: toolkits, guides, know-your-rights sheets,
//! templates, recordings, reading lists. The input rules and the public view.

use crate::listing_input::{check_length, check_slug, clean_line, clean_list, is_iso_date, optional, FieldError};
use crate::model::ListingStatus;
use crate::problem::Problem;
use crate::translation::Translations;
use serde::{Deserialize, Serialize};

pub const RESOURCE_KINDS: [&str; 7] = ["toolkit", "guide", "know-your-rights", "template", "recording", "reading", "other"];

/// A resource's fields by name, in the order a moderator reads them: the
/// one list the back office takes them from (as [`crate::listing_input::ListingField`]
/// is a listing's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum ResourceField {
    Title,
    Kind,
    Summary,
    Body,
    Url,
    Topics,
    Languages,
    Publisher,
    Published,
}

impl ResourceField {
    /// Its name in records and forms.
    pub fn name(self) -> &'static str {
        self.into()
    }

    pub fn all() -> impl Iterator<Item = ResourceField> {
        <ResourceField as strum::IntoEnumIterator>::iter()
    }
}

/// A resource as submitted (importer now, the "share a resource" form later).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceInput {
    pub slug: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// Markdown; sanitised when shown.
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub url: Option<String>,
    pub kind: String,
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    /// YYYY-MM-DD
    #[serde(default)]
    pub published: Option<String>,
    /// The language the text is written in (default: the first of `languages`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Title, summary and body in other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub translations: Translations,
    /// The slug of the same sheet in another language: both are then one
    /// translation set.
    #[serde(default)]
    pub translation_of: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ValidResource {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub url: Option<String>,
    pub kind: String,
    pub topics: Vec<String>,
    pub languages: Vec<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub status: ListingStatus,
    pub language: String,
    pub translations: Translations,
    pub translation_of: Option<String>,
}

/// What the public sees of a published resource.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub body_html: String,
    pub url: Option<String>,
    pub kind: String,
    pub topics: Vec<String>,
    pub languages: Vec<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub updated_at: String,
    /// The language the text is written in.
    #[serde(default)]
    pub language: String,
    /// Title, summary and body (and `body_html`) in other languages.
    #[serde(default)]
    pub translations: Translations,
    /// The translation set: the slug of its first member.
    #[serde(default)]
    pub translation_of: Option<String>,
}

impl Resource {
    /// This resource with its text in `wanted` where translated.
    pub fn in_language(&self, wanted: &str) -> Resource {
        let lang = crate::translation::shown_language(&self.language, &self.translations, wanted);
        if lang == self.language {
            return self.clone();
        }
        let mut r = self.clone();
        self.translations.put_into(
            &lang,
            &mut [("title", &mut r.title), ("summary", &mut r.summary)],
            ("body", &mut r.body, &mut r.body_html),
        );
        r.language = lang;
        r
    }

    /// The translation set this resource belongs to (its own slug when first).
    pub fn set_key(&self) -> &str {
        self.translation_of.as_deref().unwrap_or(&self.slug)
    }
}

impl ResourceInput {
    pub fn validate(self, status: ListingStatus) -> Result<ValidResource, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field, problem: Problem| errors.push(FieldError { field, problem });
        let slug = self.slug.trim().to_string();
        if let Err(p) = check_slug(&slug) {
            fail("slug", p);
        }
        let title = clean_line(&self.title);
        check_length(&mut fail, "title", &title, 1, 300);
        crate::listing_input::check_hidden(&mut fail, "title", &title);
        let summary = clean_line(&self.summary);
        check_length(&mut fail, "summary", &summary, 0, 1000);
        let body = crate::listing_input::clean_text(&self.body);
        check_length(&mut fail, "body", &body, 0, 100_000);
        crate::listing_input::check_markdown_depth(&mut fail, "body", &body);
        let kind = self.kind.trim().to_string();
        if !RESOURCE_KINDS.contains(&kind.as_str()) {
            fail("kind", Problem::UnknownKind { given: kind.clone(), known: RESOURCE_KINDS.join(", ") });
        }
        let url = optional(self.url);
        if let Some(u) = &url {
            if !(u.starts_with("https://") || u.starts_with("http://")) || u.contains(char::is_whitespace) || u.len() > 500 {
                fail("url", Problem::NotWebLink { given: u.clone() });
            }
        }
        let topics = clean_list(
            &mut fail,
            "topics",
            &self.topics,
            |t| t.to_lowercase(),
            |t| (t.chars().count() > 60).then(|| Problem::EntryTooLong { entry: t.to_string(), max: 60 }),
        );
        let languages = crate::listing_input::clean_languages(&mut fail, &self.languages);
        if languages.is_empty() {
            fail("languages", Problem::LanguageNeeded);
        }
        let publisher = optional(self.publisher).map(|p| clean_line(&p));
        let published = optional(self.published);
        if let Some(d) = &published {
            if !is_iso_date(d) {
                fail("published", Problem::NotDate { given: d.clone() });
            }
        }
        let language =
            crate::translation::check_original_language(&mut fail, self.language.as_deref().or(languages.first().map(String::as_str)));
        let original = [&title, &summary, &body].into_iter().cloned().chain(url.iter().cloned()).collect::<Vec<_>>().join("\n");
        let translations = crate::translation::check_translations(
            &mut fail,
            &crate::translation::RESOURCE_FIELDS,
            &language,
            &original,
            &self.translations,
        );
        let translation_of = optional(self.translation_of).filter(|of| *of != slug);
        if let Some(of) = &translation_of {
            if let Err(p) = check_slug(of) {
                fail("translation_of", p);
            }
        }
        if errors.is_empty() {
            Ok(ValidResource {
                slug,
                title,
                summary,
                body,
                url,
                kind,
                topics,
                languages,
                publisher,
                published,
                status,
                language,
                translations,
                translation_of,
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_resource_field_is_a_field_of_the_record() {
        let record = serde_json::to_value(ResourceInput::default()).unwrap();
        for field in ResourceField::all() {
            assert!(record.get(field.name()).is_some(), "{field:?} is not a field of ResourceInput");
        }
    }

    #[test]
    fn resources_are_checked() {
        let ok = ResourceInput {
            slug: "kyr-reporting".into(),
            title: "Know your rights: reporting".into(),
            kind: "know-your-rights".into(),
            languages: vec!["en".into()],
            ..Default::default()
        };
        assert!(ok.clone().validate(ListingStatus::Published).is_ok());
        let bad = ResourceInput { kind: "leaflet".into(), languages: vec![], url: Some("ftp://x".into()), ..ok };
        let fields: Vec<_> = bad.validate(ListingStatus::Pending).unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["kind", "url", "languages"]);
    }
}

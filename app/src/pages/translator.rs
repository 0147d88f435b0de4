//! `/account/translate/{listing|event|resource}/{slug}?lang=xx`: a translator
//! writes one language of a published record, the original beside each
//! field, read-only (stacked above it on a phone). Plain GET and POST
//! forms: no JavaScript needed. What is sent goes to a moderator.

use crate::i18n::{t, t_with};
use crate::language::language_name;
use crate::pages::errors::{NotFound, ServerError};
use crate::pages::form::{escape_text, field_label, ErrorSummary, FormGuard};
use crate::pages::register::COMMON_LANGUAGES;
use crate::pages::translated::page_language;
use crate::people::{Entity, FormState, Viewer};
use crate::ports::Services;
use crate::translation::{form_name, text_dir, ToTranslate};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The translate page's address for a record.
pub fn path(entity: Entity, slug: &str) -> String {
    format!("/account/translate/{}/{slug}", entity.as_str())
}

/// A language code as typed into the address, if it looks like one.
fn language_code(given: &str) -> Option<String> {
    let code = given.trim().to_lowercase();
    ((2..=8).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase() || c == '-')).then_some(code)
}

/// "Translate" on a published record's page, for translators only.
#[component]
pub fn TranslateLink(entity: Entity, slug: String) -> impl IntoView {
    let translates = use_context::<Viewer>().and_then(|v| v.role()).is_some_and(|r| r.translates());
    translates.then(|| view! { <p class="translate-link"><a href=path(entity, &slug)>{t("translator-link")}</a></p> })
}

#[component]
pub fn TranslatePage() -> impl IntoView {
    let params = use_params_map().read_untracked();
    let slug = params.get("slug").unwrap_or_default();
    let Some(entity) = params.get("entity").and_then(|e| e.parse::<Entity>().ok()).filter(|e| *e != Entity::Calendar) else {
        return view! { <NotFound /> }.into_any();
    };
    let viewer = use_context::<Viewer>().unwrap_or_default();
    let services = expect_context::<Services>();
    // Sent back with a problem: the language and text as they were sent.
    let sent = use_context::<FormState>().unwrap_or_default();
    let asked = Some(sent.value("lang")).filter(|l| !l.is_empty()).or_else(|| use_query_map().read_untracked().get("lang"));
    let record = move || {
        let (services, user, slug) = (services.clone(), viewer.user.clone(), slug.clone());
        async move {
            match user {
                Some(u) => services.backoffice.to_translate(&u, entity, &slug).await.map_err(|e| e.0),
                None => Ok(None),
            }
        }
    };
    view! {
        <Title text=format!("{} · {}", t("translator-link"), t("site-name")) />
        <Suspense>
            {move || {
                let (asked, sent) = (asked.clone(), sent.clone());
                let fut = record();
                Suspend::new(async move {
                    match fut.await {
                        Err(_) => view! { <ServerError /> }.into_any(),
                        Ok(None) => view! { <NotFound /> }.into_any(),
                        Ok(Some(r)) => view! { <TranslateForm r asked sent /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}

#[component]
fn TranslateForm(r: ToTranslate, asked: Option<String>, sent: FormState) -> impl IntoView {
    // The language asked for, else the page's, else the first common one
    // that is not the original's.
    let lang = asked
        .as_deref()
        .and_then(language_code)
        .or_else(|| Some(page_language()))
        .filter(|l| *l != r.language)
        .or_else(|| COMMON_LANGUAGES.iter().find(|l| **l != r.language).map(|l| l.to_string()))
        .unwrap_or_default();
    let (dir, original_dir) = (text_dir(&lang), text_dir(&r.language));
    let name = r.original.first().map(|(_, v)| v.clone()).unwrap_or_default();
    let public = match r.entity {
        Entity::Resource => format!("/library/{}", r.slug),
        Entity::Event => format!("/events/{}", r.slug),
        _ => format!("/listings/{}", r.slug),
    };
    let choices: Vec<&str> = COMMON_LANGUAGES
        .into_iter()
        .chain((!COMMON_LANGUAGES.contains(&lang.as_str())).then_some(lang.as_str()))
        .filter(|l| *l != r.language)
        .collect();
    let choices: Vec<String> = choices.into_iter().map(str::to_string).collect();
    let sent_back = !sent.values.is_empty();
    let action = path(r.entity, &r.slug);
    let page = page_language();
    view! {
        <p><a href=public>{t("translator-back")}</a></p>
        <h1>{t("translator-title")}" "<bdi lang=r.language.clone() dir=original_dir>{name}</bdi></h1>
        <p>{t("translator-intro")}</p>
        <form method="get" action=action.clone() class="short-form translate-choose">
            <div class="field">
                <label for="lang">{t("translator-choose")}</label>
                <select id="lang" name="lang">
                    {choices.iter().map(|code| {
                        let selected = *code == lang;
                        view! { <option value=code.clone() selected=selected lang=code.clone()>{language_name(code)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="secondary">{t("translator-show")}</button>
        </form>
        {r.waiting.contains(&lang).then(|| view! {
            <p class="notice">{t_with("translator-already-waiting", &[("language", language_name(&lang).into())])}</p>
        })}
        <ErrorSummary />
        <form method="post" action=action class="long-form translate-form" id="translations" novalidate>
            <FormGuard />
            <input type="hidden" name="lang" value=lang.clone() />
            // Only what the original has is there to translate.
            {r.original.iter().filter(|(_, original)| !original.trim().is_empty()).map(|(f, original)| {
                let field = form_name(&lang, f.name);
                let value = if sent_back { sent.value(&field) } else { r.translations.get(&lang, f.name).unwrap_or_default().to_string() };
                let label = field_label(f.name).unwrap_or_else(|| f.name.to_string());
                let max = f.max.to_string();
                let input = if f.multiline {
                    view! { <textarea id=field.clone() name=field.clone() rows="6" maxlength=max lang=lang.clone() dir=dir inner_html=escape_text(&value)></textarea> }.into_any()
                } else {
                    view! { <input id=field.clone() name=field.clone() type="text" value=value maxlength=max lang=lang.clone() dir=dir /> }.into_any()
                };
                view! {
                    <fieldset class="side-by-side">
                        <legend>{label}</legend>
                        <div class="original">
                            <p class="side-label">{t_with("translator-original", &[("language", language_name(&r.language).into())])}</p>
                            <div class="original-text" lang=r.language.clone() dir=original_dir>{original.clone()}</div>
                        </div>
                        <div class="field">
                            <label for=field.clone() class="side-label" lang=page.clone()>{t_with("translating-language", &[("language", language_name(&lang).into())])}</label>
                            {input}
                        </div>
                    </fieldset>
                }
            }).collect_view()}
            <button type="submit">{t("translator-submit")}</button>
        </form>
    }
}

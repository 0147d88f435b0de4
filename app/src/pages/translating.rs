//! The translations part of an edit form: the original's language, then
//! per language the record's translatable fields (each marked with its
//! `lang` and `dir`), and "add a language" — a button of the same form, so
//! it works without JavaScript and nothing typed is lost.

use crate::i18n::{problem, t, t_with};
use crate::language::language_name;
use crate::pages::form::{escape_text, field_label};
use crate::pages::register::COMMON_LANGUAGES;
use crate::people::FormState;
use crate::translation::{form_languages, form_name, text_dir, TextField};
use leptos::prelude::*;

/// The form field that says the form shows the translations (so an
/// emptied language is taken out rather than kept from the stored record).
pub const SHOWN: &str = "translations_shown";
/// The "add a language" button's name; its select is `add_language`.
pub const ADD: &str = "add_translation";

#[component]
pub fn TranslationFields(fields: &'static [TextField]) -> impl IntoView {
    let form = use_context::<FormState>().unwrap_or_default();
    // A new record is written, by default, in the page's language.
    let original = Some(form.value("language")).filter(|l| !l.is_empty()).unwrap_or_else(crate::pages::translated::page_language);
    let languages: Vec<String> =
        form_languages(form.values.iter().map(|(k, _)| k.as_str())).into_iter().filter(|l| *l != original).collect();
    let errors: Vec<String> = form.errors_of("translations").into_iter().map(problem).collect();
    let addable: Vec<&str> = COMMON_LANGUAGES.into_iter().filter(|l| *l != original && !languages.iter().any(|x| x == l)).collect();
    let original_choices: Vec<&str> =
        COMMON_LANGUAGES.into_iter().chain((!COMMON_LANGUAGES.contains(&original.as_str())).then_some(original.as_str())).collect();
    view! {
        <fieldset class="translations" id="translations">
            <legend>{t("translating-legend")}</legend>
            <p class="hint">{t("translating-hint")}</p>
            {errors.into_iter().map(|e| view! { <p class="field-error">{e}</p> }).collect_view()}
            <input type="hidden" name=SHOWN value="yes" />
            <div class="field">
                <label for="language">{t("translation-original-language")}</label>
                <select id="language" name="language">
                    {original_choices.into_iter().map(|code| {
                        let selected = code == original;
                        view! { <option value=code.to_string() selected=selected lang=code.to_string()>{language_name(code)}</option> }
                    }).collect_view()}
                </select>
            </div>
            {languages.into_iter().map(|lang| {
                let dir = text_dir(&lang);
                view! {
                    <fieldset class="translation" lang=lang.clone() dir=dir>
                        <legend lang=crate::pages::translated::page_language()>
                            {t_with("translating-language", &[("language", language_name(&lang).into())])}
                        </legend>
                        {fields.iter().map(|f| {
                            let name = form_name(&lang, f.name);
                            let value = form.value(&name);
                            let label = field_label(f.name).unwrap_or_else(|| f.name.to_string());
                            let max = f.max.to_string();
                            let input = if f.multiline {
                                view! { <textarea id=name.clone() name=name.clone() rows="5" maxlength=max dir=dir inner_html=escape_text(&value)></textarea> }.into_any()
                            } else {
                                view! { <input id=name.clone() name=name.clone() type="text" value=value maxlength=max dir=dir /> }.into_any()
                            };
                            view! {
                                <div class="field">
                                    <label for=name lang=crate::pages::translated::page_language()>{label}</label>
                                    {input}
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                }
            }).collect_view()}
            {(!addable.is_empty()).then(|| view! {
                // Enter (a phone keyboard's "Go") presses a form's first
                // submit button: this unseen one sends the form, so the
                // "add" button below is only ever pressed on purpose.
                <button type="submit" class="default-submit" tabindex="-1" aria-hidden="true"></button>
                <div class="field add-translation">
                    <label for="add_language">{t("translating-add-language")}</label>
                    <select id="add_language" name="add_language">
                        {addable.into_iter().map(|code| view! { <option value=code lang=code>{language_name(code)}</option> }).collect_view()}
                    </select>
                    <button type="submit" name=ADD value="yes" formnovalidate=true class="secondary">{t("translating-add")}</button>
                </div>
            })}
        </fieldset>
    }
}

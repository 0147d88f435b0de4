//! Languages by their own names: what a reader recognises in a list, a
//! label or a message, whatever the page's language.

/// A language code in the language itself, where we know it.
pub fn language_name(code: &str) -> String {
    match code {
        "en" => "English",
        "ar" => "العربية",
        "fa" => "فارسی",
        "ku" => "Kurdî",
        "ti" => "ትግርኛ",
        "fr" => "Français",
        "es" => "Español",
        "pt" => "Português",
        "so" => "Soomaali",
        "ur" => "اردو",
        "ps" => "پښتو",
        "am" => "አማርኛ",
        "uk" => "Українська",
        "pl" => "Polski",
        "ro" => "Română",
        "sq" => "Shqip",
        "vi" => "Tiếng Việt",
        "zh" => "中文",
        _ => return code.to_string(),
    }
    .to_string()
}

//! Languages as people type them on a form ("Pashto", "Soomaali", "ps",
//! "pus") turned into the codes listings keep, from the ISO 639 table the
//! `isolang` crate carries.

use isolang::Language;

/// The code for a typed language: its ISO 639-1 code where it has one,
/// else its 639-3 code. `None` when the table does not know it.
pub fn code_of(typed: &str) -> Option<String> {
    let typed = typed.trim();
    // A form field is bounded already; this keeps the table walk cheap.
    if typed.is_empty() || typed.chars().count() > 60 {
        return None;
    }
    let lower = typed.to_lowercase();
    // Common English names the ISO table spells otherwise.
    match lower.as_str() {
        "pashto" => return Some("ps".into()),
        "farsi" => return Some("fa".into()),
        _ => {}
    }
    let language = match lower.len() {
        2 => Language::from_639_1(&lower),
        3 => Language::from_639_3(&lower),
        _ => None,
    }
    // The table writes some autonyms lower-case ("français"), some not.
    .or_else(|| Language::from_autonym(typed).or_else(|| Language::from_autonym(&lower)))
    .or_else(|| {
        let wanted = lower.clone();
        // "Pashto" is "Pushto" in the table, "Kurdish" has its dialects:
        // a name matches the table's name, or its first word before a comma.
        Language::match_names(move |name| {
            let name = name.to_lowercase();
            name == wanted || name.split([',', '(']).next().map(str::trim) == Some(wanted.as_str())
        })
        .next()
    })?;
    Some(language.to_639_1().unwrap_or_else(|| language.to_639_3()).to_string())
}

#[cfg(test)]
mod tests {
    use super::code_of;

    #[test]
    fn names_codes_and_autonyms_are_known() {
        for (typed, code) in [
            ("ps", "ps"),
            ("Pashto", "ps"),
            ("Farsi", "fa"),
            ("Dari", "prs"),
            ("Somali", "so"),
            ("somali", "so"),
            ("Tigrinya", "ti"),
            ("Persian", "fa"),
            ("Kurdish", "ku"),
            ("Français", "fr"),
            ("pus", "ps"),
            ("Amharic", "am"),
            ("Soomaali", "so"),
            ("Ukrainian", "uk"),
        ] {
            assert_eq!(code_of(typed).as_deref(), Some(code), "{typed}");
        }
        assert_eq!(code_of("Klingonish"), None);
        assert_eq!(code_of(""), None);
    }
}

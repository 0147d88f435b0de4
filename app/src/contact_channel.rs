//! The ways small groups are really reached: a WhatsApp, Signal or
//! Telegram group joined by an invite link, and a UK phone number. Pure
//! rules for the registration form and the listing page.

use crate::problem::Problem;

/// A chat app whose groups people join by an invite link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
pub enum ChatApp {
    Whatsapp,
    Signal,
    Telegram,
}

impl ChatApp {
    /// The hosts whose links open a group (or a contact) in this app.
    fn hosts(self) -> &'static [&'static str] {
        match self {
            ChatApp::Whatsapp => &["chat.whatsapp.com", "wa.me"],
            ChatApp::Signal => &["signal.group", "signal.me"],
            ChatApp::Telegram => &["t.me", "telegram.me"],
        }
    }

    /// The form field and the Fluent keys (`channel-<name>`) are named so.
    pub fn name(self) -> &'static str {
        self.into()
    }

    pub fn all() -> impl Iterator<Item = ChatApp> {
        <ChatApp as strum::IntoEnumIterator>::iter()
    }

    /// The app a link opens, if it is an invite link of one of them.
    pub fn of_link(link: &str) -> Option<ChatApp> {
        let (host, rest) = split_https(link)?;
        let rest = rest.trim_start_matches('/');
        if rest.is_empty() || rest == "#" {
            return None;
        }
        ChatApp::all().find(|app| app.hosts().iter().any(|h| host.eq_ignore_ascii_case(h)))
    }

    /// The link as typed (trimmed) if it is this app's invite link.
    pub fn check(self, given: &str) -> Result<String, Problem> {
        let link = given.trim();
        let ok = link.len() <= 500 && !link.contains(char::is_whitespace) && ChatApp::of_link(link) == Some(self);
        if ok {
            Ok(link.to_string())
        } else {
            Err(Problem::NotInviteLink { app: self.name().to_string(), given: link.to_string() })
        }
    }
}

/// `https://host/rest` → (host, rest); nothing for any other scheme.
fn split_https(link: &str) -> Option<(&str, &str)> {
    let after = link.strip_prefix("https://")?;
    let end = after.find(['/', '#', '?']).unwrap_or(after.len());
    Some((&after[..end], &after[end..]))
}

/// A UK phone number as people write it: 01234 567890, 07700 900123,
/// +44 7700 900123, 0044 …, with spaces, dashes or brackets. Returned
/// trimmed, as typed.
pub fn uk_phone(given: &str) -> Result<String, Problem> {
    let typed = given.trim();
    let refused = || Problem::NotUkPhone { given: typed.to_string() };
    if typed.is_empty() || typed.len() > 30 || !typed.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) {
        return Err(refused());
    }
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    let national = if typed.starts_with('+') {
        digits.strip_prefix("44").map(|d| d.trim_start_matches('0'))
    } else if let Some(d) = digits.strip_prefix("0044") {
        Some(d.trim_start_matches('0'))
    } else {
        digits.strip_prefix('0')
    };
    // Without its leading 0, a UK number has 9 or 10 digits (0800 and
    // some small-town numbers have 9), and never starts with 0.
    match national {
        Some(n) if (9..=10).contains(&n.len()) && !n.starts_with('0') => Ok(typed.to_string()),
        _ => Err(refused()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invite_links_are_known_by_their_host() {
        assert_eq!(ChatApp::of_link("https://chat.whatsapp.com/AbCdEf123"), Some(ChatApp::Whatsapp));
        assert_eq!(ChatApp::of_link("https://signal.group/#CjQKIAbc"), Some(ChatApp::Signal));
        assert_eq!(ChatApp::of_link("https://t.me/+AbCdEf"), Some(ChatApp::Telegram));
        assert_eq!(ChatApp::of_link("https://t.me/"), None);
        assert_eq!(ChatApp::of_link("http://chat.whatsapp.com/x"), None);
        assert_eq!(ChatApp::of_link("https://chat.whatsapp.com.evil.example/x"), None);
        assert_eq!(ChatApp::of_link("https://example.org/t.me/x"), None);
        assert!(ChatApp::Whatsapp.check(" https://chat.whatsapp.com/AbC ").is_ok());
        assert_eq!(
            ChatApp::Signal.check("https://t.me/x"),
            Err(Problem::NotInviteLink { app: "signal".into(), given: "https://t.me/x".into() })
        );
    }

    #[test]
    fn uk_numbers_as_people_write_them() {
        for ok in ["0114 123 4567", "07700 900123", "+44 7700 900123", "+44 (0)114 123 4567", "0044 20 7946 0000", "0800 123456"] {
            assert_eq!(uk_phone(ok).as_deref(), Ok(ok), "{ok}");
        }
        for bad in ["123", "+33 1 23 45 67 89", "07700 9001234567", "call 0114", "", "00 114 123 4567"] {
            assert!(uk_phone(bad).is_err(), "{bad}");
        }
    }
}

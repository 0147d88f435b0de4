//! What was wrong with a request, as a code. Checks and use cases return
//! a [`Problem`]; the edge (a page, a refusal, the command line) turns it
//! into words with the Fluent message `problem-<code>` in the reader's
//! language. Nothing ever matches on the English wording.

/// One thing a person must put right (or wait for), with what the
/// message needs to say exactly what.
#[derive(Clone, Debug, PartialEq, Eq, strum::IntoStaticStr, strum::EnumIter, serde::Serialize, serde::Deserialize)]
#[strum(serialize_all = "kebab-case")]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum Problem {
    // A field's value.
    Required,
    /// Alerts: none of listings, events or resources was ticked.
    AlertNothingChosen,
    /// Alerts are off on this site (no ATLAS_ALERTS_KEY).
    AlertsOff,
    TooLong {
        given: usize,
        max: usize,
    },
    TooManyEntries {
        given: usize,
        max: usize,
    },
    EntryTooLong {
        entry: String,
        max: usize,
    },
    LanguageCode {
        entry: String,
    },
    LanguageNeeded,
    NotWebLink {
        given: String,
    },
    SlugLength {
        max: usize,
    },
    SlugCharacters {
        given: String,
    },
    UnknownKind {
        given: String,
        known: String,
    },
    UnknownPrecision {
        given: String,
        known: String,
    },
    CoordinatesOutOfRange,
    CoordinatesIncomplete,
    NotANumber {
        given: String,
    },
    AddressNeedsExact,
    NestedTooDeep {
        depth: usize,
        max: usize,
    },
    NotEmail {
        given: String,
    },
    NotPhone {
        given: String,
    },
    NotUkPhone {
        given: String,
    },
    /// `app` is a [`crate::contact_channel::ChatApp`] name.
    NotInviteLink {
        app: String,
        given: String,
    },
    // Translations (issue 31): text only, nothing the original lacks.
    TranslationField {
        language: String,
        field: String,
        known: String,
    },
    TranslationOfOriginal {
        language: String,
    },
    TranslationAddsLink {
        language: String,
        given: String,
    },
    TranslationAddsContact {
        language: String,
        given: String,
    },
    TranslationAddsAddress {
        language: String,
        given: String,
    },
    /// A way to reach the group was given without "show publicly" ticked.
    NotTickedToPublish,
    // The outbox.
    NoMailServer,
    NoSuchMail,
    MailNotDelivered {
        reason: String,
    },
    NotDate {
        given: String,
    },
    TooManyMeetings {
        given: usize,
        max: usize,
    },
    BadMeeting {
        day: String,
        start: String,
        end: String,
    },
    HiddenCharacter {
        code_point: String,
    },
    PlaceNotFound {
        place: String,
        /// Known names nearest in spelling ("Did you mean Sheffield?").
        #[serde(default)]
        suggestions: Vec<String>,
    },
    /// A point on the map too far from the town named with it.
    PointFarFromTown {
        town: String,
        km: usize,
        max: usize,
    },
    OutsideCoverage,
    /// A message, claim or event for a kind of listing that takes none.
    NotForThisKind,
    ContactEmail,
    YourEmail,
    ReplyEmail,
    PersonEmail,
    MessageLength,
    ConfirmDelete,
    ReasonForAudit,
    ReasonForSender,
    ReportCategory,
    ChooseRole,
    OnOrOff,
    TooFast,
    FormTooOld,
    FormAlreadySent,
    RecordUnreadable,
    // An event's fields.
    UnknownChoice {
        given: String,
        known: String,
    },
    UnknownTimeZone {
        given: String,
    },
    NotLocalTime {
        given: String,
    },
    EndBeforeStart,
    EventTooLong {
        max: usize,
    },
    BadRecurrence {
        given: String,
    },
    RepeatsTooOften,
    /// "On these dates" lists more than a series may.
    TooManyDates {
        given: usize,
        max: usize,
    },
    /// A date a new series would meet on has already gone.
    DateInPast {
        given: String,
    },
    /// Years are written as years (no digit grouping).
    DateOutOfRange {
        given: String,
        first: String,
        last: String,
    },
    OnlineNeedsLink,
    VenueNeedsPlace,
    ExactVenueMustBePublic,
    // Following a calendar by its address (kept with the calendar, so a
    // stored problem is worded again in the reader's language).
    CalendarAddress {
        given: String,
    },
    CalendarPrivateAddress {
        host: String,
    },
    /// The calendar's server sent us on to a private address (`host`,
    /// the place as the operator would allow it): `from` redirected to `to`.
    CalendarRedirectedPrivate {
        from: String,
        to: String,
        host: String,
    },
    CalendarUnreachable {
        host: String,
    },
    CalendarAnswered {
        status: usize,
    },
    CalendarTooLarge {
        max: usize,
    },
    CalendarNotIcs,
    CalendarNestedTooDeep {
        max: usize,
    },
    CalendarTooManyEvents {
        given: usize,
        max: usize,
    },
    NoCalendar,
    // Following a source (issue 33): kept with the source as a calendar's are.
    SourceAddress {
        given: String,
    },
    SourcePrivateAddress {
        host: String,
    },
    SourceRedirectedPrivate {
        from: String,
        to: String,
        host: String,
    },
    SourceUnreachable {
        host: String,
    },
    SourceAnswered {
        status: usize,
    },
    SourceTooLarge {
        max: usize,
    },
    /// A list that ended before the records it announced (a lockdown at
    /// the origin, a dropped connection): a failed reading.
    SourceCutShort {
        announced: usize,
        got: usize,
    },
    SourceTooManyRecords {
        given: usize,
        max: usize,
    },
    SourceUnreadable {
        detail: String,
    },
    SourceNameTaken {
        given: String,
    },
    NoSuchSource,
    MappingLine {
        given: String,
    },
    // A whole request.
    NoSuchPage,
    NoSuchListing,
    NoSuchSubmission,
    NoSuchReport,
    NoReplyAddress,
    LinkExpired,
    SignInLinkExpired,
    SubmissionGone,
    NotYourListing,
    /// Only translators (and moderators, admins) translate others' records.
    TranslatorsOnly,
    OutsideYourRegions,
    AdminsOnly,
    OnlyAdmin,
    DecidedMeanwhile,
    SlugTaken {
        slug: String,
    },
    NotWaiting,
    /// The submission matches a group on the opt-out register.
    HeldOnOptOutRegister,
    NoSuchOptOut,
    NotASenderPattern {
        given: String,
    },
    /// An admin blocked this address or its domain from sending submissions.
    SenderBlocked,
    TooManyMailsToAddress,
    TooManyPosts,
    NotAForm,
    FormTooLarge,
    TooManyFields,
    FormExpired,
    SignInFirst,
    NotAllowedHere,
    SignInUnavailable,
    NotSaved,
    /// A fault on our side (the details are in the log).
    Fault,
}

/// A value a message names: numbers are written in the reader's digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Number(usize),
    Text(String),
    /// Names worded as a list in the reader's language (its own comma).
    List(Vec<String>),
}

impl Problem {
    /// The stable code: the API's `code` and the Fluent key `problem-<code>`.
    pub fn code(&self) -> &'static str {
        self.into()
    }

    /// The Fluent message that words it.
    pub fn key(&self) -> String {
        format!("problem-{}", self.code())
    }

    /// What the message names, by argument name.
    pub fn args(&self) -> Vec<(&'static str, Arg)> {
        use crate::language::language_name;
        use Arg::{Number as N, Text as T};
        use Problem::*;
        match self {
            TooLong { given, max }
            | TooManyEntries { given, max }
            | TooManyMeetings { given, max }
            | TooManyDates { given, max }
            | CalendarTooManyEvents { given, max }
            | SourceTooManyRecords { given, max } => {
                vec![("given", N(*given)), ("max", N(*max))]
            }
            EntryTooLong { entry, max } => vec![("entry", T(entry.clone())), ("max", N(*max))],
            LanguageCode { entry } => vec![("entry", T(entry.clone()))],
            SlugLength { max } => vec![("max", N(*max))],
            NotWebLink { given }
            | SlugCharacters { given }
            | NotANumber { given }
            | NotEmail { given }
            | NotPhone { given }
            | NotUkPhone { given }
            | NotASenderPattern { given }
            | NotDate { given }
            | DateInPast { given }
            | UnknownTimeZone { given }
            | NotLocalTime { given }
            | BadRecurrence { given }
            | CalendarAddress { given }
            | SourceNameTaken { given }
            | SourceAddress { given }
            | MappingLine { given } => vec![("given", T(given.clone()))],
            SourceUnreadable { detail } => vec![("detail", T(detail.clone()))],
            CalendarPrivateAddress { host } | CalendarUnreachable { host } | SourcePrivateAddress { host } | SourceUnreachable { host } => {
                vec![("host", T(host.clone()))]
            }
            CalendarRedirectedPrivate { from, to, host } | SourceRedirectedPrivate { from, to, host } => {
                vec![("from", T(from.clone())), ("to", T(to.clone())), ("host", T(host.clone()))]
            }
            CalendarAnswered { status } | SourceAnswered { status } => vec![("status", N(*status))],
            SourceCutShort { announced, got } => vec![("announced", N(*announced)), ("got", N(*got))],
            CalendarTooLarge { max } | CalendarNestedTooDeep { max } | SourceTooLarge { max } => vec![("max", N(*max))],
            EventTooLong { max } => vec![("max", N(*max))],
            DateOutOfRange { given, first, last } => {
                vec![("given", T(given.clone())), ("first", T(first.clone())), ("last", T(last.clone()))]
            }
            UnknownKind { given, known } | UnknownPrecision { given, known } | UnknownChoice { given, known } => {
                vec![("given", T(given.clone())), ("known", T(known.clone()))]
            }
            NestedTooDeep { depth, max } => vec![("depth", N(*depth)), ("max", N(*max))],
            BadMeeting { day, start, end } => vec![("day", T(day.clone())), ("start", T(start.clone())), ("end", T(end.clone()))],
            HiddenCharacter { code_point } => vec![("code_point", T(code_point.clone()))],
            PlaceNotFound { place, suggestions } => {
                vec![("place", T(place.clone())), ("suggestions", Arg::List(suggestions.clone())), ("count", N(suggestions.len()))]
            }
            PointFarFromTown { town, km, max } => vec![("town", T(town.clone())), ("km", N(*km)), ("max", N(*max))],
            SlugTaken { slug } => vec![("slug", T(slug.clone()))],
            NotInviteLink { app, given } => vec![("app", T(app.clone())), ("given", T(given.clone()))],
            MailNotDelivered { reason } => vec![("reason", T(reason.clone()))],
            // A language by its own name ("فارسی", not "fa"): what the person chose from a list.
            TranslationField { language, field, known } => {
                vec![("language", T(language_name(language))), ("field", T(field.clone())), ("known", T(known.clone()))]
            }
            TranslationOfOriginal { language } => vec![("language", T(language_name(language)))],
            TranslationAddsLink { language, given }
            | TranslationAddsContact { language, given }
            | TranslationAddsAddress { language, given } => {
                vec![("language", T(language_name(language))), ("given", T(given.clone()))]
            }
            _ => Vec::new(),
        }
    }

    /// One of each code (with empty values), for the test that every
    /// language words them all.
    pub fn samples() -> impl Iterator<Item = Problem> {
        <Problem as strum::IntoEnumIterator>::iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_kebab_case_words() {
        assert_eq!(Problem::TooLong { given: 2, max: 1 }.code(), "too-long");
        assert_eq!(Problem::NotANumber { given: String::new() }.code(), "not-a-number");
        assert_eq!(Problem::samples().count(), 120);
    }

    /// A calendar's last problem is kept as JSON and worded again later.
    #[cfg(feature = "ssr")]
    #[test]
    fn problems_are_kept_by_their_code() {
        let p = Problem::CalendarAnswered { status: 500 };
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, r#"{"code":"calendar-answered","status":500}"#);
        assert_eq!(serde_json::from_str::<Problem>(&json).unwrap(), p);
    }
}

//! What a visitor can say is wrong with a listing (the report form's
//! choices, stored by their word, worded as `report-category-<word>`).

/// Why a visitor reports a listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum ReportCategory {
    Wrong,
    Closed,
    Unsafe,
    Duplicate,
}

impl ReportCategory {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn all() -> impl Iterator<Item = ReportCategory> {
        <ReportCategory as strum::IntoEnumIterator>::iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_category_is_read_back_from_its_word() {
        for c in ReportCategory::all() {
            assert_eq!(c.as_str().parse::<ReportCategory>(), Ok(c));
        }
        assert_eq!(ReportCategory::all().map(ReportCategory::as_str).collect::<Vec<_>>(), ["wrong", "closed", "unsafe", "duplicate"]);
        assert!("spam".parse::<ReportCategory>().is_err());
    }
}

//! "Did you mean …?" for a place name the gazetteer does not know: the
//! known names nearest in spelling (Sheffeild → Sheffield, گلاسکو → گلاسگو).
//! The names compared are a fixed list (the towns and their other names),
//! never the listings, so the cost of a miss does not grow with the data.

/// What a visitor may type, in characters, and still be compared: the
/// longest town name we hold is under this, and each comparison costs in
/// proportion to it.
pub const MAX_QUERY_CHARS: usize = 60;

/// One known name, folded for comparing and spelled for showing.
pub(super) struct Known {
    pub folded: String,
    pub chars: usize,
    pub spelled: String,
    /// Index of its town in the gazetteer's list, so two spellings of one
    /// town are offered once.
    pub town: usize,
}

/// How many edits (a swapped pair of letters counts one) a name may be
/// from what was typed: more for longer names, where one slip is likelier
/// and a wrong suggestion rarer.
fn edits_allowed(chars: usize) -> usize {
    match chars {
        0..=2 => 0,
        3..=5 => 1,
        6..=9 => 2,
        _ => 3,
    }
}

/// The spellings of up to `limit` towns nearest to `folded` (the typed
/// text, folded as the names are), nearest first. At equal distance the
/// spelling that begins most like the text wins (Persian گلاسکو → گلاسگو,
/// not Arabic غلاسكو), then the town that `rank` puts first.
pub(super) fn nearest<R: Ord>(folded: &str, known: &[Known], rank: impl Fn(usize) -> R, limit: usize) -> Vec<String> {
    let typed = folded.chars().count();
    let allowed = edits_allowed(typed);
    if allowed == 0 || typed > MAX_QUERY_CHARS {
        return Vec::new();
    }
    let mut close: Vec<(usize, f64, &Known)> = known
        .iter()
        .filter(|k| k.chars.abs_diff(typed) <= allowed)
        .filter_map(|k| {
            let d = strsim::osa_distance(folded, &k.folded);
            (d <= allowed).then(|| (d, strsim::jaro_winkler(folded, &k.folded), k))
        })
        .collect();
    close.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| b.1.total_cmp(&a.1))
            .then_with(|| rank(a.2.town).cmp(&rank(b.2.town)))
            .then_with(|| a.2.spelled.cmp(&b.2.spelled))
    });
    let mut towns = std::collections::HashSet::new();
    let mut spellings = std::collections::HashSet::new();
    close
        .into_iter()
        .filter(|(_, _, k)| towns.insert(k.town) && spellings.insert(k.spelled.clone()))
        .take(limit)
        .map(|(_, _, k)| k.spelled.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(names: &[&str]) -> Vec<Known> {
        names
            .iter()
            .enumerate()
            .map(|(town, n)| Known { folded: n.to_lowercase(), chars: n.chars().count(), spelled: n.to_string(), town })
            .collect()
    }

    #[test]
    fn a_swapped_pair_is_one_slip() {
        let names = known(&["Sheffield", "Shefford", "Leeds"]);
        assert_eq!(nearest("sheffeild", &names, |t| t, 3), vec!["Sheffield".to_string()]);
    }

    #[test]
    fn short_or_overlong_text_suggests_nothing() {
        let names = known(&["Ayr", "Rye"]);
        assert!(nearest("ay", &names, |t| t, 3).is_empty());
        assert!(nearest(&"a".repeat(MAX_QUERY_CHARS + 1), &names, |t| t, 3).is_empty());
        assert_eq!(nearest("ayx", &names, |t| t, 3), vec!["Ayr".to_string()]);
    }

    #[test]
    fn the_better_ranked_town_comes_first_at_equal_distance() {
        let names = known(&["Bath", "Bash"]);
        assert_eq!(nearest("bakh", &names, std::cmp::Reverse, 3), vec!["Bash".to_string(), "Bath".to_string()]);
    }
}

//! What every listing that comes in is checked against: where it is (a
//! point in coverage, near its town), a free slug, and the listings it
//! may repeat.

use super::{in_coverage, ActionError};
use crate::atlas::Atlas;
use app::listing_input::ListingInput;
use app::location::LatLon;
use app::model::ListingStatus;
use app::people::Entity;
use app::problem::Problem;

impl Atlas {
    /// Published listings with a similar name within 5 km of `point`.
    pub fn possible_duplicates(&self, name: &str, point: Option<LatLon>, except: &str) -> Vec<(String, String, f64)> {
        let Some(point) = point else { return Vec::new() };
        let page = self.read.directory.snapshot().search(
            &crate::directory::DirectoryQuery { near: Some(point), radius_km: Some(5.0), ..Default::default() },
            0,
            200,
        );
        page.items
            .into_iter()
            .filter(|l| l.slug != except && similar_names(name, &l.name))
            .map(|l| (l.slug, l.name, l.distance_km.unwrap_or(0.0)))
            .collect()
    }

    /// A point farther from the town or district named with it than that
    /// place reaches (an unknown town is not judged).
    pub(crate) fn far_from_town(&self, town: &str, point: LatLon) -> Option<Problem> {
        let place = self.read.gazetteer.resolve(town)?;
        let km = place.point().distance_km(point);
        let max = app::location::reach_km(&place.name);
        (km > max as f64).then(|| Problem::PointFarFromTown { town: town.trim().to_string(), km: km.round() as usize, max })
    }

    /// Places the listing: a clicked point wins; else the typed town,
    /// postcode district or postcode. Refuses points outside the coverage.
    /// The region is then the point's, whatever the form said.
    pub(super) fn locate(&self, input: &mut ListingInput, problems: &mut Vec<(String, Problem)>) {
        match (input.latitude, input.longitude) {
            // A point and a town must agree: one tap on a whole-country
            // map must not put a group in the next town.
            (Some(lat), Some(lon)) => {
                if let Some(far) = self.far_from_town(&input.town, LatLon::new(lat, lon)) {
                    problems.push(("town".into(), far));
                }
            }
            _ if input.town.trim().is_empty() => {}
            _ => match self.read.gazetteer.resolve(&input.town) {
                Some(place) => {
                    let p = place.point();
                    input.latitude = Some(p.lat);
                    input.longitude = Some(p.lon);
                    // A postcode, or a town typed in another script, is
                    // stored as the town's own name.
                    let by_alias = self.read.gazetteer.alias_of(&input.town).is_some();
                    if (by_alias || crate::places::outward_code(&input.town).is_some()) && !place.name.is_empty() {
                        input.town = place.name.clone();
                    }
                }
                None => {
                    problems.push((
                        "town".into(),
                        Problem::PlaceNotFound {
                            place: input.town.trim().to_string(),
                            suggestions: self.read.gazetteer.did_you_mean(&input.town, 3),
                        },
                    ));
                    return;
                }
            },
        }
        if let (Some(lat), Some(lon)) = (input.latitude, input.longitude) {
            let point = LatLon::new(lat, lon);
            // The region shown is the public point's, so it tells no more
            // than the point does (which side of a region line the true
            // point is); the true point's when the public one has none.
            let precision = input.precision.as_deref().and_then(|p| p.parse().ok()).unwrap_or_default();
            let public =
                app::location::public_point(precision, Some(point), self.read.gazetteer.centroid_for(&input.town, Some(point), None));
            let region = Some(point)
                .filter(|p| in_coverage(*p))
                .and_then(|p| public.and_then(crate::regions::region_of).or_else(|| crate::regions::region_of(p)));
            match region {
                Some(region) => input.region = Some(region.to_string()),
                None => problems.push(("town".into(), Problem::OutsideCoverage)),
            }
        }
    }

    pub(crate) fn check_listing(
        &self,
        input: ListingInput,
        status: ListingStatus,
        mut problems: Vec<(String, Problem)>,
    ) -> Result<app::listing_input::ValidListing, ActionError> {
        let known = self.read.kind_slugs();
        if !input.kind.is_empty() && !known.contains(&input.kind) {
            problems.push(("kind".into(), Problem::UnknownKind { given: input.kind.clone(), known: known.join(", ") }));
        }
        match input.validate(status) {
            Ok(v) if problems.is_empty() => Ok(v),
            Ok(_) => Err(ActionError::Invalid(problems)),
            Err(errors) => {
                problems.extend(errors.into_iter().map(|e| (e.field.to_string(), e.problem)));
                Err(ActionError::Invalid(problems))
            }
        }
    }

    /// A slug made from the name (and town), free in the table and queue.
    pub(crate) async fn free_slug(&self, entity: Entity, name: &str, town: &str) -> Result<String, ActionError> {
        let base = slug_base(entity, name, town);
        for candidate in slug_candidates(&base) {
            if !self.store.slug_taken(entity, &candidate).await? {
                return Ok(candidate);
            }
        }
        Ok(format!("{base}-{}", crate::secrets::now_secs()))
    }
}

/// Lower-case ASCII words joined by hyphens, at most 60 characters (the
/// `slug` crate; names in other scripts are transliterated, so an Arabic
/// or Persian name gets a readable address too).
pub fn slugify(text: &str) -> String {
    let full = slug::slugify(text);
    if full.len() <= 60 {
        return full;
    }
    // Cut at a word boundary where there is one.
    let cut = &full[..60];
    cut.rfind('-').filter(|&i| i >= 20).map_or(cut, |i| &cut[..i]).trim_matches('-').to_string()
}

/// The slug a name (and town) would have before a number makes it free.
pub(crate) fn slug_base(entity: Entity, name: &str, town: &str) -> String {
    let base = slugify(&format!("{name} {town}"));
    if base.len() < 3 {
        format!("{entity}-{}", &crate::secrets::new_token()[..6].to_ascii_lowercase().replace(['-', '_'], "x"))
    } else {
        base
    }
}

/// `base`, then `base-2` … `base-99`, in the order they are tried.
pub(crate) fn slug_candidates(base: &str) -> impl Iterator<Item = String> + '_ {
    (1..100).map(move |n| if n == 1 { base.to_string() } else { format!("{base}-{n}") })
}

/// A name's words as [`similar_names`] compares them (fold once, compare many).
pub fn name_words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !["the", "of", "and", "sample"].contains(w))
        .map(str::to_string)
        .collect()
}

/// Same words, or one name inside the other, ignoring case and "the".
pub fn similar_names(a: &str, b: &str) -> bool {
    similar_words(&name_words(a), &name_words(b))
}

/// [`similar_names`] on names already split by [`name_words`].
pub fn similar_words(wa: &[String], wb: &[String]) -> bool {
    if wa.is_empty() || wb.is_empty() {
        return false;
    }
    let (ja, jb) = (wa.join(" "), wb.join(" "));
    if ja.contains(&jb) || jb.contains(&ja) {
        return true;
    }
    let shared = wa.iter().filter(|w| wb.contains(w)).count();
    shared * 3 >= wa.len().max(wb.len()) * 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_names() {
        assert_eq!(slugify("Rotherham Refugee Café  Rotherham"), "rotherham-refugee-cafe-rotherham");
        let arabic = slugify("مجموعة التضامن");
        assert!(!arabic.is_empty() && app::listing_input::check_slug(&arabic).is_ok(), "{arabic}");
        assert!(slugify(&"a".repeat(500)).len() <= 60);
    }

    #[test]
    fn similar_names_are_spotted() {
        assert!(similar_names("Rotherham Refugee Cafe", "The Rotherham Refugee Cafe"));
        assert!(similar_names("Rotherham Refugee Cafe", "Refugee Cafe Rotherham (sample)"));
        assert!(!similar_names("Rotherham Refugee Cafe", "Sheffield Walking Group"));
    }
}

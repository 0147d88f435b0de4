//! One request and its answer for the listings API and the events API,
//! shown on `/developers` (a reader learns more from one answer than from
//! a schema). The answers are the sample data's as the server gave them,
//! under an example group's name no site holds (a lockdown hides every
//! listing, and this page stays up);
//! a test reads them back as the types the handlers answer with, so a
//! field renamed or added there fails here until the example follows.

use app::api_reference::ApiExample;

const LISTINGS_REQUEST: &str = "/api/listings?near=53.38,-1.47&radius_km=5&kind=solidarity_group&limit=1";
const LISTINGS_ANSWER: &str = r#"{
  "items": [
    {
      "slug": "example-welcome-group",
      "kind": "solidarity_group",
      "kind_label": "Solidarity group",
      "name": "Example Welcome Group",
      "summary": "Fictional sample: drop-in for people new to Sheffield, open to all.",
      "description": "A **fictional** group used as sample data.",
      "description_html": "<p>A <strong>fictional</strong> group used as sample data.</p>\n",
      "town": "Sheffield",
      "region": "Yorkshire and the Humber",
      "precision": "area",
      "lat": 53.38297,
      "lon": -1.4659,
      "address": null,
      "tags": ["drop-in", "football", "legal advice signposting"],
      "languages": ["en", "ar"],
      "meeting_times": "Saturdays 11am–1pm",
      "accessibility": "Step-free entrance; accessible toilet.",
      "website": null,
      "email": null,
      "phone": null,
      "last_confirmed": null,
      "schedule": [],
      "social": ["https://social.example.org/@example-welcome-group"],
      "distance_km": 0.0,
      "may_be_inactive": false,
      "updated_at": "2026-12-06T21:51:15.715Z",
      "language": "en",
      "translations": {
        "fr": {
          "name": "Exemple de groupe d’accueil",
          "summary": "Exemple fictif : un accueil ouvert pour les personnes arrivées depuis peu à Sheffield, ouvert à tous.",
          "meeting_times": "Le samedi de 11 h à 13 h"
        }
      }
    }
  ],
  "total": 1,
  "next_cursor": null
}"#;

const EVENTS_REQUEST: &str = "/api/events?near=53.38,-1.47&limit=1";
const EVENTS_ANSWER: &str = r#"{
  "items": [
    {
      "event": "welcome-drop-in-sheffield",
      "title": "Welcome drop-in (sample)",
      "summary": "Fictional sample: tea, advice and company for people new to Sheffield.",
      "start": "2026-12-09T13:00:00+00:00",
      "end": "2026-12-09T16:00:00+00:00",
      "all_day": false,
      "status": "scheduled",
      "attendance": "in_person",
      "category": "drop_in",
      "languages": ["en", "ar", "fa"],
      "listing": "example-welcome-group",
      "listing_name": "Example Welcome Group",
      "town": "Sheffield",
      "lat": 53.38297,
      "lon": -1.4659,
      "distance_km": 0.0,
      "language": "en"
    }
  ],
  "next_cursor": "2026-12-09T13:00:00Z~2~2026-12-09T13:00:00"
}"#;

/// The example for the route at `path`, if it has one.
pub(super) fn example_for(path: &str) -> Option<ApiExample> {
    let (request, answer) = match path {
        "/api/listings" => (LISTINGS_REQUEST, LISTINGS_ANSWER),
        "/api/events" => (EVENTS_REQUEST, EVENTS_ANSWER),
        _ => return None,
    };
    Some(ApiExample { request: request.to_string(), answer: answer.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Each item reads as the handler's type and writes back the same:
    /// no field missing, none extra, none renamed.
    fn items_round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(answer: &str) {
        let answer: Value = serde_json::from_str(answer).unwrap();
        for item in answer["items"].as_array().unwrap() {
            let typed: T = serde_json::from_value(item.clone()).unwrap();
            assert_eq!(&serde_json::to_value(typed).unwrap(), item);
        }
    }

    #[test]
    fn the_examples_answer_as_the_handlers_do() {
        items_round_trip::<app::model::PublicListing>(LISTINGS_ANSWER);
        items_round_trip::<app::event::PublicOccurrence>(EVENTS_ANSWER);
        let listings: Value = serde_json::from_str(LISTINGS_ANSWER).unwrap();
        assert!(listings["total"].is_u64() && listings["next_cursor"].is_null());
        let events: Value = serde_json::from_str(EVENTS_ANSWER).unwrap();
        assert!(events["next_cursor"].is_string() && events.get("total").is_none());
        // The documented routes: an example for a route gone would mislead.
        let reference = super::super::openapi::reference();
        for path in ["/api/listings", "/api/events"] {
            assert!(reference.operations.iter().any(|op| op.path == path && op.example.is_some()), "{path}");
        }
    }
}

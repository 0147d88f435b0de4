//! Islands: the only components hydrated in the browser. Their text arrives
//! already translated in their props, so no translation tables ship as wasm.

use crate::model::{filter_cards, ListingCard};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Stand-ins the server leaves in translated text for values only the
/// browser knows as the visitor types.
pub const SHOWN_PLACEHOLDER: &str = "\u{1}shown\u{1}";
pub const QUERY_PLACEHOLDER: &str = "\u{1}query\u{1}";
pub const TOWN_PLACEHOLDER: &str = "\u{1}town\u{1}";

/// The filter's text in the visitor's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FilterText {
    pub label: String,
    pub placeholder: String,
    pub submit: String,
    pub clear: String,
    /// "Showing {shown} of {total}", with [`SHOWN_PLACEHOLDER`] for shown.
    pub showing: String,
    /// "N listings" for the whole list.
    pub total: String,
    /// "Nothing matches {query}", with [`QUERY_PLACEHOLDER`].
    pub none_match: String,
    pub empty: String,
    /// "in {town}", with [`TOWN_PLACEHOLDER`].
    pub in_town: String,
}

/// The list of listings with a filter box. Server-rendered already filtered
/// by `query`; in the browser it narrows the list on every keystroke.
#[island]
pub fn ListingFilter(cards: Vec<ListingCard>, query: String, text: FilterText) -> impl IntoView {
    let total = cards.len();
    let (current, set_current) = signal(query.clone());
    let cards = StoredValue::new(cards);
    let shown = Memo::new(move |_| cards.with_value(|all| filter_cards(all, &current.read()).into_iter().cloned().collect::<Vec<_>>()));
    let text = StoredValue::new(text);
    let t = move |f: fn(&FilterText) -> &String| text.with_value(|x| f(x).clone());

    let count = move || {
        let n = shown.read().len();
        if current.read().trim().is_empty() {
            t(|x| &x.total)
        } else {
            t(|x| &x.showing).replace(SHOWN_PLACEHOLDER, &n.to_string())
        }
    };
    let empty_state = move || {
        let none = shown.read().is_empty();
        none.then(|| {
            let message = if total == 0 { t(|x| &x.empty) } else { t(|x| &x.none_match).replace(QUERY_PLACEHOLDER, current.read().trim()) };
            view! { <p class="empty-state">{message}</p> }
        })
    };

    view! {
        <form class="filter" method="get" action="/" role="search">
            <label for="listing-filter">{t(|x| &x.label)}</label>
            <div class="filter-row">
                <input
                    id="listing-filter"
                    name="q"
                    type="search"
                    value=query
                    placeholder=t(|x| &x.placeholder)
                    autocomplete="off"
                    on:input=move |ev| set_current.set(event_target_value(&ev))
                />
                <button type="submit">{t(|x| &x.submit)}</button>
            </div>
        </form>
        <p id="listing-count" class="count" aria-live="polite">{count}</p>
        <ul id="listings" class="cards">
            <For each=move || shown.get() key=|card| card.slug.clone() let:card>
                <li class="card" data-kind=card.kind.clone()>
                    <span class="card-name" dir="auto">{card.name}</span>
                    <span class="card-meta">
                        <span class="kind-badge">{card.kind_label}</span>
                        " "
                        {t(|x| &x.in_town).replace(TOWN_PLACEHOLDER, &card.town)}
                    </span>
                </li>
            </For>
        </ul>
        {empty_state}
        <p class="clear-filter" class:hidden=move || current.read().trim().is_empty()>
            <a href="/">{t(|x| &x.clear)}</a>
        </p>
    }
}

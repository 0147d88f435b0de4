//! Solidarity Atlas, the part both sides share.
//!
//! Pages are rendered on the server only (feature `ssr`); the few interactive
//! parts are islands, the only code compiled to WebAssembly (feature
//! `hydrate`). Keeping pages out of the wasm keeps the download small for
//! visitors on old phones with little data.

// Leptos view types nest deeply (the home page); the nightly compiler the
// fuzzer uses needs more room than the default.
#![recursion_limit = "256"]

pub mod alerts;
pub mod contact_channel;
pub mod event;
pub mod language;
pub mod listing_input;
pub mod location;
pub mod model;
pub mod problem;
pub mod resource;
pub mod search;
pub mod search_island;
pub mod source;
pub mod translation;

#[cfg(feature = "ssr")]
pub mod api_reference;
#[cfg(feature = "ssr")]
pub mod assets;
#[cfg(feature = "ssr")]
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod people;
#[cfg(feature = "ssr")]
pub mod ports;
#[cfg(feature = "ssr")]
pub mod report;
#[cfg(feature = "ssr")]
mod shell;
#[cfg(feature = "ssr")]
pub mod structured_data;
#[cfg(feature = "ssr")]
pub use shell::{csp_with_nonce, shell, App, DEFAULT_CSP};

/// Entry point called by the hydration script: wakes up the islands only.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}

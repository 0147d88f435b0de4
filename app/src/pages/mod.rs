//! Server-rendered pages. None of this is compiled to WebAssembly.

pub mod account;
pub mod calendar;
pub mod developers;
pub mod directory;
pub mod embed;
pub mod errors;
pub mod event_form;
pub mod events;
pub mod form;
pub mod home;
pub mod library;
pub mod listing;
pub mod map;
pub mod moderate;
pub mod near_miss;
pub mod preview;
pub mod register;
pub mod search;

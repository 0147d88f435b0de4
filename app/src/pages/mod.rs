//! Server-rendered pages. None of this is compiled to WebAssembly.

pub mod account;
pub mod directory;
pub mod form;
pub mod moderate;
pub mod register;
pub mod errors;
pub mod home;
pub mod library;
pub mod listing;
pub mod map;
pub mod search;

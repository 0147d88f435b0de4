//! Server-rendered pages. None of this is compiled to WebAssembly.

pub mod directory;
pub mod errors;
pub mod home;
pub mod library;
pub mod listing;
pub mod map;
pub mod search;

//! Server-rendered pages. None of this is compiled to WebAssembly.

pub mod errors;
pub mod home;

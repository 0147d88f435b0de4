//! Solidarity Atlas server: the adapters behind the app's ports (SQLite
//! store), the importers, the axum wiring and the `atlas` command line.

pub mod cli;
pub mod config;
pub mod db;
pub mod import;
pub mod store;
pub mod web;

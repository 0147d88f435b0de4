//! Solidarity Atlas server: the adapters behind the app's ports (SQLite
//! store), the importers, the axum wiring and the `atlas` command line.

pub mod accounts;
pub mod alerts;
pub mod atlas;
pub mod backoffice;
pub mod basemap;
pub mod cli;
pub mod config;
pub mod copy;
pub mod db;
pub mod directory;
pub mod events;
pub mod import;
pub mod language_names;
pub mod listen;
pub mod mail;
pub mod markdown;
pub mod moderation;
pub mod openreferral;
pub mod opt_out;
pub mod places;
pub mod read_model;
pub mod readership;
pub mod regions;
pub mod search;
pub mod secrets;
pub mod shelf;
pub mod sources;
pub mod store;
pub mod supervise;
pub mod tiles;
pub mod translator;
pub mod web;

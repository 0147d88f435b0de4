//! Every integration test, in one binary: the server is linked once for
//! all of them, not once per area (thirteen links of a 290 MB debug
//! binary). One module per area; `common` holds what they share.

// Test code: a failed unwrap is a failed test, with its line.
#![allow(clippy::unwrap_used)]

mod common;

mod access;
mod alerts;
mod alerts_burst;
mod alerts_follow;
mod alerts_instances;
mod basemap;
mod browser;
mod cli;
mod directory;
mod events;
mod http;
mod import;
mod instances;
mod moderation;
mod openreferral;
mod openreferral_params;
mod opt_out;
mod privacy;
mod private_fetch;
mod search;
mod search_reader;
mod sources;
mod sources_cut;
mod sources_stream;
mod structured_data;
mod tiles;
mod translating;
mod translations;
mod translator;

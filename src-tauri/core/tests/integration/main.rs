//! Integration tests of mooring-core on real temporary databases, and of `mooring-cli`.

mod charts;
mod checklist;
mod cli;
mod contacts;
mod nudges;
mod selfcheck;
mod store;
mod support;

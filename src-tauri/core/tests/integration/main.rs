//! Integration tests of mooring-core on real temporary databases, and of `mooring-cli`.

mod charts;
mod checklist;
mod cli;
mod confidentiality;
mod contacts;
mod crash;
mod data_safety;
mod nudges;
mod privacy;
mod real_weeks;
mod records;
mod renews;
mod selfcheck;
mod simulation;
mod store;
mod support;

//! End to end: the real app under Xvfb, driven over WebDriver as a person would.

mod audit;
mod checklist;
mod contacts;
mod data;
mod harness;
mod navigation;
mod nudges;
mod package;
mod privacy;
mod real_weeks;
mod records;
mod renews;
mod selfcheck;
mod trends;
mod window;

pub use harness::Desktop;

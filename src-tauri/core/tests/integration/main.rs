//! Integration tests of mooring-core on real temporary databases, and of `mooring-cli`.

mod cli;
mod store;

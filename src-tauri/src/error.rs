//! The error every command returns, as the UI receives it.

use mooring_core::Finding;
use serde::Serialize;

/// A failed command, serialized as `{ code, message }` for the UI, with `flags` when a free
/// text looks like it holds a client's details.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommandError {
    /// A stable kebab-case identifier the UI may branch on.
    pub code: &'static str,
    /// A sentence the user can act on.
    pub message: String,
    /// For `looks-identifying`: what was found and where, so the window can mark it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<Finding>,
}

impl From<mooring_core::Error> for CommandError {
    fn from(err: mooring_core::Error) -> Self {
        let flags = match &err {
            mooring_core::Error::LooksIdentifying(findings) => findings.clone(),
            _ => Vec::new(),
        };
        CommandError {
            code: err.code(),
            message: err.to_string(),
            flags,
        }
    }
}

//! The error every command returns, as the UI receives it.

use serde::Serialize;

/// A failed command, serialized as `{ code, message }` for the UI.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommandError {
    /// A stable kebab-case identifier the UI may branch on.
    pub code: &'static str,
    /// A sentence the user can act on.
    pub message: String,
}

impl From<mooring_core::Error> for CommandError {
    fn from(err: mooring_core::Error) -> Self {
        CommandError {
            code: err.code(),
            message: err.to_string(),
        }
    }
}

//! The one error type of mooring-core.
//!
//! Every message is written for the person using Mooring: it says what went wrong and,
//! where there is one, what to do about it. [`Error::code`] gives a stable identifier the
//! app and the command line use instead of matching on text.

use std::path::PathBuf;

/// Everything that can go wrong in mooring-core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database was written by a newer version of Mooring than this one.
    #[error(
        "This data was saved by a newer version of Mooring (data version {found}; this version \
         understands up to {supported}). Install the newer Mooring to open it."
    )]
    DatabaseTooNew {
        /// The schema version found in the file.
        found: i64,
        /// The newest schema version this build knows.
        supported: i64,
    },

    /// The data folder could not be created or opened.
    #[error("Mooring could not use its data folder {}: {source}", path.display())]
    DataDir {
        /// The folder Mooring tried to use.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },

    /// No per-user data folder is known for this platform and none was given.
    #[error("No data folder is known for this account; pass one with --data-dir.")]
    NoDataDir,

    /// A week name that is not a real ISO week, such as `2026-W60`.
    #[error("\"{0}\" is not a week. Write a week like 2026-W48.")]
    InvalidWeek(String),

    /// An instant that is not RFC 3339 with a UTC offset.
    #[error("\"{0}\" is not a date and time. Write it like 2026-11-23T09:00:00+01:00.")]
    InvalidInstant(String),

    /// Input that breaks one of the app's rules; the message says which.
    #[error("{0}")]
    Invalid(String),

    /// A free text holds what looks like a client's details, and the user did not say to save
    /// it anyway.
    #[error(
        "This looks like it holds a client's details: {}. Take them out, or save it anyway.",
        describe_findings(.0)
    )]
    LooksIdentifying(Vec<crate::confidentiality::Finding>),

    /// A record that does not exist, such as an unknown checklist item.
    #[error("{0}")]
    NotFound(String),

    /// A chart could not be drawn or exported.
    #[error("Mooring could not draw the chart: {0}")]
    Chart(String),

    /// Updating the database to this version of Mooring failed.
    #[error("Mooring could not update its data to this version: {0}")]
    Migration(#[from] rusqlite_migration::Error),

    /// The data file is damaged: it was refused, and nothing was written to it.
    #[error("Mooring's data file is damaged: {0}. Nothing was written to it.")]
    Corrupt(String),

    /// An import would replace data the user entered, and they did not say to replace it.
    #[error(
        "This Mooring already holds your data. Importing replaces all of it (a backup is taken \
         first); say so to go ahead (mooring-cli: --replace)."
    )]
    ImportWouldReplace,

    /// A backup, an export or an import could not be made or read; the message says why.
    #[error("{0}")]
    Transfer(String),

    /// The data is encrypted and what was given does not open it: no passphrase, a wrong one,
    /// a wrong recovery key, or a credential store that lost the key. Nothing was changed.
    #[error("{0}")]
    Locked(String),

    /// New data needs a passphrase, because no credential store can keep its key here.
    #[error(
        "Mooring encrypts your data and needs a passphrase to keep its key, because {0}. \
         Choose a passphrase (mooring-cli: MOORING_PASSPHRASE or --passphrase-file)."
    )]
    NeedsPassphrase(String),

    /// Another Mooring (the window or a command) holds the data folder for longer than a change
    /// of key or an update can wait; nothing was changed.
    #[error("{0}")]
    Busy(String),

    /// SQLite reported an error.
    #[error("The Mooring database reported a problem: {0}")]
    Database(rusqlite::Error),
}

impl From<rusqlite::Error> for Error {
    /// A file SQLite finds damaged, or not a database at all, is [`Error::Corrupt`].
    fn from(err: rusqlite::Error) -> Self {
        match err.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
                Error::Corrupt("SQLite found a damaged page".into())
            }
            Some(rusqlite::ErrorCode::NotADatabase) => {
                Error::Corrupt("it is not a database".into())
            }
            _ => Error::Database(err),
        }
    }
}

impl Error {
    /// A stable, kebab-case identifier for this kind of error, for programs to match on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::DatabaseTooNew { .. } => "database-too-new",
            Error::DataDir { .. } => "data-dir",
            Error::NoDataDir => "no-data-dir",
            Error::InvalidWeek(_) => "invalid-week",
            Error::InvalidInstant(_) => "invalid-instant",
            Error::Invalid(_) => "invalid-input",
            Error::LooksIdentifying(_) => "looks-identifying",
            Error::NotFound(_) => "not-found",
            Error::Chart(_) => "chart",
            Error::Migration(_) => "migration",
            Error::Corrupt(_) => "corrupt",
            Error::Transfer(_) => "transfer",
            Error::ImportWouldReplace => "import-would-replace",
            Error::Locked(_) => "locked",
            Error::NeedsPassphrase(_) => "needs-passphrase",
            Error::Busy(_) => "busy",
            Error::Database(_) => "database",
        }
    }
}

/// "a phone number (\"0612 345 678\") and a client's name (\"client Maria\") in the question".
fn describe_findings(findings: &[crate::confidentiality::Finding]) -> String {
    let parts: Vec<String> = findings
        .iter()
        .map(|finding| match finding.field {
            Some(field) => format!("{} (\"{}\") in {field}", finding.what, finding.excerpt),
            None => format!("{} (\"{}\")", finding.what, finding.excerpt),
        })
        .collect();
    match parts.as_slice() {
        [] => "nothing".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The result type of mooring-core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_messages_are_plain_sentences() {
        let err = Error::DatabaseTooNew {
            found: 9,
            supported: 1,
        };
        assert_eq!(err.code(), "database-too-new");
        let message = err.to_string();
        assert!(message.contains("newer version of Mooring"), "{message}");
        assert!(
            !message.contains("DatabaseTooNew"),
            "no debug names: {message}"
        );

        let err = Error::InvalidWeek("2026-W60".into());
        assert_eq!(err.code(), "invalid-week");
        assert_eq!(
            err.to_string(),
            "\"2026-W60\" is not a week. Write a week like 2026-W48."
        );
    }
}

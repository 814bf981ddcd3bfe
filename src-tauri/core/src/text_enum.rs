//! Enumerations stored and typed as kebab-case text: one macro gives each its list of values,
//! its name, the label people read, parsing with a helpful error, serde, and SQLite conversions.

/// Declares an enum whose values are written as the given text everywhere, and read by people
/// as the given label.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal, { $($(#[$vmeta:meta])* $variant:ident => $text:literal, $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in the order the app lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and command-line name.
            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The name people read, such as "Clinical brainstorming".
            pub fn label(&self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Every value with its label, in the order the app lists them.
            pub fn choices() -> Vec<$crate::vocabulary::Choice> {
                $name::ALL.iter().map(|value| $crate::vocabulary::Choice::new(value.as_str(), value.label())).collect()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = Error;

            fn from_str(text: &str) -> $crate::error::Result<Self> {
                $name::ALL.iter().copied().find(|value| value.as_str() == text).ok_or_else(|| {
                    let names: Vec<_> = $name::ALL.iter().map(|value| value.as_str()).collect();
                    $crate::error::Error::Invalid(format!(concat!("\"{}\" is not ", $what, ". Use one of {}."), text, names.join(", ")))
                })
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.as_str()))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                value.as_str()?.parse().map_err(|err: $crate::error::Error| rusqlite::types::FromSqlError::Other(Box::new(err)))
            }
        }
    };
}
pub(crate) use text_enum;

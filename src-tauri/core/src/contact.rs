//! Peer contacts: the kinds of contact a checklist item or the contact log can name.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// How a peer contact happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContactKind {
    /// A written message: text, email, chat.
    Message,
    /// A phone call.
    Call,
    /// A video call.
    Video,
    /// Meeting in person.
    InPerson,
    /// The peer consultation group.
    Group,
    /// A debrief with the user's peer buddy.
    BuddyDebrief,
    /// Informal time together.
    Informal,
}

impl ContactKind {
    /// Every kind, in the order the app lists them.
    pub const ALL: [ContactKind; 7] = [
        ContactKind::Message,
        ContactKind::Call,
        ContactKind::Video,
        ContactKind::InPerson,
        ContactKind::Group,
        ContactKind::BuddyDebrief,
        ContactKind::Informal,
    ];

    /// The stored and command-line name, such as `buddy-debrief`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ContactKind::Message => "message",
            ContactKind::Call => "call",
            ContactKind::Video => "video",
            ContactKind::InPerson => "in-person",
            ContactKind::Group => "group",
            ContactKind::BuddyDebrief => "buddy-debrief",
            ContactKind::Informal => "informal",
        }
    }
}

impl fmt::Display for ContactKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ContactKind {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ContactKind::ALL.into_iter().find(|kind| kind.as_str() == text).ok_or_else(|| {
            let names: Vec<_> = ContactKind::ALL.iter().map(ContactKind::as_str).collect();
            Error::Invalid(format!("\"{text}\" is not a kind of contact. Use one of {}.", names.join(", ")))
        })
    }
}

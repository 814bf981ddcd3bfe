//! The one check of free text for what looks like client identifiers, so that Mooring keeps
//! holding the clinician's own data and not client records.
//!
//! Every free text a user types goes through a [`ClientDetailsCheck`] before it is saved:
//! notes, reflections, peer names and details, checklist titles, the agreement, consultation
//! records and debrief notes, from the window and the command line alike. A text that looks
//! identifying is refused with [`Error::LooksIdentifying`] unless the user chose to save it
//! anyway. A check that cries wolf gets ignored, so each detector asks for what makes its find
//! identifying, not just digits or a capital letter:
//!
//! - [`phone`]: libphonenumber's metadata, and the grouping numbers are written in;
//! - [`names`]: given names and surnames from public lists, in client context only, and never
//!   the user's own colleagues;
//! - [`dates`]: a date with birth context; [`records`]: a number with a record word;
//! - [`addresses`]: street types, house numbers and postcodes; [`email`]: also spelled out.

mod addresses;
mod dates;
mod email;
pub(crate) mod fold;
mod lexicon;
mod names;
mod phone;
mod records;
mod words;

use std::collections::HashSet;
use std::ops::Range;

use chrono::NaiveDate;
use serde::Serialize;

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::store::Store;

/// What a finding looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// An email address, written or spelled out.
    Email,
    /// A phone number.
    Phone,
    /// A date of birth.
    DateOfBirth,
    /// A medical record, case, insurance or other record number.
    RecordNumber,
    /// A street address or a postcode.
    StreetAddress,
    /// A client's name.
    ClientName,
}

impl FindingKind {
    /// The kind as the command line and the window name it: `phone`, `client-name`...
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Email => "email",
            FindingKind::Phone => "phone",
            FindingKind::DateOfBirth => "date-of-birth",
            FindingKind::RecordNumber => "record-number",
            FindingKind::StreetAddress => "street-address",
            FindingKind::ClientName => "client-name",
        }
    }

    /// The kind in words: "a phone number".
    pub fn what(self) -> &'static str {
        match self {
            FindingKind::Email => "an email address",
            FindingKind::Phone => "a phone number",
            FindingKind::DateOfBirth => "a date of birth",
            FindingKind::RecordNumber => "a record number",
            FindingKind::StreetAddress => "a street address",
            FindingKind::ClientName => "a client's name",
        }
    }
}

/// Something in a text that looks like it identifies a client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What it looks like.
    pub kind: FindingKind,
    /// What it looks like, in words: "a phone number".
    pub what: &'static str,
    /// The part of the text that looks like it.
    pub excerpt: String,
    /// Where the excerpt starts in the text, in characters.
    pub start: usize,
    /// Where the excerpt ends in the text, in characters (exclusive).
    pub end: usize,
    /// Which field of a form held it, in words ("the question"), when the form has several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
}

impl Finding {
    /// The same finding, said to be in `field` ("the question").
    pub fn found_in(self, field: &'static str) -> Finding {
        Finding {
            field: Some(field),
            ..self
        }
    }
}

/// Whether a free text that looks like it identifies a client may be saved.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Guard {
    /// Refuse it with [`Error::LooksIdentifying`], so the user can edit it.
    #[default]
    Check,
    /// Save it: the user has seen the warning and decided.
    SaveAnyway,
}

impl Guard {
    /// `SaveAnyway` when the user said so (`--anyway`, or "Save anyway" in the window).
    pub fn anyway(save_anyway: bool) -> Self {
        if save_anyway {
            Guard::SaveAnyway
        } else {
            Guard::Check
        }
    }
}

/// The check of free text for a client's details, knowing the day (for dates of birth) and
/// the user's colleagues (whose names are never a client's).
#[derive(Clone, Debug)]
pub struct ClientDetailsCheck {
    today: NaiveDate,
    colleagues: HashSet<String>,
}

impl ClientDetailsCheck {
    /// A check on `today` that knows no colleagues.
    pub fn new(today: NaiveDate) -> Self {
        ClientDetailsCheck {
            today,
            colleagues: HashSet::new(),
        }
    }

    /// The same check, knowing `names` (peers' display names, the user's own) as colleagues.
    pub fn with_colleagues<S: AsRef<str>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        for name in names {
            for word in words::words(name.as_ref()) {
                let folded = fold::fold(word.bare());
                if folded.chars().count() >= 2 {
                    self.colleagues.insert(folded);
                }
            }
        }
        self
    }

    /// Everything in `text` that looks like a client identifier, in order of appearance.
    pub fn findings(&self, text: &str) -> Vec<Finding> {
        let mut claimed: Vec<(Range<usize>, FindingKind)> = Vec::new();
        let mut claim = |ranges: Vec<Range<usize>>, kind: FindingKind| {
            for range in ranges {
                // One stretch of text is one finding: the first kind that claims it wins.
                if !claimed
                    .iter()
                    .any(|(taken, _)| range.start < taken.end && taken.start < range.end)
                {
                    claimed.push((range, kind));
                }
            }
        };
        claim(email::email_addresses(text), FindingKind::Email);
        claim(
            dates::dates_of_birth(text, self.today),
            FindingKind::DateOfBirth,
        );
        claim(records::record_numbers(text), FindingKind::RecordNumber);
        claim(
            addresses::street_addresses(text),
            FindingKind::StreetAddress,
        );
        claim(phone::phone_numbers(text), FindingKind::Phone);
        claim(
            names::client_names(text, &self.colleagues),
            FindingKind::ClientName,
        );
        claimed.sort_by_key(|(range, _)| range.start);
        claimed
            .into_iter()
            .map(|(range, kind)| {
                let excerpt = text[range.clone()].trim_end_matches([',', ' ', ';', ':']);
                let start = text[..range.start].chars().count();
                Finding {
                    kind,
                    what: kind.what(),
                    excerpt: excerpt.to_owned(),
                    start,
                    end: start + excerpt.chars().count(),
                    field: None,
                }
            })
            .collect()
    }

    /// `text` trimmed, once it is at most `max_chars` long and, unless `guard` says save
    /// anyway, holds nothing that looks like a client identifier. Nothing is written here.
    pub fn checked(&self, text: &str, max_chars: usize, guard: Guard) -> Result<String> {
        let text = text.trim();
        let chars = text.chars().count();
        if chars > max_chars {
            return Err(Error::Invalid(format!(
                "Keep a note to {} characters; this one has {}.",
                thousands(max_chars),
                thousands(chars)
            )));
        }
        self.check_fields(&[(None, text)], guard)?;
        Ok(text.to_owned())
    }

    /// Refuses with every finding in every field, each said to be in its field (when it is
    /// named), unless `guard` says save anyway.
    pub fn check_fields(
        &self,
        fields: &[(Option<&'static str>, &str)],
        guard: Guard,
    ) -> Result<()> {
        if guard == Guard::SaveAnyway {
            return Ok(());
        }
        let findings: Vec<Finding> = fields
            .iter()
            .flat_map(|&(field, text)| {
                self.findings(text)
                    .into_iter()
                    .map(move |finding| match field {
                        Some(field) => finding.found_in(field),
                        None => finding,
                    })
            })
            .collect();
        if findings.is_empty() {
            Ok(())
        } else {
            Err(Error::LooksIdentifying(findings))
        }
    }
}

impl Store {
    /// The check for a client's details as this user needs it: today, knowing their peers
    /// (archived ones too) as colleagues.
    pub fn client_details_check(&self, clock: &dyn Clock) -> Result<ClientDetailsCheck> {
        Ok(ClientDetailsCheck::new(clock.today()).with_colleagues(self.peer_names()?))
    }
}

/// A count with a thousands separator, as the messages print it: 5,000.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn found(text: &str) -> Vec<(&'static str, String)> {
        ClientDetailsCheck::new(today())
            .with_colleagues(["Ana Silva"])
            .findings(text)
            .into_iter()
            .map(|f| (f.kind.as_str(), f.excerpt))
            .collect()
    }

    #[test]
    fn each_kind_is_found_with_its_excerpt_and_where_it_is() {
        let findings = ClientDetailsCheck::new(today())
            .findings("my client, Jane, DOB 3/4/85, lives at 42 Elm Street");
        let found: Vec<(&str, &str, usize, usize)> = findings
            .iter()
            .map(|f| (f.kind.as_str(), f.excerpt.as_str(), f.start, f.end))
            .collect();
        assert_eq!(
            found,
            [
                ("client-name", "client, Jane", 3, 15),
                ("date-of-birth", "DOB 3/4/85", 17, 27),
                ("street-address", "42 Elm Street", 38, 51),
            ]
        );
        assert_eq!(findings[0].what, "a client's name");
    }

    #[test]
    fn offsets_count_characters_not_bytes() {
        let findings =
            ClientDetailsCheck::new(today()).findings("Łódź — my client Łucja from Kraków");
        assert_eq!(findings.len(), 1);
        let text: Vec<char> = "Łódź — my client Łucja from Kraków".chars().collect();
        let excerpt: String = text[findings[0].start..findings[0].end].iter().collect();
        assert_eq!(excerpt, findings[0].excerpt);
        assert_eq!(excerpt, "client Łucja");
    }

    #[test]
    fn colleagues_are_never_clients() {
        assert_eq!(
            found("Talked through my client Rebecca's relapse with Ana"),
            [("client-name", "client Rebecca's".to_owned())]
        );
        assert!(found("my client Ana is a colleague's name too").is_empty());
        assert!(found("Coffee with Ana Silva").is_empty());
    }

    #[test]
    fn the_guard_refuses_unless_told_to_save_anyway() {
        let check = ClientDetailsCheck::new(today());
        let err = check
            .checked("  Client: Jane  ", 100, Guard::Check)
            .unwrap_err();
        assert_eq!(err.code(), "looks-identifying");
        assert!(err.to_string().contains("\"Client: Jane\""), "{err}");
        assert_eq!(
            check
                .checked("  Client: Jane  ", 100, Guard::SaveAnyway)
                .unwrap(),
            "Client: Jane"
        );
        let err = check
            .checked(&"a".repeat(5001), 5000, Guard::SaveAnyway)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Keep a note to 5,000 characters; this one has 5,001."
        );
    }
}

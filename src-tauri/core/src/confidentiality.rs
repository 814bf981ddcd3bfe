//! A check of notes for what looks like client identifiers, so that Mooring keeps holding the
//! clinician's own data and not client records. It only warns; the user decides.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use serde::Serialize;

/// Something in a note that looks like it identifies a client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What it looks like: `email`, `phone`, `date-of-birth`, `record-number` or `client-name`.
    pub kind: &'static str,
    /// What it looks like, in words: "a phone number".
    pub what: &'static str,
    /// The text that looks like it.
    pub text: String,
}

/// Words for each kind of finding.
fn describe(kind: &str) -> &'static str {
    match kind {
        "email" => "an email address",
        "phone" => "a phone number",
        "date-of-birth" => "a date of birth",
        "record-number" => "a record number",
        _ => "a client's name",
    }
}

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}").unwrap());
static PHONE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\+?\(?\d[\d\s().-]{5,}\d").unwrap());
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})|(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{4}|\d{2}))\b").unwrap()
});
static BIRTH_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:dob|d\.o\.b\.?|born|birth\s*date|date\s+of\s+birth)\b").unwrap()
});
static RECORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:mrn|nhs|record|file|case|chart|(?:client|patient)\s*(?:id|no\.?|number))\s*(?:#|no\.?|number|:)?\s*[A-Z]{0,3}-?\d{3,}|#\d{4,}").unwrap()
});
static CLIENT_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?i:client|patient)s?\s+(?:(?i:named|called)\s+)?[A-Z][a-z]+").unwrap()
});

/// Everything in `note` that looks like a client identifier, in order of appearance.
///
/// `today` tells dates of birth (years old enough to be one) from recent dates.
pub fn likely_client_identifiers(note: &str, today: NaiveDate) -> Vec<Finding> {
    let mut findings: Vec<(usize, Finding)> = Vec::new();
    let mut add = |start: usize, kind: &'static str, text: &str| {
        findings.push((
            start,
            Finding {
                kind,
                what: describe(kind),
                text: text.trim().to_owned(),
            },
        ));
    };
    for found in EMAIL.find_iter(note) {
        add(found.start(), "email", found.as_str());
    }
    let birth_word = BIRTH_WORD.is_match(note);
    let mut date_spans = Vec::new();
    for captures in DATE.captures_iter(note) {
        let whole = captures.get(0).expect("the whole match");
        date_spans.push(whole.range());
        let year = captures
            .name("iy")
            .or(captures.name("y"))
            .map_or(0, |y| y.as_str().parse::<i32>().unwrap_or(0));
        let year = if year < 100 { 1900 + year } else { year };
        if birth_word || (1900..=today.year() - 12).contains(&year) {
            add(whole.start(), "date-of-birth", whole.as_str());
        }
    }
    for found in RECORD.find_iter(note) {
        add(found.start(), "record-number", found.as_str());
    }
    for found in PHONE.find_iter(note) {
        let digits = found.as_str().chars().filter(char::is_ascii_digit).count();
        let inside_other = date_spans.iter().any(|span| span.contains(&found.start()))
            || EMAIL
                .find_iter(note)
                .any(|email| email.range().contains(&found.start()))
            || RECORD
                .find_iter(note)
                .any(|record| record.range().contains(&found.start()));
        if digits >= 7 && !inside_other {
            add(found.start(), "phone", found.as_str());
        }
    }
    for found in CLIENT_NAME.find_iter(note) {
        add(found.start(), "client-name", found.as_str());
    }
    findings.sort_by_key(|(start, _)| *start);
    findings.into_iter().map(|(_, finding)| finding).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(note: &str) -> Vec<&'static str> {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        likely_client_identifiers(note, today)
            .into_iter()
            .map(|f| f.kind)
            .collect()
    }

    #[test]
    fn flags_what_looks_like_a_client_identifier() {
        for (note, expected) in [
            ("Reach her at jane.doe@example.org tomorrow", vec!["email"]),
            ("His number is 0612 345 678", vec!["phone"]),
            ("call +44 (20) 7946 0958 after six", vec!["phone"]),
            ("born 03/04/1987, lives nearby", vec!["date-of-birth"]),
            ("DOB 1990-05-17", vec!["date-of-birth"]),
            ("intake on 12.01.1979", vec!["date-of-birth"]),
            ("MRN 4471023 came up in supervision", vec!["record-number"]),
            ("file #20931 needs a look", vec!["record-number"]),
            ("client ID: AB-5521", vec!["record-number"]),
            (
                "talked about client Maria and the rupture",
                vec!["client-name"],
            ),
            ("Patient Johnson cancelled again", vec!["client-name"]),
            ("my client named Oskar", vec!["client-name"]),
        ] {
            assert_eq!(kinds(note), expected, "{note:?}");
        }
    }

    #[test]
    fn leaves_ordinary_notes_alone() {
        for note in [
            "Talked through a stuck case; felt lighter afterwards.",
            "Group on 2026-11-18 was warm and focused.",
            "Met at 12:30 for 45 minutes.",
            "a client who keeps cancelling",
            "Clients were heavy this week, 28 sessions.",
            "Sam shared a reading list: three books.",
            "Booked room 12 for next week.",
            "",
        ] {
            assert!(kinds(note).is_empty(), "{note:?}: {:?}", kinds(note));
        }
    }
}

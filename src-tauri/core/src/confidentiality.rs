//! The one check of free text for what looks like client identifiers, so that Mooring keeps
//! holding the clinician's own data and not client records.
//!
//! Every free text a user types goes through [`checked_free_text`] before it is saved: contact
//! notes, reflections and any later free-text field, from the window and the command line alike.
//! A text that looks identifying is refused with [`Error::LooksIdentifying`] unless the user
//! chose to save it anyway. A check that cries wolf gets ignored, so ordinary notes must pass:
//! each pattern asks for context (a word such as "client" or "born", a marker such as "MRN" or
//! "#", the shape of a phone number or an address), not just digits or a capital letter.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use serde::Serialize;

use crate::error::{Error, Result};

/// Something in a text that looks like it identifies a client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What it looks like: `email`, `phone`, `date-of-birth`, `record-number`, `client-name`
    /// or `street-address`.
    pub kind: &'static str,
    /// What it looks like, in words: "a phone number".
    pub what: &'static str,
    /// The part of the text that looks like it.
    pub excerpt: String,
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

/// `text` trimmed, once it is at most `max_chars` long and, unless `guard` says save anyway,
/// holds nothing that looks like a client identifier. Nothing is written here.
pub fn checked_free_text(
    text: &str,
    max_chars: usize,
    guard: Guard,
    today: NaiveDate,
) -> Result<String> {
    let text = text.trim();
    let chars = text.chars().count();
    if chars > max_chars {
        return Err(Error::Invalid(format!(
            "Keep a note to {} characters; this one has {}.",
            thousands(max_chars),
            thousands(chars)
        )));
    }
    if guard == Guard::Check {
        let findings = likely_client_identifiers(text, today);
        if !findings.is_empty() {
            return Err(Error::LooksIdentifying(findings));
        }
    }
    Ok(text.to_owned())
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

/// Words for each kind of finding.
fn describe(kind: &str) -> &'static str {
    match kind {
        "email" => "an email address",
        "phone" => "a phone number",
        "date-of-birth" => "a date of birth",
        "record-number" => "a record number",
        "street-address" => "a street address",
        _ => "a client's name",
    }
}

/// Builds one of the patterns below; they are fixed, so a failure is a bug caught by any test.
fn pattern(source: &str) -> Regex {
    Regex::new(source).expect("a valid pattern")
}

/// An address, or one spelled out to dodge filters: "jane at example dot com".
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}|\b[\w.+-]+\s*(?:\(at\)|\[at\]|\bat\b)\s*[\w-]+(?:\s*(?:\(dot\)|\[dot\]|\bdot\b)\s*[\w-]+)*\s*(?:\(dot\)|\[dot\]|\bdot\b)\s*(?:com|org|net|edu|gov|co|uk|de|nl|fr|ie|ca|au|io|info|me)\b",
    )
});

/// A run of digits and separators long enough to be a phone number; [`looks_like_phone`] decides.
static PHONE: LazyLock<Regex> = LazyLock::new(|| pattern(r"\+?\(?\d[\d\s().-]{5,}\d"));

/// A word that says the number next to it is a phone number.
static PHONE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"(?i)\b(?:phone|tel|telephone|mobile|cell|call|text|ring|whatsapp|number)\b\W*$")
});

/// A numeric date: 1990-05-17, 3/4/85, 12.01.1979.
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"\b(?:(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})|(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{4}|\d{2}))\b",
    )
});

/// A written date: 12 March 1985, March 12, 1985, 3rd of May '85.
static WRITTEN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    let month = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?";
    pattern(&format!(
        r"(?i)\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{month},?\s+'?(?P<y1>\d{{4}}|\d{{2}})|{month}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+'?(?P<y2>\d{{4}}|\d{{2}}))\b"
    ))
});

/// A word that says a date nearby is a date of birth.
static BIRTH_WORD: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"(?i)\b(?:dob|d\.o\.b\b\.?|born|birth\s*date|date\s+of\s+birth|birthday)")
});

/// A year of birth on its own: "born in 1985", "DOB: 1990".
static BIRTH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)\b(?:born|dob|d\.o\.b\b\.?)\s*(?:in|on|:)?\s*(?:19|20)\d{2}\b"));

/// A record number: MRN 4471023, patient # 12345, case no. 88, ID: AB-5521, file #20931.
static RECORD: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:(?:mrn|nhs|ssn|id)\s*(?:#|no\b\.?|number|:)?|(?:patient|client|counsell?ee|case|file|chart|record|referral)\s*(?:id\b|#|no\b\.?|number|nr\b\.?)\s*:?)\s*[a-z]{0,3}-?\d{3,}(?:[\s-]\d{3,})*|#\s?\d{4,}|\b(?:mrn|medical\s+record)\s+\d{3,}|\b\d{3}-\d{2}-\d{4}\b",
    )
});

/// A client named after the word for one: "client Maria", "my client, Jane", "Client: J. Smith".
static CLIENT_NAME: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"\b(?i:client|patient|counsell?ee|service\s+user)(?:'s|’s)?\s*[,:;(–-]?\s*(?:(?i:named|called)\s+)?(?P<name>[A-Z]\.\s?[A-Z][a-z]+|[A-Z]\.\s?[A-Z]\.|[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?|[A-Z]{2}\b)",
    )
});

/// Capitalised words that follow "client" without being a name.
const NOT_NAMES: &[&str] = &[
    "I",
    "I'm",
    "I’m",
    "I'd",
    "I've",
    "I'll",
    "The",
    "This",
    "That",
    "These",
    "Those",
    "Today",
    "Tomorrow",
    "Yesterday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "She",
    "He",
    "They",
    "We",
    "It",
    "You",
    "My",
    "Our",
    "His",
    "Her",
    "Their",
    "Its",
    "A",
    "An",
    "And",
    "But",
    "So",
    "Then",
    "When",
    "While",
    "After",
    "Before",
    "Also",
    "Again",
    "Services",
    "Service",
    "Portal",
    "Centre",
    "Center",
    "Centred",
    "Centered",
    "Group",
    "Groups",
    "Care",
    "Work",
    "Session",
    "Sessions",
    "Feedback",
    "Survey",
    "Intake",
    "Assessment",
    "Notes",
    "Note",
    "Safety",
    "Satisfaction",
    "Outcome",
    "Outcomes",
    "Rights",
    "Confidentiality",
    "Consent",
    "Agreement",
    "Records",
    "Record",
    "Load",
    "Hours",
    "Week",
    "Who",
    "What",
    "Which",
    "How",
    "Why",
    "Where",
    "As",
    "At",
    "In",
    "On",
    "Of",
    "For",
    "With",
    "To",
    "From",
    "By",
    "No",
    "Not",
    "Yes",
    "OK",
    "Ok",
    "Okay",
    "Everyone",
    "Someone",
    "Somebody",
    "Anyone",
    "Experience",
    "Base",
    "List",
    "Contact",
    "Communication",
    "Education",
    "Handbook",
    "Welfare",
    "Journey",
    "Flow",
    "Mix",
];

/// A street address: "42 Elm Street", "12 Baker St.", "Hauptstraße 12".
static STREET_ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][a-z]+\.?\s+){1,3}(?i:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|terrace|close|crescent|square|sq|parkway|gardens|grove|mews|row)\b\.?|\b[A-Z][a-zäöüß]+(?:straße|strasse|str\.|gasse|weg|allee|platz|laan|straat|gracht|plein|kade)\s+\d{1,4}[a-z]?\b",
    )
});

/// Everything in `text` that looks like a client identifier, in order of appearance.
///
/// `today` tells dates of birth (years old enough to be one) from recent dates.
pub fn likely_client_identifiers(text: &str, today: NaiveDate) -> Vec<Finding> {
    let mut findings: Vec<(usize, usize, Finding)> = Vec::new();
    let mut add = |range: std::ops::Range<usize>, kind: &'static str| {
        // One stretch of text is one finding: the first kind that claims it wins.
        if findings
            .iter()
            .any(|(start, end, _)| range.start < *end && *start < range.end)
        {
            return;
        }
        findings.push((
            range.start,
            range.end,
            Finding {
                kind,
                what: describe(kind),
                excerpt: text[range].trim().to_owned(),
                field: None,
            },
        ));
    };
    for found in EMAIL.find_iter(text) {
        add(found.range(), "email");
    }
    let birth_word = BIRTH_WORD.is_match(text);
    let old_enough = |year: i32| (1900..=today.year() - 12).contains(&year);
    let full_year = |year: &str| {
        let year = year.parse::<i32>().unwrap_or(0);
        if year < 100 {
            // Two digits: the century that makes a plausible birth year.
            if 2000 + year <= today.year() - 12 {
                2000 + year
            } else {
                1900 + year
            }
        } else {
            year
        }
    };
    // Every date, of birth or not, is a date: never read as a phone number below.
    let mut dates = Vec::new();
    for captures in NUMERIC_DATE.captures_iter(text) {
        let whole = captures.get(0).expect("the whole match");
        if !is_plausible_date(whole.as_str()) {
            continue;
        }
        dates.push(whole.range());
        let year = captures
            .name("iy")
            .or(captures.name("y"))
            .map_or(0, |y| full_year(y.as_str()));
        if birth_word || old_enough(year) {
            add(whole.range(), "date-of-birth");
        }
    }
    for captures in WRITTEN_DATE.captures_iter(text) {
        let whole = captures.get(0).expect("the whole match");
        let year = captures
            .name("y1")
            .or(captures.name("y2"))
            .map_or(0, |y| full_year(y.as_str()));
        if birth_word || old_enough(year) {
            add(whole.range(), "date-of-birth");
        }
    }
    for found in BIRTH_YEAR.find_iter(text) {
        add(found.range(), "date-of-birth");
    }
    for found in RECORD.find_iter(text) {
        add(found.range(), "record-number");
    }
    for found in STREET_ADDRESS.find_iter(text) {
        add(found.range(), "street-address");
    }
    for found in PHONE.find_iter(text) {
        let is_a_date = dates
            .iter()
            .any(|date| date.start < found.end() && found.start() < date.end);
        if !is_a_date && looks_like_phone(found.as_str(), &text[..found.start()]) {
            add(found.range(), "phone");
        }
    }
    for captures in CLIENT_NAME.captures_iter(text) {
        let name = captures.name("name").expect("the name group");
        let first_word = name.as_str().split_whitespace().next().unwrap_or_default();
        if !NOT_NAMES.contains(&first_word) {
            add(
                captures.get(0).expect("the whole match").range(),
                "client-name",
            );
        }
    }
    findings.sort_by_key(|(start, _, _)| *start);
    findings
        .into_iter()
        .map(|(_, _, finding)| finding)
        .collect()
}

/// Whether a numeric date is one: one separator used throughout (12.30-13.30 is a time range),
/// a day and a month in range in either order.
fn is_plausible_date(date: &str) -> bool {
    let separators: Vec<char> = date.chars().filter(|c| !c.is_ascii_digit()).collect();
    if separators.windows(2).any(|pair| pair[0] != pair[1]) {
        return false;
    }
    let parts: Vec<u32> = date
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|part| part.parse().ok())
        .collect();
    let (a, b) = match parts.as_slice() {
        [year, month, day] if *year > 31 => (*month, *day),
        [first, second, _] => (*first, *second),
        _ => return false,
    };
    (1..=31).contains(&a) && (1..=31).contains(&b) && a.min(b) <= 12
}

/// Whether `candidate`, a run of digits and separators that follows `before`, is a phone number
/// rather than a time range, a year range, a count or a room number.
fn looks_like_phone(candidate: &str, before: &str) -> bool {
    let groups: Vec<&str> = candidate
        .split(|c: char| !c.is_ascii_digit())
        .filter(|group| !group.is_empty())
        .collect();
    let digits: usize = groups.iter().map(|group| group.len()).sum();
    if digits < 7 {
        return false;
    }
    let introduced = PHONE_WORD.is_match(before);
    let international = candidate.starts_with('+') || candidate.starts_with('(');
    let separated = groups.len() > 1;
    // 12.30-13.30 or 2024-2025: times and years, not phone numbers.
    let short_groups = groups.iter().all(|group| group.len() <= 2);
    let year_range = groups.len() == 2 && groups.iter().all(|group| group.len() == 4);
    if !introduced && (year_range || (short_groups && digits < 10)) {
        return false;
    }
    introduced || international || digits >= 10 || separated
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<&'static str> {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        likely_client_identifiers(text, today)
            .into_iter()
            .map(|f| f.kind)
            .collect()
    }

    #[test]
    fn each_kind_is_found_with_its_excerpt() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let findings =
            likely_client_identifiers("my client, Jane, DOB 3/4/85, lives at 42 Elm Street", today);
        let found: Vec<(&str, &str)> = findings
            .iter()
            .map(|f| (f.kind, f.excerpt.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("client-name", "client, Jane"),
                ("date-of-birth", "3/4/85"),
                ("street-address", "42 Elm Street"),
            ]
        );
        assert_eq!(findings[0].what, "a client's name");
    }

    #[test]
    fn a_phone_needs_the_shape_of_one() {
        assert_eq!(kinds("His number is 0612 345 678"), ["phone"]);
        assert_eq!(kinds("call +44 (20) 7946 0958 after six"), ["phone"]);
        assert_eq!(kinds("ring 555-0199"), ["phone"]);
        assert!(kinds("Room 1234567").is_empty());
        assert!(kinds("Met 12.30-13.30 in the park").is_empty());
        assert!(kinds("Paid the 2025-2026 membership").is_empty());
        assert!(kinds("Group on 2026-11-18 was warm").is_empty());
    }

    #[test]
    fn the_guard_refuses_unless_told_to_save_anyway() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let err = checked_free_text("  Client: Jane  ", 100, Guard::Check, today).unwrap_err();
        assert_eq!(err.code(), "looks-identifying");
        assert!(err.to_string().contains("\"Client: Jane\""), "{err}");
        assert_eq!(
            checked_free_text("  Client: Jane  ", 100, Guard::SaveAnyway, today).unwrap(),
            "Client: Jane"
        );
        let err = checked_free_text(&"a".repeat(5001), 5000, Guard::SaveAnyway, today).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Keep a note to 5,000 characters; this one has 5,001."
        );
    }
}

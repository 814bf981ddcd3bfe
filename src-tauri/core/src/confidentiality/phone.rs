//! A phone number, through libphonenumber's metadata (the `phonenumber` crate): a number is a
//! phone when it carries a country code and is valid, or is valid in one of the countries
//! Mooring's users live in and grouped as numbers there are written, or follows a word such as
//! "mobile" or "call". "Billed 90837 90834", a Zoom ID or an ISBN is not one.

use std::ops::Range;
use std::sync::LazyLock;

use phonenumber::country::Id;
use phonenumber::{Mode, PhoneNumber};
use regex::Regex;

/// Countries whose numbers are written with a leading 0 (a trunk prefix, or part of the
/// number in Italy), most used first.
const LEADING_ZERO: [Id; 14] = [
    Id::GB,
    Id::DE,
    Id::FR,
    Id::NL,
    Id::AU,
    Id::IE,
    Id::NZ,
    Id::BE,
    Id::CH,
    Id::AT,
    Id::IT,
    Id::SE,
    Id::FI,
    Id::ZA,
];

/// Countries whose numbers are written without one.
const NO_LEADING_ZERO: [Id; 7] = [Id::US, Id::CA, Id::ES, Id::PT, Id::PL, Id::NO, Id::DK];

/// A run of digits with the separators phone numbers are written with.
static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+|\b00)?\(?\b\d[\d \t().\-/]{5,}\d\b").expect("a valid pattern")
});

/// A word just before a number that says it is a phone number.
static PHONE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:phone|ph|tel|telephone|mobile|mob|cell|cellphone|call|called|text|texted|ring|whatsapp|signal|number|handy|telefon|telefonnummer|t[ée]l[ée]phone|portable|m[oó]vil|tel[ée]fono|cellulare|telefoon|mobiel|reach)\b\.?[\s:,-]*(?:(?:is|was|on|at|me|him|her|them|no\.?|number|nummer)[\s:,-]+)*$",
    )
    .expect("a valid pattern")
});

/// A word just before a number that says it is something else: a meeting ID, an invoice, a
/// billing code, a reference.
static OTHER_NUMBER_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:zoom|meeting|webinar|id|invoice|inv|isbn|issn|doi|cpt|codes?|billed|bill|billing|ref|reference|order|account|acct|iban|room|pin|passcode|licen[cs]e|registration|reg|hcpc|bacp|ukcp|npi)\b\W*(?:(?:id|no\.?|number|#)\W*)?$",
    )
    .expect("a valid pattern")
});

/// A date written with separators: never a phone number.
static DATE_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{1,4}([./-])\d{1,2}([./-])\d{2,4}$").expect("a valid pattern")
});

/// Where `text` holds a phone number, as byte ranges.
pub fn phone_numbers(text: &str) -> Vec<Range<usize>> {
    CANDIDATE
        .find_iter(text)
        .filter_map(|found| {
            let candidate = found
                .as_str()
                .trim_end_matches([' ', '\t', '(', '-', '.', '/']);
            let range = found.start()..found.start() + candidate.len();
            let mut from = found.start().saturating_sub(40);
            while !text.is_char_boundary(from) {
                from += 1;
            }
            let before = &text[from..found.start()];
            is_phone(candidate, before).then_some(range)
        })
        .collect()
}

/// Whether `candidate`, after the text `before`, is a phone number.
fn is_phone(candidate: &str, before: &str) -> bool {
    let digits = digit_groups(candidate);
    let count: usize = digits.iter().map(String::len).sum();
    if !(7..=15).contains(&count)
        || DATE_SHAPE.is_match(candidate)
        || OTHER_NUMBER_WORD.is_match(before)
    {
        return false;
    }
    // 2025-2026: a span of years, not a Danish number.
    let years = digits.len() == 2
        && digits
            .iter()
            .all(|group| group.len() == 4 && (group.starts_with("19") || group.starts_with("20")));
    if years {
        return false;
    }
    let introduced = PHONE_WORD.is_match(before);
    let international = candidate.starts_with('+') || candidate.starts_with("00");
    if international {
        let plus = match candidate.strip_prefix("00") {
            Some(rest) => format!("+{rest}"),
            None => candidate.to_owned(),
        };
        return introduced
            || phonenumber::parse(None, plus).is_ok_and(|number| phonenumber::is_valid(&number));
    }
    let leading_zero = candidate.trim_start_matches('(').starts_with('0');
    // An unbroken run of digits is a phone only when it is written as one: with its 0, or
    // after "call" (not an invoice, an order or a US number someone wrote without spaces).
    if digits.len() == 1 && !leading_zero && !introduced {
        return false;
    }
    let regions: &[Id] = if leading_zero {
        &LEADING_ZERO
    } else {
        &NO_LEADING_ZERO
    };
    let valid = regions.iter().any(|&region| {
        phonenumber::parse(Some(region), candidate).is_ok_and(|number| {
            // Written with its 0, a valid number is a phone however it is grouped (0151
            // 23456789, 0612 345 678); without one, it must be grouped as the country does.
            phonenumber::is_valid(&number)
                && (introduced || leading_zero || grouped_as_written(&number, &digits))
        })
    });
    // After "mobile" or "call", the shape of a number is enough: 07700 900123 and 555-0199 are
    // reserved for fiction, but a real number written there is a phone all the same.
    valid || (introduced && digits.iter().all(|group| group.len() >= 2))
}

/// The groups of digits in a number as typed: "(415) 555-0132" is 415, 555, 0132.
fn digit_groups(candidate: &str) -> Vec<String> {
    candidate
        .split(|c: char| !c.is_ascii_digit())
        .filter(|group| !group.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether the digits were grouped the way the country writes the number: each break the user
/// typed falls where the national format has one ("90837 90834" is no US number, which would
/// be written 908-379-0834).
fn grouped_as_written(number: &PhoneNumber, typed: &[String]) -> bool {
    let national = number.format().mode(Mode::National).to_string();
    let written = digit_groups(&national);
    let breaks = |groups: &[String]| -> (String, Vec<usize>) {
        let mut at = 0;
        let mut breaks = Vec::new();
        for group in groups {
            at += group.len();
            breaks.push(at);
        }
        breaks.pop();
        (groups.concat(), breaks)
    };
    let (typed_digits, typed_breaks) = breaks(typed);
    let (written_digits, written_breaks) = breaks(&written);
    // A US number may be typed with its leading 1, which the national format leaves out.
    let Some(offset) = typed_digits
        .strip_suffix(written_digits.as_str())
        .map(str::len)
        .filter(|&offset| offset <= 1)
    else {
        return false;
    };
    typed_breaks
        .iter()
        .filter(|&&at| at > offset)
        .all(|&at| written_breaks.contains(&(at - offset)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone(text: &str) -> bool {
        !phone_numbers(text).is_empty()
    }

    #[test]
    fn numbers_are_phones_when_valid_and_written_as_phones() {
        assert!(phone("mobile +49 151 23456789"));
        assert!(phone("her number 06 12 34 56 78"));
        assert!(phone("06 12 34 56 78 is her mobile"));
        assert!(phone("left a message on (415) 555-0132"));
        assert!(phone("0151 23456789 after six"));
        assert!(phone("Mother: 020 7946 0321"));
        assert!(!phone("Billed 90837 90834"));
        assert!(!phone("Sessions 90837 90834 this week"));
        assert!(!phone("Zoom ID 812 3456 7890"));
        assert!(!phone("ISBN 9780393704853"));
        assert!(!phone("invoice 2026114455"));
        assert!(!phone("Met 12.30-13.30 in the park"));
        assert!(!phone("on 12.01.2019 we met"));
    }
}

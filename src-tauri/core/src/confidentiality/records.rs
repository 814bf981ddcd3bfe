//! A record number: an identifier after a word that says it is one (MRN, NHS number with its
//! check digit, SSN in its valid shape, chart, case file, hospital number, insurance or member
//! ID...). An invoice, an ISBN, a Zoom ID, a CPT code or a "ref #" on a CPD log is not one.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// A word that says the identifier after it is a client's record, then the identifier.
static RECORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?P<word>mrn|medical\s+record|(?P<nhs>nhs)|ssn|social\s+security|chart|case\s*file|case|file|hospital|(?:patient|client|pt)\s*(?:id\b|number|no\b\.?|nr\b\.?|#)|insurance|insurer|member(?:ship)?|subscriber|medicaid|medicare|policy|record|referral|bsn|versichertennummer|versicherungsnummer|aktenzeichen|dossier|expediente|historia\s+cl[ií]nica|nhi)(?:\s+(?P<mark>id|number|no\b\.?|nr\b\.?|num\b\.?|#|n[°º]))?(?:\s+(?:is|was))?\s*[:#]?\s*(?:no\.?\s*)?(?P<id>(?:[A-Za-z]{1,3}[-\s]?)?\d(?:[\d-]|\s\d)*\d(?:[A-Za-z])?)",
    )
    .expect("a valid pattern")
});

/// An SSN in its valid shape, which needs no word before it.
static SSN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{3})-(\d{2})-(\d{4})\b").expect("a valid pattern"));

/// Where `text` holds a record number, as byte ranges from the word to the end of the number.
pub fn record_numbers(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    for captures in RECORD.captures_iter(text) {
        let id = &captures["id"];
        let digits: String = id.chars().filter(char::is_ascii_digit).collect();
        let word = captures["word"].to_ascii_lowercase();
        // "case 12", "file 2026" or "record 3" count things; they are records with a mark
        // ("case #8812", "case no. 4471", "chart number 5521") or a word that is always one.
        let always = !matches!(
            word.as_str(),
            "case"
                | "file"
                | "chart"
                | "policy"
                | "record"
                | "referral"
                | "member"
                | "membership"
                | "insurance"
                | "insurer"
                | "subscriber"
                | "hospital"
                | "dossier"
                | "social security"
        );
        let marked = always || captures.name("mark").is_some() || captures[0].contains('#');
        let valid = if captures.name("nhs").is_some() {
            is_nhs_number(&digits)
        } else {
            marked && digits.len() >= 3
        };
        if valid {
            let whole = captures.get(0).expect("the whole match");
            found.push(whole.start()..whole.end());
        }
    }
    for captures in SSN.captures_iter(text) {
        let part = |n: usize| captures[n].parse::<u32>().unwrap_or(0);
        let (area, group, serial) = (part(1), part(2), part(3));
        if area != 0 && area != 666 && area < 900 && group != 0 && serial != 0 {
            let whole = captures.get(0).expect("the whole match");
            found.push(whole.start()..whole.end());
        }
    }
    found
}

/// Whether ten digits are an NHS number: the last is the modulus 11 check of the others.
fn is_nhs_number(digits: &str) -> bool {
    let digits: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 10 {
        return false;
    }
    let sum: u32 = digits[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(digit, weight)| digit * weight)
        .sum();
    let check = 11 - sum % 11;
    match check {
        11 => digits[9] == 0,
        10 => false,
        check => digits[9] == check,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_nhs_number_needs_its_check_digit() {
        assert!(is_nhs_number("9434765919"));
        assert!(!is_nhs_number("9434765918"));
        assert_eq!(record_numbers("NHS number 943 476 5919").len(), 1);
        assert!(record_numbers("NHS number 943 476 5918").is_empty());
    }
}

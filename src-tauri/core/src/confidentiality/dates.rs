//! A date of birth: a date or a year with birth context ("DOB", "d.o.b", "born", "date of
//! birth", "geb.", "née le"...), or a birthday whose year makes it one. A training date, a
//! qualification date or a colleague's birthday lunch is not one.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

/// A month by name, in English, German, French, Spanish, Italian and Dutch, abbreviated or not.
const MONTH: &str = r"(?:jan|feb|f[ée]v|m[aä]r|apr|avr|abr|may|mai|mei|mag|jun|juin|giu|jul|juil|lug|aug|ao[uû]|ago|sep|set|oct|okt|ott|nov|dec|d[ée]c|dez|dic|ene|gen)\p{L}*\.?";

/// A word or phrase that says the date after it is a date of birth.
static BIRTH_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|birth\s*date|born|n[ée]e?\s+le|geb\.|geboren|geburtsdatum|date\s+de\s+naissance|fecha\s+de\s+nacimiento|nacid[oa]|data\s+di\s+nascita|nat[oa]\s+il|geboortedatum|data\s+urodzenia|urodzon[ya])",
    )
    .expect("a valid pattern")
});

/// A birthday, which is a date of birth only when it has the year of one.
static BIRTHDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:birthday|geburtstag|anniversaire|cumpleaños)").expect("a valid pattern")
});

/// A date, right at the start of the text after the context: numeric, compact (12031985),
/// written ("12 March 1985", "March 3, 1990", "March 2009") or a year alone.
static DATE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^[\s:,\-–(]*(?:(?:is|was|on|in|the|am|le|el|il|op)\s+)*(?:(?P<iso>(?P<iy>\d{{4}})-\d{{1,2}}-\d{{1,2}})|\d{{1,2}}[./-]\d{{1,2}}[./-](?P<y>\d{{4}}|\d{{2}})|(?P<compact>\d{{8}})|\d{{1,2}}(?:st|nd|rd|th|er)?\.?\s+(?:of\s+|de\s+)?{MONTH},?\s+(?:de\s+)?'?(?P<wy1>\d{{4}}|\d{{2}})|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+'?(?P<wy2>\d{{4}}|\d{{2}})|{MONTH},?\s+(?P<my>\d{{4}})|(?P<year>(?:19|20)\d{{2}}))\b"
    ))
    .expect("a valid pattern")
});

/// Where `text` holds a date of birth, as byte ranges from the context to the end of the date.
pub fn dates_of_birth(text: &str, today: NaiveDate) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    for context in BIRTH_CONTEXT.find_iter(text) {
        if let Some(date) = date_after(text, context.end(), today) {
            if date.plausible {
                found.push(context.start()..date.end);
            }
        }
    }
    // "Her birthday is March 3, 1990": a birthday with a year at least 12 years back.
    for context in BIRTHDAY.find_iter(text) {
        let rest = &text[context.end()..];
        let skip = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_alphabetic() || c == ' ' || c == '\'')
                .len();
        // "birthday is on", "birthday lunch on": look past a few words for the date.
        let from = context.end() + skip.min(20);
        let starts = [context.end(), from];
        if let Some(date) = starts.iter().find_map(|&at| date_after(text, at, today)) {
            if date
                .year
                .is_some_and(|year| (today.year() - 110..=today.year() - 12).contains(&year))
            {
                found.push(context.start()..date.end);
            }
        }
    }
    found
}

/// A date found after a context word.
struct DateAfter {
    /// Where it ends, in bytes.
    end: usize,
    /// Its year, when it has one.
    year: Option<i32>,
    /// Whether it can be a date at all (a day and a month in range).
    plausible: bool,
}

/// The date at the start of `text[at..]`, after a few words such as "is" or "on".
fn date_after(text: &str, at: usize, today: NaiveDate) -> Option<DateAfter> {
    let captures = DATE_AFTER.captures(&text[at..])?;
    let whole = captures.get(0)?;
    let two_digits = |year: i32| {
        if year >= 100 {
            year
        } else if 2000 + year <= today.year() {
            2000 + year
        } else {
            1900 + year
        }
    };
    let year = ["iy", "y", "wy1", "wy2", "my", "year"]
        .iter()
        .find_map(|name| captures.name(name))
        .and_then(|y| y.as_str().parse::<i32>().ok())
        .map(two_digits)
        .or_else(|| {
            let compact = captures.name("compact")?.as_str();
            compact[4..].parse().ok()
        });
    let plausible = match captures.name("compact") {
        // 12031985: a day, a month and a year, in either order of day and month.
        Some(compact) => {
            let digits = compact.as_str();
            let (a, b) = (
                digits[..2].parse::<u32>().ok()?,
                digits[2..4].parse::<u32>().ok()?,
            );
            (1..=31).contains(&a) && (1..=31).contains(&b) && a.min(b) <= 12
        }
        None => true,
    };
    Some(DateAfter {
        end: at + whole.end(),
        year,
        plausible,
    })
}

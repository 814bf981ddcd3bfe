//! A client's name: a name is identifying in client context (after "client", "pt.", "intake",
//! "referral", a client's family member...), or with an honorific or a given name and an age
//! or a place ("Mr. Delacroix, 67", "Thomas Okonkwo, 34"). A name alone is not: peers talk
//! about each other, and the user's own colleagues are never a client.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::fold::fold;
use super::lexicon::kinds;
use super::words::{words, Word};

/// Words that say a name near them is a client's, folded, in the languages of Mooring's users.
const CLIENT_WORDS: &[&str] = &[
    "client",
    "clients",
    "cliente",
    "clienta",
    "clientin",
    "klient",
    "klientin",
    "klientka",
    "patient",
    "patiente",
    "patientin",
    "paciente",
    "paziente",
    "pacjent",
    "pacjentka",
    "pt",
    "counselee",
    "counsellee",
    "counselled",
    "intake",
    "referral",
    "referred",
    "couple",
    "family",
    "familie",
    "famille",
    "familia",
    "famiglia",
    "supervisee",
];

/// A family member: context only when the family is someone else's ("her son", "the client's
/// wife"), never the user's ("my daughter").
const FAMILY_WORDS: &[&str] = &[
    "son",
    "daughter",
    "wife",
    "husband",
    "partner",
    "mother",
    "father",
    "mum",
    "mom",
    "dad",
    "brother",
    "sister",
    "child",
    "boyfriend",
    "girlfriend",
    "fiance",
    "fiancee",
    "stepson",
    "stepdaughter",
    "niece",
    "nephew",
    "grandson",
    "granddaughter",
    "grandmother",
    "grandfather",
    "sohn",
    "tochter",
    "frau",
    "mann",
    "fils",
    "fille",
    "hijo",
    "hija",
];

/// Words that may stand between the context and the name ("my client, a new referral named").
const FILLERS: &[&str] = &[
    "named", "called", "is", "was", "new", "my", "our", "the", "a", "an", "of", "mine", "known",
    "as", "aka", "die", "der", "la", "el", "le", "il", "mon", "ma", "mi", "mijn", "moja", "mein",
    "meine", "former", "young", "older", "elderly", "teenage",
];

/// Titles that come before a surname.
const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "mx", "mister", "herr", "frau", "mme", "madame", "monsieur", "mlle",
    "sr", "sra", "srta", "senor", "senora", "signor", "signora", "sig", "pan", "pani", "dhr",
    "mevr", "mevrouw",
];

/// Capitalised words that follow "client" without being a name, and are in no word list:
/// days, months, pronouns, and the software therapists use.
const NOT_NAMES: &[&str] = &[
    "i",
    "im",
    "ive",
    "id",
    "ill",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "lunes",
    "martes",
    "miercoles",
    "jueves",
    "viernes",
    "sabado",
    "domingo",
    "zoom",
    "teams",
    "skype",
    "doxy",
    "simplepractice",
    "therapynotes",
    "theranest",
    "nhs",
    "eap",
    "medicaid",
    "medicare",
    "christmas",
    "easter",
    "covid",
    "english",
    "french",
    "german",
    "spanish",
    "dutch",
    "polish",
    "italian",
];

/// Abbreviations a clinician writes after "client" that are not initials: presentations,
/// approaches and services ("client ED", "patient PTSD").
const CLINICAL_ABBREVIATIONS: &[&str] = &[
    "ED", "ADHD", "ADD", "ASD", "BPD", "CBT", "DBT", "EMDR", "GAD", "MDD", "OCD", "PTSD", "CPTSD",
    "SUD", "AUD", "OUD", "DV", "IPV", "SI", "HI", "SH", "NSSI", "TBI", "ID", "IQ", "PHQ", "GP",
    "MH", "CAMHS", "IAPT", "NHS", "ACT", "IFS", "CFT", "MBT", "CAT", "EFT", "TF", "OK", "UK", "US",
    "USA", "EU", "AOD", "ASAP", "FYI", "DNA", "NA", "AA", "PD", "ME", "CFS", "ER", "ICU", "BMI",
    "ARFID", "LGBT", "LGBTQ", "DID", "EUPD", "SMI", "FEP", "CSA", "DSM", "ICD", "RCT", "TA", "CPD",
    "EAP", "HR", "IOP", "PHP", "ADL", "OT", "SLT", "SW", "CPN",
];

/// Words after "client" that make a phrase of the trade, not a name ("Client Bill of Rights",
/// "Patient Health Questionnaire", "client-centred"); folded, word by word.
const TRADE_PHRASES: &[&[&str]] = &[
    &["bill", "of", "rights"],
    &["health", "questionnaire"],
    &["centred"],
    &["centered"],
    &["retention"],
    &["portal"],
    &["care"],
    &["services"],
    &["safety"],
    &["satisfaction"],
    &["feedback"],
    &["education"],
    &["advocacy"],
    &["experience"],
    &["rights"],
    &["will", "be"],
    &["will", "have"],
    &["may", "be"],
    &["may", "have"],
];

/// An age right after a name: ", 34", " (34)", ", 67,", ", 15 y/o".
static AGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*[,(]\s*(?:aged?\s+)?(\d{1,3})(?:\s*(?:y/?o|yo|yrs?|years?(?:[\s-]old)?|-year-old|[MFmf]))?\s*(?:[,;.)—–]|-\s|$)",
    )
    .expect("a valid pattern")
});

/// A place right after a name: "from Hull", "in Kraków", "of Leeds".
static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*,?\s*(?:from|in|of|aus|de|di|z)\s+\p{Lu}").expect("a valid pattern")
});

/// Whether a capitalised word is a day or a month (or another capitalised non-name).
pub fn is_a_day_or_month(word: &str) -> bool {
    NOT_NAMES.contains(&fold(word).as_str())
}

/// Where `text` names a client, as byte ranges from the context to the end of the name.
/// `colleagues` are the folded words of names that are never a client's.
pub fn client_names(text: &str, colleagues: &HashSet<String>) -> Vec<Range<usize>> {
    let words = words(text);
    let folded: Vec<String> = words.iter().map(|word| fold(word.bare())).collect();
    let is = |i: usize, list: &[&str]| list.contains(&folded[i].as_str());
    let mut found: Vec<Range<usize>> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let context = is(i, CLIENT_WORDS)
            || (folded[i] == "user" && i > 0 && folded[i - 1] == "service")
            || (is(i, FAMILY_WORDS) && i > 0 && someone_elses(&words[i - 1], &folded[i - 1]));
        let honorific = is(i, HONORIFICS) && word.is_capitalised();
        if context {
            if let Some(name) = name_after(text, &words, &folded, i, colleagues) {
                found.push(word.start..name.end);
            } else if let Some(name) = name_before(text, &words, &folded, i, colleagues) {
                found.push(name.start..word.end);
            }
        } else if honorific {
            // "Mr. Delacroix, 67" or "Mrs Patel from Leicester": a title, a name, an age or a place.
            if let Some(name) = name_after(text, &words, &folded, i, colleagues) {
                let rest = &text[name.end..];
                if AGE.is_match(rest) || PLACE.is_match(rest) {
                    found.push(word.start..name.end);
                }
            }
        } else if word.is_capitalised()
            && kinds(word.text).is_given_name()
            && !kinds(word.text).is_common_word()
            && !colleagues.contains(&folded[i])
        {
            // "Thomas Okonkwo, 34": a given name, perhaps a surname, and an age.
            let mut end = word.end;
            if let Some(next) = words.get(i + 1) {
                if next.is_capitalised() && text[word.end..next.start].trim().is_empty() {
                    end = next.end;
                }
            }
            if AGE.is_match(&text[end..]) {
                found.push(word.start..end);
            }
        }
    }
    // "client Jane" and "Jane (client)" can both see one name: keep it once.
    found.sort_by_key(|range| range.start);
    found.dedup_by(|later, earlier| later.start < earlier.end);
    found
}

/// Whether a family word after `word` is someone else's family: "her son", "the client's wife".
fn someone_elses(word: &Word, folded: &str) -> bool {
    matches!(
        folded,
        "his" | "her" | "their" | "the" | "ihr" | "sein" | "seine" | "ihre"
    ) || (word.is_possessive() && CLIENT_WORDS.contains(&fold(word.bare()).as_str()))
}

/// The name that follows the context word at `at`, skipping fillers, titles and family words
/// ("my client, a new referral named Jane", "client's daughter Emma", "pt. Margaret L.").
fn name_after(
    text: &str,
    words: &[Word],
    folded: &[String],
    at: usize,
    colleagues: &HashSet<String>,
) -> Option<Range<usize>> {
    let mut previous = &words[at];
    for (j, word) in words.iter().enumerate().skip(at + 1).take(4) {
        if !joins_a_phrase(&text[previous.end..word.start], previous) {
            return None;
        }
        let key = folded[j].as_str();
        if FILLERS.contains(&key)
            || HONORIFICS.contains(&key)
            || (FAMILY_WORDS.contains(&key) && j == at + 1)
        {
            previous = word;
            continue;
        }
        if !is_a_name(text, words, folded, j, colleagues) {
            return None;
        }
        // The rest of the name: a surname, initials ("Margaret L.", "Jane Smith").
        let mut end = word.end;
        let mut last = word;
        for next in &words[j + 1..] {
            if last.is_possessive() {
                break;
            }
            let between = &text[last.end..next.start];
            let initial = next.text.chars().count() == 1 && next.is_capitalised();
            let surname = next.is_capitalised()
                && !next.has_digit()
                && next.text.chars().any(char::is_lowercase)
                && (kinds(next.text).is_surname() || !kinds(next.text).is_common_word())
                && !NOT_NAMES.contains(&fold(next.text).as_str());
            if (between == " " || between == ". ") && (initial || surname) {
                end = next.end;
                if initial && text[next.end..].starts_with('.') {
                    end += 1;
                }
                last = next;
            } else {
                break;
            }
        }
        if last.text.chars().count() == 1 && text[end..].starts_with('.') && end == last.end {
            end += 1;
        }
        return Some(word.start..end);
    }
    None
}

/// The name just before a context word: "Rebecca, my client" or "Jane (client)", "the
/// Kowalski family".
fn name_before(
    text: &str,
    words: &[Word],
    folded: &[String],
    at: usize,
    colleagues: &HashSet<String>,
) -> Option<Range<usize>> {
    let mut j = at.checked_sub(1)?;
    // "Rebecca, a client of mine": the article belongs to the context.
    while matches!(
        folded[j].as_str(),
        "my" | "a" | "an" | "the" | "our" | "new"
    ) {
        j = j.checked_sub(1)?;
    }
    let word = &words[j];
    let between = &text[word.end..words[j + 1].start];
    let family = folded[at].starts_with("famil") && between == " ";
    let apposition = matches!(between.trim(), "," | "(" | "-" | "–" | "—");
    if !(family || apposition) || !word.is_capitalised() || word.is_possessive() {
        return None;
    }
    is_a_name(text, words, folded, j, colleagues).then_some(word.start..word.end)
}

/// Whether what lies between two words keeps them in one phrase: spaces, commas, colons,
/// dashes, brackets and quotes, but not the end of a sentence (except after "pt." or an
/// initial).
fn joins_a_phrase(between: &str, previous: &Word) -> bool {
    let abbreviation = matches!(
        fold(previous.text).as_str(),
        "pt" | "pts" | "mr" | "mrs" | "ms" | "dr" | "sr" | "sra" | "st"
    ) || previous.text.chars().count() == 1;
    between.chars().count() <= 4
        && between.chars().all(|c| {
            c.is_whitespace() && c != '\n'
                || matches!(
                    c,
                    ',' | ':' | '-' | '–' | '—' | '(' | '"' | '“' | '”' | '\'' | '/'
                )
                || (c == '.' && abbreviation)
        })
}

/// Whether the word at `at` is a name in client context.
fn is_a_name(
    text: &str,
    words: &[Word],
    folded: &[String],
    at: usize,
    colleagues: &HashSet<String>,
) -> bool {
    let word = &words[at];
    let key = folded[at].as_str();
    if word.has_digit() || colleagues.contains(key) || NOT_NAMES.contains(&key) {
        return false;
    }
    let trade = TRADE_PHRASES.iter().any(|phrase| {
        phrase
            .iter()
            .enumerate()
            .all(|(k, part)| folded.get(at + k).is_some_and(|f| f == part))
    });
    if trade {
        return false;
    }
    let bare = word.bare();
    let letters = bare.chars().count();
    // Initials: "J. Smith", "K.L.", "KL"; but "ED" and "PTSD" are presentations.
    if letters == 1 {
        return word.is_capitalised() && text[word.end..].starts_with('.');
    }
    let all_caps = bare.chars().all(|c| !c.is_lowercase());
    if all_caps && letters <= 5 && !CLINICAL_ABBREVIATIONS.contains(&bare) {
        return letters <= 3;
    }
    if CLINICAL_ABBREVIATIONS.contains(&bare) {
        return false;
    }
    // "al-Rashid", "van't Hof", "d'Almeida": a particle, then the capitalised name.
    let (bare, capitalised) = match bare.split_once(['-', '\'', '’']) {
        Some((particle, name))
            if !word.is_capitalised()
                && particle.chars().count() <= 3
                && name.chars().next().is_some_and(char::is_uppercase) =>
        {
            (name, true)
        }
        _ => (bare, word.is_capitalised()),
    };
    let kinds = kinds(bare);
    if capitalised {
        if kinds.is_english_given_name() {
            // "Grace", "Will", "Rose": names as well as words, and capitalised here.
            return letters >= 3;
        }
        if kinds.is_given_name() || kinds.is_surname() {
            return !kinds.is_common_word();
        }
        // A proper noun no list knows ("Delacroix", "Xochitl"), but not an ordinary word.
        return !kinds.is_word();
    }
    // Lower case: only a name no one would take for a word ("client rebecca").
    kinds.is_english_given_name() && !kinds.is_word()
}

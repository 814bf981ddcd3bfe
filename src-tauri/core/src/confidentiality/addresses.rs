//! A street address in the countries Mooring's users live in: a house number with a street
//! type ("42 Elm Street", "350 W 57th St", "12 rue de la Paix", "Calle de Alcalá 45",
//! "Hauptstraße 12"), a UK postcode, a US ZIP code with its state, or a postcode with a city.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::kinds;

/// Builds one of the fixed patterns below.
fn pattern(source: &str) -> Regex {
    Regex::new(source).expect("a valid pattern")
}

/// Addresses that need nothing but their own shape.
static STREETS: LazyLock<[Regex; 6]> = LazyLock::new(|| {
    [
        // English: a number, up to three words of the street's name, its type.
        pattern(
            r"\b\d{1,5}[A-Za-z]?,?\s+(?:(?:[NSEW]\.?|North|South|East|West)\s+)?(?:(?:\p{Lu}[\p{L}'’.-]*|\d{1,3}(?:st|nd|rd|th))\s+){1,3}(?i:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|terrace|close|crescent|square|sq|parkway|pkwy|gardens|grove|mews|row|highway|hwy)\b\.?",
        ),
        // French: a number, then the type and the name ("12 rue de la Paix", "3 bis av. Foch").
        pattern(
            r"(?i)\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|chemin|allée|allee|impasse|quai|cours|route)\s+(?:(?:de|du|des|la|le|l'|d')\s*){0,2}\p{L}[\p{L}'’-]*",
        ),
        // Spanish, Catalan, Italian, Portuguese: the type, the name, then the number.
        pattern(
            r"\b(?:Calle|C/|Avenida|Avda\.?|Plaza|Paseo|Carrer|Camino|Via|Viale|Piazza|Corso|Largo|Rua|Travessa)\s+(?:(?:de|del|de la|dei|della|di|do|da|dos|das)\s+)?\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,2},?\s+(?:n[º°o]\.?\s*)?\d{1,4}[a-zA-Z]?\b",
        ),
        // German and Dutch: the type is part of the name ("Hauptstraße 12", "Keizersgracht 123").
        pattern(
            r"\b\p{Lu}[\p{L}-]*(?:straße|strasse|str\.|gasse|weg|allee|platz|ring|damm|ufer|laan|straat|gracht|plein|kade|singel|dreef|steeg)\s+\d{1,4}[a-z]?\b",
        ),
        // A UK postcode: SW1A 1AA, M1 1AE, EC1A 1BB.
        pattern(r"\b[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}\b"),
        // A US ZIP code with its state, or a postcode after the word for one.
        pattern(
            r"\b(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC)\s+\d{5}(?:-\d{4})?\b|(?i:\b(?:zip(?:\s*code)?|post\s?code|postal\s+code|plz|code\s+postal|c[oó]digo\s+postal)\s*:?\s*)[A-Za-z0-9]{2,5}(?:[\s-][A-Za-z0-9]{2,4})?\b",
        ),
    ]
});

/// A postcode with a city: "75002 Paris", "10115 Berlin", "1012 AB Amsterdam".
static POSTCODE_CITY: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"\b(?:\d{5}|\d{4}\s?[A-Z]{2})\s+(?P<city>\p{Lu}[\p{L}-]{2,})"));

/// Where `text` holds a street address, as byte ranges.
pub fn street_addresses(text: &str) -> Vec<Range<usize>> {
    let mut found: Vec<Range<usize>> = STREETS
        .iter()
        .flat_map(|street| street.find_iter(text).map(|m| m.range()))
        .collect();
    for captures in POSTCODE_CITY.captures_iter(text) {
        // A city is a proper noun: "90837 Psychotherapy" or "12345 Steps" are not one.
        let city = &captures["city"];
        let kinds = kinds(city);
        let not_a_day = !super::names::is_a_day_or_month(city);
        if !kinds.is_word() && not_a_day {
            found.push(captures.get(0).expect("the whole match").range());
        }
    }
    found
}

//! An email address, also when spelled out to pass filters: "jane at example dot com",
//! "tom.b(at)gmx.de", "p [at] clinic [dot] org".

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// An address as written, or spelled out with at and dot in brackets or in words.
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    let at = r"(?:\s*[(\[{<]\s*at\s*[)\]}>]\s*|\s+at\s+)";
    let dot = r"(?:\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s+dot\s+|\.)";
    // Spelled out with a plain " at ", the address must end in a domain everyone knows,
    // or "Ana at the group. Then" would be one.
    let known = r"(?:com|org|net|edu|gov|co|uk|de|nl|fr|ie|ca|au|nz|io|info|me|es|it|be|ch|at|se|no|dk|fi|pl|pt)";
    Regex::new(&format!(
        r"(?i)[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{{2,}}\b|\b[\w.+-]+\s*[(\[{{<]\s*at\s*[)\]}}>]\s*[\w-]+(?:{dot}[\w-]+)*{dot}[a-z]{{2,}}\b|\b[\w.+-]+{at}[\w-]+(?:{dot}[\w-]+)*{dot}{known}\b"
    ))
    .expect("a valid pattern")
});

/// Where `text` holds an email address, as byte ranges.
pub fn email_addresses(text: &str) -> Vec<Range<usize>> {
    EMAIL.find_iter(text).map(|found| found.range()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_found_as_written_and_spelled_out() {
        for text in [
            "mail jane.doe@example.org",
            "tom.b(at)gmx.de",
            "jane at example dot com",
            "p [at] clinic [dot] org",
            "Client wrote from tom(at)mailbox(dot)org",
        ] {
            assert_eq!(email_addresses(text).len(), 1, "{text}");
        }
        assert!(email_addresses("Met Ana at the group. Then home").is_empty());
        assert!(email_addresses("Coffee at noon dot the diary").is_empty());
    }
}

//! The words of a text with where they are, for the checks that read words rather than
//! characters (names, and the words that give a number its meaning).

/// One word of a text: letters and digits, with the apostrophes and hyphens inside it
/// ("O'Sullivan", "al-Rashid", "client's").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word<'a> {
    /// The word as typed.
    pub text: &'a str,
    /// Where it starts in the text, in bytes.
    pub start: usize,
    /// Where it ends in the text, in bytes.
    pub end: usize,
}

impl<'a> Word<'a> {
    /// The word without a possessive "'s" ("client's" is "client").
    pub fn bare(&self) -> &'a str {
        ["'s", "’s", "'S", "’S"]
            .iter()
            .find_map(|suffix| self.text.strip_suffix(suffix))
            .filter(|bare| !bare.is_empty())
            .unwrap_or(self.text)
    }

    /// Whether the word ends in a possessive "'s".
    pub fn is_possessive(&self) -> bool {
        self.bare().len() != self.text.len()
    }

    /// Whether it begins with a capital letter.
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether it holds a digit.
    pub fn has_digit(&self) -> bool {
        self.text.chars().any(|c| c.is_ascii_digit())
    }
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(at, next)) = chars.peek() {
            let joins = matches!(next, '\'' | '’' | '-')
                && text[at + next.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if next.is_alphanumeric() || next.is_mark() || joins {
                end = at + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        words.push(Word {
            text: &text[start..end],
            start,
            end,
        });
    }
    words
}

/// Whether a character is a combining mark that belongs to the letter before it.
trait IsMark {
    fn is_mark(&self) -> bool;
}

impl IsMark for char {
    fn is_mark(&self) -> bool {
        ('\u{0300}'..='\u{036f}').contains(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_their_inner_apostrophes_and_hyphens() {
        let found: Vec<&str> = words("the client — O'Sullivan, al-Rashid's (Łucja) 12-3!")
            .iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(
            found,
            [
                "the",
                "client",
                "O'Sullivan",
                "al-Rashid's",
                "Łucja",
                "12-3"
            ]
        );
        let word = words("client's")[0];
        assert_eq!((word.bare(), word.is_possessive()), ("client", true));
    }
}

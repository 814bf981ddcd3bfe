//! What a word is, from the lists of given names, surnames and English words that build.rs
//! compiles into the binary (see data/names/README.md).

use std::sync::LazyLock;

use super::fold::fold;

/// The map from a folded word to its [`Kinds`], made by build.rs.
static LEXICON: LazyLock<fst::Map<&'static [u8]>> = LazyLock::new(|| {
    fst::Map::new(&include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.fst"))[..])
        .expect("build.rs writes a valid map")
});

/// What a word can be; a word can be several things ("Grace" is a name and a word).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Kinds(u64);

impl Kinds {
    // The same bits as build.rs.
    const GIVEN_EN: u64 = 1;
    const GIVEN: u64 = 2;
    const SURNAME: u64 = 4;
    const WORD_COMMON: u64 = 8;
    const WORD: u64 = 16;

    /// A given name in the US Census lists, the names English-speaking clients mostly have.
    pub fn is_english_given_name(self) -> bool {
        self.0 & Self::GIVEN_EN != 0
    }

    /// A given name in any of the lists.
    pub fn is_given_name(self) -> bool {
        self.0 & Self::GIVEN != 0
    }

    /// A surname in any of the lists.
    pub fn is_surname(self) -> bool {
        self.0 & Self::SURNAME != 0
    }

    /// One of the 11,000 most common English words.
    pub fn is_common_word(self) -> bool {
        self.0 & Self::WORD_COMMON != 0
    }

    /// An English word, common or not.
    pub fn is_word(self) -> bool {
        self.0 & (Self::WORD_COMMON | Self::WORD) != 0
    }
}

/// What `word` is, however it is spelled (case, diacritics, apostrophes).
pub fn kinds(word: &str) -> Kinds {
    Kinds(LEXICON.get(fold(word)).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_however_they_are_spelled() {
        for name in [
            "Rebecca", "rebecca", "Jörg", "Jorg", "Łucja", "Zoë", "Zoe", "Ayşe",
        ] {
            assert!(kinds(name).is_given_name(), "{name}");
        }
        for name in ["Okonkwo", "O'Sullivan", "Marquez", "Márquez", "Delgado"] {
            assert!(kinds(name).is_surname(), "{name}");
        }
        assert!(kinds("retention").is_word() && !kinds("retention").is_given_name());
        assert!(kinds("Grace").is_given_name() && kinds("grace").is_common_word());
        assert_eq!(kinds("Xqzzy"), Kinds::default());
    }
}

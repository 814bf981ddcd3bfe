//! One spelling for a word, so that a name matches however it is typed: lower case, without
//! diacritics (Zoë, zoe; Jürgen, jurgen; Łucja, lucja), without apostrophes or hyphens
//! (O'Sullivan, osullivan). Shared with build.rs, which folds the lists the same way.

use icu_normalizer::DecomposingNormalizerBorrowed;

/// `word` folded: lower case, letters only, Latin diacritics taken off.
pub fn fold(word: &str) -> String {
    let nfd = DecomposingNormalizerBorrowed::new_nfd();
    let mut folded = String::with_capacity(word.len());
    for c in nfd.normalize_iter(word.chars()) {
        // Letters that carry their stroke or ligature inside the letter do not decompose.
        let spelled = match c {
            'ł' | 'Ł' => "l",
            'ø' | 'Ø' => "o",
            'đ' | 'Đ' | 'ð' | 'Ð' => "d",
            'ß' | 'ẞ' => "ss",
            'æ' | 'Æ' => "ae",
            'œ' | 'Œ' => "oe",
            'ı' => "i",
            'þ' | 'Þ' => "th",
            'ħ' | 'Ħ' => "h",
            _ if c.is_alphabetic() => {
                folded.extend(c.to_lowercase());
                continue;
            }
            // Combining marks (the diacritics NFD took off), apostrophes, hyphens, digits.
            _ => continue,
        };
        folded.push_str(spelled);
    }
    folded
}

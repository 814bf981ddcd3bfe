//! Compiles the client-details check's lists of names and words (data/names, see its README)
//! into one `fst` map from a folded word to what it is, included in the binary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[path = "src/confidentiality/fold.rs"]
mod fold;

// Keep these in step with src/confidentiality/lexicon.rs, which reads the map.
const GIVEN_EN: u64 = 1;
const GIVEN: u64 = 2;
const SURNAME: u64 = 4;
const WORD_COMMON: u64 = 8;
const WORD: u64 = 16;

fn main() {
    let data = Path::new("data/names");
    let lists = [
        ("census-given.txt", GIVEN_EN | GIVEN),
        ("faker-given.txt", GIVEN),
        ("census-surnames.txt", SURNAME),
        ("faker-surnames.txt", SURNAME),
        ("words-common.txt", WORD_COMMON),
        ("words.txt", WORD),
    ];
    let mut entries: BTreeMap<String, u64> = BTreeMap::new();
    for (file, flag) in lists {
        let path = data.join(file);
        println!("cargo::rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|err| panic!("{} cannot be read: {err}", path.display()));
        for line in text.lines() {
            // A name of several words ("van Leeuwen", "Jean Baptiste") counts whole and by
            // each part long enough to be a name on its own.
            let whole = fold::fold(line);
            let parts = line.split([' ', '-']).map(fold::fold);
            for key in std::iter::once(whole).chain(parts.filter(|part| part.chars().count() >= 3))
            {
                if !key.is_empty() {
                    *entries.entry(key).or_default() |= flag;
                }
            }
        }
    }
    let map = fst::Map::from_iter(entries).expect("sorted, unique keys");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("lexicon.fst"), map.as_fst().as_bytes()).expect("OUT_DIR is writable");
}

//! The prose corpus (`tests/data/prose/*.txt`, described in its README): ordinary article
//! prose that no rule may drop, and the structural drops of it that are known and not yet
//! fixed (`known-structural-drops.tsv`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/prose")
}

/// Every text file of the corpus, in name order.
pub fn files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

/// A line of a corpus file that a structural step drops when the file is cleaned as one
/// document: a known case, written down until the step is fixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownDrop {
    pub file: String,
    pub rule: String,
    pub line: String,
}

/// The known structural drops (`file<TAB>rule<TAB>line`, `#` starts a comment).
pub fn known_drops() -> Vec<KnownDrop> {
    let text = std::fs::read_to_string(dir().join("known-structural-drops.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut parts = l.splitn(3, '\t');
            let mut next = || {
                parts
                    .next()
                    .unwrap_or_else(|| panic!("bad line {l:?}"))
                    .to_owned()
            };
            KnownDrop {
                file: next(),
                rule: next(),
                line: next(),
            }
        })
        .collect()
}

/// The known drops of one corpus file.
pub fn known_drops_of(path: &Path) -> Vec<KnownDrop> {
    let name = path.file_name().unwrap().to_string_lossy();
    known_drops()
        .into_iter()
        .filter(|d| d.file == name)
        .collect()
}

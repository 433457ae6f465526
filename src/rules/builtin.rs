//! The built-in packs, compiled into the binary. Each file is small and named by what it removes.
//! Their patterns are analysed at build time (see `analysis`).

use super::analysis::{AnchorAt, StaticBranch, StaticPattern};

macro_rules! packs {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../rules/", $name)))),*]
    };
}

/// File name and text of every built-in pack, in load order.
pub const PACKS: &[(&str, &str)] = packs![
    "newsletter.toml",
    "cookies.toml",
    "legal.toml",
    "social.toml",
    "ads.toml",
    "related.toml",
    "comments.toml",
    "paywall.toml",
    "apps.toml",
    "navigation.toml",
    "images.toml",
    "video.toml",
    "tags.toml",
    "bylines.toml",
    "authors.toml",
    "chrome.toml",
];

/// The branches of a built-in pattern (as written, or made of its phrases) analysed by the
/// build script, or `None` for any other pattern (a user's, or a built-in one the build
/// script left to load time).
pub fn analysed(pattern: &str, case_sensitive: bool) -> Option<&'static [StaticBranch]> {
    ANALYSED
        .binary_search_by(|p| (p.pattern, p.case_sensitive).cmp(&(pattern, case_sensitive)))
        .ok()
        .map(|i| ANALYSED[i].branches)
}

// `static ANALYSED: &[StaticPattern]`, sorted by pattern and case: written by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/analysed_rules.rs"));

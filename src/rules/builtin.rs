//! The built-in packs, compiled into the binary. Each file is small and named by what it removes.

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
    "chrome.toml",
];

//! The one style of every message for people: `newsclean: PATH: what happened: why`, on one
//! line. Errors from the standard library, serde, regex and clap are folded into it here, so
//! no other module formats an error for a person.

use std::error::Error as StdError;
use std::io;

/// An error and its causes as one line, `file: what went wrong: why`.
pub fn one_line(err: &anyhow::Error) -> String {
    fold_chain(err.chain())
}

/// The same for an error and its `source()` chain, without anyhow (the library's errors).
pub fn one_line_std(err: &(dyn StdError + 'static)) -> String {
    fold_chain(std::iter::successors(Some(err), |e| (*e).source()))
}

fn fold_chain<'a>(chain: impl Iterator<Item = &'a (dyn StdError + 'static)>) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in chain {
        let part = describe(cause);
        // A wrapper that repeats its cause's text (thiserror's `transparent`) says it once.
        if !part.is_empty() && parts.last() != Some(&part) {
            parts.push(part);
        }
    }
    parts.join(": ")
}

/// One link of an error chain, without the noise of its type: no `(os error N)`, no
/// temporary file's path, no serde position next to a line number we already gave.
fn describe(cause: &(dyn StdError + 'static)) -> String {
    if let Some(e) = cause.downcast_ref::<io::Error>() {
        return io_reason(e);
    }
    // The library's I/O error shows its cause's text, `(os error N)` and all.
    if let Some(crate::Error::Io(e)) = cause.downcast_ref::<crate::Error>() {
        return io_reason(e);
    }
    // Other wrappers of an I/O error may show its text too.
    fold_lines(&strip_os_code(&cause.to_string()))
}

/// What went wrong with a file operation, as the operating system says it, in lower case.
pub fn io_reason(e: &io::Error) -> String {
    let text = e.to_string();
    // tempfile appends the temporary file's path: it means nothing to the user (the message
    // already names the file they asked for).
    let text = text.split(" at path ").next().unwrap_or(&text);
    lower_first(&strip_os_code(text))
}

/// `No such file or directory (os error 2)` without its `(os error 2)`.
fn strip_os_code(text: &str) -> String {
    match text.find(" (os error ") {
        Some(start) => {
            let end = text[start..]
                .find(')')
                .map_or(text.len(), |i| start + i + 1);
            format!("{}{}", &text[..start], &text[end..])
        }
        None => text.to_owned(),
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        // Keep acronyms ("EOF") and names as they are.
        Some(c) if c.is_uppercase() && chars.next().is_some_and(char::is_lowercase) => c
            .to_lowercase()
            .chain(text[c.len_utf8()..].chars())
            .collect(),
        _ => text.to_owned(),
    }
}

/// Folds a message that spans lines onto one. A regex syntax error draws a caret under the
/// pattern; the caret's meaning is kept as a column number.
fn fold_lines(text: &str) -> String {
    if let Some(folded) = fold_regex_caret(text) {
        return folded;
    }
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `regex parse error:\n    (a\n    ^\nerror: unclosed group` becomes
/// `regex parse error at column 1 of "(a": unclosed group`.
fn fold_regex_caret(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let head = lines
        .iter()
        .position(|l| l.trim_end().ends_with("parse error:"))?;
    let pattern = *lines.get(head + 1)?;
    let marks = *lines.get(head + 2)?;
    let why = lines.get(head + 3)?.trim().strip_prefix("error: ")?;
    let caret = marks.find('^')?;
    let indent = pattern.len() - pattern.trim_start().len();
    let column = pattern
        .get(indent..caret.max(indent))
        .map_or(1, |before| before.chars().count() + 1);
    let lead = lines[..=head].join(" ");
    let lead = lead.trim().trim_end_matches(':');
    Some(format!(
        "{lead} at column {column} of {:?}: {why}",
        pattern.trim()
    ))
}

/// clap's usage error (several lines with a `tip:` and a usage block) as one line in the
/// house style; exit status 2 is the caller's business.
pub fn usage_error(rendered: &str) -> String {
    let mut what = String::new();
    let mut tips = Vec::new();
    for line in rendered.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("error: ") {
            what = rest.to_owned();
        } else if let Some(tip) = line.strip_prefix("tip: ") {
            tips.push(tip.to_owned());
        } else if line.starts_with("Usage:") || line.starts_with("For more information") {
            continue;
        } else if !line.is_empty() && what.is_empty() {
            what = line.to_owned();
        } else if !line.is_empty() && !line.starts_with("newsclean ") {
            tips.push(line.to_owned());
        }
    }
    let mut s = what;
    for tip in tips {
        s += &format!("; {tip}");
    }
    s + " (see newsclean --help)"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_codes_and_temporary_paths_are_left_out() {
        let e = io::Error::from_raw_os_error(2);
        assert_eq!(io_reason(&e), "no such file or directory");
        let wrapped = anyhow::Error::new(e).context("a.txt: cannot open");
        assert_eq!(
            one_line(&wrapped),
            "a.txt: cannot open: no such file or directory"
        );
    }

    #[test]
    fn a_temporary_files_path_is_left_out() {
        let err = tempfile::Builder::new()
            .tempfile_in("/no/such/folder")
            .unwrap_err();
        assert_eq!(io_reason(&err), "no such file or directory");
    }

    #[test]
    fn a_regex_caret_becomes_a_column() {
        // Built at run time: clippy rejects an invalid regex literal.
        let pattern = String::from("ab(c");
        let err = regex::Regex::new(&pattern).unwrap_err();
        let folded = fold_lines(&err.to_string());
        assert_eq!(
            folded,
            "regex parse error at column 3 of \"ab(c\": unclosed group"
        );
    }

    #[test]
    fn clap_errors_fold_onto_one_line() {
        let rendered = "error: unexpected argument '--bogus' found\n\n  tip: to pass '--bogus' as a value, use '-- --bogus'\n\nUsage: newsclean [OPTIONS] [PATH]...\n\nFor more information, try '--help'.\n";
        assert_eq!(
            usage_error(rendered),
            "unexpected argument '--bogus' found; to pass '--bogus' as a value, use '-- --bogus' (see newsclean --help)"
        );
    }
}

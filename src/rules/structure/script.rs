//! Statements of script source beyond the keywords `has_code_keyword` looks for: pages of
//! every age leak the code of their advertising and counters into the text, and much of it
//! is written without a `var` or a `function` (settings assigned one after another, a test
//! with its brace, the comment markers that hid a script from old browsers).

/// So many assignments ended by semicolons in one line are code.
pub const ASSIGNMENTS: usize = 2;
/// An assignment's value is at most this many bytes long before its semicolon.
const VALUE_BYTES: usize = 80;

/// Has the line a statement only code is written with: a declaration (spaced or not), two
/// assignments ended by semicolons, a test or loop opening its block, or a script's comment
/// marker (`<!--`, `//-->`)? The caller has already found two of the braces and semicolons
/// code is written with, so prose is rarely searched; the search is by bytes (every byte it
/// looks for is ASCII, which never occurs inside a multi-byte character).
pub fn has_statement(text: &str) -> bool {
    let b = text.as_bytes();
    comment_marker(b) || declaration(b) || control(b) || assignments(b) >= ASSIGNMENTS
}

/// `<!--` or `-->` after `//` (maybe with a space between).
fn comment_marker(b: &[u8]) -> bool {
    memchr::memchr2_iter(b'<', b'>', b).any(|i| {
        if b[i] == b'<' {
            return b[i + 1..].starts_with(b"!--");
        }
        let head = &b[..i];
        head.ends_with(b"--") && head[..head.len() - 2].trim_ascii_end().ends_with(b"//")
    })
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$'
}

/// Is `word` at `at` a whole word: after the start, a space or `;{}(`, and not followed by
/// a letter of a longer name?
fn word_at(b: &[u8], at: usize, word: &[u8]) -> bool {
    b[at..].starts_with(word)
        && (at == 0 || b[at - 1].is_ascii_whitespace() || b"({};".contains(&b[at - 1]))
        && b.get(at + word.len()).is_none_or(|&c| !is_ident(c))
}

fn skip_spaces(b: &[u8], mut at: usize) -> usize {
    while b.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// `var`, `let` or `const`, a name, `=` (with or without spaces: `var a=1`).
fn declaration(b: &[u8]) -> bool {
    // Each keyword's first letter, then the word there.
    memchr::memchr3_iter(b'v', b'l', b'c', b).any(|at| {
        let kw: &[u8] = match b[at] {
            b'v' => b"var",
            b'l' => b"let",
            _ => b"const",
        };
        if !word_at(b, at, kw) {
            return false;
        }
        let name = skip_spaces(b, at + kw.len());
        if name == at + kw.len() || !b.get(name).is_some_and(|&c| is_ident(c)) {
            return false;
        }
        let mut end = name;
        while b.get(end).is_some_and(|&c| is_ident(c)) {
            end += 1;
        }
        let eq = skip_spaces(b, end);
        b.get(eq) == Some(&b'=') && b.get(eq + 1) != Some(&b'=')
    })
}

/// A block opened by `if (…) {`, `for (…) {`, `while (…) {`, `switch (…) {`, `} else {` or
/// `try {`, or a `} catch (`.
fn control(b: &[u8]) -> bool {
    let opened = memchr::memchr_iter(b'{', b).any(|brace| {
        let before = b[..brace].trim_ascii_end();
        if let Some(head) = before.strip_suffix(b")") {
            let Some(open) = opening_paren(head) else {
                return false;
            };
            let word = head[..open].trim_ascii_end();
            return [&b"if"[..], b"for", b"while", b"switch"]
                .iter()
                .any(|kw| word.len() >= kw.len() && word_at(word, word.len() - kw.len(), kw));
        }
        let ends =
            |kw: &[u8]| before.len() >= kw.len() && word_at(before, before.len() - kw.len(), kw);
        ends(b"try")
            || (ends(b"else") && before[..before.len() - 4].trim_ascii_end().ends_with(b"}"))
    });
    opened
        || memchr::memmem::find_iter(b, b"catch").any(|at| {
            b[..at].trim_ascii_end().ends_with(b"}")
                && b[skip_spaces(b, at + 5)..].starts_with(b"(")
        })
}

/// Where the bracket closed at the end of `head` (its `)` stripped) opens: the `(` that
/// leaves as many `(` as `)` after it.
fn opening_paren(head: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &c) in head.iter().enumerate().rev() {
        match c {
            b')' => depth += 1,
            b'(' if depth == 0 => return Some(i),
            b'(' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// How many assignments ended by a semicolon the line holds: a name (its last byte a letter,
/// a figure, `_`, `$`, `]` or a quote) before `=` that is no comparison or arrow, then a
/// short value without `=` up to a `;`.
fn assignments(b: &[u8]) -> usize {
    memchr::memchr_iter(b'=', b)
        .filter(|&eq| {
            let next = b.get(eq + 1).copied();
            if matches!(next, Some(b'=' | b'>')) || eq == 0 {
                return false;
            }
            if b"=!<>".contains(&b[eq - 1]) {
                return false;
            }
            let name = b[..eq].trim_ascii_end();
            let Some(&last) = name.last() else {
                return false;
            };
            if !(is_ident(last) || matches!(last, b']' | b'\'' | b'"')) {
                return false;
            }
            let value = &b[eq + 1..(eq + 1 + VALUE_BYTES).min(b.len())];
            match memchr::memchr2(b';', b'=', value) {
                Some(end) => value[end] == b';' && !value[..end].trim_ascii().is_empty(),
                None => false,
            }
        })
        .count()
}

/// A line at most this long may be one statement of script on its own.
const LONE_STATEMENT_BYTES: usize = 160;

/// Is the whole line one statement of script: a declaration (`var x = 1;`), or a name
/// written as code writes it (with `_`, `$`, an object's `.` or a capital inside: `ad_width`,
/// `s.prop`, `OAS_AD`, `trackPage`) assigned (`= value`) or called (`(…)` followed by `;`,
/// `.` or `)`), ended by a semicolon (`ad_width = 300;`, `OAS_AD('Right1');`); or a block
/// opened on its own line (`function show(zone) {`, `if (zone == 1) {`, `} else {`)? Ad
/// and counter code leaks one statement a line as often as a line of several, and a
/// sentence never starts with such a name nor ends with a brace.
pub fn lone_statement(text: &str) -> bool {
    let b = text.trim_ascii().as_bytes();
    if b.len() > LONE_STATEMENT_BYTES {
        return false;
    }
    match b.last() {
        Some(b';') => declared_alone(b) || statement_alone(b),
        Some(b'{') => block_opened(b),
        _ => false,
    }
}

/// `var`, `let` or `const`, a name, `=` and a value up to the closing `;`.
fn declared_alone(b: &[u8]) -> bool {
    ["var ", "let ", "const "]
        .iter()
        .any(|kw| b.starts_with(kw.as_bytes()))
        && declaration(b)
}

/// A code name, then an assignment or a call, the line ending with `;`.
fn statement_alone(b: &[u8]) -> bool {
    let mut end = 0;
    while b
        .get(end)
        .is_some_and(|&c| is_ident(c) || (c == b'.' && end > 0))
    {
        end += 1;
    }
    let name = &b[..end];
    if name.is_empty() || name[0].is_ascii_digit() || !code_name(name) {
        return false;
    }
    let at = skip_spaces(b, end);
    match b.get(at) {
        Some(b'=') => b.get(at + 1) != Some(&b'='),
        Some(b'(') => closing_paren(b, at)
            .is_some_and(|close| matches!(b.get(close + 1), Some(b';' | b'.' | b')'))),
        _ => false,
    }
}

/// Where the bracket opened at `open` closes, quotes skipped.
fn closing_paren(b: &[u8], open: usize) -> Option<usize> {
    let (mut depth, mut quote) = (0usize, None);
    for (i, &c) in b.iter().enumerate().skip(open) {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'(') => depth += 1,
            (None, b')') => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// A line ending with `{` that starts with `function`, a test or a loop, `else` or `try`.
fn block_opened(b: &[u8]) -> bool {
    let b = b.strip_prefix(b"}").unwrap_or(b).trim_ascii_start();
    [
        &b"function"[..],
        b"if",
        b"for",
        b"while",
        b"switch",
        b"else",
        b"try",
    ]
    .iter()
    .any(|kw| word_at(b, 0, kw))
        && (b.contains(&b'(') || word_at(b, 0, b"else") || word_at(b, 0, b"try"))
}

/// A name only code writes: with `_`, `$` or `.`, or a capital after a lower-case letter.
fn code_name(name: &[u8]) -> bool {
    name.iter().any(|c| matches!(c, b'_' | b'$' | b'.'))
        || name
            .windows(2)
            .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_assigned_one_after_another_are_code() {
        assert!(has_statement(
            r#"banner_client = "pub-000111"; banner_width = 468; banner_height = 60;"#
        ));
        assert!(has_statement("s.pageName='home'; s.channel='local news';"));
        assert!(has_statement("cfg['slot']=3; cfg['zone']='sport';"));
    }

    #[test]
    fn declarations_without_spaces_are_code() {
        assert!(has_statement("var a=1;var b=2;"));
        assert!(has_statement("(let counter=0; counter < 3;)"));
    }

    #[test]
    fn tests_with_their_braces_and_comment_markers_are_code() {
        assert!(has_statement(
            "if (typeof(tracker) != 'undefined') { tracker.send(); }"
        ));
        assert!(has_statement("try { loadBanner(); } catch (e) {}"));
        assert!(has_statement("<!-- hide from old browsers; show(1); //-->"));
    }

    #[test]
    fn prose_with_semicolons_and_an_equals_sign_is_not_code() {
        // One formula quoted in a sentence, a score, a list of clauses.
        assert!(!has_statement(
            "The rule is simple: E = mc2; everything else follows from it; or so he said."
        ));
        assert!(!has_statement(
            "If (as many expect) the vote fails, the council meets again; the mayor stays."
        ));
        assert!(!has_statement(
            "They won 3-1; the crowd (some 4,000 people) stayed; nobody left early."
        ));
        assert!(!has_statement(
            "Let them eat cake; let them vote; let them decide."
        ));
        assert!(!has_statement(
            "Scores were equal (a == b); the judges met; no winner."
        ));
    }

    #[test]
    fn one_statement_alone_on_its_line_is_code() {
        for t in [
            "ad_width = 300;",
            r#"google_ad_client = "pub-000111";"#,
            "OAS_AD('Right1');",
            "s.pageName='home';",
            "trackPageView();",
            "window.ads.push({slot: 3});",
            "var adZone = \"news\";",
            "document.getElementById(\"banner\").style.display = \"block\";",
            "function showBanner(zone) {",
            "if (zone == \"news\") {",
            "} else {",
        ] {
            assert!(lone_statement(t), "{t}");
        }
    }

    #[test]
    fn sentences_ending_in_a_semicolon_are_no_lone_statement() {
        for t in [
            "The score was 3-1;",
            "Smith (who led the bid) resigned;",
            "E = mc2;",
            "iPhone sales rose;",
            "McDonald(s) closed;",
            "Total = 300 people;",
            "Let the record show (for once) that we agreed;",
            "For the children (and their parents) {",
            "If you go {",
            "Var Jones = the referee;",
        ] {
            assert!(!lone_statement(t), "{t}");
        }
    }
}

//! Structural heuristics: what a line looks like (prose or link text) and where it sits
//! relative to the article body, independent of any phrase. Each heuristic is a rule with an
//! id, listed and switchable like the phrase rules.

/// Id of the pack that holds the structural rules.
pub const PACK_ID: &str = "structure";

mod dated;
mod glue;
mod header;
mod poster;
mod script;

pub use dated::{date_stamp, name_line, DateStamp, DATE_STAMP_DIGITS};
pub use glue::glued_menu;
pub use poster::{comment_poster, glued_posters};

/// One structural heuristic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heuristic {
    Repeat,
    NoText,
    Head,
    Tail,
    Gap,
    LinkRun,
    LoneParagraph,
    KeepHeadline,
    KeepList,
    KeepTable,
    TeaserStream,
    KeepItems,
    GluedLinks,
    Script,
    CommentThread,
    TeaserChain,
    NameNote,
    FarParagraph,
    GluedMenu,
    CommentPoster,
    CommentDate,
}

impl Heuristic {
    pub const ALL: [Heuristic; 21] = [
        Heuristic::Repeat,
        Heuristic::NoText,
        Heuristic::Head,
        Heuristic::Tail,
        Heuristic::Gap,
        Heuristic::LinkRun,
        Heuristic::LoneParagraph,
        Heuristic::KeepHeadline,
        Heuristic::KeepList,
        Heuristic::KeepTable,
        Heuristic::TeaserStream,
        Heuristic::KeepItems,
        Heuristic::GluedLinks,
        Heuristic::Script,
        Heuristic::CommentThread,
        Heuristic::TeaserChain,
        Heuristic::NameNote,
        Heuristic::FarParagraph,
        Heuristic::GluedMenu,
        Heuristic::CommentPoster,
        Heuristic::CommentDate,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Heuristic::Repeat => "structure.repeat",
            Heuristic::NoText => "structure.no-text",
            Heuristic::Head => "structure.head",
            Heuristic::Tail => "structure.tail",
            Heuristic::Gap => "structure.gap",
            Heuristic::LinkRun => "structure.link-run",
            Heuristic::LoneParagraph => "structure.lone-paragraph",
            Heuristic::KeepHeadline => "structure.keep-headline",
            Heuristic::KeepList => "structure.keep-list",
            Heuristic::KeepTable => "structure.keep-table",
            Heuristic::TeaserStream => "structure.teaser-stream",
            Heuristic::KeepItems => "structure.keep-items",
            Heuristic::GluedLinks => "structure.glued-links",
            Heuristic::Script => "structure.script",
            Heuristic::CommentThread => "structure.comment-thread",
            Heuristic::TeaserChain => "structure.teaser-chain",
            Heuristic::NameNote => "structure.name-note",
            Heuristic::FarParagraph => "structure.far-paragraph",
            Heuristic::GluedMenu => "structure.glued-menu",
            Heuristic::CommentPoster => "structure.comment-poster",
            Heuristic::CommentDate => "structure.comment-date",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Heuristic::Repeat => "an exact repeat of a longer line, a paragraph most of whose five-word runs were kept before (a second copy of the article, run together or cut short), or a short line whose first occurrence was dropped (menus and share bars around the body)",
            Heuristic::NoText => "a short line without a single letter (counters, separators, page numbers)",
            Heuristic::Head => "a short line before the article body starts (menus, section links, edition switchers)",
            Heuristic::Tail => "a short line after the article body ends (footer links, teaser lists); not a closing sentence straight after the last paragraph",
            Heuristic::Gap => "a short line in a long stretch without prose between two parts of the body (an inline teaser box)",
            Heuristic::LoneParagraph => "a short paragraph (under 25 words) with no run of paragraphs around it: a teaser blurb, a slogan, a caption",
            Heuristic::LinkRun => "a run of short lines without sentence punctuation inside the body (a link list)",
            Heuristic::KeepHeadline => "keeps the headline and the standfirst just before the body: the nearest title-like lines, unless a byline or dateline within 40 lines has a headline-shaped line just above it, or a headline-shaped line within 20 lines shares more of its words with the body's first paragraphs (a keep rule: disable it to let the head rule drop them)",
            Heuristic::KeepList => "keeps a list or table that a line of the body introduces with a colon (\"Here is what changed:\"), up to the first line a rule drops (a keep rule)",
            Heuristic::TeaserStream => "a stream of teasers after a break in the body: three or more headlines each followed by a single short paragraph (the blurb) and maybe a short line (a time, a byline)",
            Heuristic::KeepItems => "keeps a list between two paragraphs of the body whose items are shorter than a headline (names, quantities, labels): up to 40 lines that no phrase rule touches and that repeat no page chrome, at least three quarters of them of at most 7 words (a keep rule: an inline box of links is headlines, or carries its heading, share buttons or menu entries)",
            Heuristic::GluedLinks => "a list of links or a menu glued into one long line (25 words or more): no sentence end, few commas and figures, and most words capitalised or the items split by `|`, `•`, `»`",
            Heuristic::Script => "script source leaked into the text: a keyword only code has (`function(`, `var x =`, `=>`, `document.`) with two or more braces or semicolons",
            Heuristic::CommentThread => "readers' comments after the body: three comments' stamps (a date with a clock time, an age such as \"3 hours ago\", a \"Reply\" button) on lines of their own, each within 5 lines of the one before, end the article; a line holding three such stamps is a thread glued into one line",
            Heuristic::TeaserChain => "other stories' teasers after the body: three or more short paragraphs (blurbs) in a row, each after at most 8 short lines with a headline among them (a section label, a byline, a date, a \"Read more\" button may stand with it), the first after a line a phrase rule matched or a longer stretch without paragraphs",
            Heuristic::NameNote => "a contributor's or a company's note after the body: a paragraph of up to 80 words that opens by introducing a name (\"Jane Doe is a reporter…\", \"Example Corp is part of…\") which one of the 3 lines just above it holds alone",
            Heuristic::FarParagraph => "a paragraph standing alone far below the body: more than 12 lines (not counting those a phrase rule drops) below the last paragraph that stays, with no paragraph within 4 lines after it (a disclaimer, a note on the data, a help desk's text among the footer's links)",
            Heuristic::GluedMenu => "a menu glued into one line of 12-24 words: every word capitalised, hardly a function word (\"of\", \"the\", \"to\"), no punctuation or figures (a title-case headline has its function words)",
            Heuristic::CommentPoster => "readers' comments after the body, told by their poster lines (\"Posted by reader42 on 03/04/08\", \"Submitted by Jane\", \"1. reader42 wrote:\", \"reader42 says:\"): such lines count as comments' stamps for the thread, which ends the article once three follow each other within 5 lines",
            Heuristic::CommentDate => "readers' comments after the body stamped with a date and no clock time: a line of a name (up to 3 words, capitalised or a handle) and a date (\"riverrat54, March 4, 2008\", \"Jane Smith | 03/04/08\"), or a date alone under a line that is such a name, count as comments' stamps for the thread, which ends the article once three follow each other within 5 lines",
            Heuristic::KeepTable => "keeps a table laid out one cell per line just after a paragraph: short cells whose kinds (figure or words) repeat row after row, at least half of them figures (a results table; a keep rule, and the table counts towards recognising the body)",
        }
    }

    /// Whether the heuristic protects lines rather than dropping them.
    pub fn keeps(self) -> bool {
        matches!(
            self,
            Heuristic::KeepHeadline
                | Heuristic::KeepList
                | Heuristic::KeepTable
                | Heuristic::KeepItems
        )
    }
}

/// Which heuristics are on.
#[derive(Debug, Clone, Copy)]
pub struct Switches([bool; Heuristic::ALL.len()]);

impl Default for Switches {
    fn default() -> Self {
        Switches([true; Heuristic::ALL.len()])
    }
}

impl Switches {
    pub fn on(&self, h: Heuristic) -> bool {
        self.0[h as usize]
    }

    pub fn set(&mut self, h: Heuristic, on: bool) {
        self.0[h as usize] = on;
    }
}

/// A prose line has at least this many words and ends like a sentence...
pub const PROSE_MIN_WORDS: usize = 8;
/// ...or is this long whatever its punctuation.
pub const LONG_WORDS: usize = 25;
/// A cut rule only fires once the body has had this many words of paragraphs.
pub const CUT_AFTER_WORDS: usize = 100;
/// A run of paragraphs starts the body once it has this many words.
pub const BODY_WORDS: usize = 40;
/// A document of at most this many non-blank lines is a snippet, not a page: `head` and
/// `tail` do not apply (a scraped page, with its menus and footer, has dozens).
pub const SNIPPET_LINES: usize = 6;
/// A line this short can be a menu entry or a teaser link.
pub const SHORT_WORDS: usize = 12;
/// Paragraphs at most this many lines apart form one run (for telling the body from a
/// lone teaser).
pub const RUN_GAP: usize = 4;
/// Short lines in a stretch of more than this many lines between two paragraphs of the body
/// are an inline box, not subheadings or captions of the article.
pub const MAX_GAP: usize = 6;
/// So many link-like lines in a row inside the body are a link list.
pub const LINK_RUN: usize = 3;
/// The headline and standfirst are looked for this many lines before the body.
pub const HEADLINE_REACH: usize = 8;
/// A headline that matches the body's words is looked for this many lines before the body
/// (past a photo's caption and credit, a byline, share buttons).
pub const HEADLINE_VOCABULARY_REACH: usize = 20;
/// A headline chosen by its words has this many words at least and at most.
pub const HEADLINE_MIN_WORDS: usize = 5;
pub const HEADLINE_MAX_WORDS: usize = 20;
/// A list introduced by a colon is kept for at most this many lines (a long table is rare;
/// a lead-in followed by the page footer must not keep the footer whole).
pub const LIST_LINES: usize = 40;

/// A list item has at most this many words: shorter than a teaser's headline.
pub const ITEM_WORDS: usize = 7;

/// A table cell has at most this many words.
pub const CELL_WORDS: usize = 6;
/// Tables with rows of 2 up to this many cells are recognised.
pub const MAX_ROW_CELLS: usize = 12;
/// A table is recognised once this many rows in a row share the cells' kinds.
pub const TABLE_ROWS: usize = 3;

/// What kind of table cell a line could be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// Not a cell: a paragraph, a longer line, or a blank one.
    None,
    /// A figure: digits and no letters ("5040", "1.", "2:31.4", "+3").
    Figure,
    /// Words ("Kyle Busch", "Pontos").
    Words,
}

impl Cell {
    pub fn of(text: &str, shape: &Shape) -> Cell {
        if shape.prose || shape.words > CELL_WORDS || shape.words == 0 {
            Cell::None
        } else if !shape.has_letters {
            if text.chars().any(|c| c.is_ascii_digit()) {
                Cell::Figure
            } else {
                Cell::None
            }
        } else {
            Cell::Words
        }
    }
}

/// Follows the cells of a table laid out one per line: for every row length `k`, how many
/// lines in a row have the same kind as the line `k` above. Constant work per line.
#[derive(Debug, Clone)]
pub struct TableTracker {
    /// Which of the last cells are figures (the others are words): bit `k - 1` for the
    /// cell `k` lines above, of the `cells` there are.
    figures: u16,
    /// Cells in a row so far.
    cells: usize,
    /// `matching[k]`: lines in a row whose kind equals that of the line `k` above.
    matching: [usize; MAX_ROW_CELLS + 1],
    /// Cells pushed since the last figure and since the last cell of words: a row of `k`
    /// cells holds both only when both are under `k` (a menu, all words, holds no row
    /// worth counting the figures of).
    since_figure: usize,
    since_words: usize,
}

impl Default for TableTracker {
    fn default() -> Self {
        TableTracker {
            figures: 0,
            cells: 0,
            matching: [0; MAX_ROW_CELLS + 1],
            since_figure: usize::MAX,
            since_words: usize::MAX,
        }
    }
}

impl TableTracker {
    /// Takes the next non-blank line; returns the row length and the number of lines of the
    /// table so far (ending with this one) when the lines since some point form a table.
    pub fn push(&mut self, cell: Cell) -> Option<(usize, usize)> {
        if cell == Cell::None {
            if self.cells > 0 {
                self.cells = 0;
                self.matching = [0; MAX_ROW_CELLS + 1];
            }
            return None;
        }
        // Bit `k - 1`: the cell `k` lines above is of this one's kind. Row lengths past the
        // cells so far have matched nothing since the last reset: their counts are zero and
        // stay so. All lengths at once, without a lookup per length (this runs on every line).
        let figure = cell == Cell::Figure;
        let kind = if figure { self.figures } else { !self.figures };
        let cells = self.cells.min(u16::BITS as usize) as u32;
        let same = kind & u16::MAX.checked_shl(cells).map_or(u16::MAX, |m| !m);
        for (k, matching) in self.matching.iter_mut().enumerate().skip(2) {
            *matching = if same >> (k - 1) & 1 != 0 {
                *matching + 1
            } else {
                0
            };
        }
        self.figures = self.figures << 1 | u16::from(figure);
        self.cells += 1;
        let (figure, words) = match cell == Cell::Figure {
            true => (0, self.since_words.saturating_add(1)),
            false => (self.since_figure.saturating_add(1), 0),
        };
        (self.since_figure, self.since_words) = (figure, words);
        // The shortest row that fits: a row of 7 also repeats every 14 lines. A row of `k`
        // needs `(TABLE_ROWS - 1) * k` matches after its first `k` cells, and a figure and
        // words among its last `k` (the rows after the last reset: `k` is under `cells`).
        let shortest = 2.max(figure.max(words).saturating_add(1));
        (shortest..=MAX_ROW_CELLS.min(self.cells / TABLE_ROWS)).find_map(|k| {
            if self.matching[k] < (TABLE_ROWS - 1) * k {
                return None;
            }
            let figures = (self.figures & !(u16::MAX << k)).count_ones() as usize;
            // Figures and words both: a menu has no figures, a pager no words.
            (figures * 2 >= k && figures < k).then_some((k, self.matching[k] + k))
        })
    }
}

/// A teaser's blurb has at most this many words.
pub const BLURB_WORDS: usize = 60;
/// A line under a teaser's blurb with at most this many words is its time or byline.
pub const TEASER_META_WORDS: usize = 5;
/// So many headline-and-blurb teasers in a row after a break in the body are a teaser stream.
pub const TEASER_UNITS: usize = 3;

/// What the structural rules need to know about one line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shape {
    pub words: usize,
    pub has_letters: bool,
    /// Reads like a paragraph of running text.
    pub prose: bool,
    /// Short and without sentence punctuation: a menu entry, a link, a label.
    pub link_like: bool,
}

/// Words in a line. Scripts written without spaces (Chinese, Japanese) count one word per
/// two characters, roughly what a translation into a spaced language would have.
pub fn word_count(text: &str) -> usize {
    // One pass over the bytes (this runs on every line): a token counts once when it holds
    // a letter or digit, or once per two characters of an unspaced script. Only a non-ASCII
    // byte starts decoding a character.
    let bytes = text.as_bytes();
    if bytes.is_ascii() {
        // Without branches: a word ends every few bytes, too irregularly to predict.
        let mut words = 0;
        let mut has_alphanumeric = 0;
        for &b in bytes {
            let kind = ASCII_KINDS[usize::from(b)];
            let space = usize::from(kind == SPACE);
            words += space & has_alphanumeric;
            has_alphanumeric = (has_alphanumeric | usize::from(kind == ALPHANUMERIC)) & (space ^ 1);
        }
        return words + has_alphanumeric;
    }
    let mut words = 0;
    let mut dense: usize = 0;
    let mut has_alphanumeric = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let kind = if b.is_ascii() {
            i += 1;
            ASCII_KINDS[usize::from(b)]
        } else {
            let c = text[i..].chars().next().expect("a character starts here");
            i += c.len_utf8();
            if c.is_whitespace() {
                SPACE
            } else if is_unspaced_script(c) {
                DENSE
            } else if is_alphanumeric(c) {
                ALPHANUMERIC
            } else {
                OTHER
            }
        };
        match kind {
            SPACE => {
                words += dense.div_ceil(2) + usize::from(dense == 0 && has_alphanumeric);
                dense = 0;
                has_alphanumeric = false;
            }
            DENSE => dense += 1,
            ALPHANUMERIC => has_alphanumeric = true,
            _ => {}
        }
    }
    words + dense.div_ceil(2) + usize::from(dense == 0 && has_alphanumeric)
}

const OTHER: u8 = 0;
const SPACE: u8 = 1;
const ALPHANUMERIC: u8 = 2;
const DENSE: u8 = 3;

/// What each ASCII byte is to `word_count`: the spaces are those `char::is_whitespace`
/// accepts (space and U+0009 to U+000D).
const ASCII_KINDS: [u8; 128] = {
    let mut kinds = [OTHER; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        kinds[b] = if c == b' ' || (c >= b'\t' && c <= b'\r') {
            SPACE
        } else if c.is_ascii_alphanumeric() {
            ALPHANUMERIC
        } else {
            OTHER
        };
        b += 1;
    }
    kinds
};

/// What a character is, when its range tells without the Unicode tables' search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Letter,
    /// Alphanumeric, not alphabetic (`²`, `½`).
    Figure,
    Neither,
}

/// The kind of the characters of news text beyond ASCII whose range says it (a test checks
/// every character against `char`'s own tests): the accented Latin letters, General
/// Punctuation, the signs of Latin-1 (`©`, `»`, `½`), Cyrillic, the kana and the common Han
/// ideographs. A page in Russian or Japanese is read character by character by the
/// language guess until its end, and the tables' search for each was the costlier part.
fn kind_by_range(c: char) -> Option<Kind> {
    match c as u32 {
        0xC0..=0x24F => Some(if c == '×' || c == '÷' {
            Kind::Neither
        } else {
            Kind::Letter
        }),
        0x2000..=0x206F => Some(Kind::Neither),
        0x80..=0xBF => Some(latin1_sign_kind(c as u32 as u8)),
        0x400..=0x481 | 0x48A..=0x52F => Some(Kind::Letter),
        0x3041..=0x3096 | 0x309D..=0x309F | 0x30A1..=0x30FA | 0x30FC..=0x30FF => Some(Kind::Letter),
        0x4E00..=0x9FFF => Some(Kind::Letter),
        _ => None,
    }
}

/// U+0080 to U+00BF: the letters `ª`, `µ` and `º`, the figures `²`, `³`, `¹`, `¼`, `½` and
/// `¾`; the rest controls, spaces and signs.
fn latin1_sign_kind(b: u8) -> Kind {
    match b {
        0xAA | 0xB5 | 0xBA => Kind::Letter,
        0xB2 | 0xB3 | 0xB9 | 0xBC..=0xBE => Kind::Figure,
        _ => Kind::Neither,
    }
}

/// `char::is_alphanumeric`, skipping the table search where the range tells
/// (`kind_by_range`): the words of the line statistics (word count, shingles) are runs of
/// such characters.
pub fn is_alphanumeric(c: char) -> bool {
    match kind_by_range(c) {
        Some(kind) => kind != Kind::Neither,
        None => c.is_alphanumeric(),
    }
}

/// `char::is_alphabetic`, skipping the table search where the range tells.
pub fn is_alphabetic(c: char) -> bool {
    match kind_by_range(c) {
        Some(kind) => kind == Kind::Letter,
        None => c.is_alphabetic(),
    }
}

pub(super) fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF // Hiragana, Katakana
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF // Han
        | 0x0E00..=0x0E7F // Thai
    )
}

/// Ends like a sentence: `.`, `!`, `?`, `…`, `:` or `;`, maybe inside closing quotes or brackets.
pub fn ends_like_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(|c: char| {
        matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '*') || c.is_whitespace()
    });
    // A teaser cut short ("… with Realtek Bluetooth...") ends in an ellipsis, a sentence
    // rarely does.
    trimmed.ends_with(['.', '!', '?', ':', ';', '。', '！', '？']) && !trimmed.ends_with("..")
}

impl Shape {
    pub fn of(text: &str, words: usize) -> Shape {
        Shape::with_letters(text, words, text.chars().any(char::is_alphabetic))
    }

    /// [`Shape::of`] for a line whose `has_letters` is already known (`LineStats`).
    pub fn with_letters(text: &str, words: usize, has_letters: bool) -> Shape {
        let sentence = ends_like_sentence(text);
        let prose = has_letters && ((words >= PROSE_MIN_WORDS && sentence) || words >= LONG_WORDS);
        Shape {
            words,
            has_letters,
            prose,
            link_like: !prose && words <= SHORT_WORDS && !sentence,
        }
    }
}

/// Could the line be a teaser's headline: a few words, not a sentence?
pub fn teaser_headline(shape: &Shape) -> bool {
    !shape.prose && shape.has_letters && shape.words >= 3 && shape.words <= SHORT_WORDS
}

/// Could the line be a teaser's blurb: a paragraph, or a sentence longer than a headline
/// that lost its full stop?
pub fn teaser_blurb(shape: &Shape) -> bool {
    shape.has_letters && (shape.prose || shape.words > SHORT_WORDS) && shape.words <= BLURB_WORDS
}

/// Is the line, in a stretch between paragraphs, longer than a list item: a line of a
/// headline's length or more that is not a paragraph? (Paragraphs end the stretch.)
pub fn longer_than_item(shape: &Shape) -> bool {
    !shape.prose && shape.words > ITEM_WORDS
}

/// Do the lines of a stretch between two paragraphs look like the items of a list: `lines`
/// lines, `long` of them longer than an item, none touched by a phrase rule or repeating page
/// chrome (`chrome`)? A box of links is headlines, or carries its heading or buttons.
pub fn item_stretch(lines: usize, long: usize, chrome: bool) -> bool {
    !chrome && lines <= LIST_LINES && long * 4 <= lines
}

/// So many items written like sentences after a lead-in at the end of the body are a list.
pub const SENTENCE_ITEMS: usize = 3;

/// Could the line be an item of a list written in the article's own words: a clause of 4 to
/// 24 words that is not a paragraph, in sentence case (at most a third of its words after
/// the first capitalised, where a headline or a menu capitalises most)?
pub fn sentence_item(text: &str, shape: &Shape) -> bool {
    if shape.prose || shape.words < 4 || shape.words >= LONG_WORDS {
        return false;
    }
    let mut words = text
        .split_whitespace()
        .skip(1)
        .filter(|w| w.chars().any(is_alphabetic));
    let (mut seen, mut capitals) = (0, 0);
    for w in words.by_ref() {
        seen += 1;
        capitals += usize::from(w.chars().next().is_some_and(char::is_uppercase));
    }
    seen > 0 && capitals * 3 <= seen
}

/// Does the line announce a list or a table below it ("Here is what changed:")?
pub fn introduces_list(text: &str) -> bool {
    text.trim_end().ends_with(':')
}

/// Does the line name the author ("By Jane Doe", "von Anna Schmidt")? A byline sits where a
/// standfirst would, just above the body, and would hide the headline from the search.
pub fn is_byline(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let first = words.next().unwrap_or("");
    ["by", "von", "par", "por"]
        .iter()
        .any(|b| first.eq_ignore_ascii_case(b))
        && words
            .next()
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
}

/// Could this line be the headline or the standfirst?
pub fn headline_candidate(text: &str, shape: &Shape) -> bool {
    // Dates and times ("Updated: 18 Nov 2019, 19:11") sit where headlines do; their words
    // are mostly numbers.
    let numeric = text
        .split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .count();
    shape.has_letters
        && !is_byline(text)
        && shape.words >= 3
        && shape.words <= 45
        && numeric * 3 < shape.words
        && text.chars().count() >= 15
}

/// Has the line a sentence end inside it or at its end (`.`, `!`, `?` or `…`, maybe inside
/// closing quotes, followed by a space or the end)? A run of glued links has none; prose,
/// however long its sentences, has at least one.
pub fn has_sentence_end(text: &str) -> bool {
    if text.is_ascii() {
        // The same search by bytes, skipping to each `.`, `!` and `?` (the others are not
        // ASCII): a vectorised search passes over the words between.
        let bytes = text.as_bytes();
        return memchr::memchr3_iter(b'.', b'!', b'?', bytes).any(|at| {
            let rest = &bytes[at + 1..];
            let after = rest
                .iter()
                .position(|b| !matches!(b, b'"' | b'\'' | b')' | b']'))
                .unwrap_or(rest.len());
            rest.get(after)
                .is_none_or(|&b| b == b' ' || (b'\t'..=b'\r').contains(&b))
        });
    }
    has_sentence_end_by_bytes(text)
}

/// The search of [`has_sentence_end`] on any line, by bytes: a vectorised search skips to
/// each ASCII end and to each lead byte of the others (`…`, `。`, `！`, `？`), and only the
/// character after an end and its closing quotes is decoded (prose beyond ASCII is mostly
/// ASCII between its curly quotes and dashes).
fn has_sentence_end_by_bytes(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some((at, len)) = next_sentence_end(bytes, from) {
        let mut after = at + len;
        while let Some(closer) = closing_quote_len(&bytes[after..]) {
            after += closer;
        }
        if text[after..].chars().next().is_none_or(char::is_whitespace) {
            return true;
        }
        from = after;
    }
    false
}

/// Where the next `.`, `!`, `?`, `…`, `。`, `！` or `？` from byte `from` starts, and its
/// length in bytes.
fn next_sentence_end(bytes: &[u8], from: usize) -> Option<(usize, usize)> {
    let ascii = memchr::memchr3(b'.', b'!', b'?', &bytes[from..]).map_or(bytes.len(), |i| from + i);
    // The wide ones before it: lead bytes E2 (`…` E2 80 A6), E3 (`。` E3 80 82) and EF
    // (`！` EF BC 81, `？` EF BC 9F); most E2s are quotes and dashes.
    let wide = memchr::memchr3_iter(0xE2, 0xE3, 0xEF, &bytes[from..ascii])
        .map(|i| from + i)
        .find(|&i| {
            matches!(
                bytes[i..i + 3],
                [0xE2, 0x80, 0xA6] | [0xE3, 0x80, 0x82] | [0xEF, 0xBC, 0x81 | 0x9F]
            )
        });
    match wide {
        Some(i) => Some((i, 3)),
        None => (ascii < bytes.len()).then_some((ascii, 1)),
    }
}

/// The length of the closing quote or bracket `bytes` start with (`"`, `'`, `”`, `’`, `)`,
/// `]`), if they start with one.
fn closing_quote_len(bytes: &[u8]) -> Option<usize> {
    match bytes {
        [b'"' | b'\'' | b')' | b']', ..] => Some(1),
        [0xE2, 0x80, 0x9D | 0x99, ..] => Some(3),
        _ => None,
    }
}

#[cfg(test)]
fn has_sentence_end_by_chars(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？') {
            while chars
                .next_if(|&q| matches!(q, '"' | '\'' | '”' | '’' | ')' | ']'))
                .is_some()
            {}
            if chars.peek().is_none_or(|n| n.is_whitespace()) {
                return true;
            }
        }
    }
    false
}

/// Separators between glued links or menu entries.
fn is_separator(word: &str) -> bool {
    matches!(word, "|" | "•" | "·" | "»" | "/" | "–" | "-" | "::")
}

/// Is the line a list of links or a menu glued into one long line: long enough to pass for
/// a paragraph by its length alone, yet without a single sentence end, few commas, and
/// either most of its words capitalised (title-case fragments one after another) or its
/// items split by separators (`|`, `•`, `»`, or none at all: "NewsSport", see
/// [`glue::joints`])? Its figures are few: a spec line of a product ("34" 3440x1440 120Hz")
/// is capitalised without sentences too. A menu glued to a footer's notice has a sentence
/// end or two, few next to its separators (`glue::separated_despite_sentences`).
pub fn glued_links(text: &str, shape: &Shape) -> bool {
    if shape.words < LONG_WORDS {
        return false;
    }
    // A menu glued to a footer's sentence has sentence ends, but few, and separators.
    let ended = has_sentence_end(text);
    if ended && !glue::may_hold_separators(text) {
        return false;
    }
    let (mut tokens, mut commas, mut separators, mut figures) = (0, 0, 0, 0);
    let (mut alphabetic, mut capitals) = (0, 0);
    for token in text.split_whitespace() {
        tokens += 1;
        commas += usize::from(token.ends_with(','));
        separators += usize::from(is_separator(token) || token.starts_with('|'));
        figures += usize::from(token.chars().any(|c| c.is_ascii_digit()));
        let first = token.chars().find(|c| c.is_alphanumeric());
        if let Some(first) = first.filter(|c| c.is_alphabetic()) {
            alphabetic += 1;
            capitals += usize::from(first.is_uppercase());
        }
    }
    let list = commas * GLUED_COMMA_WORDS < tokens && figures * 4 < tokens;
    if ended {
        return list && glue::separated_despite_sentences(text, tokens);
    }
    // Entries glued with no space are looked for last, and only when there are capitals
    // enough for them (each joint is one): most lines are decided without.
    let separated = |separators: usize| separators * GLUED_SEPARATOR_WORDS >= tokens;
    list && (capitals * 2 >= alphabetic
        || separated(separators)
        || (separated(separators + capitals)
            && separated(separators + text.split_whitespace().map(glue::joints).sum::<usize>())))
}

/// A glued list has less than one comma per this many words (a sentence naming many people
/// has one per name).
pub const GLUED_COMMA_WORDS: usize = 10;
/// A glued list split by separators has at least one per this many words.
pub const GLUED_SEPARATOR_WORDS: usize = 6;

/// Is the line script source leaked into the text: a keyword that only code has
/// (`function(`, `var x =`, `const x =`, `=>`, `document.`, `window.`) and at least two of
/// the braces and semicolons code is written with? Prose about code quotes a name, not a
/// statement with its punctuation.
pub fn script_source(text: &str) -> bool {
    // ASCII bytes never occur inside a multi-byte UTF-8 character: counting bytes is exact.
    // Most lines have none of them, and a vectorised search skips such a line quickly.
    let code_punctuation = memchr::memchr3_iter(b'{', b'}', b';', text.as_bytes()).nth(1);
    (code_punctuation.is_some() && (has_code_keyword(text) || script::has_statement(text)))
        || script::lone_statement(text)
}

fn has_code_keyword(text: &str) -> bool {
    // Every keyword below has `=` (a declaration, an arrow), `.` after an object's name or
    // `function`: a line with none (prose with two semicolons) is not split into words.
    if !text.contains('=')
        && !text.contains("document.")
        && !text.contains("window.")
        && !text.contains("function")
    {
        return false;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let declares = words.windows(3).any(|w| {
        matches!(
            w[0].trim_start_matches(['(', '{', ';']),
            "var" | "let" | "const"
        ) && w[1]
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
            && w[2].starts_with('=')
    });
    declares
        || text.contains("=>")
        || text.contains("document.")
        || text.contains("window.")
        || text.split("function").skip(1).any(|rest| {
            let rest = rest.trim_start_matches(|c: char| c.is_alphanumeric() || c == '_');
            rest.trim_start().starts_with('(')
        })
}

/// A comment's stamp: a date with a clock time ("November 19, 2019 at 6:34 am",
/// "19.11.2019 06:34"), an age ("3 hours ago", "vor 2 Tagen", "il y a 5 minutes", "hace
/// 1 día") or a comment's button ("Reply", "Report"), as a line of its own. The clock time
/// or the age is what an article's own dates lack: a dateline has a date, a live blog's
/// entry a bare time.
static STAMP_LINE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    // Small classes (no \p{L}, \d or Unicode \b): every Unicode class grows the automaton
    // and its memory.
    let word = "[a-zA-ZÀ-ÿ]+";
    let ago = format!(
        "(?:[0-9]+|an?|one|einer?|einem|une?|una?) {word} ago|vor (?:[0-9]+|einer?|einem) {word}|il y a (?:[0-9]+|une?) {word}|hace (?:[0-9]+|una?) {word}"
    );
    let buttons = "reply|report|report abuse|flag|reply to this comment|antworten|melden|répondre|signaler|responder|denunciar";
    regex::Regex::new(&format!("(?i)^(?:{}|{ago}|{buttons})$", absolute_stamp()))
        .expect("a valid pattern")
});

/// The stamps counted inside a long line: dates with a clock time, and ages in figures
/// ("3 hours ago"); "a year ago" is ordinary prose.
static STAMP_IN_LINE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    let ago = "(?-u:\\b)[0-9]+ (?:second|minute|min|hour|hr|day|week|month)s? ago(?-u:\\b)";
    regex::Regex::new(&format!("(?i){}|{ago}", absolute_stamp())).expect("a valid pattern")
});

/// A date with a clock time, in the usual orders.
fn absolute_stamp() -> String {
    let month = "[a-zA-ZÀ-ÿ]{3,}\\.?";
    let date = format!(
        "(?:{month} [0-9]{{1,2}}(?:st|nd|rd|th)?,? [0-9]{{4}}|[0-9]{{1,2}}\\.? {month},? [0-9]{{4}}|[0-9]{{1,2}}[./-][0-9]{{1,2}}[./-][0-9]{{2,4}}|[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})"
    );
    let time = "[0-9]{1,2}[:.h][0-9]{2}(?: ?[ap]\\.?m\\.?)?";
    format!("(?:on )?{date}(?:,| at| um| à| a las| -)? {time}")
}

/// Is the line, on its own, a comment's stamp (date with time, age, button), or its header
/// (the stamp with a name or a button around it, see `header::comment_header`)?
pub fn comment_stamp(text: &str, shape: &Shape) -> bool {
    comment_stamp_with_digits(text, shape, usize::MAX)
}

/// [`comment_stamp`] of a line with `digits` ASCII digits (`LineStats`): a clock time has
/// two, so a line with fewer is not searched for one.
pub fn comment_stamp_with_digits(text: &str, shape: &Shape, digits: usize) -> bool {
    if shape.words > SHORT_WORDS {
        return false;
    }
    let text = text.trim();
    could_be_stamp_line(text, digits >= 2)
        && (STAMP_LINE.is_match(text) || header::comment_header(text))
}

/// The comments' buttons of `STAMP_LINE`, in ASCII.
const ASCII_BUTTONS: [&str; 10] = [
    "reply",
    "report",
    "report abuse",
    "flag",
    "reply to this comment",
    "antworten",
    "melden",
    "signaler",
    "responder",
    "denunciar",
];

/// What every line `STAMP_LINE` matches has: a clock time (every date with a time), an age
/// ("5 hours ago", "an hour ago", "vor einer Stunde", "il y a une heure", "hace una hora")
/// or a button. Most short lines (menu entries, headings, datelines) have none of these, and
/// the pattern is not tried on them. A line with a character outside ASCII may
/// be a button spelt with one ("répondre", or a letter the case-insensitive pattern folds
/// onto an ASCII one): the pattern decides.
fn could_be_stamp_line(text: &str, may_hold_clock: bool) -> bool {
    let bytes = text.as_bytes();
    let starts = |prefix: &str| {
        bytes
            .get(..prefix.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    (may_hold_clock && has_clock(bytes))
        || bytes.len() >= 3 && bytes[bytes.len() - 3..].eq_ignore_ascii_case(b"ago")
        || starts("vor ")
        || starts("il y a ")
        || starts("hace ")
        || (!text.is_ascii() && bytes.len() <= 2 * "reply to this comment".len())
        || ASCII_BUTTONS.iter().any(|b| b.eq_ignore_ascii_case(text))
}

/// Does a line hold a thread of comments glued into one line: `THREAD_STAMPS` or more
/// comments' stamps (dates with times, ages in figures)?
pub fn glued_thread(text: &str) -> bool {
    stamp_marks(text.as_bytes()) >= THREAD_STAMPS
        && STAMP_IN_LINE.find_iter(text).count() >= THREAD_STAMPS
}

/// How many comments' stamps (dates with times, ages in figures) a line holds.
#[cfg(test)]
fn glued_stamps(text: &str) -> usize {
    STAMP_IN_LINE.find_iter(text).count()
}

/// At least as many as the stamps `STAMP_IN_LINE` finds in a line: each holds a clock time
/// (a digit, `:`, `.` or `h`, a digit) or an "ago", and the stamps do not overlap. Most long
/// lines of prose have fewer than a thread's, and are not searched.
fn stamp_marks(bytes: &[u8]) -> usize {
    let mut marks = 0;
    let mut i = 0;
    while i + 2 < bytes.len() {
        // A byte that is in neither pattern ends every triple that holds it.
        if !STAMP_BYTES[usize::from(bytes[i + 2])] {
            i += 3;
            continue;
        }
        let w = &bytes[i..i + 3];
        let clock = w[0].is_ascii_digit() && is_clock_separator(w[1]) && w[2].is_ascii_digit();
        marks += usize::from(clock || w.eq_ignore_ascii_case(b"ago"));
        i += 1;
    }
    marks
}

const fn is_clock_separator(b: u8) -> bool {
    matches!(b, b':' | b'.' | b'h' | b'H')
}

/// The bytes of a clock time and of "ago", in either case.
const STAMP_BYTES: [bool; 256] = {
    let mut bytes = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        bytes[b] = c.is_ascii_digit()
            || is_clock_separator(c)
            || matches!(c.to_ascii_lowercase(), b'a' | b'g' | b'o');
        b += 1;
    }
    bytes
};

/// Has the text a digit, a clock's separator (`:`, `.`, `h`) and a digit in a row? A byte
/// that is neither a digit nor a separator ends every such triple that holds it, so the
/// search steps past it (most bytes of prose are letters).
fn has_clock(bytes: &[u8]) -> bool {
    let separator = is_clock_separator;
    let mut i = 0;
    while i + 2 < bytes.len() {
        let last = bytes[i + 2];
        if last.is_ascii_digit() {
            if separator(bytes[i + 1]) && bytes[i].is_ascii_digit() {
                return true;
            }
            // The digit cannot be the separator of the next triple.
            i += 2;
        } else if separator(last) {
            i += 1;
        } else {
            i += 3;
        }
    }
    false
}

/// So many comments' stamps make a thread, in separate lines or glued in one.
pub const THREAD_STAMPS: usize = 3;
/// In a thread, each stamp is at most this many lines after the one before (the name, the
/// comment, a button).
pub const THREAD_SPACING: usize = 5;

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(t: &str) -> Shape {
        Shape::of(t, word_count(t))
    }

    /// The shortcuts answer as `char`'s own tests do, for every character.
    #[test]
    fn letters_found_by_range_are_those_of_the_tables() {
        for c in char::MIN..=char::MAX {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
        assert_eq!(kind_by_range('é'), Some(Kind::Letter));
        assert_eq!(kind_by_range('ɏ'), Some(Kind::Letter));
        assert_eq!(kind_by_range('×'), Some(Kind::Neither));
        assert_eq!(kind_by_range('½'), Some(Kind::Figure));
        assert_eq!(kind_by_range('ж'), Some(Kind::Letter));
        assert_eq!(kind_by_range('ー'), Some(Kind::Letter));
        assert_eq!(kind_by_range('ɐ'), None);
    }

    #[test]
    fn sentences_are_prose_and_menus_are_links() {
        assert!(shape("The show opens to the public on Friday, the organisers said.").prose);
        assert!(shape("“This is unacceptable to us,” he told reporters in the capital.”").prose);
        let menu = shape("Home and Garden");
        assert!(!menu.prose && menu.link_like);
        let teaser = shape("Andrew parties in pictures despite claiming he avoids the cameras");
        assert!(!teaser.prose && teaser.link_like);
    }

    #[test]
    fn a_long_line_is_prose_without_a_full_stop() {
        let t = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twentyone twentytwo twentythree twentyfour twentyfive";
        assert!(shape(t).prose);
    }

    #[test]
    fn unspaced_scripts_count_words_by_characters() {
        assert_eq!(word_count("パスワード管理ソフトの存在は不可欠。"), 9);
        assert_eq!(word_count("Kindle for PCの起動"), 4);
        // The one-pass count agrees with counting token by token.
        for text in [
            "",
            "  ",
            " a b ",
            "--- x\u{b}y\tz -",
            "1,000 people . !",
            "a\r\nb\x0cc\u{85}d\u{3000}e",
            "“Don’t” — née ½ ²",
            "東京 タワーの 3D 映像",
        ] {
            let by_token: usize = text
                .split_whitespace()
                .map(|t| {
                    let dense = t.chars().filter(|&c| is_unspaced_script(c)).count();
                    dense.div_ceil(2)
                        + usize::from(dense == 0 && t.chars().any(char::is_alphanumeric))
                })
                .sum();
            assert_eq!(word_count(text), by_token, "{text:?}");
        }
    }

    #[test]
    fn a_byline_is_no_headline() {
        let t = "By JERUSALEM POST STAFF";
        assert!(!headline_candidate(t, &shape(t)));
        let t = "By the end of the week the last roads had reopened";
        assert!(headline_candidate(t, &shape(t)));
    }

    fn track(lines: &[&str]) -> Vec<Option<(usize, usize)>> {
        let mut t = TableTracker::default();
        lines
            .iter()
            .map(|l| t.push(Cell::of(l, &shape(l))))
            .collect()
    }

    #[test]
    fn a_table_is_rows_of_figures_and_names_and_a_menu_is_not() {
        let table = [
            "1",
            "Kyle Busch",
            "5040",
            "5",
            "2",
            "Martin Truex Jr.",
            "5035",
            "7",
            "3",
            "Kevin Harvick",
            "5033",
            "4",
        ];
        let found = track(&table);
        assert_eq!(found[11], Some((4, 12)));
        assert!(found[..10].iter().all(Option::is_none));
        let menu = [
            "Home", "World", "Sport", "Business", "Tech", "Culture", "Travel", "Opinion", "Video",
            "Podcasts", "Weather", "Contact",
        ];
        assert!(track(&menu).iter().all(Option::is_none));
        let pager = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];
        assert!(track(&pager).iter().all(Option::is_none));
        // Headlines with dates: the headlines are no cells.
        let teasers = [
            "Council closes the old bridge over the river for good",
            "12.11.2019",
            "Record crowd at the autumn fair despite the heavy rain",
            "11.11.2019",
            "New mayor promises cheaper buses and more cycle lanes",
            "10.11.2019",
            "Schools to stay open during the long winter holidays",
            "09.11.2019",
        ];
        assert!(track(&teasers).iter().all(Option::is_none));
    }

    /// The tracker, which skips the row lengths the cells so far cannot fill and those whose
    /// last cells lack a figure or words, finds what trying every row length on every line
    /// finds.
    #[test]
    fn the_table_tracker_finds_what_every_row_length_finds() {
        fn every_row_length(cells: &[Cell]) -> Vec<Option<(usize, usize)>> {
            let mut found = Vec::new();
            let mut run: Vec<Cell> = Vec::new();
            let mut matching = [0usize; MAX_ROW_CELLS + 1];
            for &cell in cells {
                if cell == Cell::None {
                    run.clear();
                    matching = [0; MAX_ROW_CELLS + 1];
                    found.push(None);
                    continue;
                }
                for (k, m) in matching.iter_mut().enumerate().skip(2) {
                    let same = run.len() >= k && run[run.len() - k] == cell;
                    *m = if same { *m + 1 } else { 0 };
                }
                run.push(cell);
                found.push((2..=MAX_ROW_CELLS).find_map(|k| {
                    let row = &run[run.len().saturating_sub(k)..];
                    let figures = row.iter().filter(|&&c| c == Cell::Figure).count();
                    (matching[k] >= (TABLE_ROWS - 1) * k && figures * 2 >= k && figures < k)
                        .then_some((k, matching[k] + k))
                }));
            }
            found
        }
        use proptest::prelude::*;
        let kinds = [Cell::None, Cell::Figure, Cell::Words];
        let config = ProptestConfig::with_cases(2000);
        proptest!(config, |(picks in prop::collection::vec(0..7usize, 0..80), period in 2..6usize)| {
            // Mostly rows of a few cells repeated, now and then a line breaking the run.
            let cells: Vec<Cell> = picks
                .iter()
                .enumerate()
                .map(|(i, &p)| if p == 0 { kinds[0] } else if p < 5 { kinds[1 + (i % period) % 2] } else { kinds[1 + p % 2] })
                .collect();
            let mut tracker = TableTracker::default();
            let tracked: Vec<_> = cells.iter().map(|&c| tracker.push(c)).collect();
            prop_assert_eq!(tracked, every_row_length(&cells));
        });
    }

    #[test]
    fn list_items_are_shorter_than_headlines() {
        assert!(!longer_than_item(&shape("Eat an hour before your workout")));
        assert!(!longer_than_item(&shape("Two poached eggs on toast")));
        let headline = "Council closes the old bridge over the river for good";
        assert!(longer_than_item(&shape(headline)));
        // A paragraph is no item but ends the stretch: never counted as a long item.
        assert!(!longer_than_item(&shape(
            "The council voted on Tuesday to close the old bridge for good."
        )));
        // Three quarters of the lines must be items, and nothing may look like chrome.
        assert!(item_stretch(8, 2, false));
        assert!(!item_stretch(8, 3, false));
        assert!(!item_stretch(8, 0, true));
        assert!(!item_stretch(LIST_LINES + 1, 0, false));
    }

    #[test]
    fn items_in_sentence_case_are_no_headlines() {
        let item = "Dozens of tricky questions that help players know each other better";
        assert!(sentence_item(item, &shape(item)));
        let headline = "Council Closes The Old Bridge Over The River";
        assert!(!sentence_item(headline, &shape(headline)));
        assert!(!sentence_item(
            "Better Android support",
            &shape("Better Android support")
        ));
        let sentence = "The council voted on Tuesday to close the old bridge for good.";
        assert!(!sentence_item(sentence, &shape(sentence)));
    }

    #[test]
    fn counters_have_no_text() {
        assert!(!shape("1 / 23").has_letters);
        assert!(shape("1 / 23").link_like);
    }
}

#[cfg(test)]
mod line_shape_tests {
    use super::*;

    fn glued(t: &str) -> bool {
        glued_links(t, &Shape::of(t, word_count(t)))
    }

    #[test]
    fn a_menu_or_tag_list_glued_into_one_line_is_glued_links() {
        // Title-case fragments one after another, no separators.
        assert!(glued(
            "World Politics Business Tech Science Health Sport Football Cricket Rugby Tennis \
             Golf Culture Books Music Film Television Travel Food Style Opinion Weather Video \
             Podcasts Newsletters"
        ));
        // Items split by bars, in lower case.
        assert!(glued(
            "about us | contact us | careers | advertise with us | privacy policy | cookie \
             settings | terms of use | accessibility | site map | newsletters | help centre | \
             our archive | rss feeds"
        ));
    }

    #[test]
    fn long_sentences_and_spec_lines_are_not_glued_links() {
        // Prose naming many people and places still has its sentence end.
        assert!(!glued(
            "Mayor Anna Lopez, Council Leader Tom Reed, Fire Chief Maria Costa and Police \
             Chief John Park met the Governor in Springfield on Monday to discuss the Bridge \
             Street Flood Plan."
        ));
        // The same without its full stop, but with the commas of a sentence.
        assert!(!glued(
            "Mayor Anna Lopez, Council Leader Tom Reed, Fire Chief Maria Costa, Police Chief \
             John Park, Deputy Mayor Sam Wu and Judge Ellen Hart met the Governor of the State \
             in Springfield"
        ));
        // A product's specifications are capitalised figures, not links.
        assert!(!glued(
            "Deal: 30% Off Acme Ultra 34\" 3440x1440 Curved 144Hz 1ms IPS Gaming Monitor With \
             HDR400 Stand And USB-C Hub Now $499 Was $719 At Store Name Online Only 2 Days"
        ));
        // Short lines are left to the menu and link-run rules.
        assert!(!glued("Home | World | Business | Sport"));
    }

    /// The search by bytes of an ASCII line finds what the search by characters finds.
    #[test]
    fn sentence_ends_are_found_alike_by_bytes_and_by_characters() {
        use proptest::prelude::*;
        let pieces = [
            "word", " ", ".", "!", "?", "\"", "'", ")", "]", "\t", "\u{b}", "\r", "\n", "x.y", "..",
        ];
        let config = ProptestConfig {
            cases: 5000,
            failure_persistence: None,
            ..ProptestConfig::default()
        };
        proptest!(config, |(parts in prop::collection::vec(prop::sample::select(pieces.to_vec()), 1..10))| {
            let line = parts.concat();
            prop_assert_eq!(has_sentence_end(&line), has_sentence_end_by_chars(&line), "{:?}", line);
        });
    }

    /// The search by bytes of any line finds what the search by characters finds.
    #[test]
    fn sentence_ends_beyond_ascii_are_found_alike_by_bytes_and_by_characters() {
        use proptest::prelude::*;
        let pieces = [
            "word",
            " ",
            ".",
            "!",
            "?",
            "\"",
            "'",
            ")",
            "]",
            "\t",
            "\u{a0}",
            "\u{2003}",
            "…",
            "。",
            "！",
            "？",
            "”",
            "’",
            "“",
            "—",
            "é",
            "\u{2028}",
            "\u{3000}",
            "\u{ff01}x",
            "\u{2026}\u{2019}",
            "\u{e2}",
            "\u{ef}",
            "中",
            "..",
        ];
        let config = ProptestConfig {
            cases: 5000,
            failure_persistence: None,
            ..ProptestConfig::default()
        };
        proptest!(config, |(parts in prop::collection::vec(prop::sample::select(pieces.to_vec()), 1..10))| {
            let line = parts.concat();
            prop_assert_eq!(has_sentence_end_by_bytes(&line), has_sentence_end_by_chars(&line), "{:?}", line);
        });
    }

    #[test]
    fn leaked_script_is_script_source() {
        assert!(script_source(
            "var _gaq = _gaq || []; _gaq.push(['_setAccount', 'UA-000000-1']);"
        ));
        assert!(script_source(
            "(function(d, s, id) { var js = d.createElement(s); js.id = id; })(document, 'script', 'sdk');"
        ));
        assert!(script_source(
            "window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}"
        ));
        assert!(script_source(
            "const el = document.getElementById('x'); el.onclick = () => { go(); };"
        ));
    }

    #[test]
    fn prose_about_code_is_not_script_source() {
        // Keywords without the punctuation of code.
        assert!(!script_source(
            "The function of the committee is to review the budget; its members meet monthly."
        ));
        assert!(!script_source(
            "Developers declare a variable with var or let, and the window object holds it."
        ));
        // Punctuation without a keyword of code.
        assert!(!script_source(
            "Prices rose {again}; wages did not; the union says a strike is likely."
        ));
    }
}

#[cfg(test)]
mod comment_tests {
    use super::*;

    fn stamp(t: &str) -> bool {
        comment_stamp(t, &Shape::of(t, word_count(t)))
    }

    #[test]
    fn dates_with_times_ages_and_buttons_are_comment_stamps() {
        for t in [
            "March 3, 2021 at 9:05 pm",
            "3 March 2021 14:20",
            "03.03.2021 um 14:20",
            "2021-03-03 14:20",
            "5 hours ago",
            "an hour ago",
            "vor 2 Stunden",
            "il y a 3 jours",
            "hace 5 minutos",
            "Reply",
            "Report abuse",
        ] {
            assert!(stamp(t), "{t}");
        }
    }

    #[test]
    fn the_stamp_gate_lets_every_glued_stamp_through() {
        for t in [
            "great piece November 19, 2019 at 6:34 am agreed 19.11.2019 06:34 yes 3 hours ago",
            "nice 5 MINUTES AGO",
            "seen 2020-01-02 10h30",
        ] {
            assert!(stamp_marks(t.as_bytes()) >= glued_stamps(t), "{t}");
            assert!(glued_stamps(t) >= 1, "{t}");
        }
        for t in [
            "a long line of prose with no figures at all",
            "in 2019 the council agreed",
        ] {
            assert_eq!(stamp_marks(t.as_bytes()), 0, "{t}");
        }
    }

    /// The gates before the stamp patterns never turn away a line a pattern matches: lines
    /// made of stamps' pieces, in any case, with letters the case-insensitive pattern folds
    /// onto ASCII ones (`ſ`, the Kelvin sign).
    #[test]
    fn the_stamp_gates_pass_every_line_the_patterns_match() {
        use proptest::prelude::*;
        let pieces = [
            "Reply",
            "rEPORT",
            " abuse",
            "flag",
            "ſignaler",
            "répondre",
            "Répondre",
            " to this comment",
            "antworten",
            "responder",
            "3",
            "12",
            "2021",
            " ",
            ":",
            ".",
            "h",
            "H",
            "-",
            "/",
            ",",
            " at ",
            " um ",
            "March",
            "Mär",
            "\u{212a}",
            "an",
            " hour",
            " minutes",
            " ago",
            "AGO",
            "vor ",
            "VOR ",
            "einer",
            " Stunde",
            "il y a ",
            "une",
            " heure",
            "hace ",
            "una",
            " hora",
            "pm",
            " a.m.",
            "x",
            "é",
        ];
        let config = ProptestConfig {
            cases: 20_000,
            failure_persistence: None,
            ..ProptestConfig::default()
        };
        proptest!(config, |(parts in prop::collection::vec(prop::sample::select(pieces.to_vec()), 1..9))| {
            let line = parts.concat();
            let trimmed = line.trim();
            if STAMP_LINE.is_match(trimmed) {
                prop_assert!(could_be_stamp_line(trimmed, true), "{:?}", line);
            }
            prop_assert!(stamp_marks(line.as_bytes()) >= glued_stamps(&line), "{:?}", line);
            let naive = line.as_bytes().windows(3).any(|w| {
                w[0].is_ascii_digit() && matches!(w[1], b':' | b'.' | b'h' | b'H') && w[2].is_ascii_digit()
            });
            prop_assert_eq!(has_clock(line.as_bytes()), naive, "{:?}", line);
        });
    }

    #[test]
    fn datelines_bare_times_and_prose_are_not_comment_stamps() {
        for t in [
            "March 3, 2021",
            "10:32",
            "Updated 10:32 GMT",
            "The vote was held at 9:05 pm on March 3, 2021, after a long debate.",
            "Two years ago",
            "Reply to the minister",
        ] {
            assert!(!stamp(t), "{t}");
        }
    }

    #[test]
    fn a_thread_glued_into_one_line_holds_several_stamps_and_prose_does_not() {
        let glued = "reader42 March 3, 2021 at 9:05 pm I disagree with the mayor. jo_b \
                     March 3, 2021 at 9:40 pm So do I. sam March 4, 2021 at 7:02 am Well said.";
        assert_eq!(glued_stamps(glued), 3);
        let prose = "A year ago the bridge was still open; two weeks ago it closed, and on \
                     March 3, 2021 the council met to decide its fate.";
        assert_eq!(glued_stamps(prose), 0);
    }
}

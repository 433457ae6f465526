//! One document's pass through the rules. Lines wait in a bounded window so that a line can
//! be judged with the lines after it in view (is the body still going on? where does a block
//! end?); every line leaves the window once, in order, with its verdict.

use std::collections::VecDeque;
use std::hash::{Hash, Hasher};
use std::io;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

mod closing;
mod credit;
mod headline;
mod hits;
mod line_memo;
mod name_note;
mod shingles;
mod tables;
mod teasers;

use super::lang::{Lang, LangGuess};
use super::line_stats::LineStats;
use super::matcher::{BODY, HEAD, MAX_BLOCK_LINES, TAIL};
use super::pack::Action;
use super::structure::{
    comment_poster, comment_stamp_with_digits, date_stamp, ends_like_sentence, glued_links,
    glued_menu, glued_posters, glued_thread, has_sentence_end, headline_candidate, introduces_list,
    item_stretch, longer_than_item, name_line, script_source, sentence_item, teaser_blurb,
    teaser_headline, Cell, DateStamp, Heuristic, Shape, Switches, TableTracker, BODY_WORDS,
    CUT_AFTER_WORDS, DATE_STAMP_DIGITS, HEADLINE_MAX_WORDS, HEADLINE_MIN_WORDS, HEADLINE_REACH,
    HEADLINE_VOCABULARY_REACH, LINK_RUN, LIST_LINES, LONG_WORDS, MAX_GAP, RUN_GAP, SENTENCE_ITEMS,
    SHORT_WORDS, SNIPPET_LINES, TEASER_META_WORDS, TEASER_UNITS, THREAD_SPACING, THREAD_STAMPS,
};
use super::{Emit, RuleBook, Verdict};
use crate::lines::Line;
use closing::closing_sentence;
use credit::is_credit;
use headline::{Overlap, Vocabulary};
use hits::Hits;
use line_memo::{LineFacts, LineMemo};
use name_note::name_note;
use shingles::{shingles_of, Shingles};
use tables::Tables;
use teasers::{Finding, Part, TeaserChain};

/// Lines held back at most: enough to see past a long menu to the first paragraph of the
/// body, so the menu is known to be one.
pub const WINDOW_LINES: usize = 256;
const _: () = assert!(WINDOW_LINES > MAX_BLOCK_LINES);
/// Bytes held back at most; past this the oldest lines are decided with less lookahead
/// (256 lines of 2 KB: more than pages hold, and four pieces of an over-long line).
pub const WINDOW_BYTES: usize = 1 << 19;
/// The headline chooser compares lines with the words of this many paragraphs of the body.
const LEAD_PARAGRAPHS: usize = 8;
/// A credit (byline, dateline) under the headline is looked for this many lines before the
/// body: a photo, its caption, share buttons and a video's list may stand between.
const CREDIT_REACH: usize = 40;
/// The headline is one of this many lines above its credit (a section label or the
/// standfirst may stand between).
const CREDITED_LINES: usize = 2;
/// A paragraph standing alone more than this many plain lines below the body's paragraphs is
/// no part of it (far-paragraph): an inline box or a gallery parts the body by fewer.
const FAR_LINES: usize = 12;
/// Distinct short lines remembered for the repeat rule.
const SEEN_CAP: usize = 8192;

struct Held {
    line: Line,
    /// `hash_of` the line's text, found once: the repeat rules and the tables of lines seen
    /// look it up several times.
    hash: u64,
    shape: Shape,
    /// Enabled rules whose pattern and line-local conditions match.
    hits: Hits,
    /// A paragraph of the body: prose that no rule matched.
    anchor: bool,
    /// An anchor with another one close by, or a long one: the body has surely started.
    confirmed: bool,
    /// The headline or standfirst.
    protected: bool,
    /// A cell of a table just after a paragraph (or its header row).
    table: bool,
    /// Non-blank lines pushed before this one.
    ordinal: usize,
    /// A piece of an over-long line, the last one included: always kept, as a seam is no
    /// line end and two pieces of one letter repeated are no repeated line.
    piece: bool,
    /// A comment's stamp on a line of its own (a date with a time, an age, "Reply").
    stamp: bool,
    /// The stamp is a poster's mark, not a date or a time (`structure.comment-poster`).
    poster: bool,
    /// A date that may be a comment's stamp (`structure.comment-date`), found once when the
    /// line is pushed: the comment-thread step reads the window again at every line.
    date: Option<DateStamp>,
    /// What makes a long line no paragraph, found once when it is pushed: the same facts
    /// decide whether it starts a run and whether its step drops it.
    not_prose: NotProse,
    /// A paragraph that repeats an earlier one word for word: the repeat rule drops it.
    copy: bool,
    /// Part of a chain of other stories' teasers after the body (teaser-chain).
    teaser: bool,
    /// A paragraph far below the one before it, after a body (far-paragraph).
    far: bool,
}

impl Held {
    /// Is the line a comment's stamp that is only a date (`structure.comment-date`): a name
    /// and a date ("riverrat54, March 4, 2008"), or a date alone under a line that is a
    /// name (`above`, the non-blank line before it)? No phrase rule matches either line.
    fn date_stamp_under(&self, above: Option<&Held>) -> bool {
        match self.date {
            Some(DateStamp::Named) => true,
            Some(DateStamp::Alone) => {
                above.is_some_and(|a| a.hits.is_empty() && name_line(&a.line.text, a.shape.words))
            }
            None => false,
        }
    }
}

/// The shapes of a long line that is no paragraph, each false when its step is off.
#[derive(Clone, Copy, Default)]
struct NotProse {
    glued_links: bool,
    script: bool,
    /// Holds a thread of comments' stamps (computed for prose and longer-than-short lines).
    glued_thread: bool,
    /// A contributor's or a company's note under its name, after a body (name-note).
    name_note: bool,
}

impl NotProse {
    fn any(self) -> bool {
        self.glued_links || self.script || self.glued_thread || self.name_note
    }
}

/// Where the body was found, while its headline waits for the lead's paragraphs.
#[derive(Clone, Copy)]
struct PendingHeadline {
    /// The push index of the body's first paragraph.
    first: usize,
    /// The push index of the line that made the run of paragraphs the body.
    found: usize,
    /// Paragraphs pushed from the first on.
    paragraphs: usize,
}

/// What the structural steps know about where the front line sits.
struct Context {
    /// Before, inside or after the body (`HEAD`, `BODY`, `TAIL`).
    position: u8,
    /// Non-blank lines to the next paragraph of the body that stays, if any.
    next_anchor: Option<usize>,
}

/// One structural step: a verdict on the front line, or `None` to leave it to the next.
type Step<'a> = fn(&mut DocumentFilter<'a>, &Context) -> Option<Verdict<'a>>;

pub struct DocumentFilter<'a> {
    book: &'a RuleBook,
    /// The book's heuristics, less those an HTML front-end already decided.
    switches: Switches,
    window: VecDeque<Held>,
    held_bytes: usize,
    lang: LangGuess,
    /// The matcher's hits on the line being pushed, before they are kept with it.
    line_hits: Vec<usize>,
    /// What the rules found in lines seen before, bound to this book and these switches.
    memo: LineMemo,
    /// Lines seen so far, and whether their first occurrence was dropped as page chrome
    /// (by a phrase rule, or before or after the body), not for where it sat in the body.
    seen: FxHashMap<u64, bool>,
    /// Word shingles of the lines handed on, to spot a second copy of the article run
    /// together in one line (or split into paragraphs after such a line).
    shingles: Shingles,
    /// The shingles of the line being decided, once computed (judging a paragraph needs
    /// them, and so does remembering it when it is kept).
    front_shingles: Vec<u64>,
    front_shingled: bool,
    /// A paragraph of the body has been handed on.
    body_started: bool,
    /// Words of the body's paragraphs handed on so far.
    body_words: usize,
    /// Non-blank lines handed on since the last paragraph of the body.
    since_anchor: usize,
    /// Of those, lines longer than a list item, and whether one was touched by a phrase rule
    /// or repeated page chrome.
    stretch_long: usize,
    stretch_chrome: bool,
    /// Ordinal of the paragraph that ends the stretch last judged by the keep-items rule,
    /// and whether the stretch is a list of items.
    items: Option<(usize, bool)>,
    /// Link-like lines in a row just handed on.
    link_run: usize,
    /// The last non-blank line handed on was kept.
    last_kept: bool,
    /// The last non-blank line handed on was a short one (a list item, a subheading).
    last_short: bool,
    /// Lines still to keep of a list a kept line of the body introduced with a colon.
    list_left: usize,
    cut: Option<&'a str>,
    block: Option<(&'a str, usize)>,
    headline_done: bool,
    /// The first line is the headline, given by the caller (an HTML page's).
    first_is_headline: bool,
    /// The body was found but its headline not yet chosen (see `settle_headline`).
    headline_pending: Option<PendingHeadline>,
    /// Lines pushed so far, and the ordinal of the last anchor pushed. Runs are measured in
    /// non-blank lines: the output squeezes blank lines, and cleaning it again must find the
    /// same runs. Lines a phrase rule drops count: a box or a menu between a short paragraph
    /// and the body parts them: the paragraph is a teaser's blurb, dropped with the box, so a
    /// second pass sees neither.
    pushed: usize,
    /// The last line pushed was a piece of an over-long line that goes on.
    mid_line: bool,
    last_anchor: Option<usize>,
    /// Non-blank lines pushed that no phrase rule matched and that are no glued list, script
    /// or thread, and the count when the last anchor was pushed. Until a body is seen every
    /// other line is kept, so these are the lines a second pass sees: they, not the dropped
    /// ones, part two paragraphs there.
    plain_lines: usize,
    /// Paragraphs are parted by plain lines only, until a body is seen (see `finish`).
    plain_gaps: bool,
    /// The whole document is a few lines held at once (see `finish`): no page around it.
    snippet: bool,
    /// The last non-blank line pushed was short, no paragraph, and matched no phrase rule.
    last_pushed_item: bool,
    last_anchor_plain: usize,
    /// Hashes of the paragraphs pushed so far.
    anchor_texts: FxHashSet<u64>,
    /// The run of anchors the last one belongs to: push count of its first, and its words.
    cluster_start: usize,
    cluster_words: usize,
    /// Non-blank lines pushed so far.
    ordinals: usize,
    /// Ordinals (and push counts) of the anchors still in the window, oldest first.
    anchors: VecDeque<(usize, usize)>,
    /// Ordinals of the lines still in the window that a cut rule matches.
    cut_lines: VecDeque<usize>,
    /// Some run of paragraphs has been long enough to be a body. Until then the document
    /// may be a short note with no chrome at all, and the structural rules hold back.
    body_seen: bool,
    /// The cells of the lines pushed lately, for recognising a table.
    tables: TableTracker,
    /// Ordinal of the last anchor or table cell pushed.
    last_content: Option<usize>,
    /// Lines before this ordinal belong to a teaser stream.
    teaser_until: usize,
    /// The chain of teasers being followed as lines are pushed.
    chain: TeaserChain,
}

impl<'a> DocumentFilter<'a> {
    pub(super) fn new(book: &'a RuleBook, switches: Switches) -> Self {
        let tables = Tables::take();
        let mut memo = LineMemo::take();
        memo.bind(&book.memo_owner, switches);
        DocumentFilter {
            book,
            switches,
            window: tables.window,
            held_bytes: 0,
            lang: LangGuess::default(),
            line_hits: tables.line_hits,
            memo,
            seen: tables.seen,
            shingles: tables.shingles,
            front_shingles: tables.front_shingles,
            front_shingled: false,
            body_started: false,
            body_words: 0,
            since_anchor: 0,
            stretch_long: 0,
            stretch_chrome: false,
            items: None,
            link_run: 0,
            last_kept: false,
            last_short: false,
            list_left: 0,
            cut: None,
            block: None,
            headline_done: false,
            first_is_headline: false,
            headline_pending: None,
            pushed: 0,
            mid_line: false,
            last_anchor: None,
            plain_lines: 0,
            plain_gaps: false,
            snippet: false,
            last_pushed_item: false,
            last_anchor_plain: 0,
            anchor_texts: tables.anchor_texts,
            cluster_start: 0,
            cluster_words: 0,
            ordinals: 0,
            anchors: tables.anchors,
            cut_lines: tables.cut_lines,
            body_seen: false,
            tables: TableTracker::default(),
            last_content: None,
            teaser_until: 0,
            chain: TeaserChain::default(),
        }
    }

    /// A cut rule fired: every whole line from here to the end of the document is dropped
    /// whatever it says, so earlier stages need not clean it.
    pub fn is_cut(&self) -> bool {
        self.cut.is_some()
    }

    /// The id of the cut rule that fired, if one did.
    pub fn cut_rule(&self) -> Option<&'a str> {
        self.cut
    }

    /// The document's language, once the guess is decided.
    pub fn language(&self) -> Option<&'static str> {
        self.lang.current().map(|l| l.code())
    }

    pub fn push(&mut self, line: Line, emit: &mut Emit<'_, 'a>) -> io::Result<()> {
        let continues = std::mem::replace(&mut self.mid_line, line.partial);
        let piece = line.partial || continues;
        if self.cut.is_some() {
            // The rest of the document is dropped whatever it holds (a piece of an over-long
            // line aside, which is always kept): nothing to look at.
            return self.push_after_cut(line, piece, emit);
        }
        let hash = hash_of(&line.text);
        let facts = if piece {
            piece_facts(&line.text)
        } else {
            self.lang.observe(&line.text);
            self.facts_of(&line.text, hash, self.lang.current())
        };
        let LineFacts {
            stats,
            mut shape,
            hits,
            mut not_prose,
            stamp,
            poster,
            ..
        } = facts;
        // Whether a paragraph is a note under a name depends on the lines above it, so it is
        // asked here and never remembered with the line's own facts.
        if !piece && shape.prose && self.note_under_name(&line.text, &shape) {
            not_prose.name_note = true;
            shape.prose = false;
        }
        let words = stats.words;
        let anchor = shape.prose && hits.is_empty();
        let date = if piece || stamp {
            None
        } else {
            self.date_of(&line.text, &shape, &hits, stats.digits)
        };
        if hits
            .iter()
            .any(|&i| self.book.matcher.rules[i].action == Action::Cut)
        {
            self.cut_lines.push_back(self.ordinals);
        }
        self.held_bytes += line.text.len();
        self.window.push_back(Held {
            hash,
            line,
            shape,
            hits,
            anchor,
            confirmed: false,
            protected: self.first_is_headline && self.pushed == 0,
            table: false,
            ordinal: self.ordinals,
            piece,
            stamp,
            poster,
            date,
            not_prose,
            copy: false,
            teaser: false,
            far: self.far_from_body(anchor),
        });
        let blank = self.window.back().is_some_and(|h| h.line.text.is_empty());
        let ordinal = self.ordinals;
        if !blank {
            if anchor {
                self.anchors.push_back((self.ordinals, self.pushed));
                self.last_content = Some(ordinal);
            }
            self.ordinals += 1;
            let back = self.window.back().expect("just pushed");
            self.plain_lines += usize::from(back.hits.is_empty() && !back.not_prose.any());
            if !piece && self.switches.on(Heuristic::TeaserChain) {
                self.follow_chain(ordinal);
            }
        }
        let after_item = self.last_pushed_item;
        if !blank {
            self.last_pushed_item = could_be_item(self.window.back().expect("just pushed"));
        }
        self.pushed += 1;
        // A second copy of a paragraph adds nothing to the run: the repeat rule drops it, and
        // the run must be the same without it.
        let copy = anchor
            && self.anchor_texts.len() < SEEN_CAP
            && !self
                .anchor_texts
                .insert(self.window.back().expect("just pushed").hash);
        // A repeat just after a short line the rules may keep (an item of a list) is kept
        // with it: a plan or a recipe repeats an item of one list in the next.
        self.window.back_mut().expect("just pushed").copy = copy && !after_item;
        if anchor {
            if let Some(pending) = &mut self.headline_pending {
                pending.paragraphs += 1;
            }
            self.grow_cluster(if copy { 0 } else { words }, true);
        } else if !blank && self.switches.on(Heuristic::KeepTable) {
            let cell = Cell::of(&self.window.back().expect("just pushed").line.text, &shape);
            if let Some((row, len)) = self.tables.push(cell) {
                self.mark_table(ordinal, row, len);
            }
        } else if !blank {
            self.tables.push(Cell::None);
        }
        if self
            .headline_pending
            .is_some_and(|pending| pending.paragraphs >= LEAD_PARAGRAPHS)
        {
            self.settle_headline();
        }
        self.decide_overflow(emit)
    }

    /// The first line pushed is the headline and is kept; no other line is chosen as one.
    pub(crate) fn take_first_line_as_headline(&mut self) {
        self.first_is_headline = true;
        self.headline_done = true;
    }

    /// Chooses the headline the body found earlier waits for (`headline_pending`): once the
    /// lead's paragraphs are in the window, or before the first line leaves it. Chosen when
    /// the body is found, the headline would be matched against one or two paragraphs, as
    /// often a photo's caption or the standfirst as the story.
    fn settle_headline(&mut self) {
        if let Some(pending) = self.headline_pending.take() {
            let first_held = self.pushed - self.window.len();
            self.protect_headline(pending.first - first_held, pending.found - first_held);
        }
    }

    /// Decides the oldest lines while the window holds more than it may.
    fn decide_overflow(&mut self, emit: &mut Emit<'_, 'a>) -> io::Result<()> {
        while self.window.len() > WINDOW_LINES
            || (self.held_bytes > WINDOW_BYTES && !self.window.is_empty())
        {
            self.decide_front(emit)?;
        }
        Ok(())
    }

    /// A line after a cut: dropped with the rest of the document (or, a piece of an
    /// over-long line, kept), so it only waits its turn in the window.
    fn push_after_cut(
        &mut self,
        line: Line,
        piece: bool,
        emit: &mut Emit<'_, 'a>,
    ) -> io::Result<()> {
        let blank = line.text.is_empty();
        self.held_bytes += line.text.len();
        self.window.push_back(Held {
            // Not looked up: nothing is judged after a cut.
            hash: 0,
            line,
            shape: Shape::default(),
            hits: Hits::default(),
            anchor: false,
            confirmed: false,
            protected: false,
            table: false,
            ordinal: self.ordinals,
            piece,
            stamp: false,
            poster: false,
            date: None,
            not_prose: NotProse::default(),
            copy: false,
            teaser: false,
            far: false,
        });
        self.ordinals += usize::from(!blank);
        self.pushed += 1;
        self.decide_overflow(emit)
    }

    /// Follows the chain of teasers with non-blank line `ordinal`, just pushed; when it
    /// completes or extends one, marks the teasers' lines still in the window (or clears
    /// the marks when the body goes on after them).
    fn follow_chain(&mut self, ordinal: usize) {
        let back = self.window.back().expect("just pushed");
        let part = Part::of(
            &back.line.text,
            &back.shape,
            !back.hits.is_empty(),
            back.not_prose.any(),
            self.body_seen,
        );
        let (from, teaser) = match self.chain.push(ordinal, part, self.body_seen) {
            Some(Finding::Teasers(from)) => (from, true),
            Some(Finding::Article(from)) => (from, false),
            None => return,
        };
        for held in self.window.iter_mut().rev() {
            if held.ordinal < from {
                break;
            }
            held.teaser = teaser && !held.line.text.is_empty() && !held.piece;
        }
    }

    /// The facts of a whole line in a document of language `lang`: remembered if the line
    /// came before (in this document or an earlier one this thread filtered), else found.
    fn facts_of(&mut self, text: &str, hash: u64, lang: Option<Lang>) -> LineFacts {
        if let Some(facts) = self.memo.recall(hash, text, lang) {
            return facts;
        }
        let facts = self.facts_afresh(text, lang);
        self.memo.remember(hash, text, lang, &facts);
        facts
    }

    fn facts_afresh(&mut self, text: &str, lang: Option<Lang>) -> LineFacts {
        let stats = LineStats::of(text);
        let mut shape = Shape::with_letters(text, stats.words, stats.has_letters);
        let mut hits = std::mem::take(&mut self.line_hits);
        let by_language = self.book.matcher.hits(text, stats.words, lang, &mut hits);
        // A glued list of links or a line of script is long, but no paragraph: it must not
        // start or join a run of paragraphs that a second pass, without it, would not see.
        let not_prose = self.not_prose(text, &shape, &stats);
        if shape.prose && not_prose.any() {
            shape.prose = false;
        }
        let on = |h| self.switches.on(h);
        let clock =
            on(Heuristic::CommentThread) && comment_stamp_with_digits(text, &shape, stats.digits);
        let poster = on(Heuristic::CommentThread)
            && on(Heuristic::CommentPoster)
            && !clock
            && comment_poster(text, shape.words);
        let facts = LineFacts {
            stats,
            shape,
            hits: Hits::of(&hits),
            not_prose,
            stamp: clock || poster,
            poster,
            by_language,
        };
        self.line_hits = hits;
        facts
    }

    /// Whether a line that reads as a paragraph by its length is none, by its text alone: a
    /// glued list of links, script source or a thread of comments (the steps `glued-links`,
    /// `script` and `comment-thread` drop it). A note under a name (`name-note`) depends on
    /// the lines above: `note_under_name`.
    fn not_prose(&self, text: &str, shape: &Shape, stats: &LineStats) -> NotProse {
        let on = |h| self.switches.on(h);
        NotProse {
            glued_links: (on(Heuristic::GluedLinks) && glued_links(text, shape))
                || (on(Heuristic::GluedMenu) && glued_menu(text, shape.words)),
            script: on(Heuristic::Script) && script_source(text),
            glued_thread: on(Heuristic::CommentThread)
                && (shape.prose || shape.words > SHORT_WORDS)
                && ((stats.may_hold_thread() && glued_thread(text))
                    || (on(Heuristic::CommentPoster) && glued_posters(text))),
            name_note: false,
        }
    }

    /// Whether a paragraph just read is a contributor's or a company's note under its name,
    /// after the body (`name-note`).
    fn note_under_name(&self, text: &str, shape: &Shape) -> bool {
        self.switches.on(Heuristic::NameNote)
            && self.body_seen
            && name_note(text, shape, self.lines_above())
    }

    /// The text of the non-blank lines in the window, last pushed first.
    fn lines_above(&self) -> impl Iterator<Item = &str> {
        self.window
            .iter()
            .rev()
            .map(|h| h.line.text.as_str())
            .filter(|t| !t.is_empty())
    }

    /// An anchor (or a table cell after one) of `words` words was just pushed: it joins the
    /// run of paragraphs before it or starts a new one, and a run long enough is the body.
    fn grow_cluster(&mut self, words: usize, anchor: bool) {
        let now = self.pushed - 1;
        let ordinal = self.ordinals - 1;
        // A table joins the run it was found attached to. Judged again as its output
        // (see `finish`), only the lines that output holds part two paragraphs.
        let gap = |prev: usize| match self.plain_gaps && !self.body_seen {
            false => ordinal - prev - 1,
            true => self.plain_lines - self.last_anchor_plain - 1,
        };
        let joins = !anchor || self.last_anchor.is_some_and(|prev| gap(prev) <= RUN_GAP);
        if !joins {
            self.cluster_start = now;
            self.cluster_words = 0;
        }
        let before = self.cluster_words;
        self.cluster_words += words;
        self.last_anchor = Some(ordinal);
        if anchor {
            self.last_anchor_plain = self.plain_lines;
        }
        if self.cluster_words >= BODY_WORDS {
            // Teaser questions and slogans end like sentences too; only a run of
            // paragraphs with some substance starts the body.
            let first_held = self.pushed - self.window.len();
            let from = if before >= BODY_WORDS {
                self.window.len() - 1
            } else {
                self.cluster_start.saturating_sub(first_held)
            };
            for held in self.window.range_mut(from..) {
                held.confirmed |= held.anchor;
            }
            self.body_seen = true;
            if !self.headline_done {
                self.headline_done = true;
                self.headline_pending = Some(PendingHeadline {
                    first: first_held + from,
                    found: now,
                    paragraphs: self.window.range(from..).filter(|h| h.anchor).count(),
                });
            }
        }
    }

    /// The line just pushed (non-blank line `ordinal`) ends `len` lines of a table with rows
    /// of `row` cells. A table that starts just after a paragraph (or after another table),
    /// leaving room for a header row and a caption, is part of the article: its lines are
    /// marked, and it extends the run of paragraphs it follows.
    fn mark_table(&mut self, ordinal: usize, row: usize, len: usize) {
        let first = ordinal + 1 - len;
        let Some(content) = self.last_content else {
            return;
        };
        if content + 1 + row + RUN_GAP < first {
            return;
        }
        let mut words = 0;
        for held in self.window.iter_mut().rev() {
            if held.ordinal <= content {
                break;
            }
            if !held.table && !held.line.text.is_empty() {
                held.table = true;
                words += held.shape.words;
            }
        }
        self.last_content = Some(ordinal);
        self.grow_cluster(words, false);
    }

    pub fn finish(&mut self, emit: &mut Emit<'_, 'a>) -> io::Result<()> {
        if self.needs_judging_as_output() {
            return self.judge_again_as_output(emit);
        }
        if !self.headline_done && !self.body_started {
            if let Some(first) = self.window.iter().position(|h| h.anchor) {
                self.protect_headline(first, self.window.len() - 1);
            }
        }
        self.snippet = self.pushed == self.window.len() && self.ordinals <= SNIPPET_LINES;
        while !self.window.is_empty() {
            self.decide_front(emit)?;
        }
        Ok(())
    }

    /// A document where no body was seen keeps every line but those the phrase rules (and
    /// the glued-list, script and thread steps) drop; without them, paragraphs they parted
    /// may form a body, which a second pass would find and clean. Such a document, held
    /// whole in the window, is judged again as that output would be: parted by plain lines.
    fn needs_judging_as_output(&self) -> bool {
        !self.body_seen
            && !self.plain_gaps
            && self.pushed == self.window.len()
            && self.plain_lines < self.ordinals
    }

    fn judge_again_as_output(&mut self, emit: &mut Emit<'_, 'a>) -> io::Result<()> {
        let lines: Vec<Line> = self.window.drain(..).map(|held| held.line).collect();
        let mut again = DocumentFilter::new(self.book, self.switches);
        again.plain_gaps = true;
        if self.first_is_headline {
            again.take_first_line_as_headline();
        }
        std::mem::swap(&mut again.memo, &mut self.memo);
        *self = again;
        for line in lines {
            self.push(line, emit)?;
        }
        self.finish(emit)
    }

    /// Marks the headline and standfirst: the nearest title-like lines before the first
    /// paragraph of the body (at window index `first`) that no rule matched; unless a
    /// headline-shaped line a little further up matches the body's words better. Then that
    /// one is the headline, and of the nearest lines only those that match the body too
    /// (a standfirst) are kept with it: the others are a photo's credit or another story's
    /// teaser.
    fn protect_headline(&mut self, first: usize, found: usize) {
        self.headline_done = true;
        if !self.switches.on(Heuristic::KeepHeadline) {
            return;
        }
        for i in self.headline_lines(first, found) {
            self.window[i].protected = true;
        }
    }

    /// The window indexes [`protect_headline`](Self::protect_headline) marks. The headline
    /// is chosen by the words of the lead's paragraphs; whether a line near the body stays
    /// as the standfirst by the words of the paragraphs up to `found`, where the body was
    /// found (the lead's wider vocabulary also takes in the teasers' and captions' words).
    fn headline_lines(&self, first: usize, found: usize) -> Vec<usize> {
        let mut nearest = self.nearest_headline(first);
        let shaped = self.headline_shaped(first);
        let credited = self.credited_headlines(first);
        if shaped.iter().all(|i| nearest.contains(i))
            && credited.iter().all(|c| nearest.contains(c))
        {
            // No other line could be chosen: the body's words need not be looked at.
            return nearest;
        }
        let mut vocabulary = Vocabulary::default();
        // The lead: the first paragraphs of the body.
        for (i, held) in self
            .window
            .range(first..)
            .enumerate()
            .filter(|(_, h)| h.anchor)
            .take(LEAD_PARAGRAPHS)
        {
            vocabulary.add(&held.line.text, first + i <= found);
        }
        let by_words = Self::headline_by_vocabulary(&shaped, &vocabulary, |i| {
            self.window[i].line.text.as_str()
        });
        let by_credit = self.credited_by_vocabulary(&credited, &vocabulary);
        // A credit marks the headline more surely than shared words, but only when none of
        // the nearest lines stays as the standfirst (one that matches the body, or a
        // sentence under the headline): a second pass, without the credit, must find the
        // headline as the nearest title-like line.
        let chosen = match by_credit {
            Some(c)
                if !nearest.iter().any(|&i| {
                    let text = &self.window[i].line.text;
                    vocabulary.opening_overlap(text).matches() || (i > c && has_sentence_end(text))
                }) =>
            {
                Some(c)
            }
            _ => by_words,
        };
        if let Some(best) = chosen.filter(|best| !nearest.contains(best)) {
            nearest.retain(|&i| {
                let text = &self.window[i].line.text;
                vocabulary.opening_overlap(text).matches()
            });
            nearest.push(best);
        }
        nearest
    }

    /// The window indices of the nearest title-like lines before index `first`: one, or a
    /// long one (the standfirst) and the headline above it.
    fn nearest_headline(&self, first: usize) -> Vec<usize> {
        let mut looked = 0;
        let mut found = Vec::new();
        for i in (0..first).rev() {
            let held = &self.window[i];
            if held.line.text.is_empty() {
                continue;
            }
            looked += 1;
            if looked > HEADLINE_REACH {
                break;
            }
            if held.hits.is_empty() && headline_candidate(&held.line.text, &held.shape) {
                found.push(i);
                // A long first find is the standfirst; the headline sits above it.
                if found.len() == 2 || held.shape.words < 10 {
                    break;
                }
            }
        }
        found
    }

    /// The window indices of the lines a credit marks as the headline: of the credits (a
    /// byline, a dateline) within `CREDIT_REACH` lines before index `first`, the nearest to
    /// it with headline-shaped lines among the `CREDITED_LINES` plain lines above it; those
    /// lines, nearest first.
    fn credited_headlines(&self, first: usize) -> Vec<usize> {
        let lines: Vec<usize> = (0..first)
            .rev()
            .filter(|&i| !self.window[i].line.text.is_empty())
            .take(CREDIT_REACH)
            .collect();
        let credit = |i: usize| {
            let held = &self.window[i];
            held.hits.is_empty() && is_credit(&held.line.text, &held.shape)
        };
        for (at, &i) in lines.iter().enumerate() {
            if !credit(i) {
                continue;
            }
            let above: Vec<usize> = lines[at + 1..]
                .iter()
                .copied()
                .filter(|&j| !credit(j))
                .take(CREDITED_LINES)
                .filter(|&j| headline_shaped_line(&self.window[j]))
                .collect();
            if !above.is_empty() {
                return above;
            }
        }
        Vec::new()
    }

    /// Of the lines a credit marks (nearest first), the one whose words the body uses most;
    /// of equals, the nearest. An author's name without "By" or a section's path may stand
    /// between the headline and its credit; they share no words with the body.
    fn credited_by_vocabulary(&self, credited: &[usize], vocabulary: &Vocabulary) -> Option<usize> {
        let mut best: Option<(usize, Overlap)> = None;
        for &i in credited {
            let overlap = vocabulary.overlap(&self.window[i].line.text);
            if best.is_none_or(|(_, b)| overlap.better_than(b)) {
                best = Some((i, overlap));
            }
        }
        best.map(|(i, _)| i)
    }

    /// The window indices of the headline-shaped lines (a title, not a sentence) among the
    /// lines before index `first`, nearest first.
    fn headline_shaped(&self, first: usize) -> Vec<usize> {
        (0..first)
            .rev()
            .filter(|&i| !self.window[i].line.text.is_empty())
            .take(HEADLINE_VOCABULARY_REACH)
            .filter(|&i| headline_shaped_line(&self.window[i]))
            .collect()
    }

    /// Of the lines `shaped` (nearest first), the one whose words the body's first
    /// paragraphs use most, when it matches them at all (ties go to the nearest).
    fn headline_by_vocabulary<'t>(
        shaped: &[usize],
        vocabulary: &Vocabulary,
        text: impl Fn(usize) -> &'t str,
    ) -> Option<usize> {
        let mut best: Option<(usize, Overlap)> = None;
        for &i in shaped {
            let overlap = vocabulary.overlap(text(i));
            if overlap.matches() && best.is_none_or(|(_, b)| overlap.better_than(b)) {
                best = Some((i, overlap));
            }
        }
        best.map(|(i, _)| i)
    }

    fn decide_front(&mut self, emit: &mut Emit<'_, 'a>) -> io::Result<()> {
        self.settle_headline();
        self.front_shingled = false;
        let verdict = self.judge_front();
        let held = self.window.pop_front().expect("the window is not empty");
        self.held_bytes -= held.line.text.len();
        if self.cut.is_some() {
            // No line is judged after this one: nothing to remember.
            return emit(held.line, verdict);
        }
        if !held.line.text.is_empty() {
            // Paragraphs that have left the window (`next_anchor` does this only for lines
            // it is asked about, and a block asks about none).
            while self
                .anchors
                .front()
                .is_some_and(|&(a, _)| a <= held.ordinal)
            {
                self.anchors.pop_front();
            }
            while self.cut_lines.front().is_some_and(|&c| c <= held.ordinal) {
                self.cut_lines.pop_front();
            }
            let kept = verdict == Verdict::Keep;
            // A line dropped as chrome (by a phrase rule, or as a copy) is gone from the
            // output: the stretch between two paragraphs is measured without it, so that a
            // second pass measures the same stretch.
            let chrome = !kept
                && (!held.hits.is_empty() || verdict == Verdict::Drop(Heuristic::Repeat.id()));
            if (kept && held.table && self.body_started) || (held.anchor && kept) {
                if held.anchor {
                    self.body_started |= held.confirmed;
                    self.body_words += held.shape.words;
                }
                // A table of the body is body text: the gap rule counts from its last cell.
                self.since_anchor = 0;
                self.stretch_long = 0;
                self.stretch_chrome = false;
            } else {
                if !chrome {
                    self.since_anchor += 1;
                    self.stretch_long += usize::from(longer_than_item(&held.shape));
                }
                self.stretch_chrome |= !held.hits.is_empty()
                    || (verdict == Verdict::Drop(Heuristic::Repeat.id()) && !held.shape.prose);
            }
            self.list_left = if !kept {
                0
            } else if self.body_started
                && introduces_list(&held.line.text)
                && self
                    .staying_anchor_after(held.ordinal)
                    .is_some_and(|a| a - held.ordinal <= LIST_LINES)
            {
                // Only a list with the body going on after it: at the end of the body, the
                // same colon announces a box of links or the footer as often as a list.
                LIST_LINES
            } else if self.body_started && introduces_list(&held.line.text) {
                // ...unless its items read as phrases of the article, not as headlines.
                self.sentence_items_ahead()
            } else if held.shape.prose {
                // A paragraph after the items ends the list.
                0
            } else {
                self.list_left.saturating_sub(1)
            };
            self.last_kept = kept;
            self.link_run = if chrome {
                self.link_run
            } else if held.shape.link_like {
                self.link_run + 1
            } else {
                0
            };
            self.last_short = held.shape.words <= SHORT_WORDS && !held.shape.prose;
            if self.seen.len() < SEEN_CAP {
                let chrome = match verdict {
                    Verdict::Keep => false,
                    Verdict::Drop(id) => {
                        ![Heuristic::Gap, Heuristic::LinkRun, Heuristic::LoneParagraph]
                            .iter()
                            .any(|h| h.id() == id)
                    }
                };
                self.seen.entry(held.hash).or_insert(chrome);
            }
            // List items and subheadings count too: a copy run together repeats them.
            if kept {
                if !self.front_shingled {
                    shingles_of(&held.line.text, &mut self.front_shingles);
                }
                self.shingles.remember(&self.front_shingles);
            }
        }
        emit(held.line, verdict)
    }

    /// The verdict on the front line: the state it is in (a cut, a block, a piece of a long
    /// line), then the phrase rules, then the structural steps of `STEPS` in order; the first
    /// that has a verdict decides, and a line none decides is kept.
    fn judge_front(&mut self) -> Verdict<'a> {
        let front = &self.window[0];
        if front.piece {
            return Verdict::Keep;
        }
        if let Some(id) = self.cut {
            return Verdict::Drop(id);
        }
        if let Some((id, left)) = self.block {
            self.block = (left > 1).then_some((id, left - 1));
            return Verdict::Drop(id);
        }
        if front.line.text.is_empty() {
            return Verdict::Keep;
        }
        let front_anchor = front.anchor;
        let next_anchor = self.next_anchor();
        let position = if front_anchor {
            BODY
        } else if !self.body_started {
            HEAD
        } else if next_anchor.is_none() {
            TAIL
        } else {
            BODY
        };
        if let Some(verdict) = self.apply_rules(position) {
            return verdict;
        }
        let at = Context {
            position,
            next_anchor,
        };
        Self::STEPS
            .iter()
            .find_map(|(_, step)| step(self, &at))
            .unwrap_or(Verdict::Keep)
    }

    /// The structural decisions, in the order they are tried: each step looks at the front
    /// line in its context and keeps it, drops it, or has nothing to say (`None`). Adding or
    /// removing a heuristic is one entry here and one function below.
    const STEPS: [(&'static str, Step<'a>); 18] = [
        ("comment-thread", Self::comment_thread),
        ("script", Self::script),
        ("name-note", Self::name_note),
        ("repeat-paragraph", Self::repeated_paragraph),
        ("glued-links", Self::glued_links),
        ("keep-spared", Self::spared_by_position),
        ("keep-protected", Self::protected),
        ("teaser-stream", Self::teaser_stream),
        ("teaser-chain", Self::teaser_chain),
        ("lone-paragraph", Self::lone_paragraph),
        ("far-paragraph", Self::far_paragraph),
        ("keep-paragraph", Self::paragraph),
        ("keep-list", Self::list_item),
        ("no-text", Self::no_text),
        ("repeat-chrome", Self::repeated_chrome),
        ("head-tail", Self::outside_body),
        ("gap", Self::gap),
        ("link-run", Self::link_run),
    ];

    fn on(&self, h: Heuristic) -> bool {
        self.switches.on(h)
    }

    /// Readers' comments after the body: a line holding several comments' stamps (a thread
    /// glued into one line) is dropped; three stamps on lines of their own, each within a
    /// few lines of the one before, starting at most two lines below the front (the name
    /// above the first stamp), end the article like a "Comments" heading would.
    fn comment_thread(&mut self, _: &Context) -> Option<Verdict<'a>> {
        let front = &self.window[0];
        let id = Heuristic::CommentThread.id();
        if !self.on(Heuristic::CommentThread) || front.protected {
            return None;
        }
        if front.shape.words > SHORT_WORDS && front.not_prose.glued_thread {
            // Found by its poster marks when it holds too few stamps.
            let by_stamps = glued_thread(&front.line.text);
            let by = if by_stamps {
                Heuristic::CommentThread
            } else {
                Heuristic::CommentPoster
            };
            return Some(Verdict::Drop(by.id()));
        }
        if self.body_words < CUT_AFTER_WORDS {
            return None;
        }
        let (mut stamps, mut since, mut posters, mut dates) = (0, 0, false, false);
        let mut above: Option<&Held> = None;
        for held in self.window.iter().filter(|h| !h.line.text.is_empty()) {
            let dated = held.date_stamp_under(above);
            above = Some(held);
            if !held.stamp && !dated {
                since += 1;
                // Above the first stamp, only a name: a short line, no paragraph.
                let name = since <= 2 && held.shape.words <= SHORT_WORDS && !held.shape.prose;
                if since > THREAD_SPACING || (stamps == 0 && !name) {
                    return None;
                }
                continue;
            }
            stamps += 1;
            since = 0;
            posters |= held.poster;
            dates |= dated;
            if stamps == THREAD_STAMPS {
                // A thread some of whose marks are poster lines or dates only is found by
                // them.
                let id = if posters {
                    Heuristic::CommentPoster.id()
                } else if dates {
                    Heuristic::CommentDate.id()
                } else {
                    id
                };
                self.cut = Some(id);
                return Some(Verdict::Drop(id));
            }
        }
        None
    }

    /// What date stamp the line is (`dated::date_stamp`, which also bounds its words), if it
    /// may be one: no paragraph, no rule's line, and the three figures every date stamp holds.
    fn date_of(&self, text: &str, shape: &Shape, hits: &Hits, digits: usize) -> Option<DateStamp> {
        if !self.on(Heuristic::CommentDate)
            || shape.prose
            || digits < DATE_STAMP_DIGITS
            || !hits.is_empty()
        {
            return None;
        }
        date_stamp(text, shape.words)
    }

    /// A paragraph introducing the name that a line just above it holds alone, after a
    /// body: a contributor's or a company's box, not the article (`filter/name_note.rs`).
    fn name_note(&mut self, _: &Context) -> Option<Verdict<'a>> {
        let front = &self.window[0];
        (self.on(Heuristic::NameNote) && !front.protected && front.not_prose.name_note)
            .then_some(Verdict::Drop(Heuristic::NameNote.id()))
    }

    /// Script source leaked into the text is never the article's, wherever it sits.
    fn script(&mut self, _: &Context) -> Option<Verdict<'a>> {
        let front = &self.window[0];
        (self.on(Heuristic::Script) && !front.table && front.not_prose.script)
            .then_some(Verdict::Drop(Heuristic::Script.id()))
    }

    /// A list of links glued into one long line passes for a paragraph by its length; it
    /// has no sentence in it. The headline is exempt: a long one may lack a full stop.
    fn glued_links(&mut self, _: &Context) -> Option<Verdict<'a>> {
        let front = &self.window[0];
        // The flag is only set by a heuristic that is on: a short line is a glued menu's.
        let by = if front.shape.words < LONG_WORDS {
            Heuristic::GluedMenu
        } else {
            Heuristic::GluedLinks
        };
        (!front.protected && front.not_prose.glued_links).then_some(Verdict::Drop(by.id()))
    }

    /// The same paragraph twice is a second copy of the article (a teaser, a print or AMP
    /// version), never new text; so is a paragraph most of whose five-word runs were kept.
    /// Unless it follows a kept short line of the body (an item, a subheading): a plan or a
    /// recipe repeats an item of one list in the next.
    fn repeated_paragraph(&mut self, _: &Context) -> Option<Verdict<'a>> {
        let front = &self.window[0];
        let in_body_list = self.body_started && self.last_kept && self.last_short;
        if !self.on(Heuristic::Repeat)
            || in_body_list
            || !front.shape.prose
            || front.shape.words <= SHORT_WORDS
        {
            return None;
        }
        let copy = self.seen.contains_key(&front.hash) || {
            shingles_of(&front.line.text, &mut self.front_shingles);
            self.front_shingled = true;
            self.shingles.mostly_seen(&self.front_shingles)
        };
        copy.then_some(Verdict::Drop(Heuristic::Repeat.id()))
    }

    /// A paragraph that only `tail` rules match, before the body has ended: the sentence
    /// those rules drop after the body (a contributor's note) is the article's prose inside
    /// it, and is kept as such (it is no anchor, so it neither starts nor joins a run).
    fn spared_by_position(&mut self, at: &Context) -> Option<Verdict<'a>> {
        let front = &self.window[0];
        let rules = &self.book.matcher.rules;
        (at.position != TAIL
            && front.shape.prose
            && !front.hits.is_empty()
            && front.hits.iter().all(|&i| rules[i].positions == TAIL))
        .then_some(Verdict::Keep)
    }

    /// The headline and standfirst, a table's cells, and everything until some run of
    /// paragraphs was long enough to be a body (a short note has no chrome) are kept.
    fn protected(&mut self, _: &Context) -> Option<Verdict<'a>> {
        let front = &self.window[0];
        (front.protected || !self.body_seen || (front.table && self.on(Heuristic::KeepTable)))
            .then_some(Verdict::Keep)
    }

    /// Teasers (headline, blurb, maybe a time) after a break in the body.
    fn teaser_stream(&mut self, at: &Context) -> Option<Verdict<'a>> {
        if !self.on(Heuristic::TeaserStream) || !self.body_started || at.position == HEAD {
            return None;
        }
        let front = &self.window[0];
        let ordinal = front.ordinal;
        if ordinal < self.teaser_until {
            return Some(Verdict::Drop(Heuristic::TeaserStream.id()));
        }
        // A stream starts after a break (a dropped line), not straight after a paragraph:
        // a list of subheadings with one paragraph each is the article.
        let going_on = ordinal == self.teaser_until && ordinal > 0;
        if (going_on || !self.last_kept) && teaser_headline(&front.shape) {
            let need = if going_on { 1 } else { TEASER_UNITS };
            if let Some(end) = self.teasers_ahead(need) {
                self.teaser_until = end;
                return Some(Verdict::Drop(Heuristic::TeaserStream.id()));
            }
        }
        None
    }

    /// A line of a chain of other stories' teasers after the body (marked as it was pushed).
    fn teaser_chain(&mut self, _: &Context) -> Option<Verdict<'a>> {
        (self.on(Heuristic::TeaserChain) && self.window[0].teaser)
            .then_some(Verdict::Drop(Heuristic::TeaserChain.id()))
    }

    /// A short paragraph with no run of paragraphs around it is a teaser, a slogan or a
    /// caption; a paragraph of the body is confirmed before it leaves the window.
    fn lone_paragraph(&mut self, _: &Context) -> Option<Verdict<'a>> {
        let front = &self.window[0];
        (front.shape.prose
            && !front.confirmed
            && front.shape.words < LONG_WORDS
            && self.on(Heuristic::LoneParagraph))
        .then_some(Verdict::Drop(Heuristic::LoneParagraph.id()))
    }

    /// A paragraph standing alone far below the body's paragraphs (a disclaimer, a note on
    /// the data, a sponsor's or a help desk's text between the footer's links): the body
    /// does not resume with one paragraph after so long a stretch without any.
    fn far_paragraph(&mut self, _: &Context) -> Option<Verdict<'a>> {
        (self.on(Heuristic::FarParagraph) && self.body_started && self.stray(&self.window[0]))
            .then_some(Verdict::Drop(Heuristic::FarParagraph.id()))
    }

    /// Is the line (an anchor being pushed) more than `FAR_LINES` plain lines below the last
    /// paragraph or table cell, once a body was seen? Plain lines (no phrase rule matched
    /// them) are what a second pass sees, and only paragraphs that stay in the output part
    /// the stretch (`parts_stretch`), as they do there. Any paragraph within `RUN_GAP`
    /// lines parts it: this one may join its run, which keeps it.
    fn far_from_body(&self, anchor: bool) -> bool {
        if !(anchor && self.body_seen && self.switches.on(Heuristic::FarParagraph)) {
            return false;
        }
        let (mut plain, mut lines) = (0, 0);
        for held in self.window.iter().rev() {
            if held.line.text.is_empty() {
                continue;
            }
            lines += 1;
            if held.table || (held.anchor && (lines <= RUN_GAP || self.parts_stretch(held))) {
                return false;
            }
            plain += usize::from(held.hits.is_empty() && !held.not_prose.any());
            if plain > FAR_LINES {
                return true;
            }
        }
        plain + self.since_anchor > FAR_LINES
    }

    /// Whether a paragraph parts the stretch before a paragraph being pushed: it stays in
    /// the output (part of a run, long, or the lone-paragraph rule off), a copy too (a
    /// recipe's list repeats its items, kept). A paragraph this one may join is counted
    /// whatever it is (see `far_from_body`).
    fn parts_stretch(&self, held: &Held) -> bool {
        !held.teaser
            && !self.stray(held)
            && (held.confirmed
                || held.protected
                || held.shape.words >= LONG_WORDS
                || !self.switches.on(Heuristic::LoneParagraph))
    }

    /// Whether a paragraph pushed far from the body stands alone: no paragraph within
    /// `RUN_GAP` lines after it (the far-paragraph step drops it). Not a repeat of a line
    /// handed on before: a plan repeats its items, and the repeat rule judges copies.
    fn stray(&self, held: &Held) -> bool {
        held.far
            && !self.seen.contains_key(&held.hash)
            && self
                .anchors
                .iter()
                .find(|&&(a, _)| a > held.ordinal)
                .is_none_or(|&(a, _)| a - held.ordinal > RUN_GAP)
    }

    /// Any other paragraph is the article's.
    fn paragraph(&mut self, _: &Context) -> Option<Verdict<'a>> {
        self.window[0].shape.prose.then_some(Verdict::Keep)
    }

    /// The items of a list or the cells of a table, announced by a line of the body: short
    /// lines like a menu's, which the position rules below would drop.
    fn list_item(&mut self, at: &Context) -> Option<Verdict<'a>> {
        let front = &self.window[0];
        if !self.on(Heuristic::KeepList) || !front.hits.is_empty() || at.position == HEAD {
            return None;
        }
        // Menus repeat, list items rarely do (table cells of figures may).
        let item = self.list_left > 0
            && front.line.text.chars().any(char::is_alphanumeric)
            && !(front.shape.has_letters && self.seen.contains_key(&front.hash));
        // A short remark may stand between the paragraph and the lead-in ("This game will
        // help you!"); the remark itself is left to the other rules.
        let lead_in = (self.last_kept || self.since_anchor <= 1)
            && self.body_started
            && introduces_list(&front.line.text);
        (item || lead_in).then_some(Verdict::Keep)
    }

    fn no_text(&mut self, _: &Context) -> Option<Verdict<'a>> {
        (self.on(Heuristic::NoText) && !self.window[0].shape.has_letters)
            .then_some(Verdict::Drop(Heuristic::NoText.id()))
    }

    /// A short line whose first occurrence was dropped as page chrome (menus and prompts
    /// repeat around the body, not in it). A first occurrence dropped for where it sat in
    /// the body (an item of a list mistaken for a link box) does not make its repeats
    /// chrome: the same rules judge them where they are.
    fn repeated_chrome(&mut self, _: &Context) -> Option<Verdict<'a>> {
        let front = &self.window[0];
        (self.on(Heuristic::Repeat)
            && front.shape.words <= SHORT_WORDS
            && self.seen.get(&front.hash) == Some(&true))
        .then_some(Verdict::Drop(Heuristic::Repeat.id()))
    }

    /// A short line before the body starts or after it ends. Position tells chrome only on a
    /// page: in a snippet of a few lines (a paragraph or two and a title, piped in or cut
    /// from a corpus) there is no menu above the body and no footer below it.
    fn outside_body(&mut self, at: &Context) -> Option<Verdict<'a>> {
        if self.snippet {
            return None;
        }
        match at.position {
            HEAD if self.on(Heuristic::Head) => Some(Verdict::Drop(Heuristic::Head.id())),
            TAIL if self.on(Heuristic::Tail) && !self.closes_body() => {
                Some(Verdict::Drop(Heuristic::Tail.id()))
            }
            _ => None,
        }
    }

    /// Is the front line the article's closing sentence, straight after the body's last
    /// paragraph (kept), no phrase rule matching it?
    fn closes_body(&self) -> bool {
        let front = &self.window[0];
        self.body_started
            && self.since_anchor == 0
            && front.hits.is_empty()
            && !front.not_prose.any()
            && closing_sentence(&front.line.text, &front.shape)
    }

    /// A short line in a long stretch without paragraphs between two parts of the body.
    fn gap(&mut self, at: &Context) -> Option<Verdict<'a>> {
        let after = at.next_anchor?;
        (self.on(Heuristic::Gap) && self.body_started && self.since_anchor + after > MAX_GAP)
            .then(|| self.unless_items(after, Heuristic::Gap))
    }

    /// A run of short link-like lines inside the body.
    fn link_run(&mut self, at: &Context) -> Option<Verdict<'a>> {
        if !self.on(Heuristic::LinkRun) || !self.window[0].shape.link_like {
            return None;
        }
        let after = self
            .window
            .iter()
            .skip(1)
            .filter(|h| !h.line.text.is_empty())
            .take_while(|h| h.shape.link_like)
            .count();
        if self.link_run + 1 + after < LINK_RUN {
            return None;
        }
        Some(match at.next_anchor {
            Some(anchor) => self.unless_items(anchor, Heuristic::LinkRun),
            None => Verdict::Drop(Heuristic::LinkRun.id()),
        })
    }

    /// The verdict on the front, a short line of the body `after` lines before the next
    /// paragraph, that the drop rule `h` takes for part of a box: kept after all when the
    /// stretch between the two paragraphs is a list of items (keep-items).
    fn unless_items(&mut self, after: usize, h: Heuristic) -> Verdict<'a> {
        if self.switches.on(Heuristic::KeepItems) && self.body_started {
            let end = self.window[0].ordinal + after;
            let ok = match self.items {
                Some((until, ok)) if until == end => ok,
                _ => {
                    let mut long = self.stretch_long;
                    let mut chrome = self.stretch_chrome;
                    // The paragraph after the list must be one of the body too: in a run of
                    // paragraphs, or long with more of the body after it. Not a teaser's
                    // blurb standing alone, nor a note far below the end of the body.
                    let goes_on = self.staying_anchor_after(end).is_some();
                    let mut body_after = false;
                    for held in self.window.iter().filter(|h| !h.line.text.is_empty()) {
                        if held.ordinal >= end {
                            body_after =
                                held.confirmed || (held.shape.words >= LONG_WORDS && goes_on);
                            break;
                        }
                        long += usize::from(longer_than_item(&held.shape));
                        chrome |= !held.hits.is_empty()
                            || (!held.shape.prose && self.seen.get(&held.hash) == Some(&true));
                    }
                    let ok = body_after && item_stretch(self.since_anchor + after, long, chrome);
                    self.items = Some((end, ok));
                    ok
                }
            };
            if ok {
                return Verdict::Keep;
            }
        }
        Verdict::Drop(h.id())
    }

    /// How many lines from the front on are items written like the article's sentences
    /// (sentence case, a clause long, no phrase rule touching them), when there are at least
    /// `SENTENCE_ITEMS` of them: a list at the end of the body ("What you get:") rather than
    /// a box of headlines or links, which are title case or short.
    fn sentence_items_ahead(&self) -> usize {
        // Distinct items only: a repeated line is a menu's, and is dropped as a repeat.
        let mut texts = FxHashSet::default();
        let items = self
            .window
            .iter()
            .filter(|h| !h.line.text.is_empty())
            .take_while(|h| {
                h.hits.is_empty()
                    && sentence_item(&h.line.text, &h.shape)
                    && texts.insert(h.line.text.as_str())
                    && !self.seen.contains_key(&h.hash)
            })
            .count();
        if items >= SENTENCE_ITEMS {
            items
        } else {
            0
        }
    }

    /// Whether `need` teasers (a headline, a single short paragraph, maybe a short line with
    /// its time or byline) follow one another from the front; if so, the ordinal after them.
    /// A stream starting here (`need` above one) is no stream when a paragraph follows its
    /// last teaser: the body goes on, and the headlines were its sections (an interview's
    /// questions and answers after an advertisement).
    fn teasers_ahead(&self, need: usize) -> Option<usize> {
        let mut lines = self.window.iter().filter(|h| !h.line.text.is_empty());
        let mut found = 0;
        let mut end = 0;
        let mut pending = lines.next();
        let mut end_after_need = 0;
        while found < need || need > 1 {
            let Some(_) = pending.filter(|h| h.hits.is_empty() && teaser_headline(&h.shape)) else {
                break;
            };
            let Some(blurb) = lines
                .next()
                .filter(|h| h.hits.is_empty() && teaser_blurb(&h.shape))
            else {
                // The headline taken for the next teaser's is the line after the stream.
                break;
            };
            end = blurb.ordinal + 1;
            found += 1;
            pending = lines.next();
            if let Some(meta) = pending {
                // "32M ago", "Nov 18", "by Rahul", "updated 16M ago": no headline of its own.
                let short = !meta.shape.prose && meta.shape.words <= TEASER_META_WORDS;
                let dated = meta.line.text.chars().any(|c| c.is_ascii_digit());
                if short && (!teaser_headline(&meta.shape) || dated || !meta.hits.is_empty()) {
                    end = meta.ordinal + 1;
                    pending = lines.next();
                }
            }
            if found == need {
                end_after_need = end;
            }
        }
        if found < need {
            return None;
        }
        let body_goes_on = pending.is_some_and(|h| {
            h.ordinal == end && h.shape.prose && h.hits.is_empty() && !h.not_prose.any()
        });
        (need == 1 || !body_goes_on).then_some(end_after_need)
    }

    /// How many non-blank lines after the front the next paragraph of the body is. Only a
    /// paragraph that stays counts: a short one standing alone after the body (a teaser's
    /// blurb) is dropped, and the lines before it must not be judged as if the body went
    /// on, or cleaning the output again would find them at its end (not idempotent).
    fn next_anchor(&mut self) -> Option<usize> {
        let front = self.window[0].ordinal;
        while self.anchors.front().is_some_and(|&(a, _)| a <= front) {
            self.anchors.pop_front();
        }
        self.staying_anchor_after(front).map(|a| a - front)
    }

    /// The ordinal of the first paragraph after non-blank line `ordinal` that will stay:
    /// before the next line a cut rule matches, once the body is long enough for a cut.
    fn staying_anchor_after(&self, ordinal: usize) -> Option<usize> {
        let first_held = self.pushed - self.window.len();
        let cut = (self.body_words >= CUT_AFTER_WORDS)
            .then(|| self.cut_lines.iter().find(|&&c| c > ordinal))
            .flatten()
            .copied()
            .unwrap_or(usize::MAX);
        self.anchors
            .iter()
            .filter(|&&(a, _)| a > ordinal)
            .take_while(|&&(a, _)| a < cut)
            .find(|&&(_, push)| self.paragraph_stays(&self.window[push - first_held]))
            .map(|&(a, _)| a)
    }

    /// Whether an anchor will be kept as a paragraph: part of a run of paragraphs, long,
    /// protected, or nothing is dropped for standing alone; and not a copy of an earlier
    /// one, which the repeat rule drops (the lines before it would be judged as if the body
    /// went on, and a second pass, without the copy, would find them at its end).
    fn paragraph_stays(&self, held: &Held) -> bool {
        !held.copy
            && !held.teaser
            && !self.stray(held)
            && (!self.body_seen
                || held.confirmed
                || held.protected
                || held.shape.words >= LONG_WORDS
                || !self.switches.on(Heuristic::LoneParagraph))
    }

    /// The first phrase rule that fires on the front line here: cuts before blocks before
    /// single-line drops, so a section heading ends the document rather than one line.
    fn apply_rules(&mut self, position: u8) -> Option<Verdict<'a>> {
        let rules = &self.book.matcher.rules;
        let front = &self.window[0];
        let firing = |action: Action| {
            front.hits.iter().copied().find(|&i| {
                let rule = &rules[i];
                rule.action == action && rule.positions & position != 0
            })
        };
        // A section heading stands on its own; the same word between two buttons ("Share",
        // "Comments", "Print") is a link in a bar, and the article may go on below it.
        let next_link_like = self
            .window
            .iter()
            .skip(1)
            .find(|h| !h.line.text.is_empty())
            .is_some_and(|h| h.shape.link_like);
        let in_a_bar = self.link_run > 0 && next_link_like;
        // Before much of the body has gone by, a "Comments" heading is more likely a link
        // near the top than the end of the article.
        let cut_allowed = !in_a_bar && self.body_words >= CUT_AFTER_WORDS;
        if let Some(i) = firing(Action::Cut).filter(|_| cut_allowed) {
            self.cut = Some(&rules[i].id);
            return Some(Verdict::Drop(&rules[i].id));
        }
        for i in front.hits.iter().copied() {
            let rule = &rules[i];
            if rule.action != Action::Block || rule.positions & position == 0 {
                continue;
            }
            let until = rule.until.as_ref().expect("block rules have `until`");
            let end = self
                .window
                .iter()
                .skip(1)
                .take(rule.max_lines)
                .position(|h| until.is_match(&h.line.text));
            if let Some(end) = end {
                self.block = Some((&rules[i].id, end + 1));
                return Some(Verdict::Drop(&rules[i].id));
            }
        }
        firing(Action::Drop).map(|i| Verdict::Drop(&rules[i].id))
    }
}

/// The facts of a piece of an over-long line: always kept, so read as prose, and matched by
/// no rule (a seam is no line end).
fn piece_facts(text: &str) -> LineFacts {
    let stats = LineStats::of(text);
    let mut shape = Shape::with_letters(text, stats.words, stats.has_letters);
    shape.prose = true;
    LineFacts {
        stats,
        shape,
        hits: Hits::default(),
        not_prose: NotProse::default(),
        stamp: false,
        poster: false,
        by_language: false,
    }
}

/// A line shaped like a headline: a title of a few words that no rule matched, not a
/// sentence (a photo's caption ends like one; a name or a credit is a few words).
fn headline_shaped_line(held: &Held) -> bool {
    held.hits.is_empty()
        && !held.shape.prose
        && (HEADLINE_MIN_WORDS..=HEADLINE_MAX_WORDS).contains(&held.shape.words)
        && !ends_like_sentence(&held.line.text)
        && headline_candidate(&held.line.text, &held.shape)
}

/// A short line no phrase rule matched: an item of a list, maybe, which the rules may keep.
fn could_be_item(held: &Held) -> bool {
    held.hits.is_empty() && !held.shape.prose && held.shape.words <= SHORT_WORDS
}

impl Drop for DocumentFilter<'_> {
    /// Hands the tables on to the next document this thread filters.
    fn drop(&mut self) {
        use std::mem::take;
        Tables {
            window: take(&mut self.window),
            seen: take(&mut self.seen),
            shingles: take(&mut self.shingles),
            front_shingles: take(&mut self.front_shingles),
            anchor_texts: take(&mut self.anchor_texts),
            anchors: take(&mut self.anchors),
            cut_lines: take(&mut self.cut_lines),
            line_hits: take(&mut self.line_hits),
        }
        .keep();
        take(&mut self.memo).keep();
    }
}

fn hash_of(text: &str) -> u64 {
    // A fast hash: these are lines of one document, not keys an attacker picks.
    let mut h = FxHasher::default();
    text.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSelection;

    /// The steps have distinct names, and every structural heuristic that drops lines (and
    /// every keep rule but keep-items and keep-headline, which act through other steps) has
    /// a step of its own; glued-menu, comment-poster and comment-date are decided by the
    /// glued-links and comment-thread steps.
    #[test]
    fn the_structural_steps_are_distinct_and_cover_the_heuristics() {
        let names: Vec<&str> = DocumentFilter::STEPS.iter().map(|(n, _)| *n).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        for h in Heuristic::ALL {
            let short = h.id().trim_start_matches("structure.");
            let covered = names.iter().any(|n| n.contains(short))
                || matches!(
                    h,
                    Heuristic::KeepItems | Heuristic::KeepHeadline | Heuristic::KeepTable
                )
                || (matches!(h, Heuristic::Head | Heuristic::Tail) && names.contains(&"head-tail"))
                // Shapes found with those of another step, and decided by it.
                || (h == Heuristic::GluedMenu && names.contains(&"glued-links"))
                || (matches!(h, Heuristic::CommentPoster | Heuristic::CommentDate)
                    && names.contains(&"comment-thread"));
            assert!(covered, "{} has no step", h.id());
        }
    }

    /// A long document whose comment section starts early: everything after the heading is
    /// dropped by the cut, and the filter's memory stays the size of its window.
    #[test]
    fn after_a_cut_the_rest_is_dropped_in_bounded_memory() {
        let book = RuleBook::from_selection(&RuleSelection::default()).unwrap();
        let mut filter = book.start_document();
        let mut verdicts = Vec::new();
        let mut emit = |line: Line, verdict: Verdict<'_>| {
            let verdict = match verdict {
                Verdict::Keep => "keep".to_owned(),
                Verdict::Drop(id) => id.to_owned(),
            };
            verdicts.push((line.text, verdict));
            Ok(())
        };
        let mut lines = vec!["Town council approves budget".to_owned()];
        lines.extend(
            [
                "The council met on Tuesday to discuss the new budget, which includes money for roads, schools and the library.",
                "Members argued for three hours before the vote, and several residents spoke against the plan to close a fire station.",
                "The mayor said the final figures were lower than last year because the town had repaid a large loan in the spring.",
                "Opposition councillors warned that the savings would not last, pointing to rising energy prices and a growing waiting list.",
                "A public meeting on the spending plan will be held next month in the hall of the primary school on Church Street.",
                "The budget now goes to the regional authority, which has until the end of the year to approve or reject it.",
            ]
            .map(str::to_owned),
        );
        lines.push("Comments".to_owned());
        lines.extend((0..20_000).map(|i| format!("Reader {i} wrote a long comment about the budget, the roads and the schools of the town.")));
        for (n, text) in lines.into_iter().enumerate() {
            let line = Line {
                text,
                number: n as u64 + 1,
                partial: false,
            };
            filter.push(line, &mut emit).unwrap();
            assert!(filter.anchors.len() <= WINDOW_LINES + 1);
        }
        filter.finish(&mut emit).unwrap();
        let cut_at = verdicts.iter().position(|(t, _)| t == "Comments").unwrap();
        assert!(
            verdicts[cut_at].1.contains("comments"),
            "{:?}",
            verdicts[cut_at]
        );
        let after = &verdicts[cut_at..];
        assert!(
            after.iter().all(|(_, v)| v == &verdicts[cut_at].1),
            "{:?}",
            after.iter().find(|(_, v)| v != &verdicts[cut_at].1)
        );
        assert!(
            verdicts[1..cut_at].iter().all(|(_, v)| v == "keep"),
            "{:?}",
            &verdicts[..cut_at]
        );
    }
}

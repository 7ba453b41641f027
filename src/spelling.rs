//! Spell checking: which words of a chapter's text its dictionary does not know.
//!
//! The words are checked by [`spellbook`], a pure-Rust reader of Hunspell dictionaries (affixes,
//! compounds, break patterns and suggestions as Hunspell has them). A [`Dictionary`] is the
//! bundled English (US) one — SCOWL's `en_US` as Debian ships it, compiled into the program and
//! parsed once per process on first use — or a Hunspell dictionary installed on the system
//! (`LANG.aff` beside `LANG.dic`); [`Dictionaries`] lists them by language tag for a "Spelling
//! language" menu and loads each once.
//!
//! A [`Checker`] is a dictionary together with the words it lets pass: the chapter's own words
//! and ignored words ([`Spelling`]) and the user's personal words. [`Checker::misspelt`] splits
//! a text into words and returns those it does not know, with their byte ranges. It is meant
//! for prose, and so lets pass what is not prose:
//!
//! - footnote markers (found by [`markers::scan`], malformed ones included);
//! - addresses: URLs (`http://`, `https://`, `www.`), e-mail addresses and bare domain names
//!   (`akorda.kz`);
//! - words with digits (`COVID-19`, `2024`), single letters (`e.g.`), acronyms (`OSCE`, and
//!   `CSOs` with a plural `s`);
//! - words in another script than the dictionary's (`Мәжіліс` in an English chapter); a word
//!   mixing the dictionary's script with another one (a Cyrillic `а` inside a Latin word) is
//!   checked, and so flagged.
//!
//! A word is letters and digits, joined by an apostrophe (`don't`, `don’t`) or a hyphen. A
//! hyphenated word the dictionary does not know as a whole is checked part by part, and each
//! unknown part is flagged on its own (an English `pre-`, which SCOWL's list lacks, passes
//! before a hyphen). The chapter's and the user's words match exactly
//! (`Tokayev` never passes as `tokayev`); one written in lower case (`maslikhat`) also matches
//! its capitalised form at the start of a sentence, and any of them followed by a possessive
//! `'s`.
//!
//! The editor checks one block per keystroke: the live findings ([`crate::findings::Live`]) keep
//! each block's misspellings until its text (or the checker) changes.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use unicode_script::{Script, UnicodeScript as _};

use crate::model::{Spelling, markers, stable_hash};

/// The language tag of the bundled dictionary, and of a chapter that names none.
pub const DEFAULT_LANGUAGE: &str = "en_US";

/// The bundled dictionary's licence and copyright (SCOWL's, as Debian ships it), for an "About"
/// box.
pub const BUNDLED_LICENSE: &str = include_str!("../assets/dictionaries/en_US.LICENSE.txt");

/// How many suggestions [`Checker::suggest`] gives at most.
pub const MAX_SUGGESTIONS: usize = 6;

const BUNDLED_AFF: &str = include_str!("../assets/dictionaries/en_US.aff");
const BUNDLED_DIC: &str = include_str!("../assets/dictionaries/en_US.dic");

/// A dictionary file larger than this is refused: the largest Hunspell dictionaries are a few
/// tens of megabytes.
const MAX_DICTIONARY_BYTES: u64 = 64 * 1024 * 1024;

/// Where a dictionary comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Compiled into the program.
    Bundled,
    /// Installed on the system: a Hunspell `.aff` and `.dic` pair.
    System {
        /// The affix file.
        aff: PathBuf,
        /// The word list.
        dic: PathBuf,
    },
}

/// A dictionary that can be loaded: its language tag and where it is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Available {
    /// The language tag, the files' name: `en_US`, `de_DE`, `de_DE_frami`.
    pub language: String,
    /// Where it comes from.
    pub origin: Origin,
}

/// Why a dictionary cannot be had.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DictionaryError {
    /// No dictionary of that language is bundled or installed.
    #[error("no spelling dictionary for the language \"{language}\" (there are: {available})")]
    Unknown {
        /// The language asked for.
        language: String,
        /// The languages there are, comma-separated.
        available: String,
    },
    /// A file of the dictionary cannot be read (missing, unreadable, too large).
    #[error("cannot read the spelling dictionary {}: {reason}", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why, in plain words.
        reason: String,
    },
    /// The dictionary's files are not a Hunspell dictionary spellbook can read.
    #[error("the spelling dictionary {language} cannot be read: {reason}")]
    Malformed {
        /// The dictionary's language tag.
        language: String,
        /// What the parser said.
        reason: String,
    },
}

/// A Hunspell dictionary, parsed and ready to check words.
pub struct Dictionary {
    language: String,
    origin: Origin,
    hunspell: spellbook::Dictionary,
    script: Script,
}

impl fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dictionary")
            .field("language", &self.language)
            .field("origin", &self.origin)
            .field("script", &self.script)
            .finish_non_exhaustive()
    }
}

impl Dictionary {
    /// The bundled English (US) dictionary, parsed on first use and shared after that.
    pub fn bundled() -> Result<Arc<Self>, DictionaryError> {
        static BUNDLED: OnceLock<Result<Arc<Dictionary>, DictionaryError>> = OnceLock::new();
        BUNDLED
            .get_or_init(|| Self::parse(DEFAULT_LANGUAGE, Origin::Bundled, BUNDLED_AFF, BUNDLED_DIC).map(Arc::new))
            .clone()
    }

    /// A dictionary from the text of its `.aff` and `.dic` files.
    pub fn parse(language: &str, origin: Origin, aff: &str, dic: &str) -> Result<Self, DictionaryError> {
        let hunspell = spellbook::Dictionary::new(aff, dic)
            .map_err(|e| DictionaryError::Malformed { language: language.to_owned(), reason: e.to_string() })?;
        Ok(Self { language: language.to_owned(), origin, hunspell, script: dictionary_script(aff, dic) })
    }

    /// Reads and parses the dictionary `available` names. Files are decoded as their `.aff`
    /// says (`SET ISO8859-1`; UTF-8 when it says nothing and they are UTF-8).
    pub fn load(available: &Available) -> Result<Self, DictionaryError> {
        match &available.origin {
            Origin::Bundled => Self::parse(&available.language, Origin::Bundled, BUNDLED_AFF, BUNDLED_DIC),
            Origin::System { aff, dic } => {
                let aff_bytes = read_capped(aff)?;
                let dic_bytes = read_capped(dic)?;
                let encoding = declared_encoding(&aff_bytes);
                let aff_text = decode(&aff_bytes, encoding);
                let dic_text = decode(&dic_bytes, encoding);
                Self::parse(&available.language, available.origin.clone(), &aff_text, &dic_text)
            }
        }
    }

    /// The language tag: `en_US`.
    #[must_use]
    pub fn language(&self) -> &str {
        &self.language
    }

    /// Where the dictionary comes from.
    #[must_use]
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Whether the dictionary knows `word` (as Hunspell would say; none of the chapter's words).
    #[must_use]
    pub fn check(&self, word: &str) -> bool {
        self.hunspell.check(&normalise(word))
    }
}

/// Reads a file of at most [`MAX_DICTIONARY_BYTES`].
fn read_capped(path: &Path) -> Result<Vec<u8>, DictionaryError> {
    crate::io::read_capped(path, MAX_DICTIONARY_BYTES).map_err(|e| {
        let reason = if crate::io::TooLarge::of(&e).is_some() {
            format!("it is larger than {} MiB", MAX_DICTIONARY_BYTES / (1024 * 1024))
        } else {
            e.to_string()
        };
        DictionaryError::Unreadable { path: path.to_owned(), reason }
    })
}

/// The encoding an `.aff` file declares with `SET`, if `encoding_rs` knows it.
fn declared_encoding(aff: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    aff.split(|&b| b == b'\n').find_map(|line| {
        let line = line.strip_prefix(b"SET")?;
        let label = line.split(u8::is_ascii_whitespace).find(|w| !w.is_empty())?;
        // Hunspell writes `ISO8859-1`; the WHATWG labels have `iso-8859-1`.
        let label = String::from_utf8_lossy(label).to_ascii_lowercase();
        let label = label.strip_prefix("iso").map_or_else(
            || label.clone(),
            |rest| if rest.starts_with('-') { label.clone() } else { format!("iso-{rest}") },
        );
        encoding_rs::Encoding::for_label(label.as_bytes())
    })
}

/// The text of a dictionary file: UTF-8 when it is, else in the declared encoding (Hunspell's
/// default is ISO 8859-1).
fn decode(bytes: &[u8], declared: Option<&'static encoding_rs::Encoding>) -> String {
    let encoding = match declared {
        Some(e) if e != encoding_rs::UTF_8 => e,
        _ => match std::str::from_utf8(bytes) {
            Ok(text) => return text.trim_start_matches('\u{feff}').to_owned(),
            Err(_) => encoding_rs::WINDOWS_1252,
        },
    };
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The dictionaries there are: the bundled one and those installed on the system, each loaded
/// once (on first use) and kept.
#[derive(Debug, Default)]
pub struct Dictionaries {
    available: Vec<Available>,
    loaded: HashMap<String, Arc<Dictionary>>,
    failed: HashMap<String, DictionaryError>,
}

impl Dictionaries {
    /// The folders Hunspell dictionaries are installed in: `/usr/share/hunspell`,
    /// `/usr/share/myspell`, `/usr/share/myspell/dicts` and the user's
    /// `~/.local/share/hunspell`.
    #[must_use]
    pub fn system_folders() -> Vec<PathBuf> {
        let mut folders: Vec<PathBuf> =
            ["/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts"].map(PathBuf::from).into();
        if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
            folders.push(PathBuf::from(home).join(".local/share/hunspell"));
        }
        folders
    }

    /// The bundled dictionary and those in [`Dictionaries::system_folders`].
    #[must_use]
    pub fn discover() -> Self {
        Self::in_folders(&Self::system_folders())
    }

    /// The bundled dictionary and those in `folders` (missing folders are passed over). A
    /// language found twice is taken from the first place: the bundled `en_US` before an
    /// installed one, so that every machine checks English alike.
    #[must_use]
    pub fn in_folders(folders: &[PathBuf]) -> Self {
        let mut available = vec![Available { language: DEFAULT_LANGUAGE.to_owned(), origin: Origin::Bundled }];
        for folder in folders {
            let Ok(entries) = std::fs::read_dir(folder) else { continue };
            let mut found: Vec<Available> = entries
                .filter_map(Result::ok)
                .filter_map(|entry| {
                    let aff = entry.path();
                    let language = aff.file_name()?.to_str()?.strip_suffix(".aff")?.to_owned();
                    let dic = aff.with_extension("dic");
                    (is_language_tag(&language) && aff.is_file() && dic.is_file())
                        .then_some(Available { language, origin: Origin::System { aff, dic } })
                })
                .collect();
            found.sort_by(|a, b| a.language.cmp(&b.language));
            for a in found {
                if !available.iter().any(|b| b.language == a.language) {
                    available.push(a);
                }
            }
        }
        available.sort_by(|a, b| a.language.cmp(&b.language));
        Self { available, loaded: HashMap::new(), failed: HashMap::new() }
    }

    /// Every dictionary there is, sorted by language tag.
    #[must_use]
    pub fn available(&self) -> &[Available] {
        &self.available
    }

    /// The language tags, sorted: what a "Spelling language" menu lists.
    pub fn languages(&self) -> impl Iterator<Item = &str> + '_ {
        self.available.iter().map(|a| a.language.as_str())
    }

    /// The dictionary for `language`, loaded on first use and kept (a failure too: a
    /// dictionary that cannot be read is not read again).
    pub fn load(&mut self, language: &str) -> Result<Arc<Dictionary>, DictionaryError> {
        if let Some(d) = self.loaded.get(language) {
            return Ok(Arc::clone(d));
        }
        if let Some(e) = self.failed.get(language) {
            return Err(e.clone());
        }
        let Some(available) = self.available.iter().find(|a| a.language == language) else {
            let available = self.languages().collect::<Vec<_>>().join(", ");
            return Err(DictionaryError::Unknown { language: language.to_owned(), available });
        };
        let loaded = match available.origin {
            Origin::Bundled => Dictionary::bundled(),
            Origin::System { .. } => Dictionary::load(available).map(Arc::new),
        };
        match loaded {
            Ok(d) => {
                self.loaded.insert(language.to_owned(), Arc::clone(&d));
                Ok(d)
            }
            Err(e) => {
                self.failed.insert(language.to_owned(), e.clone());
                Err(e)
            }
        }
    }

    /// The dictionary a chapter asks for: its language, or [`DEFAULT_LANGUAGE`].
    pub fn for_chapter(&mut self, spelling: &Spelling) -> Result<Arc<Dictionary>, DictionaryError> {
        self.load(spelling.language.as_deref().unwrap_or(DEFAULT_LANGUAGE))
    }
}

/// Whether a file name's stem looks like a dictionary's language tag (`en_US`, `de_DE_frami`,
/// `sr-Latn`): letters first, then letters, digits, `_` and `-`. Hyphenation patterns
/// (`hyph_en_US.dic`) have no `.aff` and are never taken.
fn is_language_tag(stem: &str) -> bool {
    stem.len() >= 2
        && stem.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A word a [`Checker`] does not know, and where it is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Misspelling {
    /// The byte range of the word in the text.
    pub range: Range<usize>,
    /// The word as written.
    pub word: String,
}

/// A dictionary and the words that pass besides it: the chapter's own and ignored words and
/// the user's personal words.
#[derive(Clone)]
pub struct Checker {
    dictionary: Arc<Dictionary>,
    /// The chapter's words, its ignored words and the personal words (apostrophes straight).
    own: HashSet<String>,
    fingerprint: u64,
}

impl fmt::Debug for Checker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Checker")
            .field("language", &self.dictionary.language)
            .field("own_words", &self.own.len())
            .finish_non_exhaustive()
    }
}

impl Checker {
    /// A checker with `dictionary` that also lets pass the chapter's words and ignored words
    /// and the user's `personal` words.
    #[must_use]
    pub fn new(dictionary: Arc<Dictionary>, chapter: &Spelling, personal: &[String]) -> Self {
        let own: HashSet<String> = chapter
            .words
            .iter()
            .chain(&chapter.ignored)
            .chain(personal)
            .map(|w| normalise(w.trim()).into_owned())
            .filter(|w| !w.is_empty())
            .collect();
        let mut sorted: Vec<&str> = own.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        let key = format!("{}\u{0}{:?}\u{0}{}", dictionary.language, dictionary.origin, sorted.join("\u{0}"));
        Self { dictionary, own, fingerprint: stable_hash(key.as_bytes()) }
    }

    /// The dictionary.
    #[must_use]
    pub fn dictionary(&self) -> &Dictionary {
        &self.dictionary
    }

    /// A number that changes whenever what the checker lets pass changes (another dictionary,
    /// a word added or ignored): the live findings check everything again when it does.
    #[must_use]
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The words of `text` that are misspelt, in order, with their byte ranges.
    #[must_use]
    pub fn misspelt(&self, text: &str) -> Vec<Misspelling> {
        let marker_ranges: Vec<Range<usize>> = markers::scan(text).into_iter().map(|m| m.range).collect();
        let skipped = union(marker_ranges.iter().cloned().chain(addresses(text)).collect());
        // Words and skipped ranges both run forwards: one pass over each, not one over the
        // skipped ranges per word (100,000 markers in a bullet took seconds).
        let mut next_skipped = skipped.iter().peekable();
        let mut out = Vec::new();
        for word in words(text) {
            while next_skipped.next_if(|s| s.end <= word.start).is_some() {}
            if next_skipped.peek().is_some_and(|s| s.start < word.end) {
                continue;
            }
            let start = at_sentence_start(text, word.start, &marker_ranges);
            self.check_word(text, word, start, &mut out);
        }
        out
    }

    /// Up to [`MAX_SUGGESTIONS`] corrections for `word`, best first: the chapter's and personal
    /// words that are close to it (one or two letters apart), then the dictionary's.
    #[must_use]
    pub fn suggest(&self, word: &str) -> Vec<String> {
        let word = normalise(word);
        let mut out: Vec<String> = Vec::new();
        let mut own: Vec<(usize, &String)> = self
            .own
            .iter()
            .filter(|w| w.as_str() != word.as_ref())
            .filter_map(|w| {
                let d = strsim::levenshtein(&word.to_lowercase(), &w.to_lowercase());
                (d <= 2).then_some((d, w))
            })
            .collect();
        own.sort();
        out.extend(own.into_iter().map(|(_, w)| w.clone()));
        let mut found = Vec::new();
        self.dictionary.hunspell.suggest(&word, &mut found);
        for s in found {
            if out.len() >= MAX_SUGGESTIONS {
                break;
            }
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out.truncate(MAX_SUGGESTIONS);
        out
    }

    /// Checks one word (`range` of `text`), pushing what is misspelt in it.
    fn check_word(&self, text: &str, range: Range<usize>, sentence_start: bool, out: &mut Vec<Misspelling>) {
        let word = &text[range.clone()];
        if word.chars().any(char::is_numeric) || !self.in_script(word) || self.is_own(word, sentence_start) {
            return;
        }
        if !word.contains(is_hyphen) {
            if !self.passes(word, sentence_start) {
                // A possessive of an unknown word flags the word: that is what gets added or
                // replaced.
                let stem = word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")).filter(|s| !s.is_empty());
                let range = match stem {
                    Some(stem) if !self.passes(stem, sentence_start) => range.start..range.start + stem.len(),
                    _ => range,
                };
                out.push(Misspelling { word: text[range.clone()].to_owned(), range });
            }
            return;
        }
        if self.dictionary.check(word) {
            return;
        }
        let mut at = range.start;
        for (i, part) in word.split(is_hyphen).enumerate() {
            let part_range = at..at + part.len();
            at = part_range.end + text[part_range.end..].chars().next().map_or(0, char::len_utf8);
            let prefix = i == 0 && at < range.end && self.is_hyphen_prefix(part);
            if self.in_script(part) && !prefix && !self.passes(part, sentence_start && i == 0) {
                out.push(Misspelling { range: part_range, word: part.to_owned() });
            }
        }
    }

    /// Whether `part` is a prefix that English writes only before a hyphen and SCOWL's word
    /// list lacks (`pre-election`), in an English dictionary.
    fn is_hyphen_prefix(&self, part: &str) -> bool {
        self.dictionary.language.starts_with("en") && matches!(normalise(part).to_lowercase().as_str(), "pre")
    }

    /// Whether a word with no hyphen passes.
    fn passes(&self, word: &str, sentence_start: bool) -> bool {
        word.chars().nth(1).is_none()
            || is_acronym(word)
            || self.is_own(word, sentence_start)
            || self.dictionary.check(word)
    }

    /// Whether `word` is one of the chapter's or personal words: exactly, capitalised at a
    /// sentence start, or with a possessive `'s`.
    fn is_own(&self, word: &str, sentence_start: bool) -> bool {
        if self.own.is_empty() {
            return false;
        }
        let word = normalise(word);
        let base = word.strip_suffix("'s").unwrap_or(&word);
        [word.as_ref(), base].into_iter().any(|w| {
            self.own.contains(w) || (sentence_start && decapitalise(w).is_some_and(|lower| self.own.contains(&lower)))
        })
    }

    /// Whether a word has a letter in the dictionary's script (words wholly in another script
    /// are not checked).
    fn in_script(&self, word: &str) -> bool {
        word.chars().any(|c| script(c) == Some(self.dictionary.script))
    }
}

/// `word` with its first letter in lower case, when it was a capital.
fn decapitalise(word: &str) -> Option<String> {
    let mut chars = word.chars();
    let first = chars.next()?;
    if !first.is_uppercase() {
        return None;
    }
    Some(first.to_lowercase().chain(chars).collect())
}

/// `OSCE`, `CSOs`: two or more capitals, and perhaps a plural `s`.
fn is_acronym(word: &str) -> bool {
    let stem = word.strip_suffix('s').unwrap_or(word);
    stem.chars().nth(1).is_some() && stem.chars().all(char::is_uppercase)
}

/// Typographic apostrophes and hyphens as the dictionaries write them: `’` as `'`, `‐` and `‑`
/// as `-`.
fn normalise(word: &str) -> Cow<'_, str> {
    if word.contains(['’', '\u{2010}', '\u{2011}']) {
        Cow::Owned(word.replace('’', "'").replace(['\u{2010}', '\u{2011}'], "-"))
    } else {
        Cow::Borrowed(word)
    }
}

/// Hyphens that join the parts of a word.
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// The byte ranges of the words in `text`, by Unicode's word boundaries (UAX #29, through
/// unicode-segmentation), so that a letter with combining marks (a decomposed "ć"), an
/// apostrophe inside a word ("don't", "don’t") and scripts of every kind stay in one word.
/// Tailored for spelling in two ways: a full stop or colon inside a word splits it ("e.g" is
/// "e" and "g", a missing space in "end.The" leaves two words to check), and a hyphen with a
/// word on both sides joins them ("B-C"), for the dictionary's compound rules.
fn words(text: &str) -> Vec<Range<usize>> {
    use unicode_segmentation::UnicodeSegmentation as _;
    let mut out: Vec<Range<usize>> = Vec::new();
    // Whether the last segment was a hyphen right after the last word.
    let mut hyphen_after_word = false;
    for (at, segment) in text.split_word_bound_indices() {
        if !segment.chars().any(char::is_alphanumeric) {
            let is_hyphen_run = segment.chars().count() == 1 && segment.chars().all(is_hyphen);
            hyphen_after_word = is_hyphen_run && out.last().is_some_and(|last| last.end == at) && !hyphen_after_word;
            continue;
        }
        let mut first = true;
        for (offset, part) in split_at_stops(segment) {
            let range = at + offset..at + offset + part.len();
            if range.is_empty() {
                continue;
            }
            match out.last_mut() {
                // `B-C`: the hyphen sat between the last word and this one.
                Some(last) if first && hyphen_after_word && last.end + 1 == range.start => last.end = range.end,
                _ => out.push(range),
            }
            first = false;
        }
        hyphen_after_word = false;
    }
    out
}

/// The parts of a word segment between full stops and colons, with their byte offsets.
fn split_at_stops(segment: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    let mut parts = Vec::new();
    for (i, c) in segment.char_indices() {
        if matches!(c, '.' | ':' | '\u{FF0E}' | '\u{FE52}') {
            parts.push((start, &segment[start..i]));
            start = i + c.len_utf8();
        }
    }
    parts.push((start, &segment[start..]));
    parts.into_iter()
}

/// The byte ranges of the addresses in `text`, found by linkify: URLs (`https://…`,
/// `www.…`), e-mail addresses, and bare domain names (`akorda.kz`, `gov.kz/page`) whose
/// top-level domain is two to six lower-case letters, so that a missing space after a full
/// stop (`end.The`) is still two words to check.
fn addresses(text: &str) -> Vec<Range<usize>> {
    let mut finder = linkify::LinkFinder::new();
    finder.url_must_have_scheme(false);
    finder
        .links(text)
        .filter(|link| link.kind() != &linkify::LinkKind::Url || is_address(link.as_str()))
        .map(|link| {
            // linkify leaves the scheme of `mailto:press@osce.org` out of the address.
            let before = &text.as_bytes()[..link.start()];
            let mailto = before.len() >= 7 && before[before.len() - 7..].eq_ignore_ascii_case(b"mailto:");
            let start = if mailto { link.start() - 7 } else { link.start() };
            start..link.end()
        })
        .collect()
}

/// Whether a URL linkify found is one: it has a scheme or starts with `www.`, or its host ends
/// in a top-level domain of two to six lower-case letters.
fn is_address(url: &str) -> bool {
    if url.contains("://") || url.get(..4).is_some_and(|w| w.eq_ignore_ascii_case("www.")) {
        return true;
    }
    let host = url.split(['/', '?', '#', ':']).next().unwrap_or(url);
    host.rsplit('.')
        .next()
        .is_some_and(|tld| (2..=6).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_lowercase()))
}

/// `ranges` sorted and merged where they overlap or touch: disjoint, in order.
fn union(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_unstable_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Whether the word at byte `start` begins a sentence: only white space, opening quotes and
/// brackets and footnote markers stand between it and the start of the text or a `.`, `!`,
/// `?` or `…`.
fn at_sentence_start(text: &str, start: usize, markers: &[Range<usize>]) -> bool {
    let mut end = start;
    loop {
        let before = &text[..end];
        let Some(c) = before.chars().next_back() else { return true };
        // `markers` are in order and disjoint, so their ends are sorted too.
        if c == ']'
            && let Ok(i) = markers.binary_search_by_key(&end, |m| m.end)
        {
            end = markers[i].start;
            continue;
        }
        if c.is_whitespace() || matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '*' | '_') {
            end -= c.len_utf8();
            continue;
        }
        return matches!(c, '.' | '!' | '?' | '…');
    }
}

/// The script of a letter (Unicode's `Script` property); `None` for anything that is not a
/// letter.
fn script(c: char) -> Option<Script> {
    c.is_alphabetic().then(|| c.script())
}

/// The script most letters of a dictionary are in: those of its `TRY` line, else of the start
/// of its word list.
fn dictionary_script(aff: &str, dic: &str) -> Script {
    let try_line = aff.lines().find_map(|l| l.strip_prefix("TRY ")).unwrap_or("");
    let sample: Box<dyn Iterator<Item = char>> = if try_line.chars().any(char::is_alphabetic) {
        Box::new(try_line.chars())
    } else {
        Box::new(dic.lines().skip(1).take(2000).flat_map(|l| l.split('/').next().unwrap_or("").chars()))
    };
    let mut counts: HashMap<Script, usize> = HashMap::new();
    for s in sample.filter_map(script) {
        *counts.entry(s).or_default() += 1;
    }
    counts.into_iter().max_by_key(|&(s, n)| (n, s == Script::Latin)).map_or(Script::Latin, |(s, _)| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checker(words: &[&str], ignored: &[&str], personal: &[&str]) -> Checker {
        let dictionary = Dictionary::bundled().unwrap_or_else(|e| panic!("bundled dictionary: {e}"));
        let spelling = Spelling {
            language: None,
            words: words.iter().map(|w| (*w).to_owned()).collect(),
            ignored: ignored.iter().map(|w| (*w).to_owned()).collect(),
        };
        let personal: Vec<String> = personal.iter().map(|w| (*w).to_owned()).collect();
        Checker::new(dictionary, &spelling, &personal)
    }

    /// The misspelt words of `text`, each with the text its range covers (which must be the
    /// word).
    fn misspelt(c: &Checker, text: &str) -> Vec<(Range<usize>, String)> {
        c.misspelt(text)
            .into_iter()
            .map(|m| {
                assert_eq!(&text[m.range.clone()], m.word);
                (m.range, m.word)
            })
            .collect()
    }

    fn words_of(found: &[(Range<usize>, String)]) -> Vec<&str> {
        found.iter().map(|(_, w)| w.as_str()).collect()
    }

    #[test]
    fn union_merges_overlapping_and_touching_ranges_in_order() {
        assert_eq!(union(vec![8..9, 0..2, 1..4, 4..5, 10..12, 11..11]), [0..5, 8..9, 10..12]);
    }

    /// Words inside markers and addresses are skipped, and a word after a run of markers at a
    /// sentence start is still at one, however many markers there are.
    #[test]
    fn long_runs_of_markers_skip_their_labels_and_keep_sentence_starts() {
        let c = checker(&["qwzx"], &[], &[]);
        let text = format!("End.{} Qwzx and qwzx; zzyzq akorda.kz/zzyzq[^zzyzq]", "[^zzyzq]".repeat(50_000));
        let found: Vec<String> = c.misspelt(&text).into_iter().map(|m| m.word).collect();
        assert_eq!(found, ["zzyzq"]);
    }

    #[test]
    fn flags_typos_with_their_byte_ranges() {
        let c = checker(&[], &[], &[]);
        let text = "The goverment ameliorated nothing and recieved praise.";
        assert_eq!(misspelt(&c, text), [(4..13, "goverment".to_owned()), (38..46, "recieved".to_owned())]);
    }

    #[test]
    fn markers_urls_addresses_digits_and_acronyms_pass() {
        let c = checker(&[], &[], &[]);
        let text = "The OSCE and CSOs reported[^12] fraud in 2024, see https://www.osce.org/odihr/kazakhstan, \
                    www.akorda.kz, akorda.kz and press@osce.org; COVID-19 rules[^note-b] eased in Q3.[^3]";
        assert_eq!(misspelt(&c, text), []);
        // A malformed marker is passed over too; the word after it is checked.
        let text = "Fraud [^ab cd] persisted, [^unclosed and the votte was late.";
        assert_eq!(words_of(&misspelt(&c, text)), ["votte"]);
    }

    #[test]
    fn addresses_pass_and_a_missing_space_after_a_full_stop_does_not_make_one() {
        let c = checker(&[], &[], &[]);
        let text = "It endd.Then the votte; see ftp://files.example.org/qzx, mailto:press@osce.org, \
                    (gov.kz/qzx) and www.Qzx.Example.";
        assert_eq!(words_of(&misspelt(&c, text)), ["endd", "votte"]);
    }

    #[test]
    fn a_word_next_to_a_marker_keeps_its_range() {
        let c = checker(&[], &[], &[]);
        let text = "Protests were dispersd.[^4] Arrests folowed[^5][^6].";
        assert_eq!(misspelt(&c, text), [(14..22, "dispersd".to_owned()), (36..43, "folowed".to_owned())]);
    }

    #[test]
    fn apostrophes_straight_and_curly_keep_words_whole() {
        let c = checker(&[], &[], &[]);
        assert_eq!(misspelt(&c, "They don't agree and won’t say; the 'council' met."), []);
        assert_eq!(misspelt(&c, "The parliament’s speaker; the citizens' rights."), []);
        let text = "They dont’t agree.";
        assert_eq!(misspelt(&c, text), [(5..13, "dont’t".to_owned())]);
    }

    #[test]
    fn words_in_another_script_pass_and_mixed_ones_are_flagged() {
        let c = checker(&[], &[], &[]);
        assert_eq!(misspelt(&c, "The Мәжіліс (lower house) and the Сенат met; Ἀθῆναι too."), []);
        // "Kazakhstan" with a Cyrillic "а" (U+0430) in it: a homoglyph, flagged.
        let text = "The Kazakhst\u{430}n rulings.";
        assert_eq!(misspelt(&c, text), [(4..15, "Kazakhst\u{430}n".to_owned())]);
    }

    #[test]
    fn hyphenated_words_are_checked_part_by_part() {
        let c = checker(&["Tokayev"], &[], &[]);
        assert_eq!(misspelt(&c, "A well-known, state-owned, pro-government outlet; the pre-election count."), []);
        assert_eq!(misspelt(&c, "The Tokayev-era reforms."), []);
        let text = "A state-ownd outlet in the pre-Tokaev years.";
        assert_eq!(misspelt(&c, text), [(8..12, "ownd".to_owned()), (31..37, "Tokaev".to_owned())]);
    }

    #[test]
    fn chapter_words_ignored_and_personal_words_pass() {
        let c = checker(&["Majilis", "Tokayev", "maslikhat"], &["Qurultay"], &["Amanat"]);
        let text = "Tokayev's Amanat won the Majilis; the maslikhat and the Qurultay met. Maslikhat \
                    members sat. \"Maslikhat elections\" followed.";
        assert_eq!(misspelt(&c, text), []);
        // Names are matched exactly: a capitalised name never passes in lower case.
        assert_eq!(words_of(&misspelt(&c, "The tokayev cabinet; the majilis.")), ["tokayev", "majilis"]);
        // A lower-case word passes capitalised only at a sentence start.
        assert_eq!(misspelt(&c, "Each Maslikhat sat."), [(5..14, "Maslikhat".to_owned())]);
        // After a marker that ends a sentence, it is a sentence start still.
        assert_eq!(misspelt(&c, "They met.[^2] Maslikhat members sat."), []);
    }

    #[test]
    fn a_chapter_without_words_flags_the_names() {
        let c = checker(&[], &[], &[]);
        let text = "President Tokayev addressed the Qurultay.";
        assert_eq!(words_of(&misspelt(&c, text)), ["Tokayev", "Qurultay"]);
        // A possessive flags the name alone, the word to add or replace.
        let text = "Tokayev’s party and Tokaev's allies; the country's rulers.";
        assert_eq!(misspelt(&c, text), [(0..7, "Tokayev".to_owned()), (22..28, "Tokaev".to_owned())]);
    }

    #[test]
    fn suggestions_for_a_typo_contain_the_word() {
        let c = checker(&["Tokayev"], &[], &[]);
        let s = c.suggest("goverment");
        assert!(s.len() <= MAX_SUGGESTIONS && s.contains(&"government".to_owned()), "{s:?}");
        let s = c.suggest("recieved");
        assert!(s.contains(&"received".to_owned()), "{s:?}");
        // The chapter's own words come first when they are close.
        let s = c.suggest("Tokaev");
        assert_eq!(s.first().map(String::as_str), Some("Tokayev"), "{s:?}");
    }

    #[test]
    fn words_split_on_punctuation_and_keep_inner_joins() {
        let text = "A don't B-C 'quoted' x-- e.g. ––dash";
        let found: Vec<&str> = words(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["A", "don't", "B-C", "quoted", "x", "e", "g", "dash"]);
        let text = "end.The well-known x-y-z a--b -lead";
        let found: Vec<&str> = words(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["end", "The", "well-known", "x-y-z", "a", "b", "lead"]);
    }

    #[test]
    fn a_letter_with_combining_marks_stays_in_its_word() {
        // "Tomić" and "café" as some programs paste them: a base letter and a combining accent.
        let text = "Tomic\u{301} met at the cafe\u{301}, don\u{2019}t ask.";
        let found: Vec<&str> = words(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["Tomic\u{301}", "met", "at", "the", "cafe\u{301}", "don\u{2019}t", "ask"]);
    }

    #[test]
    fn sentence_starts() {
        assert!(at_sentence_start("Word", 0, &[]));
        assert!(at_sentence_start("End. (\"Word", 7, &[]));
        let marker: Vec<Range<usize>> = std::iter::once(4..8).collect();
        assert!(at_sentence_start("End.[^1] Word", 9, &marker));
        assert!(!at_sentence_start("End [^1] Word", 9, &marker));
        assert!(!at_sentence_start("the Word", 4, &[]));
        assert!(!at_sentence_start("end, Word", 5, &[]));
    }

    #[test]
    fn the_bundled_dictionary_is_parsed_once_and_knows_english() {
        let a = Dictionary::bundled().unwrap_or_else(|e| panic!("bundled: {e}"));
        let b = Dictionary::bundled().unwrap_or_else(|e| panic!("bundled: {e}"));
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(a.language(), "en_US");
        assert!(a.check("government") && a.check("don’t") && !a.check("goverment"));
        assert!(BUNDLED_LICENSE.contains("SCOWL"));
    }

    #[test]
    fn dictionaries_list_and_load_from_folders() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let write = |name: &str, text: &[u8]| {
            std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("write {name}: {e}"));
        };
        // A tiny Latin-1 dictionary, one with no word list, and one that does not parse.
        write("xx_XX.aff", b"SET ISO8859-1\nTRY abc\xe9\nSFX S Y 1\nSFX S 0 s .\n");
        write("xx_XX.dic", b"2\ncaf\xe9/S\nbook/S\n");
        write("yy_YY.aff", b"SET UTF-8\n");
        write("zz_ZZ.aff", b"FLAG nonsense\n");
        write("zz_ZZ.dic", b"1\nword\n");
        write("hyph_xx_XX.dic", b"ISO8859-1\n");
        let mut dicts = Dictionaries::in_folders(&[dir.path().to_owned(), dir.path().join("missing")]);
        assert_eq!(dicts.languages().collect::<Vec<_>>(), ["en_US", "xx_XX", "zz_ZZ"]);
        let xx = dicts.load("xx_XX").unwrap_or_else(|e| panic!("xx_XX: {e}"));
        assert!(xx.check("café") && xx.check("books") && !xx.check("cafe"));
        let again = dicts.load("xx_XX").unwrap_or_else(|e| panic!("xx_XX: {e}"));
        assert!(Arc::ptr_eq(&xx, &again));
        assert!(matches!(dicts.load("zz_ZZ"), Err(DictionaryError::Malformed { .. })));
        let Err(unknown) = dicts.load("qq_QQ") else { panic!("qq_QQ loaded") };
        assert_eq!(
            unknown.to_string(),
            "no spelling dictionary for the language \"qq_QQ\" (there are: en_US, xx_XX, zz_ZZ)"
        );
        let english = dicts.for_chapter(&Spelling::default()).unwrap_or_else(|e| panic!("en_US: {e}"));
        assert_eq!(english.origin(), &Origin::Bundled);
    }
}

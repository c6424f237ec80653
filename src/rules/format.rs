//! The TOML shapes of a rule pack (`pack.toml`) and of the settings every layer may carry.

use crate::finding::Severity;
use serde::Deserialize;
use toml::Spanned;

/// `[pack]`: who made the pack and what it is.
#[derive(Debug, Clone, Deserialize)]
pub struct PackMeta {
    pub name: Spanned<String>,
    pub version: Spanned<String>,
    pub description: String,
    #[serde(default)]
    pub license: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub homepage: Option<String>,
}

/// The fields every `[[rule]]` has, whatever its kind.
#[derive(Debug, Clone, Deserialize)]
pub struct RuleCommon {
    pub id: Spanned<String>,
    pub kind: Spanned<String>,
    pub severity: Spanned<Severity>,
    pub message: Spanned<String>,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// Law and section or guidance, with how sure it is ([V], [V2], [K]).
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub scope: ScopeDef,
    #[serde(default)]
    pub example: Vec<ExampleDef>,
    /// A later layer may not switch this rule off.
    #[serde(default)]
    pub locked: bool,
    /// Rules can ship disabled, to be switched on by an organisation.
    #[serde(default = "default_true")]
    pub enabled: bool,
}

fn default_true() -> bool {
    true
}

/// Where a rule applies.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ScopeDef {
    /// Parts the rule reads (body, header, footer, footnote, endnote, comment, textbox, sheet, line).
    #[serde(default)]
    pub parts: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub exclude_parts: Vec<Spanned<String>>,
    /// File globs the rule applies to (matched against the path and the file name).
    #[serde(default)]
    pub files: Vec<Spanned<String>>,
    #[serde(default)]
    pub exclude_files: Vec<Spanned<String>>,
    /// Only under headings matching this pattern (any level of the heading path).
    #[serde(default)]
    pub headings: Option<Spanned<String>>,
    /// Not under headings matching this pattern.
    #[serde(default)]
    pub exclude_headings: Option<Spanned<String>>,
    /// Only in documents of these kinds: word, sheet, text.
    #[serde(default)]
    pub documents: Vec<Spanned<String>>,
    /// Skip text inside content controls that show placeholder text (supplier response fields).
    #[serde(default)]
    pub skip_placeholders: bool,
}

/// `[[rule.example]]`: a snippet and what the rule must say about it — the pack's own tests.
#[derive(Debug, Clone, Deserialize)]
pub struct ExampleDef {
    /// Example document text: one paragraph per line; `#`, `##` … start headings; inline markup
    /// `<ins>…</ins>`, `<del>…</del>`, `<hidden>…</hidden>`, `<placeholder>…</placeholder>`,
    /// `<comment author="…" text="…">…</comment>`, `<cell>` table cells with `|` (see examples module).
    #[serde(default)]
    pub text: Option<Spanned<String>>,
    /// A spreadsheet example: rows of cells, the first row the header row.
    #[serde(default)]
    pub rows: Option<Spanned<Vec<Vec<String>>>>,
    /// The sheet name for `rows` (default "Blad1").
    #[serde(default)]
    pub sheet: Option<String>,
    /// The file name the example pretends to have (for file globs), default `exempel.docx`.
    #[serde(default)]
    pub file: Option<String>,
    /// Document properties for the example: author, last_modified_by, company, title.
    #[serde(default)]
    pub properties: Option<toml::Table>,
    /// The check date for the example (YYYY-MM-DD), default the run's as-of date.
    #[serde(default)]
    pub as_of: Option<Spanned<String>>,
    /// How many findings the rule must give.
    #[serde(default)]
    pub findings: Option<Spanned<usize>>,
    /// The exact matched texts the rule must give, in order.
    #[serde(default)]
    pub matches: Option<Spanned<Vec<String>>>,
    /// A substring every finding's message must contain.
    #[serde(default)]
    pub message_contains: Option<String>,
    /// The severity every finding must have (e.g. `info` for a rule's "could not compare" finding).
    #[serde(default)]
    pub severity: Option<crate::finding::Severity>,
}

/// `[[policy]]`: one governing document in an organisation's register.
#[derive(Debug, Clone, Deserialize)]
pub struct PolicyDef {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub status: Spanned<PolicyStatus>,
    #[serde(default)]
    pub replaced_by: Option<Spanned<String>>,
    #[serde(default)]
    pub decided: Option<String>,
    #[serde(default)]
    pub decided_by: Option<String>,
    #[serde(default)]
    pub dnr: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PolicyStatus {
    Current,
    Retired,
}

/// `[[limit]]`: one value of a named limit for one period (a threshold, an organisation's own limit).
#[derive(Debug, Clone, Deserialize)]
pub struct LimitDef {
    /// The limit's name, shared by its periods (`lou-direktupphandling`).
    pub name: Spanned<String>,
    /// What people call it, in Swedish (`direktupphandlingsgränsen enligt LOU`).
    #[serde(default)]
    pub label: Option<String>,
    /// The value in `currency`; give either this or `pbb`.
    #[serde(default)]
    pub value: Option<Spanned<f64>>,
    /// `SEK` (default) or `EUR`. A name may have periods in both currencies (an EU threshold in euro
    /// and, where it was published, in kronor); periods of one currency must not overlap.
    #[serde(default = "default_currency")]
    pub currency: Spanned<String>,
    /// First day in force (YYYY-MM-DD).
    pub valid_from: Spanned<toml::value::Datetime>,
    /// Last day in force; open when absent.
    #[serde(default)]
    pub valid_to: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    pub source: Option<String>,
    /// For a value in prisbasbelopp: the number of pbb (the value is then computed per year).
    #[serde(default)]
    pub pbb: Option<f64>,
}

fn default_currency() -> Spanned<String> {
    Spanned::new(0..0, "SEK".to_string())
}

/// A severity or "off", as a layer writes it for a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

impl From<Severity> for Level {
    fn from(severity: Severity) -> Level {
        match severity {
            Severity::Info => Level::Info,
            Severity::Warning => Level::Warning,
            Severity::Error => Level::Error,
        }
    }
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

/// `[[fact]]`: a kind of fact a document states — a deadline, a contract period, a value — found after
/// a label (`Sista anbudsdag: 2027-03-15`) and compared by `consistency` rules.
#[derive(Debug, Clone, Deserialize)]
pub struct FactDef {
    /// The fact's name, used by rules (`sista-anbudsdag`).
    pub name: Spanned<String>,
    /// Case-insensitive regex for the words that introduce the value.
    pub label: Spanned<String>,
    /// What the value is: date, period, duration, amount, text, or label (the label itself).
    pub value: Spanned<String>,
    /// What people call it, in Swedish, for messages (`sista anbudsdag`).
    pub description: String,
    /// For text values: a regex the value must match right after the label (e.g. a reference number).
    #[serde(default)]
    pub pattern: Option<Spanned<String>>,
    /// Documents stating different values of this fact belong to different procurements: a folder
    /// holding several is not treated as one tender package. `true`: a document's mentions must all
    /// agree (a reference number; a register naming several has none); `"first"`: its first mention
    /// decides (what is bought, from the title).
    #[serde(default)]
    pub identity: Identity,
}

/// How a fact tells procurements apart (`identity` of a `[[fact]]`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Identity {
    /// It does not.
    #[default]
    No,
    /// By the value all of a document's mentions agree on.
    Agreed,
    /// By the value of a document's first mention.
    First,
}

impl<'de> Deserialize<'de> for Identity {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Flag(bool),
            Mode(String),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Flag(false) => Ok(Identity::No),
            Raw::Flag(true) => Ok(Identity::Agreed),
            Raw::Mode(mode) if mode == "first" => Ok(Identity::First),
            Raw::Mode(other) => Err(serde::de::Error::custom(format!(
                "identity is true, false or \"first\", not \"{other}\""
            ))),
        }
    }
}

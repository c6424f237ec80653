//! Turning what a check saw into findings: message placeholders, character offsets, context, fingerprints.

use super::RuleMeta;
use crate::finding::{Finding, Related, Severity};
use crate::model::{Document, Location};
use sha2::{Digest, Sha256};

/// Collects the findings of one rule in one document.
pub struct Emitter<'a> {
    doc: &'a Document,
    meta: &'a RuleMeta,
    severity: Severity,
    out: &'a mut Vec<Finding>,
    /// Findings `out` may hold; past it findings are only counted (memory stays bounded however many
    /// matches a document holds).
    limit: usize,
    dropped: usize,
}

impl<'a> Emitter<'a> {
    pub fn new(
        doc: &'a Document,
        meta: &'a RuleMeta,
        severity: Severity,
        out: &'a mut Vec<Finding>,
    ) -> Self {
        Emitter {
            doc,
            meta,
            severity,
            out,
            limit: usize::MAX,
            dropped: 0,
        }
    }

    /// Stops keeping findings once `out` holds `limit`; the rest are counted (`dropped`).
    pub fn with_limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    /// Findings counted but not kept because of the limit.
    pub fn dropped(&self) -> usize {
        self.dropped
    }

    /// A finding on `range` (bytes) of block `block`.
    pub fn at(&mut self, block: usize, range: std::ops::Range<usize>) -> FindingBuilder<'_, 'a> {
        FindingBuilder::new(self, Some(block), range)
    }

    /// A finding about the document as a whole, shown at its first block when it has one.
    pub fn document(&mut self) -> FindingBuilder<'_, 'a> {
        FindingBuilder::new(self, None, 0..0)
    }

    /// A finding at a place that has no block of its own, such as an empty spreadsheet cell.
    pub fn at_location(&mut self, location: Location) -> FindingBuilder<'_, 'a> {
        let mut builder = FindingBuilder::new(self, None, 0..0);
        builder.location = Some(location);
        builder
    }

    pub fn doc(&self) -> &Document {
        self.doc
    }

    pub fn meta(&self) -> &RuleMeta {
        self.meta
    }
}

/// Optional parts of a finding, then `push`.
pub struct FindingBuilder<'e, 'a> {
    emitter: &'e mut Emitter<'a>,
    block: Option<usize>,
    range: std::ops::Range<usize>,
    vars: Vec<(String, String)>,
    suggestion: Option<String>,
    related: Vec<Related>,
    severity: Option<Severity>,
    fingerprint_key: Option<String>,
    location: Option<Location>,
    message: Option<String>,
    help: Option<Option<String>>,
}

impl<'e, 'a> FindingBuilder<'e, 'a> {
    fn new(
        emitter: &'e mut Emitter<'a>,
        block: Option<usize>,
        range: std::ops::Range<usize>,
    ) -> Self {
        FindingBuilder {
            emitter,
            block,
            range,
            vars: Vec::new(),
            suggestion: None,
            related: Vec::new(),
            severity: None,
            fingerprint_key: None,
            location: None,
            message: None,
            help: None,
        }
    }

    /// A message template other than the rule's (e.g. "could not compare"), with the same placeholders.
    pub fn message(mut self, template: impl Into<String>) -> Self {
        self.message = Some(template.into());
        self
    }

    /// Help other than the rule's; None for no help.
    pub fn help(mut self, help: Option<String>) -> Self {
        self.help = Some(help);
        self
    }

    /// A value for a `{name}` placeholder in the message and help.
    pub fn var(mut self, name: &str, value: impl Into<String>) -> Self {
        self.vars.push((name.to_string(), value.into()));
        self
    }

    /// The suggested wording; also the `{suggestion}` placeholder.
    pub fn suggestion(mut self, text: impl Into<String>) -> Self {
        let text = text.into();
        self.vars.push(("suggestion".into(), text.clone()));
        self.suggestion = Some(text);
        self
    }

    pub fn related(mut self, path: &str, location: Location, message: impl Into<String>) -> Self {
        self.related.push(Related {
            path: path.to_string(),
            location,
            message: message.into(),
        });
        self
    }

    /// A severity other than the rule's (e.g. a summary finding at info).
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = Some(severity.min(self.emitter.severity));
        self
    }

    /// Identity for the fingerprint of a document-level finding (default: the message).
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.fingerprint_key = Some(key.into());
        self
    }

    pub fn push(self) {
        if self.emitter.out.len() >= self.emitter.limit {
            self.emitter.dropped = self.emitter.dropped.saturating_add(1);
            return;
        }
        let doc = self.emitter.doc;
        let meta = self.emitter.meta;
        let block = self.block.and_then(|i| doc.blocks.get(i).map(|b| (i, b)));
        let (text, location) = match (block, self.location) {
            (Some((_, b)), _) => (b.text.as_str(), b.location.clone()),
            (None, Some(location)) => ("", location),
            (None, None) => ("", document_location(doc)),
        };
        let start = floor_boundary(text, self.range.start);
        let end = floor_boundary(text, self.range.end.max(start));
        let matched = text.get(start..end).unwrap_or("").to_string();
        let mut vars = self.vars;
        vars.push(("match".into(), matched.clone()));
        let message = fill(self.message.as_deref().unwrap_or(&meta.message), &vars);
        let context = context_window(text, start, end);
        let help = match self.help {
            Some(help) => help.map(|h| fill(&h, &vars)),
            None => meta.help.as_deref().map(|h| fill(h, &vars)),
        };
        let fingerprint_basis = match (&self.fingerprint_key, block) {
            (Some(key), _) => key.clone(),
            (None, Some(_)) => surrounding_words(text, start, end),
            (None, None) => message.clone(),
        };
        self.emitter.out.push(Finding {
            rule: meta.id.clone(),
            severity: self.severity.unwrap_or(self.emitter.severity),
            message,
            path: doc.path.clone(),
            location,
            start: char_offset(text, start),
            end: char_offset(text, end),
            context: context.0,
            context_range: context.1,
            matched: matched.clone(),
            suggestion: self.suggestion,
            help,
            source: meta.source.clone(),
            url: meta.url.clone(),
            related: self.related,
            fingerprint: fingerprint(&meta.id, &matched, &fingerprint_basis),
            block: block.map(|(i, _)| i),
            byte_range: (start, end),
        });
    }
}

/// Where a document-level finding is shown: the first body block, else nothing in particular.
fn document_location(doc: &Document) -> Location {
    doc.blocks
        .first()
        .map(|b| Location {
            paragraph: 0,
            heading: Vec::new(),
            table: None,
            label: None,
            ..b.location.clone()
        })
        .unwrap_or_default()
}

/// Replaces `{name}` with its value; unknown placeholders stay as written.
pub fn fill(template: &str, vars: &[(String, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match vars.iter().rev().find(|(k, _)| k == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholder names a template uses.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    names
}

fn floor_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Character offset of a byte offset (columns count characters, not bytes: åäö).
pub fn char_offset(text: &str, byte: usize) -> usize {
    text.get(..byte).map(|s| s.chars().count()).unwrap_or(0)
}

const CONTEXT_CHARS: usize = 120;

/// The block text, or a window of it around the match when the block is long, with the match's byte
/// range inside the returned text.
pub fn context_window(text: &str, start: usize, end: usize) -> (String, (usize, usize)) {
    if text.chars().count() <= 2 * CONTEXT_CHARS + 40 {
        return (text.to_string(), (start, end));
    }
    let from = text[..start]
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS)
        .map(|(i, _)| i)
        .unwrap_or(0);
    let to = text[end..]
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map(|(i, _)| end + i)
        .unwrap_or(text.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let shift = out.len();
    out.push_str(&text[from..to]);
    if to < text.len() {
        out.push('…');
    }
    (out, (start - from + shift, end - from + shift))
}

/// Up to four words on each side of the match, normalised: what identifies a finding across edits.
fn surrounding_words(text: &str, start: usize, end: usize) -> String {
    let before: Vec<&str> = text[..start].split_whitespace().rev().take(4).collect();
    let after: Vec<&str> = text[end..].split_whitespace().take(4).collect();
    let mut words: Vec<&str> = before.into_iter().rev().collect();
    words.push("\u{1}");
    words.extend(after);
    normalise(&words.join(" "))
}

fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A stable identity from rule, normalised match and the words around it — never paragraph numbers,
/// so inserting text elsewhere keeps old findings recognisable.
pub fn fingerprint(rule: &str, matched: &str, basis: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(rule.as_bytes());
    hasher.update([0]);
    hasher.update(normalise(matched).as_bytes());
    hasher.update([0]);
    hasher.update(basis.as_bytes());
    let digest = hasher.finalize();
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Makes fingerprints unique within a file: repeated identical findings get `:2`, `:3`…
pub fn disambiguate(findings: &mut [Finding]) {
    let mut seen: std::collections::HashMap<(String, String), usize> =
        std::collections::HashMap::new();
    for finding in findings.iter_mut() {
        let count = seen
            .entry((finding.path.clone(), finding.fingerprint.clone()))
            .or_insert(0);
        *count += 1;
        if *count > 1 {
            finding.fingerprint = format!("{}:{}", finding.fingerprint, count);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_placeholders_only() {
        let vars = vec![
            ("match".to_string(), "skall".to_string()),
            ("suggestion".to_string(), "ska".to_string()),
        ];
        assert_eq!(
            fill("Skriv '{suggestion}' i stället för '{match}'.", &vars),
            "Skriv 'ska' i stället för 'skall'."
        );
        assert_eq!(fill("{okänd} {", &vars), "{okänd} {");
        assert_eq!(placeholders("{a} och {b}"), vec!["a", "b"]);
    }

    #[test]
    fn fingerprints_ignore_position_but_not_neighbours() {
        let a = surrounding_words("Inledning. Leverantören skall leverera varor.", 24, 29);
        let b = surrounding_words("Leverantören skall leverera varor.", 13, 18);
        assert_ne!(a, b);
        let c = surrounding_words("Leverantören skall leverera varor.", 13, 18);
        assert_eq!(fingerprint("r", "skall", &b), fingerprint("r", "Skall", &c));
    }

    #[test]
    fn context_windows_respect_char_boundaries() {
        let text = "å".repeat(400) + "MATCH" + &"ö".repeat(400);
        let start = text.find("MATCH").unwrap();
        let (window, (s, e)) = context_window(&text, start, start + 5);
        assert!(window.starts_with('…') && window.ends_with('…'));
        assert_eq!(&window[s..e], "MATCH");
    }
}

//! Where a rule applies: parts, file globs, headings, document kinds, placeholder fields.

use super::regex_util::PackRegex;
use super::regex_util::compile_pattern;
use crate::model::{Block, DocKind, MarkKind, Part};
use crate::rules::diagnostic::{PackDiagnostic, SourceFile};
use crate::rules::format::ScopeDef;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::Path;

/// The parts text rules read unless a scope says otherwise: everything a reader of the document sees.
/// Reviewer comments are left out (the publishing rules report them as such).
pub const DEFAULT_TEXT_PARTS: &[Part] = &[
    Part::Body,
    Part::Header,
    Part::Footer,
    Part::Footnote,
    Part::Endnote,
    Part::Textbox,
    Part::Sheet,
    Part::Line,
];

#[derive(Debug, Clone)]
pub struct Scope {
    parts: Vec<Part>,
    files: Option<GlobSet>,
    exclude_files: Option<GlobSet>,
    headings: Option<PackRegex>,
    exclude_headings: Option<PackRegex>,
    documents: Vec<DocKind>,
    skip_placeholders: bool,
}

impl Default for Scope {
    fn default() -> Self {
        Scope {
            parts: DEFAULT_TEXT_PARTS.to_vec(),
            files: None,
            exclude_files: None,
            headings: None,
            exclude_headings: None,
            documents: Vec::new(),
            skip_placeholders: false,
        }
    }
}

impl Scope {
    pub fn compile(
        def: &ScopeDef,
        source: &SourceFile,
        problems: &mut Vec<PackDiagnostic>,
    ) -> Scope {
        let mut scope = Scope::default();
        if let Some(parts) = &def.parts {
            scope.parts = parse_parts(parts, source, problems);
        }
        let excluded = parse_parts(&def.exclude_parts, source, problems);
        scope.parts.retain(|p| !excluded.contains(p));
        scope.files = globs(&def.files, source, problems);
        scope.exclude_files = globs(&def.exclude_files, source, problems);
        scope.headings = def
            .headings
            .as_ref()
            .and_then(|h| compile_pattern(h, source, problems));
        scope.exclude_headings = def
            .exclude_headings
            .as_ref()
            .and_then(|h| compile_pattern(h, source, problems));
        scope.documents = def
            .documents
            .iter()
            .filter_map(|d| match d.get_ref().as_str() {
                "word" => Some(DocKind::Word),
                "sheet" => Some(DocKind::Sheet),
                "text" => Some(DocKind::Text),
                other => {
                    problems.push(
                        PackDiagnostic::at(
                            source,
                            d.span(),
                            format!("unknown document kind `{other}`"),
                        )
                        .with_help("use word, sheet or text"),
                    );
                    None
                }
            })
            .collect();
        scope.skip_placeholders = def.skip_placeholders;
        scope
    }

    /// Whether the rule applies to this file at all.
    pub fn allows_file(&self, path: &str, kind: DocKind) -> bool {
        if !self.documents.is_empty() && !self.documents.contains(&kind) {
            return false;
        }
        let candidates = glob_candidates(path);
        if let Some(files) = &self.files
            && !candidates.iter().any(|c| files.is_match(c))
        {
            return false;
        }
        if let Some(exclude) = &self.exclude_files
            && candidates.iter().any(|c| exclude.is_match(c))
        {
            return false;
        }
        true
    }

    /// Whether the rule reads this block (part and heading).
    pub fn allows_block(&self, block: &Block) -> bool {
        let part = block.location.part.unwrap_or(Part::Body);
        if !self.parts.contains(&part) {
            return false;
        }
        let headings = &block.location.heading;
        if let Some(pattern) = &self.headings
            && !headings.iter().any(|h| pattern.is_match(h))
        {
            return false;
        }
        if let Some(pattern) = &self.exclude_headings
            && headings.iter().any(|h| pattern.is_match(h))
        {
            return false;
        }
        true
    }

    /// Whether a match at `start..end` of an allowed block counts (placeholder fields may be skipped).
    pub fn allows_range(&self, block: &Block, start: usize, end: usize) -> bool {
        !(self.skip_placeholders && block.is_marked(MarkKind::Placeholder, start, end))
    }

    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    pub fn headings(&self) -> Option<&PackRegex> {
        self.headings.as_ref()
    }
}

fn parse_parts(
    names: &[toml::Spanned<String>],
    source: &SourceFile,
    problems: &mut Vec<PackDiagnostic>,
) -> Vec<Part> {
    names
        .iter()
        .filter_map(|name| {
            let part = Part::parse(name.get_ref());
            if part.is_none() {
                let valid: Vec<&str> = Part::ALL.iter().map(|p| p.as_str()).collect();
                problems.push(
                    PackDiagnostic::at(
                        source,
                        name.span(),
                        format!("unknown part `{}`", name.get_ref()),
                    )
                    .with_help(format!("parts: {}", valid.join(", "))),
                );
            }
            part
        })
        .collect()
}

/// Compiles globs; a glob without '/' matches the file name in any folder.
pub fn globs(
    patterns: &[toml::Spanned<String>],
    source: &SourceFile,
    problems: &mut Vec<PackDiagnostic>,
) -> Option<GlobSet> {
    if patterns.is_empty() {
        return None;
    }
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        match Glob::new(pattern.get_ref()) {
            Ok(glob) => {
                builder.add(glob);
            }
            Err(e) => problems.push(PackDiagnostic::at(
                source,
                pattern.span(),
                format!("invalid glob: {e}"),
            )),
        }
    }
    builder.build().ok()
}

/// The strings a glob is matched against: the path as given, without a leading `./`, and the file name.
pub fn glob_candidates(path: &str) -> Vec<String> {
    let normalised = path.replace('\\', "/");
    let trimmed = normalised.trim_start_matches("./").to_string();
    let name = Path::new(&trimmed)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_string();
    vec![normalised, trimmed, name]
}

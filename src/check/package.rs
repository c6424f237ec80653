//! Tender packages: which checked documents belong together, and findings that compare their facts.
//!
//! A package is the files of one `[[package]]` in `upplint.toml`, or else the files of one folder.
//! A folder whose documents state different reference numbers or subjects (facts declared with
//! `identity = true`) holds several procurements, not one package: its documents are then grouped by
//! those values, one identity fact after the other, and those stating none are compared with nothing. Only each document's small [`Facts`] are needed,
//! so the documents themselves are long gone when packages are compared.

use super::RuleMeta;
use super::emit::{fill, fingerprint};
use super::facts::{Fact, Facts};
use crate::finding::{Finding, Related, Severity};
use crate::model::{DocKind, Location, Part};
use crate::rules::Loaded;
use crate::rules::diagnostic::PackDiagnostic;
use crate::rules::format::Identity;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};

/// A `[[package]]` of the config, its file globs compiled.
#[derive(Debug, Clone)]
pub struct PackageDefinition {
    pub name: String,
    pub files: GlobSet,
    /// The config's folder: globs also match paths relative to it.
    pub base: Option<PathBuf>,
}

/// Compiles the config's `[[package]]` globs: matched like `[[override]]` globs (the path as given, or
/// the file name), and also against the path relative to the folder of `upplint.toml`.
pub fn compile_packages(
    loaded: &Loaded,
    problems: &mut Vec<PackDiagnostic>,
) -> Vec<PackageDefinition> {
    let Some(config) = &loaded.config else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for def in &config.file.package {
        let mut builder = GlobSetBuilder::new();
        for pattern in &def.files {
            match Glob::new(pattern) {
                Ok(glob) => {
                    builder.add(glob);
                }
                Err(e) => problems.push(PackDiagnostic::file(
                    &config.source.name,
                    format!(
                        "invalid glob `{pattern}` in [[package]] `{}`: {e}",
                        def.name
                    ),
                )),
            }
        }
        if let Ok(files) = builder.build() {
            out.push(PackageDefinition {
                name: def.name.clone(),
                files,
                base: std::path::absolute(&config.dir).ok(),
            });
        }
    }
    out
}

/// The packages among the checked documents, as indices into `docs`; each has at least two members.
pub fn group_packages(
    docs: &[Facts],
    definitions: &[PackageDefinition],
    identity_kinds: &[(usize, Identity)],
) -> Vec<Vec<usize>> {
    let mut assigned = vec![false; docs.len()];
    let mut packages = Vec::new();
    for definition in definitions {
        let members: Vec<usize> = (0..docs.len())
            .filter(|&i| {
                !assigned.get(i).copied().unwrap_or(true)
                    && docs
                        .get(i)
                        .is_some_and(|d| in_definition(&d.path, definition))
            })
            .collect();
        for &i in &members {
            if let Some(slot) = assigned.get_mut(i) {
                *slot = true;
            }
        }
        packages.push(members);
    }
    for folder in folders(docs, &assigned) {
        packages.extend(split_by_identity(docs, folder, identity_kinds));
    }
    packages.retain(|p| p.len() >= 2);
    packages
}

fn in_definition(path: &str, definition: &PackageDefinition) -> bool {
    let mut candidates = super::scope::glob_candidates(path);
    if let Some(relative) = relative_to(path, definition.base.as_deref()) {
        candidates.push(relative);
    }
    candidates.iter().any(|c| definition.files.is_match(c))
}

/// `path` relative to `base`, with forward slashes, when it lies under it.
fn relative_to(path: &str, base: Option<&Path>) -> Option<String> {
    let absolute = std::path::absolute(path).ok()?;
    let relative = absolute.strip_prefix(base?).ok()?;
    Some(relative.to_string_lossy().replace('\\', "/"))
}

/// Unassigned Word and spreadsheet documents grouped by their parent folder, in first-seen order.
/// Plain-text files (notes, READMEs, prose) are not parts of a tender package unless a config
/// `[[package]]` names them: a folder of unrelated texts must not be compared as one tender.
fn folders(docs: &[Facts], assigned: &[bool]) -> Vec<Vec<usize>> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        if assigned.get(i).copied().unwrap_or(true) || doc.kind == DocKind::Text {
            continue;
        }
        let folder = parent_folder(&doc.path);
        match groups.iter_mut().find(|(f, _)| *f == folder) {
            Some((_, members)) => members.push(i),
            None => groups.push((folder, vec![i])),
        }
    }
    groups.into_iter().map(|(_, members)| members).collect()
}

fn parent_folder(path: &str) -> String {
    let normalised = path.replace('\\', "/");
    Path::new(&normalised)
        .parent()
        .map(|p| p.to_string_lossy().trim_start_matches("./").to_string())
        .unwrap_or_default()
}

/// One folder: a single package when its documents state at most one value of each identity fact
/// (reference number, what is bought); otherwise one group per value, leaving out documents that state
/// none. Identity facts split in turn: a folder of two procurements without reference numbers is still
/// told apart by their subjects.
fn split_by_identity(
    docs: &[Facts],
    folder: Vec<usize>,
    identity_kinds: &[(usize, Identity)],
) -> Vec<Vec<usize>> {
    let mut groups = vec![folder];
    for &identity in identity_kinds {
        groups = groups
            .into_iter()
            .flat_map(|group| split_by_kind(docs, group, identity))
            .collect();
    }
    groups
}

/// One group split by the values of one identity fact.
fn split_by_kind(
    docs: &[Facts],
    group: Vec<usize>,
    (kind, mode): (usize, Identity),
) -> Vec<Vec<usize>> {
    let mut split: Vec<(&Fact, Vec<usize>)> = Vec::new();
    for &i in &group {
        let Some(identity) = docs.get(i).and_then(|d| identity_of(d, kind, mode)) else {
            continue;
        };
        match split.iter_mut().find(|(f, _)| f.same_value(identity)) {
            Some((_, members)) => members.push(i),
            None => split.push((identity, vec![i])),
        }
    }
    if split.len() <= 1 {
        return vec![group];
    }
    split.into_iter().map(|(_, members)| members).collect()
}

/// A document's value of one identity fact: its first mention, or, for `Identity::Agreed`, the value
/// all its mentions agree on (a register listing many procurements, or a document also citing another
/// case's number, has none).
fn identity_of(doc: &Facts, kind: usize, mode: Identity) -> Option<&Fact> {
    let mut mentions = doc.items.iter().filter(|f| f.kind == kind);
    let first = mentions.next()?;
    match mode {
        Identity::No => None,
        Identity::First => Some(first),
        Identity::Agreed => mentions.all(|m| m.same_value(first)).then_some(first),
    }
}

/// Collects the findings of one rule across one package.
pub struct PackageEmitter<'a> {
    meta: &'a RuleMeta,
    /// The rule's severity in each document of the package (by path), after per-file overrides.
    severities: Vec<(String, Severity)>,
    out: &'a mut Vec<Finding>,
}

impl<'a> PackageEmitter<'a> {
    pub fn new(
        meta: &'a RuleMeta,
        severities: Vec<(String, Severity)>,
        out: &'a mut Vec<Finding>,
    ) -> Self {
        PackageEmitter {
            meta,
            severities,
            out,
        }
    }

    pub fn meta(&self) -> &RuleMeta {
        self.meta
    }

    /// A finding at `fact` in document `doc`, with message placeholders and the other places.
    pub fn push(
        &mut self,
        doc: &Facts,
        fact: &Fact,
        mut vars: Vec<(String, String)>,
        related: Vec<Related>,
    ) {
        let severity = self
            .severities
            .iter()
            .find(|(path, _)| *path == doc.path)
            .map(|(_, s)| *s)
            .unwrap_or(self.meta.severity);
        vars.push(("match".into(), fact.text.clone()));
        let others: Vec<&str> = related.iter().map(|r| r.path.as_str()).collect();
        let basis = format!("{}\u{1}{}", fact.name, others.join("\u{1}"));
        self.out.push(Finding {
            rule: self.meta.id.clone(),
            severity,
            message: fill(&self.meta.message, &vars),
            path: doc.path.clone(),
            location: fact.location.clone(),
            start: fact.excerpt.chars.0,
            end: fact.excerpt.chars.1,
            matched: fact.text.clone(),
            context: fact.excerpt.context.clone(),
            suggestion: None,
            help: self.meta.help.as_deref().map(|h| fill(h, &vars)),
            source: self.meta.source.clone(),
            url: self.meta.url.clone(),
            related,
            fingerprint: fingerprint(&self.meta.id, &fact.text, &basis),
            block: Some(fact.block),
            byte_range: (fact.span.start, fact.span.end),
            context_range: fact.excerpt.context_range,
        });
    }
}

/// A short place for a message: `¶14`, `sidfot ¶1`, `Priser!C12`, `rad 3`.
pub fn short_place(location: &Location) -> String {
    match location.part {
        Some(Part::Sheet) => format!(
            "{}!{}",
            location.sheet.as_deref().unwrap_or("?"),
            location.cell.as_deref().unwrap_or("")
        ),
        Some(Part::Line) => format!("rad {}", location.line.unwrap_or(location.paragraph)),
        Some(Part::Body) | None => format!("¶{}", location.paragraph),
        Some(part) => format!("{} ¶{}", part.swedish(), location.paragraph),
    }
}

/// A place in another document: `avtalsutkast.docx, ¶7`.
pub fn place_in(path: &str, location: &Location) -> String {
    let name = Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path);
    format!("{name}, {}", short_place(location))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::facts::{Excerpt, FactValue};

    fn doc(path: &str, reference: Option<&str>) -> Facts {
        let mut facts = Facts::empty(path, DocKind::Word);
        if let Some(reference) = reference {
            facts.items.push(Fact {
                name: "diarienummer".into(),
                value: FactValue::Text {
                    value: reference.into(),
                },
                text: reference.into(),
                location: Location::body(1),
                block: 0,
                span: 0..reference.len(),
                kind: 0,
                excerpt: Excerpt::default(),
            });
        }
        facts
    }

    #[test]
    fn a_folder_is_a_package_unless_it_holds_several_reference_numbers() {
        let docs = vec![
            doc("paket/a.docx", None),
            doc("paket/b.docx", None),
            doc("blandat/c.docx", Some("KS 2026/1")),
            doc("blandat/d.docx", Some("KS 2026/2")),
            doc("blandat/e.docx", None),
            doc("blandat/f.docx", Some("ks2026/1")),
            doc("ensam/g.docx", None),
        ];
        let packages = group_packages(&docs, &[], &[(0, Identity::Agreed)]);
        assert_eq!(packages, vec![vec![0, 1], vec![2, 5]]);
    }

    fn with_subject(mut facts: Facts, subject: &str) -> Facts {
        facts.items.push(Fact {
            name: "foremal".into(),
            value: FactValue::Text {
                value: subject.into(),
            },
            text: subject.into(),
            location: Location::body(1),
            block: 0,
            span: 0..subject.len(),
            kind: 1,
            excerpt: Excerpt::default(),
        });
        facts
    }

    #[test]
    fn identity_facts_split_in_turn() {
        let docs = vec![
            with_subject(doc("mapp/a.docx", None), "Skolskjuts"),
            with_subject(doc("mapp/b.docx", None), "skolskjuts"),
            with_subject(doc("mapp/c.docx", None), "Lokalvård"),
            doc("mapp/d.docx", None),
            with_subject(doc("dnr/e.docx", Some("KS 2026/1")), "Skolskjuts"),
            with_subject(doc("dnr/f.docx", Some("KS 2026/1")), "Färdtjänst"),
            doc("dnr/g.docx", Some("KS 2026/1")),
        ];
        // mapp: two subjects, so the document stating none is left out; dnr: one number, two subjects.
        assert_eq!(
            group_packages(&docs, &[], &[(0, Identity::Agreed), (1, Identity::First)]),
            vec![vec![0, 1]]
        );
        // Without subjects, one reference number makes one package.
        assert_eq!(
            group_packages(&docs, &[], &[(0, Identity::Agreed)]),
            vec![vec![0, 1, 2, 3], vec![4, 5, 6]]
        );
    }

    #[test]
    fn plain_text_files_are_not_folder_package_members() {
        let docs = vec![
            Facts::empty("prosa/a.txt", DocKind::Text),
            Facts::empty("prosa/b.txt", DocKind::Text),
            doc("prosa/c.docx", None),
            doc("prosa/d.docx", None),
        ];
        assert_eq!(
            group_packages(&docs, &[], &[(0, Identity::Agreed)]),
            vec![vec![2, 3]]
        );
    }

    #[test]
    fn a_document_naming_several_reference_numbers_has_no_identity() {
        let mut register = doc("register/a.xlsx", Some("KS 2026/1"));
        let second = doc("x", Some("KS 2026/2")).items;
        register.items.extend(second);
        let docs = vec![register, doc("register/b.docx", Some("KS 2026/3"))];
        assert_eq!(
            group_packages(&docs, &[], &[(0, Identity::Agreed)]),
            vec![vec![0, 1]]
        );
    }

    #[test]
    fn config_packages_take_their_files_first() {
        let docs = vec![
            doc("x/a.docx", None),
            doc("y/b.docx", None),
            doc("y/c.docx", None),
        ];
        let mut builder = GlobSetBuilder::new();
        builder.add(Glob::new("x/a.docx").unwrap());
        builder.add(Glob::new("b.docx").unwrap());
        let definition = PackageDefinition {
            name: "p".into(),
            files: builder.build().unwrap(),
            base: None,
        };
        assert_eq!(group_packages(&docs, &[definition], &[]), vec![vec![0, 1]]);
    }

    #[test]
    fn places_are_short() {
        assert_eq!(short_place(&Location::body(14)), "¶14");
        assert_eq!(short_place(&Location::cell("Priser", 11, 2)), "Priser!C12");
        assert_eq!(
            place_in("paket/avtal.docx", &Location::body(7)),
            "avtal.docx, ¶7"
        );
    }
}

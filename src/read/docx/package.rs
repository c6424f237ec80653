//! Safe access to the zip package: part lookup by name, size and ratio checks before inflating, relationships.

use super::xml::{self, Flow, Ns, Sink};
use crate::read::opc::{rels_part_name, resolve_target};
use crate::read::source::{Input, Source};
use crate::read::zip_guard::{check_entry_size, zip_error};
use crate::read::{Limits, ReadError};
use quick_xml::events::BytesStart;
use std::collections::HashMap;
use std::io::Read;
use zip::ZipArchive;

/// The fallback main part when neither the relationships nor the content types name one.
pub(super) const DEFAULT_MAIN_PART: &str = "word/document.xml";

pub(super) struct Package {
    archive: ZipArchive<Input>,
    /// Lower-cased part name (no leading `/`) → zip index; OPC part names are case-insensitive.
    index: HashMap<String, usize>,
    /// Part names as stored, in zip order.
    names: Vec<String>,
    limits: Limits,
}

/// One relationship of a part, with its target resolved to a part name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Relationship {
    pub id: String,
    /// The last path segment of the relationship type (`header`, `footnotes`, `officeDocument`…).
    pub kind: String,
    /// The resolved part name, or None for external targets and targets outside the package.
    pub target: Option<String>,
}

impl Package {
    pub fn open(source: &Source<'_>, limits: &Limits) -> Result<Package, ReadError> {
        let archive = ZipArchive::new(source.open()?).map_err(zip_error)?;
        let mut index = HashMap::with_capacity(archive.len());
        let mut names = Vec::with_capacity(archive.len());
        for (i, name) in archive.file_names().enumerate() {
            if let Ok(name) = name {
                let name = name.trim_start_matches('/').to_string();
                index.entry(name.to_ascii_lowercase()).or_insert(i);
                names.push(name);
            }
        }
        Ok(Package {
            archive,
            index,
            names,
            limits: *limits,
        })
    }

    pub fn has_part(&self, name: &str) -> bool {
        self.index.contains_key(&name.to_ascii_lowercase())
    }

    /// The part's text, or None when the package has no such part. Sizes are checked before inflating.
    pub fn read_text(&mut self, name: &str) -> Result<Option<String>, ReadError> {
        match self.read_bytes(name)? {
            Some(bytes) => xml::decode_part(bytes, name).map(Some),
            None => Ok(None),
        }
    }

    fn read_bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
        let Some(&index) = self.index.get(&name.to_ascii_lowercase()) else {
            return Ok(None);
        };
        let entry = self.archive.by_index_data(index).map_err(zip_error)?;
        if entry.encrypted() {
            return Err(ReadError::Encrypted);
        }
        let declared = entry.size();
        let compressed = entry.compressed_size();
        check_entry_size(name, declared, compressed, &self.limits)?;
        let limit = self.limits.max_part_bytes;
        let file = self.archive.by_index(index).map_err(zip_error)?;
        let capacity = usize::try_from(declared.min(limit).min(64 << 20)).unwrap_or(0);
        let mut bytes = Vec::with_capacity(capacity);
        file.take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| ReadError::Corrupt(format!("cannot inflate '{name}': {e}")))?;
        // Declared sizes can lie: check what really came out.
        check_entry_size(name, bytes.len() as u64, compressed, &self.limits)?;
        Ok(Some(bytes))
    }

    /// The relationships of `part` (from its `_rels/*.rels` part); empty when there are none.
    pub fn relationships(&mut self, part: &str) -> Result<Vec<Relationship>, ReadError> {
        let rels_name = rels_part_name(part);
        let Some(text) = self.read_text(&rels_name)? else {
            return Ok(Vec::new());
        };
        let mut sink = RelsSink {
            source: part,
            found: Vec::new(),
        };
        xml::drive(&text, &rels_name, self.limits.max_xml_depth, &mut sink)?;
        Ok(sink.found)
    }

    /// The main document part: from the package relationships, then the content types, then the default.
    pub fn main_part(&mut self, package_rels: &[Relationship]) -> Result<String, ReadError> {
        let from_rels = package_rels
            .iter()
            .filter(|r| r.kind == "officeDocument")
            .filter_map(|r| r.target.clone())
            .find(|name| self.has_part(name));
        if let Some(name) = from_rels {
            return Ok(name);
        }
        if let Some(name) = self.main_part_from_content_types()? {
            return Ok(name);
        }
        if self.has_part(DEFAULT_MAIN_PART) {
            return Ok(DEFAULT_MAIN_PART.to_string());
        }
        Err(ReadError::MissingPart(DEFAULT_MAIN_PART.to_string()))
    }

    /// Relationships guessed from the usual part names beside the main part, for packages whose
    /// relationships part is missing.
    pub fn conventional_relationships(&self, main: &str) -> Vec<Relationship> {
        conventional_relationships(&self.names, main)
    }

    fn main_part_from_content_types(&mut self) -> Result<Option<String>, ReadError> {
        let name = "[Content_Types].xml";
        let Some(text) = self.read_text(name)? else {
            return Ok(None);
        };
        let mut sink = ContentTypesSink { main: None };
        xml::drive(&text, name, self.limits.max_xml_depth, &mut sink)?;
        Ok(sink.main.filter(|part| self.has_part(part)))
    }
}

fn conventional_relationships(names: &[String], main: &str) -> Vec<Relationship> {
    let dir = main.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut found = Vec::new();
    for name in names {
        let file = if dir.is_empty() {
            Some(name.as_str())
        } else {
            name.strip_prefix(dir)
                .and_then(|rest| rest.strip_prefix('/'))
        };
        let Some(stem) = file.and_then(|f| f.strip_suffix(".xml")) else {
            continue;
        };
        let kind = stem.trim_end_matches(|c: char| c.is_ascii_digit());
        let numbered = matches!(kind, "header" | "footer") && kind.len() < stem.len();
        let single = matches!(
            stem,
            "styles"
                | "numbering"
                | "settings"
                | "footnotes"
                | "endnotes"
                | "comments"
                | "commentsExtended"
        );
        if numbered || single {
            found.push(Relationship {
                id: String::new(),
                kind: kind.to_string(),
                target: Some(name.clone()),
            });
        }
    }
    found
}

struct RelsSink<'a> {
    source: &'a str,
    found: Vec<Relationship>,
}

impl Sink for RelsSink<'_> {
    fn start(
        &mut self,
        _ns: Ns,
        local: &str,
        element: &BytesStart<'_>,
        _depth: usize,
    ) -> Result<Flow, ReadError> {
        if local != "Relationship" {
            return Ok(Flow::Descend);
        }
        let kind = xml::attr(element, "Type").unwrap_or_default();
        let kind = kind.rsplit('/').next().unwrap_or_default().to_string();
        let external = xml::attr(element, "TargetMode")
            .is_some_and(|mode| mode.eq_ignore_ascii_case("external"));
        let target = match xml::attr(element, "Target") {
            Some(target) if !external => resolve_target(self.source, &target),
            _ => None,
        };
        let id = xml::attr(element, "Id").unwrap_or_default().into_owned();
        self.found.push(Relationship { id, kind, target });
        Ok(Flow::Skip)
    }
    fn end(&mut self, _ns: Ns, _local: &str, _depth: usize) -> Result<(), ReadError> {
        Ok(())
    }
    fn text(&mut self, _text: &str) -> Result<(), ReadError> {
        Ok(())
    }
}

struct ContentTypesSink {
    main: Option<String>,
}

impl Sink for ContentTypesSink {
    fn start(
        &mut self,
        _ns: Ns,
        local: &str,
        element: &BytesStart<'_>,
        _depth: usize,
    ) -> Result<Flow, ReadError> {
        if local != "Override" || self.main.is_some() {
            return Ok(Flow::Descend);
        }
        let content_type = xml::attr(element, "ContentType").unwrap_or_default();
        if is_main_document_type(&content_type) {
            self.main = xml::attr(element, "PartName").and_then(|name| resolve_target("", &name));
        }
        Ok(Flow::Skip)
    }
    fn end(&mut self, _ns: Ns, _local: &str, _depth: usize) -> Result<(), ReadError> {
        Ok(())
    }
    fn text(&mut self, _text: &str) -> Result<(), ReadError> {
        Ok(())
    }
}

/// Main parts of documents, templates and their macro-enabled variants.
fn is_main_document_type(content_type: &str) -> bool {
    let ct = content_type.to_ascii_lowercase();
    ct.ends_with(".main+xml") && (ct.contains("wordprocessingml") || ct.contains("ms-word"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventional_names_stand_in_for_missing_relationships() {
        let names: Vec<String> = [
            "word/document.xml",
            "word/styles.xml",
            "word/numbering.xml",
            "word/header1.xml",
            "word/header.xml",
            "word/footer12.xml",
            "word/theme/theme1.xml",
            "word/comments.xml",
            "other/styles.xml",
        ]
        .map(String::from)
        .to_vec();
        let found: Vec<(String, String)> = conventional_relationships(&names, "word/document.xml")
            .into_iter()
            .map(|r| (r.kind, r.target.unwrap_or_default()))
            .collect();
        let expected = [
            ("styles", "word/styles.xml"),
            ("numbering", "word/numbering.xml"),
            ("header", "word/header1.xml"),
            ("footer", "word/footer12.xml"),
            ("comments", "word/comments.xml"),
        ]
        .map(|(k, t)| (k.to_string(), t.to_string()));
        assert_eq!(found, expected);
    }

    #[test]
    fn rels_names() {
        assert_eq!(
            rels_part_name("word/document.xml"),
            "word/_rels/document.xml.rels"
        );
        assert_eq!(rels_part_name(""), "_rels/.rels");
    }

    #[test]
    fn size_and_ratio_checks() {
        let limits = Limits::default();
        let err = check_entry_size("a", 1 << 30, 1 << 20, &limits).unwrap_err();
        assert_eq!(err.code(), "part-too-large");
        let err = check_entry_size("a", 100 << 20, 100 << 10, &limits).unwrap_err();
        assert_eq!(err.code(), "too-compressed");
        // Small parts may compress as well as they like; ordinary ratios pass.
        check_entry_size("a", 4 << 20, 10 << 10, &limits).unwrap();
        check_entry_size("a", 100 << 20, 10 << 20, &limits).unwrap();
        check_entry_size("a", 0, 0, &limits).unwrap();
    }

    #[test]
    fn recognises_main_document_content_types() {
        for ct in [
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
            "application/vnd.ms-word.document.macroEnabled.main+xml",
            "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
        ] {
            assert!(is_main_document_type(ct), "{ct}");
        }
        assert!(!is_main_document_type(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
        ));
    }
}

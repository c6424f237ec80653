//! Package facts: document properties (docProps core, app, custom) and enforced document protection (settings).

use super::xml::{self, Flow, Ns, Sink};
use crate::model::Properties;
use crate::read::ReadError;
use quick_xml::events::BytesStart;

/// Which properties part is being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PropsPart {
    Core,
    App,
    Custom,
}

/// Reads one docProps part into `properties`.
pub(super) fn read_properties(
    xml_text: &str,
    part: &str,
    kind: PropsPart,
    max_depth: usize,
    properties: &mut Properties,
) -> Result<(), ReadError> {
    let mut sink = PropsSink {
        kind,
        properties,
        field: None,
        text: String::new(),
        custom_name: None,
    };
    xml::drive(xml_text, part, max_depth, &mut sink)
}

struct PropsSink<'a> {
    kind: PropsPart,
    properties: &'a mut Properties,
    /// The element whose text is being collected, with its depth.
    field: Option<(String, usize)>,
    text: String,
    /// Custom properties: the name of the `property` being read.
    custom_name: Option<String>,
}

impl PropsSink<'_> {
    /// Core and app properties are children of the root; custom values are grandchildren.
    fn wants_text(&self, depth: usize) -> bool {
        match self.kind {
            PropsPart::Core | PropsPart::App => depth == 2,
            PropsPart::Custom => depth == 3 && self.custom_name.is_some(),
        }
    }

    fn store(&mut self, element: &str, value: String) {
        let value = value.trim().to_string();
        if value.is_empty() {
            return;
        }
        let p = &mut *self.properties;
        let slot = match (self.kind, element) {
            (PropsPart::Core, "title") => &mut p.title,
            (PropsPart::Core, "subject") => &mut p.subject,
            (PropsPart::Core, "creator") => &mut p.author,
            (PropsPart::Core, "lastModifiedBy") => &mut p.last_modified_by,
            (PropsPart::Core, "created") => &mut p.created,
            (PropsPart::Core, "modified") => &mut p.modified,
            (PropsPart::App, "Company") => &mut p.company,
            (PropsPart::App, "Manager") => &mut p.manager,
            (PropsPart::App, "Template") => &mut p.template,
            (PropsPart::Custom, _) => {
                if let Some(name) = self.custom_name.clone() {
                    p.custom.push((name, value));
                }
                return;
            }
            _ => return,
        };
        *slot = Some(value);
    }
}

impl Sink for PropsSink<'_> {
    fn start(
        &mut self,
        _ns: Ns,
        local: &str,
        element: &BytesStart<'_>,
        depth: usize,
    ) -> Result<Flow, ReadError> {
        if self.kind == PropsPart::Custom && depth == 2 && local == "property" {
            self.custom_name = xml::attr(element, "name").map(|n| n.into_owned());
            return Ok(Flow::Descend);
        }
        if self.wants_text(depth) {
            self.field = Some((local.to_string(), depth));
            self.text.clear();
            return Ok(Flow::Descend);
        }
        Ok(if depth <= 2 {
            Flow::Descend
        } else {
            Flow::Skip
        })
    }

    fn end(&mut self, _ns: Ns, local: &str, depth: usize) -> Result<(), ReadError> {
        if self.field.as_ref().is_some_and(|(_, d)| *d == depth) {
            if let Some((name, _)) = self.field.take() {
                let text = std::mem::take(&mut self.text);
                self.store(&name, text);
            }
        }
        if self.kind == PropsPart::Custom && depth == 2 && local == "property" {
            self.custom_name = None;
        }
        Ok(())
    }

    fn text(&mut self, text: &str) -> Result<(), ReadError> {
        if self.field.is_some() {
            self.text.push_str(text);
        }
        Ok(())
    }
}

/// `w:documentProtection/@w:edit` when protection is enforced (`w:enforcement` on).
pub(super) fn read_protection(
    xml_text: &str,
    part: &str,
    max_depth: usize,
) -> Result<Option<String>, ReadError> {
    let mut sink = ProtectionSink { edit: None };
    xml::drive(xml_text, part, max_depth, &mut sink)?;
    Ok(sink.edit)
}

struct ProtectionSink {
    edit: Option<String>,
}

impl Sink for ProtectionSink {
    fn start(
        &mut self,
        ns: Ns,
        local: &str,
        element: &BytesStart<'_>,
        depth: usize,
    ) -> Result<Flow, ReadError> {
        if depth == 1 {
            return Ok(Flow::Descend);
        }
        if ns == Ns::W && local == "documentProtection" {
            let enforced = xml::attr(element, "enforcement")
                .is_some_and(|v| matches!(v.as_ref(), "1" | "true" | "on"));
            if enforced {
                self.edit = Some(
                    xml::attr(element, "edit")
                        .map(|e| e.into_owned())
                        .unwrap_or_default(),
                );
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_app_and_custom_properties() {
        let mut p = Properties::default();
        let core = r#"<cp:coreProperties xmlns:cp="c" xmlns:dc="d" xmlns:dcterms="t"><dc:title>Förfrågningsunderlag</dc:title><dc:subject/><dc:creator>Anna</dc:creator><cp:lastModifiedBy>Bo &amp; Co</cp:lastModifiedBy><dcterms:created>2024-01-02T03:04:05Z</dcterms:created></cp:coreProperties>"#;
        read_properties(core, "docProps/core.xml", PropsPart::Core, 32, &mut p).unwrap();
        let app = "<Properties xmlns=\"x\">\n  <Template>Upphandling.dotx</Template>\n  <Company>Kommunen</Company><Manager/><HeadingPairs><vt:vector xmlns:vt=\"v\"><vt:lpstr>Title</vt:lpstr></vt:vector></HeadingPairs></Properties>";
        read_properties(app, "docProps/app.xml", PropsPart::App, 32, &mut p).unwrap();
        let custom = r#"<Properties xmlns="x" xmlns:vt="v"><property fmtid="f" pid="2" name="Diarienummer"><vt:lpwstr>KS 2024/12</vt:lpwstr></property><property name="Klar"><vt:bool>true</vt:bool></property></Properties>"#;
        read_properties(custom, "docProps/custom.xml", PropsPart::Custom, 32, &mut p).unwrap();
        assert_eq!(p.title.as_deref(), Some("Förfrågningsunderlag"));
        assert_eq!(p.subject, None);
        assert_eq!(p.author.as_deref(), Some("Anna"));
        assert_eq!(p.last_modified_by.as_deref(), Some("Bo & Co"));
        assert_eq!(p.created.as_deref(), Some("2024-01-02T03:04:05Z"));
        assert_eq!(p.template.as_deref(), Some("Upphandling.dotx"));
        assert_eq!(p.company.as_deref(), Some("Kommunen"));
        assert_eq!(p.manager, None);
        assert_eq!(
            p.custom,
            vec![
                ("Diarienummer".to_string(), "KS 2024/12".to_string()),
                ("Klar".to_string(), "true".to_string())
            ]
        );
    }

    #[test]
    fn protection_only_when_enforced() {
        let w = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
        let on = format!(
            r#"<w:settings {w}><w:documentProtection w:edit="forms" w:enforcement="1"/></w:settings>"#
        );
        assert_eq!(
            read_protection(&on, "s", 32).unwrap().as_deref(),
            Some("forms")
        );
        let off = format!(
            r#"<w:settings {w}><w:documentProtection w:edit="readOnly" w:enforcement="0"/></w:settings>"#
        );
        assert_eq!(read_protection(&off, "s", 32).unwrap(), None);
    }
}

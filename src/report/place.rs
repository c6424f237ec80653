//! Where a finding is, in words for the CI formats: the location, or the whole document for a
//! document-level finding.

use crate::finding::Finding;

/// What a document-level finding points at.
pub const WHOLE_DOCUMENT: &str = "hela dokumentet";

/// Whether the finding concerns the document as a whole rather than a place in it.
pub fn is_document_level(finding: &Finding) -> bool {
    finding.block.is_none() && finding.location.paragraph == 0 && finding.location.cell.is_none()
}

/// `1 Inledning › ¶2`, `Priser!C12`, `rad 3`, or `hela dokumentet`.
pub fn describe(finding: &Finding) -> String {
    if is_document_level(finding) {
        WHOLE_DOCUMENT.to_string()
    } else {
        finding.location.describe()
    }
}

//! Workbook properties (creator, last modified by, title, company…) from calamine's readers of
//! docProps/core.xml + app.xml + custom.xml (.xlsx), meta.xml (.ods) and the summary streams (.xls).

use crate::model::Properties;
use calamine::WorkbookProperties;

/// The model's properties; blank values count as absent and custom properties are sorted by name.
pub(super) fn from_calamine(props: WorkbookProperties) -> Properties {
    let mut custom: Vec<(String, String)> = props.custom_properties.into_iter().collect();
    custom.sort();
    Properties {
        title: present(props.title),
        subject: present(props.subject),
        author: present(props.creator),
        last_modified_by: present(props.last_modified_by),
        company: present(props.company),
        manager: present(props.manager),
        template: present(props.template),
        created: present(props.created),
        modified: present(props.modified),
        custom,
    }
}

fn present(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_values_are_absent() {
        let mut props = WorkbookProperties::default();
        props.creator = Some("Anna Andersson".into());
        props.company = Some("  ".into());
        props.custom_properties.insert("b".into(), "2".into());
        props.custom_properties.insert("a".into(), "1".into());
        let p = from_calamine(props);
        assert_eq!(p.author.as_deref(), Some("Anna Andersson"));
        assert_eq!(p.company, None);
        assert_eq!(
            p.custom,
            vec![("a".into(), "1".into()), ("b".into(), "2".into())]
        );
    }
}

//! Part names in an Office package (Open Packaging Conventions): relationship targets resolved against
//! their source part, and the name of a part's relationships part. Shared by both readers and annotate.

/// Resolves a relationship target against the folder of its source part (`""` for the package itself);
/// percent-escapes are decoded, backslashes read as slashes. None when the target leaves the package.
pub fn resolve_target(source_part: &str, target: &str) -> Option<String> {
    let dir = source_part.rsplit_once('/').map_or("", |(dir, _)| dir);
    resolve_in_folder(dir, target)
}

/// Resolves a relationship target against a folder of the package (`xl`, or `""` for the root).
pub fn resolve_in_folder(dir: &str, target: &str) -> Option<String> {
    let target = percent_decode(&target.replace('\\', "/"));
    let mut segments: Vec<&str> = Vec::new();
    if !target.starts_with('/') {
        segments.extend(dir.split('/').filter(|s| !s.is_empty()));
    }
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            other => segments.push(other),
        }
    }
    (!segments.is_empty()).then(|| segments.join("/"))
}

/// `word/document.xml` → `word/_rels/document.xml.rels`; the package itself (`""`) → `_rels/.rels`.
pub fn rels_part_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// Decodes `%20`-style escapes; a `%` not followed by two hex digits stays as it is.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(value)) => {
                out.push(value);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_targets_relative_to_the_source_part() {
        assert_eq!(
            resolve_target("word/document.xml", "header1.xml").as_deref(),
            Some("word/header1.xml")
        );
        assert_eq!(
            resolve_target("word/document.xml", "/word/x.xml").as_deref(),
            Some("word/x.xml")
        );
        assert_eq!(
            resolve_target("word/document.xml", "../customXml/item1.xml").as_deref(),
            Some("customXml/item1.xml")
        );
        assert_eq!(
            resolve_target("", "word/document.xml").as_deref(),
            Some("word/document.xml")
        );
        assert_eq!(
            resolve_target("word/document.xml", "my%20file.xml").as_deref(),
            Some("word/my file.xml")
        );
        assert_eq!(
            resolve_target("word/document.xml", "sub\\a.xml").as_deref(),
            Some("word/sub/a.xml")
        );
        assert_eq!(resolve_target("word/document.xml", "../../evil.txt"), None);
        assert_eq!(resolve_target("", ".."), None);
        assert_eq!(
            resolve_target("word/document.xml", "100%.xml").as_deref(),
            Some("word/100%.xml")
        );
    }

    #[test]
    fn resolves_targets_in_a_folder() {
        assert_eq!(
            resolve_in_folder("xl", "worksheets/sheet1.xml").as_deref(),
            Some("xl/worksheets/sheet1.xml")
        );
        assert_eq!(
            resolve_in_folder("xl", "/xl/worksheets/sheet2.xml").as_deref(),
            Some("xl/worksheets/sheet2.xml")
        );
        assert_eq!(
            resolve_in_folder("xl/sub", "../a.xml").as_deref(),
            Some("xl/a.xml")
        );
        assert_eq!(resolve_in_folder("xl", "../../../x.xml"), None);
    }

    #[test]
    fn names_relationship_parts() {
        assert_eq!(
            rels_part_name("word/document.xml"),
            "word/_rels/document.xml.rels"
        );
        assert_eq!(rels_part_name(""), "_rels/.rels");
    }
}

//! Word documents written as raw WordprocessingML, the way Word itself lays them out: rsid attributes,
//! run properties, words split across runs, proofing marks, bookmarks on headings, numbered requirement
//! lists, tables, page fields in the footer, footnotes, comments and a few tracked changes.
//!
//! Raw XML rather than docx-rs: docx-rs numbers ids from process-wide counters (the same seed would give
//! different bytes on a second run in one process), cannot split a word across runs on purpose, and
//! builds 1,000 documents more slowly than string formatting does.

use super::rng::Rng;
use super::text;
use super::zipout::ZipOut;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// Roughly how many words Word fits on a page of running text with some tables and headings.
const WORDS_PER_PAGE: u32 = 330;

const NS: &str = r#"xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:w10="urn:schemas-microsoft-com:office:word" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" xmlns:wpi="http://schemas.microsoft.com/office/word/2010/wordprocessingInk" xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" mc:Ignorable="w14 wp14""#;

const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";

/// Writes one tender document of about `pages` pages.
pub fn write(path: &Path, rng: &mut Rng, pages: u32, index: usize) -> io::Result<()> {
    let &(title, noun) = rng.pick(text::SUBJECTS);
    let mut doc = DocWriter::new(rng, title, index);
    doc.title_page(title);
    let budget = pages * WORDS_PER_PAGE;
    'outer: loop {
        for (h1, (section, subsections)) in text::OUTLINE.iter().enumerate() {
            doc.page_break();
            doc.heading(0, &format!("{} {section}", h1 + 1 + doc.round * 6));
            for (h2, sub) in subsections.iter().enumerate() {
                let number = format!("{}.{}", h1 + 1 + doc.round * 6, h2 + 1);
                doc.heading(1, &format!("{number} {sub}"));
                doc.section_body(noun, &number);
                if doc.words >= budget {
                    break 'outer;
                }
            }
        }
        doc.round += 1;
    }
    doc.finish(path, title)
}

struct DocWriter<'r> {
    rng: &'r mut Rng,
    body: String,
    footnotes: Vec<String>,
    comments: Vec<String>,
    rsids: Vec<String>,
    words: u32,
    bookmark: u32,
    revision: u32,
    /// How many tracked changes are still to be placed.
    changes_left: u32,
    /// How many times the outline has been repeated to reach the page budget.
    round: usize,
    title: String,
    /// The reference number (diarienummer), in the text and in the header.
    dnr: String,
    /// Dates and value the document states, the same wherever they are mentioned.
    facts: text::Facts,
}

impl<'r> DocWriter<'r> {
    fn new(rng: &'r mut Rng, title: &str, index: usize) -> Self {
        let rsids = (0..8)
            .map(|_| format!("{:08X}", rng.next_u64() as u32 & 0x00FF_FFFF))
            .collect();
        let changes_left = if rng.chance(0.7) {
            rng.range(1, 4) as u32
        } else {
            0
        };
        let facts = text::Facts::draw(rng);
        DocWriter {
            rng,
            body: String::with_capacity(1 << 20),
            footnotes: Vec::new(),
            comments: Vec::new(),
            rsids,
            words: 0,
            bookmark: 0,
            revision: 100,
            changes_left,
            round: 0,
            title: title.to_string(),
            dnr: format!("KS {}/{}", 2025 + index % 3, 100 + index),
            facts,
        }
    }

    fn rsid(&mut self) -> String {
        let i = self.rng.below(self.rsids.len());
        self.rsids[i].clone()
    }

    fn para_open(&mut self, ppr: &str) {
        let (a, b) = (self.rsid(), self.rsid());
        let id = self.rng.next_u64() as u32 & 0x7FFF_FFFF;
        let _ = write!(
            self.body,
            r#"<w:p w14:paraId="{id:08X}" w14:textId="77777777" w:rsidR="{a}" w:rsidRDefault="{b}" w:rsidP="{a}">"#
        );
        if !ppr.is_empty() {
            let _ = write!(self.body, "<w:pPr>{ppr}</w:pPr>");
        }
    }

    fn title_page(&mut self, title: &str) {
        self.para_open(r#"<w:pStyle w:val="Rubrik"/>"#);
        self.runs(&format!("Upphandlingsdokument – {title}"));
        self.body.push_str("</w:p>");
        let dnr = format!("Diarienummer: {}", self.dnr);
        self.simple_para(&dnr);
        let buyer = *self.rng.pick(text::BUYERS);
        let intro = format!(
            "{buyer} inbjuder härmed till upphandling av {}. Detta dokument beskriver förutsättningarna för upphandlingen och de krav som ställs.",
            title.to_lowercase()
        );
        self.simple_para(&intro);
    }

    fn page_break(&mut self) {
        self.para_open("");
        self.body
            .push_str(r#"<w:r><w:br w:type="page"/></w:r></w:p>"#);
    }

    fn heading(&mut self, level: u8, text: &str) {
        self.para_open(&format!(r#"<w:pStyle w:val="Rubrik{}"/>"#, level + 1));
        self.bookmark += 1;
        let toc = 500_000_000 + self.rng.below(99_999_999);
        let _ = write!(
            self.body,
            r#"<w:bookmarkStart w:id="{}" w:name="_Toc{toc}"/>"#,
            self.bookmark
        );
        self.runs(text);
        let _ = write!(
            self.body,
            r#"<w:bookmarkEnd w:id="{}"/></w:p>"#,
            self.bookmark
        );
    }

    fn simple_para(&mut self, text: &str) {
        self.para_open("");
        self.runs(text);
        self.body.push_str("</w:p>");
    }

    /// The text of one subsection: prose, a requirement list, now and then a table.
    fn section_body(&mut self, noun: &str, number: &str) {
        let paragraphs = self.rng.range(2, 7);
        for i in 0..paragraphs {
            let mut text = text::paragraph(self.rng, &self.facts);
            if i == 0 && self.rng.chance(0.3) {
                text = format!("Detta avsnitt gäller {noun}. {text}");
            }
            self.prose(&text);
        }
        if self.rng.chance(0.5) {
            self.requirements(number);
        }
        if self.rng.chance(0.25) {
            self.table(number);
        }
    }

    /// A paragraph of prose, maybe with a footnote, a comment or a tracked change.
    fn prose(&mut self, text: &str) {
        self.para_open(r#"<w:spacing w:after="120"/><w:jc w:val="both"/>"#);
        let comment = self.comments.len() < 3 && self.rng.chance(0.004);
        if comment {
            let _ = write!(
                self.body,
                r#"<w:commentRangeStart w:id="{}"/>"#,
                self.comments.len()
            );
        }
        self.runs(text);
        if comment {
            self.comment();
        }
        if self.changes_left > 0 && self.rng.chance(0.02) {
            self.changes_left -= 1;
            self.tracked_change();
        }
        if self.rng.chance(0.02) {
            self.footnote();
        }
        self.body.push_str("</w:p>");
    }

    fn comment(&mut self) {
        let id = self.comments.len();
        let author = *self.rng.pick(text::PEOPLE);
        let initials: String = author.split(' ').filter_map(|w| w.chars().next()).collect();
        let remark = match self.rng.below(3) {
            0 => "Ska vi verkligen ha med detta krav?",
            1 => "Stäm av beloppet med ekonomiavdelningen.",
            _ => "Kontrollera lagrummet innan publicering.",
        };
        self.comments.push(format!(
            r#"<w:comment w:id="{id}" w:author="{author}" w:date="2026-01-1{}T09:3{}:00Z" w:initials="{initials}"><w:p><w:pPr><w:pStyle w:val="Kommentarer"/></w:pPr><w:r><w:rPr><w:rStyle w:val="Kommentarsreferens"/></w:rPr><w:annotationRef/></w:r><w:r><w:t>{remark}</w:t></w:r></w:p></w:comment>"#,
            id % 10,
            id % 10
        ));
        let _ = write!(
            self.body,
            r#"<w:commentRangeEnd w:id="{id}"/><w:r><w:rPr><w:rStyle w:val="Kommentarsreferens"/></w:rPr><w:commentReference w:id="{id}"/></w:r>"#
        );
    }

    fn tracked_change(&mut self) {
        let author = *self.rng.pick(text::PEOPLE);
        let added = text::sentence(self.rng, &self.facts);
        let removed = text::sentence(self.rng, &self.facts);
        self.revision += 1;
        let _ = write!(
            self.body,
            r#"<w:del w:id="{}" w:author="{author}" w:date="2026-02-03T14:12:00Z"><w:r w:rsidDel="{}"><w:delText xml:space="preserve"> {}</w:delText></w:r></w:del>"#,
            self.revision,
            self.rsids[0],
            escape(&removed)
        );
        self.revision += 1;
        let _ = write!(
            self.body,
            r#"<w:ins w:id="{}" w:author="{author}" w:date="2026-02-03T14:12:00Z"><w:r><w:t xml:space="preserve"> {}</w:t></w:r></w:ins>"#,
            self.revision,
            escape(&added)
        );
        self.words += count_words(&added);
    }

    fn footnote(&mut self) {
        let id = self.footnotes.len() + 1;
        let law = text::law_ref(self.rng);
        let note = format!("Se {law} och förarbetena till bestämmelsen.");
        self.footnotes.push(format!(
            r#"<w:footnote w:id="{id}"><w:p><w:pPr><w:pStyle w:val="Fotnotstext"/></w:pPr><w:r><w:rPr><w:rStyle w:val="Fotnotsreferens"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {note}</w:t></w:r></w:p></w:footnote>"#
        ));
        let _ = write!(
            self.body,
            r#"<w:r><w:rPr><w:rStyle w:val="Fotnotsreferens"/></w:rPr><w:footnoteReference w:id="{id}"/></w:r>"#
        );
    }

    /// A numbered list of requirements (`w:numPr`; the numbers are Word's, not in the text).
    fn requirements(&mut self, number: &str) {
        let lead = format!("Följande krav gäller för avsnitt {number}:");
        self.simple_para(&lead);
        for _ in 0..self.rng.range(3, 9) {
            let requirement = text::requirement_sentence(self.rng);
            self.para_open(
                r#"<w:pStyle w:val="Liststycke"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>"#,
            );
            self.runs(&requirement);
            self.body.push_str("</w:p>");
        }
    }

    fn table(&mut self, number: &str) {
        let price = self.rng.chance(0.4);
        let header: &[&str] = if price {
            &["Tjänst eller vara", "Enhet", "Pris (kr)", "Kommentar"]
        } else {
            &[
                "Nr",
                "Krav",
                "Typ",
                "Uppfylls (Ja/Nej)",
                "Hänvisning i anbudet",
            ]
        };
        let width = 9072 / header.len();
        self.body.push_str(r#"<w:tbl><w:tblPr><w:tblStyle w:val="Tabellrutnt"/><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>"#);
        for _ in header {
            let _ = write!(self.body, r#"<w:gridCol w:w="{width}"/>"#);
        }
        self.body.push_str("</w:tblGrid>");
        let header: Vec<String> = header.iter().map(|s| s.to_string()).collect();
        self.row(&header, width, true);
        for r in 0..self.rng.range(3, 12) {
            let cells = if price {
                let article = *self.rng.pick(text::ARTICLES);
                let unit = *self.rng.pick(text::UNITS);
                let amount = if self.rng.chance(0.05) {
                    String::new()
                } else {
                    text::spaced(self.rng.log_range(10, 200_000))
                };
                let comment = text::cell_comment(self.rng).unwrap_or_default();
                vec![article.to_string(), unit.to_string(), amount, comment]
            } else {
                let kind = if self.rng.chance(0.7) { "Ska" } else { "Bör" };
                vec![
                    format!("{number}.{}", r + 1),
                    text::requirement_sentence(self.rng),
                    kind.to_string(),
                    String::new(),
                    String::new(),
                ]
            };
            self.row(&cells, width, false);
        }
        self.body.push_str("</w:tbl>");
        self.simple_para("");
    }

    fn row(&mut self, cells: &[String], width: usize, header: bool) {
        let rsid = self.rsid();
        let _ = write!(self.body, r#"<w:tr w:rsidR="{rsid}" w:rsidTr="{rsid}">"#);
        if header {
            self.body.push_str(r#"<w:trPr><w:tblHeader/></w:trPr>"#);
        }
        for cell in cells {
            let _ = write!(
                self.body,
                r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>"#
            );
            self.para_open(if header {
                r#"<w:rPr><w:b/></w:rPr>"#
            } else {
                ""
            });
            self.runs(cell);
            self.body.push_str("</w:p></w:tc>");
        }
        self.body.push_str("</w:tr>");
    }

    /// The text as Word stores it: runs of a few words each with their own rsid, now and then a word cut
    /// in two runs (an edit in the middle of it), spelling marks around some words.
    fn runs(&mut self, text: &str) {
        self.words += count_words(text);
        let mut run = String::new();
        let mut words_in_run = 0;
        let mut run_length = self.rng.range(3, 18);
        let word_count = text.split(' ').count();
        let mut space_pending = false;
        for (i, word) in text.split(' ').enumerate() {
            if std::mem::take(&mut space_pending) {
                run.push(' ');
            }
            space_pending = true;
            let chars: Vec<char> = word.chars().collect();
            if chars.len() >= 6 && self.rng.chance(0.04) {
                let cut = self.rng.range(2, chars.len() as u64 - 2) as usize;
                let head: String = chars[..cut].iter().collect();
                let tail: String = chars[cut..].iter().collect();
                run.push_str(&head);
                self.run(&run);
                run.clear();
                run.push_str(&tail);
                words_in_run = 0;
                continue;
            }
            if self.rng.chance(0.01) {
                self.run(&run);
                run.clear();
                self.body.push_str(r#"<w:proofErr w:type="spellStart"/>"#);
                self.run(word);
                self.body.push_str(r#"<w:proofErr w:type="spellEnd"/>"#);
                words_in_run = 0;
                continue;
            }
            run.push_str(word);
            words_in_run += 1;
            if words_in_run >= run_length && i + 1 < word_count {
                // The space after the word ends this run, as Word writes it.
                run.push(' ');
                space_pending = false;
                self.run(&run);
                run.clear();
                words_in_run = 0;
                run_length = self.rng.range(3, 18);
            }
        }
        self.run(&run);
    }

    fn run(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let rsid = self.rsid();
        let _ = write!(self.body, r#"<w:r w:rsidRPr="{rsid}">"#);
        if self.rng.chance(0.6) {
            self.body.push_str(
                r#"<w:rPr><w:rFonts w:cstheme="minorHAnsi"/><w:lang w:val="sv-SE"/></w:rPr>"#,
            );
        }
        let space = if text.starts_with(' ') || text.ends_with(' ') {
            r#" xml:space="preserve""#
        } else {
            ""
        };
        let _ = write!(self.body, "<w:t{space}>{}</w:t></w:r>", escape(text));
    }

    fn finish(self, path: &Path, title: &str) -> io::Result<()> {
        let mut zip = ZipOut::create(path)?;
        zip.add(
            "[Content_Types].xml",
            &content_types(!self.comments.is_empty()),
        )?;
        zip.add("_rels/.rels", RELS)?;
        zip.add("docProps/core.xml", &core(title, self.rsids[0].as_str()))?;
        zip.add("docProps/app.xml", APP)?;
        zip.add(
            "word/_rels/document.xml.rels",
            &document_rels(!self.comments.is_empty()),
        )?;
        let document = format!(
            "{XML_DECL}<w:document {NS}><w:body>{}{SECT_PR}</w:body></w:document>",
            self.body
        );
        zip.add("word/document.xml", &document)?;
        zip.add("word/styles.xml", STYLES)?;
        zip.add("word/numbering.xml", NUMBERING)?;
        zip.add("word/settings.xml", SETTINGS)?;
        zip.add(
            "word/header1.xml",
            &header(&self.title, &self.dnr, "Upphandlingsdokument"),
        )?;
        zip.add(
            "word/header2.xml",
            &header(&self.title, &self.dnr, "Förfrågningsunderlag"),
        )?;
        zip.add("word/footer1.xml", FOOTER)?;
        zip.add("word/footnotes.xml", &footnotes(&self.footnotes))?;
        if !self.comments.is_empty() {
            let comments = format!(
                "{XML_DECL}<w:comments {NS}>{}</w:comments>",
                self.comments.concat()
            );
            zip.add("word/comments.xml", &comments)?;
        }
        zip.finish()
    }
}

fn count_words(text: &str) -> u32 {
    text.split_whitespace().count() as u32
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

const SECT_PR: &str = r#"<w:sectPr w:rsidR="00A51B2C"><w:headerReference w:type="default" r:id="rId8"/><w:footerReference w:type="default" r:id="rId9"/><w:headerReference w:type="first" r:id="rId10"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/><w:cols w:space="708"/><w:titlePg/><w:docGrid w:linePitch="360"/></w:sectPr>"#;

fn content_types(comments: bool) -> String {
    let mut s = format!(
        r#"{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#
    );
    if comments {
        s.push_str(r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>"#);
    }
    s.push_str("</Types>");
    s
}

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

fn document_rels(comments: bool) -> String {
    let mut s = format!(
        r#"{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>"#
    );
    if comments {
        s.push_str(r#"<Relationship Id="rId11" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>"#);
    }
    s.push_str("</Relationships>");
    s
}

fn core(title: &str, rsid: &str) -> String {
    format!(
        r#"{XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Upphandlingsdokument – {}</dc:title><dc:creator>Upphandlingsenheten</dc:creator><cp:lastModifiedBy>Upphandlingsenheten</cp:lastModifiedBy><cp:revision>{}</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2026-01-08T08:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-02-03T15:00:00Z</dcterms:modified></cp:coreProperties>"#,
        escape(title),
        rsid.len()
    )
}

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Template>Normal.dotm</Template><TotalTime>94</TotalTime><Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity><Company>Kommunen</Company><AppVersion>16.0000</AppVersion></Properties>"#;

fn header(title: &str, dnr: &str, kind: &str) -> String {
    format!(
        r#"{XML_DECL}<w:hdr {NS}><w:p><w:pPr><w:pStyle w:val="Sidhuvud"/><w:tabs><w:tab w:val="right" w:pos="9072"/></w:tabs></w:pPr><w:r><w:t xml:space="preserve">{kind} – {}</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>Dnr {dnr}</w:t></w:r></w:p></w:hdr>"#,
        escape(title)
    )
}

const FOOTER: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:pStyle w:val="Sidfot"/><w:jc w:val="right"/></w:pPr><w:r><w:t xml:space="preserve">Sida </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> av </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> NUMPAGES </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>"#;

fn footnotes(notes: &[String]) -> String {
    format!(
        r#"{XML_DECL}<w:footnotes {NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>{}</w:footnotes>"#,
        notes.concat()
    )
}

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:trackRevisions w:val="false"/><w:defaultTabStop w:val="1304"/><w:hyphenationZone w:val="425"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="sv-SE"/></w:settings>"#;

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;

/// Swedish Word's localised style ids (`Rubrik1`) with the built-in names and outline levels.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/><w:sz w:val="22"/><w:lang w:val="sv-SE"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Rubrik"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:qFormat/><w:rPr><w:sz w:val="56"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Rubrik2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Liststycke"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="720"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Sidhuvud"><w:name w:val="header"/><w:basedOn w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Sidfot"><w:name w:val="footer"/><w:basedOn w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Fotnotstext"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/></w:style><w:style w:type="character" w:styleId="Fotnotsreferens"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Kommentarer"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/></w:style><w:style w:type="character" w:styleId="Kommentarsreferens"><w:name w:val="annotation reference"/></w:style><w:style w:type="table" w:styleId="Tabellrutnt"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style></w:styles>"#;

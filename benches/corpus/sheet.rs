//! Price sheets (prisbilagor) and procurement plans (upphandlingsplaner) written with rust_xlsxwriter,
//! with a fixed creation date so the bytes depend on the seed only.

use super::rng::Rng;
use super::text;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError,
};
use std::io;
use std::path::Path;

fn props(title: &str) -> Result<DocProperties, XlsxError> {
    Ok(DocProperties::new()
        .set_title(title)
        .set_author("Upphandlingsenheten")
        .set_company("Kommunen")
        .set_creation_datetime(&ExcelDateTime::from_ymd(2026, 1, 8)?))
}

fn io_err(e: XlsxError) -> io::Error {
    io::Error::other(e.to_string())
}

/// A price sheet of `rows` priced lines: Pos | Artikelnr | Artikel | Enhet | Antal | À-pris (kr) |
/// Summa (kr) (a formula with its cached result) | Kommentar. About one price in 200 is missing.
pub fn price_sheet(path: &Path, rng: &mut Rng, rows: u32) -> io::Result<()> {
    write_price_sheet(path, rng, rows).map_err(io_err)
}

fn write_price_sheet(path: &Path, rng: &mut Rng, rows: u32) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&props("Bilaga 1 Prisbilaga")?);
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let ws = wb.add_worksheet().set_name("Priser")?;
    let headers = [
        "Pos",
        "Artikelnr",
        "Artikel",
        "Enhet",
        "Antal",
        "À-pris (kr)",
        "Summa (kr)",
        "Kommentar",
    ];
    header_row(ws, &headers, &bold)?;
    for row in 1..=rows {
        let r = row + 1;
        ws.write_number(row, 0, f64::from(row))?;
        ws.write_string(row, 1, format!("ART-{:06}", rng.range(1, 999_999)))?;
        ws.write_string(row, 2, *rng.pick(text::ARTICLES))?;
        ws.write_string(row, 3, *rng.pick(text::UNITS))?;
        let qty = rng.log_range(1, 5_000) as f64;
        ws.write_number(row, 4, qty)?;
        let price = if rng.chance(0.005) {
            ws.write_blank(row, 5, &money)?;
            0.0
        } else {
            let price = rng.log_range(100, 2_000_000) as f64 / 100.0;
            ws.write_number_with_format(row, 5, price, &money)?;
            price
        };
        let formula = Formula::new(format!("=E{r}*F{r}")).set_result(format!("{}", qty * price));
        ws.write_formula_with_format(row, 6, formula, &money)?;
        if let Some(comment) = text::cell_comment(rng) {
            ws.write_string(row, 7, comment)?;
        }
    }
    instructions(&mut wb)?;
    wb.save(path)
}

/// A procurement plan of `rows` planned purchases: Område | Beskrivning | Förfarande | Uppskattat värde
/// (kr) | Planerad annonsering | Avtalsstart | Ansvarig | Kommentar. Some direct awards are over the limit.
pub fn plan(path: &Path, rng: &mut Rng, rows: u32) -> io::Result<()> {
    write_plan(path, rng, rows).map_err(io_err)
}

fn write_plan(path: &Path, rng: &mut Rng, rows: u32) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&props("Upphandlingsplan 2026")?);
    let bold = Format::new().set_bold();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let ws = wb.add_worksheet().set_name("Plan 2026")?;
    let headers = [
        "Område",
        "Beskrivning",
        "Förfarande",
        "Uppskattat värde (kr)",
        "Planerad annonsering",
        "Avtalsstart",
        "Ansvarig",
        "Kommentar",
    ];
    header_row(ws, &headers, &bold)?;
    for row in 1..=rows {
        ws.write_string(row, 0, *rng.pick(text::AREAS))?;
        let &(subject, _) = rng.pick(text::SUBJECTS);
        ws.write_string(row, 1, subject)?;
        let procedure = *rng.pick(text::PROCEDURES);
        ws.write_string(row, 2, procedure)?;
        let value = if procedure == "Direktupphandling" {
            rng.log_range(20_000, 900_000)
        } else {
            rng.log_range(500_000, 80_000_000)
        };
        ws.write_number(row, 3, (value / 1000 * 1000) as f64)?;
        let month = rng.range(1, 12) as u8;
        let advert = ExcelDateTime::from_ymd(2026, month, rng.range(1, 28) as u8)?;
        ws.write_datetime_with_format(row, 4, &advert, &date_format)?;
        let start = ExcelDateTime::from_ymd(2027, month, 1)?;
        ws.write_datetime_with_format(row, 5, &start, &date_format)?;
        ws.write_string(row, 6, *rng.pick(text::PEOPLE))?;
        if let Some(comment) = text::cell_comment(rng) {
            ws.write_string(row, 7, comment)?;
        }
    }
    instructions(&mut wb)?;
    wb.save(path)
}

fn header_row(ws: &mut Worksheet, headers: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (c, h) in (0u16..).zip(headers) {
        ws.write_string_with_format(0, c, *h, bold)?;
        ws.set_column_width(c, 18)?;
    }
    Ok(())
}

/// A hidden sheet of instructions, as templates have.
fn instructions(wb: &mut Workbook) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name("Instruktioner")?;
    let lines = [
        "Fyll i samtliga gula celler.",
        "Priser anges i svenska kronor exklusive mervärdesskatt.",
        "Antal avser uppskattad årsvolym och är inte bindande.",
        "Frågor angående prisbilagan ställs via upphandlingsverktyget.",
    ];
    for (r, line) in (0u32..).zip(lines) {
        ws.write_string(r, 0, line)?;
    }
    ws.set_hidden(true);
    Ok(())
}

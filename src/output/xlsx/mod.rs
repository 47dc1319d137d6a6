//! plan.xlsx: the plan as the office hands it on, one sheet per table, each with a bold header,
//! fitted column widths, a frozen header row and filters. Labels follow `--lang`.
//!
//! The workbook's creation time is the only thing in the file that depends on the clock; with
//! `--reproducible` it is fixed to 1 January of the plan year, so two runs give the same bytes.

mod sheets;
mod staffing;

pub(crate) use sheets::programme;

use super::{figures::r6, ReportCtx};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

/// A cell value.
pub(crate) enum Cell {
    Text(String),
    /// A number shown with the given number of decimals.
    Num(f64, usize),
    /// A date cell (yyyy-mm-dd), so that it sorts and filters as a date.
    Date(chrono::NaiveDate),
    Empty,
}

impl Cell {
    fn width(&self) -> usize {
        match self {
            Cell::Text(s) => display_width(s),
            Cell::Num(x, d) => format!("{x:.d$}").len(),
            Cell::Date(_) => 10,
            Cell::Empty => 0,
        }
    }
}

pub(crate) fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// The most characters an Excel cell holds.
const MAX_CELL_CHARS: usize = 32_767;

/// The text cut to what an Excel cell holds, ending in "…" when cut.
fn fit(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        None => s.into(),
        Some(_) => {
            let end = s
                .char_indices()
                .nth(MAX_CELL_CHARS - 1)
                .map_or(s.len(), |(i, _)| i);
            format!("{}…", &s[..end]).into()
        }
    }
}

/// Width in Excel character units: CJK characters take two.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
        .sum()
}

/// One sheet: a header row and data rows, then optional notes below the table.
pub(crate) struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Extra tables under the main one (not filtered): (title, header, rows).
    pub below: Vec<(String, Vec<String>, Vec<Vec<Cell>>)>,
    /// Data rows (0-based) shown highlighted, e.g. schools above their establishment.
    pub marked: Vec<usize>,
}

struct Formats {
    header: Format,
    date: Format,
    nums: [Format; 5],
    title: Format,
    /// The same number formats on a highlighted row, and its text format.
    marked_nums: [Format; 5],
    marked: Format,
}

fn write_row(
    ws: &mut Worksheet,
    row: u32,
    cells: &[Cell],
    f: &Formats,
    marked: bool,
) -> Result<(), XlsxError> {
    if marked {
        ws.set_row_format(row, &f.marked)?;
    }
    for (c, cell) in cells.iter().enumerate() {
        let col = c as u16;
        match cell {
            Cell::Text(s) if !s.is_empty() => {
                ws.write_string(row, col, fit(s))?;
            }
            Cell::Num(x, d) => {
                let nums = if marked { &f.marked_nums } else { &f.nums };
                ws.write_number_with_format(row, col, r6(*x), &nums[(*d).min(4)])?;
            }
            Cell::Date(d) => {
                use chrono::Datelike;
                let year = u16::try_from(d.year()).unwrap_or(0);
                match ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8) {
                    Ok(x) => ws.write_datetime_with_format(row, col, x, &f.date)?,
                    // Excel has no dates before 1900 or after 9999: the date as text.
                    Err(_) => ws.write_string(row, col, d.to_string())?,
                };
            }
            _ => {}
        }
    }
    Ok(())
}

fn worksheet(sheet: &Sheet, f: &Formats, title: &str) -> Result<Worksheet, XlsxError> {
    let mut worksheet = Worksheet::new();
    let ws = &mut worksheet;
    ws.set_name(&sheet.name)?;
    // printed as offices print: A4 landscape, one page wide, the header row on every page, the
    // plan's title and the sheet's name at the top, page numbers at the bottom
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    // (`&` starts a header code: doubled to print as itself)
    let heading = format!("{title} — {}", sheet.name).replace('&', "&&");
    ws.set_header(format!("&C&\"-,Bold\"{heading}"));
    ws.set_footer("&C第 &P 页 共 &N 页 · page &P of &N");
    let mut widths: Vec<usize> = sheet.headers.iter().map(|h| display_width(h)).collect();
    for (c, h) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &f.header)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        write_row(ws, r as u32 + 1, row, f, sheet.marked.contains(&r))?;
        for (c, cell) in row.iter().enumerate() {
            if c < widths.len() {
                widths[c] = widths[c].max(cell.width());
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    let last_col = sheet.headers.len().saturating_sub(1) as u16;
    ws.autofilter(0, 0, sheet.rows.len() as u32, last_col)?;
    let mut r = sheet.rows.len() as u32 + 2;
    for (title, header, rows) in &sheet.below {
        ws.write_string_with_format(r, 0, title, &f.title)?;
        r += 1;
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, h, &f.header)?;
        }
        r += 1;
        for row in rows {
            write_row(ws, r, row, f, false)?;
            r += 1;
        }
        r += 1;
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w as f64 + 2.0).clamp(6.0, 60.0))?;
    }
    Ok(worksheet)
}

/// Writes the sheets into workbook bytes.
pub(crate) fn workbook(
    sheets: &[Sheet],
    created: Option<i32>,
    title: &str,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let mut props = DocProperties::new()
        .set_title("rotaplan")
        .set_author("rotaplan");
    if let Some(year) = created {
        let date = ExcelDateTime::from_ymd(u16::try_from(year).unwrap_or(0), 1, 1)?;
        props = props.set_creation_datetime(&date);
    }
    book.set_properties(&props);
    // Level 3, the level Excel itself writes, instead of the default 6: compressing the sheets
    // is much of the time of saving. On the 10,000-teacher benchmark county the whole run
    // executes 0.7% fewer instructions (scripts/instructions.sh), for a workbook of 204 KB
    // instead of 187 KB.
    book.set_zip_compression_level(3);
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let patterns = ["0", "0.0", "0.00", "0.000", "0.0000"];
    let nums = patterns.map(|n| Format::new().set_num_format(n));
    let fill = Color::RGB(0xFCE4D6);
    let marked_nums = patterns.map(|n| Format::new().set_num_format(n).set_background_color(fill));
    let f = Formats {
        header,
        date: Format::new().set_num_format("yyyy-mm-dd"),
        nums,
        title: Format::new().set_bold(),
        marked_nums,
        marked: Format::new().set_background_color(fill),
    };
    // The sheets are independent: built side by side, then added in their order.
    use rayon::prelude::*;
    let built: Vec<Worksheet> = sheets
        .par_iter()
        .map(|sheet| worksheet(sheet, &f, title))
        .collect::<Result<_, _>>()?;
    for ws in built {
        book.push_worksheet(ws);
    }
    book.save_to_buffer()
}

fn sheets(ctx: &ReportCtx) -> Vec<Sheet> {
    vec![
        sheets::plan_sheet(ctx),
        sheets::hire_sheet(ctx),
        sheets::gap_sheet(ctx),
        staffing::staffing_sheet(ctx),
        staffing::coverage_sheet(ctx),
        staffing::itinerant_sheet(ctx),
        sheets::unplaced_sheet(ctx),
        sheets::indicator_sheet(ctx),
        sheets::summary_sheet(ctx),
    ]
    .into_iter()
    .chain((!ctx.leaders.is_empty()).then(|| staffing::leader_sheet(ctx)))
    .chain((!ctx.wishes.is_empty()).then(|| staffing::merit_sheet(ctx)))
    .collect()
}

/// Header labels in the report language from (Chinese, English) pairs.
fn labels(l: crate::output::Lang, pairs: &[(&str, &str)]) -> Vec<String> {
    pairs
        .iter()
        .map(|(zh, en)| l.t(zh, en).to_string())
        .collect()
}

/// plan.xlsx bytes.
pub(crate) fn render(ctx: &ReportCtx) -> Vec<u8> {
    let created = ctx.reproducible.then_some(ctx.summary.plan_year);
    // Every input is in memory, every sheet name is fixed and valid and long texts are cut to
    // fit, so a failure here is a bug: the workbook then says so instead of the plan run
    // failing (the CSV files hold the plan).
    let title = format!(
        "{} {} · {}",
        ctx.loaded.scenario.name,
        ctx.summary.plan_year,
        ctx.lang.t("交流轮岗方案", "rotation plan")
    );
    workbook(&sheets(ctx), created, &title).unwrap_or_else(|e| failure_note(&e.to_string()))
}

/// A workbook with one sheet that says why plan.xlsx could not be built.
fn failure_note(error: &str) -> Vec<u8> {
    let sheet = Sheet {
        name: "error".into(),
        headers: vec!["plan.xlsx could not be built / plan.xlsx 无法生成".into()],
        rows: vec![vec![text(error)]],
        below: vec![],
        marked: vec![],
    };
    workbook(&[sheet], None, "rotaplan").unwrap_or_default()
}

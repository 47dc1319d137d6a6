//! A workbook saved again as an office would after editing it in Excel: every sheet's values
//! kept (numbers, text, dates as dates), one sheet's rows edited. Formats, print setup and
//! widths are not kept; the checker reads values only.

use calamine::{Data, Reader};
use rust_xlsxwriter::{Format, Workbook};
use std::path::Path;

/// Rewrites `path` with the rows of `sheet` passed through `edit` (given the row's text cells;
/// `None` drops the row, header rows included in what it sees).
pub fn resave(path: &Path, sheet: &str, edit: impl Fn(&[String]) -> Option<Vec<String>>) {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let names = book.sheet_names();
    let mut out = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for name in names {
        let range = book.worksheet_range(&name).unwrap();
        let ws = out.add_worksheet();
        ws.set_name(&name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut r = r0;
        for row in range.rows() {
            let texts: Vec<String> = row.iter().map(|c| c.to_string()).collect();
            let cells: Vec<Data> = if name == sheet {
                match edit(&texts) {
                    None => continue,
                    Some(t) if t == texts => row.to_vec(),
                    Some(t) => t.into_iter().map(Data::String).collect(),
                }
            } else {
                row.to_vec()
            };
            for (j, cell) in cells.iter().enumerate() {
                let c = (c0 as usize + j) as u16;
                match cell {
                    Data::String(s) => ws.write_string(r, c, s).map(|_| ()),
                    Data::Float(f) => ws.write_number(r, c, *f).map(|_| ()),
                    Data::Int(i) => ws.write_number(r, c, *i as f64).map(|_| ()),
                    Data::Bool(b) => ws.write_boolean(r, c, *b).map(|_| ()),
                    Data::DateTime(d) => ws
                        .write_number_with_format(r, c, d.as_f64(), &date)
                        .map(|_| ()),
                    _ => Ok(()),
                }
                .unwrap();
            }
            r += 1;
        }
    }
    out.save(path).unwrap();
}

//! Cell text made safe before it is read: full-width ids, numbers and dates made half-width,
//! control characters reported and removed.
//!
//! Offices type with a Chinese input method, which gives full-width letters and digits
//! (`Ｓ０００１`, `１２`, `２０２６－０９－０１`); these are the same id, number and date as
//! `S0001`, `12` and `2026-09-01`, so every cell but free text (names, notes) is normalised
//! (U+FF01..U+FF5E to ASCII, the ideographic space U+3000 to a space). Control characters (NUL, ESC, the other C0
//! characters, DEL and C1) have no place in ids or names and would reach plan.csv, the report
//! and the terminal raw; each is reported at its cell (E-VALUE-CONTROL) and removed, so the
//! rest of the row is still checked. Tab and line breaks are allowed in text cells (Excel's
//! Alt+Enter), not in ids.

use super::table::Table;
use crate::diag::{self, Diagnostic};

/// Whether a field holds an id (compared with ids of other files).
fn is_id(field: &str) -> bool {
    field.ends_with("_id")
}

/// Whether a field is free text (a name, a note), kept as typed; every other field — ids,
/// numbers, dates, codes — is read half-width, so `１２` is 12 and `２０２６－０９－０１` a date.
fn is_free_text(field: &str) -> bool {
    matches!(field, "name" | "note" | "source" | "township")
}

/// Full-width ASCII (U+FF01..U+FF5E) and the ideographic space as their ASCII forms.
pub fn half_width(text: &str) -> std::borrow::Cow<'_, str> {
    let wide = |c: char| ('\u{ff01}'..='\u{ff5e}').contains(&c) || c == '\u{3000}';
    if !text.chars().any(wide) {
        return text.into();
    }
    text.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            c if wide(c) => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        })
        .collect::<String>()
        .into()
}

/// Whether `c` is a control character not allowed in a cell of this kind.
fn forbidden(c: char, id: bool) -> bool {
    c.is_control() && (id || !matches!(c, '\t' | '\n' | '\r'))
}

/// Cleans the cells of the columns the file's fields were found in.
/// `columns`: each field found and the index of its column.
pub fn cells(table: &mut Table, columns: &[(&'static str, usize)], diags: &mut Vec<Diagnostic>) {
    for row in &mut table.rows {
        for &(field, i) in columns {
            let id = is_id(field);
            let cell = &mut row.cells[i];
            if !is_free_text(field) {
                if let std::borrow::Cow::Owned(s) = half_width(cell) {
                    *cell = s;
                }
            }
            let Some(bad) = cell.chars().find(|&c| forbidden(c, id)) else {
                continue;
            };
            diags.push(
                Diagnostic::error(
                    "E-VALUE-CONTROL",
                    format!(
                        "{field} \"{}\" contains the control character U+{:04X}{}",
                        diag::quote(cell),
                        bad as u32,
                        if id { " (not allowed in an id)" } else { "" }
                    ),
                    format!(
                        "remove the control character U+{:04X} from the cell (it is invisible in Excel: retype the value); 请删除单元格中的控制字符 U+{:04X}（重新输入该值）",
                        bad as u32, bad as u32
                    ),
                )
                .zh(
                    format!(
                        "{field}“{}”含有控制字符 U+{:04X}{}",
                        diag::quote(cell),
                        bad as u32,
                        if id { "（工号、代码中不允许）" } else { "" }
                    ),
                    format!(
                        "请删除单元格中的控制字符 U+{:04X}（在 Excel 中看不见，请重新输入该值）",
                        bad as u32
                    ),
                )
                .in_file(&table.file)
                .at(row.line, Some(table.columns[i]))
                .field(field),
            );
            cell.retain(|c| !forbidden(c, id));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_ids_become_ascii() {
        assert_eq!(half_width("Ｓ０００１"), "S0001");
        assert_eq!(half_width("Ｔ－１２　"), "T-12 ");
        assert!(matches!(half_width("S0001"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(half_width("学校Ａ"), "学校A");
        assert_eq!(half_width("２０２６－０９－０１"), "2026-09-01");
        assert_eq!(half_width("１２．５"), "12.5");
        assert!(is_free_text("name") && !is_free_text("birth_date") && !is_free_text("students"));
    }

    #[test]
    fn control_characters() {
        for c in ['\0', '\u{1b}', '\u{7f}', '\u{85}', '\u{9b}'] {
            assert!(forbidden(c, false), "{c:?}");
        }
        assert!(!forbidden('\t', false) && forbidden('\t', true));
        assert!(!forbidden('\n', false) && forbidden('\n', true));
        assert!(!forbidden('学', true));
    }
}

//! CSV cells that a spreadsheet cannot run as formulas.
//!
//! The bureau opens plan.csv in Excel. A cell starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return is taken as a formula there (`=cmd|' /C calc'!A0`), so a teacher named that
//! way could run code on the office's machine. As OWASP recommends, such a text cell is written
//! with a leading apostrophe, which spreadsheets show as text. Numbers (`-1.5`) are left alone.
//!
//! [`unprotect`] is the exact inverse: readers of rotaplan's CSV files (`check`, `explain`,
//! `plan --from`, `compare`) call it on every text cell. So that the inverse is exact, a cell
//! that already starts with an apostrophe followed by what `unprotect` would strip gets one
//! more apostrophe.

use std::borrow::Cow;

/// Characters that make a spreadsheet read a cell as a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A plain number such as `-1.5` or `+2e3`: safe, and must stay a number.
fn is_number(cell: &str) -> bool {
    cell.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
        && cell.parse::<f64>().is_ok_and(f64::is_finite)
}

/// A text cell a spreadsheet would run as a formula.
fn dangerous(cell: &str) -> bool {
    cell.starts_with(TRIGGERS) && !is_number(cell)
}

/// A cell that starts with an apostrophe [`unprotect`] would strip.
fn marked(cell: &str) -> bool {
    cell.strip_prefix('\'')
        .is_some_and(|rest| dangerous(rest) || rest.starts_with('\''))
}

/// The cell as written to a CSV file: with a leading `'` when a spreadsheet would otherwise
/// read it as a formula (or when [`unprotect`] would otherwise strip one).
pub fn protect(cell: &str) -> Cow<'_, str> {
    if dangerous(cell) || marked(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The original text of a cell written by [`protect`].
pub fn unprotect(cell: &str) -> &str {
    if marked(cell) {
        &cell[1..]
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(protect("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(protect("@SUM(1)"), "'@SUM(1)");
        assert_eq!(protect("+86 139"), "'+86 139");
        assert_eq!(protect("-"), "'-");
        assert_eq!(protect("\tx"), "'\tx");
        assert_eq!(protect("\rx"), "'\rx");
        for safe in [
            "-1.5", "+2", "-0.0000", "1e3", "罗琴", "O'Brien", "'quoted", "",
        ] {
            assert_eq!(protect(safe), safe);
        }
    }

    #[test]
    fn unprotect_is_the_exact_inverse() {
        for s in [
            "=1+1", "'=1+1", "''=1+1", "'", "''", "'a", "-1.5", "-x", "'-x", "@", "罗琴", "",
        ] {
            assert_eq!(unprotect(&protect(s)), s, "{s:?}");
        }
        assert_eq!(unprotect("=x"), "=x", "a cell Excel saved without the mark");
    }
}

//! Aligned text columns for terminal reports. Chinese characters take two terminal columns,
//! so padding counts display width, not `char`s (`format!("{:10}")` would misalign them).

/// How a column's cells are padded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table: one header row, then data rows; every row has one cell per column.
pub struct Table {
    aligns: Vec<Align>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str], aligns: &[Align]) -> Table {
        assert_eq!(header.len(), aligns.len(), "one alignment per column");
        Table {
            aligns: aligns.to_vec(),
            rows: vec![header.iter().map(|h| h.to_string()).collect()],
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.aligns.len(), "one cell per column");
        self.rows.push(cells);
    }

    /// The table, each line indented by two spaces and ended by a newline; columns separated
    /// by two spaces, trailing spaces trimmed.
    pub fn render(&self) -> String {
        let mut widths = vec![0; self.aligns.len()];
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(display_width(cell));
            }
        }
        let mut out = String::new();
        for row in &self.rows {
            let mut line = String::from(" ");
            for ((cell, &w), &align) in row.iter().zip(&widths).zip(&self.aligns) {
                let pad = " ".repeat(w - display_width(cell));
                line.push(' ');
                match align {
                    Align::Left => {
                        line.push_str(cell);
                        line.push_str(&pad);
                    }
                    Align::Right => {
                        line.push_str(&pad);
                        line.push_str(cell);
                    }
                }
                line.push(' ');
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// Terminal columns a string takes: 2 for East Asian wide characters, 1 otherwise.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F     // Hangul Jamo
        | 0x2E80..=0x303E   // CJK radicals, punctuation
        | 0x3041..=0x33FF   // kana, CJK symbols
        | 0x3400..=0x4DBF   // CJK extension A
        | 0x4E00..=0x9FFF   // CJK unified ideographs
        | 0xA000..=0xA4CF   // Yi
        | 0xAC00..=0xD7A3   // Hangul syllables
        | 0xF900..=0xFAFF   // CJK compatibility ideographs
        | 0xFE30..=0xFE4F   // CJK compatibility forms
        | 0xFF00..=0xFF60   // fullwidth forms
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD // CJK extensions B and later
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counts_double() {
        assert_eq!(display_width("城区 urban"), 10);
        assert_eq!(display_width("（）"), 4);
    }

    #[test]
    fn columns_line_up_with_chinese_cells() {
        let mut t = Table::new(&["name", "n"], &[Align::Left, Align::Right]);
        t.row(vec!["城关小学".into(), "1.5".into()]);
        t.row(vec!["abc".into(), "12.0".into()]);
        let text = t.render();
        let widths: Vec<usize> = text.lines().map(display_width).collect();
        assert_eq!(widths, vec![16, 16, 16], "{text}");
        assert!(text.contains("  城关小学   1.5\n"), "{text}");
    }
}

//! The fingerprint of a plan's decisions (docs/plan-format.md, "Which file holds the
//! decisions"). A plan folder holds its decisions twice, in plan.csv/hires.csv and in the
//! workbook's rotation and hires sheets; an office edits one of them. summary.json records the
//! fingerprint of the decisions as planned, so that `check` and `render` can tell which copy was
//! edited. The planner's writer and the checker's reader each build the lines from what they
//! hold; only the line format and the hash are shared, as a file format is.

/// A move as a fingerprint line: kind (`rotation`/`exchange`), teacher, subject id, from and
/// to school ids, term dates (ISO; empty when unknown).
pub fn move_line(
    kind: &str,
    teacher_id: &str,
    subject: &str,
    from: &str,
    to: &str,
    start: &str,
    end: &str,
) -> String {
    format!("move\t{kind}\t{teacher_id}\t{subject}\t{from}\t{to}\t{start}\t{end}")
}

/// A hire row as a fingerprint line: school id, subject id, programme key, count.
pub fn hire_line(school_id: &str, subject: &str, programme: &str, count: i64) -> String {
    format!("hire\t{school_id}\t{subject}\t{programme}\t{count}")
}

/// The fingerprint of a set of lines (in any order): FNV-1a 64 of the sorted lines joined by
/// newlines, as 16 lower-case hex digits. Fixed arithmetic, the same on every platform.
pub fn fingerprint(mut lines: Vec<String>) -> String {
    lines.sort_unstable();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, line) in lines.iter().enumerate() {
        let sep: &[u8] = if i == 0 { b"" } else { b"\n" };
        for &b in sep.iter().chain(line.as_bytes()) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_of_lines_does_not_count_and_their_content_does() {
        let a = move_line(
            "rotation",
            "T1",
            "music",
            "S1",
            "S2",
            "2026-09-01",
            "2027-08-31",
        );
        let b = hire_line("S2", "math", "tegang", 1);
        assert_eq!(
            fingerprint(vec![a.clone(), b.clone()]),
            fingerprint(vec![b.clone(), a.clone()])
        );
        let c = move_line(
            "rotation",
            "T1",
            "music",
            "S1",
            "S3",
            "2026-09-01",
            "2027-08-31",
        );
        assert_ne!(fingerprint(vec![a, b.clone()]), fingerprint(vec![c, b]));
        assert_eq!(fingerprint(vec![]), "cbf29ce484222325");
    }
}

//! Parsing single cell values (dates, booleans, numbers, lists) as bureaus write them.
//!
//! Pure functions returning a typed reason on failure; cells.rs turns the reason into a
//! diagnostic with the position. Accepted spellings are those of docs/data-format.md.

use chrono::NaiveDate;

/// Why a date was refused; displayed after the quoted cell text (`birth_date "x" is not a date…`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("is not a date; use one of: {DATE_FORMATS}")]
    NotADate,
    #[error("is not a calendar date ({year}-{month:02}-{day:02} does not exist)")]
    NoSuchDay { year: u32, month: u32, day: u32 },
    #[error("has an implausible year {0}")]
    ImplausibleYear(u32),
}

/// Date spellings accepted, for messages.
pub const DATE_FORMATS: &str =
    "2026-09-01, 2026/9/1, 2026.9.1, 2026年9月1日, 2026-09, 20260901, an Excel date serial (46266)";

/// Parses a date; a month without a day means the first of the month. A trailing time of day
/// (as Excel writes `2026/9/1 0:00`) is ignored.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let t = text.trim();
    let t = t.split_whitespace().next().unwrap_or("");
    let t = t.split('T').next().unwrap_or(t);
    // The usual spelling, 2026-09-01, read directly (the same result as the general way below).
    match iso_date(t) {
        Some((y, m, d)) => calendar_date(y, m, d),
        None => parse_date_parts(t),
    }
}

/// `parse_date` for any accepted spelling, on the text without a time of day.
fn parse_date_parts(t: &str) -> Result<NaiveDate, DateError> {
    let parts: Vec<&str> = if t.chars().all(|c| c.is_ascii_digit()) {
        match t.len() {
            8 => vec![&t[..4], &t[4..6], &t[6..]],
            6 => vec![&t[..4], &t[4..]],
            // An Excel date serial, as a date cell formatted "General" shows it (days since
            // 1899-12-30; 10000 is 1927-05-18, 99999 is 2173-10-14).
            5 => {
                let days: i64 = t.parse().map_err(|_| DateError::NotADate)?;
                let date = NaiveDate::from_ymd_opt(1899, 12, 30)
                    .and_then(|d| d.checked_add_signed(chrono::Duration::days(days)))
                    .ok_or(DateError::NotADate)?;
                return Ok(date);
            }
            _ => return Err(DateError::NotADate),
        }
    } else {
        t.trim_end_matches(['日', '月'])
            .split(['-', '/', '.', '年', '月'])
            .collect()
    };
    let nums: Option<Vec<u32>> = parts
        .iter()
        .map(|p| {
            (!p.is_empty() && p.len() <= 4)
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect();
    let (y, m, d) = match nums.as_deref() {
        Some([y, m, d]) if parts[0].len() == 4 => (*y, *m, *d),
        Some([y, m]) if parts[0].len() == 4 => (*y, *m, 1),
        _ => return Err(DateError::NotADate),
    };
    calendar_date(y, m, d)
}

/// Year, month and day of a date written exactly as `YYYY-MM-DD` (ASCII digits).
fn iso_date(t: &str) -> Option<(u32, u32, u32)> {
    let b = t.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Some((digits(0..4)?, digits(5..7)?, digits(8..10)?))
}

/// The date of year, month and day, if it exists and its year is plausible.
fn calendar_date(y: u32, m: u32, d: u32) -> Result<NaiveDate, DateError> {
    let date = NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(DateError::NoSuchDay {
        year: y,
        month: m,
        day: d,
    })?;
    if !(1900..=2200).contains(&y) {
        return Err(DateError::ImplausibleYear(y));
    }
    Ok(date)
}

/// Parses a boolean; empty means false.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "" | "false" | "no" | "n" | "0" | "否" => Some(false),
        "true" | "yes" | "y" | "1" | "是" => Some(true),
        _ => None,
    }
}

/// Why a number was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum NumError {
    NotNumber,
    NotWhole,
    Negative,
}

/// Parses a whole number; `12.0` (as Excel may write it) is accepted, `12.5` is not.
pub fn parse_count(text: &str) -> Result<u64, NumError> {
    let f = parse_number(text)?;
    if f < 0.0 {
        return Err(NumError::Negative);
    }
    if f.fract() != 0.0 {
        return Err(NumError::NotWhole);
    }
    if f > u64::MAX as f64 {
        return Err(NumError::NotNumber);
    }
    Ok(f as u64)
}

/// Parses a finite decimal number.
pub fn parse_number(text: &str) -> Result<f64, NumError> {
    let t = text.trim();
    match t.parse::<f64>() {
        Ok(f) if f.is_finite() => Ok(f),
        _ => Err(NumError::NotNumber),
    }
}

/// Splits a list cell on `;` `；` `、` `,` `，` `|`, dropping empty items.
pub fn split_list(text: &str) -> Vec<&str> {
    text.split([';', '；', '、', ',', '，', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn date_spellings() {
        for s in [
            "2026-09-01",
            "2026/9/1",
            "2026.9.1",
            "2026年9月1日",
            "2026-09",
            "20260901",
            "2026/9/1 0:00",
            "2026年9月",
        ] {
            assert_eq!(parse_date(s), Ok(d(2026, 9, 1)), "{s}");
        }
        assert!(parse_date("01/09/2026").is_err());
        assert!(matches!(
            parse_date("2026-02-30"),
            Err(DateError::NoSuchDay { .. })
        ));
        assert!(parse_date("2026-02-30")
            .unwrap_err()
            .to_string()
            .contains("calendar"));
        assert!(parse_date("next week").is_err());
        assert!(parse_date("1026-01-01").is_err());
    }

    #[test]
    fn iso_dates_read_directly_as_the_general_way_reads_them() {
        for y in [0, 1899, 1900, 2026, 2200, 2201, 9999] {
            for m in 0..=13 {
                for day in 0..=32 {
                    let s = format!("{y:04}-{m:02}-{day:02}");
                    assert_eq!(parse_date(&s), parse_date_parts(&s), "{s}");
                }
            }
        }
        for s in ["2026-0a-01", "2026-09-0１", "2026_09-01", "+026-09-01"] {
            assert_eq!(iso_date(s), None, "{s}");
            assert!(parse_date(s).is_err(), "{s}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_count("12.0"), Ok(12));
        assert_eq!(parse_count(" 7 "), Ok(7));
        assert_eq!(parse_count("-3"), Err(NumError::Negative));
        assert_eq!(parse_count("2.5"), Err(NumError::NotWhole));
        assert_eq!(parse_count("abc"), Err(NumError::NotNumber));
        assert_eq!(parse_number("NaN"), Err(NumError::NotNumber));
        assert_eq!(parse_number("inf"), Err(NumError::NotNumber));
    }

    #[test]
    fn booleans_and_lists() {
        assert_eq!(parse_bool("是"), Some(true));
        assert_eq!(parse_bool(""), Some(false));
        assert_eq!(parse_bool("maybe"), None);
        assert_eq!(split_list("音乐、美术; pe"), vec!["音乐", "美术", "pe"]);
    }
}

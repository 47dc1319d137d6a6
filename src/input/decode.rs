//! Text decoding for CSV files.
//!
//! Bureaus export rosters from Excel on Chinese Windows, which writes GBK unless the user picks
//! "CSV UTF-8" (which adds a BOM). Guessing wrong silently turns every Chinese header into
//! mojibake and every row into an error, so the rules are strict and simple: a BOM means UTF-8,
//! valid UTF-8 is UTF-8, anything else is GB18030 (a superset of GBK), and bytes that decode
//! under none of these are reported with their line instead of being replaced.

use encoding_rs::GB18030;

/// The encoding a scenario asks for (`encoding = "..."`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requested {
    Auto,
    Utf8,
    Gb18030,
}

/// Accepted spellings of the `encoding` option, for messages.
pub const ENCODING_NAMES: &str = "auto, utf-8, gbk, gb18030";

impl Requested {
    pub fn parse(name: Option<&str>) -> Option<Requested> {
        let Some(name) = name else {
            return Some(Requested::Auto);
        };
        match name.trim().to_lowercase().replace(['-', '_'], "").as_str() {
            "" | "auto" => Some(Requested::Auto),
            "utf8" | "utf8bom" => Some(Requested::Utf8),
            "gbk" | "gb2312" | "gb18030" | "cp936" => Some(Requested::Gb18030),
            _ => None,
        }
    }
}

/// Bytes that are not valid in the encoding used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// 1-based physical line of the first bad byte.
    pub line: usize,
    /// The bad bytes in hex, e.g. `C4 E3`.
    pub bytes: String,
    /// Name of the encoding that failed.
    pub encoding: &'static str,
}

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// Decodes a whole file. Returns the text (BOM removed) and the name of the encoding used.
pub fn decode(bytes: &[u8], requested: Requested) -> Result<(String, &'static str), DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError {
            line: 1,
            bytes: hex(&bytes[..2]),
            encoding: "UTF-16 (not supported)",
        });
    }
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return utf8(bytes, rest, UTF8_BOM.len()).map(|t| (t, "UTF-8 (BOM)"));
    }
    match requested {
        Requested::Utf8 => utf8(bytes, bytes, 0).map(|t| (t, "UTF-8")),
        Requested::Gb18030 => gb18030(bytes).map(|t| (t, "GB18030")),
        Requested::Auto => match std::str::from_utf8(bytes) {
            Ok(text) => Ok((text.to_string(), "UTF-8")),
            Err(_) => gb18030(bytes).map(|t| (t, "GB18030")),
        },
    }
}

fn utf8(all: &[u8], text: &[u8], offset: usize) -> Result<String, DecodeError> {
    match std::str::from_utf8(text) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let start = offset + e.valid_up_to();
            let len = e.error_len().unwrap_or(all.len() - start).clamp(1, 4);
            Err(bad(all, start, len, "UTF-8"))
        }
    }
}

fn gb18030(bytes: &[u8]) -> Result<String, DecodeError> {
    let mut decoder = GB18030.new_decoder_without_bom_handling();
    let cap = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len() * 4 + 16);
    let mut out = String::with_capacity(cap);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(out),
        encoding_rs::DecoderResult::Malformed(bad_len, after) => {
            let end = read.saturating_sub(after as usize);
            let start = end.saturating_sub(bad_len as usize);
            Err(bad(bytes, start, (bad_len as usize).max(1), "GB18030/GBK"))
        }
        // The buffer is sized for the worst case; treat a full buffer as undecodable.
        encoding_rs::DecoderResult::OutputFull => Err(bad(bytes, read, 1, "GB18030/GBK")),
    }
}

fn bad(bytes: &[u8], start: usize, len: usize, encoding: &'static str) -> DecodeError {
    let start = start.min(bytes.len());
    let end = (start + len).min(bytes.len());
    DecodeError {
        line: 1 + bytes[..start].iter().filter(|&&b| b == b'\n').count(),
        bytes: hex(&bytes[start..end]),
        encoding,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_plain_utf8() {
        let (t, e) = decode("\u{feff}学校".as_bytes(), Requested::Auto).unwrap();
        assert_eq!((t.as_str(), e), ("学校", "UTF-8 (BOM)"));
        let (t, e) = decode("学校".as_bytes(), Requested::Auto).unwrap();
        assert_eq!((t.as_str(), e), ("学校", "UTF-8"));
    }

    #[test]
    fn gbk_auto_and_forced_utf8() {
        let (bytes, _, _) = GB18030.encode("a,b\n学校,音乐\n");
        let (t, _) = decode(&bytes, Requested::Auto).unwrap();
        assert_eq!(t, "a,b\n学校,音乐\n");
        let err = decode(&bytes, Requested::Utf8).unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn undecodable_bytes_report_line() {
        let err = decode(b"a\nb\n\xFF\xFF\n", Requested::Auto).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.bytes.starts_with("FF"));
    }
}

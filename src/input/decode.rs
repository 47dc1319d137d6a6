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

/// What is wrong with a file's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Bytes that are not valid in the encoding used.
    Invalid,
    /// The file is UTF-8 text except for a few bytes (`bad` invalid sequences): a stray byte,
    /// not a GBK file, so it is not decoded as GBK.
    MostlyUtf8 { bad: usize },
    /// The file is UTF-16 (Excel's "Unicode text"), with or without a byte order mark.
    Utf16,
    /// The file holds many NUL bytes: it is binary, not text.
    Binary,
}

/// Bytes that cannot be read as text, with the physical line of the first bad byte.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe(self))]
pub struct DecodeError {
    /// 1-based physical line of the first bad byte (LF, CRLF and lone CR each end a line).
    pub line: usize,
    /// The bad bytes in hex, e.g. `C4 E3`.
    pub bytes: String,
    /// Name of the encoding that failed.
    pub encoding: &'static str,
    pub kind: Problem,
}

fn describe(e: &DecodeError) -> String {
    match e.kind {
        Problem::Invalid => format!(
            "bytes {} on line {} are not valid {}",
            e.bytes, e.line, e.encoding
        ),
        Problem::MostlyUtf8 { bad } => format!(
            "the file is UTF-8 text except for {bad} invalid byte sequence(s); the first, {}, is on line {}",
            e.bytes, e.line
        ),
        Problem::Utf16 => format!("the file is saved as {}, not as UTF-8 or GBK text", e.encoding),
        Problem::Binary => format!(
            "the file is binary, not text: it holds NUL bytes (the first on line {})",
            e.line
        ),
    }
}

impl DecodeError {
    /// The description in Chinese.
    pub fn describe_zh(&self) -> String {
        match self.kind {
            Problem::Invalid => format!(
                "第{}行的字节 {} 不是有效的 {} 编码",
                self.line, self.bytes, self.encoding
            ),
            Problem::MostlyUtf8 { bad } => format!(
                "文件是 UTF-8 编码，但有 {bad} 处无效字节；第一处为 {}，在第{}行",
                self.bytes, self.line
            ),
            Problem::Utf16 => format!("文件保存为 {} 编码，不是 UTF-8 或 GBK 文本", self.encoding),
            Problem::Binary => format!(
                "文件是二进制文件，不是文本：含有 NUL 字节（第一个在第{}行）",
                self.line
            ),
        }
    }
}

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// A few NUL bytes in a text file are cells to report (E-VALUE-CONTROL); more than this many,
/// or more than 1 in 100 bytes (in a file over 1,000 bytes), make the file binary.
const MAX_STRAY_NULS: usize = 16;

/// Decodes a whole file. Returns the text (BOM removed) and the name of the encoding used.
pub fn decode(bytes: &[u8], requested: Requested) -> Result<(String, &'static str), DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let encoding = match bytes[0] {
            0xFF => "UTF-16 LE (Excel \"Unicode text\")",
            _ => "UTF-16 BE",
        };
        return Err(special(Problem::Utf16, 1, hex(&bytes[..2]), encoding));
    }
    check_nuls(bytes)?;
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return utf8(bytes, rest, UTF8_BOM.len()).map(|t| (t, "UTF-8 (BOM)"));
    }
    match requested {
        Requested::Utf8 => utf8(bytes, bytes, 0).map(|t| (t, "UTF-8")),
        Requested::Gb18030 => gb18030(bytes).map(|t| (t, "GB18030")),
        Requested::Auto => match std::str::from_utf8(bytes) {
            Ok(text) => Ok((text.to_string(), "UTF-8")),
            Err(_) => {
                mostly_utf8(bytes)?;
                gb18030(bytes).map(|t| (t, "GB18030"))
            }
        },
    }
}

fn special(kind: Problem, line: usize, bytes: String, encoding: &'static str) -> DecodeError {
    DecodeError {
        line,
        bytes,
        encoding,
        kind,
    }
}

/// Refuses a file with many NUL bytes: UTF-16 without a byte order mark (every other byte NUL
/// in ASCII text) or a binary file. Neither is echoed anywhere.
fn check_nuls(bytes: &[u8]) -> Result<(), DecodeError> {
    let nuls = bytes.iter().filter(|&&b| b == 0).count();
    if nuls == 0 {
        return Ok(());
    }
    let head = &bytes[..bytes.len().min(4096)];
    let at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let half = head.len() / 2;
    let first = bytes.iter().position(|&b| b == 0).unwrap_or(0);
    if half > 0
        && (at(0) * 10 >= half * 4 || at(1) * 10 >= half * 4)
        && at(0).min(at(1)) * 10 < half
    {
        let encoding = if at(1) > at(0) {
            "UTF-16 LE without byte order mark"
        } else {
            "UTF-16 BE without byte order mark"
        };
        return Err(special(Problem::Utf16, 1, "00".into(), encoding));
    }
    if nuls <= MAX_STRAY_NULS && nuls * 100 <= bytes.len().max(1000) {
        return Ok(());
    }
    Err(special(
        Problem::Binary,
        line_of(bytes, first),
        "00".into(),
        "text",
    ))
}

/// Refuses to guess GBK for a file that is UTF-8 except for a few bytes: such a file decoded
/// as GBK is either refused on a line far from the bad byte or silently turned into mojibake.
/// "Mostly" means at least four valid UTF-8 multi-byte characters per invalid sequence; a GBK
/// file has far more invalid sequences than accidental UTF-8 characters.
fn mostly_utf8(bytes: &[u8]) -> Result<(), DecodeError> {
    let (mut valid, mut bad) = (0usize, 0usize);
    let mut first: Option<(usize, usize)> = None;
    let mut at = 0;
    while at < bytes.len() {
        let rest = &bytes[at..];
        let (good, skip) = match std::str::from_utf8(rest) {
            Ok(_) => (rest.len(), 0),
            Err(e) => (
                e.valid_up_to(),
                e.error_len().unwrap_or(rest.len() - e.valid_up_to()),
            ),
        };
        valid += rest[..good].iter().filter(|&&b| b >= 0xC0).count();
        if skip > 0 {
            bad += 1;
            first.get_or_insert((at + good, skip));
        }
        at += good + skip;
    }
    match first {
        Some((start, len)) if valid > 0 && valid >= 4 * bad => {
            let mut e = bad_bytes(bytes, start, len.clamp(1, 4), "UTF-8");
            e.kind = Problem::MostlyUtf8 { bad };
            Err(e)
        }
        _ => Ok(()),
    }
}

fn utf8(all: &[u8], text: &[u8], offset: usize) -> Result<String, DecodeError> {
    match std::str::from_utf8(text) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let start = offset + e.valid_up_to();
            let len = e.error_len().unwrap_or(all.len() - start).clamp(1, 4);
            Err(bad_bytes(all, start, len, "UTF-8"))
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
            Err(bad_bytes(
                bytes,
                start,
                (bad_len as usize).max(1),
                "GB18030/GBK",
            ))
        }
        // The buffer is sized for the worst case; treat a full buffer as undecodable.
        encoding_rs::DecoderResult::OutputFull => Err(bad_bytes(bytes, read, 1, "GB18030/GBK")),
    }
}

fn bad_bytes(bytes: &[u8], start: usize, len: usize, encoding: &'static str) -> DecodeError {
    let start = start.min(bytes.len());
    let end = (start + len).min(bytes.len());
    DecodeError {
        line: line_of(bytes, start),
        bytes: hex(&bytes[start..end]),
        encoding,
        kind: Problem::Invalid,
    }
}

/// 1-based physical line of byte `offset`, as an editor or Excel counts lines: LF, CRLF and
/// a lone CR each end one line.
pub fn line_of(bytes: &[u8], offset: usize) -> usize {
    LineIndex::new(bytes).line(offset)
}

/// Start offsets of the physical lines of a text, for many look-ups.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(bytes: &[u8]) -> Self {
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// 1-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
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

    #[test]
    fn stray_byte_in_utf8_file_names_its_line() {
        let mut text = "工号,姓名\n".repeat(10).into_bytes();
        text.extend_from_slice(b"T00010,\xB3\xE7\xBD\xA8\n");
        text.extend("王芳,李娜\r\n".repeat(3).as_bytes());
        let err = decode(&text, Requested::Auto).unwrap_err();
        assert_eq!((err.line, err.kind), (11, Problem::MostlyUtf8 { bad: 1 }));
        assert_eq!(err.bytes, "B3");
    }

    #[test]
    fn binary_and_utf16_are_named() {
        let err = decode(&[0u8; 1000], Requested::Auto).unwrap_err();
        assert_eq!(err.kind, Problem::Binary);
        let utf16: Vec<u8> = "id,name\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(
            decode(&utf16, Requested::Auto).unwrap_err().kind,
            Problem::Utf16
        );
        let bom: Vec<u8> = [0xFF, 0xFE].into_iter().chain(utf16).collect();
        assert_eq!(
            decode(&bom, Requested::Auto).unwrap_err().kind,
            Problem::Utf16
        );
        // A stray NUL is left to the cell checks, which name its line and column.
        assert!(decode(b"id,name\nT1,a\0b\n", Requested::Auto).is_ok());
    }

    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr() {
        let ix = LineIndex::new(b"a\r\nb\nc\rd");
        assert_eq!([0, 3, 5, 6, 7, 8].map(|o| ix.line(o)), [1, 2, 3, 3, 4, 4]);
    }
}

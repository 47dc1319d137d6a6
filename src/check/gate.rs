//! Can the plan folder be read at all? `rotaplan check` asks this first: a folder that is
//! missing, a plan file that is missing, a folder, UTF-16, binary or empty is bad input (exit 2)
//! with one message naming the file, not a plan that breaks a rule: checking it would only list
//! hundreds of consequential violations.

use super::files::{GAPS, HIRES, PLAN, SUMMARY, UNPLACED};
use super::staff_files::{COVERAGE, ITINERANT, STAFFING};
use std::path::{Path, PathBuf};

/// The plan files, in the order the checker reads them.
pub(crate) const PLAN_FILES: [&str; 8] = [
    PLAN, HIRES, GAPS, UNPLACED, SUMMARY, COVERAGE, ITINERANT, STAFFING,
];

/// Why a plan folder cannot be checked. Each message names the folder or file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum PlanFolderError {
    #[error(
        "{}: the plan folder does not exist; give the --out folder of `rotaplan plan` · 方案文件夹不存在",
        .0.display()
    )]
    NoFolder(PathBuf),
    #[error(
        "{}: not a folder; give the plan folder (plan.csv, hires.csv, …), not a file · 不是文件夹",
        .0.display()
    )]
    NotAFolder(PathBuf),
    #[error(
        "{}: missing; a plan folder holds plan.csv, hires.csv, gaps.csv, unplaced.csv and \
         summary.json (rerun `rotaplan plan`, or point check at the right folder) · 缺少方案文件",
        .0.display()
    )]
    Missing(PathBuf),
    #[error("{}: a folder, not a file; it must be the plan file itself · 应为文件而非文件夹", .0.display())]
    NotAFile(PathBuf),
    #[error("{}: cannot be read · 无法读取: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}: UTF-16 text, which rotaplan does not read; save it as \"CSV UTF-8\" (or GBK) \
         · 文件为 UTF-16 编码，请另存为 UTF-8 或 GBK",
        .0.display()
    )]
    Utf16(PathBuf),
    #[error(
        "{}: binary data (a NUL byte at offset {offset}), not a plan file; restore it from the \
         plan folder `rotaplan plan` wrote · 文件不是文本，请恢复原方案文件",
        path.display()
    )]
    Binary { path: PathBuf, offset: usize },
    #[error(
        "{}: neither UTF-8 nor GBK text (bytes {bytes} at offset {offset}); save it as \
         \"CSV UTF-8\" · 文件既非 UTF-8 也非 GBK 编码，请另存为 UTF-8",
        path.display()
    )]
    NotText {
        path: PathBuf,
        offset: usize,
        bytes: String,
    },
    #[error(
        "{}: plan.csv (or hires.csv) and plan.xlsx were both edited, differently; say which \
         holds the decisions with --decisions plan.csv or --decisions plan.xlsx · plan.csv 与 \
         plan.xlsx 均被修改且不一致，请用 --decisions 指定以哪个文件为准",
        .0.display()
    )]
    BothEdited(PathBuf),
    /// A file the checker could not use (e.g. empty): its C-FILE message.
    #[error("{}: {message} · 方案文件无法使用", path.display())]
    Unusable { path: PathBuf, message: String },
}

/// Reads the plan files of `dir`, refusing a folder or file that cannot be a plan.
pub(crate) fn read_folder(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, PlanFolderError> {
    match std::fs::metadata(dir) {
        Err(_) => return Err(PlanFolderError::NoFolder(dir.to_path_buf())),
        Ok(m) if !m.is_dir() => return Err(PlanFolderError::NotAFolder(dir.to_path_buf())),
        Ok(_) => {}
    }
    // leaders.csv is written only for a roster with leaders (docs/leaders.md)
    let leaders = dir.join(super::leaders::LEADERS);
    let optional = leaders.is_file().then_some(super::leaders::LEADERS);
    PLAN_FILES
        .iter()
        .copied()
        .chain(optional)
        .map(|name| {
            let path = dir.join(name);
            let bytes = read_file(&path)?;
            text_problem(&path, &bytes)?;
            Ok((name.to_string(), bytes))
        })
        .collect()
}

fn read_file(path: &Path) -> Result<Vec<u8>, PlanFolderError> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(PlanFolderError::Missing(path.to_path_buf()))
        }
        Ok(m) if m.is_dir() => return Err(PlanFolderError::NotAFile(path.to_path_buf())),
        _ => {}
    }
    std::fs::read(path).map_err(|source| PlanFolderError::Unreadable {
        path: path.to_path_buf(),
        source,
    })
}

/// UTF-16 (with or without a BOM), binary data, or bytes that are neither UTF-8 nor GB18030.
fn text_problem(path: &Path, bytes: &[u8]) -> Result<(), PlanFolderError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || looks_utf16(bytes) {
        return Err(PlanFolderError::Utf16(path.to_path_buf()));
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(PlanFolderError::Binary {
            path: path.to_path_buf(),
            offset,
        });
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let bom = bytes.len() - body.len();
    if let Err(e) = std::str::from_utf8(body) {
        let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
        let mut sink = String::with_capacity(body.len() * 2 + 16);
        let (result, _) = decoder.decode_to_string_without_replacement(body, &mut sink, true);
        if let encoding_rs::DecoderResult::Malformed(..) = result {
            let start = e.valid_up_to();
            return Err(PlanFolderError::NotText {
                path: path.to_path_buf(),
                offset: start + bom,
                bytes: body[start..body.len().min(start + 4)]
                    .iter()
                    .map(|b| format!("{b:02X}"))
                    .collect::<Vec<_>>()
                    .join(" "),
            });
        }
    }
    Ok(())
}

/// UTF-16 without a BOM: ASCII text with a NUL byte beside nearly every character.
fn looks_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512)];
    if head.len() < 4 {
        return false;
    }
    let zeros = |parity: usize| {
        head.iter()
            .enumerate()
            .filter(|(i, b)| i % 2 == parity && **b == 0)
            .count()
    };
    let pairs = head.len() / 2;
    zeros(0).max(zeros(1)) * 10 >= pairs * 8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(bytes: &[u8]) -> Option<PlanFolderError> {
        text_problem(Path::new("plan.csv"), bytes).err()
    }

    #[test]
    fn utf16_with_and_without_bom_is_named() {
        let utf16: Vec<u8> = "teacher_id,name\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(matches!(problem(&utf16), Some(PlanFolderError::Utf16(_))));
        let mut bom = vec![0xFF, 0xFE];
        bom.extend(&utf16);
        assert!(matches!(problem(&bom), Some(PlanFolderError::Utf16(_))));
    }

    #[test]
    fn text_in_utf8_or_gbk_passes_and_binary_does_not() {
        assert!(problem("teacher_id,name\nT1,张三\n".as_bytes()).is_none());
        let (gbk, _, _) = encoding_rs::GBK.encode("teacher_id,name\nT1,张三\n");
        assert!(problem(&gbk).is_none());
        assert!(matches!(
            problem(b"abc\x00def"),
            Some(PlanFolderError::Binary { offset: 3, .. })
        ));
        assert!(matches!(
            problem(b"abc\xFF\xFFdef"),
            Some(PlanFolderError::NotText { offset: 3, .. })
        ));
    }
}

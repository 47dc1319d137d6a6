//! What a path given as an input file is, before anything reads it.
//!
//! A folder, a FIFO or a device such as /dev/zero named as a data file, a scenario or an
//! `extends` target must be reported as what it is, and never read: reading a FIFO waits for a
//! writer forever and reading /dev/zero never ends. So the kind is checked first, and only a
//! regular file (or a link to one) is read.

use std::path::Path;

/// Why a path cannot be read as an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAFile {
    Missing,
    Folder,
    /// A FIFO, socket or device: never read.
    Special(&'static str),
    /// The metadata could not be read (e.g. no permission on a folder on the way).
    Unreadable(String),
}

impl NotAFile {
    /// Whether the path does not exist at all (E-FILE-MISSING) rather than being of the wrong
    /// kind (E-FILE-KIND) or unreadable (E-FILE-READ).
    pub fn code(&self) -> &'static str {
        match self {
            NotAFile::Missing => "E-FILE-MISSING",
            NotAFile::Folder | NotAFile::Special(_) => "E-FILE-KIND",
            NotAFile::Unreadable(_) => "E-FILE-READ",
        }
    }

    /// How the path is described after its name: "does not exist", "is a folder, not a file".
    pub fn describe(&self) -> String {
        match self {
            NotAFile::Missing => "does not exist (不存在)".to_string(),
            NotAFile::Folder => "is a folder, not a file (是文件夹，不是文件)".to_string(),
            NotAFile::Special(what) => {
                format!("is {what}, not a regular file; it is not read (不是普通文件)")
            }
            NotAFile::Unreadable(e) => format!("cannot be examined: {e} (无法读取)"),
        }
    }

    /// [`NotAFile::describe`] in Chinese: "不存在", "是文件夹，不是文件".
    pub fn describe_zh(&self) -> String {
        match self {
            NotAFile::Missing => "不存在".to_string(),
            NotAFile::Folder => "是文件夹，不是文件".to_string(),
            NotAFile::Special(what) => {
                format!("是{}，不是普通文件，不会读取", special_kind_zh(what))
            }
            NotAFile::Unreadable(e) => format!("无法读取（{e}）"),
        }
    }
}

/// The Chinese of a kind named by `special_kind`.
fn special_kind_zh(what: &str) -> &'static str {
    match what {
        "a FIFO (named pipe)" => "命名管道（FIFO）",
        "a device (such as /dev/zero)" => "设备文件（如 /dev/zero）",
        "a socket" => "套接字",
        _ => "特殊文件",
    }
}

/// Checks that `path` is a regular file (following links) without opening it.
pub fn regular(path: &Path) -> Result<(), NotAFile> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(NotAFile::Missing),
        Err(e) => return Err(NotAFile::Unreadable(e.to_string())),
    };
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    if kind.is_dir() {
        return Err(NotAFile::Folder);
    }
    Err(NotAFile::Special(special_kind(&kind)))
}

#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device (such as /dev/zero)"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "a special file"
}

/// Reads a regular file whole. The kind is checked first (see [`regular`]).
pub fn read(path: &Path) -> Result<Vec<u8>, ReadError> {
    regular(path).map_err(ReadError::Kind)?;
    std::fs::read(path).map_err(|e| ReadError::Io(e.to_string()))
}

/// Why [`read`] failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Kind(NotAFile),
    Io(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_named() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(regular(dir.path()), Err(NotAFile::Folder));
        assert_eq!(regular(&dir.path().join("nope")), Err(NotAFile::Missing));
        let f = dir.path().join("f.csv");
        std::fs::write(&f, "a").unwrap();
        assert_eq!(regular(&f), Ok(()));
        #[cfg(unix)]
        assert!(matches!(
            regular(Path::new("/dev/zero")),
            Err(NotAFile::Special(_))
        ));
    }
}

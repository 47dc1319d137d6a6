//! What every request must pass before the workbench acts on it (docs/workbench.md,
//! "Security"): the password when the workbench listens beyond this computer, the request
//! token and origin of every change (no cross-site request can make one), the upload size,
//! and names that cannot point outside the workbench folder.

use std::path::{Component, Path, PathBuf};

/// Why a request is refused, with its HTTP status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("password required · 需要密码")]
    Unauthorized,
    #[error("a change must come from a workbench page (token or origin missing or wrong) · 请求不是来自工作台页面，已拒绝")]
    CrossSite,
    #[error("the upload is larger than {limit} bytes · 上传文件超过 {limit} 字节")]
    TooLarge { limit: usize },
    #[error("\"{0}\" is not a usable name: use letters, digits, Chinese, - and _ (a file: .csv, .xlsx or .toml) · 名称不可用")]
    BadName(String),
    #[error("not found · 未找到")]
    NotFound,
}

impl Refused {
    pub fn status(&self) -> u16 {
        match self {
            Refused::Unauthorized => 401,
            Refused::CrossSite => 403,
            Refused::TooLarge { .. } => 413,
            Refused::BadName(_) => 400,
            Refused::NotFound => 404,
        }
    }
}

/// A random token of 32 hex digits from the system's random source.
pub fn random_token() -> String {
    let mut bytes = [0u8; 16];
    let filled = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes))
        .is_ok();
    if !filled {
        // elsewhere: the standard library's randomly keyed hasher, twice
        use std::hash::{BuildHasher, Hasher};
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_usize(i);
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos()),
            );
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// HTTP Basic credentials `user:password` → the password (any user name).
pub fn basic_password(header: &str) -> Option<String> {
    let encoded = header.trim().strip_prefix("Basic ")?;
    let decoded = base64_decode(encoded.trim())?;
    let text = String::from_utf8(decoded).ok()?;
    text.split_once(':').map(|(_, p)| p.to_string())
}

fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let s = s.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    for chunk in s.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c)? << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len().saturating_sub(1)]);
    }
    Some(out)
}

/// A scenario's name: 1–64 characters, letters (also Chinese), digits, `-` and `_`, not
/// starting with `-` or `_`.
pub fn scenario_name(name: &str) -> Result<&str, Refused> {
    let ok = !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        && !name.starts_with(['-', '_']);
    ok.then_some(name)
        .ok_or_else(|| Refused::BadName(name.to_string()))
}

/// A data file's name in a scenario folder: a plain name (no folder, no `..`, not hidden)
/// ending in .csv, .xlsx or .toml.
pub fn file_name(name: &str) -> Result<&str, Refused> {
    let bad = || Refused::BadName(name.to_string());
    let (stem, ext) = name.rsplit_once('.').ok_or_else(bad)?;
    let ext_ok = ["csv", "xlsx", "toml"].contains(&ext.to_ascii_lowercase().as_str());
    scenario_name(stem).map_err(|_| bad())?;
    (ext_ok && name.len() <= 100)
        .then_some(name)
        .ok_or_else(bad)
}

/// `root.join(parts…)` when every part is one plain component, so the result stays inside
/// `root`.
pub fn inside(root: &Path, parts: &[&str]) -> Result<PathBuf, Refused> {
    let mut p = root.to_path_buf();
    for part in parts {
        let mut comps = Path::new(part).components();
        match (comps.next(), comps.next()) {
            (Some(Component::Normal(c)), None) if !part.contains(['/', '\\']) => p.push(c),
            _ => return Err(Refused::BadName(part.to_string())),
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_leave_the_workbench() {
        for bad in [
            "../x.csv",
            "a/b.csv",
            "..",
            ".hidden.csv",
            "x.exe",
            "x",
            "a\\b.csv",
            "",
        ] {
            assert!(file_name(bad).is_err(), "{bad}");
        }
        assert_eq!(file_name("teachers.xlsx"), Ok("teachers.xlsx"));
        assert_eq!(file_name("教师名册.csv"), Ok("教师名册.csv"));
        assert!(scenario_name("示范县-2026").is_ok());
        assert!(scenario_name("..").is_err());
        assert!(inside(Path::new("/w"), &["a", ".."]).is_err());
        assert!(inside(Path::new("/w"), &["a/../../etc"]).is_err());
        assert_eq!(
            inside(Path::new("/w"), &["a", "b.csv"]).unwrap(),
            Path::new("/w/a/b.csv")
        );
    }

    #[test]
    fn basic_credentials_and_secrets() {
        // "u:secret"
        assert_eq!(basic_password("Basic dTpzZWNyZXQ="), Some("secret".into()));
        assert_eq!(basic_password("Bearer x"), None);
        assert!(same_secret("abc", "abc") && !same_secret("abc", "abd") && !same_secret("a", "ab"));
        let t = random_token();
        assert_eq!(t.len(), 32);
        assert_ne!(t, random_token());
    }
}

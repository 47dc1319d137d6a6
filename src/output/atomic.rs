//! Atomic file output: every file is rendered in memory first, then written to a temporary file
//! beside its target and renamed over it, so a reader never sees half a file and a failure
//! never leaves partial output behind.

use std::fs;
use std::io::Write;
use std::path::Path;

/// Writes `(name, bytes)` pairs into `dir` (created if missing), each atomically.
pub fn write_files(dir: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let pid = std::process::id();
    let mut temps = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let tmp = dir.join(format!(".{name}.{pid}.tmp"));
        let result = (|| {
            let mut f = fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()
        })();
        if let Err(e) = result {
            let _ = fs::remove_file(&tmp);
            for (t, _) in &temps {
                let _ = fs::remove_file(t);
            }
            return Err(e);
        }
        temps.push((tmp, dir.join(name)));
    }
    for (tmp, target) in temps {
        fs::rename(tmp, target)?;
    }
    Ok(())
}

/// Writes one file atomically.
pub fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    write_files(dir, &[(name, bytes.to_vec())])
}

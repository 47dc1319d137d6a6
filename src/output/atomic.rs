//! Output folders written as one unit.
//!
//! A plan folder is read as a whole: `check` compares plan.csv with summary.json, `compare`
//! reads whatif.json beside plan.csv. Replacing its files one by one lets a reader (or a crash)
//! see a mix of two runs, so [`write_files`] builds the complete folder beside the target, under
//! a hidden name, and swaps it in with one rename. A kill at any moment leaves either the old
//! folder or the new one; what it leaves behind (a hidden build folder) is removed by the next
//! run. Writers of one folder take an exclusive lock, so two runs cannot interleave.
//!
//! Replacing a folder deletes what was in it, so a folder is only replaced when it is empty or
//! holds nothing but files a plan writes ([`PLAN_FILES`]): `--out` pointed at a scenario folder
//! is refused instead of overwriting the roster. See docs/plan-format.md.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Every file `plan` may write into a plan folder. A non-empty folder is replaced only when it
/// holds these files and nothing else.
pub const PLAN_FILES: &[&str] = &[
    "plan.csv",
    "hires.csv",
    "gaps.csv",
    "unplaced.csv",
    "coverage.csv",
    "itinerant.csv",
    "staffing.csv",
    "leaders.csv",
    "merit-list.csv",
    "summary.json",
    "report.md",
    "plan.xlsx",
    "report.html",
    "whatif.json",
    "changes.csv",
];

/// How many foreign entries an error names before it says "and N more".
const NAMED: usize = 5;

/// Why an output folder or file was not written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The target folder holds entries rotaplan did not write: replacing it would delete them.
    #[error(
        "{} holds files rotaplan did not write ({entries}); choose a new or empty folder for \
         the output / {} 中有不是 rotaplan 写出的文件（{entries}），请换一个新的或空的文件夹",
        dir.display(),
        dir.display()
    )]
    Foreign { dir: PathBuf, entries: String },
    /// The target exists and is not a folder.
    #[error(
        "{} exists and is not a folder; choose another output path / {} 已存在且不是文件夹，\
         请换一个输出路径",
        path.display(),
        path.display()
    )]
    NotAFolder { path: PathBuf },
    /// A file name given to the writer is not a single plain name (a bug in the caller).
    #[error("{name:?} is not a plain file name / {name:?} 不是有效的文件名")]
    BadName { name: String },
    /// The operating system refused an operation.
    #[error("cannot {action} {}: {source} / 无法{}：{}", path.display(), action.zh(), path.display())]
    Io {
        action: Action,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

impl OutputError {
    /// True when the user should choose another path (exit 2), false for I/O failures (exit 3).
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            OutputError::Foreign { .. } | OutputError::NotAFolder { .. }
        )
    }
}

/// What was being done when the operating system refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Write,
    Read,
    Lock,
    Replace,
}

impl Action {
    fn zh(self) -> &'static str {
        match self {
            Action::Create => "创建",
            Action::Write => "写入",
            Action::Read => "读取",
            Action::Lock => "锁定",
            Action::Replace => "替换",
        }
    }
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Action::Create => "create",
            Action::Write => "write",
            Action::Read => "read",
            Action::Lock => "lock",
            Action::Replace => "replace",
        })
    }
}

fn io_err(action: Action, path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Which existing folders may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Policy {
    /// Empty, or only [`PLAN_FILES`] (and temp files of older rotaplan versions).
    PlanFolder,
    /// Only an empty folder.
    EmptyOnly,
}

/// Writes `(name, bytes)` pairs as the whole content of the plan folder `dir`, as one unit: a
/// reader sees the old folder or the new one, never a mix, and files of an earlier run that
/// this run does not write are gone afterwards. `dir` is created if missing. An existing
/// non-empty `dir` is replaced only when it holds nothing but [`PLAN_FILES`]; otherwise
/// [`OutputError::Foreign`].
pub fn write_files(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), OutputError> {
    write_folder(dir, files, Policy::PlanFolder)
}

/// As [`write_files`] for a folder that must be new or empty (a generated scenario): any
/// existing entry gives [`OutputError::Foreign`].
pub fn write_new_folder(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), OutputError> {
    write_folder(dir, files, Policy::EmptyOnly)
}

/// Checks, without writing, that [`write_files`] may write the plan folder `dir`.
pub fn check_plan_folder(dir: &Path) -> Result<(), OutputError> {
    inspect(dir, Policy::PlanFolder).map(|_| ())
}

/// Checks, without writing, that [`write_new_folder`] may write `dir`.
pub fn check_new_folder(dir: &Path) -> Result<(), OutputError> {
    inspect(dir, Policy::EmptyOnly).map(|_| ())
}

/// Adds or replaces files in the folder `dir` (created if missing), leaving its other entries
/// alone: for summaries written beside per-variant folders (batch-summary.csv, sweep.csv).
/// Each file is replaced atomically; on a failure the temp files are removed and no file has
/// been replaced.
pub fn add_files(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), OutputError> {
    for (name, _) in files {
        plain_name(name)?;
    }
    fs::create_dir_all(dir).map_err(io_err(Action::Create, dir))?;
    let pid = std::process::id();
    let mut temps: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(files.len());
    let result = (|| {
        for (name, bytes) in files {
            // A temp file of a killed earlier run of the same name is garbage: remove it.
            remove_leftovers(dir, name);
            let tmp = dir.join(temp_name(name, pid));
            temps.push((tmp.clone(), dir.join(name)));
            write_synced(&tmp, bytes)?;
        }
        for (tmp, target) in &temps {
            fs::rename(tmp, target).map_err(io_err(Action::Replace, target))?;
        }
        sync_dir(dir);
        Ok(())
    })();
    if result.is_err() {
        for (tmp, _) in &temps {
            let _ = fs::remove_file(tmp);
        }
    }
    result
}

/// Writes one file atomically (temp file beside it, then a rename).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| OutputError::BadName {
            name: path.display().to_string(),
        })?;
    add_files(dir, &[(name, bytes.to_vec())])
}

/// The hidden name of a build folder or temp file for `name`.
fn temp_name(name: &str, pid: u32) -> String {
    format!(".{name}.rotaplan-tmp-{pid}")
}

/// The hidden name of a folder moved aside during a swap (where exchange is not supported).
fn old_name(name: &str, pid: u32) -> String {
    format!(".{name}.rotaplan-old-{pid}")
}

fn lock_name(name: &str) -> String {
    format!(".{name}.rotaplan-lock")
}

/// The pid of a hidden sibling `.NAME.rotaplan-KIND-PID`, if `entry` is one.
fn leftover_pid(entry: &str, name: &str, kind: &str) -> Option<u32> {
    let rest = entry.strip_prefix(&format!(".{name}.rotaplan-{kind}-"))?;
    (!rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
        .then(|| rest.parse().ok())
        .flatten()
}

/// A name that is one plain path component.
fn plain_name(name: &str) -> Result<(), OutputError> {
    let ok = !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0'])
        && !name.contains(std::path::MAIN_SEPARATOR);
    if ok {
        Ok(())
    } else {
        Err(OutputError::BadName { name: name.into() })
    }
}

/// Whether a file rotaplan 0.1 left behind (`.plan.csv.1234.tmp`) in a plan folder.
fn legacy_temp(entry: &str) -> bool {
    let Some(rest) = entry.strip_prefix('.').and_then(|r| r.strip_suffix(".tmp")) else {
        return false;
    };
    let Some((name, pid)) = rest.rsplit_once('.') else {
        return false;
    };
    PLAN_FILES.contains(&name) && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
}

/// The folder's parent and its own name, resolving `.`, `..` and symbolic links of an existing
/// folder so that the swap happens beside the real folder.
fn locate(dir: &Path) -> Result<(PathBuf, String), OutputError> {
    let real = if dir.exists() {
        fs::canonicalize(dir).map_err(io_err(Action::Read, dir))?
    } else {
        dir.to_path_buf()
    };
    let name = real
        .file_name()
        .filter(|n| *n != "..")
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| OutputError::NotAFolder {
            path: dir.to_path_buf(),
        })?;
    let parent = real
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    Ok((parent, name))
}

/// What is at the target now: `None` when nothing, `Some(permissions)` for a folder that may be
/// replaced; an error when it may not.
fn inspect(dir: &Path, policy: Policy) -> Result<Option<fs::Permissions>, OutputError> {
    let meta = match fs::metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_err(Action::Read, dir)(e)),
    };
    if !meta.is_dir() {
        return Err(OutputError::NotAFolder {
            path: dir.to_path_buf(),
        });
    }
    let mut foreign = Vec::new();
    for entry in fs::read_dir(dir).map_err(io_err(Action::Read, dir))? {
        let entry = entry.map_err(io_err(Action::Read, dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
        let ours = policy == Policy::PlanFolder
            && is_file
            && (PLAN_FILES.contains(&name.as_str()) || legacy_temp(&name));
        if !ours {
            foreign.push(name);
        }
    }
    if foreign.is_empty() {
        return Ok(Some(meta.permissions()));
    }
    foreign.sort();
    let mut entries = foreign
        .iter()
        .take(NAMED)
        .map(|n| n.escape_debug().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if foreign.len() > NAMED {
        entries.push_str(&format!(" … +{}", foreign.len() - NAMED));
    }
    Err(OutputError::Foreign {
        dir: dir.to_path_buf(),
        entries,
    })
}

fn write_folder(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    policy: Policy,
) -> Result<(), OutputError> {
    for (name, _) in files {
        plain_name(name)?;
    }
    // Refuse before creating anything (the lock file included).
    inspect(dir, policy)?;
    let (parent, name) = locate(dir)?;
    fs::create_dir_all(&parent).map_err(io_err(Action::Create, &parent))?;
    let target = parent.join(&name);
    let _lock = Lock::acquire(&parent.join(lock_name(&name)))?;
    recover(&parent, &name, &target);
    // Again under the lock: another run may have written it meanwhile.
    let existing = inspect(&target, policy)?;
    let pid = std::process::id();
    let tmp = parent.join(temp_name(&name, pid));
    let result = build(&tmp, files, existing.as_ref())
        .and_then(|()| swap(&tmp, &target, existing.is_some(), &parent, &name, pid));
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result?;
    sync_dir(&parent);
    Ok(())
}

/// Under the lock: puts back a folder a killed run had moved aside (when the target is
/// missing), then removes every build or moved-aside folder earlier runs left.
fn recover(parent: &Path, name: &str, target: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut tmps = Vec::new();
    let mut olds = Vec::new();
    for entry in entries.flatten() {
        let entry_name = entry.file_name().to_string_lossy().into_owned();
        if leftover_pid(&entry_name, name, "tmp").is_some() {
            tmps.push(entry.path());
        } else if leftover_pid(&entry_name, name, "old").is_some() {
            olds.push(entry.path());
        }
    }
    if fs::symlink_metadata(target).is_err() {
        if let Some(old) = olds.pop() {
            let _ = fs::rename(&old, target);
        }
    }
    for path in tmps.into_iter().chain(olds) {
        let _ = fs::remove_dir_all(&path).or_else(|_| fs::remove_file(&path));
    }
}

/// Creates the build folder `tmp` holding `files`, each synced to disk.
fn build(
    tmp: &Path,
    files: &[(String, Vec<u8>)],
    permissions: Option<&fs::Permissions>,
) -> Result<(), OutputError> {
    fs::create_dir(tmp).map_err(io_err(Action::Create, tmp))?;
    for (name, bytes) in files {
        write_synced(&tmp.join(name), bytes)?;
    }
    if let Some(p) = permissions {
        let _ = fs::set_permissions(tmp, p.clone());
    }
    sync_dir(tmp);
    Ok(())
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let mut f = File::create(path).map_err(io_err(Action::Create, path))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(io_err(Action::Write, path))
}

/// Flushes a folder's entries to disk (best effort: not every platform can sync a folder).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Puts the built folder `tmp` in place of `target`.
fn swap(
    tmp: &Path,
    target: &Path,
    existed: bool,
    parent: &Path,
    name: &str,
    pid: u32,
) -> Result<(), OutputError> {
    if !existed {
        return fs::rename(tmp, target).map_err(io_err(Action::Replace, target));
    }
    match exchange(tmp, target) {
        Ok(()) => {
            // `tmp` now holds the old folder. A kill here leaves it for the next run to remove.
            let _ = fs::remove_dir_all(tmp);
            return Ok(());
        }
        Err(e) if !unsupported(&e) => return Err(io_err(Action::Replace, target)(e)),
        Err(_) => {}
    }
    // No atomic exchange: move the old folder aside, then the new one in. A kill between the
    // two renames leaves no target; the next run puts the old folder back (see `recover`).
    let old = parent.join(old_name(name, pid));
    fs::rename(target, &old).map_err(io_err(Action::Replace, target))?;
    if let Err(e) = fs::rename(tmp, target) {
        let _ = fs::rename(&old, target);
        return Err(io_err(Action::Replace, target)(e));
    }
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

/// Swaps two paths atomically (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call; the syscall
    // reads them and touches no other memory.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Whether an exchange failed because the system or file system cannot do it.
fn unsupported(e: &io::Error) -> bool {
    if e.kind() == io::ErrorKind::Unsupported {
        return true;
    }
    #[cfg(target_os = "linux")]
    {
        matches!(
            e.raw_os_error(),
            Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
        )
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}

/// Removes temp files a killed run left for `name` in `dir` (per-file writes).
fn remove_leftovers(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let entry_name = entry.file_name().to_string_lossy().into_owned();
        if leftover_pid(&entry_name, name, "tmp").is_some_and(|p| p != std::process::id()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// An exclusive lock on a folder's sibling lock file, held while the folder is replaced. On
/// Unix the lock file is removed on release; a waiter that then holds the lock of a removed
/// file opens the path again.
struct Lock {
    file: File,
    #[cfg_attr(not(unix), allow(dead_code))]
    path: PathBuf,
}

impl Lock {
    fn acquire(path: &Path) -> Result<Lock, OutputError> {
        // A file system whose inode numbers do not stay put could make the check below fail
        // forever: after a few rounds the lock held is taken as good.
        let mut rounds_left = 100;
        loop {
            let file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(path)
                .map_err(io_err(Action::Create, path))?;
            file.lock().map_err(io_err(Action::Lock, path))?;
            rounds_left -= 1;
            if rounds_left > 0 && !Self::still_named(&file, path) {
                // The previous holder removed the file we locked: lock the path anew.
                continue;
            }
            return Ok(Lock {
                file,
                path: path.to_path_buf(),
            });
        }
    }

    /// Whether `path` still names the file `file` has open.
    #[cfg(unix)]
    fn still_named(file: &File, path: &Path) -> bool {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::metadata(path)) {
            (Ok(held), Ok(now)) => held.ino() == now.ino() && held.dev() == now.dev(),
            _ => false,
        }
    }

    #[cfg(not(unix))]
    fn still_named(_: &File, _: &Path) -> bool {
        true
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        #[cfg(unix)]
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftover_names_are_recognised_exactly() {
        assert_eq!(leftover_pid(".out.rotaplan-tmp-42", "out", "tmp"), Some(42));
        assert_eq!(leftover_pid(".out.rotaplan-tmp-", "out", "tmp"), None);
        assert_eq!(leftover_pid(".out.rotaplan-tmp-4x", "out", "tmp"), None);
        assert_eq!(leftover_pid(".o.out.rotaplan-tmp-4", "out", "tmp"), None);
        assert_eq!(leftover_pid(".out.rotaplan-old-7", "out", "old"), Some(7));
        assert!(legacy_temp(".plan.csv.1234.tmp"));
        assert!(!legacy_temp(".teachers.csv.1234.tmp"));
        assert!(!legacy_temp(".plan.csv.tmp"));
    }

    #[test]
    fn file_names_must_be_plain() {
        for bad in ["", ".", "..", "a/b", "a\0b"] {
            assert!(plain_name(bad).is_err(), "{bad:?}");
        }
        assert!(plain_name("plan.csv").is_ok());
    }
}

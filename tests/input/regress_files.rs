//! Regression tests for what a path names (issue 19): folders, FIFOs and devices as data files,
//! scenarios, `extends` targets and `--locks` files; damaged and absurdly large workbooks.

use rotaplan::diag::Diagnostic;
use rotaplan::input::{load, load_with, LoadOptions};
use rust_xlsxwriter::Workbook;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

fn good_copy() -> (tempfile::TempDir, PathBuf) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/basic");
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&src).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let scenario = dir.path().join("scenario.toml");
    (dir, scenario)
}

fn show(diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| format!("\n  {d}")).collect()
}

/// Loads in a thread and fails (instead of hanging) when loading takes over 20 s.
fn load_within(scenario: &Path, opts: LoadOptions) -> Vec<Diagnostic> {
    let (tx, rx) = mpsc::channel();
    let path = scenario.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(load_with(&path, &opts));
    });
    match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(Ok(_)) => panic!("loaded without error"),
        Ok(Err(d)) => d.into_iter().filter(|d| d.is_error()).collect(),
        Err(_) => panic!("loading {} hangs", scenario.display()),
    }
}

fn set_data(scenario: &Path, key: &str, path: &str) {
    let text = std::fs::read_to_string(scenario).unwrap();
    let text = text.replace(
        &format!("{key} = \"{key}.csv\""),
        &format!("{key} = \"{path}\""),
    );
    std::fs::write(scenario, text).unwrap();
}

/// A FIFO in `dir`, when the platform can make one.
fn fifo(dir: &Path) -> Option<PathBuf> {
    let p = dir.join("pipe.csv");
    let ok = Command::new("mkfifo")
        .arg(&p)
        .status()
        .is_ok_and(|s| s.success());
    ok.then_some(p)
}

#[test]
fn special_files_are_named_not_missing() {
    let (dir, scenario) = good_copy();
    std::fs::create_dir(dir.path().join("folder.csv")).unwrap();
    let folder = dir.path().join("folder.csv").display().to_string();
    let mut targets = vec![(folder, "folder")];
    if Path::new("/dev/zero").exists() {
        targets.push(("/dev/zero".to_string(), "device"));
    }
    if let Some(p) = fifo(dir.path()) {
        targets.push((p.display().to_string(), "FIFO"));
    }
    for (target, word) in targets {
        let (_d, scenario2) = good_copy();
        set_data(&scenario2, "teachers", &target);
        let diags = load_within(&scenario2, LoadOptions::default());
        let e = diags
            .iter()
            .find(|e| e.field.as_deref() == Some("data.teachers"))
            .unwrap_or_else(|| panic!("{target}:{}", show(&diags)));
        assert_eq!(e.code, "E-FILE-KIND", "{e}");
        assert!(
            e.message.contains(word) && !e.message.contains("does not exist"),
            "{e}"
        );
        assert_eq!(e.file.as_deref(), Some("scenario.toml"));
    }
    drop(scenario);
}

#[test]
fn special_files_as_scenario_or_extends_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let diags = load_within(dir.path(), LoadOptions::default());
    assert!(diags
        .iter()
        .any(|e| e.code == "E-FILE-KIND" && e.message.contains("folder")));
    if Path::new("/dev/zero").exists() {
        let diags = load_within(Path::new("/dev/zero"), LoadOptions::default());
        assert!(
            diags.iter().any(|e| e.code == "E-FILE-KIND"),
            "{}",
            show(&diags)
        );
    }
    let (d, _) = good_copy();
    let variant = d.path().join("variant.toml");
    let mut targets = vec![".".to_string()];
    if Path::new("/dev/zero").exists() {
        targets.push("/dev/zero".into());
    }
    if let Some(p) = fifo(d.path()) {
        targets.push(p.display().to_string());
    }
    for t in targets {
        std::fs::write(&variant, format!("extends = \"{t}\"\nname = \"v\"\n")).unwrap();
        let diags = load_within(&variant, LoadOptions::default());
        let e = diags.iter().find(|e| e.code == "E-VARIANT-EXTENDS");
        let e = e.unwrap_or_else(|| panic!("{t}:{}", show(&diags)));
        assert!(!e.message.contains("does not exist"), "{e}");
    }
}

#[test]
fn locks_file_errors_name_the_locks_file() {
    let (dir, scenario) = good_copy();
    let locks = dir.path().join("my-locks.csv");
    std::fs::create_dir(&locks).unwrap();
    let mut given = vec![locks.clone()];
    if Path::new("/dev/zero").exists() {
        given.push(PathBuf::from("/dev/zero"));
    }
    for l in given {
        let opts = LoadOptions {
            locks: vec![l.clone()],
            ..Default::default()
        };
        let diags = load_within(&scenario, opts);
        assert_eq!(diags.len(), 1, "{}", show(&diags));
        let e = &diags[0];
        assert_eq!(e.code, "E-FILE-KIND", "{e}");
        let file = e.file.clone().unwrap_or_default();
        assert!(file.ends_with(&*l.to_string_lossy()), "{e}");
        assert_eq!(e.line, None, "{e}");
    }
}

/// The good fixture's schools file as an XLSX workbook, plus `extra` (row, col, text) cells.
fn schools_xlsx(dir: &Path, extra: &[(u32, u16, &str)]) -> PathBuf {
    let csv_text = std::fs::read_to_string(dir.join("schools.csv")).unwrap();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (r, line) in csv_text.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            if !cell.is_empty() {
                ws.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    for &(r, c, t) in extra {
        ws.write_string(r, c, t).unwrap();
    }
    let path = dir.join("schools.xlsx");
    book.save(&path).unwrap();
    let scenario = dir.join("scenario.toml");
    set_data(&scenario, "schools", "schools.xlsx");
    path
}

#[test]
fn far_xlsx_cell_is_refused_without_allocating() {
    let (dir, scenario) = good_copy();
    let xlsx = schools_xlsx(dir.path(), &[(1_048_575, 16_383, "x")]);
    assert!(std::fs::metadata(&xlsx).unwrap().len() < 100_000);
    let diags = load(&scenario).unwrap_err();
    let e = diags
        .iter()
        .find(|e| e.code == "E-XLSX-SIZE")
        .unwrap_or_else(|| panic!("{}", show(&diags)));
    assert!(e.message.contains("XFD1048576"), "{e}");
    assert_eq!((e.line, e.column), (Some(1_048_576), Some(16_384)));
    assert_eq!(e.file.as_deref(), Some("schools.xlsx"));
}

#[test]
fn far_xlsx_cell_exits_2_in_little_memory() {
    let (dir, scenario) = good_copy();
    schools_xlsx(dir.path(), &[(1_048_575, 16_383, "x")]);
    // 1 GB of address space: the dense range would ask for 549 GB.
    let script = format!(
        "ulimit -v 1000000 2>/dev/null; exec \"{}\" validate \"{}\"",
        env!("CARGO_BIN_EXE_rotaplan"),
        scenario.display()
    );
    let out = Command::new("sh").arg("-c").arg(script).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("E-XLSX-SIZE"), "{stderr}");
}

#[test]
fn xlsx_value_within_bounds_is_still_read() {
    let (dir, scenario) = good_copy();
    // A note far to the right of the table but within the bounds: a width warning, no error.
    schools_xlsx(dir.path(), &[(2, 150, "note")]);
    let loaded = load(&scenario).unwrap_or_else(|d| panic!("{}", show(&d)));
    assert_eq!(loaded.county.schools.len(), 5);
    assert!(loaded.warnings.iter().any(|w| w.code == "W-ROW-WIDTH"));
}

#[test]
fn damaged_sheet_xml_says_damaged_workbook() {
    let (dir, scenario) = good_copy();
    let xlsx = schools_xlsx(dir.path(), &[]);
    let mut zin = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let mut parts = Vec::new();
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            bytes = b"<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row><<<garbage"
                .to_vec();
        }
        parts.push((name, bytes));
    }
    let mut zout = zip::ZipWriter::new(std::fs::File::create(&xlsx).unwrap());
    for (name, bytes) in parts {
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zout.write_all(&bytes).unwrap();
    }
    zout.finish().unwrap();
    let diags = load(&scenario).unwrap_err();
    let e = diags
        .iter()
        .find(|e| e.file.as_deref() == Some("schools.xlsx"))
        .unwrap_or_else(|| panic!("{}", show(&diags)));
    assert_eq!(e.code, "E-FILE-FORMAT", "{e}");
    assert!(e.message.contains("damaged"), "{e}");
    assert!(!e.action.contains("open in another program"), "{e}");
}

//! Every diagnostic code the input layer can emit is documented in docs/errors.md.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// String literals that look like codes: `"E-…"` or `"W-…"` of capitals, digits and dashes.
fn codes_in(source: &str) -> Vec<String> {
    let mut codes = Vec::new();
    for (i, _) in source.match_indices('"') {
        let rest = &source[i + 1..];
        if !(rest.starts_with("E-") || rest.starts_with("W-")) {
            continue;
        }
        let end = rest.find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'));
        if let Some(end) = end.filter(|&e| rest[e..].starts_with('"') && e > 2) {
            codes.push(rest[..end].to_string());
        }
    }
    codes
}

#[test]
fn every_input_code_is_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(root.join("docs/errors.md")).unwrap();
    let mut files = Vec::new();
    rust_files(&root.join("src/input"), &mut files);
    let mut codes: Vec<String> = files
        .iter()
        .flat_map(|f| codes_in(&std::fs::read_to_string(f).unwrap()))
        .collect();
    codes.sort();
    codes.dedup();
    assert!(
        codes.len() >= 40,
        "found only {} codes: {codes:?}",
        codes.len()
    );
    let missing: Vec<&String> = codes
        .iter()
        .filter(|c| !docs.contains(&format!("| `{c}` |")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes missing from docs/errors.md: {missing:?}"
    );
}

#[test]
fn code_scanner_finds_codes() {
    assert_eq!(
        codes_in(r#"x("E-REF-SCHOOL", "W-AGE", "E-", "not E-X")"#),
        vec!["E-REF-SCHOOL", "W-AGE"]
    );
}

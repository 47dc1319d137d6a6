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

/// The places in `source` where a `Diagnostic::error(…)` or `Diagnostic::warning(…)` is not
/// followed by `.zh(…)`, as line numbers (the `#[cfg(test)]` part left out). Strings and
/// character literals are skipped when matching the parentheses.
fn without_chinese(source: &str) -> Vec<usize> {
    let code = source.split("#[cfg(test)]").next().unwrap_or("");
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    for start in ["Diagnostic::error(", "Diagnostic::warning("] {
        for (at, _) in code.match_indices(start) {
            let mut i = at + start.len();
            let mut depth = 1;
            while depth > 0 && i < bytes.len() {
                match bytes[i] {
                    b'"' => {
                        i += 1;
                        while i < bytes.len() && bytes[i] != b'"' {
                            i += if bytes[i] == b'\\' { 2 } else { 1 };
                        }
                    }
                    b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 2,
                    b'\''
                        if bytes.get(i + 1) == Some(&b'\\') && bytes.get(i + 3) == Some(&b'\'') =>
                    {
                        i += 3
                    }
                    b'(' => depth += 1,
                    b')' => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            if !code[i.min(code.len())..].trim_start().starts_with(".zh(") {
                out.push(1 + code[..at].matches('\n').count());
            }
        }
    }
    out
}

/// Every diagnostic the input layer makes is given its Chinese where it is made: a
/// `Diagnostic::error` or `warning` in src/input without `.zh(…)` after it fails here (the
/// helpers there — `Cells::error`, the checkers' `error`, `lock_err`, the patch and budget
/// errors — take the Chinese as an argument).
#[test]
fn every_input_diagnostic_is_made_with_its_chinese() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src/input"), &mut files);
    rust_files(&root.join("src/scenario"), &mut files);
    let mut made = 0;
    let mut missing = Vec::new();
    for f in &files {
        let source = std::fs::read_to_string(f).unwrap();
        made += source.matches("Diagnostic::error(").count();
        for line in without_chinese(&source) {
            missing.push(format!("{}:{line}", f.display()));
        }
    }
    assert!(made >= 40, "found only {made} diagnostics");
    assert!(
        missing.is_empty(),
        "diagnostics without .zh(…): {missing:#?}"
    );
}

#[test]
fn the_chinese_scanner_sees_a_missing_zh() {
    let source = "let d = Diagnostic::error(\"E-X\", format!(\"a ({})\", ')'), \"b\");\n\
                  let e = Diagnostic::warning(\"W-X\", \"a\", \"b\")\n    .zh(\"甲\", \"乙\");\n";
    assert_eq!(without_chinese(source), vec![1]);
}

//! The shape of the code, as docs/architecture.md states it, checked on the sources:
//! no two modules import each other; nothing below the CLI names `input::Loaded` (they take a
//! `&Problem`); the library returns typed errors, never `Result<_, String>`; no source file
//! grows past what one reader holds in mind.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn sources() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out.sort();
    out
}

/// `src/a/b.rs` and `src/a/b/mod.rs` → `a::b`; `src/lib.rs` → ``.
fn module_of(file: &Path) -> String {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let rel = file.strip_prefix(&src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts.join("::")
}

/// The code of a file without line comments and without its unit-test module.
fn code(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => &text[..],
    };
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Paths of a `use` tree or an expression path starting at `at`: `super::{a, b::{c, d}}` gives
/// `super::a`, `super::b::c`, `super::b::d`.
fn paths_at(s: &[u8], mut at: usize) -> (Vec<String>, usize) {
    let mut prefix = String::new();
    loop {
        while at < s.len() && s[at].is_ascii_whitespace() {
            at += 1;
        }
        if at < s.len() && s[at] == b'{' {
            at += 1;
            let mut all = Vec::new();
            loop {
                let (sub, next) = paths_at(s, at);
                all.extend(sub.into_iter().map(|p| format!("{prefix}{p}")));
                at = next;
                while at < s.len() && s[at].is_ascii_whitespace() {
                    at += 1;
                }
                match s.get(at) {
                    Some(b',') => at += 1,
                    Some(b'}') => return (all, at + 1),
                    _ => return (all, at),
                }
                while at < s.len() && s[at].is_ascii_whitespace() {
                    at += 1;
                }
                if s.get(at) == Some(&b'}') {
                    return (all, at + 1);
                }
            }
        }
        let start = at;
        while at < s.len() && (s[at].is_ascii_alphanumeric() || s[at] == b'_') {
            at += 1;
        }
        prefix.push_str(std::str::from_utf8(&s[start..at]).unwrap());
        if s[at..].starts_with(b"::") {
            prefix.push_str("::");
            at += 2;
        } else {
            return (vec![prefix], at);
        }
    }
}

/// Module → the other modules (not its ancestors or descendants) whose items it names.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let files = sources();
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(f)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        if f.ends_with("src/main.rs") {
            continue;
        }
        let m = module_of(f);
        let here: Vec<&str> = if m.is_empty() {
            vec![]
        } else {
            m.split("::").collect()
        };
        let text = code(f);
        let s = text.as_bytes();
        for root in ["crate::", "super::", "self::"] {
            for (at, _) in text.match_indices(root) {
                if at > 0 && (s[at - 1].is_ascii_alphanumeric() || s[at - 1] == b'_') {
                    continue;
                }
                for p in paths_at(s, at).0 {
                    let mut segs: Vec<&str> = p.split("::").collect();
                    let mut base: Vec<&str> = match segs[0] {
                        "crate" => vec![],
                        "self" => here.clone(),
                        _ => here[..here.len().saturating_sub(1)].to_vec(),
                    };
                    segs.remove(0);
                    while segs.first() == Some(&"super") {
                        base.pop();
                        segs.remove(0);
                    }
                    let target = (0..=segs.len()).rev().find_map(|i| {
                        let mut c = base.clone();
                        c.extend(&segs[..i]);
                        let c = c.join("::");
                        modules.contains(&c).then_some(c)
                    });
                    let Some(t) = target else { continue };
                    let related = t.is_empty()
                        || t == m
                        || m.starts_with(&format!("{t}::"))
                        || t.starts_with(&format!("{m}::"));
                    if !related {
                        edges.entry(m.clone()).or_default().insert(t);
                    }
                }
            }
        }
    }
    edges
}

#[test]
fn no_two_modules_import_each_other() {
    let edges = imports();
    // The scan sees plain and braced imports: whatif uses the pipeline, lp the stage model.
    for (from, to) in [
        ("whatif", "pipeline"),
        ("plan::model::lp", "plan::model::stage_model"),
    ] {
        assert!(
            edges.get(from).is_some_and(|t| t.contains(to)),
            "{from} -> {to} not seen: {edges:#?}"
        );
    }
    let mut circles = Vec::new();
    for (a, targets) in &edges {
        for b in targets {
            if a < b && edges.get(b).is_some_and(|t| t.contains(a)) {
                circles.push(format!("{a} <-> {b}"));
            }
        }
    }
    assert!(
        circles.is_empty(),
        "modules importing each other: {circles:#?}"
    );
}

#[test]
fn the_scan_finds_a_circle_in_braced_imports() {
    let s = b"super::{a, b::{c, d}}";
    assert_eq!(
        paths_at(s, 0).0,
        ["super::a", "super::b::c", "super::b::d"],
        "use trees are expanded"
    );
}

#[test]
fn nothing_below_the_cli_names_input_loaded() {
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|f| {
            let m = module_of(f);
            let may_name_it = ["input", "cli"]
                .iter()
                .any(|top| m == *top || m.starts_with(&format!("{top}::")));
            !may_name_it && !f.ends_with("src/main.rs")
        })
        .filter(|f| {
            let c = code(f);
            c.contains("input::Loaded")
                || c.split(|ch: char| !ch.is_alphanumeric())
                    .any(|w| w == "Loaded")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "take a &Problem instead: {offenders:#?}"
    );
}

#[test]
fn the_library_returns_typed_errors() {
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|f| {
            let c: String = code(f).split_whitespace().collect();
            c.contains(",String>")
                && c.contains("Result<")
                && c.split("Result<").skip(1).any(|r| {
                    // the error type of a Result: the text after its top-level comma
                    let mut depth = 0;
                    for (i, ch) in r.char_indices() {
                        match ch {
                            '<' | '(' => depth += 1,
                            '>' | ')' if depth == 0 => return false,
                            '>' | ')' => depth -= 1,
                            ',' if depth == 0 => return r[i + 1..].starts_with("String>"),
                            _ => {}
                        }
                    }
                    false
                })
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "Result<_, String> in: {offenders:#?}");
}

#[test]
fn no_source_file_is_over_600_lines() {
    let long: Vec<String> = sources()
        .into_iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(&f).unwrap().lines().count();
            (n > 600).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these: {long:#?}");
}

#[test]
fn the_library_reads_no_environment_variable() {
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|f| {
            let m = module_of(f);
            m != "cli" && !m.starts_with("cli::") && !f.ends_with("src/main.rs")
        })
        .filter(|f| code(f).contains("env::var"))
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "read it in src/cli and pass it in: {offenders:#?}"
    );
}

#[test]
fn the_repository_cites_only_files_it_holds() {
    // The policy facts the code relies on are in docs/policy.md; the brief they came from is
    // not part of the repository, so nothing may send a reader there.
    let outside = concat!("DOMAIN", ".md");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = sources();
    for dir in ["docs", "scenarios"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                files.push(p);
            }
        }
    }
    files.push(root.join("README.md"));
    let citing: Vec<String> = files
        .into_iter()
        .filter(|f| {
            std::fs::read(f)
                .map(|b| String::from_utf8_lossy(&b).contains(outside))
                .unwrap_or(false)
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        citing.is_empty(),
        "cite docs/policy.md instead: {citing:#?}"
    );
}

//! Scenario variants: `extends = "../base/scenario.toml"` layers a variant over its base
//! scenario, and the what-if keys `[hires]` (a budget the optimizer splits), `[[patch]]` (data
//! rows changed without copying files) and `data.locks` (pinned decisions) are taken out of
//! the TOML before the rest is read as a [`Scenario`]. Overrides from the command line
//! (`sweep --set key=value`) are applied to the merged table the same way.
//!
//! Data paths of a base are rebased onto the variant's folder, so a variant names only what
//! it changes. Problems are reported at the file and line that wrote them.

use super::files;
use super::scenario_file::{self, ScenarioFile};
use super::toml_zh;
use crate::diag::Diagnostic;
use crate::scenario::{DataFile, Scenario};
use std::path::{Path, PathBuf};

/// Keys that make a scenario file a variant (handled here, not by [`Scenario`]).
pub(crate) fn is_variant(table: &toml::Table) -> bool {
    table.contains_key("extends")
        || table.contains_key("patch")
        || table.contains_key("hires")
        || table
            .get("data")
            .and_then(|d| d.as_table())
            .is_some_and(|d| d.contains_key("locks"))
}

/// One `[[patch]]` table and where it was written.
#[derive(Debug, Clone)]
pub(crate) struct RawPatch {
    pub file: String,
    pub line: Option<usize>,
    pub table: toml::Table,
}

/// The what-if keys of a scenario and its bases.
#[derive(Debug, Clone, Default)]
pub(crate) struct VariantSpec {
    pub patches: Vec<RawPatch>,
    /// `[hires]` (merged over the bases), the file and line it was written at.
    pub budget: Option<(toml::Table, String, Option<usize>)>,
    /// Locks files, paths relative to the top scenario, with the file and line naming them.
    pub locks: Vec<(DataFile, String, Option<usize>)>,
}

const MAX_DEPTH: usize = 8;

/// Reads a scenario file as layers: its bases first, then its own keys over them.
pub(crate) fn layered(
    path: &Path,
    diags: &mut Vec<Diagnostic>,
    depth: usize,
) -> Option<(ScenarioFile, toml::Table, VariantSpec)> {
    let file = scenario_file::read_text(path, diags)?;
    let mut table = match file.text.parse::<toml::Table>() {
        Ok(t) => t,
        Err(e) => {
            diags.push(scenario_file::toml_diag(&file, &e));
            return None;
        }
    };
    let extends = table.remove("extends");
    let spec = take_variant_keys(&file, &mut table, diags);
    let Some(ext) = extends else {
        return Some((file, table, spec));
    };
    let (ext, base_path) = base_path(&file, path, ext, depth, diags)?;
    let (_, mut base, base_spec) = layered(&base_path, diags, depth + 1)?;
    let prefix = Path::new(&ext).parent().unwrap_or(Path::new(""));
    rebase_data(&mut base, prefix);
    let merged_spec = merge_specs(base_spec, spec, prefix);
    merge(&mut base, table);
    Some((file, base, merged_spec))
}

/// Takes the what-if keys (`[[patch]]`, `[hires]`, `data.locks`) out of a scenario file's
/// table.
fn take_variant_keys(
    file: &ScenarioFile,
    table: &mut toml::Table,
    diags: &mut Vec<Diagnostic>,
) -> VariantSpec {
    let mut spec = VariantSpec::default();
    if let Some(p) = table.remove("patch") {
        take_patches(file, p, &mut spec, diags);
    }
    if let Some(h) = table.remove("hires") {
        let line = scenario_file::locate(&file.text, "hires").map(|l| l.0);
        match h {
            toml::Value::Table(t) => spec.budget = Some((t, file.name.clone(), line)),
            _ => diags.push(
                file.place(
                    Diagnostic::error(
                        "E-HIRES-BUDGET",
                        "`hires` must be a table: [hires] with total = N",
                        "write [hires] with total = N (and optionally subjects, programme, areas)",
                    )
                    .zh(
                        "hires 必须是表：[hires]，其中写 total = N",
                        "请写成 [hires] 表，其中写 total = N（还可写 subjects、programme、areas）",
                    ),
                    "hires",
                ),
            ),
        }
    }
    if let Some(data) = table.get_mut("data").and_then(|d| d.as_table_mut()) {
        if let Some(l) = data.remove("locks") {
            let line = scenario_file::locate(&file.text, "data.locks").map(|l| l.0);
            match l.clone().try_into::<DataFile>() {
                Ok(df) => spec.locks.push((df, file.name.clone(), line)),
                Err(_) => diags.push(
                    file.place(
                        Diagnostic::error(
                            "E-TOML-VALUE",
                            "data.locks must be a path (\"locks.csv\") or a table with `path`",
                            "write locks = \"locks.csv\"",
                        )
                        .zh(
                            "data.locks 必须是路径文本（\"locks.csv\"）或含 `path` 的表",
                            "请写成 locks = \"locks.csv\"",
                        ),
                        "data.locks",
                    ),
                ),
            }
        }
    }
    spec
}

/// The `[[patch]]` tables, each with the line of its header.
fn take_patches(
    file: &ScenarioFile,
    p: toml::Value,
    spec: &mut VariantSpec,
    diags: &mut Vec<Diagnostic>,
) {
    let lines = header_lines(&file.text, "[[patch]]");
    match p {
        toml::Value::Array(items) => {
            for (i, item) in items.into_iter().enumerate() {
                let line = lines
                    .get(i)
                    .copied()
                    .or_else(|| scenario_file::locate(&file.text, "patch").map(|l| l.0));
                match item {
                    toml::Value::Table(t) => spec.patches.push(RawPatch {
                        file: file.name.clone(),
                        line,
                        table: t,
                    }),
                    _ => diags.push(at(
                        Diagnostic::error(
                            "E-PATCH-KEY",
                            "a patch must be a table: [[patch]] with op = \"...\"",
                            "write each patch as a [[patch]] table (docs/scenario.md, Variants)",
                        )
                        .zh(
                            "补丁必须是表：[[patch]]，其中写 op = \"...\"",
                            "请把每个补丁写成一个 [[patch]] 表（见 docs/scenario.md 的“变体”一节）",
                        ),
                        &file.name,
                        line,
                    )),
                }
            }
        }
        _ => diags.push(
            file.place(
                Diagnostic::error(
                    "E-PATCH-KEY",
                    "`patch` must be an array of tables ([[patch]])",
                    "write each patch as a [[patch]] table",
                )
                .zh(
                    "patch 必须是表的数组（[[patch]]）",
                    "请把每个补丁写成一个 [[patch]] 表",
                ),
                "patch",
            ),
        ),
    }
}

/// The `extends` value as a string and the base scenario's path, if it names an existing file
/// within [`MAX_DEPTH`] levels.
fn base_path(
    file: &ScenarioFile,
    path: &Path,
    ext: toml::Value,
    depth: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<(String, PathBuf)> {
    let Some(ext) = ext.as_str().map(str::to_string) else {
        diags.push(
            file.place(
                Diagnostic::error(
                    "E-VARIANT-EXTENDS",
                    "extends must be the path of the base scenario, a string",
                    "write extends = \"../demo-county/scenario.toml\" (relative to this file)",
                )
                .zh(
                    "extends 必须是基础情景文件的路径（文本）",
                    "请写成 extends = \"../demo-county/scenario.toml\"（路径相对于本文件）",
                ),
                "extends",
            ),
        );
        return None;
    };
    let dir = path.parent().unwrap_or(Path::new(""));
    let base_path = dir.join(&ext);
    if depth >= MAX_DEPTH {
        diags.push(file.place(
            Diagnostic::error(
                "E-VARIANT-EXTENDS",
                format!("extends goes {MAX_DEPTH} levels deep; is there a cycle (a scenario extending itself)?"),
                "make the base scenario a plain scenario without extends",
            )
            .zh(
                format!("extends 嵌套达到 {MAX_DEPTH} 层；是否存在循环（情景文件扩展了自己）？"),
                "请让基础情景文件成为不含 extends 的普通情景文件",
            ),
            "extends",
        ));
        return None;
    }
    if let Err(kind) = files::regular(&base_path) {
        diags.push(
            file.place(
                Diagnostic::error(
                    "E-VARIANT-EXTENDS",
                    format!(
                        "base scenario \"{ext}\" {} (looked for {})",
                        kind.describe(),
                        base_path.display()
                    ),
                    "give the base scenario's path relative to this file",
                )
                .zh(
                    format!(
                        "基础情景文件“{ext}”{}（查找的位置：{}）",
                        kind.describe_zh(),
                        base_path.display()
                    ),
                    "请给出基础情景文件相对于本文件的路径",
                ),
                "extends",
            ),
        );
        return None;
    }
    Some((ext, base_path))
}

/// The what-if keys of a base (its locks rebased by `prefix`) with the variant's over them:
/// patches and locks of both, in order; the variant's `[hires]` merged over the base's.
fn merge_specs(base_spec: VariantSpec, spec: VariantSpec, prefix: &Path) -> VariantSpec {
    let mut merged_spec = VariantSpec {
        patches: base_spec.patches,
        budget: base_spec.budget,
        locks: base_spec
            .locks
            .into_iter()
            .map(|(df, f, l)| (rebase_file(df, prefix), f, l))
            .collect(),
    };
    merged_spec.patches.extend(spec.patches);
    merged_spec.locks.extend(spec.locks);
    merged_spec.budget = match (merged_spec.budget, spec.budget) {
        (Some((mut b, _, _)), Some((own, f, l))) => {
            merge(&mut b, own);
            Some((b, f, l))
        }
        (b, own) => own.or(b),
    };
    merged_spec
}

pub(crate) fn at(d: Diagnostic, file: &str, line: Option<usize>) -> Diagnostic {
    let d = d.in_file(file);
    match line {
        Some(l) => d.at(l, Some(1)),
        None => d,
    }
}

/// Lines (1-based) of the array-of-tables headers `header`, in order.
fn header_lines(text: &str, header: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let t: String = l.chars().filter(|c| !c.is_whitespace()).collect();
            t.starts_with(header)
        })
        .map(|(i, _)| i + 1)
        .collect()
}

/// Deep merge: tables key by key, anything else replaced by the override.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

fn rebase_path(p: &str, prefix: &Path) -> String {
    if Path::new(p).is_absolute() || prefix.as_os_str().is_empty() {
        return p.to_string();
    }
    prefix.join(p).to_string_lossy().replace('\\', "/")
}

fn rebase_file(df: DataFile, prefix: &Path) -> DataFile {
    match df {
        DataFile::Path(p) => DataFile::Path(rebase_path(&p, prefix)),
        DataFile::Detailed(mut d) => {
            d.path = rebase_path(&d.path, prefix);
            DataFile::Detailed(d)
        }
    }
}

/// Rewrites the `[data]` paths of a base table to be relative to the variant's folder.
fn rebase_data(table: &mut toml::Table, prefix: &Path) {
    let Some(data) = table.get_mut("data").and_then(|d| d.as_table_mut()) else {
        return;
    };
    for (_, v) in data.iter_mut() {
        match v {
            toml::Value::String(s) => *s = rebase_path(s, prefix),
            toml::Value::Table(t) => {
                if let Some(toml::Value::String(s)) = t.get_mut("path") {
                    *s = rebase_path(s, prefix);
                }
            }
            _ => {}
        }
    }
}

/// Sets `dotted` (e.g. `policy.rotation_share`, `hires.total`) in a table, creating tables on
/// the way.
pub fn set_dotted(table: &mut toml::Table, dotted: &str, value: toml::Value) {
    let mut parts: Vec<&str> = dotted.split('.').collect();
    let last = parts.pop().unwrap_or_default();
    let mut t = table;
    for p in parts {
        let entry = t
            .entry(p.to_string())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if !entry.is_table() {
            *entry = toml::Value::Table(toml::Table::new());
        }
        t = entry.as_table_mut().expect("just made a table");
    }
    t.insert(last.to_string(), value);
}

/// Reads the merged table as a [`Scenario`]; serde errors are placed at the key in the variant
/// file when it is written there.
pub(crate) fn to_scenario(
    file: &ScenarioFile,
    table: toml::Table,
    diags: &mut Vec<Diagnostic>,
) -> Option<Scenario> {
    match toml::Value::Table(table.clone()).try_into::<Scenario>() {
        Ok(s) => Some(s),
        Err(e) => {
            let msg = e.message().trim().replace('\n', "; ");
            let code = if msg.contains("unknown field") {
                "E-TOML-UNKNOWN-KEY"
            } else {
                "E-TOML-VALUE"
            };
            let (action, action_zh) = scenario_file::area_action(&msg).unwrap_or_else(|| {
                (
                    "correct the key or value (see docs/scenario.md); keys of a variant override its base".to_string(),
                    "请改正该键或值（见 docs/scenario.md）；变体中的键会覆盖其基础情景中的同名键".to_string(),
                )
            });
            let d = Diagnostic::error(code, msg.clone(), action)
                .zh(toml_zh::value_message(&msg), action_zh)
                .in_file(&file.name);
            // The key named in the message, if it is written in this file; else the line where
            // it is written as a quoted value (an unknown area in a list).
            let key = msg.split('`').nth(1).unwrap_or("");
            let quoted = format!("\"{key}\"");
            let found = (!key.is_empty())
                .then(|| {
                    let lines = || file.text.lines().enumerate();
                    lines()
                        .find_map(|(i, l)| {
                            let t = l.trim_start();
                            (t.starts_with(key) && t[key.len()..].trim_start().starts_with('='))
                                .then(|| (i + 1, 1 + l.len() - t.len()))
                        })
                        .or_else(|| {
                            lines().find_map(|(i, l)| {
                                let at = l.find(&quoted)?;
                                let t = l.trim_start();
                                (!t.starts_with('#')).then(|| (i + 1, 1 + l[..at].chars().count()))
                            })
                        })
                })
                .flatten()
                .or_else(|| super::variant_locate::own_span(file, &table));
            diags.push(match found {
                Some((line, col)) => d.at(line, Some(col)),
                None => d,
            });
            None
        }
    }
}

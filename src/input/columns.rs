//! Header resolution: which column of a file holds which of our fields (the fields and their
//! accepted names are in headers.rs).

use super::clean;
use super::headers::{file_zh, spec_for};
pub use super::headers::{
    normalize, ColSpec, APPLICATIONS, HIRES, LOCKS, NEEDS, PAIRS, SCHOOLS, SERVICE, TEACHERS,
};
use super::table::Table;
use super::Ctx;
use crate::diag::{self, Diagnostic};
use std::collections::BTreeMap;

/// Which header index holds each field.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    index: BTreeMap<&'static str, usize>,
}

impl Columns {
    pub fn index(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }
    pub fn has(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }
}

/// Resolves the table's headers and cleans the cells of the columns found (clean.rs). `None`
/// after reporting a missing, duplicate or wrongly mapped column: rows can't be read reliably
/// then.
pub fn resolve(
    ctx: &Ctx,
    key: &str,
    table: &mut Table,
    specs: &'static [ColSpec],
    mapping: Option<&BTreeMap<String, String>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Columns> {
    let before = diags.iter().filter(|d| d.is_error()).count();
    let mut mapped: BTreeMap<String, &'static ColSpec> = BTreeMap::new();
    for (from, to) in mapping.into_iter().flatten() {
        match spec_for(specs, to) {
            Some(spec) => {
                mapped.insert(normalize(from), spec);
            }
            None => {
                let names: Vec<&str> = specs.iter().map(|s| s.name).collect();
                let d = Diagnostic::error(
                    "E-COL-MAPPING",
                    format!(
                        "columns maps \"{}\" to \"{}\", which is not a column of the {key} file",
                        diag::quote(from),
                        diag::quote(to)
                    ),
                    format!("map it to one of: {}", names.join(", ")),
                )
                .zh(
                    format!(
                        "columns 把“{}”对应到“{}”，但{}文件没有这一列",
                        diag::quote(from),
                        diag::quote(to),
                        file_zh(key)
                    ),
                    format!("请对应到其中之一：{}", names.join("、")),
                );
                diags.push(ctx.scenario_diag(d, &format!("data.{key}.columns")));
            }
        }
        if !table
            .headers
            .iter()
            .any(|h| normalize(h) == normalize(from))
        {
            let d = Diagnostic::warning(
                "W-COL-MAPPING-UNUSED",
                format!(
                    "columns maps \"{from}\", but {} has no such header",
                    table.file
                ),
                "correct the header name in the mapping (it must match the file's header)",
            )
            .zh(
                format!(
                    "columns 中对应了表头“{}”，但 {} 没有这个表头",
                    diag::quote(from),
                    table.file
                ),
                "请改正对应中的表头名称（须与文件的表头一致）",
            );
            diags.push(ctx.scenario_diag(d, &format!("data.{key}.columns")));
        }
    }

    let mut columns = Columns::default();
    for (i, header) in table.headers.iter().enumerate() {
        if header.is_empty() {
            continue;
        }
        let Some(spec) = mapped
            .get(&normalize(header))
            .copied()
            .or_else(|| spec_for(specs, header))
        else {
            continue;
        };
        if let Some(&first) = columns.index.get(spec.name) {
            diags.push(
                Diagnostic::error(
                    "E-COL-DUPLICATE",
                    format!(
                        "columns \"{}\" (column {}) and \"{}\" (column {}) both mean {}",
                        diag::quote(&table.headers[first]),
                        table.columns[first],
                        diag::quote(header),
                        table.columns[i],
                        spec.name
                    ),
                    "delete or rename one of the two columns",
                )
                .zh(
                    format!(
                        "列“{}”（第{}列）和列“{}”（第{}列）都表示 {}",
                        diag::quote(&table.headers[first]),
                        table.columns[first],
                        diag::quote(header),
                        table.columns[i],
                        spec.name
                    ),
                    "请删除其中一列，或改掉其中一列的表头",
                )
                .in_file(&table.file)
                .at(table.header_line, Some(table.columns[i]))
                .field(spec.name),
            );
            continue;
        }
        columns.index.insert(spec.name, i);
    }

    missing(key, table, specs, &columns, diags);
    let fields: Vec<&'static str> = specs.iter().map(|s| s.name).collect();
    let errors = diags.iter().filter(|d| d.is_error()).count();
    // A control character is reported and removed; the rows are still read.
    let found: Vec<(&'static str, usize)> = fields
        .iter()
        .filter_map(|&f| Some((f, columns.index(f)?)))
        .collect();
    clean::cells(table, &found, diags);
    (errors == before).then_some(columns)
}

/// How many header names a message lists at most.
const MAX_LISTED_HEADERS: usize = 20;

/// The headers found, quoted and bounded, for messages.
fn found_headers(table: &Table) -> String {
    let found: Vec<&String> = table.headers.iter().filter(|h| !h.is_empty()).collect();
    let mut list: Vec<String> = found
        .iter()
        .take(MAX_LISTED_HEADERS)
        .map(|h| diag::quote(h))
        .collect();
    if found.len() > MAX_LISTED_HEADERS {
        list.push(format!("… ({} more)", found.len() - MAX_LISTED_HEADERS));
    }
    list.join(", ")
}

/// E-COL-MISSING: one per missing required column; or, when the header row names none of the
/// file's columns (a junk or wrong file), one for the whole row.
fn missing(
    key: &str,
    table: &Table,
    specs: &[ColSpec],
    columns: &Columns,
    diags: &mut Vec<Diagnostic>,
) {
    let absent: Vec<&ColSpec> = specs
        .iter()
        .filter(|s| s.required && !columns.has(s.name))
        .collect();
    if absent.is_empty() {
        return;
    }
    let found = found_headers(table);
    let at = |d: Diagnostic| d.in_file(&table.file).at(table.header_line, None);
    if columns.index.is_empty() && absent.len() > 1 {
        let names: Vec<String> = absent
            .iter()
            .map(|s| format!("{} ({})", s.name, s.aliases.first().unwrap_or(&"")))
            .collect();
        diags.push(at(Diagnostic::error(
            "E-COL-MISSING",
            format!(
                "the header row names none of the columns of the {key} file (is it the right file?); required columns: {}; the header has: {found}",
                names.join(", ")
            ),
            "give the file its header row (see docs/data-format.md), or map your headers in the scenario: columns = { \"your header\" = \"name\" }",
        )
        .zh(
            format!(
                "表头中没有{}文件的任何一列（文件是否选对？）；必需的列：{}；表头现有：{found}",
                file_zh(key),
                names.join("，")
            ),
            "请检查文件是否正确，并添加表头（见 docs/data-format.md），或在情景文件中对应表头：columns = { \"你的表头\" = \"name\" }",
        )));
        return;
    }
    for spec in absent {
        diags.push(
            at(Diagnostic::error(
                "E-COL-MISSING",
                format!(
                    "required column {} is missing; the header has: {found}; accepted names: {}, {}",
                    spec.name,
                    spec.name,
                    spec.aliases.join(", ")
                ),
                format!(
                    "add a {} column, or rename your header, or map it in the scenario: columns = {{ \"your header\" = \"{}\" }}",
                    spec.name,
                    spec.name,
                ),
            )
            .zh(
                format!(
                    "缺少必需的列“{}”（{}）；表头现有：{found}；可用的列名：{}、{}",
                    spec.aliases.first().unwrap_or(&spec.name),
                    spec.name,
                    spec.name,
                    spec.aliases.join("、")
                ),
                format!(
                    "请添加“{}”列，或改表头名称，或在情景文件中对应：columns = {{ \"你的表头\" = \"{}\" }}",
                    spec.aliases.first().unwrap_or(&spec.name),
                    spec.name
                ),
            ))
            .field(spec.name),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_compare_loosely() {
        assert_eq!(normalize(" *School ID "), "schoolid");
        assert_eq!(
            spec_for(TEACHERS, "Birth_Date").map(|s| s.name),
            Some("birth_date")
        );
        assert_eq!(
            spec_for(TEACHERS, "出生年月").map(|s| s.name),
            Some("birth_date")
        );
        assert_eq!(
            spec_for(SCHOOLS, "学校 代码").map(|s| s.name),
            Some("school_id")
        );
        assert!(spec_for(SCHOOLS, "备注").is_none());
    }

    #[test]
    fn no_alias_names_two_fields() {
        for specs in [
            SCHOOLS,
            TEACHERS,
            NEEDS,
            HIRES,
            PAIRS,
            LOCKS,
            SERVICE,
            APPLICATIONS,
        ] {
            let mut seen = std::collections::BTreeSet::new();
            for s in specs {
                for n in std::iter::once(s.name).chain(s.aliases.iter().copied()) {
                    assert!(seen.insert(normalize(n)), "{n} used twice");
                }
            }
        }
    }
}

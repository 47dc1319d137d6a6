//! Placing a what-if variant's serde error at its own key: the merged table of a variant and
//! its base has no positions, so the key is found by removing the variant's keys one by one.

use super::scenario_file::ScenarioFile;
use crate::scenario::Scenario;

/// Where the variant file itself writes the key behind a serde error that names none (a value
/// of the wrong type): the first of its own keys whose removal from the merged table makes
/// the scenario read, found at its line (after its table's header, if any) and value column.
pub(super) fn own_span(file: &ScenarioFile, merged: &toml::Table) -> Option<(usize, usize)> {
    let own: toml::Table = file.text.parse().ok()?;
    let mut leaves = Vec::new();
    leaf_paths(&own, &mut Vec::new(), &mut leaves);
    let culprit = leaves.into_iter().find(|path| {
        let mut t = merged.clone();
        remove_path(&mut t, path);
        toml::Value::Table(t).try_into::<Scenario>().is_ok()
    })?;
    let (key, parents) = culprit.split_last()?;
    let header = format!("[{}]", parents.join("."));
    let lines: Vec<&str> = file.text.lines().collect();
    let from = if parents.is_empty() {
        0
    } else {
        lines.iter().position(|l| l.trim() == header)?
    };
    lines.iter().enumerate().skip(from).find_map(|(i, l)| {
        let t = l.trim_start();
        let rest = t
            .strip_prefix(key.as_str())?
            .trim_start()
            .strip_prefix('=')?;
        let value_at = l.len() - rest.trim_start().len();
        Some((i + 1, 1 + l[..value_at].chars().count()))
    })
}

/// Every leaf key of a table, as its path of keys.
fn leaf_paths(t: &toml::Table, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    for (k, v) in t {
        at.push(k.clone());
        match v {
            toml::Value::Table(inner) => leaf_paths(inner, at, out),
            _ => out.push(at.clone()),
        }
        at.pop();
    }
}

/// Removes the key at `path` from a table, if it is there.
fn remove_path(t: &mut toml::Table, path: &[String]) {
    match path {
        [] => {}
        [last] => {
            t.remove(last);
        }
        [first, rest @ ..] => {
            if let Some(toml::Value::Table(inner)) = t.get_mut(first) {
                remove_path(inner, rest);
            }
        }
    }
}

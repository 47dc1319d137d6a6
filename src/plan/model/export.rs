//! Exporting a stage's model for another solver: the full model (every arc), with readable
//! column names.

use super::built::ShareSlacks;
use super::highs_ffi::{pass_col_name, write_model};
use crate::plan::error::PlanError;
use crate::plan::prepare::Prepared;
use std::path::Path;

/// Writes a stage's full model (every arc, built by the stage as HiGHS takes it), so that
/// another solver re-solves what was proven, in the format HiGHS infers from the extension of
/// `path` (.lp, .mps). `columns`: the build's column count; `slack`: its share slacks.
pub(super) fn export_full_model(
    full: &mut highs::Model,
    prep: &Prepared,
    slack: ShareSlacks,
    columns: usize,
    path: &Path,
) -> Result<(), PlanError> {
    name_columns(full, prep, slack, columns);
    write_model(full, path)
}

/// Readable column names for an exported model: `pick_<school>_<subject>_g<group>`,
/// `arc_<from>_<to>_<subject>`, `hire_<subject>_<programme>_<school>`,
/// `part_<school>_g<group>_<backbone|other>_<due|notdue>`, `short_rotation`,
/// `short_backbone`, and `gap_<column>` for the gap slots; each ends in `_c<column>` so that
/// names stay unique whatever the ids contain (characters other than ASCII letters, digits and
/// `_` become `_`).
fn name_columns(model: &mut highs::Model, prep: &Prepared, slack: ShareSlacks, columns: usize) {
    let ShareSlacks {
        rotation: v_rot,
        backbone: v_bb,
    } = slack;
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    let mut names: Vec<String> = Vec::with_capacity(columns);
    for p in &prep.picks {
        let pool = &prep.pools[p.pool];
        names.push(format!(
            "pick_{}_{}_g{}",
            clean(&prep.school_ids[pool.school]),
            clean(&pool.subject),
            p.group
        ));
    }
    for a in &prep.arcs {
        let from = &prep.school_ids[prep.pools[a.pool()].school];
        names.push(format!(
            "arc_{}_{}_{}",
            clean(from),
            clean(&prep.school_ids[a.to()]),
            clean(&prep.pools[a.pool()].subject)
        ));
    }
    for o in &prep.hires {
        for &(school, _) in &o.schools {
            names.push(format!(
                "hire_{}_{}_{}",
                clean(&o.subject),
                o.programme.key(),
                clean(&prep.school_ids[school])
            ));
        }
    }
    // hub columns: one per pool (into its subject's hub), one per post (out of it)
    for q in &prep.pools {
        names.push(format!(
            "hub_from_{}_{}",
            clean(&prep.school_ids[q.school]),
            clean(&q.subject)
        ));
    }
    for (r, subject) in prep.posts.keys() {
        names.push(format!(
            "hub_to_{}_{}",
            clean(&prep.school_ids[*r]),
            clean(subject)
        ));
    }
    // part columns: per group of more than one part, teachers of each part who leave
    for (g, group) in prep.groups.iter().enumerate() {
        if group.parts.len() > 1 {
            for part in &group.parts {
                names.push(format!(
                    "part_{}_g{g}_{}_{}",
                    clean(&prep.school_ids[group.school]),
                    if part.backbone { "backbone" } else { "other" },
                    if part.due { "due" } else { "notdue" }
                ));
            }
        }
    }
    while names.len() < columns {
        let col = names.len();
        names.push(if col == v_rot {
            "short_rotation".into()
        } else if col == v_bb {
            "short_backbone".into()
        } else if col > v_bb {
            // the indicators goal's terms are built after the shares columns
            "indicator".into()
        } else {
            "gap".into()
        });
    }
    for (col, name) in names.iter().enumerate() {
        let Ok(c_name) = std::ffi::CString::new(format!("{name}_c{col}")) else {
            continue;
        };
        pass_col_name(model, col, &c_name);
    }
}

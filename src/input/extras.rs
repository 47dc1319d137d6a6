//! The optional files: needs (explicit FTE per school and subject), hires (the year's new-hire
//! batches) and pairs (对口支援 relations). Each is small; a missing `data.<key>` entry means
//! no such data, while a named file that can't be read is an error.

use super::cells::Cells;
use super::columns::{self, ColSpec, Columns, HIRES, NEEDS, PAIRS};
use super::schools::{SchoolIndex, AREAS};
use super::table::{self, Table};
use super::teachers::PROGRAMMES;
use super::{values, Ctx};
use crate::diag::Diagnostic;
use crate::domain::{Area, HireBatch, NeedOverride, Pair, Programme};
use crate::scenario::DataFile;
use std::collections::BTreeMap;

const MAX_NEED_FTE: f64 = 200.0;
const MAX_HIRES: u64 = 10_000;

/// Opens an optional file; `None` when it is not named or can't be read (then reported).
fn open(
    ctx: &Ctx,
    key: &str,
    spec: Option<&DataFile>,
    specs: &'static [ColSpec],
    diags: &mut Vec<Diagnostic>,
) -> Option<(Table, Columns)> {
    let spec = spec?;
    let mut table = table::open(ctx, key, spec, specs, diags)?;
    let cols = columns::resolve(ctx, key, &mut table, specs, spec.columns(), diags)?;
    if table.rows.is_empty() {
        diags.push(
            Diagnostic::warning(
                "W-FILE-EMPTY",
                format!("{} has a header but no data rows", table.file),
                format!("add rows, or remove data.{key} from the scenario"),
            )
            .zh(
                format!("{} 只有表头，没有数据行", table.file),
                format!("请添加数据行，或从情景文件中删除 data.{key}"),
            )
            .in_file(&table.file)
            .at(table.header_line, None),
        );
    }
    Some((table, cols))
}

fn check_ref(c: &mut Cells, field: &str, id: Option<&str>, schools: Option<&SchoolIndex>) {
    if let (Some(id), Some(index)) = (id, schools) {
        if !index.contains_key(id) {
            let h = c.heading(field);
            c.error(
                "E-REF-SCHOOL",
                field,
                (
                    format!("{field} \"{id}\" is not in the schools file"),
                    "correct the school id, or add the school to the schools file".into(),
                ),
                (
                    format!("“{h}”的值“{id}”不在学校名单中"),
                    "请改正学校代码，或在学校文件中加上这所学校".into(),
                ),
            );
        }
    }
}

pub fn needs(
    ctx: &Ctx,
    schools: Option<&SchoolIndex>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<NeedOverride> {
    let Some((table, cols)) = open(ctx, "needs", ctx.scenario.data.needs.as_ref(), NEEDS, diags)
    else {
        return Vec::new();
    };
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut out = Vec::new();
    for row in &table.rows {
        let mut c = Cells::new(&table, row, &cols, diags);
        let school_id = c.required("school_id");
        check_ref(&mut c, "school_id", school_id, schools);
        let subject = c.subject("subject", ctx.scenario);
        let need = c
            .required("need_fte")
            .and_then(|_| c.number("need_fte", 0.0, MAX_NEED_FTE));
        let (Some(school_id), Some(subject), Some(need_fte)) = (school_id, subject, need) else {
            continue;
        };
        let key = (school_id.to_string(), subject.clone());
        if let Some(first) = seen.get(&key) {
            let msg = format!(
                "need of school \"{school_id}\" in {subject} is given twice; first on line {first}"
            );
            let zh = format!("学校“{school_id}”的 {subject} 学科需求重复填写，第一次在第{first}行");
            c.error(
                "E-DUP-NEED",
                "subject",
                (msg, "keep one row per school and subject".into()),
                (zh, "每所学校的每个学科只保留一行".into()),
            );
            continue;
        }
        seen.insert(key, row.line);
        out.push(NeedOverride {
            school_id: school_id.to_string(),
            subject,
            need_fte,
            source_line: row.line,
        });
    }
    out
}

pub fn hires(ctx: &Ctx, diags: &mut Vec<Diagnostic>) -> Vec<HireBatch> {
    let Some((table, cols)) = open(ctx, "hires", ctx.scenario.data.hires.as_ref(), HIRES, diags)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in &table.rows {
        let mut c = Cells::new(&table, row, &cols, diags);
        let subject = c.subject("subject", ctx.scenario);
        let count = c.required_count("count", MAX_HIRES);
        let programme = c
            .choice(
                "programme",
                "E-VALUE-PROGRAMME",
                Programme::parse,
                PROGRAMMES,
            )
            .unwrap_or_default();
        let areas = c.get("areas").map(|text| {
            let mut areas = Vec::new();
            for item in values::split_list(text) {
                match Area::parse(item) {
                    Some(a) if !areas.contains(&a) => areas.push(a),
                    Some(_) => {}
                    None => c.error(
                        "E-VALUE-AREA",
                        "areas",
                        (
                            format!("area \"{item}\" is not one of: {AREAS}"),
                            format!("list areas from: {AREAS}"),
                        ),
                        (
                            format!("区域“{item}”不是可用的取值（{AREAS}）"),
                            format!("请从以下区域中填写：{AREAS}"),
                        ),
                    ),
                }
            }
            areas
        });
        if let (Some(subject), Some(count)) = (subject, count) {
            out.push(HireBatch {
                subject,
                count,
                programme,
                areas,
                source_line: row.line,
            });
        }
    }
    out
}

pub fn pairs(ctx: &Ctx, schools: Option<&SchoolIndex>, diags: &mut Vec<Diagnostic>) -> Vec<Pair> {
    let Some((table, cols)) = open(ctx, "pairs", ctx.scenario.data.pairs.as_ref(), PAIRS, diags)
    else {
        return Vec::new();
    };
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut out = Vec::new();
    for row in &table.rows {
        let mut c = Cells::new(&table, row, &cols, diags);
        let urban = c.required("urban_school_id");
        let rural = c.required("rural_school_id");
        check_ref(&mut c, "urban_school_id", urban, schools);
        check_ref(&mut c, "rural_school_id", rural, schools);
        let (Some(urban), Some(rural)) = (urban, rural) else {
            continue;
        };
        if urban == rural {
            c.error(
                "E-PAIR-SELF",
                "rural_school_id",
                (
                    format!("school \"{urban}\" is paired with itself"),
                    "pair a supporting urban or town school with a different, rural school".into(),
                ),
                (
                    format!("学校“{urban}”与自己结成了对口关系"),
                    "请让城区或镇区的支援学校与另一所乡村学校结对".into(),
                ),
            );
            continue;
        }
        if let Some(index) = schools {
            check_pair_areas(&mut c, index, urban, rural);
        }
        let key = (urban.to_string(), rural.to_string());
        if let Some(first) = seen.get(&key) {
            c.warning(
                "W-DUP-PAIR",
                "rural_school_id",
                (
                    format!("pair {urban} → {rural} is listed twice; first on line {first}"),
                    "delete the repeated row".into(),
                ),
                (
                    format!("对口关系 {urban} → {rural} 重复填写，第一次在第{first}行"),
                    "请删除重复的行".into(),
                ),
            );
            continue;
        }
        seen.insert(key, row.line);
        out.push(Pair {
            urban_school_id: urban.to_string(),
            rural_school_id: rural.to_string(),
            source_line: row.line,
        });
    }
    out
}

const PAIR_AREA_ACTION: &str =
    "check the pair; support normally goes from urban/town schools to rural schools";
const PAIR_AREA_ACTION_ZH: &str = "请核对对口关系；通常由城区、镇区学校支援乡村学校";

fn check_pair_areas(c: &mut Cells, index: &SchoolIndex, urban: &str, rural: &str) {
    let area = |id: &str| index.get(id).and_then(|r| r.area);
    if let Some(a) = area(urban).filter(|a| !matches!(a, Area::Urban | Area::Town)) {
        c.warning(
            "W-PAIR-AREA",
            "urban_school_id",
            (
                format!(
                    "supporting school \"{urban}\" is {} ({}), not urban or town",
                    a.key(),
                    a.zh()
                ),
                PAIR_AREA_ACTION.into(),
            ),
            (
                format!(
                    "支援学校“{urban}”位于{}（{}），不在城区或镇区",
                    a.zh(),
                    a.key()
                ),
                PAIR_AREA_ACTION_ZH.into(),
            ),
        );
    }
    if let Some(a) = area(rural).filter(|a| !matches!(a, Area::Rural | Area::TeachingPoint)) {
        c.warning(
            "W-PAIR-AREA",
            "rural_school_id",
            (
                format!(
                    "supported school \"{rural}\" is {} ({}), not rural or a teaching point",
                    a.key(),
                    a.zh()
                ),
                PAIR_AREA_ACTION.into(),
            ),
            (
                format!(
                    "受援学校“{rural}”位于{}（{}），不是乡村学校或教学点",
                    a.zh(),
                    a.key()
                ),
                PAIR_AREA_ACTION_ZH.into(),
            ),
        );
    }
}

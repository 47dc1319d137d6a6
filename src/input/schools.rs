//! The schools file: one row per school or teaching point.
//!
//! Every other file refers to schools by id, so this file is read first and its ids (also those
//! of rows with other errors) are kept to check the references without flooding the user with
//! follow-on errors.

use super::cells::Cells;
use super::columns::{self, SCHOOLS};
use super::table::{self, Table};
use super::values::{self, NumError};
use super::{geo, Ctx};
use crate::diag::Diagnostic;
use crate::domain::{Area, Point, School, Stage};
use std::collections::BTreeMap;

pub const AREAS: &str = "urban, town, rural, teaching_point (城区, 镇区, 乡村, 教学点)";
const STAGES: &str = "primary, junior, nine_year (小学, 初中, 九年一贯制)";

/// Largest plausible values: a typo beyond these would distort every ratio.
const MAX_STUDENTS: u64 = 20_000;
const MAX_CLASSES: u64 = 500;
const MAX_BEDS: u64 = 5_000;
const MAX_PLANE_KM: f64 = 2_000.0;
/// More approved posts than any school has: a typo (or a county total in a school's row).
pub const MAX_ESTABLISHMENT: u64 = 100_000;

/// A school id as listed, with its area when that was readable.
#[derive(Debug, Clone)]
pub struct SchoolRef {
    pub line: usize,
    pub area: Option<Area>,
}

pub type SchoolIndex = BTreeMap<String, SchoolRef>;

pub struct SchoolsRead {
    pub schools: Vec<School>,
    pub index: SchoolIndex,
    pub file: String,
}

enum Coord {
    LatLon(f64, f64),
    Plane(Point),
}

pub fn load(ctx: &Ctx, diags: &mut Vec<Diagnostic>) -> Option<SchoolsRead> {
    let spec = &ctx.scenario.data.schools;
    let mut table = table::open(ctx, "schools", spec, SCHOOLS, diags)?;
    let cols = columns::resolve(ctx, "schools", &mut table, SCHOOLS, spec.columns(), diags)?;
    if table.rows.is_empty() {
        diags.push(no_rows(&table));
        return None;
    }
    let mut index = SchoolIndex::new();
    let mut schools = Vec::new();
    let mut coords = Vec::new();
    for row in &table.rows {
        let mut c = Cells::new(&table, row, &cols, diags);
        let id = c.get("school_id");
        if let Some(id) = id {
            if let Some(first) = index.get(id) {
                let msg = format!(
                    "school_id \"{id}\" appears twice; first on line {}",
                    first.line
                );
                let zh = format!("学校代码“{id}”重复出现，第一次在第{}行", first.line);
                c.error(
                    "E-DUP-SCHOOL",
                    "school_id",
                    (
                        msg,
                        "give every school its own id, or delete the repeated row".into(),
                    ),
                    (zh, "每所学校的代码应唯一；请改正代码或删除重复的行".into()),
                );
            }
        }
        let school = read_row(&mut c);
        let coord = read_coord(&mut c);
        if let Some(id) = id {
            index.entry(id.to_string()).or_insert(SchoolRef {
                line: row.line,
                area: school
                    .as_ref()
                    .map(|s| s.area)
                    .or_else(|| c.get("area").and_then(Area::parse)),
            });
        }
        if let Some(s) = school {
            schools.push(s);
            coords.push(coord);
        }
    }
    place_schools(&table, &mut schools, coords, diags);
    Some(SchoolsRead {
        schools,
        index,
        file: table.file,
    })
}

/// E-FILE-EMPTY for a required file with a header and no data.
pub fn no_rows(table: &Table) -> Diagnostic {
    Diagnostic::error(
        "E-FILE-EMPTY",
        format!("{} has a header but no data rows", table.file),
        "export the data rows too, or point the scenario at the right file",
    )
    .zh(
        format!("{} 只有表头，没有数据行", table.file),
        "请连同数据行一起导出，或在情景文件中改为正确的文件",
    )
    .in_file(&table.file)
    .at(table.header_line, None)
}

fn read_row(c: &mut Cells) -> Option<School> {
    let id = c.required("school_id");
    let name = c.required("name");
    let area = c.required_choice("area", "E-VALUE-AREA", Area::parse, AREAS);
    let stage = c.required_choice("stage", "E-VALUE-STAGE", Stage::parse, STAGES);
    let students = c.required_count("students", MAX_STUDENTS);
    let classes = c.required_count("classes", MAX_CLASSES);
    let primary_classes = c.count("primary_classes", MAX_CLASSES);
    let junior_classes = c.count("junior_classes", MAX_CLASSES);
    let weak = c.flag("weak");
    let remote = c.flag("remote");
    let housing_beds = c.count("housing_beds", MAX_BEDS);
    let township = c.get("township").map(str::to_string);
    let establishment = read_establishment(c);
    // 办学质量评分 for leader rotation (docs/leaders.md); empty: derived.
    let quality = c.number("quality", 0.0, 100.0);

    if let (Some(stage), Some(classes)) = (stage, classes) {
        check_split(c, stage, classes, primary_classes, junior_classes);
    }
    if students == Some(0) {
        c.warning(
            "W-SCHOOL-EMPTY",
            "students",
            (
                "school has 0 students".into(),
                "check the enrolment; a school without students gets no computed need".into(),
            ),
            (
                "学校学生数为 0".into(),
                "请核对在校学生数；没有学生的学校不计算需求".into(),
            ),
        );
    } else if classes == Some(0) {
        c.warning(
            "W-SCHOOL-CLASSES",
            "classes",
            (
                format!(
                    "school has {} students but 0 classes",
                    students.unwrap_or(0)
                ),
                "fill in the number of classes; needs are computed from classes".into(),
            ),
            (
                format!("学校有 {} 名学生，但班级数为 0", students.unwrap_or(0)),
                "请填写班级数；需求按班级数计算".into(),
            ),
        );
    }
    Some(School {
        id: id?.to_string(),
        name: name?.to_string(),
        area: area?,
        stage: stage?,
        students: students?,
        classes: classes?,
        primary_classes,
        junior_classes,
        weak,
        remote,
        housing_beds,
        location: None,
        township,
        establishment,
        quality,
        source_line: c.line(),
    })
}

/// The establishment the bureau approved (核定编制数): a whole number of posts from 0 to
/// [`MAX_ESTABLISHMENT`]; an empty cell (or no column) leaves it to the scenario's
/// `[establishment]` table.
fn read_establishment(c: &mut Cells) -> Option<u32> {
    let text = c.get("establishment")?;
    let shown = crate::diag::quote(text);
    let (code, why, zh) = match values::parse_count(text) {
        Ok(n) if n <= MAX_ESTABLISHMENT => return Some(n as u32),
        Ok(_) => (
            "E-VALUE-RANGE",
            format!("is implausibly large (more than {MAX_ESTABLISHMENT} posts)"),
            "核定编制数过大",
        ),
        Err(NumError::Negative) => (
            "E-VALUE-RANGE",
            "is negative".into(),
            "核定编制数不能为负数",
        ),
        Err(NumError::NotWhole) => (
            "E-VALUE-NUMBER",
            "is not a whole number of posts".into(),
            "核定编制数须为整数",
        ),
        Err(NumError::NotNumber) => (
            "E-VALUE-NUMBER",
            "is not a number".into(),
            "核定编制数须为数字",
        ),
    };
    let h = c.heading("establishment");
    c.error(
        code,
        "establishment",
        (
            format!("establishment \"{shown}\" {why} ({zh})"),
            format!(
                "give the school's approved posts (核定编制数) as a whole number from 0 to \
                 {MAX_ESTABLISHMENT}, digits only, or leave the cell empty to compute them from \
                 the scenario's [establishment] table; 请填写 0 到 {MAX_ESTABLISHMENT} 之间的整数，\
                 或留空按情景中的编制标准计算"
            ),
        ),
        (
            format!("“{h}”的值“{shown}”有误：{zh}"),
            format!(
                "请把核定编制数填写为 0 到 {MAX_ESTABLISHMENT} 之间的整数（只写数字），\
                 或留空，按情景文件 [establishment] 表中的编制标准计算"
            ),
        ),
    );
    None
}

fn check_split(c: &mut Cells, stage: Stage, classes: u32, p: Option<u32>, j: Option<u32>) {
    if stage != Stage::NineYear {
        if p.is_some() || j.is_some() {
            let field = if p.is_some() {
                "primary_classes"
            } else {
                "junior_classes"
            };
            c.warning(
                "W-CLASSES-SPLIT",
                field,
                (
                    format!(
                        "a {} school has a primary/junior class split; it is not used",
                        stage.key()
                    ),
                    "leave primary_classes and junior_classes empty except for nine-year schools"
                        .into(),
                ),
                (
                    format!(
                        "{}（{}）学校填写了小学/初中班级数，不会使用",
                        stage.zh(),
                        stage.key()
                    ),
                    "除九年一贯制学校外，primary_classes 和 junior_classes 请留空".into(),
                ),
            );
        }
        return;
    }
    let bad = match (p, j) {
        (Some(p), Some(j)) => (p + j != classes).then(|| {
            (
                format!(
                    "primary_classes {p} + junior_classes {j} = {} but classes = {classes}",
                    p + j
                ),
                format!(
                    "primary_classes {p} + junior_classes {j} = {}，但 classes = {classes}",
                    p + j
                ),
            )
        }),
        (Some(x), None) | (None, Some(x)) => (x > classes).then(|| {
            (
                format!("the split ({x}) is larger than classes = {classes}"),
                format!("分学段班级数（{x}）大于 classes = {classes}"),
            )
        }),
        (None, None) => None,
    };
    if let Some((why, why_zh)) = bad {
        let field = if p.is_some() {
            "primary_classes"
        } else {
            "junior_classes"
        };
        c.error(
            "E-CLASSES-SPLIT",
            field,
            (
                format!("nine-year school class split is inconsistent: {why}"),
                "make primary_classes + junior_classes equal classes".into(),
            ),
            (
                format!("九年一贯制学校的分学段班级数不一致：{why_zh}"),
                "请使 primary_classes + junior_classes 等于 classes".into(),
            ),
        );
    }
}

fn read_coord(c: &mut Cells) -> Option<Coord> {
    let lat = c.number("lat", -90.0, 90.0);
    let lon = c.number("lon", -180.0, 180.0);
    let x = c.number("x_km", -MAX_PLANE_KM, MAX_PLANE_KM);
    let y = c.number("y_km", -MAX_PLANE_KM, MAX_PLANE_KM);
    half_pair(c, "lat", "lon");
    half_pair(c, "x_km", "y_km");
    let latlon = lat.zip(lon).map(|(a, b)| Coord::LatLon(a, b));
    let plane = x
        .zip(y)
        .map(|(x_km, y_km)| Coord::Plane(Point { x_km, y_km }));
    if latlon.is_some() && plane.is_some() {
        c.warning(
            "W-COORD-BOTH",
            "x_km",
            (
                "both lat/lon and x_km/y_km are given; lat/lon is used".into(),
                "give one kind of position per school".into(),
            ),
            (
                "同时填写了经纬度（lat/lon）和平面坐标（x_km/y_km），将使用经纬度".into(),
                "每所学校只填写一种位置".into(),
            ),
        );
    }
    latlon.or(plane)
}

/// E-COORD-PAIR when only one of two coordinates is given.
fn half_pair(c: &mut Cells, a: &str, b: &str) {
    match (c.get(a), c.get(b)) {
        (Some(v), None) => c.error(
            "E-COORD-PAIR",
            b,
            (
                format!("{a} is \"{v}\" but {b} is empty"),
                format!("give both {a} and {b}, or neither"),
            ),
            (
                format!("{a} 为“{v}”，但 {b} 为空"),
                format!("请同时填写 {a} 和 {b}，或都不填"),
            ),
        ),
        (None, Some(v)) => c.error(
            "E-COORD-PAIR",
            a,
            (
                format!("{b} is \"{v}\" but {a} is empty"),
                format!("give both {a} and {b}, or neither"),
            ),
            (
                format!("{b} 为“{v}”，但 {a} 为空"),
                format!("请同时填写 {a} 和 {b}，或都不填"),
            ),
        ),
        _ => {}
    }
}

/// Projects lat/lon around the schools' mean; x/y are used as given. Mixing both kinds in one
/// county would put schools on two unrelated planes.
fn place_schools(
    table: &Table,
    schools: &mut [School],
    coords: Vec<Option<Coord>>,
    diags: &mut Vec<Diagnostic>,
) {
    let latlon: Vec<(f64, f64)> = coords
        .iter()
        .filter_map(|c| match c {
            Some(Coord::LatLon(a, b)) => Some((*a, *b)),
            _ => None,
        })
        .collect();
    let mut projected = geo::project(&latlon).into_iter();
    let mut mixed_reported = false;
    for (school, coord) in schools.iter_mut().zip(coords) {
        school.location = match coord {
            Some(Coord::LatLon(..)) => projected.next(),
            Some(Coord::Plane(p)) => {
                if !latlon.is_empty() && !mixed_reported {
                    mixed_reported = true;
                    diags.push(
                        Diagnostic::error(
                            "E-COORD-MIXED",
                            format!("school {} is placed by x_km/y_km while other schools use lat/lon", school.id),
                            "give every school's position the same way: all lat/lon or all x_km/y_km",
                        )
                        .zh(
                            format!("学校 {} 用平面坐标 x_km/y_km 定位，而其他学校用经纬度 lat/lon", school.id),
                            "请用同一种方式填写所有学校的位置：全部用经纬度，或全部用 x_km/y_km",
                        )
                        .in_file(&table.file)
                        .at(school.source_line, None)
                        .field("x_km"),
                    );
                }
                Some(p)
            }
            None => None,
        };
    }
}

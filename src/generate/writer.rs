//! Writes a scenario folder the way a bureau's files look: the scenario TOML plus CSV/XLSX data
//! files in the chosen flavour. Output is byte-for-byte deterministic (rows in id order, fixed
//! line endings, a fixed creation time inside the XLSX) so committed demos can be checked.

use super::geo::LatLon;
use super::values::{self as v, *};
use super::{toml_text, Flavor};
use crate::domain::{County, School};
use crate::scenario::Scenario;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
use std::path::{Path, PathBuf};

/// The applications file the generator writes (docs/generator.md, "Applications").
pub const APPLICATIONS_FILE: &str = "applications.csv";

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Xlsx { path: PathBuf, source: XlsxError },
    #[error("{path}: {text:?} has characters GBK cannot encode; use the English flavour or UTF-8")]
    Encoding { path: PathBuf, text: String },
    /// The folder could not be written as a whole, or holds files already.
    #[error(transparent)]
    Folder(#[from] crate::output::atomic::OutputError),
}

impl WriteError {
    /// True when the user should choose another folder (exit 2) rather than an I/O failure.
    pub fn is_bad_input(&self) -> bool {
        matches!(self, WriteError::Folder(e) if e.is_bad_input())
    }
}

/// One cell: text, or a number written with a fixed number of decimals.
pub(super) enum Cell {
    Text(String),
    Number(f64, usize),
    Empty,
}

impl Cell {
    fn int(n: u32) -> Cell {
        Cell::Number(f64::from(n), 0)
    }
    fn opt(n: Option<u32>) -> Cell {
        n.map_or(Cell::Empty, Cell::int)
    }
    pub(super) fn csv(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(x, decimals) => format!("{x:.decimals$}"),
            Cell::Empty => String::new(),
        }
    }
}

/// How a CSV file's bytes are laid down.
#[derive(Clone, Copy)]
pub(super) enum Encoding {
    Utf8,
    Utf8Bom,
    Gbk,
}

/// Writes the scenario file and the county's data files as the folder `dir`, which must be new
/// or empty (else [`WriteError::Folder`]), as one unit, and returns the paths written. The
/// scenario's `[data]` section is replaced by the flavour's file names
/// ([`Flavor::data_files`]). With an `origin`, schools get lat/lon columns around it; without,
/// x_km/y_km.
pub fn write_scenario(
    scenario: &Scenario,
    county: &County,
    dir: &Path,
    flavor: Flavor,
    origin: Option<LatLon>,
) -> Result<Vec<PathBuf>, WriteError> {
    write_scenario_with(scenario, county, dir, flavor, origin, Vec::new())
}

/// [`write_scenario`] with further files (name, bytes) written in the same unit, after the
/// scenario's own. A `service.csv` or `applications.csv` among them is named in `[data]`.
pub fn write_scenario_with(
    scenario: &Scenario,
    county: &County,
    dir: &Path,
    flavor: Flavor,
    origin: Option<LatLon>,
    extra: Vec<(String, Vec<u8>)>,
) -> Result<Vec<PathBuf>, WriteError> {
    let mut scenario = scenario.clone();
    scenario.data = flavor.data_files(county);
    // a service ledger written alongside (`rotaplan advance`) is the scenario's ledger
    if extra.iter().any(|(name, _)| name == "service.csv") {
        scenario.data.service = Some(crate::scenario::DataFile::Path("service.csv".into()));
    }
    // and applications written alongside (`generate --applications`) are the scenario's
    let applications = APPLICATIONS_FILE;
    if extra.iter().any(|(name, _)| name == applications) {
        scenario.data.applications = Some(crate::scenario::DataFile::Path(applications.into()));
    }
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut put = |name: &str, bytes: Vec<u8>| -> Result<(), WriteError> {
        files.push((name.to_string(), bytes));
        Ok(())
    };
    put("scenario.toml", toml_text::render(&scenario).into_bytes())?;

    let (csv_encoding, roster_encoding) = match flavor {
        Flavor::English => (Encoding::Utf8, Encoding::Utf8),
        Flavor::Chinese => (Encoding::Utf8Bom, Encoding::Gbk),
    };
    let (header, rows) = school_table(county, flavor, origin);
    match flavor {
        Flavor::English => put(
            "schools.csv",
            csv(&header, &rows, csv_encoding, &dir.join("schools.csv"))?,
        )?,
        Flavor::Chinese => {
            let path = dir.join("schools.xlsx");
            put(
                "schools.xlsx",
                xlsx(&header, &rows, "学校").map_err(|source| WriteError::Xlsx { path, source })?,
            )?
        }
    }
    let (header, rows) = teacher_table(&scenario, county, flavor);
    put(
        "teachers.csv",
        csv(&header, &rows, roster_encoding, &dir.join("teachers.csv"))?,
    )?;
    if !county.needs.is_empty() {
        let rows = county
            .needs
            .iter()
            .map(|n| {
                vec![
                    Cell::Text(n.school_id.clone()),
                    Cell::Text(v::subject(flavor, &scenario, &n.subject)),
                    Cell::Number(n.need_fte, 2),
                ]
            })
            .collect::<Vec<_>>();
        put(
            "needs.csv",
            csv(
                &headers(flavor, NEED_COLUMNS),
                &rows,
                csv_encoding,
                &dir.join("needs.csv"),
            )?,
        )?;
    }
    if !county.hires.is_empty() {
        let rows = county
            .hires
            .iter()
            .map(|h| {
                let areas: Vec<String> = h
                    .areas
                    .iter()
                    .flatten()
                    .map(|a| pick(flavor, a.key(), a.zh()))
                    .collect();
                vec![
                    Cell::Text(v::subject(flavor, &scenario, &h.subject)),
                    Cell::int(h.count),
                    Cell::Text(v::programme(flavor, h.programme)),
                    Cell::Text(v::list(flavor, &areas)),
                ]
            })
            .collect::<Vec<_>>();
        put(
            "hires.csv",
            csv(
                &headers(flavor, HIRE_COLUMNS),
                &rows,
                csv_encoding,
                &dir.join("hires.csv"),
            )?,
        )?;
    }
    if !county.pairs.is_empty() {
        let rows = county
            .pairs
            .iter()
            .map(|p| {
                vec![
                    Cell::Text(p.urban_school_id.clone()),
                    Cell::Text(p.rural_school_id.clone()),
                ]
            })
            .collect::<Vec<_>>();
        put(
            "pairs.csv",
            csv(
                &headers(flavor, PAIR_COLUMNS),
                &rows,
                csv_encoding,
                &dir.join("pairs.csv"),
            )?,
        )?;
    }
    files.extend(extra);
    // The whole folder at once, and never over files that are not an earlier county's.
    crate::output::atomic::write_new_folder(dir, &files)?;
    Ok(files.iter().map(|(name, _)| dir.join(name)).collect())
}

fn school_table(
    county: &County,
    flavor: Flavor,
    origin: Option<LatLon>,
) -> (Vec<String>, Vec<Vec<Cell>>) {
    let coords = if origin.is_some() {
        LAT_LON_COLUMNS
    } else {
        KM_COLUMNS
    };
    let mut header = headers(flavor, SCHOOL_COLUMNS);
    header.extend(headers(flavor, coords));
    header.extend(headers(flavor, &[TOWNSHIP_COLUMN]));
    let mut schools: Vec<&School> = county.schools.iter().collect();
    schools.sort_by(|a, b| a.id.cmp(&b.id));
    // the quality score only where a school has one, so that generated counties stay as
    // they were
    let quality = county.schools.iter().any(|s| s.quality.is_some());
    if quality {
        header.extend(headers(flavor, &[("quality", "办学质量评分")]));
    }
    let rows = schools
        .into_iter()
        .map(|s| {
            let (c1, c2) = match (s.location, origin) {
                (None, _) => (Cell::Empty, Cell::Empty),
                (Some(p), Some(o)) => {
                    let ll = o.offset(p);
                    (Cell::Number(ll.lat, 6), Cell::Number(ll.lon, 6))
                }
                (Some(p), None) => (Cell::Number(p.x_km, 3), Cell::Number(p.y_km, 3)),
            };
            vec![
                Cell::Text(s.id.clone()),
                Cell::Text(s.name.clone()),
                Cell::Text(pick(flavor, s.area.key(), s.area.zh())),
                Cell::Text(pick(flavor, s.stage.key(), s.stage.zh())),
                Cell::int(s.students),
                Cell::int(s.classes),
                Cell::opt(s.primary_classes),
                Cell::opt(s.junior_classes),
                Cell::Text(boolean(flavor, s.weak)),
                Cell::Text(boolean(flavor, s.remote)),
                Cell::opt(s.housing_beds),
                Cell::opt(s.establishment),
                c1,
                c2,
                s.township.clone().map_or(Cell::Empty, Cell::Text),
            ]
            .into_iter()
            .chain(quality.then(|| {
                s.quality
                    .map_or(Cell::Empty, |q| Cell::Number(q, decimals(q)))
            }))
            .collect()
        })
        .collect();
    (header, rows)
}

fn teacher_table(
    scenario: &Scenario,
    county: &County,
    flavor: Flavor,
) -> (Vec<String>, Vec<Vec<Cell>>) {
    let mut teachers: Vec<_> = county.teachers.iter().collect();
    teachers.sort_by(|a, b| a.id.cmp(&b.id));
    let text = Cell::Text;
    let opt_date = |d: Option<chrono::NaiveDate>| d.map_or(Cell::Empty, |d| text(date(flavor, d)));
    let mut rows = teachers
        .into_iter()
        .map(|t| {
            let extras: Vec<String> = t
                .extra_subjects
                .iter()
                .map(|s| v::subject(flavor, scenario, s))
                .collect();
            vec![
                text(t.id.clone()),
                text(t.name.clone()),
                text(gender(flavor, t.gender)),
                text(date(flavor, t.birth_date)),
                text(t.school_id.clone()),
                text(v::subject(flavor, scenario, &t.subject)),
                text(list(flavor, &extras)),
                t.title.map_or(Cell::Empty, |x| text(title(flavor, x))),
                text(backbone(flavor, t.backbone)),
                opt_date(t.hire_date),
                opt_date(t.school_since),
                Cell::int(t.rural_service_months),
                t.senior_title_target_year
                    .map_or(Cell::Empty, |y| text(y.to_string())),
                text(deferral(flavor, t.deferral)),
                t.education
                    .map_or(Cell::Empty, |e| text(education(flavor, e))),
                text(programme(flavor, t.programme)),
            ]
        })
        .collect::<Vec<_>>();
    let mut header = headers(flavor, TEACHER_COLUMNS);
    // last_term_end only where a teacher has one (`rotaplan advance`), so that a generated
    // county's files stay as they were
    if county.teachers.iter().any(|t| t.last_term_end.is_some()) {
        header.extend(headers(flavor, &[("last_term_end", "上次交流结束日期")]));
        let mut sorted: Vec<_> = county.teachers.iter().collect();
        sorted.sort_by(|a, b| a.id.cmp(&b.id));
        for (row, t) in rows.iter_mut().zip(sorted) {
            row.push(opt_date(t.last_term_end));
        }
    }
    // post and post_since only for a roster with leaders (docs/leaders.md)
    if county.teachers.iter().any(|t| t.post.is_leader()) {
        header.extend(headers(
            flavor,
            &[("post", "职务"), ("post_since", "任现职时间")],
        ));
        let mut sorted: Vec<_> = county.teachers.iter().collect();
        sorted.sort_by(|a, b| a.id.cmp(&b.id));
        for (row, t) in rows.iter_mut().zip(sorted) {
            row.push(if t.post.is_leader() {
                text(pick(flavor, t.post.key(), t.post.zh()))
            } else {
                Cell::Empty
            });
            row.push(opt_date(t.post_since));
        }
    }
    (header, rows)
}

pub(super) fn csv(
    header: &[String],
    rows: &[Vec<Cell>],
    encoding: Encoding,
    path: &Path,
) -> Result<Vec<u8>, WriteError> {
    let io = |e: std::io::Error| WriteError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    let terminator = match encoding {
        Encoding::Utf8 => csv::Terminator::Any(b'\n'),
        Encoding::Utf8Bom | Encoding::Gbk => csv::Terminator::CRLF,
    };
    let mut w = csv::WriterBuilder::new()
        .terminator(terminator)
        .from_writer(Vec::new());
    let to_io = |e: csv::Error| std::io::Error::other(e.to_string());
    w.write_record(header).map_err(to_io).map_err(io)?;
    for row in rows {
        w.write_record(row.iter().map(Cell::csv))
            .map_err(to_io)
            .map_err(io)?;
    }
    let utf8 = w
        .into_inner()
        .map_err(|e| io(std::io::Error::other(e.to_string())))?;
    Ok(match encoding {
        Encoding::Utf8 => utf8,
        Encoding::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), &utf8].concat(),
        Encoding::Gbk => {
            let text = String::from_utf8(utf8).expect("csv writes the UTF-8 it was given");
            let (bytes, _, bad) = encoding_rs::GBK.encode(&text);
            if bad {
                let line = text
                    .lines()
                    .find(|l| encoding_rs::GBK.encode(l).2)
                    .unwrap_or_default();
                return Err(WriteError::Encoding {
                    path: path.to_path_buf(),
                    text: line.to_string(),
                });
            }
            bytes.into_owned()
        }
    })
}

fn xlsx(header: &[String], rows: &[Vec<Cell>], sheet: &str) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // A fixed creation time: otherwise every run would differ in docProps/core.xml.
    let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let ws = book.add_worksheet();
    ws.set_name(sheet)?;
    let bold = Format::new().set_bold();
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) if !s.is_empty() => {
                    ws.write_string(r, c, s)?;
                }
                // The number as the CSV would print it, so both flavours carry the same digits.
                Cell::Number(..) => {
                    ws.write_number(r, c, cell.csv().parse::<f64>().unwrap_or(0.0))?;
                }
                _ => {}
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_column_width(1, 28)?;
    book.save_to_buffer()
}

/// The decimals that write `x` exactly as read (up to 6): a quality score of 80.04 stays 80.04.
fn decimals(x: f64) -> usize {
    let text = format!("{}", (x * 1e6).round() / 1e6);
    text.split_once('.').map_or(0, |(_, d)| d.len())
}

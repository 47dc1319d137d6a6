//! The county's schools: townships on a ~70 × 70 km square, the county seat's urban schools at
//! its centre, a town school at each township seat, rural schools and teaching points in the
//! villages around. Sizes are chosen so the county's teachers come out near the requested count.

use super::calibration::*;
use super::names::{self, chinese_number, township_stem};
use super::rng::{apportion, Rng};
use super::staffing::{primary_share, NeedPerClass};
use crate::domain::{Area, Point, School, Stage};
use std::collections::BTreeSet;

/// A township: its name and the position of its seat.
struct Township {
    name: String,
    seat: Point,
}

/// A school before it has an id.
struct Draft {
    area: Area,
    stage: Stage,
    township: usize,
    location: Point,
    weight: f64,
    place: String,
}

/// Number of schools in each area, in [`Area::ALL`] order: the calibrated shares, with at least
/// one urban, town and rural school when there are enough schools.
pub fn area_counts(schools: u32, teaching_point_percent: Option<u32>) -> [u32; 4] {
    let shares = match teaching_point_percent {
        None => SCHOOL_SHARE,
        Some(p) => {
            let p = f64::from(p.min(100)) / 100.0;
            let rest = (1.0 - p) / (1.0 - SCHOOL_SHARE[3]);
            [
                SCHOOL_SHARE[0] * rest,
                SCHOOL_SHARE[1] * rest,
                SCHOOL_SHARE[2] * rest,
                p,
            ]
        }
    };
    let mut c = apportion(schools, &shares);
    for (area, donor) in [(0usize, 3usize), (1, 3), (2, 3), (1, 2), (2, 1)] {
        if c[area] == 0 && c[donor] > 1 {
            c[area] += 1;
            c[donor] -= 1;
        }
    }
    [c[0], c[1], c[2], c[3]]
}

fn township_seats(rng: &mut Rng, count: usize) -> Vec<Point> {
    // A jittered grid without its centre cell (the county seat): townships spread evenly.
    let mut g = 2usize;
    while g * g - 1 < count {
        g += 1;
    }
    let cell = 2.0 * HALF_SIDE_KM / g as f64;
    let centre = g / 2;
    let mut cells: Vec<(usize, usize)> = (0..g)
        .flat_map(|r| (0..g).map(move |c| (r, c)))
        .filter(|&(r, c)| !(g % 2 == 1 && r == centre && c == centre))
        .collect();
    rng.shuffle(&mut cells);
    cells
        .into_iter()
        .take(count)
        .map(|(r, c)| Point {
            x_km: -HALF_SIDE_KM + cell * (c as f64 + rng.uniform(0.25, 0.75)),
            y_km: -HALF_SIDE_KM + cell * (r as f64 + rng.uniform(0.25, 0.75)),
        })
        .collect()
}

fn near(rng: &mut Rng, p: Point, min_km: f64, max_km: f64) -> Point {
    loop {
        let dx = rng.uniform(-max_km, max_km);
        let dy = rng.uniform(-max_km, max_km);
        let d2 = dx * dx + dy * dy;
        if d2 >= min_km * min_km && d2 <= max_km * max_km {
            let clamp = |v: f64| v.clamp(-HALF_SIDE_KM, HALF_SIDE_KM);
            return Point {
                x_km: clamp(p.x_km + dx),
                y_km: clamp(p.y_km + dy),
            };
        }
    }
}

fn stage_of(rng: &mut Rng, area: Area) -> Stage {
    [Stage::Primary, Stage::Junior, Stage::NineYear][rng.weighted(&stage_mix(area))]
}

/// What the county's map is built for.
pub struct Layout {
    /// Teachers and schools asked for.
    pub teachers: u32,
    pub schools: u32,
    /// Teaching points within itinerant reach of a rural school ([`place_points`]).
    pub itinerant_points: bool,
    /// Teaching points as a percentage of the schools (`GenerateParams::teaching_point_percent`).
    pub teaching_point_percent: Option<u32>,
}

/// Moves each teaching point to 3–9 km from a rural school of its township (chosen at
/// random), where the township has one, so that a teacher based there can teach at the point
/// (走教). Draws from its own stream: everything else about the county stays as it was.
fn place_points(rng: &mut Rng, drafts: &mut [Draft]) {
    for i in 0..drafts.len() {
        if drafts[i].area != Area::TeachingPoint {
            continue;
        }
        let township = drafts[i].township;
        let rural: Vec<Point> = drafts
            .iter()
            .filter(|d| d.area == Area::Rural && d.township == township)
            .map(|d| d.location)
            .collect();
        if rural.is_empty() {
            continue;
        }
        let base = *rng.pick(&rural);
        drafts[i].location = near(rng, base, 3.0, 9.0);
    }
}

/// Builds the schools (ids assigned, sorted by id) for a county of about `layout.teachers`
/// teachers.
pub fn build(rng: &mut Rng, layout: &Layout, needs: &NeedPerClass) -> Vec<School> {
    let (teachers, schools) = (layout.teachers, layout.schools);
    let counts = area_counts(schools, layout.teaching_point_percent);
    // Each township seat has a central primary school and, in most, a junior school: the town
    // schools set the number of townships.
    let n_townships = ((f64::from(counts[1]) * TOWNSHIPS_PER_TOWN_SCHOOL).round() as usize).max(1);
    let seat = Point {
        x_km: 0.0,
        y_km: 0.0,
    };
    let townships: Vec<Township> = names::townships(rng, n_townships)
        .into_iter()
        .zip(township_seats(rng, n_townships))
        .map(|(name, seat)| Township { name, seat })
        .collect();

    let mut villages: BTreeSet<String> = BTreeSet::new();
    let mut drafts = Vec::new();
    for (ai, &area) in Area::ALL.iter().enumerate() {
        for k in 0..counts[ai] as usize {
            let township = if area == Area::Urban {
                0
            } else {
                k % n_townships
            };
            let stage = if area == Area::Urban && k == 0 {
                Stage::Primary // the county seat always has a primary school …
            } else if area == Area::Urban && k == 1 {
                Stage::Junior // … and a junior school
            } else if area == Area::Town && k < n_townships {
                Stage::Primary // each township's central primary school (中心小学)
            } else if area == Area::Town && k < 2 * n_townships {
                // … and its junior school (乡镇中学), sometimes merged into a nine-year school
                if rng.chance(0.8) {
                    Stage::Junior
                } else {
                    Stage::NineYear
                }
            } else {
                stage_of(rng, area)
            };
            let home = townships[township].seat;
            let location = match area {
                Area::Urban => near(rng, seat, 0.0, 3.0),
                Area::Town => near(rng, home, 0.0, 1.5),
                _ => near(rng, home, 2.0, 9.0),
            };
            let place = match area {
                Area::Rural | Area::TeachingPoint => loop {
                    let v = names::village(rng);
                    if villages.insert(v.clone()) {
                        break v;
                    }
                },
                _ => String::new(),
            };
            let (lo, hi) = size_spread(area);
            let weight = rng.uniform(lo, hi);
            drafts.push(Draft {
                area,
                stage,
                township,
                location,
                weight,
                place,
            });
        }
    }
    if layout.itinerant_points {
        place_points(&mut rng.fork("teaching-points"), &mut drafts);
    }
    // Ids follow area, then township, then stage, so a sorted roster reads like the bureau's.
    drafts.sort_by_key(|d| (d.area, d.township, d.stage));

    let classes = choose_classes(rng, &drafts, teachers, needs);
    let width = (drafts.len().to_string().len()).max(4);
    let mut numbering: std::collections::BTreeMap<(Area, usize, Stage), u32> = Default::default();
    let mut built: Vec<School> = drafts
        .iter()
        .zip(classes)
        .enumerate()
        .map(|(i, (d, classes))| {
            let nth = numbering.entry((d.area, d.township, d.stage)).or_insert(0);
            *nth += 1;
            let township = match d.area {
                Area::Urban => "城关镇".to_string(),
                _ => townships[d.township].name.clone(),
            };
            let name = school_name(d, &township, *nth);
            finish(
                rng,
                format!("S{:0width$}", i + 1),
                name,
                d,
                township,
                classes,
            )
        })
        .collect();
    // One urban school on the edge of the seat is weak too: new hires favour weak urban schools.
    let urban: Vec<usize> = (0..built.len())
        .filter(|&i| built[i].area == Area::Urban)
        .collect();
    if urban.len() >= 4 {
        let edge = urban.iter().copied().max_by(|&a, &b| {
            let d = |i: usize| built[i].location.map_or(0.0, |p| p.distance_km(seat));
            d(a).total_cmp(&d(b)).then(b.cmp(&a))
        });
        if let Some(i) = edge {
            built[i].weak = true;
        }
    }
    built
}

/// Classes per school: teaching points 1–4; the other areas share their teacher budget by size
/// weight, converted to classes with the area's expected teachers per class.
fn choose_classes(
    rng: &mut Rng,
    drafts: &[Draft],
    teachers: u32,
    needs: &NeedPerClass,
) -> Vec<u32> {
    let mut classes = vec![0u32; drafts.len()];
    let mut tp_teachers = 0.0;
    for (i, d) in drafts.iter().enumerate() {
        if d.area == Area::TeachingPoint {
            classes[i] = 1 + rng.weighted(&[0.3, 0.3, 0.25, 0.15]) as u32;
            tp_teachers += f64::from(classes[i]) * needs.teachers_per_class(d.area, 1.0);
        }
    }
    let n = f64::from(teachers);
    let urban = n * URBAN_TEACHER_SHARE;
    let town = n * TOWN_TEACHER_SHARE;
    let rural = (n - urban - town - tp_teachers).max(0.0);
    for (area, budget) in [
        (Area::Urban, urban),
        (Area::Town, town),
        (Area::Rural, rural),
    ] {
        let total_weight: f64 = drafts
            .iter()
            .filter(|d| d.area == area)
            .map(|d| d.weight)
            .sum();
        for (i, d) in drafts.iter().enumerate().filter(|(_, d)| d.area == area) {
            let tpc = needs.teachers_per_class(area, primary_share(d.stage));
            let c = (budget * d.weight / total_weight / tpc).round() as u32;
            let floor = if d.stage == Stage::NineYear { 3 } else { 1 };
            classes[i] = c.max(min_classes(area)).max(floor);
        }
    }
    classes
}

fn school_name(d: &Draft, township: &str, nth: u32) -> String {
    let n = chinese_number(nth);
    let stem = township_stem(township);
    match (d.area, d.stage) {
        (Area::Urban, Stage::Primary) => format!("城关第{n}小学"),
        (Area::Urban, Stage::Junior) => format!("城关第{n}中学"),
        (Area::Urban, Stage::NineYear) => format!("城关第{n}学校"),
        (Area::Town, Stage::Primary) if nth == 1 => format!("{township}中心小学"),
        (Area::Town, Stage::Primary) => format!("{stem}第{n}小学"),
        (Area::Town, Stage::Junior) if nth == 1 => format!("{township}中学"),
        (Area::Town, Stage::Junior) => format!("{stem}第{n}中学"),
        (Area::Town, Stage::NineYear) if nth == 1 => format!("{township}九年一贯制学校"),
        (Area::Town, Stage::NineYear) => format!("{stem}第{n}九年一贯制学校"),
        (Area::Rural, Stage::Primary) => format!("{township}{}小学", d.place),
        (Area::Rural, Stage::Junior) => format!("{township}{}中学", d.place),
        (Area::Rural, Stage::NineYear) => format!("{township}{}学校", d.place),
        (Area::TeachingPoint, _) => format!("{township}{}教学点", d.place),
    }
}

fn finish(
    rng: &mut Rng,
    id: String,
    name: String,
    d: &Draft,
    township: String,
    classes: u32,
) -> School {
    let (primary_classes, junior_classes) = match d.stage {
        Stage::NineYear => {
            let j = ((f64::from(classes) * rng.uniform(0.28, 0.4)).round() as u32)
                .clamp(1, classes - 1);
            (Some(classes - j), Some(j))
        }
        _ => (None, None),
    };
    let (p_size, j_size) = class_size(d.area);
    let (p, j) = match d.stage {
        Stage::Primary => (classes, 0),
        Stage::Junior => (0, classes),
        Stage::NineYear => (primary_classes.unwrap_or(0), junior_classes.unwrap_or(0)),
    };
    let students = if d.area == Area::TeachingPoint {
        (0..classes).map(|_| rng.range(3, 15)).sum()
    } else {
        let per = |size: f64, rng: &mut Rng| size * rng.uniform(0.85, 1.1);
        (f64::from(p) * per(p_size, rng) + f64::from(j) * per(j_size, rng)).round() as u32
    };
    let from_seat = d.location.distance_km(Point {
        x_km: 0.0,
        y_km: 0.0,
    });
    let remote = matches!(d.area, Area::Rural | Area::TeachingPoint) && from_seat > REMOTE_KM;
    let weak = match d.area {
        Area::Town | Area::Rural => rng.chance(WEAK_SHARE),
        _ => false,
    };
    let housing_beds = match d.area {
        // Bigger rural schools (in large counties) have proportionally more dormitory rooms.
        Area::Rural => Some(rng.range(RURAL_BEDS.0, RURAL_BEDS.1) * (classes / 16).max(1)),
        Area::TeachingPoint => Some(rng.range(TEACHING_POINT_BEDS.0, TEACHING_POINT_BEDS.1)),
        _ => None,
    };
    School {
        id,
        name,
        area: d.area,
        stage: d.stage,
        students,
        classes,
        primary_classes,
        junior_classes,
        weak,
        remote,
        housing_beds,
        location: Some(d.location),
        township: Some(township),
        establishment: None,
        quality: None,
        source_line: 0,
    }
}

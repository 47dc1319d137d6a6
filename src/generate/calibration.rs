//! Every number that shapes the synthetic county, in one place, each tied to the domain.
//!
//! docs/generator.md explains where each figure comes from (docs/policy.md, the 2014 staffing
//! standard, the 2022 curriculum plan, published county monitoring). Keeping them here, not
//! scattered through the builders, lets a reader check the calibration against that page.

use crate::domain::{Area, Stage};

/// Share of schools by area, in [`Area::ALL`] order (urban, town, rural, teaching point).
pub const SCHOOL_SHARE: [f64; 4] = [0.15, 0.25, 0.35, 0.25];

/// Share of teachers in urban and town schools. Teaching points get what their few classes
/// need; rural schools get the rest (≈ 20–22 %).
pub const URBAN_TEACHER_SHARE: f64 = 0.40;
pub const TOWN_TEACHER_SHARE: f64 = 0.35;

/// Stage mix (primary, junior, nine-year) by area. Teaching points are always primary.
pub fn stage_mix(area: Area) -> [f64; 3] {
    match area {
        Area::Urban => [0.60, 0.30, 0.10],
        Area::Town => [0.55, 0.35, 0.10],
        Area::Rural => [0.72, 0.08, 0.20],
        Area::TeachingPoint => [1.0, 0.0, 0.0],
    }
}

/// Mean class size (students per class) by area and stage (primary, junior).
pub fn class_size(area: Area) -> (f64, f64) {
    match area {
        Area::Urban => (45.0, 50.0),
        Area::Town => (35.0, 45.0),
        Area::Rural => (25.0, 35.0),
        Area::TeachingPoint => (9.0, 9.0),
    }
}

/// Relative spread of school sizes within an area (weights drawn uniformly in this range).
pub fn size_spread(area: Area) -> (f64, f64) {
    match area {
        Area::Urban => (0.7, 1.3),
        Area::Town => (0.5, 1.5),
        Area::Rural => (0.35, 1.65),
        Area::TeachingPoint => (1.0, 1.0),
    }
}

/// Smallest number of classes for a school of this area (a teaching point has 1–4).
pub fn min_classes(area: Area) -> u32 {
    match area {
        Area::Urban => 12,
        Area::Town => 6,
        Area::Rural => 3,
        Area::TeachingPoint => 1,
    }
}

/// Subject groups whose staffing differs by area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Chinese and mathematics: over-staffed in towns and rural schools, where these teachers
    /// also cover the courses nobody else can teach.
    Core,
    English,
    /// Music, PE, art, IT: the structural shortage of rural schools.
    Minor,
    /// Morality, science, history, geography, physics, chemistry, biology.
    Academic,
    /// Labour and integrated practice: mostly taught as a side load.
    Labour,
}

pub fn group(subject: &str) -> Group {
    match subject {
        "chinese" | "math" => Group::Core,
        "english" => Group::English,
        "music" | "pe" | "art" | "it" => Group::Minor,
        "labour" => Group::Labour,
        _ => Group::Academic,
    }
}

/// Staff per FTE of need, by area and subject group: the shape of the structural shortage.
pub fn coverage(area: Area, group: Group) -> f64 {
    use Group::*;
    match (area, group) {
        (Area::Urban, Core) => 1.35,
        (Area::Urban, English) => 1.2,
        (Area::Urban, Minor) => 1.15,
        (Area::Urban, Academic) => 1.2,
        (Area::Urban, Labour) => 0.9,
        (Area::Town, Core) => 1.5,
        (Area::Town, English) => 0.9,
        (Area::Town, Minor) => 0.75,
        (Area::Town, Academic) => 1.0,
        (Area::Town, Labour) => 0.6,
        (Area::Rural, Core) => 1.7,
        (Area::Rural, English) => 0.5,
        (Area::Rural, Minor) => 0.3,
        (Area::Rural, Academic) => 0.85,
        (Area::Rural, Labour) => 0.4,
        // A teaching point's one to five teachers teach every class everything (包班).
        (Area::TeachingPoint, Core) => 1.3,
        (Area::TeachingPoint, _) => 0.0,
    }
}

/// Junior-school staffing is richer per period (smaller loads, more subject specialists):
/// coverage is multiplied by this for junior classes, bringing urban junior schools near 1:13.5.
pub const JUNIOR_COVERAGE_FACTOR: f64 = 1.2;

/// Per-school noise on coverage (uniform factor in this range).
pub const COVERAGE_NOISE: (f64, f64) = (0.8, 1.2);

/// Share of women by stage among teachers; subjects shift it (see `female_share`).
pub fn female_base(area: Area, stage: Stage) -> f64 {
    let primary = match area {
        Area::Urban => 0.78,
        Area::Town => 0.70,
        Area::Rural => 0.58,
        Area::TeachingPoint => 0.45,
    };
    match stage {
        Stage::Primary => primary,
        Stage::Junior => primary - 0.15,
        Stage::NineYear => primary - 0.08,
    }
}

pub fn female_share(area: Area, stage: Stage, subject: &str) -> f64 {
    let base = female_base(area, stage);
    let factor = match subject {
        "pe" => 0.35,
        "physics" | "it" => 0.7,
        "music" | "art" | "english" => 1.2,
        _ => 1.0,
    };
    (base * factor).min(0.95)
}

/// Age mixture by area: (weight, lowest, highest) of the young, middle and older cohorts. Rural
/// schools have many young 特岗 teachers and many older teachers; teaching points mostly older.
pub fn age_cohorts(area: Area) -> [(f64, f64, f64); 3] {
    match area {
        Area::Urban => [(0.20, 23.0, 30.0), (0.50, 30.0, 45.0), (0.30, 45.0, 59.0)],
        Area::Town => [(0.22, 22.0, 30.0), (0.43, 30.0, 45.0), (0.35, 45.0, 59.0)],
        Area::Rural => [(0.35, 22.0, 30.0), (0.25, 30.0, 45.0), (0.40, 45.0, 59.0)],
        Area::TeachingPoint => [(0.25, 22.0, 30.0), (0.15, 30.0, 45.0), (0.60, 45.0, 59.0)],
    }
}

/// Oldest age drawn, by gender: women retire at 55, men at 60 (plus the small 2025 delays).
pub const MAX_AGE_FEMALE: f64 = 55.0;
pub const MAX_AGE_MALE: f64 = 60.0;

/// Share of teachers qualified in a further subject.
pub const EXTRA_SUBJECT_SHARE: f64 = 0.15;
/// Share of backbone teachers (any level), and of levels among them (county, city, province).
pub const BACKBONE_SHARE: f64 = 0.12;
pub const BACKBONE_LEVELS: [f64; 3] = [0.74, 0.20, 0.06];
/// Share of urban and town teachers who must serve this year for a senior title.
pub const MUST_SERVE_SHARE: f64 = 0.04;
/// Publicly-funded graduates placed in urban schools, as a share of urban teachers (at least 2).
pub const PUBLICLY_FUNDED_URBAN_SHARE: f64 = 0.004;
/// Share of teachers with a deferral reason in the roster.
pub const DEFERRAL_SHARE: f64 = 0.02;
/// New hires as a share of teachers.
pub const HIRE_SHARE: f64 = 0.04;

/// Share of town and rural schools marked weak (薄弱).
pub const WEAK_SHARE: f64 = 0.22;
/// Rural schools and teaching points this far from the county seat are remote.
pub const REMOTE_KM: f64 = 30.0;
/// Turnover beds: rural schools (inclusive range) and teaching points.
pub const RURAL_BEDS: (u32, u32) = (2, 10);
pub const TEACHING_POINT_BEDS: (u32, u32) = (0, 3);

/// Half the side of the county square, km (the county is about 70 × 70 km).
pub const HALF_SIDE_KM: f64 = 35.0;
/// Townships per town school: most townships have a central primary and a junior school at
/// their seat (60 schools → 15 town schools → 9 townships).
pub const TOWNSHIPS_PER_TOWN_SCHOOL: f64 = 0.6;

/// The hire batches: (subject, programme key, share of all hires). Mostly the shortage subjects;
/// 特岗 hires go to rural areas only.
pub const HIRE_MIX: &[(&str, &str, f64)] = &[
    ("art", "regular", 0.12),
    ("english", "regular", 0.12),
    ("it", "regular", 0.08),
    ("music", "regular", 0.14),
    ("pe", "regular", 0.16),
    ("art", "tegang", 0.03),
    ("chinese", "tegang", 0.04),
    ("english", "tegang", 0.06),
    ("math", "tegang", 0.04),
    ("music", "tegang", 0.04),
    ("pe", "tegang", 0.04),
    ("chinese", "publicly_funded", 0.05),
    ("english", "publicly_funded", 0.04),
    ("math", "publicly_funded", 0.04),
];

/// Kilometres per degree of latitude, and the centre of county number 0 (a hilly county in
/// central China; other counties of a province are laid out on a grid next to it).
pub const KM_PER_DEGREE: f64 = 111.2;
pub const ORIGIN_LAT: f64 = 27.95;
pub const ORIGIN_LON: f64 = 114.85;

/// Applications (个人申请, docs/wishes.md): the share of teachers eligible to rotate who apply,
/// drawn once per county in this range.
pub const APPLY_SHARE: (f64, f64) = (0.31, 0.35);
/// Weight of an eligible teacher in the draw of applicants: must serve before a senior title,
/// due (long in one school), young (under 35), older (50 and over); 1 otherwise, multiplied.
pub const APPLY_WEIGHT_MUST_SERVE: f64 = 2.5;
pub const APPLY_WEIGHT_DUE: f64 = 1.3;
pub const APPLY_WEIGHT_YOUNG: f64 = 1.2;
pub const APPLY_WEIGHT_OLDER: f64 = 0.6;
/// Chance that an applicant volunteers (自愿): must-serve teachers, young ones, the others.
pub const VOLUNTEER_MUST_SERVE: f64 = 0.9;
pub const VOLUNTEER_YOUNG: f64 = 0.65;
pub const VOLUNTEER_OTHER: f64 = 0.55;
/// Chances of naming one, two or three wishes (at most `[applications] max_wishes`).
pub const WISH_COUNT: [f64; 3] = [0.3, 0.35, 0.35];
/// Chance that a wish names a township rather than a school, and that a later wish names an
/// area (which then closes the list).
pub const WISH_TOWNSHIP: f64 = 0.15;
pub const WISH_AREA: f64 = 0.12;
/// Schools wished for lie within this distance of the teacher's school (else the nearest
/// [`WISH_NEAREST`] receiving schools); nearer schools, and those short in the teacher's
/// subjects, are wished for more often.
pub const WISH_REACH_KM: f64 = 35.0;
pub const WISH_NEAREST: usize = 6;
/// Share of applicants with family circumstances points (家庭加分), 0.5–5 points.
pub const FAMILY_POINTS_SHARE: f64 = 0.2;

//! Domain types: what a county is made of, independent of how it was read.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a school lies. Rural service is served in the areas the scenario names
/// (by default `Rural` and `TeachingPoint`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    Urban,
    Town,
    Rural,
    TeachingPoint,
}

impl Area {
    pub const ALL: [Area; 4] = [Area::Urban, Area::Town, Area::Rural, Area::TeachingPoint];

    pub fn key(self) -> &'static str {
        match self {
            Area::Urban => "urban",
            Area::Town => "town",
            Area::Rural => "rural",
            Area::TeachingPoint => "teaching_point",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Area::Urban => "城区",
            Area::Town => "镇区",
            Area::Rural => "乡村",
            Area::TeachingPoint => "教学点",
        }
    }

    /// Accepts the English key or the Chinese label (also 城市/乡镇/农村 variants).
    pub fn parse(s: &str) -> Option<Area> {
        match s.trim().to_lowercase().as_str() {
            "urban" | "城区" | "城市" | "县城" => Some(Area::Urban),
            "town" | "镇区" | "乡镇" | "镇" => Some(Area::Town),
            "rural" | "乡村" | "农村" | "村" => Some(Area::Rural),
            "teaching_point" | "teaching point" | "教学点" => Some(Area::TeachingPoint),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Primary,
    Junior,
    NineYear,
}

impl Stage {
    pub fn key(self) -> &'static str {
        match self {
            Stage::Primary => "primary",
            Stage::Junior => "junior",
            Stage::NineYear => "nine_year",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Stage::Primary => "小学",
            Stage::Junior => "初中",
            Stage::NineYear => "九年一贯制",
        }
    }
    pub fn parse(s: &str) -> Option<Stage> {
        match s.trim().to_lowercase().as_str() {
            "primary" | "小学" => Some(Stage::Primary),
            "junior" | "初中" | "初级中学" => Some(Stage::Junior),
            "nine_year" | "nine-year" | "九年一贯制" | "九年制" => Some(Stage::NineYear),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn parse(s: &str) -> Option<Gender> {
        match s.trim().to_lowercase().as_str() {
            "m" | "male" | "男" => Some(Gender::Male),
            "f" | "female" | "女" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// Backbone (骨干教师) recognition level.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Backbone {
    #[default]
    None,
    County,
    City,
    Province,
}

impl Backbone {
    pub fn is_backbone(self) -> bool {
        self != Backbone::None
    }
    pub fn parse(s: &str) -> Option<Backbone> {
        match s.trim().to_lowercase().as_str() {
            "" | "none" | "no" | "无" | "否" => Some(Backbone::None),
            "county" | "县级" | "县" | "县级骨干" | "县级骨干教师" => {
                Some(Backbone::County)
            }
            "city" | "市级" | "市" | "市级骨干" | "市级骨干教师" => {
                Some(Backbone::City)
            }
            "province" | "省级" | "省" | "省级骨干" | "省级骨干教师" => {
                Some(Backbone::Province)
            }
            _ => None,
        }
    }
}

/// Professional title (职称).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Title {
    Unrated,
    Junior,
    Intermediate,
    Senior,
    FullSenior,
}

impl Title {
    pub fn parse(s: &str) -> Option<Title> {
        match s.trim().to_lowercase().as_str() {
            "unrated" | "none" | "未定级" => Some(Title::Unrated),
            "junior" | "初级" | "二级" | "三级" | "二级教师" | "三级教师" => {
                Some(Title::Junior)
            }
            "intermediate" | "中级" | "一级" | "一级教师" => Some(Title::Intermediate),
            "senior" | "高级" | "高级教师" | "副高" => Some(Title::Senior),
            "full_senior" | "正高级" | "正高" | "正高级教师" => Some(Title::FullSenior),
            _ => None,
        }
    }
}

/// Why a teacher's rotation is deferred, as given in the roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deferral {
    Pregnancy,
    Nursing,
    Illness,
    Other,
}

impl Deferral {
    pub fn key(self) -> &'static str {
        match self {
            Deferral::Pregnancy => "pregnancy",
            Deferral::Nursing => "nursing",
            Deferral::Illness => "illness",
            Deferral::Other => "other",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Deferral::Pregnancy => "孕期",
            Deferral::Nursing => "哺乳期",
            Deferral::Illness => "疾病",
            Deferral::Other => "其他",
        }
    }
    pub fn parse(s: &str) -> Option<Option<Deferral>> {
        match s.trim().to_lowercase().as_str() {
            "" | "none" | "无" | "否" => Some(None),
            "pregnancy" | "孕期" | "怀孕" => Some(Some(Deferral::Pregnancy)),
            "nursing" | "哺乳期" | "哺乳" => Some(Some(Deferral::Nursing)),
            "illness" | "疾病" | "重病" | "患病" => Some(Some(Deferral::Illness)),
            "other" | "其他" => Some(Some(Deferral::Other)),
            _ => None,
        }
    }
}

/// Hiring programme of a teacher or a batch of new hires.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Programme {
    #[default]
    Regular,
    /// 特岗教师: special-post teachers, serve in rural schools.
    Tegang,
    /// 公费师范生: state-funded normal-school graduates.
    PubliclyFunded,
}

impl Programme {
    pub fn key(self) -> &'static str {
        match self {
            Programme::Regular => "regular",
            Programme::Tegang => "tegang",
            Programme::PubliclyFunded => "publicly_funded",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Programme::Regular => "普通",
            Programme::Tegang => "特岗",
            Programme::PubliclyFunded => "公费师范生",
        }
    }
    pub fn parse(s: &str) -> Option<Programme> {
        match s.trim().to_lowercase().as_str() {
            "" | "regular" | "普通" | "公开招聘" | "招聘" => Some(Programme::Regular),
            "tegang" | "特岗" | "特岗教师" => Some(Programme::Tegang),
            "publicly_funded" | "公费师范生" | "公费" | "免费师范生" => {
                Some(Programme::PubliclyFunded)
            }
            _ => None,
        }
    }
}

/// A teacher's post (职务): most are teachers; leaders rotate under the scenario's `[leaders]`
/// rules (docs/leaders.md), not as teachers. Read from a roster cell and from the scenario's
/// `leaders.rotate` alike by [`Post::parse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Post {
    #[default]
    Teacher,
    /// 校长
    Principal,
    /// 副校长
    VicePrincipal,
    /// 中层干部 (教导主任, 教务主任, 德育主任 …)
    MiddleManager,
}

impl<'de> Deserialize<'de> for Post {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Post, D::Error> {
        let text = String::deserialize(d)?;
        Post::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown post \"{text}\": use principal, vice_principal, middle_manager \
                 (校长, 副校长, 中层干部)"
            ))
        })
    }
}

impl Post {
    pub const LEADERS: [Post; 3] = [Post::Principal, Post::VicePrincipal, Post::MiddleManager];

    pub fn key(self) -> &'static str {
        match self {
            Post::Teacher => "teacher",
            Post::Principal => "principal",
            Post::VicePrincipal => "vice_principal",
            Post::MiddleManager => "middle_manager",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Post::Teacher => "教师",
            Post::Principal => "校长",
            Post::VicePrincipal => "副校长",
            Post::MiddleManager => "中层干部",
        }
    }
    pub fn is_leader(self) -> bool {
        self != Post::Teacher
    }
    pub fn parse(s: &str) -> Option<Post> {
        match s.trim().to_lowercase().as_str() {
            "" | "teacher" | "教师" | "专任教师" | "无" => Some(Post::Teacher),
            "principal" | "校长" | "正校长" | "书记兼校长" | "校长兼书记" => {
                Some(Post::Principal)
            }
            "vice_principal" | "vice principal" | "副校长" => Some(Post::VicePrincipal),
            "middle_manager" | "middle manager" | "中层" | "中层干部" | "教导主任" | "教务主任"
            | "德育主任" | "政教主任" | "总务主任" | "办公室主任" => {
                Some(Post::MiddleManager)
            }
            _ => None,
        }
    }
}

/// Highest education (学历), for the L1 indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Education {
    Secondary,
    Associate,
    Bachelor,
    Master,
    Doctor,
}

impl Education {
    pub fn parse(s: &str) -> Option<Education> {
        match s.trim().to_lowercase().as_str() {
            "secondary" | "中专" | "高中" | "中师" => Some(Education::Secondary),
            "associate" | "college" | "专科" | "大专" => Some(Education::Associate),
            "bachelor" | "本科" | "大学本科" => Some(Education::Bachelor),
            "master" | "硕士" | "研究生" => Some(Education::Master),
            "doctor" | "phd" | "博士" => Some(Education::Doctor),
            _ => None,
        }
    }
}

/// A point in kilometres on a local plane (lat/lon inputs are projected by the input layer).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x_km: f64,
    pub y_km: f64,
}

impl Point {
    pub fn distance_km(self, other: Point) -> f64 {
        ((self.x_km - other.x_km).powi(2) + (self.y_km - other.y_km).powi(2)).sqrt()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct School {
    pub id: String,
    pub name: String,
    pub area: Area,
    pub stage: Stage,
    pub students: u32,
    pub classes: u32,
    /// For nine-year schools: classes in grades 1–6 and 7–9, as read (the input layer checks they
    /// add up to `classes`). When absent, `rules::needs::stage_classes` splits `classes` two
    /// thirds / one third.
    pub primary_classes: Option<u32>,
    pub junior_classes: Option<u32>,
    pub weak: bool,
    pub remote: bool,
    /// Turnover dormitory beds (周转宿舍); `None` means unlimited/unknown.
    pub housing_beds: Option<u32>,
    pub location: Option<Point>,
    pub township: Option<String>,
    /// Approved establishment posts (核定编制数) from the schools file; `None`: computed from
    /// the scenario's `[establishment]` table (`rules::staffing::establishment`).
    pub establishment: Option<u32>,
    /// Quality score (办学质量评分, 0–100) for leader rotation; `None`: derived
    /// (`rules::leaders::quality`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<f64>,
    /// Line in the source file, for messages.
    pub source_line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Teacher {
    pub id: String,
    pub name: String,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub school_id: String,
    /// Canonical subject id from the scenario's catalogue (e.g. `music`).
    pub subject: String,
    /// Further subjects the teacher is qualified to teach (canonical ids).
    pub extra_subjects: Vec<String>,
    pub title: Option<Title>,
    pub backbone: Backbone,
    pub hire_date: Option<NaiveDate>,
    /// Date the teacher started at the current school.
    pub school_since: Option<NaiveDate>,
    /// Months of rural or weak-school service already credited.
    pub rural_service_months: u32,
    /// Last day of the teacher's last rotation or exchange term (上次交流结束日期), which
    /// `rotaplan advance` writes: within `policy.rest_years_after_term` of it the teacher is
    /// not sent again.
    pub last_term_end: Option<NaiveDate>,
    /// Year the teacher aims to apply for a senior title.
    pub senior_title_target_year: Option<i32>,
    pub deferral: Option<Deferral>,
    pub education: Option<Education>,
    pub programme: Programme,
    /// The teacher's post (职务); leaders rotate under `[leaders]`.
    #[serde(default)]
    pub post: Post,
    /// The date the current post started at the current school (任现职时间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_since: Option<NaiveDate>,
    /// A rotation or exchange term that started in an earlier year and runs through this
    /// year's term start (from the service ledger, docs/years.md): the teacher teaches this
    /// year at `school_id`, the school served, while the roster keeps them at
    /// `home_school_id` (交流不转编). Set by the input layer; never read from a roster column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_term: Option<RunningTerm>,
    pub source_line: usize,
}

/// A term that runs on from an earlier year (see [`Teacher::on_term`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunningTerm {
    /// The teacher's own school, where the roster has them.
    pub home_school_id: String,
    /// Last day of the term.
    pub until: NaiveDate,
    pub kind: ServiceKind,
    /// The term's first day.
    pub start: NaiveDate,
    /// The subject the teacher was sent to teach (the ledger's `subject`); `None`: the main
    /// subject.
    pub subject: Option<String>,
}

impl RunningTerm {
    /// The subject taught at the school served.
    pub fn post_subject<'a>(&'a self, teacher: &'a Teacher) -> &'a str {
        self.subject.as_deref().unwrap_or(&teacher.subject)
    }
}

impl Teacher {
    /// The teacher's own school: the roster's `school_id` (for a teacher on a running term,
    /// not the school served this year).
    pub fn home_school(&self) -> &str {
        self.on_term
            .as_ref()
            .map_or(self.school_id.as_str(), |t| t.home_school_id.as_str())
    }
}

/// An explicit need that overrides the computed need of one school and subject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedOverride {
    pub school_id: String,
    pub subject: String,
    pub need_fte: f64,
    pub source_line: usize,
}

/// A batch of new hires in one subject and programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HireBatch {
    pub subject: String,
    pub count: u32,
    pub programme: Programme,
    /// Areas the hires may go to; `None` means the programme's default.
    pub areas: Option<Vec<Area>>,
    pub source_line: usize,
}

/// A paired-support relation (对口支援).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    pub urban_school_id: String,
    pub rural_school_id: String,
    pub source_line: usize,
}

/// What a stint of service recorded in the service ledger is (service.csv `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// A rotation term (交流轮岗).
    Rotation,
    /// A two-way exchange term (对口交流).
    Exchange,
    /// A 特岗 teacher's service term (特岗服务).
    Tegang,
    /// Support teaching (支教) recorded by the office.
    Support,
    /// Itinerant teaching (走教).
    Itinerant,
    /// Service recorded by hand (手工记录), e.g. before the ledger was kept.
    Recorded,
}

impl ServiceKind {
    pub fn key(self) -> &'static str {
        match self {
            ServiceKind::Rotation => "rotation",
            ServiceKind::Exchange => "exchange",
            ServiceKind::Tegang => "tegang",
            ServiceKind::Support => "support",
            ServiceKind::Itinerant => "itinerant",
            ServiceKind::Recorded => "recorded",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            ServiceKind::Rotation => "交流轮岗",
            ServiceKind::Exchange => "对口交流",
            ServiceKind::Tegang => "特岗服务",
            ServiceKind::Support => "支教",
            ServiceKind::Itinerant => "走教",
            ServiceKind::Recorded => "手工记录",
        }
    }

    pub fn parse(s: &str) -> Option<ServiceKind> {
        Some(match s.trim().to_lowercase().as_str() {
            "rotation" | "交流轮岗" | "轮岗" | "交流" => ServiceKind::Rotation,
            "exchange" | "对口交流" => ServiceKind::Exchange,
            "tegang" | "特岗服务" | "特岗" => ServiceKind::Tegang,
            "support" | "支教" => ServiceKind::Support,
            "itinerant" | "走教" => ServiceKind::Itinerant,
            "recorded" | "手工记录" | "recorded by hand" => ServiceKind::Recorded,
            _ => return None,
        })
    }

    /// A term away from the own school, which ends in the rest after a term.
    pub fn is_term(self) -> bool {
        matches!(self, ServiceKind::Rotation | ServiceKind::Exchange)
    }
}

/// One stint of service in the service ledger (记入档案): who served where, when, and the
/// months of rural service it credited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceRecord {
    pub teacher_id: String,
    pub name: String,
    /// Where the teacher served.
    pub school_id: String,
    /// The teacher's own school, when it is not where they served.
    pub home_school_id: Option<String>,
    pub kind: ServiceKind,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Months of rural service credited for it.
    pub months: u32,
    /// Where the row comes from: `plan 2026`, or what the office wrote.
    pub source: String,
    /// The subject taught there (a rotation or exchange term: the post's subject), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub source_line: usize,
}

/// Everything read from a county's data files, validated.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct County {
    pub schools: Vec<School>,
    pub teachers: Vec<Teacher>,
    pub needs: Vec<NeedOverride>,
    pub hires: Vec<HireBatch>,
    pub pairs: Vec<Pair>,
}

impl County {
    /// Each school's area key (`urban`, `town`, …) by school id.
    pub fn area_keys(&self) -> std::collections::BTreeMap<String, String> {
        (self.schools.iter())
            .map(|s| (s.id.clone(), s.area.key().to_string()))
            .collect()
    }

    pub fn school(&self, id: &str) -> Option<&School> {
        self.schools.iter().find(|s| s.id == id)
    }
}

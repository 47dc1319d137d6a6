//! The checker's codes in one table, so the report, the docs and the tests agree on each code's
//! label, kind and remedy. docs/check.md lists the same table for users.

use serde::Serialize;

/// Whether breaking a rule makes the plan wrong (hard), or is a goal the best plan may still miss
/// (it must then say so in summary.json; check reports it either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    Hard,
    Goal,
}

/// One code: stable id, bilingual label, kind and what the user should change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    pub code: &'static str,
    pub label: &'static str,
    pub kind: RuleKind,
    pub remedy: &'static str,
}

const fn hard(code: &'static str, label: &'static str, remedy: &'static str) -> CodeInfo {
    CodeInfo {
        code,
        label,
        kind: RuleKind::Hard,
        remedy,
    }
}

const fn goal(code: &'static str, label: &'static str, remedy: &'static str) -> CodeInfo {
    CodeInfo {
        code,
        label,
        kind: RuleKind::Goal,
        remedy,
    }
}

/// Every code the checker reports, violations first, then mismatches.
pub const CODES: &[CodeInfo] = &[
    hard("C-FILE", "Plan files 方案文件", "write the missing plan file (rerun `rotaplan plan`) or point check at the right folder"),
    hard("C-PARSE", "Readable rows 行格式", "correct the cell named (dates 2026-09-01, booleans true/false, numbers) or delete the row"),
    hard("C-TEACHER-UNKNOWN", "Known teacher 教师在册", "use a teacher_id from the roster, or remove the row"),
    hard("C-TEACHER-TWICE", "Once per teacher 不重复", "keep one row per teacher in plan.csv"),
    hard("C-FROM-SCHOOL", "Sending school 派出学校", "set from_school_id to the teacher's school in the roster"),
    hard("C-NOT-ELIGIBLE", "Eligibility 交流资格", "remove the teacher from plan.csv, or fix the roster (school, deferral, birth date) if it is wrong"),
    hard("C-DEST", "Receiving school 接收学校", "send the teacher to a known, non-exempt school that counts as rural service"),
    hard("C-SUBJECT", "Subject 任教学科", "use the teacher's main subject or one of the extra subjects in the roster"),
    hard("C-HOUSING", "Housing 周转宿舍", "send fewer far-away teachers to this school, choose nearer teachers, or record more housing_beds"),
    hard("C-POSTS", "Open posts 空缺岗位", "send rotated teachers and hires of a subject only where its need is still uncovered after the school's own staff (who may also teach extra and general subjects) shift their load: at most the open posts of that school and subject"),
    hard("C-ESTABLISHMENT", "Establishment 核定编制", "place fewer hires at this school (at most establishment − teachers before the plan), or record the approved establishment in the schools file"),
    hard("C-HEADCOUNT", "Headcount 编制上限", "send fewer teachers or hires to this school, or raise establishment.allowance for rotations and exchanges"),
    hard("C-PUPIL-FLOOR", "Pupil floor 生师比下限", "send no teacher or hire that leaves this school with fewer than establishment.pupil_floor pupils per teacher (cover its subjects by itinerant teaching instead), or set establishment.floor_caps_arrivals = false"),
    hard("C-COVERAGE", "Coverage 任课安排", "let each teacher present after the plan teach only subjects they may teach there, at most 1 FTE in all, hires no more than hired, no subject beyond its need (rerun `rotaplan plan`)"),
    hard("C-ITINERANT", "Itinerant teaching 走教", "keep 走教 to the teacher's own itinerant subjects, at target-area schools within itinerant.km (same township if required), at most itinerant.max_schools schools and 1 FTE in all"),
    hard("C-EXCHANGE", "Exchange 对口交流", "exchange only eligible rural teachers (enough years in school, not deferred, 特岗 service done) in their main or extra subject to a non-exempt school of a sending area, or remove the row"),
    hard("C-RELEASE", "Release limit 派出上限", "rotate fewer teachers out of this school, or raise policy.max_send_share"),
    hard("C-DATES", "Term dates 交流期限", "set start_date to 1 September of plan_year and end_date to the day before start + term_months"),
    hard("C-HIRE-COUNT", "Hire batches 招聘批次", "place at most the batch's count of each subject and programme in hires.csv (fewer is allowed), each row with a positive count of a batch in the hires file"),
    hard("C-HIRE-AREA", "Hire areas 招聘分配区域", "place the hires at a school in the batch's areas (tegang: rural-service areas by default)"),
    hard("C-HIRE-SCHOOL", "Hire school 招聘学校", "use a school_id from the schools file"),
    hard("C-LEADER-MOVE", "Leader moves 干部交流", "list in leaders.csv only roster leaders, at the roster's school, each once, to another known school of the same stage (leaders.same_stage), and not also in plan.csv"),
    hard("C-LEADER-TENURE", "Leader tenure 干部任职年限", "move only leaders of a rotating post (leaders.rotate) with at least leaders.min_years in the post, not deferred, on a term or within leaders.retire_within_years of retirement"),
    hard("C-LEADER-PRINCIPAL", "One principal 一校一长", "leave every school with exactly one principal: move a principal only into the post of one who leaves"),
    hard("C-LEADER-MANAGERS", "Managers kept 中层干部", "keep at least leaders.min_managers vice principals and middle managers at every school (or as many as it had)"),
    goal("C-LEADER-DUE", "Due leaders 期满干部交流", "move the due leader, or name C-LEADER-DUE in summary.json violations"),
    goal("C-LEADER-WEAK", "Strong to weak 以强带弱", "give the weak school a leader from a stronger school in place of its due leader, or name C-LEADER-WEAK in summary.json violations"),
    hard("C-LOCK", "Locks 锁定", "keep every lock of the locks file: the teacher goes to the locked school (and subject), a staying teacher is not in plan.csv, a school that receives nobody gets no rotated teacher and no hire"),
    goal("C-MUST-SERVE", "Must serve 必须交流", "rotate the teacher, or list them in unplaced.csv and name C-MUST-SERVE in summary.json violations"),
    hard("C-UNPLACED-LIST", "Unplaced list 未安置名单", "list in unplaced.csv exactly the eligible must-serve teachers not in plan.csv"),
    goal("C-ROTATION-SHARE", "Rotation share 交流比例", "rotate more eligible teachers, or name C-ROTATION-SHARE in summary.json violations"),
    goal("C-BACKBONE-SHARE", "Backbone share 骨干比例", "rotate more backbone teachers, or name C-BACKBONE-SHARE in summary.json violations"),
    hard("C-GAPS", "Gaps 缺编", "regenerate gaps.csv from the plan (rerun `rotaplan plan`), or correct the row named"),
    hard("C-SUMMARY", "Summary 汇总", "regenerate summary.json, or correct the key named"),
    hard("C-FLAGS", "Flags 标记", "set must_serve and backbone in plan.csv as the roster and policy give them"),
    hard("C-DISTANCE", "Distance 距离", "write the straight-line distance between the schools (1 decimal), empty when a school has no coordinates"),
    hard("C-STAFFING", "Staffing 编制核对", "regenerate staffing.csv from the plan (rerun `rotaplan plan`), or correct the cell named"),
    hard("C-DECISIONS", "Decision files 决定文件", "run `rotaplan render SCENARIO DIR`: it rewrites plan.csv and hires.csv (and every derived file) from the edited workbook"),
];

/// The table entry of a code; every code the checker emits is in [`CODES`].
pub fn info(code: &str) -> CodeInfo {
    CODES
        .iter()
        .copied()
        .find(|c| c.code == code)
        .unwrap_or(hard("C-UNKNOWN", "Unknown 未知", ""))
}

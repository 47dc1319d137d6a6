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
    /// The remedy in Chinese.
    pub remedy_zh: &'static str,
}

const fn hard(
    code: &'static str,
    label: &'static str,
    remedy: &'static str,
    remedy_zh: &'static str,
) -> CodeInfo {
    CodeInfo {
        code,
        label,
        kind: RuleKind::Hard,
        remedy,
        remedy_zh,
    }
}

const fn goal(
    code: &'static str,
    label: &'static str,
    remedy: &'static str,
    remedy_zh: &'static str,
) -> CodeInfo {
    CodeInfo {
        code,
        label,
        kind: RuleKind::Goal,
        remedy,
        remedy_zh,
    }
}

/// Every code the checker reports, violations first, then mismatches.
pub const CODES: &[CodeInfo] = &[
    hard("C-FILE", "Plan files 方案文件", "write the missing plan file (rerun `rotaplan plan`) or point check at the right folder", "补上缺少的方案文件（重新运行 `rotaplan plan`），或让 check 指向正确的方案文件夹"),
    hard("C-PARSE", "Readable rows 行格式", "correct the cell named (dates 2026-09-01, booleans true/false, numbers) or delete the row", "改正所指的单元格（日期如 2026-09-01，是否填 true/false，数字填数字），或删除该行"),
    hard("C-TEACHER-UNKNOWN", "Known teacher 教师在册", "use a teacher_id from the roster, or remove the row", "使用花名册中的 teacher_id，或删除该行"),
    hard("C-TEACHER-TWICE", "Once per teacher 不重复", "keep one row per teacher in plan.csv", "plan.csv 中每名教师只保留一行"),
    hard("C-FROM-SCHOOL", "Sending school 派出学校", "set from_school_id to the teacher's school in the roster", "把 from_school_id 改为花名册中该教师所在的学校"),
    hard("C-NOT-ELIGIBLE", "Eligibility 交流资格", "remove the teacher from plan.csv, or fix the roster (school, deferral, birth date) if it is wrong", "从 plan.csv 中删除该教师；若花名册有误（学校、暂缓交流、出生日期），请改正花名册"),
    hard("C-DEST", "Receiving school 接收学校", "send the teacher to a known, non-exempt school that counts as rural service", "把教师派往学校名单中、未免于交流、且计入乡村任教经历的学校"),
    hard("C-SUBJECT", "Subject 任教学科", "use the teacher's main subject or one of the extra subjects in the roster", "安排教师任教其主教学科或花名册所列的兼教学科"),
    hard("C-HOUSING", "Housing 周转宿舍", "send fewer far-away teachers to this school, choose nearer teachers, or record more housing_beds", "少派远距离教师到该校，改派距离较近的教师，或登记更多周转宿舍床位（housing_beds）"),
    hard("C-POSTS", "Open posts 空缺岗位", "send rotated teachers and hires of a subject only where its need is still uncovered after the school's own staff (who may also teach extra and general subjects) shift their load: at most the open posts of that school and subject (for hires, plus one per teacher of the subject who rotated out of it)", "只在本校教师（可兼教其他学科和通用学科）调整任课后仍有缺口的学校和学科安排交流轮岗教师和新教师：每校每学科至多为其空缺岗位数（新教师另可补充本校该学科交流轮岗调出教师留下的岗位）"),
    hard("C-ESTABLISHMENT", "Establishment 核定编制", "place fewer hires at this school (at most establishment − teachers before the plan), or record the approved establishment in the schools file", "减少该校新招教师（至多为核定编制减去规划前教师数），或在学校名单中登记核定编制"),
    hard("C-HEADCOUNT", "Headcount 编制上限", "send fewer teachers or hires to this school, or raise establishment.allowance for rotations and exchanges", "减少派往该校的教师或新教师，或提高交流轮岗和对口交流的允许超编数（establishment.allowance）"),
    hard("C-PUPIL-FLOOR", "Pupil floor 生师比下限", "send no teacher or hire that leaves this school with fewer than establishment.pupil_floor pupils per teacher (cover its subjects by itinerant teaching instead), or set establishment.floor_caps_arrivals = false", "不要向该校派教师或新教师使其每名教师对应的学生数低于 establishment.pupil_floor（可改用走教覆盖其学科），或设置 establishment.floor_caps_arrivals = false"),
    hard("C-COVERAGE", "Coverage 任课安排", "let each teacher present after the plan teach only subjects they may teach there, at most 1 FTE in all, hires no more than hired, no subject beyond its need (rerun `rotaplan plan`)", "方案执行后每名在校教师只任教其在该校可任教的学科，合计至多 1 FTE，新教师任课不超过招聘人数，各学科任课不超过需求（重新运行 `rotaplan plan`）"),
    hard("C-ITINERANT", "Itinerant teaching 走教", "keep 走教 to the teacher's own itinerant subjects, at target-area schools within itinerant.km (same township if required), at most itinerant.max_schools schools and 1 FTE in all", "走教只限教师本人的走教学科，目标为走教区域内、距离在 itinerant.km 以内（如要求则须同一乡镇）的学校，至多 itinerant.max_schools 所，合计至多 1 FTE"),
    hard("C-EXCHANGE", "Exchange 对口交流", "exchange only eligible rural teachers (enough years in school, not deferred, 特岗 service done) in their main or extra subject to a non-exempt school of a sending area, or remove the row", "只安排符合条件的乡村教师（在校年限足够、未暂缓交流、特岗服务期已满）以主教或兼教学科对口交流到派出区域中未免于交流的学校，或删除该行"),
    hard("C-EXCHANGE-COVER", "Exchange leaves no class untaught 对口交流不减课", "send on exchange only teachers whose classes the school's other teachers (or a rotated teacher or hire taking their post) can take over, or remove the row", "只派出其课程可由本校其他教师（或接替其岗位的交流轮岗教师、新教师）承担的教师对口交流，或删除该行"),
    hard("C-RELEASE", "Release limit 派出上限", "rotate fewer teachers out of this school, or raise policy.max_send_share", "减少该校派出的交流教师，或提高派出比例上限 policy.max_send_share"),
    hard("C-DATES", "Term dates 交流期限", "set start_date to 1 September of plan_year and end_date to the day before start + term_months", "start_date 填 plan_year 年 9 月 1 日，end_date 填开始日期加 term_months 个月的前一天"),
    hard("C-HIRE-COUNT", "Hire batches 招聘批次", "place at most the batch's count of each subject and programme in hires.csv (fewer is allowed), each row with a positive count of a batch in the hires file", "hires.csv 中每个学科和招聘类别的人数至多为招聘批次人数（可以少），每行人数须为正数且属于招聘计划中的批次"),
    hard("C-HIRE-AREA", "Hire areas 招聘分配区域", "place the hires at a school in the batch's areas (tegang: rural-service areas by default)", "把新教师分配到批次规定区域内的学校（特岗教师默认只分配到乡村学校）"),
    hard("C-HIRE-SCHOOL", "Hire school 招聘学校", "use a school_id from the schools file", "使用学校名单中的 school_id"),
    hard("C-LEADER-MOVE", "Leader moves 干部交流", "list in leaders.csv only roster leaders, at the roster's school, each once, to another known school of the same stage (leaders.same_stage), and not also in plan.csv", "leaders.csv 只列花名册中的干部，填花名册中的学校，每人一行，调往另一所已知的同学段学校（leaders.same_stage），且不同时列在 plan.csv 中"),
    hard("C-LEADER-TENURE", "Leader tenure 干部任职年限", "move only leaders of a rotating post (leaders.rotate) with at least leaders.min_years in the post, not deferred, on a term or within leaders.retire_within_years of retirement", "只交流参加轮岗职务（leaders.rotate）、任现职满 leaders.min_years 年、未暂缓交流、不在交流期内、距退休超过 leaders.retire_within_years 年的干部"),
    hard("C-LEADER-PRINCIPAL", "One principal 一校一长", "leave every school with exactly one principal: move a principal only into the post of one who leaves", "每所学校保留且仅保留一名校长：只有在另一名校长离开时才调入校长"),
    hard("C-LEADER-MANAGERS", "Managers kept 中层干部", "keep at least leaders.min_managers vice principals and middle managers at every school (or as many as it had)", "每所学校至少保留 leaders.min_managers 名副校长和中层干部（原有不足此数的，保持原数）"),
    goal("C-LEADER-DUE", "Due leaders 期满干部交流", "move the due leader, or name C-LEADER-DUE in summary.json violations", "安排任职期满的干部交流，或在 summary.json 的 violations 中列出 C-LEADER-DUE"),
    goal("C-LEADER-WEAK", "Strong to weak 以强带弱", "give the weak school a leader from a stronger school in place of its due leader, or name C-LEADER-WEAK in summary.json violations", "由较强学校的干部接替薄弱学校任职期满的干部，或在 summary.json 的 violations 中列出 C-LEADER-WEAK"),
    hard("C-LOCK", "Locks 锁定", "keep every lock of the locks file: the teacher goes to the locked school (and subject), a staying teacher is not in plan.csv, a school that receives nobody gets no rotated teacher and no hire", "遵守锁定文件的每项锁定：教师去锁定的学校（和学科），锁定留任的教师不列入 plan.csv，锁定不接收的学校不安排交流教师和新教师"),
    goal("C-MUST-SERVE", "Must serve 必须交流", "rotate the teacher, or list them in unplaced.csv and name C-MUST-SERVE in summary.json violations", "安排该教师交流轮岗，或将其列入 unplaced.csv 并在 summary.json 的 violations 中列出 C-MUST-SERVE"),
    hard("C-UNPLACED-LIST", "Unplaced list 未安置名单", "list in unplaced.csv exactly the eligible must-serve teachers not in plan.csv", "unplaced.csv 恰好列出未列入 plan.csv 的符合条件的必须交流教师"),
    goal("C-ROTATION-SHARE", "Rotation share 交流比例", "rotate more eligible teachers, or name C-ROTATION-SHARE in summary.json violations", "安排更多符合条件的教师交流轮岗，或在 summary.json 的 violations 中列出 C-ROTATION-SHARE"),
    goal("C-BACKBONE-SHARE", "Backbone share 骨干比例", "rotate more backbone teachers, or name C-BACKBONE-SHARE in summary.json violations", "安排更多骨干教师交流轮岗，或在 summary.json 的 violations 中列出 C-BACKBONE-SHARE"),
    hard("C-GAPS", "Gaps 缺编", "regenerate gaps.csv from the plan (rerun `rotaplan plan`), or correct the row named", "按方案重新生成 gaps.csv（重新运行 `rotaplan plan`），或改正所指的行"),
    hard("C-SUMMARY", "Summary 汇总", "regenerate summary.json, or correct the key named", "重新生成 summary.json，或改正所指的项"),
    hard("C-FLAGS", "Flags 标记", "set must_serve and backbone in plan.csv as the roster and policy give them", "按花名册和政策填写 plan.csv 的 must_serve 和 backbone"),
    hard("C-DISTANCE", "Distance 距离", "write the straight-line distance between the schools (1 decimal), empty when a school has no coordinates", "填写两校之间的直线距离（保留 1 位小数），学校无坐标时留空"),
    hard("C-STAFFING", "Staffing 编制核对", "regenerate staffing.csv from the plan (rerun `rotaplan plan`), or correct the cell named", "按方案重新生成 staffing.csv（重新运行 `rotaplan plan`），或改正所指的单元格"),
    hard("C-DECISIONS", "Decision files 决定文件", "run `rotaplan render SCENARIO DIR`: it rewrites plan.csv and hires.csv (and every derived file) from the edited workbook", "运行 `rotaplan render SCENARIO DIR`：按修改后的工作簿重新生成 plan.csv 和 hires.csv（以及所有派生文件）"),
];

/// The table entry of a code; every code the checker emits is in [`CODES`].
pub fn info(code: &str) -> CodeInfo {
    CODES
        .iter()
        .copied()
        .find(|c| c.code == code)
        .unwrap_or(hard("C-UNKNOWN", "Unknown 未知", "", ""))
}

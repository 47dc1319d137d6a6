//! The explanation as text, in Chinese or English.

use super::{Alternative, Explanation, SchoolExplanation, TeacherExplanation};
use crate::output::Lang;
use crate::scenario::Scenario;
use std::fmt::Write;

/// Labels: the language and the subject names of the scenario.
struct L<'a> {
    lang: Lang,
    scenario: &'a Scenario,
}

impl L<'_> {
    /// A subject's Chinese name (zh) or canonical id (en).
    fn subject(&self, id: &str) -> String {
        match self.lang {
            Lang::Zh => self
                .scenario
                .subjects
                .get(id)
                .map(|d| d.zh.clone())
                .unwrap_or_else(|| id.to_string()),
            Lang::En => id.to_string(),
        }
    }
}

/// Pads to a display width (CJK characters count two columns).
fn pad(s: &str, width: usize) -> String {
    let w: usize = s
        .chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
        .sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// How many alternatives the text lists (JSON lists all).
const SHOWN: usize = 12;

fn code_text(l: Lang, code: &str) -> String {
    let (head, arg) = code.split_once(':').unwrap_or((code, ""));
    let s = match head {
        "not_sending_area" => l.t(
            "所在学校不属于派出区域（已在乡村或教学点）",
            "the school is not in a sending area (already rural)",
        ),
        "exempt_school" => l.t("所在学校本年度免于交流", "the school is exempt this year"),
        "deferred" => l.t("暂缓交流", "rotation deferred"),
        "rest_after_term" => l.t(
            "上次交流期满后的间隔期内",
            "resting after the last term (policy.rest_years_after_term)",
        ),
        "on_term" => l.t(
            "上年起的交流期未满，本年仍在所交流学校任教（学校，期满日）",
            "on a term from an earlier year, teaching at the school served (school, last day)",
        ),
        "leader" => l.t(
            "干部（校长、副校长、中层）按干部交流规则轮岗，不作为教师交流",
            "a leader (principal, vice principal, middle manager) rotates under [leaders], not as a teacher",
        ),
        "must_serve" => l.t("本年须到乡村学校服务", "must serve in a rural school this year"),
        "due" => l.t("在校年限已满交流年限", "due by years in school"),
        "fills_gap" => l.t("补接收学校该学科缺口", "fills the receiving school's gap in"),
        "no_open_post" => l.t(
            "所教学科在接收学校均无空缺岗位",
            "no receiving school has an open post in their subjects",
        ),
        "posts_full" => l.t("空缺岗位已被他人填满", "the open posts are filled by others"),
        "housing_full" => l.t(
            "周转宿舍床位已满（超出通勤距离）",
            "housing beds are full (beyond commuting distance)",
        ),
        "no_housing" => l.t(
            "该校无周转宿舍（超出通勤距离）",
            "the school has no turnover housing (beyond commuting distance)",
        ),
        "headcount_full" => l.t(
            "学校人数已达上限（编制或生师比下限）",
            "the school is at its headcount cap (establishment, or the pupil floor)",
        ),
        "release_cap" => l.t(
            "所在学校派出人数已达上限 (max_send_share)",
            "the school already sends its maximum (max_send_share)",
        ),
        "home_gap" => l.t(
            "调出会在本校造成同样大或更大的缺口",
            "leaving would open at least as large a weighted gap at home as it closes",
        ),
        "gap_gain_left" => l.t(
            "派往可去的学校会降低加权缺口：方案未证明最优（时间或间隙上限）或经手工修改，请运行 rotaplan check",
            "sending them to an open post would lower the weighted gap: the plan stopped before proven optimal or was edited by hand; run rotaplan check",
        ),
        "not_due" => l.t(
            "在校年限未满，调出计入未到期惩罚",
            "not yet due, so rotating them costs the not-due penalty",
        ),
        "opened_by_sending" => l.t(
            "因派出教师而产生（乡村缺口和交流比例权重更高）",
            "opened by teachers sent away (rural gaps and the rotation share weigh more)",
        ),
        "not_receiving" => l.t(
            "该校不接收交流教师（非乡村学校），只能靠新招聘",
            "the school does not receive rotated teachers; only hires can fill it",
        ),
        "no_teacher_available" => l.t(
            "派出学校已无可交流的该学科教师（或已达派出上限）",
            "no eligible teacher of this subject is left at a sending school below its cap",
        ),
        "goal_tradeoff" => l.t(
            "仍有可派教师，但加权缺口目标优先了其他学校",
            "teachers remain, but the weighted gap goal favoured other schools",
        ),
        other => other,
    };
    if arg.is_empty() {
        s.to_string()
    } else {
        format!("{s} ({arg})")
    }
}

/// Housing beds at a school as used/total; a school without turnover housing says so rather
/// than showing 0/0.
fn housing_text(l: Lang, beds: Option<u32>, used: u32) -> String {
    match beds {
        Some(0) => l.t("无宿舍", "none").to_string(),
        Some(b) => format!("{used}/{b}"),
        None => l.t("不限", "no limit").to_string(),
    }
}

fn km(d: Option<f64>) -> String {
    d.map(|d| format!("{d:.1} km"))
        .unwrap_or_else(|| "— km".into())
}

fn teacher(o: &mut String, lb: &L, e: &TeacherExplanation) {
    let l = lb.lang;
    let _ = writeln!(
        o,
        "{} {} {} — {} {} ({})",
        l.t("教师", "Teacher"),
        e.id,
        e.name,
        l.t("学校", "school"),
        e.school_id,
        e.school_name
    );
    let _ = writeln!(
        o,
        "  {}: {}; {}: {}; {}: {} ({}: {})",
        l.t("学科", "subjects"),
        e.subjects
            .iter()
            .map(|x| lb.subject(x))
            .collect::<Vec<_>>()
            .join(", "),
        l.t("骨干", "backbone"),
        l.yes_no(e.backbone),
        l.t("在校年限", "years in school"),
        e.years_in_school,
        l.t("已满交流年限", "due"),
        l.yes_no(e.due)
    );
    let _ = writeln!(
        o,
        "  {}: {}{}",
        l.t("符合交流条件", "eligible"),
        l.yes_no(e.eligible),
        e.ineligible
            .as_ref()
            .map(|i| format!(" — {}", code_text(l, i)))
            .unwrap_or_default()
    );
    if let Some(n) = &e.leader {
        let years = n
            .years_in_post
            .map_or_else(|| "—".to_string(), |y| y.to_string());
        let to = match (&n.to_school_id, &n.to_school_name) {
            (Some(id), Some(name)) => format!("→ {id} ({name})"),
            _ => l.t("留任", "stays").to_string(),
        };
        let _ = writeln!(
            o,
            "  {}: {} {}, {} {years}; {to} — {}",
            l.t("干部交流", "leader rotation"),
            l.t(&n.post_zh, &n.post),
            n.school_id,
            l.t("任现职年限", "years in post"),
            l.t(&n.reason_zh, &n.reason)
        );
    }
    if let Some(w) = &e.wishes {
        let outcome = match w.outcome.as_str() {
            "stays" => l.t("留任原校", "stays").to_string(),
            "unwished" => l
                .t("组织安排（非志愿学校）", "sent where no wish lies")
                .to_string(),
            other => {
                let k = other.trim_start_matches("wish:");
                l.t(&format!("第 {k} 志愿"), &format!("wish {k}"))
                    .to_string()
            }
        };
        let _ = writeln!(
            o,
            "  {}: {} {:.2}; {} {}; {}: {}; {outcome}",
            l.t("个人申请", "application"),
            l.t("积分", "points"),
            w.points,
            l.t("自愿", "volunteer"),
            l.yes_no(w.volunteer),
            l.t("志愿", "wishes"),
            w.wishes.join(" > ")
        );
        for why in &w.why_not {
            let (zh, en) = super::wishes::reason_text(why);
            let head = l
                .t(
                    &format!("未安排第{}志愿（{}）", why.rank, why.wish),
                    &format!("not at wish {} ({})", why.rank, why.wish),
                )
                .to_string();
            let _ = writeln!(o, "    {head}: {}", l.t(&zh, &en));
        }
    }
    if let Some(m) = &e.must_serve {
        let _ = writeln!(
            o,
            "  {}: {m}",
            l.t("本年须到乡村服务", "must serve this year")
        );
    }
    match &e.placed_at {
        Some((to, subject)) => {
            let _ = writeln!(
                o,
                "{}: {} → {to}, {} {}",
                l.t("结论：已交流", "Result: rotated"),
                e.school_id,
                l.t("任教", "teaching"),
                lb.subject(subject)
            );
        }
        None => match e.leader.as_ref().and_then(|n| n.to_school_id.as_ref()) {
            Some(to) => {
                let _ = writeln!(
                    o,
                    "{}: {} → {to}",
                    l.t("结论：干部交流任职", "Result: moved as a leader"),
                    e.leader.as_ref().map_or("", |n| n.school_id.as_str())
                );
            }
            None => {
                let _ = writeln!(o, "{}", l.t("结论：未交流", "Result: not rotated"));
            }
        },
    }
    for c in &e.circuit {
        let km = c
            .distance_km
            .map(|k| format!(", {k:.1} km"))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "  {}: {} {} {:.2} FTE {} {} {}{km}",
            l.t("走教", "itinerant"),
            l.t("另在", "also teaches"),
            lb.subject(&c.subject),
            c.fte,
            l.t("于", "at"),
            c.school_id,
            c.school_name,
        );
    }
    let _ = writeln!(o, "{}:", l.t("原因", "Why"));
    for w in &e.why {
        let _ = writeln!(o, "  - {}", code_text(l, w));
    }
    if let Some(r) = &e.unplaced_reason {
        let _ = writeln!(o, "  - unplaced.csv: {r}");
    }
    let _ = writeln!(
        o,
        "  {}: {}/{}; {} {:.2} FTE, {} {:.2}",
        l.t("本校派出/上限", "sent from home school / cap"),
        e.sent_from_school,
        e.release_cap,
        l.t(
            "本校主科缺口（方案后）",
            "home gap in main subject after the plan"
        ),
        e.home_gap_after,
        l.t(
            "该教师离开的加权缺口代价",
            "weighted gap cost of their leaving"
        ),
        e.home_weighted_loss
    );
    teacher_alternatives(o, lb, e);
}

/// The alternatives of a teacher as a table (at most [`SHOWN`] rows), or why there are none.
fn teacher_alternatives(o: &mut String, lb: &L, e: &TeacherExplanation) {
    let l = lb.lang;
    if !e.eligible {
        let _ = writeln!(
            o,
            "{}",
            l.t(
                "可选学校：不符合交流条件，不予考虑",
                "Alternatives: not considered (not eligible)"
            )
        );
        return;
    }
    if e.alternatives.is_empty() {
        let _ = writeln!(
            o,
            "{}",
            l.t(
                "可选学校：无（所教学科在接收学校均无空缺）",
                "Alternatives: none (no open post in their subjects)"
            )
        );
        return;
    }
    let _ = writeln!(
        o,
        "{} ({}):",
        l.t("可选学校", "Alternatives"),
        l.t(
            "差旅目标代价 = 距离×每公里权重 + 非对口 + 未到期；缺口收益按学校权重加权；净变化 = 改派此处时加权缺口的变化（负值为更优）",
            "travel cost = km × travel_per_km + unpaired + not-due penalties; gap gain weighted by the school's weight; net gap = change of the weighted gap if they went here instead (negative is better)"
        )
    );
    let _ = writeln!(
        o,
        "  {}{}{:>9} {:>8} {:>7} {:>9} {:>9} {:>9}  {}",
        pad(l.t("学校", "school"), 11),
        pad(l.t("学科", "subject"), 16),
        l.t("距离", "distance"),
        l.t("差旅代价", "travel"),
        l.t("岗位", "posts"),
        l.t("缺口收益", "gap gain"),
        l.t("净变化", "net gap"),
        l.t("住房", "housing"),
        l.t("状态", "status")
    );
    for a in e.alternatives.iter().take(SHOWN) {
        alternative_row(o, lb, a);
    }
    if e.alternatives.len() > SHOWN {
        let _ = writeln!(
            o,
            "  … {} {}",
            e.alternatives.len() - SHOWN,
            l.t("所未列出（--json 列出全部）", "more (--json lists all)")
        );
    }
}

/// One row of the alternatives table.
fn alternative_row(o: &mut String, lb: &L, a: &Alternative) {
    let l = lb.lang;
    let housing = if !a.needs_bed {
        l.t("通勤", "commute").to_string()
    } else {
        housing_text(l, a.beds, a.beds_used)
    };
    let status = if a.chosen {
        l.t("★ 本方案", "★ chosen").to_string()
    } else if a.blocked_by.is_empty() {
        l.t("可去", "open").to_string()
    } else {
        a.blocked_by
            .iter()
            .map(|c| code_text(l, c))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let _ = writeln!(
        o,
        "  {}{}{:>9} {:>8.1} {:>7} {:>9.2} {:>9.2} {:>9}  {}",
        pad(&a.school_id, 11),
        pad(&lb.subject(&a.subject), 16),
        km(a.distance_km),
        a.travel_cost,
        format!("{}/{}", a.filled_posts, a.open_posts),
        a.weighted_gain,
        a.net_weighted_gap,
        housing,
        status
    );
}

fn school(o: &mut String, lb: &L, e: &SchoolExplanation) {
    let l = lb.lang;
    let _ = writeln!(
        o,
        "{} {} {} — {} {}, {} {}, {} {}",
        l.t("学校", "School"),
        e.id,
        e.name,
        l.t("区域", "area"),
        crate::domain::Area::parse(&e.area).map_or(e.area.as_str(), |a| l.area(a)),
        l.t("学段", "stage"),
        crate::domain::Stage::parse(&e.stage).map_or(e.stage.as_str(), |x| l.stage(x)),
        l.t("学生", "students"),
        e.students
    );
    let _ = writeln!(
        o,
        "  {}: {}; {}: {}; {}: {}/{}",
        l.t("接收交流教师", "receives rotated teachers"),
        l.yes_no(e.receiver),
        l.t("周转宿舍床位（已用/总数）", "housing beds (used/total)"),
        match e.housing_beds {
            Some(0) => l.t("无周转宿舍", "no turnover housing").to_string(),
            Some(b) => format!("{}/{b}", e.beds_used),
            None => format!("{}/{}", e.beds_used, l.t("不限", "no limit")),
        },
        l.t("派出（人数/上限）", "sent (count/cap)"),
        e.sent.len(),
        e.release_cap
    );
    let _ = writeln!(
        o,
        "{} ({}):",
        l.t("接收交流教师", "Rotated teachers received"),
        e.received.len()
    );
    for a in &e.received {
        let _ = writeln!(
            o,
            "  {} {} {} {} {}, {}{}",
            a.teacher_id,
            a.name,
            l.t("来自", "from"),
            a.from_school_id,
            km(a.distance_km),
            lb.subject(&a.subject),
            if a.must_serve {
                l.t("（须本年服务）", " (must serve)")
            } else {
                ""
            }
        );
    }
    let hired: u32 = e.hires.iter().map(|h| h.1).sum();
    let _ = writeln!(o, "{} ({hired}):", l.t("新教师", "New hires"));
    for (subject, n, programme) in &e.hires {
        let _ = writeln!(o, "  {} × {n} ({programme})", lb.subject(subject));
    }
    if !e.sent.is_empty() {
        let _ = writeln!(o, "{} ({}):", l.t("派出", "Sent"), e.sent.len());
        for s in &e.sent {
            let _ = writeln!(
                o,
                "  {} {} → {} ({})",
                s.teacher_id,
                s.name,
                s.to_school_id,
                lb.subject(&s.subject)
            );
        }
    }
    school_gaps(o, lb, e);
}

/// A school's gaps by subject as a table, the limits it reached and its indicators.
fn school_gaps(o: &mut String, lb: &L, e: &SchoolExplanation) {
    let l = lb.lang;
    let _ = writeln!(o, "{}:", l.t("各学科缺口 (FTE)", "Gaps by subject (FTE)"));
    let _ = writeln!(
        o,
        "  {}{:>7} {:>7} {:>7} {:>8} {:>8} {:>7} {:>6}  {}",
        pad(l.t("学科", "subject"), 16),
        l.t("需求", "need"),
        l.t("现有", "staff"),
        l.t("方案后", "after"),
        l.t("缺口前", "gap pre"),
        l.t("缺口后", "gap post"),
        l.t("岗位", "posts"),
        l.t("新招", "hires"),
        l.t("约束", "binding rule")
    );
    for g in &e.gaps {
        let _ = writeln!(
            o,
            "  {}{:>7.2} {:>7.0} {:>7.0} {:>8.2} {:>8.2} {:>7} {:>6}  {}",
            pad(&lb.subject(&g.subject), 16),
            g.need,
            g.staff_before,
            g.staff_after,
            g.gap_before,
            g.gap_after,
            format!("{}/{}", g.filled_posts, g.open_posts),
            g.hires,
            g.binding
                .as_deref()
                .map(|b| code_text(l, b))
                .unwrap_or_default()
        );
    }
    if !e.limits.is_empty() {
        let _ = writeln!(
            o,
            "{}: {}",
            l.t("已达上限", "Limits reached"),
            e.limits
                .iter()
                .map(|c| code_text(l, c))
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    for p in &e.indicators {
        let _ = writeln!(
            o,
            "{} ({}{}): L1 {:.2} → {:.2} ({:.1}), L2 {:.2} → {:.2} ({:.1}), L3 {:.2} → {:.2} ({:.1})",
            l.t("均衡指标（每百名学生）", "Indicators per 100 students"),
            l.stage(p.stage),
            if p.in_spread {
                ""
            } else {
                l.t("，不计入差异系数", ", left out of the CV")
            },
            p.before[0],
            p.after[0],
            p.thresholds[0],
            p.before[1],
            p.after[1],
            p.thresholds[1],
            p.before[2],
            p.after[2],
            p.thresholds[2]
        );
    }
}

/// The explanation as text, with the scenario's subject names.
pub fn render_text(e: &Explanation, lang: Lang, scenario: &Scenario) -> String {
    let lb = L { lang, scenario };
    let mut o = String::new();
    match e {
        Explanation::Teacher(t) => teacher(&mut o, &lb, t),
        Explanation::School(s) => school(&mut o, &lb, s),
    }
    o
}

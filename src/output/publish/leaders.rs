//! The leaders' publicity list (干部交流任职公示, docs/leaders.md): the principals, vice
//! principals and middle managers a plan moves, as print-ready HTML and CSV beside the
//! teachers' list, when the plan moves any. Every name is escaped.

use super::{county_name, gender_zh, page_head, period_of, zh_date, PublishOptions};
use crate::check::PlanRecord;
use crate::output::csv_bytes;
use crate::output::svg::esc;
use crate::problem::Problem;

const HEADERS: [&str; 7] = [
    "序号",
    "姓名",
    "性别",
    "现任职务",
    "原任职学校",
    "拟交流任职学校",
    "备注",
];

/// publicity-leaders.html and .csv; none when the plan moves no leader.
pub(super) fn files(
    problem: &Problem,
    record: &PlanRecord,
    opts: &PublishOptions,
    unit: &str,
) -> Vec<(String, Vec<u8>)> {
    if record.leaders.is_empty() {
        return Vec::new();
    }
    let county = &problem.county;
    let school = |id: &str| {
        problem
            .school_ix(id)
            .map_or(id.to_string(), |i| county.schools[i].name.clone())
    };
    let mut moves: Vec<_> = record.leaders.iter().collect();
    // by the school joined, then the post, then the leader
    let post = |id: &str| problem.teacher_ix(id).map(|i| county.teachers[i].post);
    moves.sort_by(|a, b| {
        (&a.to_school_id, post(&a.teacher_id), &a.teacher_id).cmp(&(
            &b.to_school_id,
            post(&b.teacher_id),
            &b.teacher_id,
        ))
    });
    let rows: Vec<Vec<String>> = (moves.iter().enumerate())
        .map(|(i, m)| {
            let t = problem
                .teacher_ix(&m.teacher_id)
                .map(|i| &county.teachers[i]);
            let from = problem
                .school_ix(&m.from_school_id)
                .map(|i| &county.schools[i]);
            let to = problem
                .school_ix(&m.to_school_id)
                .map(|i| &county.schools[i]);
            let note = match (from, to) {
                (Some(a), Some(b)) if b.weak => {
                    if crate::rules::leaders::is_stronger(a, b, &problem.scenario.leaders) {
                        "到薄弱学校任职（以强带弱）"
                    } else {
                        "到薄弱学校任职"
                    }
                }
                _ => "",
            };
            vec![
                (i + 1).to_string(),
                t.map_or(String::new(), |t| t.name.clone()),
                t.map_or("", |t| gender_zh(t.gender)).to_string(),
                t.map_or(String::new(), |t| t.post.zh().to_string()),
                school(&m.from_school_id),
                school(&m.to_school_id),
                note.to_string(),
            ]
        })
        .collect();
    let name = county_name(&problem.scenario.name);
    let title = format!(
        "{name}{}年义务教育学校校长和中层干部交流任职人员名单公示",
        problem.scenario.plan_year
    );
    let intro = format!(
        "根据校长任期制和交流轮岗有关规定，经研究，拟安排以下{}名校长、副校长和中层干部自{}起交流任职，现予公示。{}。公示期间，如有异议，请以书面或电话形式向{unit}反映{}。",
        rows.len(),
        zh_date(Some(problem.scenario.term_start())),
        period_of(opts),
        (opts.contact.as_deref())
            .map(|c| format!("，联系电话：{c}"))
            .unwrap_or_default()
    );
    let mut o = page_head(&title, "landscape");
    o.push_str(&format!("<h1>{}</h1>\n", esc(&title)));
    o.push_str(&format!("<p class=\"intro\">{}</p>\n", esc(&intro)));
    o.push_str("<table>\n<thead><tr>");
    for h in HEADERS {
        o.push_str(&format!("<th>{h}</th>"));
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for row in &rows {
        o.push_str("<tr>");
        for c in row {
            o.push_str(&format!("<td>{}</td>", esc(c)));
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n");
    o.push_str(&format!(
        "<p class=\"sign\">{}<br>{}</p>\n</body>\n</html>\n",
        esc(unit),
        zh_date(opts.date)
    ));
    vec![
        ("publicity-leaders.html".to_string(), o.into_bytes()),
        (
            "publicity-leaders.csv".to_string(),
            csv_bytes(&HEADERS, rows),
        ),
    ]
}

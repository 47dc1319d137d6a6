//! Building the model: columns (picks, arcs, hires, hubs, parts), the rows of the flows, the gap
//! goal's cells, the shares goal and the what-if rows; the indicators goal is in `indicator`.

use super::built::{Built, GoalExpr, Hub, ShareSlacks};
use super::indicator::indicator_goal;
use super::sparse::Sparse;
use super::{travel_cost, TRAVEL_STEP};
use crate::plan::prepare::Prepared;
use crate::scenario::{Goal, Scenario};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::gap::gap_goal;

mod exchange;
mod posts;
use super::Terms;
pub(super) use exchange::{exchange_schools, ExchangeSchools};

/// The columns of a build, as `add_columns` lays them out.
struct Columns {
    first_arc: usize,
    arcs: Range<usize>,
    first_hire: usize,
    /// Per arc: reached through the hub (its own column fixed at 0).
    via: Vec<bool>,
    /// (pool, column) of each pool's hub column.
    hub_out: Vec<(usize, usize)>,
    /// (school, subject, column) of each post's hub column.
    hub_in: Vec<(usize, String, usize)>,
    hub_cols: Range<usize>,
    first_part: Vec<Option<usize>>,
    part_cols: Range<usize>,
    /// Open posts per post, in `Prepared::posts` order.
    post_open: Vec<u32>,
    /// Open posts per school.
    posts_at: Vec<u32>,
    /// The rotation post (school, subject) hires of the subject share, if the school has one
    /// (see `c_post`).
    post_index: BTreeMap<(usize, String), usize>,
}

impl Columns {
    /// Whether the housing limit of school r can bind (fewer beds than open posts).
    fn beds_bind(&self, prep: &Prepared, r: usize) -> bool {
        prep.beds[r].is_some_and(|beds| beds < self.posts_at[r])
    }
}

/// The terms of the flow rows and goals, gathered column by column before the rows are added.
struct FlowTerms {
    group_out: Vec<Terms>,
    school_out: Vec<Terms>,
    beds_in: Vec<Terms>,
    post_in: Vec<Terms>,
    pool_balance: Vec<Terms>,
    /// Columns of teachers and hires arriving in and leaving each cell.
    inflow: Vec<Vec<usize>>,
    outflow: Vec<Vec<usize>>,
    /// Per school: + arrivals and hires, − teachers who leave (the headcount row).
    head: Vec<Terms>,
    /// Per school: its hire columns (the vacant-posts row).
    hires_at: Vec<Terms>,
    /// Every pick, with coefficient 1.
    total: Terms,
    /// The columns that count backbone teachers who leave.
    backbone: Terms,
    /// Per group of more than one part: Σ picks − Σ part columns.
    part_ties: Vec<Terms>,
    must_serve: GoalExpr,
    travel: GoalExpr,
}

/// Builds the model. With `hub`, a post whose school has no binding housing limit is reached
/// through one hub per subject instead of one arc per pool: for the goals before shares and
/// travel any pool may fill such a post, so the hub loses nothing and needs a column per pool
/// and per post instead of one per pair (docs/model.md, "Hubs"). Without `parts_on`, a group's
/// members who differ only in the backbone and due flags are one flow: the part columns are
/// fixed at 0 and the rows that tie them to the picks are left out. That model is exact, and
/// smaller, for every goal but shares and travel, which need `parts_on` (docs/model.md,
/// "Parts"). `ex`: the schools whose exchange limits can bind, shared by both builds
/// ([`exchange_schools`]).
pub(super) fn build(
    prep: &Prepared,
    scenario: &Scenario,
    hub: bool,
    parts_on: bool,
    ex: &ExchangeSchools,
) -> Built {
    let hub = hub && prep.indicators.is_none(); // a hub would mix teachers who count differently
    let mut sp = Sparse::default();
    // room for the columns `add_columns` makes (picks, arcs, hire placements, hub columns,
    // part columns) and those of the goals (about one per cell, and a few), so that the
    // column list is not copied as it grows
    let parts: usize = (prep.groups.iter())
        .filter(|g| g.parts.len() > 1)
        .map(|g| g.parts.len())
        .sum();
    let hire_cols: usize = prep.hires.iter().map(|o| o.schools.len()).sum();
    sp.cols.reserve(
        prep.picks.len()
            + prep.arcs.len()
            + hire_cols
            + prep.pools.len()
            + prep.posts.len()
            + parts
            + 3 * prep.cells.len()
            + 64,
    );
    let mut c = add_columns(prep, &mut sp, hub, parts_on);
    let mut t = flow_terms(prep, &c);
    let hub_rows = add_flow_rows(prep, &mut sp, &mut c, &mut t, hub, ex);
    // itinerant teaching is fixed before the plan (plan::itinerant): its travel is a constant
    t.travel.constant += prep
        .itinerant
        .iter()
        .map(|f| f.travel(scenario))
        .sum::<f64>();
    let (gap, mut cell_vars) = gap_goal(prep, &mut sp, &t.inflow, &t.outflow);
    let backbone_cols: Vec<usize> = t.backbone.iter().map(|&(c, _)| c).collect();
    let (shares, slack) = shares_goal(prep, scenario, &mut sp, &t.total, t.backbone);
    let indicators = indicator_goal(prep, &mut sp, (c.first_arc, c.first_hire), &mut cell_vars);
    let wishes = wishes_goal(prep, c.first_arc);
    let at = (c.first_arc, c.first_hire, &c.first_part[..]);
    let stability = super::stability::stability_goal(prep, &mut sp, &at.into());
    // Σ picks of a group = Σ its part columns; last, so that the rows before them are the same
    // in every build.
    let part_rows = if parts_on { t.part_ties.len() } else { 0 };
    if parts_on {
        for tie in t.part_ties {
            sp.row(0.0, 0.0, tie);
        }
    }
    sp.imply_upper_bounds();
    sp.seal();
    let hub_ub: Vec<f64> = c.hub_cols.clone().map(|j| sp.cols[j].ub).collect();

    Built {
        sp,
        cells: cell_vars,
        slack,
        goals: vec![
            t.must_serve,
            gap,
            shares,
            t.travel,
            indicators,
            wishes,
            stability.goal,
        ],
        kept: stability.kept,
        kept_cols: stability.cols,
        kept_rows: stability.rows,
        arcs: c.arcs,
        hub_cols: c.hub_cols.clone(),
        path_ub: vec![f64::INFINITY; prep.arcs.len()],
        via_hub: c.via,
        hub_rows,
        hub_ub,
        parts_on,
        part_cols: c.part_cols,
        first_part: c.first_part,
        backbone: backbone_cols,
        part_rows,
        hub: hub.then_some(Hub {
            out: c.hub_out,
            into: c.hub_in.into_iter().map(|(r, s, c)| ((r, s), c)).collect(),
        }),
    }
}

/// Columns: picks, arcs, hires option by option, the hub columns and the part columns (the
/// gap slots and the two share slacks follow, with their goals).
fn add_columns(prep: &Prepared, sp: &mut Sparse, hub: bool, parts_on: bool) -> Columns {
    let mut post_total: BTreeMap<&str, u32> = Default::default();
    for ((_, subject), &n) in &prep.posts {
        // (saturating: open posts derived from absurd loads may not fit in a u32 sum)
        let total = post_total.entry(subject.as_str()).or_default();
        *total = total.saturating_add(n);
    }
    for p in &prep.picks {
        let subject = prep.pools[p.pool].subject.as_str();
        let ub = post_total[subject].min(prep.groups[p.group].members.len() as u32);
        sp.col(0.0, ub as f64, true);
    }
    let first_arc = sp.cols.len();
    let mut posts_at = vec![0u32; prep.release_cap.len()];
    for (&(r, _), &n) in &prep.posts {
        posts_at[r] = posts_at[r].saturating_add(n);
    }
    // Posts reached through a hub (see `Hub`): every post but those at a school with a pool of
    // the same subject (no teacher moves within a school). Where housing can bind, hub arrivals
    // count as needing a bed and the arcs from pools within commuting distance stay.
    let beds_bind = |r: usize| prep.beds[r].is_some_and(|beds| beds < posts_at[r]);
    // (only rotation pools: an exchange pool feeds the exchange hub of its subject, never the
    // hub of the rotation posts, so it cannot meet a post of its own school there)
    let pool_at: BTreeSet<(usize, &str)> = prep
        .pools
        .iter()
        .filter(|q| !q.exchange)
        .map(|q| (q.school, q.subject.as_str()))
        .collect();
    // A post no arc reaches (no pool of its subject may go there) gets no hub column either:
    // its cell then has no inflow in either build, and both builds have the same columns.
    let mut reached = vec![false; prep.posts.len()];
    for arc in &prep.arcs {
        reached[arc.post()] = true;
    }
    let post_via: Vec<bool> = (prep.posts.keys().zip(&reached))
        // (an exchange post keeps its arcs: they reach only the nearest pools, which a hub
        // would not know)
        .map(|((r, s), &reached)| {
            hub && reached && !pool_at.contains(&(*r, s.as_str())) && !prep.staffing.exchange_to[*r]
        })
        .collect();
    let post_open: Vec<u32> = prep.posts.values().copied().collect();
    // a pinned arc (a lock, a kept decision) stays an arc of its own
    let mut pinned = vec![false; prep.arcs.len()];
    for &(a, _) in &prep.commitments.arc_min {
        pinned[a] = true;
    }
    let mut via = Vec::with_capacity(prep.arcs.len());
    for (a, arc) in prep.arcs.iter().enumerate() {
        // (a wish pool's arcs are its own: the wishes goal prices each)
        let wish = prep.pools[arc.pool()].wish_of.is_some();
        let through =
            !pinned[a] && !wish && post_via[arc.post()] && (arc.needs_bed || !beds_bind(arc.to()));
        let ub = if through { 0 } else { post_open[arc.post()] };
        via.push(through);
        sp.col(0.0, ub as f64, true);
    }
    let arcs = first_arc..sp.cols.len();
    let first_hire = sp.cols.len();
    for o in &prep.hires {
        for _ in &o.schools {
            sp.col(0.0, o.count as f64, true);
        }
    }
    // Hub columns: per pool, teachers sent through its subject's hub; per post, teachers
    // arriving through it. They exist in both builds (fixed at 0 without the hub) so that both
    // have the same columns.
    let first_hub = sp.cols.len();
    let mut hub_out = Vec::new();
    for (q, pool) in prep.pools.iter().enumerate() {
        let ub = if hub && pool.wish_of.is_none() {
            post_total[pool.subject.as_str()]
        } else {
            0
        };
        hub_out.push((q, sp.col(0.0, ub as f64, true)));
    }
    let mut hub_in = Vec::new();
    for (k, (&(r, ref subject), &n)) in prep.posts.iter().enumerate() {
        let ub = if post_via[k] { n } else { 0 };
        hub_in.push((r, subject.clone(), sp.col(0.0, ub as f64, true)));
    }
    let hub_cols = first_hub..sp.cols.len();
    // Part columns, for groups of more than one part.
    let first_part_col = sp.cols.len();
    let mut first_part = Vec::with_capacity(prep.groups.len());
    for g in &prep.groups {
        if g.parts.len() < 2 {
            first_part.push(None);
            continue;
        }
        first_part.push(Some(sp.cols.len()));
        for part in &g.parts {
            let ub = if parts_on { part.members.len() } else { 0 };
            sp.col(0.0, ub as f64, true);
        }
    }
    let part_cols = first_part_col..sp.cols.len();
    Columns {
        post_index: posts::post_index(prep),
        first_arc,
        arcs,
        first_hire,
        via,
        hub_out,
        hub_in,
        hub_cols,
        first_part,
        part_cols,
        post_open,
        posts_at,
    }
}

/// The terms each pick, part column and arc puts in the flow rows and in the must-serve and
/// travel goals.
fn flow_terms(prep: &Prepared, c: &Columns) -> FlowTerms {
    let n_schools = prep.release_cap.len();
    let ms_total: usize = prep
        .groups
        .iter()
        .filter(|g| g.must_serve)
        .map(|g| g.members.len())
        .sum();
    let mut t = FlowTerms {
        group_out: vec![Vec::new(); prep.groups.len()],
        school_out: vec![Vec::new(); n_schools],
        beds_in: vec![Vec::new(); n_schools],
        post_in: vec![Vec::new(); c.post_open.len()],
        pool_balance: vec![Vec::new(); prep.pools.len()],
        inflow: vec![Vec::new(); prep.cells.len()],
        outflow: vec![Vec::new(); prep.cells.len()],
        head: vec![Vec::new(); n_schools],
        hires_at: vec![Vec::new(); n_schools],
        total: Vec::new(),
        backbone: Vec::new(),
        part_ties: Vec::new(),
        must_serve: GoalExpr::new(Goal::MustServe, ms_total as f64, 1.0),
        travel: GoalExpr::new(Goal::Travel, 0.0, TRAVEL_STEP),
    };
    for (p, pick) in prep.picks.iter().enumerate() {
        let g = &prep.groups[pick.group];
        t.group_out[pick.group].push((p, 1.0));
        t.school_out[g.school].push((p, 1.0));
        t.pool_balance[pick.pool].push((p, 1.0));
        if let Some(&cell) = prep.cell_index.get(&(g.school, g.main_subject.clone())) {
            t.outflow[cell].push(p);
        }
        if !prep.fixed_posts {
            t.head[g.school].push((p, -1.0));
        }
        if g.exchange {
            // an exchange teacher's post at home may be filled by a rotated teacher of the
            // subject (the two swap classes, 对口交流)
            if let Some(post) = c_post(c, g.school, &g.main_subject).filter(|_| !prep.fixed_posts) {
                t.post_in[post].push((p, -1.0));
            }
            continue; // exchanges count for no share and carry no not-due penalty
        }
        t.total.push((p, 1.0));
        if g.must_serve {
            t.must_serve.add(-1.0, p);
        }
        // A group of one part: its picks carry the part's flags.
        if let [part] = g.parts.as_slice() {
            if part.backbone {
                t.backbone.push((p, 1.0));
            }
            if part.cost > 0.0 {
                t.travel.add(travel_cost(part.cost), p);
            }
        }
    }
    // Otherwise the part columns do: teachers of each part who leave.
    for (g, group) in prep.groups.iter().enumerate() {
        let Some(first) = c.first_part[g] else {
            continue;
        };
        let mut tie = t.group_out[g].clone();
        for (k, part) in group.parts.iter().enumerate() {
            let col = first + k;
            tie.push((col, -1.0));
            if part.backbone {
                t.backbone.push((col, 1.0));
            }
            if part.cost > 0.0 {
                t.travel.add(travel_cost(part.cost), col);
            }
        }
        t.part_ties.push(tie);
    }
    for (a, arc) in prep.arcs.iter().enumerate() {
        if c.via[a] {
            // reached through the hub: its column is fixed at 0 in this build, and leaving it
            // out of every row keeps the hub build small (most of a large county's arcs)
            continue;
        }
        let col = c.first_arc + a;
        t.pool_balance[arc.pool()].push((col, -1.0));
        if arc.needs_bed {
            t.beds_in[arc.to()].push((col, 1.0));
        }
        t.post_in[arc.post()].push((col, 1.0));
        if let Some(cell) = arc.cell() {
            t.inflow[cell].push(col);
        }
        t.head[arc.to()].push((col, 1.0));
        t.travel.add(travel_cost(arc.cost), col);
    }
    t
}

/// The rows of the flows: hub balances, pool balances, hire batches, the what-if rows, then
/// per group, school, housing and post. Rows that cannot bind are left out (a smaller basis for
/// the simplex). Returns the number of hub balance rows (they come first).
fn add_flow_rows(
    prep: &Prepared,
    sp: &mut Sparse,
    c: &mut Columns,
    t: &mut FlowTerms,
    hub: bool,
    ex: &ExchangeSchools,
) -> usize {
    if hub {
        // one hub per subject and kind: exchange pools fill only exchange posts
        let mut balance: BTreeMap<(&str, bool), Terms> = Default::default();
        for &(q, col) in &c.hub_out {
            t.pool_balance[q].push((col, -1.0));
            balance
                .entry((prep.pools[q].subject.as_str(), prep.pools[q].exchange))
                .or_default()
                .push((col, 1.0));
        }
        for (k, (r, subject, col)) in c.hub_in.iter().enumerate() {
            if sp.cols[*col].ub > 0.0 {
                balance
                    .entry((subject.as_str(), prep.staffing.exchange_to[*r]))
                    .or_default()
                    .push((*col, -1.0));
                t.post_in[k].push((*col, 1.0));
                if let Some(&cell) = prep.cell_index.get(&(*r, subject.clone())) {
                    t.inflow[cell].push(*col);
                }
                t.head[*r].push((*col, 1.0));
                if c.beds_bind(prep, *r) {
                    t.beds_in[*r].push((*col, 1.0));
                }
            }
        }
        for terms in balance.into_values() {
            sp.row(0.0, 0.0, terms);
        }
    }
    let hub_rows = sp.rows.len();
    for terms in std::mem::take(&mut t.pool_balance) {
        sp.row(0.0, 0.0, terms);
    }
    let mut col = c.first_hire;
    for (o, opt) in prep.hires.iter().enumerate() {
        let mut placed = Vec::new();
        for (k, &(school, cost)) in opt.schools.iter().enumerate() {
            placed.push((col, 1.0));
            // a hire left unplaced costs nothing; one placed costs a step, so that hires go
            // only where they close a gap
            t.travel.add(travel_cost(cost + super::TRAVEL_STEP), col);
            if let Some(&cell) = prep.cell_index.get(&(school, opt.subject.clone())) {
                t.inflow[cell].push(col);
            }
            t.head[school].push((col, 1.0));
            t.hires_at[school].push((col, 1.0));
            let open = opt.open.get(k).copied().unwrap_or(0);
            let hire = &mut sp.cols[col];
            hire.ub = hire.ub.min(open as f64).max(hire.lb);
            if let Some(post) = c_post(c, school, &opt.subject) {
                t.post_in[post].push((col, 1.0));
            }
            col += 1;
        }
        if !prep.commitments.in_budget(o) {
            sp.row(f64::NEG_INFINITY, opt.count as f64, placed);
        }
    }
    commitment_rows(prep, sp, c.first_arc, c.first_hire);
    exchange::limit_rows(sp, ex, &t.group_out, &t.post_in);
    // Left out: a group with one pick (its column bound already says it), a school whose
    // eligible teachers are all within its release cap, a school with more beds than open
    // posts.
    for (g, terms) in std::mem::take(&mut t.group_out).into_iter().enumerate() {
        if terms.len() > 1 {
            sp.row(
                f64::NEG_INFINITY,
                prep.groups[g].members.len() as f64,
                terms,
            );
        }
    }
    let mut eligible_at = vec![0usize; prep.release_cap.len()];
    for g in &prep.groups {
        eligible_at[g.school] += g.members.len();
    }
    for (s, terms) in std::mem::take(&mut t.school_out).into_iter().enumerate() {
        if eligible_at[s] > prep.release_cap[s] as usize {
            sp.row(f64::NEG_INFINITY, prep.release_cap[s] as f64, terms);
        }
    }
    for (r, terms) in std::mem::take(&mut t.beds_in).into_iter().enumerate() {
        if let Some(beds) = prep.beds[r].filter(|&beds| beds < c.posts_at[r]) {
            sp.row(f64::NEG_INFINITY, beds as f64, terms);
        }
    }
    posts::add_post_rows(prep, sp, c, std::mem::take(&mut t.post_in));
    // Establishment: hires within vacant posts; arrivals, hires and departures within the
    // headcount cap. Left out where they cannot bind.
    let st = &prep.staffing;
    for (r, terms) in std::mem::take(&mut t.hires_at).into_iter().enumerate() {
        let most: f64 = terms.iter().map(|&(j, _)| sp.cols[j].ub).sum();
        if most > st.vacant[r] as f64 {
            sp.row(f64::NEG_INFINITY, st.vacant[r] as f64, terms);
        }
    }
    for (r, terms) in std::mem::take(&mut t.head).into_iter().enumerate() {
        let most: f64 = terms
            .iter()
            .filter(|&&(_, k)| k > 0.0)
            .map(|&(j, _)| sp.cols[j].ub)
            .sum();
        let room = st.cap[r] as f64 - st.headcount[r] as f64;
        if most > room {
            sp.row(f64::NEG_INFINITY, room, terms);
        }
    }
    hub_rows
}

/// The wishes goal (docs/wishes.md): its costs per pick and per arc (`plan::wishes::costs`);
/// empty without applications.
fn wishes_goal(prep: &Prepared, first_arc: usize) -> GoalExpr {
    let mut e = GoalExpr::new(Goal::Wishes, 0.0, 0.0);
    if let Some(w) = &prep.wishes {
        e.constant = w.constant;
        for (p, &k) in w.picks.iter().enumerate() {
            if k != 0.0 {
                e.add(k, p);
            }
        }
        for (a, &k) in w.arcs.iter().enumerate() {
            if k != 0.0 {
                e.add(k, first_arc + a);
            }
        }
    }
    e
}

/// The rotation post (school, subject) hires of the subject share, if the school has one.
fn c_post(c: &Columns, school: usize, subject: &str) -> Option<usize> {
    c.post_index.get(&(school, subject.to_string())).copied()
}

/// Shares: shortfalls (in whole teachers) as slack so that the plan always exists.
fn shares_goal(
    prep: &Prepared,
    scenario: &Scenario,
    sp: &mut Sparse,
    total: &Terms,
    backbone: Terms,
) -> (GoalExpr, ShareSlacks) {
    let mut shares = GoalExpr::new(Goal::Shares, 0.0, 1.0);
    let v_rot = sp.col(0.0, f64::INFINITY, true);
    let v_bb = sp.col(0.0, f64::INFINITY, true);
    shares.add(1.0, v_rot);
    shares.add(1.0, v_bb);
    let mut rot = total.clone();
    rot.push((v_rot, 1.0));
    sp.row(prep.rotation_target as f64, f64::INFINITY, rot);
    let share = scenario.policy.backbone_share;
    let mut bb = backbone;
    bb.push((v_bb, 1.0));
    bb.extend(total.iter().map(|&(c, _)| (c, -share)));
    sp.row(0.0, f64::INFINITY, bb);
    let slack = ShareSlacks {
        rotation: v_rot,
        backbone: v_bb,
    };
    (shares, slack)
}

/// What `prep.commitments` asks of the model: lower bounds on pinned picks and arcs and on kept hire
/// placements; each hiring budget's options add up to its total.
fn commitment_rows(prep: &Prepared, sp: &mut Sparse, first_arc: usize, first_hire: usize) {
    let w = &prep.commitments;
    let mut hire_col = Vec::with_capacity(prep.hires.len());
    let mut next = first_hire;
    for o in &prep.hires {
        hire_col.push(next);
        next += o.schools.len();
    }
    let at_least = |sp: &mut Sparse, col: usize, n: u32| {
        let c = &mut sp.cols[col];
        c.lb = c.lb.max(n as f64);
        c.ub = c.ub.max(c.lb);
    };
    for &(p, n) in &w.pick_min {
        at_least(sp, p, n);
    }
    for &(a, n) in &w.arc_min {
        // a pinned arc stays an arc of its own, also where a hub serves the post
        let arc = &prep.arcs[a];
        let ub = prep.posts[&(arc.to(), prep.pools[arc.pool()].subject.clone())] as f64;
        sp.cols[first_arc + a].ub = ub;
        at_least(sp, first_arc + a, n);
    }
    for &(o, k, n) in &w.hire_min {
        at_least(sp, hire_col[o] + k, n);
    }
    for b in &w.budgets {
        let terms: Terms = b
            .options
            .iter()
            .flat_map(|&o| (0..prep.hires[o].schools.len()).map(move |k| (k, o)))
            .map(|(k, o)| (hire_col[o] + k, 1.0))
            .collect();
        sp.row(f64::NEG_INFINITY, b.total as f64, terms);
    }
}

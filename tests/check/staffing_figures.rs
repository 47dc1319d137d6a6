//! The new figures on the hand-computed fixture (tests/support/fixture.rs): gap_before compared
//! per school, staffing.csv, over-establishment counts and gap_by_area in summary.json, and the
//! plan.csv `kind` column.

use crate::support::fixture::*;

#[test]
fn gap_before_is_compared_per_school_not_per_subject() {
    // U1 before: 5 teachers cover 5 of 8 FTE. The fixture splits it math 1, music 2 (math
    // filled first); another split of the same 3.0 is as good.
    let mut f = Fixture::valid();
    f.gaps[7] = "U1,math,6.0000,4.0000,3.0000,3.0000,0.0000,2.0000,3.0000".into();
    f.gaps[8] = "U1,music,2.0000,1.0000,1.0000,1.0000,0.0000,1.0000,1.0000".into();
    let r = f.check();
    assert!(r.is_ok(), "{}", r.render_text());

    f.gaps[8] = "U1,music,2.0000,1.0000,1.0000,1.0000,0.0000,1.5000,1.0000".into();
    let r = f.check();
    assert!(mismatch(&r, "C-GAPS", "U1 gap_before (school total)"));
    let m = r
        .mismatches
        .iter()
        .find(|m| m.key.starts_with("U1 gap_before"))
        .unwrap();
    assert_eq!(
        (m.recomputed.as_str(), m.found.as_str()),
        ("3.0000", "3.5000")
    );
    assert_eq!(m.line, Some(8));
}

#[test]
fn covered_after_and_itinerant_columns_are_compared() {
    let mut f = Fixture::valid();
    f.gaps[3] = "R1,math,2.4000,1.0000,2.0000,1.9000,0.0000,1.4000,0.4000".into();
    let r = f.check();
    assert!(mismatch(&r, "C-GAPS", "R1/math covered_after"));
    assert_eq!(r.mismatches.len(), 1, "{}", r.render_text());
}

#[test]
fn a_school_above_its_establishment_is_counted() {
    // U1 given 4 posts: 5 before (over), 4 after A1 leaves (not over). Cap = max(4, 5) = 5.
    let mut f = Fixture::valid();
    f.loaded.county.schools[0].establishment = Some(4);
    let r = f.check();
    assert!(r.codes().is_empty(), "{}", r.render_text());
    assert_eq!(
        (
            r.recomputed.over_establishment_before,
            r.recomputed.over_establishment_after
        ),
        (1, 0)
    );
    assert!(mismatch(&r, "C-SUMMARY", "over_establishment_before"));
    assert!(mismatch(&r, "C-STAFFING", "U1 establishment"));
    assert!(mismatch(&r, "C-STAFFING", "U1 establishment_source"));
    assert!(mismatch(&r, "C-STAFFING", "U1 headcount_cap"));
    assert!(!mismatch(&r, "C-STAFFING", "U1 above_establishment"));
}

#[test]
fn staffing_rows_are_compared_cell_by_cell() {
    let mut f = Fixture::valid();
    f.staffing[2] = f.staffing[2].replace(",240.00,80.00,", ",240.00,60.00,");
    f.staffing.remove(5); // W1
    let r = f.check();
    assert!(mismatch(&r, "C-STAFFING", "R1 pupils_per_teacher_after"));
    assert!(mismatch(&r, "C-STAFFING", "W1"));
    assert_eq!(mismatch_codes(&r), ["C-STAFFING"]);
    assert_eq!(r.mismatches.len(), 2, "{}", r.render_text());
}

#[test]
fn gap_by_area_is_compared_per_area() {
    let mut f = Fixture::valid();
    f.summary["gap_by_area"]["rural"]["after"] = serde_json::json!(0.5);
    f.summary["gap_by_area"]
        .as_object_mut()
        .unwrap()
        .remove("teaching_point");
    let r = f.check();
    assert!(mismatch(&r, "C-SUMMARY", "gap_by_area.rural.after"));
    assert!(mismatch(&r, "C-SUMMARY", "gap_by_area.teaching_point"));
    assert_eq!(r.mismatches.len(), 2, "{}", r.render_text());
    let a = &r.recomputed.gap_by_area["teaching_point"];
    assert!((a.before - 3.2).abs() < 1e-9 && (a.after - 1.2).abs() < 1e-9);
}

#[test]
fn kind_column_is_read_and_an_unknown_kind_is_a_parse_error() {
    let mut f = Fixture::valid();
    f.plan[0] = format!("{PLAN_HEADER},kind");
    f.plan[1] = format!("{},rotation", f.plan[1]);
    f.plan[2] = format!("{},", f.plan[2]); // empty: a rotation
    assert!(f.check().is_ok(), "{}", f.check().render_text());

    f.plan[2] = f.plan[2].replace(
        ",must_serve:publicly_funded,",
        ",must_serve:publicly_funded,swap",
    );
    let r = f.check();
    assert_eq!(r.codes(), ["C-PARSE"]);
    assert!(violation_at(&r, "C-PARSE", "plan.csv", 3));
    assert!(
        r.violations[0].rule.contains("kind"),
        "{}",
        r.violations[0].rule
    );
}

#[test]
fn new_plan_files_are_required() {
    for file in ["coverage.csv", "itinerant.csv", "staffing.csv"] {
        let mut f = Fixture::valid();
        f.skip = vec![file];
        let r = f.check();
        assert_eq!(r.codes(), ["C-FILE"], "{file}");
        assert_eq!(r.violations[0].rows[0].file, file);
    }
}

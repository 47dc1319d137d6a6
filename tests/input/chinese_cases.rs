//! Broken copies of the good fixture (tests/fixtures/good/basic) for chinese.rs: each reaches
//! a reader of the input layer and must report the codes listed.

use std::path::PathBuf;

/// A change to a copy of the good fixture.
pub enum Edit {
    /// Appends text to a file.
    Append(&'static str, &'static str),
    /// Replaces text in a file (it must be there).
    Replace(&'static str, &'static str, &'static str),
    /// Writes a file.
    Write(&'static str, &'static [u8]),
}

/// A broken county: its name, the codes it must report, and its changes.
pub type Case = (&'static str, &'static [&'static str], &'static [Edit]);

const DATA: &str = "pairs = \"pairs.csv\"";

pub const CASES: &[Case] = &[
    (
        "service ledger",
        &[
            "E-SERVICE-DATES",
            "W-DUP-SERVICE",
            "E-VALUE-KIND",
            "E-SERVICE-TERM-SCHOOL",
            "E-SERVICE-TERM-HOME",
            "E-SERVICE-TERM-TWICE",
        ],
        &[
            Edit::Replace("scenario.toml", DATA, "pairs = \"pairs.csv\"\nservice = \"service.csv\""),
            Edit::Write(
                "service.csv",
                "teacher_id,school_id,home_school_id,kind,start_date,end_date,rural_months_credited\n\
                 T004,S03,,rotation,2020-09-01,2019-08-31,0\n\
                 T004,S04,,support,2018-09-01,2019-08-31,12\n\
                 T004,S04,,support,2018-09-01,2019-08-31,12\n\
                 T005,S03,,holiday,2018-09-01,2019-08-31,0\n\
                 T001,S09,,rotation,2025-09-01,2027-08-31,0\n\
                 T002,S03,S02,rotation,2025-09-01,2027-08-31,0\n\
                 T003,S03,,rotation,2025-09-01,2027-08-31,0\n\
                 T003,S04,,exchange,2025-10-01,2027-08-31,0\n"
                    .as_bytes(),
            ),
        ],
    ),
    (
        "service ledger disagrees with the roster",
        &["E-SERVICE-MONTHS", "E-SERVICE-TERM-END", "E-SERVICE-SINCE"],
        &[
            Edit::Replace("scenario.toml", DATA, "pairs = \"pairs.csv\"\nservice = \"service.csv\""),
            Edit::Replace(
                "teachers.csv",
                "rural_service_months,senior_title_target_year",
                "rural_service_months,last_term_end,senior_title_target_year",
            ),
            Edit::Replace("teachers.csv", "2015-09-01,0,2027", "2015-09-01,0,2020-08-31,2027"),
            Edit::Replace("teachers.csv", ",12,,,本科,regular", ",12,,,,本科,regular"),
            Edit::Replace("teachers.csv", ",24,,,本科,", ",24,,,,本科,"),
            Edit::Replace("teachers.csv", ",60,,,本科,特岗", ",60,,,,本科,特岗"),
            Edit::Replace("teachers.csv", ",36,,,专科,tegang", ",36,,,,专科,tegang"),
            Edit::Replace("teachers.csv", ",0,,孕期,硕士,", ",0,,,孕期,硕士,"),
            Edit::Replace("teachers.csv", ",0,,,专科,\n", ",0,,,,专科,\n"),
            Edit::Write(
                "service.csv",
                "teacher_id,school_id,kind,start_date,end_date,rural_months_credited\n\
                 T001,S03,rotation,2016-09-01,2019-08-31,36\n"
                    .as_bytes(),
            ),
        ],
    ),
    (
        "locks",
        &["E-LOCK-REF", "E-LOCK-CONFLICT", "E-VALUE-EMPTY", "E-LOCK-KIND"],
        &[
            Edit::Replace("scenario.toml", DATA, "pairs = \"pairs.csv\"\nlocks = \"locks.csv\""),
            Edit::Write(
                "locks.csv",
                "kind,teacher_id,school_id\n\
                 goes_to,T001,S09\n\
                 stays,T999,\n\
                 stays,T002,\n\
                 goes_to,T002,S03\n\
                 goes_to,T003,\n\
                 maybe,T004,S03\n"
                    .as_bytes(),
            ),
        ],
    ),
    (
        "locks against the rules",
        &["E-LOCK-RULE"],
        &[
            Edit::Replace("scenario.toml", DATA, "pairs = \"pairs.csv\"\nlocks = \"locks.csv\""),
            Edit::Write(
                "locks.csv",
                "kind,teacher_id,school_id,subject\n\
                 goes_to,T001,S01,\n\
                 goes_to,T006,S03,\n\
                 goes_to,T002,S02,\n\
                 goes_to,T007,S04,物理\n"
                    .as_bytes(),
            ),
        ],
    ),
    (
        "patches",
        &["E-PATCH-OP", "E-PATCH-KEY", "E-PATCH-VALUE", "E-PATCH-REF"],
        &[Edit::Append(
            "scenario.toml",
            "\n[[patch]]\nop = \"bogus\"\n\
             [[patch]]\nop = \"close_school\"\nschool = \"S01\"\nmove_to = \"S01\"\n\
             [[patch]]\nop = \"defer_teacher\"\nteacher = \"T999\"\nreason = \"tired\"\n\
             [[patch]]\nop = \"add_hires\"\nsubject = \"书法\"\ncount = -1\nprogramme = \"x\"\nareas = \"rural\"\n\
             [[patch]]\nop = \"set_hires\"\nsubject = 3\nprogramme = \"tegang\"\nareas = [\"village\"]\n\
             [[patch]]\nop = \"set_school\"\nschool = \"S09\"\nweak = \"yes\"\ncolour = 1\n\
             [[patch]]\nop = \"set_school\"\nschool = \"S01\"\nremote = \"no\"\nhousing_beds = 2.5\n\
             [[patch]]\nschool = \"S01\"\n",
        )],
    ),
    (
        "hiring budget",
        &["E-HIRES-BUDGET"],
        &[Edit::Append(
            "scenario.toml",
            "\n[hires]\ntotal = 3\nsubjects = [\"书法\"]\nprogramme = \"x\"\nareas = [\"village\"]\nfoo = 1\n",
        )],
    ),
    (
        "hiring budget without total",
        &["E-HIRES-BUDGET"],
        &[Edit::Append("scenario.toml", "\n[hires]\nsubjects = \"music\"\n")],
    ),
    (
        "hiring budget of the wrong type",
        &["E-HIRES-BUDGET"],
        &[Edit::Append("scenario.toml", "\n[hires]\ntotal = \"x\"\nareas = 3\n")],
    ),
    (
        "variant keys of the wrong type",
        &["E-VARIANT-EXTENDS", "E-PATCH-KEY", "E-HIRES-BUDGET", "E-TOML-VALUE"],
        &[Edit::Replace(
            "scenario.toml",
            "name = ",
            "extends = 3\npatch = 3\nhires = 3\nname = ",
        ), Edit::Replace("scenario.toml", DATA, "pairs = \"pairs.csv\"\nlocks = 3")],
    ),
    (
        "variant of a missing base",
        &["E-VARIANT-EXTENDS"],
        &[Edit::Replace("scenario.toml", "name = ", "extends = \"../nope/scenario.toml\"\nname = ")],
    ),
    (
        "variant with a wrong value",
        &["E-TOML-VALUE", "E-PATCH-KEY"],
        &[
            Edit::Replace("scenario.toml", "plan_year = 2026", "plan_year = \"2026\"\npatch = [1]"),
        ],
    ),
    (
        "applications",
        &[
            "E-APP-TEACHER",
            "E-APP-DUPLICATE",
            "E-VALUE-BOOL",
            "E-APP-ORDER",
            "E-APP-TOO-MANY",
            "E-APP-WISH",
            "W-APP-NOT-ELIGIBLE",
        ],
        &[
            Edit::Replace(
                "scenario.toml",
                DATA,
                "pairs = \"pairs.csv\"\napplications = \"applications.csv\"",
            ),
            Edit::Append("scenario.toml", "\n[applications]\nmax_wishes = 2\n"),
            Edit::Write(
                "applications.csv",
                "teacher_id,volunteer,wish1,wish2,wish3\n\
                 T999,,S03,,\n\
                 T001,maybe,,S03,\n\
                 T001,,S03,S04,S04\n\
                 T002,,火星,,\n\
                 T003,,S03,,\n"
                    .as_bytes(),
            ),
        ],
    ),
    (
        "policy and staffing tables out of range",
        &[
            "E-POLICY-SHARE",
            "E-POLICY-RANGE",
            "E-POLICY-AREAS",
            "E-POLICY-AHEAD",
            "E-POLICY-SOLVER",
            "E-POLICY-WEIGHT",
            "E-POLICY-LOAD",
        ],
        &[
            Edit::Replace(
                "scenario.toml",
                "exempt_schools = [\"S02\"]",
                "exempt_schools = [\"S02\"]\nrotation_share = 2\nyears_in_school_trigger = 0\n\
                 rural_service_areas = []\nsending_areas = []\nserve_ahead = [\"T999\"]",
            ),
            Edit::Append(
                "scenario.toml",
                "\n[solver]\ntime_limit_seconds = 0\nmip_rel_gap = 2\nstage_tolerance = 2\nthreads = 0\n\
                 [weights]\nrural = -1\n[curriculum]\nprimary_load = 1e-9\n\
                 [establishment]\nprimary_ratio = 0\njunior_ratio = 1e9\nallowance = 5000\n\
                 [establishment.per_class]\nrural = 100\n\
                 [itinerant]\nmax_schools = 0\nkm = -1\n\
                 [exchange]\nnearest = 0\n\
                 [coverage]\ngeneral_subjects = [\"书法\"]\n\
                 [leaders]\nterm_years = 0\nweak_quality = 200\n\
                 [applications]\nmax_wishes = 9\nrank = 10\nunwished = 0\npoints_backbone = -1\n",
            ),
        ],
    ),
    (
        "more solver threads than plausible",
        &["E-POLICY-SOLVER", "E-POLICY-YEAR"],
        &[
            Edit::Replace("scenario.toml", "plan_year = 2026", "plan_year = 1900"),
            Edit::Append("scenario.toml", "\n[solver]\nthreads = 1000\ntime_limit_seconds = 1e9\n"),
        ],
    ),
    (
        "subjects",
        &["E-POLICY-SUBJECTS", "E-POLICY-PERIODS"],
        &[Edit::Append(
            "scenario.toml",
            "\n[subjects.music]\nzh = \"\"\nprimary_periods = 99\n\
             [subjects.art]\nzh = \"美术\"\naliases = [\"music\"]\n",
        )],
    ),
    (
        "TOML keys and values",
        &["E-TOML-UNKNOWN-KEY", "E-TOML-VALUE"],
        &[
            Edit::Replace(
                "scenario.toml",
                "exempt_schools = [\"S02\"]",
                "exempt_schools = [\"S02\"]\nrotation_shar = 1\ncommute_km = \"十五\"\n\
                 term_months = -3\nsending_areas = [\"village\"]",
            ),
            Edit::Append("scenario.toml", "\n[leaders]\nrotate = [\"boss\"]\n"),
        ],
    ),
    (
        "TOML data file entry",
        &["E-TOML-VALUE"],
        &[Edit::Replace("scenario.toml", DATA, "pairs = 3")],
    ),
    (
        "TOML syntax",
        &["E-TOML-SYNTAX"],
        &[Edit::Append("scenario.toml", "\ncommute_km = = 3\n")],
    ),
    (
        "scenario not UTF-8",
        &["E-ENCODING"],
        &[Edit::Write("scenario.toml", b"name = \"\xff\xfe\"\n")],
    ),
    (
        "data files: kinds, encodings, widths, control characters",
        &[
            "E-FILE-KIND",
            "E-ENCODING",
            "E-FILE-BINARY",
            "W-ROW-WIDTH",
            "E-VALUE-CONTROL",
            "W-COL-MAPPING-UNUSED",
            "E-COL-MAPPING",
        ],
        &[
            Edit::Replace(
                "scenario.toml",
                "needs = \"needs.csv\"\nhires = \"hires.csv\"\npairs = \"pairs.csv\"",
                "needs = \"folder.csv\"\nhires = \"utf16.csv\"\npairs = \"zip.csv\"\n\
                 service = \"nul.csv\"\n\
                 [data.schools]\npath = \"schools.csv\"\ncolumns = { \"学校\" = \"school_id\", \"x\" = \"nope\" }",
            ),
            Edit::Replace("scenario.toml", "schools = \"schools.csv\"\n", ""),
            Edit::Write("folder.csv/keep", b""),
            Edit::Write("utf16.csv", b"\xff\xfes\x00u\x00b\x00"),
            Edit::Write("zip.csv", b"PK\x03\x04\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"),
            Edit::Write("nul.csv", &[0u8; 64]),
            Edit::Append("teachers.csv", "T008,孙\u{1b}丽,女,1990-01-01,S01,语文,,,,,,,,,,,extra\n"),
        ],
    ),
    (
        "an encoding that is not known",
        &["E-ENCODING-NAME"],
        &[
            Edit::Replace(
                "scenario.toml",
                DATA,
                "pairs = \"pairs.csv\"\napplications = { path = \"apps.csv\", encoding = \"latin1\" }",
            ),
            Edit::Write("apps.csv", b"teacher_id\nT001\n"),
        ],
    ),
    (
        "schools",
        &[
            "W-SCHOOL-EMPTY",
            "W-SCHOOL-CLASSES",
            "W-CLASSES-SPLIT",
            "E-VALUE-NUMBER",
            "E-COORD-PAIR",
            "W-SCHOOL-NO-TEACHERS",
            "E-POLICY-EXEMPT",
        ],
        &[
            Edit::Replace("schools.csv", "housing_beds,lat,lon,township", "housing_beds,lat,lon,township,establishment"),
            Edit::Replace("schools.csv", "S01,城关一小,urban,primary,1200,24,,,", "S01,城关一小,urban,primary,1200,0,12,,"),
            Edit::Replace("schools.csv", "28.45,115.70,石桥乡", ",115.70,石桥乡,十二"),
            Edit::Append("schools.csv", "S05,空校,rural,primary,0,0,,,,,,,,,\n"),
            Edit::Replace("scenario.toml", "exempt_schools = [\"S02\"]", "exempt_schools = [\"S02\", \"S09\"]"),
        ],
    ),
    (
        "school positions of two kinds",
        &["E-COORD-MIXED", "W-COORD-BOTH", "E-CLASSES-SPLIT"],
        &[
            Edit::Replace("schools.csv", "lat,lon,township", "lat,lon,township,x_km,y_km"),
            Edit::Replace("schools.csv", "S03,河口乡中心学校,rural,nine_year,300,9,6,3", "S03,河口乡中心学校,rural,nine_year,300,9,6,4"),
            Edit::Replace("schools.csv", "28.45,115.70,石桥乡", ",,石桥乡,3,4"),
            Edit::Replace("schools.csv", "28.60,115.90,城关镇", "28.60,115.90,城关镇,1,1"),
        ],
    ),
    (
        "teachers",
        &[
            "E-LEADER-PRINCIPALS",
            "E-DATE-POST-SINCE",
            "W-DATE-ORDER",
            "W-AGE",
            "E-DATE-FUTURE",
            "E-DATE-ORDER",
        ],
        &[
            Edit::Replace("teachers.csv", "education,programme", "education,programme,post,post_since"),
            Edit::Replace("teachers.csv", ",本科,\n", ",本科,,校长,2030-01-01\n"),
            Edit::Replace("teachers.csv", ",本科,regular", ",本科,regular,校长,2020-01-01"),
            Edit::Replace("teachers.csv", "2012-08-01,2012-08-01", "2012-08-01,2011-08-01"),
            Edit::Replace("teachers.csv", "1960-02-01", "1950-02-01"),
            Edit::Replace("teachers.csv", "1998-07-01", "2027-07-01"),
            Edit::Replace("teachers.csv", "1988-10-10,S02,英语,,中级,,2010-09-01,2016-09-01", "1988-10-10,S02,英语,,中级,,2010-09-01,1980-09-01"),
        ],
    ),
    (
        "needs, hires and pairs",
        &["E-DUP-NEED", "W-DUP-PAIR", "W-PAIR-AREA", "E-PAIR-SELF", "E-VALUE-AREA"],
        &[
            Edit::Append("needs.csv", "S04,音乐,1\n"),
            Edit::Append("pairs.csv", "S01,S03\nS03,S01\nS04,S04\n"),
            Edit::Append("hires.csv", "math,1,,village\n"),
        ],
    ),
    (
        "optional file without rows",
        &["W-FILE-EMPTY", "E-FILE-EMPTY"],
        &[
            Edit::Write("needs.csv", b"school_id,subject,need_fte\n"),
            Edit::Write("teachers.csv", b"\n"),
        ],
    ),
];

/// A copy of the good fixture with `edits` made, in a temporary folder.
pub fn build(edits: &[Edit]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/basic"),
    )
    .unwrap()
    {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    for edit in edits {
        match edit {
            Edit::Append(file, text) => {
                let path = dir.path().join(file);
                let mut old = std::fs::read_to_string(&path).unwrap();
                old.push_str(text);
                std::fs::write(path, old).unwrap();
            }
            Edit::Replace(file, from, to) => {
                let path = dir.path().join(file);
                let old = std::fs::read_to_string(&path).unwrap();
                assert!(old.contains(from), "{file} has no {from:?}");
                std::fs::write(path, old.replacen(from, to, 1)).unwrap();
            }
            Edit::Write(file, bytes) => {
                let path = dir.path().join(file);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, bytes).unwrap();
            }
        }
    }
    dir
}

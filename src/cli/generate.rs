//! `rotaplan generate`: a realistic synthetic county, or a province of counties.

use super::{fail, Exit, Printer};
use std::path::PathBuf;

pub const HELP: &str = "Examples:\n  rotaplan generate --teachers 10000 --schools 200 --seed 7 --out gen/county\n  \
rotaplan generate --teachers 8000 --schools 150 --counties 100 --out gen/province\n\n\
Same seed, same files. With --counties K, each county goes to DIR/county-001 … and differs by its index.\n\
The calibration is described in docs/generator.md.";

#[derive(clap::Args)]
pub struct Args {
    /// Teachers per county.
    #[arg(long, default_value_t = 2000)]
    teachers: u32,
    /// Schools and teaching points per county.
    #[arg(long, default_value_t = 60)]
    schools: u32,
    /// Seed of the random numbers: the same seed gives the same files.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Number of counties (a province); each is written to its own folder.
    #[arg(long, default_value_t = 1)]
    counties: u32,
    /// Calendar year in which the planned academic year starts.
    #[arg(long, default_value_t = 2026)]
    plan_year: i32,
    /// Teaching points as a percentage of the schools (0–90; default: a quarter).
    #[arg(long, value_name = "PERCENT")]
    teaching_points: Option<u32>,
    /// Chinese headers and values, GBK teachers.csv and schools.xlsx, as a bureau's export.
    #[arg(long)]
    chinese: bool,
    /// Principals, vice principals and middle managers in the roster (post, post_since), for
    /// leader rotation (docs/leaders.md).
    #[arg(long)]
    leaders: bool,
    /// Teachers' applications and wishes (applications.csv: about a third of the teachers
    /// eligible to rotate, most of them volunteers), for the wishes goal (docs/wishes.md).
    #[arg(long)]
    applications: bool,
    /// The folder to write the scenario into (new or empty).
    #[arg(long)]
    out: PathBuf,
}

pub fn run(a: Args, out: &mut Printer) -> Exit {
    use rotaplan::generate::{generate_counties, Flavor, GenerateParams};
    let flavor = if a.chinese {
        Flavor::Chinese
    } else {
        Flavor::English
    };
    let params = GenerateParams {
        plan_year: a.plan_year,
        teaching_point_percent: a.teaching_points,
        leaders: a.leaders,
        applications: a.applications,
        ..GenerateParams::new(a.teachers, a.schools, a.seed)
    };
    // Bounds and every target folder are checked before anything is written.
    if let Err(e) = generate_counties(&params, a.counties, &a.out, flavor) {
        let code = if e.is_bad_input() {
            Exit::BadInput
        } else {
            Exit::Failure
        };
        return fail(&format!("generate: {e}"), code);
    }
    out.line(format!(
        "wrote {} county scenario(s) of {} teachers in {} schools to {}",
        a.counties,
        a.teachers,
        a.schools,
        a.out.display()
    ));
    Exit::Success
}

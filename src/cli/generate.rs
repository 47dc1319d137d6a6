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
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Number of counties (a province); each is written to its own folder.
    #[arg(long, default_value_t = 1)]
    counties: u32,
    /// Calendar year in which the planned academic year starts.
    #[arg(long, default_value_t = 2026)]
    plan_year: i32,
    /// Chinese headers and values, GBK teachers.csv and schools.xlsx, as a bureau's export.
    #[arg(long)]
    chinese: bool,
    #[arg(long)]
    out: PathBuf,
}

pub fn run(a: Args, out: &mut Printer) -> Exit {
    use rotaplan::generate::{generate_to_dir, Flavor, GenerateParams};
    if a.teachers == 0 || a.schools == 0 || a.counties == 0 {
        return fail(
            &"--teachers, --schools and --counties must be at least 1 · 教师、学校、县的数量至少为 1",
            Exit::BadInput,
        );
    }
    let flavor = if a.chinese {
        Flavor::Chinese
    } else {
        Flavor::English
    };
    let base = GenerateParams {
        plan_year: a.plan_year,
        ..GenerateParams::new(a.teachers, a.schools, a.seed)
    };
    for i in 0..a.counties {
        let (params, dir) = if a.counties == 1 {
            (base.clone(), a.out.clone())
        } else {
            (
                base.for_county(i),
                a.out.join(format!("county-{:03}", i + 1)),
            )
        };
        // MERGE: the generator's typed parameter and folder errors map to exit 2 here.
        if let Err(e) = generate_to_dir(&params, &dir, flavor) {
            return fail(
                &format!("cannot write {} · 无法写入: {e}", dir.display()),
                Exit::Failure,
            );
        }
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

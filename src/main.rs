//! The `rotaplan` command line: a thin layer over the library (see src/cli/).
//!
//! Exit codes (src/cli/exit.rs): 0 success; 1 the plan breaks a rule (check) or a rule could not
//! be met (plan); 2 bad input (every problem listed); 3 the solver or the file system failed.

/// Many small allocations (rows, cells, strings); mimalloc serves them faster than the system
/// allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}

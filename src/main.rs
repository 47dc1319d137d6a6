//! The `rotaplan` command line: a thin layer over the library (see src/cli/).
//!
//! Exit codes (src/cli/exit.rs): 0 success; 1 the plan breaks a rule (check) or a rule could not
//! be met (plan); 2 bad input (every problem listed); 3 the solver or the file system failed.

/// Many small allocations (rows, cells, strings); mimalloc serves them faster than the system
/// allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli;

// mimalloc's own option setter (linked in with the allocator).
extern "C" {
    fn mi_option_set_default(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in mimalloc 3's option enum (mimalloc.h).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// Milliseconds before mimalloc gives freed memory back to the system. mimalloc 3 waits
/// 1,000 ms, and a plan frees and allocates whole models within a second (the hub build, then
/// the arc build; the solver's models stage after stage), so the memory of each stayed
/// resident beside the next. At 100 ms a plan of 50,000 teachers in 600 schools peaks about
/// 130 MiB lower with the same wall time; at 10 ms (mimalloc 2's default) the county with
/// applications, whose neighbourhood MIPs allocate and free model after model, took 7% longer
/// (docs/performance.md).
const PURGE_DELAY_MS: std::ffi::c_long = 100;

fn main() -> std::process::ExitCode {
    // SAFETY: sets an option's default, read when mimalloc first purges (MIMALLOC_PURGE_DELAY
    // set in the environment still wins); the function takes plain integers.
    unsafe { mi_option_set_default(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    no_transparent_huge_pages();
    cli::run()
}

/// Transparent huge pages off for this process, as mimalloc's `allow_thp = 0` does (that
/// option is read when the allocator starts, before `main`, so it cannot be set here; the
/// environment variable `MIMALLOC_ALLOW_THP` does not turn them back on). A huge page is
/// zeroed whole, 2 MiB, on its first touch, and a plan touches fresh memory model after model:
/// with them off, 50,000 teachers in 600 schools spent 0.77 s in the kernel instead of 1.18 s
/// and peaked at 438 MiB instead of 478 MiB, wall 4% less; the 10,000-teacher counties within
/// the noise (docs/performance.md).
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments and changes only this process's
    // memory policy; a kernel without it returns an error, which changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

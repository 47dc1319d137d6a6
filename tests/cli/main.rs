//! The command line as a user runs it: exit codes, printed output and files written.

#[path = "../support/mod.rs"]
mod support;

mod architecture;
mod commands;
mod compare_lang;
mod regress_check_unreadable;
mod regress_flags;
mod regress_stdout;
mod regress_whatif;
mod whatif;

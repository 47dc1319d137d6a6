//! `rotaplan serve`: the local web workbench (docs/workbench.md).

use super::{fail, Exit, Printer};
use rotaplan::serve::{ServeOptions, Workbench};
use std::net::SocketAddr;
use std::path::PathBuf;

pub const HELP: &str = "Example:\n  rotaplan serve                       # http://127.0.0.1:8080/, folder ./rotaplan-workbench\n  \
rotaplan serve --dir D:/交流工作台 --bind 127.0.0.1:9000\n  \
rotaplan serve --bind 0.0.0.0:8080 --password-file pw.txt   # reachable from the office network\n\n\
Every scenario and plan is a folder in --dir, in the command line's formats. Listening on an\n\
address other than 127.0.0.1 needs a password (HTTP Basic; any user name).";

#[derive(clap::Args)]
pub struct Args {
    /// The workbench folder: scenarios/ and plans/ (created if missing).
    #[arg(long, default_value = "rotaplan-workbench")]
    dir: PathBuf,
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// A file whose first line is the password (required when --bind is not 127.0.0.1).
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,
    /// Largest upload in MB.
    #[arg(long, default_value_t = 20)]
    max_upload_mb: usize,
}

pub fn run(a: Args, out: &mut Printer) -> Exit {
    let password = match &a.password_file {
        None => None,
        Some(f) => match std::fs::read_to_string(f) {
            Ok(text) => text.lines().next().map(|l| l.trim().to_string()),
            Err(e) => {
                return fail(
                    &format!(
                        "{}: cannot read the password file · 无法读取密码文件: {e}",
                        f.display()
                    ),
                    Exit::BadInput,
                )
            }
        },
    };
    let opts = ServeOptions {
        dir: a.dir,
        bind: a.bind,
        password,
        max_upload: a.max_upload_mb.saturating_mul(1024 * 1024),
        browser: super::publish::chromium(),
    };
    let dir = opts.dir.clone();
    let wb = match Workbench::start(opts) {
        Ok(w) => w,
        Err(e) => return fail(&e, Exit::BadInput),
    };
    let url = format!("http://{}/", wb.addr());
    out.line(match super::lang() {
        rotaplan::output::Lang::Zh => format!(
            "工作台已启动：{url}（在浏览器中打开；文件夹 {}；按 Ctrl-C 结束）",
            dir.display()
        ),
        rotaplan::output::Lang::En => format!(
            "workbench at {url} (open it in a browser; folder {}; Ctrl-C ends it)",
            dir.display()
        ),
    });
    out.flush();
    wb.wait();
    Exit::Success
}

//! `rotaplan serve`: the office's local web workbench (docs/workbench.md). A small HTTP server
//! in the same binary, on the library: open or create a scenario by uploading its files, see
//! the validation errors as a table (file, Excel row and column), the overview, plan in the
//! background, and read and download the plan. Every scenario and plan is a folder in the
//! workbench folder, in the command line's formats.
//!
//! Security (docs/workbench.md, "Security"): it listens on 127.0.0.1 unless told otherwise,
//! and listening anywhere else needs a password (HTTP Basic); every change (POST, PUT) must
//! carry the token of a workbench page and, when the browser names one, the workbench's own
//! origin; uploads are limited in size; names cannot point outside the workbench folder; the
//! pages load nothing from the internet.

mod charts;
mod edit;
pub mod guard;
mod jobs;
mod lists;
mod pages;
mod routes;
pub mod store;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The workbench folder (created if missing).
    pub dir: PathBuf,
    /// Where to listen; 127.0.0.1:8080 by default. Port 0 takes a free port.
    pub bind: SocketAddr,
    /// Required when `bind` is not a loopback address.
    pub password: Option<String>,
    /// Largest upload, in bytes.
    pub max_upload: usize,
    /// Headless Chromium, to print the publicity list and letters to PDF (the caller finds
    /// it; the library reads no environment). Without it the documents are HTML and xlsx.
    pub browser: Option<PathBuf>,
}

/// The default upload limit: 20 MB, far above a county's roster.
pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            dir: PathBuf::from("rotaplan-workbench"),
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            password: None,
            max_upload: MAX_UPLOAD,
            browser: None,
        }
    }
}

/// Why the workbench cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "{0} is reachable from other computers: set a password (--password-file FILE) to listen \
         there, or keep the default 127.0.0.1 · 监听地址可被其他计算机访问，须设置密码"
    )]
    PasswordRequired(SocketAddr),
    #[error("cannot listen on {addr} · 无法监听: {why}")]
    Bind { addr: SocketAddr, why: String },
    #[error("cannot use the workbench folder {} · 无法使用工作台文件夹: {source}", dir.display())]
    Folder {
        dir: PathBuf,
        source: std::io::Error,
    },
}

/// What every request handler shares.
pub(crate) struct Shared {
    pub store: store::Store,
    pub jobs: jobs::Jobs,
    /// The token every change must carry (in the pages, for their script).
    pub token: String,
    pub password: Option<String>,
    pub max_upload: usize,
    pub browser: Option<PathBuf>,
}

/// A running workbench.
pub struct Workbench {
    server: Arc<tiny_http::Server>,
    addr: SocketAddr,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Workbench {
    /// Starts serving on a thread of its own.
    pub fn start(opts: ServeOptions) -> Result<Workbench, ServeError> {
        if !opts.bind.ip().is_loopback() && opts.password.as_deref().is_none_or(str::is_empty) {
            return Err(ServeError::PasswordRequired(opts.bind));
        }
        let store = store::Store::open(&opts.dir).map_err(|source| ServeError::Folder {
            dir: opts.dir.clone(),
            source,
        })?;
        let server = tiny_http::Server::http(opts.bind).map_err(|e| ServeError::Bind {
            addr: opts.bind,
            why: e.to_string(),
        })?;
        let addr = server.server_addr().to_ip().unwrap_or(opts.bind);
        let server = Arc::new(server);
        let shared = Arc::new(Shared {
            store,
            jobs: jobs::Jobs::default(),
            token: guard::random_token(),
            password: opts.password,
            max_upload: opts.max_upload,
            browser: opts.browser,
        });
        let listener = server.clone();
        let thread = std::thread::spawn(move || {
            for request in listener.incoming_requests() {
                let shared = shared.clone();
                std::thread::spawn(move || routes::handle(&shared, request));
            }
        });
        Ok(Workbench {
            server,
            addr,
            thread: Some(thread),
        })
    }

    /// The address it listens on (with the port taken when asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until the process ends.
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    /// Stops listening.
    pub fn stop(mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The plan year a new scenario gets: the school year that starts next (this year's until
/// August, next year's from September).
pub fn next_plan_year() -> i32 {
    use chrono::Datelike;
    let today = chrono::Local::now().date_naive();
    if today.month() >= 9 {
        today.year() + 1
    } else {
        today.year()
    }
}

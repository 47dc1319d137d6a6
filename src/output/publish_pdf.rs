//! The publicity documents printed to PDF by headless Chromium (`rotaplan publish --pdf`),
//! A4 as each document's print stylesheet sets it. The PDFs' clock stamps are fixed
//! (`publish::fix_pdf_dates`), so the same plan gives the same bytes.

use std::path::Path;

/// Why the PDFs could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(
        "--pdf needs headless Chromium, which is not installed: apt-get install -y chromium \
         fonts-noto-cjk (the HTML files print from any browser) · 未安装 Chromium，无法生成 PDF"
    )]
    NoChromium,
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{browser} could not print {html} to PDF ({status})")]
    Failed {
        browser: String,
        html: String,
        status: String,
    },
}

fn io(path: &Path, source: std::io::Error) -> PdfError {
    PdfError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Each HTML document of `files` printed to PDF by headless Chromium (`browser`, which the
/// caller finds: the library reads no environment), in a scratch folder:
/// (name.pdf, bytes), with the clock stamps set to 1 January of `year`.
pub fn pdfs(
    browser: &Path,
    files: &[(String, Vec<u8>)],
    year: i32,
) -> Result<Vec<(String, Vec<u8>)>, PdfError> {
    let scratch = std::env::temp_dir().join(format!("rotaplan-publish-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|e| io(&scratch, e))?;
    let result = print_all(browser, &scratch, files, year);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn print_all(
    browser: &Path,
    scratch: &Path,
    files: &[(String, Vec<u8>)],
    year: i32,
) -> Result<Vec<(String, Vec<u8>)>, PdfError> {
    let mut out = Vec::new();
    for (name, bytes) in files.iter().filter(|(n, _)| n.ends_with(".html")) {
        let html = scratch.join(name);
        std::fs::write(&html, bytes).map_err(|e| io(&html, e))?;
        let pdf_name = name.replace(".html", ".pdf");
        let pdf = scratch.join(&pdf_name);
        print_pdf(browser, &html, &pdf)?;
        let mut bytes = std::fs::read(&pdf).map_err(|e| io(&pdf, e))?;
        // the same plan gives the same bytes: Chromium's clock stamp fixed
        super::publish::fix_pdf_dates(&mut bytes, year);
        out.push((pdf_name, bytes));
    }
    Ok(out)
}

fn print_pdf(browser: &Path, html: &Path, pdf: &Path) -> Result<(), PdfError> {
    let status = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--allow-file-access-from-files",
        ])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| io(browser, e))?;
    if !status.success() || !pdf.is_file() {
        return Err(PdfError::Failed {
            browser: browser.display().to_string(),
            html: html.display().to_string(),
            status: status.to_string(),
        });
    }
    Ok(())
}

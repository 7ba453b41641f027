//! What the tests of other programs reading our files (`tests/real_clients.rs`,
//! `tests/accessible_exports.rs`, `tests/publish.rs`) share: whether a program is here (a
//! failure under CI, a note elsewhere), the samples, a temporary folder, writing a file, and
//! headless Chromium's command.
//! Included by path (`#[path = "support/clients.rs"] mod clients;`).
#![allow(dead_code)] // each test binary uses its own part of it

use std::path::Path;
use std::process::Command;

use rapporteur::model::Chapter;
use rapporteur::{Methodology, io};

/// The bundled samples every client test reads.
pub const SAMPLES: [&str; 2] = ["kazakhstan-2024", "kazakhstan-2024-review"];

/// Whether the tests run under CI, where a missing program is a failure.
pub fn under_ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// Whether `program` runs (`args` is a harmless call such as `--version`); when not, a note
/// outside CI, a failure under CI.
pub fn here(program: &str, args: &[&str], package: &str) -> bool {
    let runs = Command::new(program).args(args).output().is_ok_and(|o| o.status.success());
    assert!(runs || !under_ci(), "{program} does not run here: CI must install {package}");
    if !runs {
        println!("note: {program} does not run here (install {package}); skipping");
    }
    runs
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("no temporary folder: {e}"))
}

/// A bundled sample and its methodology.
pub fn sample(name: &str) -> (Chapter, Methodology) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(format!("{name}.ron"));
    let chapter = io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let method = Methodology::builtin(&chapter.methodology).unwrap_or_else(|| panic!("{name}: no methodology"));
    (chapter, method)
}

pub fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Chromium's command for a headless run with its own profile and no network.
pub fn chromium(profile: &Path) -> Command {
    let mut command = Command::new("chromium");
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()));
    command
}

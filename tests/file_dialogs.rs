//! How the editor finds out whether native file dialogs work: it asks the session bus for the
//! desktop portal's file chooser, and looks for zenity. Run through `rapporteur file-dialogs`
//! with the environment set per case. The bus cases start a private `dbus-daemon` (CI installs
//! it) and serve a stand-in portal from this process.
#![cfg(all(feature = "gui", target_os = "linux"))]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use rapporteur::app::files::PORTAL;

/// `rapporteur file-dialogs` with this bus address and a `PATH` without zenity.
fn file_dialogs(bus: &str, path: &std::path::Path) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .arg("file-dialogs")
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .env("PATH", path)
        .output()
        .unwrap_or_else(|e| panic!("run rapporteur: {e}"));
    (out.status.code(), String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// A private session bus, stopped when dropped.
struct Bus {
    daemon: Child,
    address: String,
}

impl Bus {
    fn start() -> Option<Self> {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let mut line = String::new();
        BufReader::new(daemon.stdout.take()?).read_line(&mut line).ok()?;
        Some(Self { daemon, address: line.trim().to_owned() })
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// Stands in for xdg-desktop-portal: the `FileChooser` interface and its version.
struct Chooser {
    version: u32,
}

#[zbus::interface(name = "org.freedesktop.portal.FileChooser")]
impl Chooser {
    #[zbus(property, name = "version")]
    fn version(&self) -> u32 {
        self.version
    }
}

/// Another portal interface, without the file chooser.
struct Other {
    version: u32,
}

#[zbus::interface(name = "org.freedesktop.portal.Settings")]
impl Other {
    #[zbus(property, name = "version")]
    fn version(&self) -> u32 {
        self.version
    }
}

#[test]
fn no_bus_and_no_zenity_means_a_path_field() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (code, line) = file_dialogs("unix:path=/nonexistent/rapporteur-test-bus", dir.path());
    assert_eq!(code, Some(1), "{line}");
    assert!(line.starts_with("file dialogs: none"), "{line}");
}

#[test]
fn zenity_on_the_path_is_enough() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("zenity"), "#!/bin/sh\n").unwrap_or_else(|e| panic!("{e}"));
    let (code, line) = file_dialogs("unix:path=/nonexistent/rapporteur-test-bus", dir.path());
    assert_eq!(code, Some(0), "{line}");
    assert!(line.starts_with("file dialogs: zenity"), "{line}");
}

#[test]
fn the_portal_counts_only_when_its_file_chooser_answers_on_the_bus() {
    let Some(bus) = Bus::start() else {
        // CI installs dbus-daemon, so there this case always runs.
        assert!(std::env::var_os("CI").is_none(), "CI must install dbus-daemon (see .ci/run)");
        eprintln!("note: no dbus-daemon here; the bus cases are skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // A bus without the portal.
    let (code, line) = file_dialogs(&bus.address, dir.path());
    assert_eq!(code, Some(1), "{line}");

    // A portal without a file chooser (as when no portal backend provides one).
    let serve = |with_chooser: bool| {
        pollster::block_on(async {
            let builder = zbus::connection::Builder::address(bus.address.as_str())?.name(PORTAL.0)?;
            let builder = if with_chooser {
                builder.serve_at(PORTAL.1, Chooser { version: 4 })?
            } else {
                builder.serve_at(PORTAL.1, Other { version: 2 })?
            };
            builder.build().await
        })
        .unwrap_or_else(|e| panic!("serve the stand-in portal: {e}"))
    };
    let empty = serve(false);
    let (code, line) = file_dialogs(&bus.address, dir.path());
    assert_eq!(code, Some(1), "{line}");
    drop(empty);

    // The portal with its file chooser.
    let _portal = serve(true);
    let (code, line) = file_dialogs(&bus.address, dir.path());
    assert_eq!(code, Some(0), "{line}");
    assert_eq!(line, "file dialogs: the desktop portal's file chooser");
}

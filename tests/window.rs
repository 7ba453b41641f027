//! The editor in a real window: `rapporteur samples/kazakhstan-2024.ron` under Xvfb, rendering
//! through Mesa's CPU Vulkan driver, must open a window titled after the file and stay up, and
//! with `RAPPORTEUR_TIMINGS=1` print how long it took to present its first frame.
//! CI installs `xvfb` and `x11-utils`; elsewhere, without them, this is skipped.
#![cfg(all(feature = "gui", target_os = "linux"))]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child process killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn have(tool: &str) -> bool {
    Command::new(tool).arg("-version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

/// The names of every window on `display`.
fn window_names(display: &str) -> String {
    Command::new("xwininfo")
        .args(["-root", "-tree", "-display", display])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

#[test]
fn the_editor_opens_a_real_window_on_the_sample() {
    if !have("Xvfb") || !have("xwininfo") {
        assert!(std::env::var_os("CI").is_none(), "CI must install xvfb and x11-utils (see .ci/run)");
        eprintln!("note: no Xvfb or xwininfo here; the real-window test is skipped");
        return;
    }
    // A display number nobody uses.
    let n = (200..400).find(|n| !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()).unwrap_or(399);
    let display = format!(":{n}");
    let xvfb = Command::new("Xvfb")
        .args([display.as_str(), "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start Xvfb: {e}"));
    let _xvfb = Running(xvfb);
    let socket = format!("/tmp/.X11-unix/X{n}");
    let start = Instant::now();
    while !Path::new(&socket).exists() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(100));
    }

    // A home of its own, so that remembered settings and recovery files stay out of the user's.
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let runtime = home.path().join("runtime");
    std::fs::create_dir(&runtime).unwrap_or_else(|e| panic!("{e}"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap_or_else(|e| panic!("{e}"));
    }
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/kazakhstan-2024.ron");
    let log = home.path().join("app.log");
    let app = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .arg(&sample)
        .env("DISPLAY", &display)
        .env_remove("WAYLAND_DISPLAY")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("RAPPORTEUR_TIMINGS", "1")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).map_or_else(|_| Stdio::null(), Stdio::from))
        .spawn()
        .unwrap_or_else(|e| panic!("start the editor: {e}"));
    let mut app = Running(app);

    let start = Instant::now();
    let mut names = String::new();
    while start.elapsed() < Duration::from_mins(1) {
        if let Ok(Some(status)) = app.0.try_wait() {
            let output = std::fs::read_to_string(&log).unwrap_or_default();
            panic!("the editor exited ({status}) instead of opening a window:\n{output}");
        }
        names = window_names(&display);
        if names.contains("kazakhstan-2024.ron") {
            break;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    assert!(names.contains("kazakhstan-2024.ron — Rapporteur"), "no window titled after the file:\n{names}");
    // Still up a moment later: the first frames rendered without a panic.
    std::thread::sleep(Duration::from_secs(2));
    let output = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(matches!(app.0.try_wait(), Ok(None)), "{output}");
    // RAPPORTEUR_TIMINGS=1: the startup times, to the first frame presented, on one line.
    let timings = output.lines().find(|l| l.starts_with("rapporteur timings")).unwrap_or_default();
    let presented = timings
        .split("first frame presented ")
        .nth(1)
        .and_then(|rest| rest.strip_suffix(" ms"))
        .and_then(|ms| ms.parse::<u64>().ok());
    assert!(presented.is_some(), "no startup timings printed:\n{output}");
    eprintln!("{timings}");
}

//! The editor in a real window: `rapporteur samples/kazakhstan-2024.ron` under Xvfb, rendering
//! through Mesa's CPU Vulkan driver, must open a window titled after the file and stay up, and
//! with `RAPPORTEUR_TIMINGS=1` print how long it took to present its first frame.
//! Copy and paste reach other programs through the real X11 clipboard (`xclip`, both ways).
//! CI installs `xvfb`, `x11-utils`, `xdotool` and `xclip`; elsewhere, without them, these are
//! skipped with a note.
#![cfg(all(feature = "gui", target_os = "linux"))]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/xvfb.rs"]
mod xvfb;
use xvfb::{Display, ONE_AT_A_TIME, Running, private_home, start_display, window_names};

fn have(tool: &str) -> bool {
    Command::new(tool).arg("-version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

/// Whether the tools a real-window test needs are here; under CI their absence is a failure.
fn tools_present(tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools.iter().copied().filter(|t| !have(t)).collect();
    if missing.is_empty() {
        return true;
    }
    assert!(std::env::var_os("CI").is_none(), "CI must install {missing:?} (see .ci/run)");
    eprintln!("note: {missing:?} missing here; the real-window test is skipped");
    false
}

/// The editor on `file` in `display`, its stderr in `log`.
fn start_editor(display: &Display, home: &Path, file: &Path, log: &Path) -> Running {
    let app = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .arg(file)
        .env("DISPLAY", &display.name)
        .env_remove("WAYLAND_DISPLAY")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_RUNTIME_DIR", home.join("runtime"))
        .env("RAPPORTEUR_TIMINGS", "1")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).map_or_else(|_| Stdio::null(), Stdio::from))
        .spawn()
        .unwrap_or_else(|e| panic!("start the editor: {e}"));
    Running(app)
}

/// Waits for the editor's window titled after `file_name`; panics with its log if it exits.
fn wait_for_window(display: &Display, app: &mut Running, file_name: &str, log: &Path) -> String {
    let start = Instant::now();
    let mut names = String::new();
    while start.elapsed() < Duration::from_mins(1) {
        if let Ok(Some(status)) = app.0.try_wait() {
            let output = std::fs::read_to_string(log).unwrap_or_default();
            panic!("the editor exited ({status}) instead of opening a window:\n{output}");
        }
        names = window_names(&display.name);
        if names.contains(file_name) {
            break;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    names
}

#[test]
fn the_editor_opens_a_real_window_on_the_sample() {
    if !tools_present(&["Xvfb", "xwininfo"]) {
        return;
    }
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let display = start_display(200);
    let home = private_home();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/kazakhstan-2024.ron");
    let log = home.path().join("app.log");
    let mut app = start_editor(&display, home.path(), &sample, &log);
    let names = wait_for_window(&display, &mut app, "kazakhstan-2024.ron", &log);
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

/// `xdotool` on `display`, as a person at the keyboard: the window focused first.
fn xdotool(display: &Display, args: &[&str]) {
    let status = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", &display.name)
        .status()
        .unwrap_or_else(|e| panic!("xdotool {args:?}: {e}"));
    assert!(status.success(), "xdotool {args:?}: {status}");
    std::thread::sleep(Duration::from_millis(600));
}

/// What the X11 clipboard holds, read by another program.
fn clipboard_text(display: &Display) -> String {
    Command::new("xclip")
        .args(["-selection", "clipboard", "-o"])
        .env("DISPLAY", &display.name)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

/// Waits until `cond` holds on the file's text, or a few seconds pass; returns the text.
fn wait_for_file(path: &Path, cond: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if cond(&text) || start.elapsed() > Duration::from_secs(10) {
            return text;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn copy_and_paste_go_through_the_system_clipboard_both_ways() {
    if !tools_present(&["Xvfb", "xwininfo", "xdotool", "xclip"]) {
        return;
    }
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let display = start_display(200);
    let home = private_home();
    let file = home.path().join("chapter.ron");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/kazakhstan-2024.ron");
    std::fs::copy(&sample, &file).unwrap_or_else(|e| panic!("{e}"));
    let log = home.path().join("app.log");
    let mut app = start_editor(&display, home.path(), &file, &log);
    let names = wait_for_window(&display, &mut app, "chapter.ron", &log);
    assert!(names.contains("chapter.ron — Rapporteur"), "no window:\n{names}");
    std::thread::sleep(Duration::from_secs(2));
    let found = Command::new("xdotool")
        .args(["search", "--name", "chapter.ron"])
        .env("DISPLAY", &display.name)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let window = found.lines().next().unwrap_or_else(|| panic!("xdotool found no window")).trim().to_owned();
    xdotool(&display, &["windowfocus", "--sync", &window]);

    // Another program owns the clipboard: xclip, kept serving in the foreground until dropped.
    let mut xclip = Command::new("xclip")
        .args(["-selection", "clipboard", "-quiet"])
        .env("DISPLAY", &display.name)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start xclip: {e}"));
    if let Some(mut stdin) = xclip.stdin.take() {
        use std::io::Write;
        stdin.write_all(b"PASTEDFROMSOURCE").unwrap_or_else(|e| panic!("{e}"));
    }
    let _xclip = Running(xclip);
    std::thread::sleep(Duration::from_millis(500));

    // Find "treason" (it is in one bullet only), Enter selects it in its bullet, Ctrl+V puts
    // the other program's text in its place; Ctrl+S saves.
    xdotool(&display, &["key", "--window", &window, "ctrl+f"]);
    xdotool(&display, &["type", "--window", &window, "--delay", "40", "treason"]);
    xdotool(&display, &["key", "--window", &window, "Return"]);
    xdotool(&display, &["key", "--window", &window, "ctrl+v"]);
    xdotool(&display, &["key", "--window", &window, "ctrl+s"]);
    let saved = wait_for_file(&file, |t| t.contains("PASTEDFROMSOURCE"));
    let output = std::fs::read_to_string(&log).unwrap_or_default();
    let state = if saved.contains("treason") { "still has \"treason\"" } else { "has no \"treason\"" };
    assert!(
        saved.contains("charges of high PASTEDFROMSOURCE"),
        "the paste did not reach the bullet (the file {state}):\n{output}"
    );
    assert!(!saved.contains("treason"), "the selection was not replaced");

    // The other way: Ctrl+F again takes the find field with its words selected; "Massimov"
    // replaces them, Enter selects it in the bullet, Ctrl+C; xclip reads it back.
    xdotool(&display, &["key", "--window", &window, "ctrl+f"]);
    xdotool(&display, &["type", "--window", &window, "--delay", "40", "Massimov"]);
    xdotool(&display, &["key", "--window", &window, "Return"]);
    xdotool(&display, &["key", "--window", &window, "ctrl+c"]);
    let start = Instant::now();
    let mut copied = clipboard_text(&display);
    while copied != "Massimov" && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(200));
        copied = clipboard_text(&display);
    }
    assert_eq!(copied, "Massimov", "Ctrl+C did not reach the system clipboard");
    assert!(matches!(app.0.try_wait(), Ok(None)), "{}", std::fs::read_to_string(&log).unwrap_or_default());
}

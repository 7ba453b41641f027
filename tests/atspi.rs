//! The editor as a screen reader meets it: in a real window under Xvfb, with a session bus and
//! the AT-SPI bus of its own (`at-spi-bus-launcher` from at-spi2-core, accessibility switched
//! on through `org.a11y.Status.IsEnabled`, which is what makes AccessKit register the editor),
//! `tests/tools/atspi_rating.py` reads the editor's tree through pyatspi, finds the National
//! Democratic Governance rating (a spin button) and the score card's headline, raises the
//! rating one step through the AT-SPI Value interface and reads the new Democracy Score back,
//! then one more step with the "click" action (the AT-SPI Action interface) of the button named
//! "Raise National Democratic Governance rating". The figures it reads are checked against the
//! crate's own scoring of the sample.
//!
//! CI installs `xvfb`, `x11-utils`, `dbus-daemon`, `at-spi2-core` and `python3-pyatspi` (see
//! `.ci/run`); elsewhere, without them, the test is skipped with a note.
#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/xvfb.rs"]
mod xvfb;
use xvfb::{Display, ONE_AT_A_TIME, Running, private_home, start_display, window_names};

use rapporteur::score::ScoreCard;
use rapporteur::{Methodology, io};

/// The Python that has pyatspi (python3-pyatspi installs it for Debian's own Python).
const PYTHON: &str = "/usr/bin/python3";
/// Where distributions put the AT-SPI bus launcher: Debian 12 and later, then older Debian and
/// Ubuntu.
const LAUNCHERS: [&str; 3] = [
    "/usr/libexec/at-spi-bus-launcher",
    "/usr/lib/at-spi2-core/at-spi-bus-launcher",
    "/usr/lib/at-spi2/at-spi-bus-launcher",
];
/// What the script may take to find the editor, change the rating and see the score follow.
const SCRIPT_SECONDS: u64 = 60;
/// The accessible name of the rating the test raises, and how the score card's headline starts.
const RATING_NAME: &str = "National Democratic Governance rating";
const SCORE_PREFIX: &str = "Democracy Score";

/// Whether `program args…` can be started at all.
fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program).args(args).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

fn launcher() -> Option<&'static str> {
    LAUNCHERS.into_iter().find(|p| Path::new(p).exists())
}

/// Whether every tool is here; under CI a missing one is a failure, elsewhere a note.
fn tools_present() -> bool {
    let mut missing = Vec::new();
    for (tool, package) in
        [("Xvfb", "xvfb"), ("xwininfo", "x11-utils"), ("dbus-daemon", "dbus-daemon"), ("dbus-send", "dbus-bin")]
    {
        if !runs(tool, &["--version"]) {
            missing.push(format!("{tool} ({package})"));
        }
    }
    if launcher().is_none() {
        missing.push("at-spi-bus-launcher (at-spi2-core)".to_owned());
    }
    let pyatspi = Command::new(PYTHON).args(["-c", "import pyatspi"]).output().is_ok_and(|o| o.status.success());
    if !pyatspi {
        missing.push(format!("pyatspi for {PYTHON} (python3-pyatspi)"));
    }
    if missing.is_empty() {
        return true;
    }
    assert!(std::env::var_os("CI").is_none(), "CI must install {missing:?} (see .ci/run)");
    eprintln!("note: {missing:?} missing here; the AT-SPI test is skipped");
    false
}

/// A session bus of our own with the AT-SPI bus launcher on it, accessibility switched on.
///
/// Dropped, the session bus goes first: the launcher then quits by itself and takes the
/// accessibility bus and the registry daemon it started with it (killing the launcher alone
/// would leave those two running).
struct Session {
    address: String,
    bus: Running,
    launcher: Running,
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.bus.0.kill();
        let _ = self.bus.0.wait();
        let start = Instant::now();
        while matches!(self.launcher.0.try_wait(), Ok(None)) && start.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// `dbus-send --session --print-reply args…` on `address`; its output, or why it failed.
fn dbus_send(address: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new("dbus-send")
        .args(["--session", "--print-reply"])
        .args(args)
        .env("DBUS_SESSION_BUS_ADDRESS", address)
        .output()
        .map_err(|e| format!("dbus-send: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!("dbus-send {args:?}: {}{}", out.status, String::from_utf8_lossy(&out.stderr)))
    }
}

fn start_session(display: &Display, home: &Path) -> Session {
    let mut daemon = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start dbus-daemon: {e}"));
    let stdout = daemon.stdout.take();
    let bus = Running(daemon);
    // The address is its first line; read on a thread so that a daemon that never prints it
    // fails the test instead of hanging it.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        if let Some(out) = stdout {
            let _ = BufReader::new(out).read_line(&mut line);
        }
        let _ = tx.send(line);
    });
    let address = rx.recv_timeout(Duration::from_secs(10)).unwrap_or_default().trim().to_owned();
    assert!(!address.is_empty(), "dbus-daemon printed no address in 10 s");

    let launcher_path = launcher().unwrap_or_else(|| panic!("at-spi-bus-launcher went away"));
    let log = std::fs::File::create(home.join("launcher.log")).map_or_else(|_| Stdio::null(), Stdio::from);
    let child = Command::new(launcher_path)
        .arg("--launch-immediately")
        .env("DBUS_SESSION_BUS_ADDRESS", &address)
        .env("DISPLAY", &display.name)
        .env_remove("AT_SPI_BUS_ADDRESS")
        .env("HOME", home)
        .env("XDG_RUNTIME_DIR", home.join("runtime"))
        // The launcher keeps "accessibility on" in GSettings: in memory, never in the
        // user's dconf.
        .env("GSETTINGS_BACKEND", "memory")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("start {launcher_path}: {e}"));
    let mut session = Session { address, bus, launcher: Running(child) };

    // Asked without activating it (a plain call to org.a11y.Bus would have the session bus
    // start a second launcher).
    let start = Instant::now();
    let owned = loop {
        let reply = dbus_send(
            &session.address,
            &[
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                "string:org.a11y.Bus",
            ],
        );
        if reply.as_deref().is_ok_and(|r| r.contains("boolean true")) {
            break true;
        }
        if start.elapsed() > Duration::from_secs(15) || !matches!(session.launcher.0.try_wait(), Ok(None)) {
            break false;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let launcher_log = std::fs::read_to_string(home.join("launcher.log")).unwrap_or_default();
    assert!(owned, "{launcher_path} did not take org.a11y.Bus on the session bus:\n{launcher_log}");
    // What Orca sets when it starts: AccessKit registers the editor's tree once this is true.
    dbus_send(
        &session.address,
        &[
            "--dest=org.a11y.Bus",
            "/org/a11y/bus",
            "org.freedesktop.DBus.Properties.Set",
            "string:org.a11y.Status",
            "string:IsEnabled",
            "variant:boolean:true",
        ],
    )
    .unwrap_or_else(|e| panic!("switch accessibility on: {e}"));
    session
}

/// The environment every program of the test shares: the display, the session bus, the home.
fn environment(command: &mut Command, display: &Display, session: &Session, home: &Path) {
    command
        .env("DISPLAY", &display.name)
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("AT_SPI_BUS_ADDRESS")
        .env("DBUS_SESSION_BUS_ADDRESS", &session.address)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_RUNTIME_DIR", home.join("runtime"));
}

/// Waits until a window on `display` is titled `title`; panics with the editor's log if it
/// exits or a minute passes.
fn wait_for_title(display: &Display, app: &mut Running, title: &str, log: &Path) {
    let start = Instant::now();
    loop {
        if let Ok(Some(status)) = app.0.try_wait() {
            let output = std::fs::read_to_string(log).unwrap_or_default();
            panic!("the editor exited ({status}) instead of showing {title:?}:\n{output}");
        }
        let names = window_names(&display.name);
        if names.contains(&format!("\"{title}\"")) {
            return;
        }
        assert!(start.elapsed() < Duration::from_mins(1), "no window titled {title:?} in a minute:\n{names}");
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// Runs the AT-SPI script to its end (or kills it after a generous limit) and returns what it
/// printed; a failure shows its stderr and the editor's log.
fn run_script(display: &Display, session: &Session, home: &Path, editor_log: &Path) -> serde_json::Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/atspi_rating.py");
    let (out_path, err_path) = (home.join("script.out"), home.join("script.err"));
    let file = |p: &PathBuf| std::fs::File::create(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let mut command = Command::new(PYTHON);
    command.arg(&script).args(["rapporteur", RATING_NAME, SCORE_PREFIX, &SCRIPT_SECONDS.to_string()]);
    environment(&mut command, display, session, home);
    let child = command
        .stdout(file(&out_path))
        .stderr(file(&err_path))
        .spawn()
        .unwrap_or_else(|e| panic!("start {PYTHON} {}: {e}", script.display()));
    let mut script_run = Running(child);
    let start = Instant::now();
    let status = loop {
        if let Ok(Some(status)) = script_run.0.try_wait() {
            break Some(status);
        }
        if start.elapsed() > Duration::from_secs(SCRIPT_SECONDS + 30) {
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    drop(script_run);
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    let editor = std::fs::read_to_string(editor_log).unwrap_or_default();
    let Some(status) = status else {
        panic!(
            "the AT-SPI script was still running after {} s; its stderr:\n{stderr}\nthe editor's log:\n{editor}",
            SCRIPT_SECONDS + 30
        );
    };
    assert!(status.success(), "the AT-SPI script failed ({status}):\n{stderr}\nthe editor's log:\n{editor}");
    serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("the AT-SPI script printed no JSON ({e}):\n{stdout}\nits stderr:\n{stderr}"))
}

/// A figure the script read, in hundredths of a point (ratings move in hundredths), checked to
/// be a whole number of them.
fn hundredths(json: &serde_json::Value, key: &str) -> i64 {
    let value = json[key].as_f64().unwrap_or_else(|| panic!("no number {key:?} in {json}"));
    let scaled = (value * 100.0).round();
    assert!((value * 100.0 - scaled).abs() < 1e-6, "{key} is {value}, not in hundredths");
    #[allow(clippy::cast_possible_truncation)] // ratings are a few hundred hundredths
    let whole = scaled as i64;
    whole
}

fn text<'j>(json: &'j serde_json::Value, key: &str) -> &'j str {
    json[key].as_str().unwrap_or_else(|| panic!("no text {key:?} in {json}"))
}

fn points(rating: rapporteur::model::Rating) -> i64 {
    i64::from(rating.hundredths())
}

#[test]
fn a_screen_reader_raises_the_ndg_rating_and_reads_the_new_democracy_score() {
    if !tools_present() {
        return;
    }
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);

    // What the card must say, from the crate's own scoring: the sample as it is, and with NDG
    // one step up.
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/kazakhstan-2024.ron");
    let chapter = io::load(&sample).unwrap_or_else(|e| panic!("{e}"));
    let method = Methodology::builtin(&chapter.methodology).unwrap_or_else(|| panic!("no methodology"));
    let ndg = chapter.categories.iter().position(|c| c.code == "NDG").unwrap_or_else(|| panic!("no NDG"));
    let rating = chapter.categories[ndg].rating.unwrap_or_else(|| panic!("the sample does not rate NDG"));
    let raised = method.step_up("NDG", Some(rating));
    let clicked = method.step_up("NDG", Some(raised));
    assert!(rating < raised && raised < clicked, "NDG is too near the top of the scale in the sample for two steps");
    let with_ndg = |r| {
        let mut changed = chapter.clone();
        changed.categories[ndg].rating = Some(r);
        changed
    };
    let score = |c: &rapporteur::model::Chapter| {
        let score = ScoreCard::compute(c, &method).headline_now();
        score.unwrap_or_else(|| panic!("no Democracy Score")).to_string()
    };
    let (score_before, score_after, score_clicked) =
        (score(&chapter), score(&with_ndg(raised)), score(&with_ndg(clicked)));
    assert!(
        score_before != score_after && score_after != score_clicked,
        "a step of NDG does not move the rounded score ({score_before}, {score_after}, {score_clicked}); pick another"
    );
    let scale = method.scale("NDG").unwrap_or_else(|| panic!("NDG has no scale"));
    let top = scale.max.hundredths() / 100;

    let display = start_display(420);
    let home = private_home();
    let session = start_session(&display, home.path());
    let file = home.path().join("chapter.ron");
    std::fs::copy(&sample, &file).unwrap_or_else(|e| panic!("{e}"));
    let log = home.path().join("app.log");
    let mut command = Command::new(env!("CARGO_BIN_EXE_rapporteur"));
    command.arg(&file);
    environment(&mut command, &display, &session, home.path());
    let app = command
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).map_or_else(|_| Stdio::null(), Stdio::from))
        .spawn()
        .unwrap_or_else(|e| panic!("start the editor: {e}"));
    let mut app = Running(app);
    wait_for_title(&display, &mut app, "chapter.ron — Rapporteur", &log);

    let read = run_script(&display, &session, home.path(), &log);
    eprintln!("read through AT-SPI: {read}");

    // The spin button's range and step are the methodology's.
    assert_eq!(hundredths(&read, "min"), points(scale.min), "{read}");
    assert_eq!(hundredths(&read, "max"), points(scale.max), "{read}");
    assert_eq!(hundredths(&read, "step"), points(scale.step), "{read}");
    assert_eq!(hundredths(&read, "rating_before"), points(rating), "{read}");
    assert_eq!(hundredths(&read, "rating_after"), points(raised), "{read}");
    assert_eq!(hundredths(&read, "rating_clicked"), points(clicked), "{read}");
    assert_eq!(text(&read, "score_before"), format!("Democracy Score {score_before} of {top}"), "{read}");
    assert_eq!(text(&read, "score_after"), format!("Democracy Score {score_after} of {top}"), "{read}");
    assert_eq!(text(&read, "score_clicked"), format!("Democracy Score {score_clicked} of {top}"), "{read}");

    // An edit like any other: the title marks the chapter unsaved, and the file is untouched
    // until the author saves.
    wait_for_title(&display, &mut app, "chapter.ron • — Rapporteur", &log);
    let on_disk = std::fs::read(&file).unwrap_or_else(|e| panic!("{e}"));
    let original = std::fs::read(&sample).unwrap_or_else(|e| panic!("{e}"));
    assert!(on_disk == original, "the rating reached the file without a save");
    assert!(matches!(app.0.try_wait(), Ok(None)), "{}", std::fs::read_to_string(&log).unwrap_or_default());
}

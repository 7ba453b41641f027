//! What the real-window tests (`tests/window.rs`, `tests/atspi.rs`) share: an X server of
//! their own under Xvfb, a private home, the children they start, killed when dropped.
//! Included by path (`#[path = "support/xvfb.rs"] mod xvfb;`), so it is not a test of its own.
#![allow(dead_code)] // each test binary uses its own part of it

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// A child process killed when dropped.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An X server of our own on a display nobody uses, stopped when dropped.
pub struct Display {
    pub name: String,
    _server: Running,
}

/// Display numbers handed out in this process (counted from each binary's own first number),
/// so that tests running side by side never pick the same one before either server has made
/// its socket.
static NEXT_DISPLAY: AtomicU32 = AtomicU32::new(0);

/// The real-window tests run one at a time: each drives a whole editor, and keys sent while
/// another editor is starting on the same two cores arrive late.
pub static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Starts Xvfb on the first free display from `first` on (each test binary has its own range
/// of 200, so binaries run side by side never meet either).
pub fn start_display(first: u32) -> Display {
    let n = std::iter::repeat_with(|| first + NEXT_DISPLAY.fetch_add(1, Ordering::Relaxed))
        .take(200)
        .find(|n| !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists())
        .unwrap_or(first + 199);
    let name = format!(":{n}");
    let xvfb = Command::new("Xvfb")
        .args([name.as_str(), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start Xvfb: {e}"));
    let server = Running(xvfb);
    let socket = format!("/tmp/.X11-unix/X{n}");
    let start = Instant::now();
    while !Path::new(&socket).exists() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(Path::new(&socket).exists(), "Xvfb {name} made no socket in 10 s");
    Display { name, _server: server }
}

/// A home of its own, so that remembered settings and recovery files stay out of the user's;
/// its `runtime` folder is private, as `XDG_RUNTIME_DIR` must be.
pub fn private_home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let runtime = home.path().join("runtime");
    std::fs::create_dir(&runtime).unwrap_or_else(|e| panic!("{e}"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap_or_else(|e| panic!("{e}"));
    }
    home
}

/// The names of every window on `display`.
pub fn window_names(display: &str) -> String {
    Command::new("xwininfo")
        .args(["-root", "-tree", "-display", display])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

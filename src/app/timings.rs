//! Startup timings, printed to stderr when `RAPPORTEUR_TIMINGS` is set (to anything but `0`):
//! how long after the process started the window and its renderer were ready, the chapter was
//! read, the first frame was drawn, and the first frame was presented (measured when the next
//! frame starts, which eframe begins only after presenting the one before).

use std::sync::OnceLock;
use std::time::{Duration, Instant};

static STARTED: OnceLock<Instant> = OnceLock::new();

/// Notes when the process started; `main` calls this first of all.
pub fn process_started() {
    STARTED.get_or_init(Instant::now);
}

/// Time since the process started (since the first call of [`process_started`]).
fn since_start() -> Duration {
    STARTED.get_or_init(Instant::now).elapsed()
}

/// What startup took, step by step.
#[derive(Debug, Default)]
pub struct Timings {
    enabled: bool,
    /// The window and its renderer ready (the app being created).
    created: Option<Duration>,
    /// The chapter read from its file.
    loaded: Option<Duration>,
    /// The end of the first frame's drawing.
    drawn: Option<Duration>,
    frames: u32,
}

impl Timings {
    /// Timings that print only if `RAPPORTEUR_TIMINGS` asks for them.
    #[must_use]
    pub fn from_env() -> Self {
        let enabled = std::env::var_os("RAPPORTEUR_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0");
        Self { enabled, ..Self::default() }
    }

    /// The app is being created: the window and renderer are up.
    pub fn created(&mut self) {
        self.created = Some(since_start());
    }

    /// The chapter has been read.
    pub fn loaded(&mut self) {
        self.loaded = Some(since_start());
    }

    /// A frame starts; the second one prints the timings (the first has been presented).
    pub fn frame_starts(&mut self) {
        self.frames = self.frames.saturating_add(1);
        if self.frames == 2 && self.enabled {
            eprintln!("{}", self.report(since_start()));
        }
    }

    /// A frame has been drawn; after the first, another is asked for at once so that its
    /// presentation can be timed.
    pub fn frame_drawn(&mut self, ctx: &egui::Context) {
        if self.frames == 1 {
            self.drawn = Some(since_start());
            if self.enabled {
                ctx.request_repaint();
            }
        }
    }

    /// The line printed: each step's time since the process started.
    #[must_use]
    pub fn report(&self, presented: Duration) -> String {
        let ms =
            |d: Option<Duration>| d.map_or_else(|| "–".to_owned(), |d| format!("{:.0} ms", d.as_secs_f64() * 1000.0));
        format!(
            "rapporteur timings (since the process started): window and renderer ready {}, chapter read {}, \
             first frame drawn {}, first frame presented {}",
            ms(self.created),
            ms(self.loaded),
            ms(self.drawn),
            ms(Some(presented))
        )
    }
}

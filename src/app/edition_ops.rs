//! What the editor does with an edition, off the UI thread: opening it (every chapter read in
//! parallel), looking at its folder again every [`REFRESH_SECONDS`] (a `git pull`, a colleague),
//! reading a chapter again once it is saved here, asking git who changed what last, the
//! history of a country, publishing the site and saving a chart.
//!
//! Each job works on its own copy of the edition (an `Arc` clone: nothing is copied on the UI
//! thread) and hands back what it found; the overview takes it at the start of a frame. A
//! look at the folder that started before the edition changed (a chapter read again since) is
//! dropped: the next look finds the same files again.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::edition::{ChartKind, Overview, OverviewPane};
use super::jobs::{Done, Kind, Pick};
use super::{Action, Dialog, PathPurpose, RapporteurApp};
use crate::edition::{Edition, Entry, LastChange, Stamp};

/// Seconds between looks at the edition's folder.
pub const REFRESH_SECONDS: f64 = 2.0;

/// The status bar's words while the edition is opened.
pub(super) const OPENING: &str = "Opening the edition…";
/// While the folder is looked at again (not shown: it would flicker).
pub(super) const REFRESHING: &str = "Looking at the edition's folder…";
/// While a chapter saved here is read again (not shown).
pub(super) const REREADING: &str = "Reading the chapter again…";
/// While git is asked who changed what (not shown).
pub(super) const LAST_CHANGES: &str = "Asking git for the last changes…";
/// While a country's history is read (not shown: the charts say it).
pub(super) const HISTORY: &str = "Reading the earlier editions…";
/// While the site is written.
pub(super) const PUBLISHING: &str = "Publishing the edition…";

/// The jobs the status bar does not name: quick, and running on their own.
pub(super) const QUIET: [&str; 4] = [REFRESHING, REREADING, LAST_CHANGES, HISTORY];

/// What an edition job hands back.
#[derive(Debug)]
pub(super) enum EditionDone {
    /// The edition in `dir` read, or why not.
    Opened(PathBuf, Result<Box<Edition>, String>),
    /// The folder looked at again: the edition as found, when anything changed, for the
    /// version of the edition the look started from.
    Refreshed { dir: PathBuf, revision: u64, edition: Option<Box<Edition>>, changed: Vec<PathBuf> },
    /// A chapter read again (`None`: it is no chapter of the edition now).
    Reread { dir: PathBuf, path: PathBuf, entry: Option<Box<Entry>> },
    /// Who changed each chapter last.
    LastChanges { dir: PathBuf, changes: Vec<(PathBuf, Option<LastChange>)> },
    /// A country's history.
    History { country: String, chart: Box<crate::edition::chart::Chart> },
    /// The site written (where), or why not.
    Published(PathBuf, Result<crate::edition::publish::Published, String>),
}

impl RapporteurApp {
    /// Opens the edition in `dir` (in the background; the overview shows once it is read).
    pub(super) fn open_edition(&mut self, dir: &Path) {
        let dir = dir.to_owned();
        self.tabs.overview = true;
        self.start = None;
        self.jobs.apart(OPENING, Kind::Writes, move || {
            let opened = Edition::open(&dir).map(Box::new);
            Done::Edition(Box::new(EditionDone::Opened(dir, opened)))
        });
    }

    /// The edition's work, as the actions ask for it.
    pub(super) fn apply_edition(&mut self, action: Action) {
        match action {
            Action::OpenEdition => self.ask_path(Pick::Path(PathPurpose::OpenEdition), None),
            Action::OpenEditionPath(dir) => self.open_edition(&dir),
            Action::PublishEdition => {
                if self.overview.is_some() {
                    self.ask_path(Pick::Path(PathPurpose::PublishEdition), Some("site".to_owned()));
                } else {
                    self.view.dialog = Some(Dialog::Notice {
                        title: "No edition is open".to_owned(),
                        lines: vec!["Open an edition first (File ▸ Open Edition…).".to_owned()],
                    });
                }
            }
            Action::PublishEditionPath(out) => self.publish_to(out),
            Action::ShowOverview if self.overview.is_some() => {
                self.tabs.overview = true;
                self.history_for_selected();
            }
            Action::OpenEditionChapter(path) => self.open_in_tab(&path),
            Action::SwitchTab(i) => self.switch_to(i),
            Action::CycleTab(forth) if self.overview.is_some() => self.cycle_tab(forth),
            Action::CloseTab(i) if self.overview.is_some() => self.close_tab(i),
            Action::SaveChart(kind, png) => {
                let name =
                    format!("{}.{}", chart_name(self.overview.as_deref(), kind), if png { "png" } else { "svg" });
                self.ask_path(Pick::Path(PathPurpose::SaveChart(kind, png)), Some(name));
            }
            Action::SaveChartPath(kind, png, path) => self.save_chart(kind, png, path),
            _ => {}
        }
    }

    /// Applies what an edition job found.
    #[allow(clippy::too_many_lines)] // one arm a job, each short
    pub(super) fn edition_done(&mut self, done: EditionDone) {
        match done {
            EditionDone::Opened(dir, Ok(edition)) => {
                let mut ov = Overview::new(*edition);
                // The same folder opened again keeps the person's sort and filter.
                if let Some(old) = self.overview.take().filter(|o| o.edition.dir == dir) {
                    ov.sort = old.sort;
                    ov.filter = old.filter;
                    ov.selected = old.selected;
                    ov.pane = old.pane;
                }
                ov.refresh_at = Some(self.clock.now() + REFRESH_SECONDS);
                self.overview = Some(Box::new(ov));
                self.tabs.overview = true;
                self.start = None;
                self.tab_for_the_chapter();
                self.ask_last_changes();
            }
            EditionDone::Opened(dir, Err(message)) => {
                if self.overview.is_none() {
                    self.tabs.overview = false;
                }
                self.view.dialog = Some(Dialog::Error {
                    title: "Cannot open the edition".to_owned(),
                    message: format!("{}: {message}", dir.display()),
                });
            }
            EditionDone::Refreshed { dir, revision, edition, changed } => {
                let Some(ov) = self.overview.as_deref_mut().filter(|o| o.edition.dir == dir) else { return };
                let Some(edition) = edition else { return };
                if ov.revision != revision {
                    // A row was read again meanwhile: the next look finds these files again.
                    return;
                }
                ov.edition = Arc::new(*edition);
                ov.generation += 1;
                ov.revision += 1;
                // An open chapter changed on disk: the editor says so (see `disk`).
                if self.doc.path.as_ref().is_some_and(|p| changed.contains(p)) && self.view.dialog.is_none() {
                    self.check_disk();
                }
                self.ask_last_changes();
            }
            EditionDone::Reread { dir, path, entry } => {
                let Some(ov) = self.overview.as_deref_mut().filter(|o| o.edition.dir == dir) else { return };
                // A read older than the file now (saved again since) waits for the next one.
                if entry.as_ref().is_some_and(|e| e.stamp != Stamp::of(&path)) {
                    return;
                }
                ov.revision += 1;
                let edition = ov.edition_mut();
                match entry {
                    Some(mut entry) => {
                        if let Some(old) = edition.entries.iter_mut().find(|e| e.path == path) {
                            entry.row.last_change = old.row.last_change.take();
                            *old = *entry;
                        } else {
                            edition.entries.push(*entry);
                            edition.entries.sort_by(|a, b| a.path.cmp(&b.path));
                        }
                    }
                    None => edition.entries.retain(|e| e.path != path),
                }
                self.ask_last_changes();
            }
            EditionDone::LastChanges { dir, changes } => {
                let Some(ov) = self.overview.as_deref_mut().filter(|o| o.edition.dir == dir) else { return };
                let unchanged = changes.iter().all(|(path, change)| {
                    ov.edition.entries.iter().find(|e| &e.path == path).is_none_or(|e| e.row.last_change == *change)
                });
                if unchanged {
                    return;
                }
                let edition = ov.edition_mut();
                for (path, change) in changes {
                    if let Some(e) = edition.entries.iter_mut().find(|e| e.path == path) {
                        e.row.last_change = change;
                    }
                }
            }
            EditionDone::History { country, chart } => {
                if let Some(ov) = self.overview.as_deref_mut()
                    && ov.history.as_ref().is_some_and(|(c, _)| *c == country)
                {
                    ov.history = Some((country, Some(*chart)));
                }
            }
            EditionDone::Published(out, result) => {
                self.view.dialog = Some(match result {
                    Ok(published) => {
                        let mut lines = vec![format!(
                            "{} published, {} written into {}.",
                            crate::words::count(published.chapters, "chapter"),
                            crate::words::count(published.files.len(), "file"),
                            out.display()
                        )];
                        if !published.left_out.is_empty() {
                            lines.push(format!(
                                "{} left out (publish them once their errors are settled):",
                                crate::words::count(published.left_out.len(), "chapter")
                            ));
                            lines.extend(published.left_out.iter().map(|(file, why)| format!("{file}: {why}")));
                        }
                        Dialog::Notice { title: "Edition published".to_owned(), lines }
                    }
                    Err(message) => Dialog::Error { title: "Cannot publish the edition".to_owned(), message },
                });
            }
        }
    }

    /// Looks at the edition's folder again when it is time (called every frame, and while the
    /// window is hidden); asks to be called again then.
    pub(super) fn edition_tick(&mut self, ctx: &egui::Context) {
        let now = self.clock.now();
        let Some(ov) = self.overview.as_deref_mut() else { return };
        let due = *ov.refresh_at.get_or_insert(now + REFRESH_SECONDS);
        if now < due {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(due - now));
            return;
        }
        ov.refresh_at = Some(now + REFRESH_SECONDS);
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(REFRESH_SECONDS));
        if self.jobs.running(REFRESHING) || self.jobs.running(OPENING) {
            return;
        }
        self.refresh_edition();
    }

    /// Looks at the edition's folder now, in the background: chapters changed, added or gone
    /// since it was read update their rows.
    pub fn refresh_edition(&mut self) {
        let Some(ov) = self.overview.as_deref() else { return };
        let (edition, revision, dir) = (ov.edition.clone(), ov.revision, ov.edition.dir.clone());
        self.jobs.apart(REFRESHING, Kind::Writes, move || {
            let mut copy = (*edition).clone();
            let found = copy.refresh();
            let changed: Vec<PathBuf> = found.changed.iter().chain(&found.added).cloned().collect();
            let edition = (!found.is_empty()).then(|| Box::new(copy));
            Done::Edition(Box::new(EditionDone::Refreshed { dir, revision, edition, changed }))
        });
    }

    /// The chapter at `path` was saved here: if it is one of the edition's, its row is read
    /// again (in the background).
    pub(super) fn reread_in_edition(&mut self, path: &Path) {
        let Some(ov) = self.overview.as_deref() else { return };
        let e = &ov.edition;
        if !(path.starts_with(&e.dir) || e.entries.iter().any(|x| x.path == path)) {
            return;
        }
        // The edition without its chapters: reading one needs its methodology and regions.
        let light = Edition {
            dir: e.dir.clone(),
            file: e.file.clone(),
            method: e.method.clone(),
            items: e.items.clone(),
            entries: Vec::new(),
        };
        let path = path.to_owned();
        self.jobs.apart(REREADING, Kind::Writes, move || {
            let mut light = light;
            light.reread(&path);
            let entry = light.entries.pop().map(Box::new);
            Done::Edition(Box::new(EditionDone::Reread { dir: light.dir, path, entry }))
        });
    }

    /// Asks git who changed each chapter last (in the background).
    fn ask_last_changes(&mut self) {
        let Some(ov) = self.overview.as_deref() else { return };
        if self.jobs.running(LAST_CHANGES) {
            // The one under way may be older than this change: asked again at the next look.
            if let Some(ov) = self.overview.as_deref_mut() {
                ov.refresh_at = Some(self.clock.now());
            }
            return;
        }
        let edition = ov.edition.clone();
        self.jobs.apart(LAST_CHANGES, Kind::Writes, move || {
            let mut copy = (*edition).clone();
            copy.add_last_changes();
            let changes = copy.entries.iter().map(|e| (e.path.clone(), e.row.last_change.clone())).collect();
            Done::Edition(Box::new(EditionDone::LastChanges { dir: copy.dir, changes }))
        });
    }

    /// Reads the selected country's history (for the charts), unless it is read already.
    fn history_for_selected(&mut self) {
        let Some(ov) = self.overview.as_deref_mut() else { return };
        if ov.pane != OverviewPane::Charts {
            return;
        }
        let Some(country) = ov.selected_country() else { return };
        if ov.history.as_ref().is_some_and(|(c, _)| *c == country) {
            return;
        }
        ov.history = Some((country.clone(), None));
        let edition = ov.edition.clone();
        self.jobs.apart(HISTORY, Kind::Writes, move || {
            let chart = Box::new(crate::edition::chart::history(&edition, &country));
            Done::Edition(Box::new(EditionDone::History { country, chart }))
        });
    }

    /// Publishes the edition into `out`, in the background; what was written and what was
    /// left out (and why) is shown once done.
    fn publish_to(&mut self, out: PathBuf) {
        let Some(ov) = self.overview.as_deref() else { return };
        let edition = ov.edition.clone();
        self.jobs.apart(PUBLISHING, Kind::Writes, move || {
            let options = crate::edition::publish::PublishOptions {
                pdfs: crate::export::Format::Pdf.available(),
                ..crate::edition::publish::PublishOptions::default()
            };
            let result = crate::edition::publish::publish(&edition, &out, &options);
            Done::Edition(Box::new(EditionDone::Published(out, result)))
        });
    }

    /// Writes a chart as SVG or PNG to `path`, in the background.
    fn save_chart(&mut self, kind: ChartKind, png: bool, path: PathBuf) {
        let Some(ov) = self.overview.as_deref_mut() else { return };
        let chart = match kind {
            ChartKind::Headline => ov.charts().0.clone(),
            ChartKind::Grid => ov.charts().1.clone(),
            ChartKind::History => match ov.history.as_ref().and_then(|(_, c)| c.clone()) {
                Some(c) => c,
                None => return,
            },
        };
        let label = format!("Saving the {}…", kind.label());
        self.jobs.apart(&label, Kind::Writes, move || {
            let bytes = if png { chart.to_png(2.0) } else { Ok(chart.to_svg().into_bytes()) };
            let written = bytes.and_then(|b| crate::io::write_atomic(&path, &b, false).map_err(|e| e.to_string()));
            Done::Written(
                written
                    .map(|()| format!("Saved the {} as {}", kind.label(), path.display()))
                    .map_err(|message| ("Cannot save the chart".to_owned(), message)),
            )
        });
    }

    /// What the status bar says while the overview is shown: the edition's name, and its
    /// chapters, those with errors, and the tabs with unsaved changes.
    #[must_use]
    pub fn overview_status(&self) -> Option<(String, String)> {
        let ov = self.overview.as_deref().filter(|_| self.tabs.overview)?;
        let e = &ov.edition;
        let mut parts = vec![crate::words::count(e.entries.len(), "chapter")];
        let errors = e.rows().filter(|r| r.has_errors()).count();
        if errors > 0 {
            parts.push(format!("{errors} with errors"));
        }
        if self.any_tab_unsaved() {
            parts.push("unsaved changes in an open chapter".to_owned());
        }
        Some((e.file.name.clone(), parts.join(" · ")))
    }

    /// The overview, for tests and benches: its rows shown, their cells and sums.
    #[must_use]
    pub fn overview_mut(&mut self) -> Option<&mut Overview> {
        self.overview.as_deref_mut()
    }

    /// Whether the overview is shown (not a chapter).
    #[must_use]
    pub fn overview_shown(&self) -> bool {
        self.tabs.overview && self.overview.is_some()
    }

    /// How many chapter tabs are open.
    #[must_use]
    pub fn chapter_tabs(&self) -> usize {
        self.tabs.slots.len()
    }
}

/// The file name a chart is saved under by default.
fn chart_name(ov: Option<&Overview>, kind: ChartKind) -> String {
    let edition = ov.map_or_else(|| "edition".to_owned(), |o| o.edition.file.name.replace(' ', "-").to_lowercase());
    match kind {
        ChartKind::Headline => format!("{edition}-headline"),
        ChartKind::Grid => format!("{edition}-ratings"),
        ChartKind::History => {
            let country = ov.and_then(Overview::selected_country).unwrap_or_default();
            format!("{edition}-{}-history", country.replace(' ', "-").to_lowercase())
        }
    }
}

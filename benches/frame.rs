//! Frames of the whole editor, headless, on a large chapter: 7 categories × 150 bullets and
//! 1,500 footnotes (and on a large Freedom in the World chapter: 25 indicators × 10 paragraphs,
//! 1,500 footnotes). Every kind of frame an author or a reviewer causes is here, driven by the
//! input events a person sends (keys typed into a focused bullet, the mouse wheel), and each
//! must stay under 2 ms: still, the footnotes tab, typing in a footnote, a rating changed,
//! scrolling through all 150 bullets, typing, the `[^` completer open and narrowing as a label
//! is typed, typing with spelling on, the find bar open, the review view and the compare view.
//! And typing while a PDF of the whole chapter is exported (most of a second of work): the
//! export runs off the UI thread, so every frame meanwhile costs what typing costs, and the
//! slowest frame drawn during a whole export is measured and must stay under 16 ms.
#![cfg(feature = "gui")]

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Event, Key, Modifiers, Pos2, TouchPhase, vec2};
use rapporteur::app::{Action, RapporteurApp, Tab, TextField, editor_id};
use rapporteur::model::Rating;
use rapporteur::model::review::Anchor;

/// Runs one frame of `app` with `events`, as eframe would, tessellation included.
struct Frames {
    ctx: egui::Context,
    frame: eframe::Frame,
}

impl Frames {
    fn run(&mut self, app: &mut RapporteurApp, events: Vec<Event>) {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(Pos2::ZERO, vec2(1400.0, 900.0))),
            events,
            ..Default::default()
        };
        let frame = &mut self.frame;
        let out = self.ctx.run_ui(input, |ui| eframe::App::ui(app, ui, frame));
        let prims = self.ctx.tessellate(out.shapes, out.pixels_per_point);
        std::hint::black_box(prims);
    }

    fn still(&mut self, app: &mut RapporteurApp) {
        self.run(app, Vec::new());
    }
}

fn key(key: Key) -> Event {
    Event::Key { key, physical_key: None, pressed: true, repeat: false, modifiers: Modifiers::NONE }
}

/// The keys of typing `word` and then deleting it, one a frame, round and round.
fn typing(word: &str) -> Vec<Event> {
    let mut events: Vec<Event> = word.chars().map(|c| Event::Text(c.to_string())).collect();
    events.extend(word.chars().map(|_| key(Key::Backspace)));
    events
}

fn frames(c: &mut Criterion) {
    let ctx = egui::Context::default();
    let mut app = RapporteurApp::from_chapter(&ctx, rapporteur::sample::large_chapter(7, 150, 1500));
    let mut f = Frames { ctx: ctx.clone(), frame: eframe::Frame::_new_kittest() };
    // Warm up: fonts, galley caches.
    for _ in 0..3 {
        f.still(&mut app);
    }
    let mut group = c.benchmark_group("frame");
    group.bench_function("still", |b| b.iter(|| f.still(&mut app)));
    app.emit(Action::ShowTab(Tab::Footnotes));
    f.still(&mut app);
    group.bench_function("footnotes_tab", |b| b.iter(|| f.still(&mut app)));
    // Typing into a footnote's citation with the footnote list open: the live findings
    // re-check nothing but that footnote (the edits as the citation field sends them).
    let note = app.doc.chapter.footnotes[3].id;
    let citation = app.doc.chapter.footnotes[3].text.clone();
    let mut n = 0_usize;
    group.bench_function("typing_in_footnote", |b| {
        b.iter(|| {
            n += 1;
            let text = format!("{citation}{}", &" councils"[..n % 9]);
            app.emit(Action::EditText { field: TextField::FootnoteText(note), text });
            f.still(&mut app);
        });
    });
    app.emit(Action::ShowTab(Tab::Justification));
    app.emit(Action::SelectCategory(3));
    f.still(&mut app);
    let mut up = true;
    group.bench_function("rating_edit", |b| {
        b.iter(|| {
            app.emit(Action::StepRating { code: "IM".to_owned(), up });
            up = !up;
            f.still(&mut app);
        });
    });
    // The mouse wheel over the bullets: down through all 150 and back up, a notch a frame.
    let last = app.doc.chapter.categories[3].bullets.last().map(|b| b.id);
    let drawn = |ctx: &egui::Context| {
        last.is_some_and(|id| {
            ctx.data(|d| d.get_temp::<f32>(egui::Id::unique(("lazy-row-height", ("block", id)))).is_some())
        })
    };
    assert!(!drawn(&ctx), "the last bullet is out of sight before scrolling");
    f.run(&mut app, vec![Event::PointerMoved(Pos2::new(700.0, 500.0))]);
    let wheel = |down: bool| Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: vec2(0.0, if down { -240.0 } else { 240.0 }),
        phase: TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: Modifiers::NONE,
    };
    // Once down through all 150 and back before timing it, so that the check holds whichever
    // benches a filter picks.
    for down in std::iter::repeat_n(true, 60).chain(std::iter::repeat_n(false, 60)) {
        f.run(&mut app, vec![wheel(down)]);
    }
    assert!(drawn(&ctx), "the scrolling reached the last bullet");
    let mut n = 0_usize;
    group.bench_function("scrolling_150_bullets", |b| {
        b.iter(|| {
            n += 1;
            f.run(&mut app, vec![wheel(n % 120 < 60)]);
        });
    });
    f.run(&mut app, vec![Event::PointerGone]);
    let mut app = typing_frames(&mut group, &mut f, app);
    if cfg!(feature = "pdf") {
        exporting_frames(&mut group, &mut f, &mut app);
    }
    view_frames(&mut group, &mut f, &mut app);
    fiw_frames(&mut group, &mut f);
    overview_frames(&mut group, &mut f);
    group.finish();
}

/// A large Freedom in the World chapter: 25 indicators × 10 paragraphs (and the discretionary
/// question), 1,500 footnotes, its score card of fifteen figures and classifications. Still,
/// an indicator's score stepped (every figure recomputed), and typing in a paragraph.
fn fiw_frames(group: &mut Group<'_>, f: &mut Frames) {
    let Some(fiw) = rapporteur::Methodology::builtin("fiw") else { return };
    let chapter = rapporteur::sample::large_chapter_of(&fiw, "Freedonia", 2025, 26, 10, 1500);
    let mut app = RapporteurApp::from_chapter(&f.ctx, chapter);
    for _ in 0..3 {
        f.still(&mut app);
    }
    group.bench_function("fiw_still", |b| b.iter(|| f.still(&mut app)));
    let at = app.doc.chapter.categories.iter().position(|e| e.code == "B2").unwrap_or(0);
    app.emit(Action::SelectCategory(at));
    f.still(&mut app);
    let mut up = true;
    group.bench_function("fiw_rating_edit", |b| {
        b.iter(|| {
            app.emit(Action::StepRating { code: "B2".to_owned(), up });
            up = !up;
            f.still(&mut app);
        });
    });
    let ctx = f.ctx.clone();
    let block = app.doc.chapter.categories[at].bullets[0].id;
    ctx.memory_mut(|m| m.request_focus(editor_id(block)));
    f.still(&mut app);
    f.still(&mut app);
    let before = app.doc.chapter.categories[at].bullets[0].text.clone();
    f.run(&mut app, vec![Event::Text("x".into())]);
    assert_ne!(app.doc.chapter.categories[at].bullets[0].text, before, "the keys reach the paragraph");
    f.run(&mut app, vec![key(Key::Backspace)]);
    let keys = typing(" councils ");
    let mut n = 0_usize;
    group.bench_function("fiw_typing", |b| {
        b.iter(|| {
            n += 1;
            f.run(&mut app, vec![keys[n % keys.len()].clone()]);
        });
    });
    ctx.memory_mut(egui::Memory::stop_text_input);
}

type Group<'a> = criterion::BenchmarkGroup<'a, criterion::measurement::WallTime>;

/// Typing in a bullet, the completer, and typing with spelling on (which the app has from then
/// on).
fn typing_frames(group: &mut Group<'_>, f: &mut Frames, mut app: RapporteurApp) -> RapporteurApp {
    let ctx = f.ctx.clone();
    // Typing into the first bullet, a key a frame: each keystroke changes the text, so its
    // findings, word counts and footnote uses are brought up to date in that frame.
    let block = app.doc.chapter.categories[3].bullets[0].id;
    let text = |app: &RapporteurApp| app.doc.chapter.categories[3].bullets[0].text.clone();
    let before = text(&app);
    ctx.memory_mut(|m| m.request_focus(editor_id(block)));
    f.still(&mut app);
    f.still(&mut app);
    f.run(&mut app, vec![Event::Text("x".into())]);
    assert_ne!(text(&app), before, "the keys reach the bullet");
    f.run(&mut app, vec![key(Key::Backspace)]);
    assert_eq!(text(&app), before);
    let keys = typing(" councils ");
    let mut n = 0_usize;
    group.bench_function("typing", |b| {
        b.iter(|| {
            n += 1;
            f.run(&mut app, vec![keys[n % keys.len()].clone()]);
        });
    });
    // The completer: `[^` typed, the list of 1,500 footnotes open, ↓ and ↑ through it.
    f.run(&mut app, vec![Event::Text("[^".into())]);
    f.still(&mut app);
    assert!(app.view.completer.is_some(), "typing [^ opens the completer");
    let mut n = 0_usize;
    group.bench_function("completer_open", |b| {
        b.iter(|| {
            n += 1;
            f.run(&mut app, vec![key(if n.is_multiple_of(2) { Key::ArrowDown } else { Key::ArrowUp })]);
        });
    });
    // Narrowing the list as a label is typed: `[^z` matches no label and no citation (all
    // 1,500 are searched), Backspace offers them all again.
    let mut n = 0_usize;
    group.bench_function("completer_narrowing", |b| {
        b.iter(|| {
            n += 1;
            let event = if n % 2 == 1 { Event::Text("z".into()) } else { key(Key::Backspace) };
            f.run(&mut app, vec![event]);
        });
    });
    assert!(app.view.completer.is_some(), "the completer stayed open");
    f.run(&mut app, vec![key(Key::Escape)]);
    f.run(&mut app, vec![key(Key::Backspace), key(Key::Backspace)]);
    ctx.memory_mut(egui::Memory::stop_text_input);
    f.still(&mut app);

    // Spelling on: typing re-checks the block typed in; the other blocks' words are known.
    let mut app = app.with_spelling_ready();
    ctx.memory_mut(|m| m.request_focus(editor_id(block)));
    f.still(&mut app);
    f.still(&mut app);
    let keys = typing(" recieve ");
    let mut n = 0_usize;
    group.bench_function("typing_spelling_on", |b| {
        b.iter(|| {
            n += 1;
            f.run(&mut app, vec![keys[n % keys.len()].clone()]);
        });
    });
    ctx.memory_mut(egui::Memory::stop_text_input);
    f.still(&mut app);

    app
}

/// Typing in a bullet while a PDF of the chapter is exported: a new export is started whenever
/// the last one is done, so every frame measured has one running.
fn exporting_frames(group: &mut Group<'_>, f: &mut Frames, app: &mut RapporteurApp) {
    let ctx = f.ctx.clone();
    let dir = std::env::temp_dir().join(format!("rapporteur-frame-bench-pdf-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let out = dir.join("chapter.pdf");
    let export = Action::ExportPath(rapporteur::export::Format::Pdf, out.clone());
    let block = app.doc.chapter.categories[3].bullets[0].id;
    ctx.memory_mut(|m| m.request_focus(editor_id(block)));
    f.still(app);
    f.still(app);
    let keys = typing(" councils ");
    // One whole export, frame by frame: the slowest frame drawn while it runs.
    app.emit(export.clone());
    f.still(app);
    assert!(app.jobs_writing(), "the export runs in the background");
    let (started, mut slowest, mut frames) = (std::time::Instant::now(), std::time::Duration::ZERO, 0_usize);
    while app.jobs_writing() && started.elapsed() < std::time::Duration::from_mins(1) {
        let t = std::time::Instant::now();
        f.run(app, vec![keys[frames % keys.len()].clone()]);
        slowest = slowest.max(t.elapsed());
        frames += 1;
    }
    let written = std::fs::read(&out).unwrap_or_default();
    assert!(written.starts_with(b"%PDF"), "the export finished and wrote a PDF");
    eprintln!(
        "frame/typing_while_exporting_pdf: {frames} frames during one export of {:.2} s, slowest {:.2} ms",
        started.elapsed().as_secs_f64(),
        slowest.as_secs_f64() * 1000.0
    );
    assert!(slowest < std::time::Duration::from_millis(16), "a frame took {slowest:?} during the export");
    let mut n = 0_usize;
    group.bench_function("typing_while_exporting_pdf", |b| {
        b.iter(|| {
            if !app.jobs_writing() {
                app.emit(export.clone());
            }
            n += 1;
            f.run(app, vec![keys[n % keys.len()].clone()]);
        });
    });
    app.wait_for_jobs();
    ctx.memory_mut(egui::Memory::stop_text_input);
    f.still(app);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The find bar, the review view and the compare view.
fn view_frames(group: &mut Group<'_>, f: &mut Frames, app: &mut RapporteurApp) {
    // The find bar open on a word in every bullet: the matches are counted once, not per frame.
    app.emit(Action::Find);
    "akimat".clone_into(&mut app.view.find.query);
    f.still(app);
    group.bench_function("find_bar_open", |b| b.iter(|| f.still(app)));
    app.emit(Action::CloseFind);
    // The review view of a category with 150 bullets and their 300 citations, a comment on
    // every tenth bullet and an open proposal.
    for k in (0..150).step_by(10) {
        let id = app.doc.chapter.categories[3].bullets[k].id;
        let text = format!("Comment {k}: which source supports this?");
        app.emit(Action::AddComment {
            anchor: Anchor::Block(id),
            quote: String::new(),
            suggestion: String::new(),
            text,
        });
    }
    app.emit(Action::ProposeRating {
        code: "IM".to_owned(),
        rating: Rating::from_hundredths(150),
        reason: "More outlets".into(),
    });
    app.emit(Action::ShowTab(Tab::Review));
    f.still(app);
    f.still(app);
    group.bench_function("review_view", |b| b.iter(|| f.still(app)));
    // The comparison with an earlier version: every tenth bullet of each category edited.
    let mut earlier = app.doc.chapter.clone();
    for entry in &mut earlier.categories {
        for bullet in entry.bullets.iter_mut().step_by(10) {
            bullet.text = bullet.text.replacen("met rarely", "met often", 1);
        }
    }
    let dir = std::env::temp_dir().join(format!("rapporteur-frame-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("earlier.ron");
    if rapporteur::io::save(&path, &earlier).is_ok() {
        app.emit(Action::CompareWithPath(path));
        f.still(app);
        f.still(app);
        group.bench_function("compare_view", |b| b.iter(|| f.still(app)));
    }
    let _ = std::fs::remove_dir_all(&dir);
    app.emit(Action::CloseComparison);
    app.emit(Action::ShowTab(Tab::Justification));
    f.still(app);
}

/// The overview of a 600-chapter edition (File ▸ Open Edition…): still, the mouse wheel
/// through the table, a header clicked (sorted again), and a letter typed into its filter.
/// Each must stay under 2 ms: the cells are formatted once an edition version, the order
/// found once a sort or filter, and only the rows in sight are drawn.
fn overview_frames(group: &mut Group<'_>, f: &mut Frames) {
    let method = rapporteur::Methodology::nit_2020();
    let dir = std::env::temp_dir().join(format!("rapporteur-overview-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut file = rapporteur::edition::EditionFile::new("Bench Edition", "nit-2020", 2024);
    let mut regions: Vec<rapporteur::edition::Region> =
        (0..6).map(|r| rapporteur::edition::Region { name: format!("Region {r}"), countries: Vec::new() }).collect();
    for i in 0..600_u32 {
        let country = format!("Country {i:03}");
        let mut c = rapporteur::sample::large_chapter_of(&method, &country, 2024, 7, 2, 4);
        // Ratings that differ from chapter to chapter, so that sorting has work to do.
        for (k, e) in c.categories.iter_mut().enumerate() {
            e.rating = Some(Rating::from_hundredths(100 + 25 * ((i as usize * 7 + k * 3) % 25) as u32));
        }
        regions[(i % 6) as usize].countries.push(country);
        let path = dir.join(format!("r{}", i % 6)).join(format!("country-{i:03}.ron"));
        let _ = std::fs::create_dir_all(path.parent().unwrap_or(&dir));
        let _ = std::fs::write(&path, rapporteur::io::to_ron(&c));
    }
    file.regions = regions;
    let _ = std::fs::write(dir.join("edition.ron"), file.to_ron());
    let mut app = RapporteurApp::from_chapter(&f.ctx, rapporteur::sample::large_chapter(7, 2, 4));
    let started = std::time::Instant::now();
    app.emit(Action::OpenEditionPath(dir.clone()));
    f.still(&mut app);
    app.wait_for_jobs();
    eprintln!("overview: 600 chapters opened in {:?}", started.elapsed());
    for _ in 0..3 {
        f.still(&mut app);
    }
    assert!(app.overview_shown(), "the overview is shown");
    group.bench_function("overview_still", |b| b.iter(|| f.still(&mut app)));
    f.run(&mut app, vec![Event::PointerMoved(Pos2::new(700.0, 500.0))]);
    let wheel = |down: bool| Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: vec2(0.0, if down { -240.0 } else { 240.0 }),
        phase: TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: Modifiers::NONE,
    };
    let mut n = 0_usize;
    group.bench_function("overview_scrolling", |b| {
        b.iter(|| {
            n += 1;
            f.run(&mut app, vec![wheel(n % 120 < 60)]);
        });
    });
    let columns = app.overview_mut().map(|o| rapporteur::edition::overview::columns(&o.edition)).unwrap_or_default();
    let mut n = 0_usize;
    group.bench_function("overview_sort_click", |b| {
        b.iter(|| {
            n += 1;
            if let Some(ov) = app.overview_mut() {
                ov.sort_by(columns[n % columns.len()]);
            }
            f.still(&mut app);
        });
    });
    let mut n = 0_usize;
    group.bench_function("overview_typing_filter", |b| {
        b.iter(|| {
            n += 1;
            if let Some(ov) = app.overview_mut() {
                ov.filter.text = "country 1".chars().take(n % 10).collect();
            }
            f.still(&mut app);
        });
    });
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, frames);
criterion_main!(benches);

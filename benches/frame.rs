//! Frames of the whole editor, headless, on a large chapter: 7 categories × 150 bullets and
//! 1,500 footnotes. A frame must stay under 8 ms (aim: 4 ms), also when every frame edits.
#![cfg(feature = "gui")]

use criterion::{Criterion, criterion_group, criterion_main};
use rapporteur::app::{Action, RapporteurApp, Tab, TextField};
use rapporteur::model::Rating;
use rapporteur::model::review::Anchor;

fn frames(c: &mut Criterion) {
    let ctx = egui::Context::default();
    let mut app = RapporteurApp::from_chapter(&ctx, rapporteur::sample::large_chapter(7, 150, 1500));
    let mut frame = eframe::Frame::_new_kittest();
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1400.0, 900.0))),
        ..Default::default()
    };
    let mut run = |app: &mut RapporteurApp| {
        let out = ctx.run_ui(input(), |ui| eframe::App::ui(app, ui, &mut frame));
        let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
        std::hint::black_box(prims);
    };
    // Warm up: fonts, galley caches.
    for _ in 0..3 {
        run(&mut app);
    }
    let mut group = c.benchmark_group("frame");
    group.bench_function("justification_150_bullets", |b| b.iter(|| run(&mut app)));
    app.emit(Action::ShowTab(Tab::Footnotes));
    run(&mut app);
    group.bench_function("footnotes_1500", |b| b.iter(|| run(&mut app)));
    app.emit(Action::ShowTab(Tab::Justification));
    app.emit(Action::SelectCategory(3));
    run(&mut app);
    group.bench_function("edit_rating_each_frame", |b| {
        let mut up = true;
        b.iter(|| {
            app.emit(Action::StepRating { code: "IM".to_owned(), up });
            up = !up;
            run(&mut app);
        });
    });
    // Typing in a bullet: every keystroke changes the text, so the word counts and the
    // footnote uses are recomputed as well as the findings.
    let block = app.doc.chapter.categories[3].bullets[0].id;
    let original = app.doc.chapter.categories[3].bullets[0].text.clone();
    group.bench_function("type_in_bullet_each_frame", |b| {
        let mut n = 0_usize;
        b.iter(|| {
            n += 1;
            let text = format!("{original} {}", "x".repeat(n % 40));
            app.emit(Action::EditText { field: TextField::Block(block), text });
            run(&mut app);
        });
    });
    // The find bar open on a word in every bullet: the matches are counted once, not per frame.
    app.emit(Action::ToggleFind);
    "akimat".clone_into(&mut app.view.find.query);
    run(&mut app);
    group.bench_function("find_bar_open", |b| b.iter(|| run(&mut app)));
    app.emit(Action::ToggleFind);
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
    run(&mut app);
    run(&mut app);
    group.bench_function("review_view", |b| b.iter(|| run(&mut app)));
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
        run(&mut app);
        run(&mut app);
        group.bench_function("compare_view", |b| b.iter(|| run(&mut app)));
    }
    let _ = std::fs::remove_dir_all(&dir);
    app.emit(Action::CloseComparison);
    app.emit(Action::ShowTab(Tab::Justification));
    run(&mut app);

    // Spelling on: typing re-checks the block typed in, the rest comes from the cache.
    let mut app = app.with_spelling_ready();
    run(&mut app);
    run(&mut app);
    group.bench_function("type_in_bullet_spelling_on", |b| {
        let mut n = 0_usize;
        b.iter(|| {
            n += 1;
            let text = format!("{original} {}", "recieve ".repeat(n % 6));
            app.emit(Action::EditText { field: TextField::Block(block), text });
            run(&mut app);
        });
    });
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);

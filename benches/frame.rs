//! Frames of the whole editor, headless, on a large chapter: 7 categories × 150 bullets and
//! 1,500 footnotes. A frame must stay under 8 ms (aim: 4 ms), also when every frame edits.
#![cfg(feature = "gui")]

use criterion::{Criterion, criterion_group, criterion_main};
use rapporteur::Methodology;
use rapporteur::app::{Action, RapporteurApp, Tab, TextField};
use rapporteur::model::{Chapter, Rating};

fn large_chapter() -> Chapter {
    let method = Methodology::nit_2020();
    let mut c = Chapter::new(&method, "Қазақстан", 2024);
    let mut label = 0;
    for k in 0..7 {
        let code = c.categories[k].code.clone();
        let mut bullets = Vec::new();
        for b in 0..150 {
            label += 1;
            let next = label % 1500 + 1;
            let text = format!(
                "Bullet {b} of {code}: the akimat of the region (әкімдік) met {b} times and passed \
                 its budget without amendment, as in earlier years.[^{label}] Observers noted the \
                 same pattern in neighbouring districts.[^{next}]"
            );
            bullets.push(c.new_block(text));
        }
        let entry = &mut c.categories[k];
        entry.bullets = bullets;
        entry.rating = Some(Rating::from_hundredths(125 + 25 * (k as u32 % 3)));
        entry.last_year = Some(Rating::from_hundredths(150));
    }
    for n in 1..=1500 {
        c.add_footnote(
            n.to_string(),
            format!("Source number {n}, a report on local government, Astana, 2023."),
            Some(format!("https://example.org/source/{n}")),
        );
    }
    c
}

fn frames(c: &mut Criterion) {
    let ctx = egui::Context::default();
    let mut app = RapporteurApp::from_chapter(&ctx, large_chapter());
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
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);

//! `merge`: a three-way merge of chapters ([`rapporteur::merge`]), also git's merge driver
//! (`rapporteur merge %O %A %B -o %A --path %P`, see `git-setup`).
//!
//! Exit codes: 0 merged cleanly, 1 merged with conflicts recorded in the chapter (git then
//! marks the file as conflicted), 2 when an input cannot be read or the output written.

use std::path::Path;
use std::process::ExitCode;

use rapporteur::io;
use rapporteur::merge;
use rapporteur::method::Methodology;

/// `rapporteur merge BASE OURS THEIRS -o OUT`. The output is written atomically and may be
/// OURS itself. The previous OUT is kept as `OUT.bak`, except for git's temporary files
/// (`.merge_file_*`), where a backup would be left behind in the work tree.
///
/// `place` is where the chapter lives (git's `%P`): a methodology the chapter names by path is
/// found beside it rather than beside git's temporary copies.
pub fn merge(base: &Path, ours: &Path, theirs: &Path, output: &Path, place: Option<&Path>) -> Result<ExitCode, String> {
    // A methodology or ratings file kept beside the chapters is merged as text; anything that
    // cannot be read is left to the chapter merge, which says why.
    let not_a_chapter = |p: &Path| {
        io::read_capped(p, io::MAX_FILE_BYTES).is_ok_and(|b| {
            let text = String::from_utf8_lossy(&b);
            ["Index", "RatingsFile"].iter().any(|n| rapporteur::data::starts_with_name(&text, n))
        })
    };
    if [base, ours, theirs].iter().any(|p| not_a_chapter(p)) {
        return merge_as_text(base, ours, theirs, output);
    }
    let dir = place.map_or_else(|| ours.parent(), Path::parent);
    let b = io::load_in(base, dir).map_err(|e| e.to_string())?;
    let o = io::load_in(ours, dir).map_err(|e| e.to_string())?;
    let t = io::load_in(theirs, dir).map_err(|e| e.to_string())?;
    let method = Methodology::resolve(&o.methodology, dir).map_err(|e| format!("{}: {e}", ours.display()))?;
    let merged = merge::merge(&b, &o, &t, &method);
    let git_temporary = output.file_name().is_some_and(|n| n.to_string_lossy().starts_with(".merge_file_"));
    io::write_project(output, &io::to_ron(&merged.chapter), !git_temporary).map_err(|e| e.to_string())?;
    for note in &merged.notes {
        eprintln!("rapporteur merge: note: {note}");
    }
    let conflicts = match merged.conflicts {
        0 => "no conflicts".to_owned(),
        1 => "1 conflict recorded (take one side or edit; `rapporteur check` lists it)".to_owned(),
        n => format!("{n} conflicts recorded (take one side or edit; `rapporteur check` lists them)"),
    };
    let relabelled = if merged.relabelled.is_empty() {
        String::new()
    } else {
        let pairs: Vec<String> = merged.relabelled.iter().map(|(a, b)| format!("[^{a}] -> [^{b}]")).collect();
        format!("; their footnotes relabelled: {}", pairs.join(", "))
    };
    println!("Merged into {}: {conflicts}{relabelled}", output.display());
    Ok(if merged.conflicts > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// A `.ron` file that is not a chapter (a team's methodology file, a ratings file kept beside
/// the chapters) merged as text by git's own line merge (`git merge-file`), with conflict
/// markers where both sides changed the same lines: what git would do without the driver.
fn merge_as_text(base: &Path, ours: &Path, theirs: &Path, output: &Path) -> Result<ExitCode, String> {
    let merged = std::process::Command::new("git")
        .args(["merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs"])
        .args([ours, base, theirs])
        .output()
        .map_err(|e| {
            format!("{} is not a chapter, and git merge-file cannot run to merge it as text: {e}", ours.display())
        })?;
    // merge-file exits with the number of conflicts (0 clean), or a negative status on error.
    let conflicts = merged.status.code().filter(|c| (0..128).contains(c)).ok_or_else(|| {
        format!("git merge-file failed on {}: {}", ours.display(), String::from_utf8_lossy(&merged.stderr).trim())
    })?;
    io::write_atomic(output, &merged.stdout, false).map_err(|e| e.to_string())?;
    println!("Merged {} as text (not a chapter): {conflicts} conflict(s)", output.display());
    Ok(if conflicts > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

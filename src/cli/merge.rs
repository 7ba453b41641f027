//! `merge`: a three-way merge of chapters ([`rapporteur::merge`]), also git's merge driver
//! (`rapporteur merge %O %A %B -o %A`, see `git-setup`).
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
pub fn merge(base: &Path, ours: &Path, theirs: &Path, output: &Path) -> Result<ExitCode, String> {
    let b = io::load(base).map_err(|e| e.to_string())?;
    let o = io::load(ours).map_err(|e| e.to_string())?;
    let t = io::load(theirs).map_err(|e| e.to_string())?;
    let method = Methodology::builtin(&o.methodology)
        .ok_or_else(|| format!("{}: unknown methodology \"{}\"", ours.display(), o.methodology))?;
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

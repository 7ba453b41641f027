//! `import-comments`: the comments a reviewer wrote in a Word review copy, added to the chapter.

use std::io::Read as _;
use std::path::Path;
use std::process::ExitCode;

use rapporteur::io;
use rapporteur::review_copy::{self, import::MAX_FILE_BYTES};

/// `rapporteur import-comments REVIEW.docx --into FILE.ron`.
///
/// Reads the review copy (at most [`MAX_FILE_BYTES`], read through a capped reader whatever the
/// file system says), adds the new comments and replies to the chapter and saves it atomically
/// (the previous version kept as `FILE.ron.bak`); prints one line saying what was imported.
/// Nothing new leaves the chapter file untouched. A bad review copy or chapter is an `Err`
/// (exit 2) naming the file.
pub fn import_comments(docx: &Path, into: &Path) -> Result<ExitCode, String> {
    let (mut chapter, _) = super::chapter::load(into)?;
    let bytes = read_capped(docx)?;
    let imported =
        review_copy::read(&bytes, &chapter, chrono::Utc::now()).map_err(|e| format!("{}: {e}", docx.display()))?;
    if imported.is_empty() {
        println!(
            "Nothing new to import into {} ({} comments and replies there already)",
            into.display(),
            imported.known
        );
        return Ok(ExitCode::SUCCESS);
    }
    let summary = imported.apply(&mut chapter).map_err(|e| format!("{}: {e}", into.display()))?;
    io::save(into, &chapter).map_err(|e| e.to_string())?;
    println!("{summary} imported into {}", into.display());
    Ok(ExitCode::SUCCESS)
}

/// The file's bytes, refused past [`MAX_FILE_BYTES`] without reading further.
fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    let cannot = |e: std::io::Error| format!("{}: cannot read the file: {e}", path.display());
    let file = std::fs::File::open(path).map_err(cannot)?;
    if file.metadata().map_err(cannot)?.is_dir() {
        return Err(format!("{}: cannot read the file: it is a folder, not a file", path.display()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "{}: the file is larger than the {MAX_FILE_BYTES} bytes a review copy may have; refused",
            path.display()
        ));
    }
    Ok(bytes)
}

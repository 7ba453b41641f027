//! `import-comments`: the comments a reviewer wrote in a Word review copy, added to the chapter.

use std::path::Path;
use std::process::ExitCode;

use rapporteur::io;
use rapporteur::review_copy;

/// `rapporteur import-comments REVIEW.docx --into FILE.ron`.
///
/// Reads the review copy ([`review_copy::read_file`]: size-capped, whatever the file system
/// says), adds the new comments and replies to the chapter and saves it atomically (the
/// previous version kept as `FILE.ron.bak`); prints one line saying what was imported. Nothing
/// new leaves the chapter file untouched, and so does an import that would make the project
/// larger than [`io::MAX_FILE_BYTES`] (which no command could load). A bad review copy or
/// chapter is an `Err` (exit 2) naming the file.
pub fn import_comments(docx: &Path, into: &Path) -> Result<ExitCode, String> {
    let (mut chapter, _) = super::chapter::load(into)?;
    let imported = review_copy::read_file(docx, &chapter, chrono::Utc::now()).map_err(|e| e.to_string())?;
    if imported.is_empty() {
        println!(
            "Nothing new to import into {} ({} comments and replies there already)",
            into.display(),
            imported.known
        );
        return Ok(ExitCode::SUCCESS);
    }
    let summary = imported.apply(&mut chapter).map_err(|e| format!("{}: {e}", into.display()))?;
    // A project over the size every command loads would be written and then refused: refuse
    // it here, before anything is written.
    let text = io::to_ron(&chapter);
    if text.len() as u64 > io::MAX_FILE_BYTES {
        return Err(format!(
            "{}: importing {summary} from {} would make the project {} bytes, more than the {} bytes a project file may have; nothing was imported and the project is unchanged",
            into.display(),
            docx.display(),
            text.len(),
            io::MAX_FILE_BYTES
        ));
    }
    io::write_atomic(into, text.as_bytes(), true).map_err(|e| e.to_string())?;
    println!("{summary} imported into {}", into.display());
    Ok(ExitCode::SUCCESS)
}

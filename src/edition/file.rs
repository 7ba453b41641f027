//! The edition file, `edition.ron`: what an edition is (its name, methodology and year), its
//! regions in published order, and where its chapters are.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The name of the file that makes a folder an edition.
pub const FILE_NAME: &str = "edition.ron";

/// The version of the edition file this build writes.
pub const EDITION_FORMAT: u32 = 1;

/// An edition: every chapter of one report, rated under one methodology.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename = "Edition", deny_unknown_fields)]
pub struct EditionFile {
    /// The file's format version ([`EDITION_FORMAT`]).
    pub format: u32,
    /// The edition's name, e.g. "Nations in Transit 2024".
    pub name: String,
    /// Its methodology: a built-in id, or a methodology file's path relative to the edition's
    /// folder.
    pub methodology: String,
    /// The edition year.
    pub edition: i32,
    /// The regions, in published order, each with its countries in published order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<Region>,
    /// Where its chapters are: folders or files relative to the edition's folder. Left out,
    /// every chapter (`.ron` project file) below the folder.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chapters: Vec<String>,
}

/// A region and its countries, in published order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename = "Region", deny_unknown_fields)]
pub struct Region {
    /// The region's name, e.g. "Central Asia".
    pub name: String,
    /// Its countries.
    pub countries: Vec<String>,
}

impl Region {
    /// The region `name` with `countries`, in published order.
    #[must_use]
    pub fn new(name: &str, countries: &[&str]) -> Self {
        Self { name: name.to_owned(), countries: countries.iter().map(|c| (*c).to_owned()).collect() }
    }
}

impl EditionFile {
    /// A new edition file with no regions, reading every chapter below its folder.
    #[must_use]
    pub fn new(name: &str, methodology: &str, edition: i32) -> Self {
        Self {
            format: EDITION_FORMAT,
            name: name.to_owned(),
            methodology: methodology.to_owned(),
            edition,
            regions: Vec::new(),
            chapters: Vec::new(),
        }
    }

    /// The region `country` belongs to, if the file lists it.
    #[must_use]
    pub fn region_of(&self, country: &str) -> Option<&str> {
        self.regions.iter().find(|r| r.countries.iter().any(|c| c == country)).map(|r| r.name.as_str())
    }

    /// Where `country` is in the published order: its region's place, then its place in the
    /// region (countries the file does not list come last).
    #[must_use]
    pub fn published_rank(&self, country: &str) -> (usize, usize) {
        for (r, region) in self.regions.iter().enumerate() {
            if let Some(c) = region.countries.iter().position(|c| c == country) {
                return (r, c);
            }
        }
        (usize::MAX, usize::MAX)
    }

    /// The file as text: pretty RON, one field a line, `\n` line ends.
    #[must_use]
    pub fn to_ron(&self) -> String {
        let config = ron::ser::PrettyConfig::new()
            .new_line("\n")
            .indentor("    ")
            .separator(" ")
            .struct_names(true)
            .compact_arrays(false);
        // Plain strings and numbers: serializing cannot fail.
        let mut text =
            ron::ser::to_string_pretty(self, config).unwrap_or_else(|e| unreachable!("edition serializes: {e}"));
        text.push('\n');
        text
    }

    /// Reads an edition file's text; `path` names the file in the message.
    pub fn from_ron(text: &str, path: &Path) -> Result<Self, String> {
        let file: Self = ron::from_str(text)
            .map_err(|e| format!("{}:{}:{}: {}", path.display(), e.span.start.line, e.span.start.col, e.code))?;
        if file.format > EDITION_FORMAT {
            return Err(format!(
                "{}: written by a newer Rapporteur (edition format {}, this one reads up to {EDITION_FORMAT})",
                path.display(),
                file.format
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for region in &file.regions {
            for country in &region.countries {
                if !seen.insert(country.as_str()) {
                    return Err(format!("{}: \"{country}\" is listed in more than one region", path.display()));
                }
            }
        }
        Ok(file)
    }

    /// Reads `DIR/edition.ron`.
    pub fn load(dir: &Path) -> Result<Self, String> {
        let path = dir.join(FILE_NAME);
        let bytes = crate::io::read_capped(&path, crate::io::MAX_FILE_BYTES).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                format!(
                    "{} is not an edition: it has no {FILE_NAME} (make one with `rapporteur edition init`)",
                    dir.display()
                )
            } else {
                format!("{}: cannot read the file: {e}", path.display())
            }
        })?;
        let text = String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", path.display()))?;
        Self::from_ron(&text, &path)
    }

    /// The folders and files its chapters are read from.
    #[must_use]
    pub fn chapter_roots(&self, dir: &Path) -> Vec<PathBuf> {
        if self.chapters.is_empty() {
            vec![dir.to_owned()]
        } else {
            self.chapters.iter().map(|c| dir.join(c)).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edition_file_round_trips_and_names_its_problems() {
        let mut file = EditionFile::new("Nations in Transit 2024", "nit-2020", 2024);
        file.regions
            .push(Region { name: "Central Asia".into(), countries: vec!["Kazakhstan".into(), "Kyrgyzstan".into()] });
        let text = file.to_ron();
        assert!(text.starts_with("Edition(\n    format: 1,\n    name: \"Nations in Transit 2024\",\n"), "{text}");
        assert_eq!(EditionFile::from_ron(&text, Path::new("edition.ron")), Ok(file.clone()));
        assert_eq!(file.region_of("Kyrgyzstan"), Some("Central Asia"));
        assert_eq!(file.published_rank("Kyrgyzstan"), (0, 1));
        assert_eq!(file.region_of("Freedonia"), None);

        let twice = text.replace("\"Kyrgyzstan\"", "\"Kazakhstan\"");
        assert_eq!(
            EditionFile::from_ron(&twice, Path::new("e/edition.ron")),
            Err("e/edition.ron: \"Kazakhstan\" is listed in more than one region".to_owned())
        );
        let newer = text.replace("format: 1", "format: 9");
        assert!(EditionFile::from_ron(&newer, Path::new("edition.ron")).unwrap_err().contains("newer Rapporteur"));
        let typo = text.replace("edition: 2024", "editon: 2024");
        let e = EditionFile::from_ron(&typo, Path::new("edition.ron")).unwrap_err();
        assert!(e.starts_with("edition.ron:5:"), "{e}");
    }
}

//! Small helpers for the words every view, command and report shares.

/// A number with its noun, plural by adding "s": "1 error", "3 errors", "0 notes".
#[must_use]
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// A number with its noun, given both forms: "1 classification", "2 entries".
#[must_use]
pub fn count_as(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_number_plural() {
        assert_eq!(count(1, "error"), "1 error");
        assert_eq!(count(0, "error"), "0 errors");
        assert_eq!(count(12, "note"), "12 notes");
        assert_eq!(count_as(1, "entry", "entries"), "1 entry");
        assert_eq!(count_as(2, "entry", "entries"), "2 entries");
    }
}

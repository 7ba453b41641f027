//! Diff and merge of a large chapter (placeholder while being written).

fn main() {}

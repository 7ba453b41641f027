//! Three-way merge of chapters (placeholder while being written).

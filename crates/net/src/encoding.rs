//! Data encoding (SPEC §2). PLACEHOLDER.

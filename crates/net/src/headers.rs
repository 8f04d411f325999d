//! Request header filtering (SPEC §2). PLACEHOLDER.

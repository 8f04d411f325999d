//! PLACEHOLDER (sandbox).

//! PLACEHOLDER (transfer).

//! PLACEHOLDER (socket).

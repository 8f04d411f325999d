//! PLACEHOLDER (cookies).

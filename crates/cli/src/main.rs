//! The `minihost` binary. PLACEHOLDER.
fn main() {}

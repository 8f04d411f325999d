//! The rquickjs binding of minihost. PLACEHOLDER.

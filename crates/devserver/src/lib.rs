//! The bundled HTTPS/WSS developer test server. PLACEHOLDER.

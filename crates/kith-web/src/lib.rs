//! kith's local web UI and JSON API, served by `kith serve` from the same binary.
//!
//! Nothing lives here yet: the foundation has no pages to serve. When the web UI lands, this
//! crate owns the axum router, the server-rendered pages, the JSON API under `/api/v1` with its
//! OpenAPI document, and the static assets embedded in the binary; like the CLI it holds no
//! business rules and calls `kith-core` and `kith-store` for everything.

#![deny(missing_docs)]

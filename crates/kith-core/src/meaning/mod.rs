//! Meaning: how alike two short facts are, the ground the intersection engine stands on.
//!
//! Two tiers. The lexical tier is always on (normalisation, stemming, stop words and a built-in
//! concept lexicon). The semantic tier is a sentence-embedding model the user imports once
//! (`kith model import`); this crate only sees it through [`Embed`], so it stays free of I/O
//! and of any model runtime. [`eval`] measures either tier on labelled phrase groups.

mod embed;
pub mod eval;

pub use embed::{Cached, Embed, cosine};

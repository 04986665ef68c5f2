//! Meaning: how alike two short facts are, the ground the intersection engine stands on.
//!
//! Two tiers. The lexical tier is always on: [`tokens`] normalises, splits and stems text
//! (English Snowball, a light [`ukrainian`] stemmer), drops stop words and makes frame words
//! light; [`lexicon`] holds the built-in concept lexicon (English and Ukrainian aliases,
//! broader concepts, word-sense cues); [`lexical`] turns a phrase into concepts and words and
//! compares two phrases. The semantic tier is a sentence-embedding model the user imports once
//! (`kith model import`); this crate only sees it through [`Embed`], so it stays free of I/O
//! and of any model runtime. [`eval`] measures either tier on labelled phrase groups.

mod embed;
pub mod eval;
pub mod lexical;
pub mod lexicon;
pub mod tokens;
pub mod ukrainian;

pub use embed::{Cached, Embed, cosine};
pub use lexical::{Matcher, Phrase, Similarity};
pub use lexicon::{ConceptId, Lexicon};

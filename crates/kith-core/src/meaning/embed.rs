//! The semantic tier's seam: anything that turns a phrase into a vector.

use std::collections::HashMap;
use std::fmt;

/// A sentence-embedding model: phrases with similar meaning get vectors pointing the same way.
///
/// Implementations live outside `kith-core` (loading a model is I/O); the engine only embeds
/// and compares. Every vector one model returns has the same length.
pub trait Embed: Send + Sync {
    /// The vector for one short phrase, as typed by a person (the model does its own
    /// normalisation and tokenisation).
    fn embed(&self, text: &str) -> Vec<f32>;
}

/// A model with the vectors already known for some phrases: those are answered from memory,
/// the rest by the model. A phrase takes a transformer milliseconds, so callers keep vectors
/// of fact texts between runs (per model) and embed only what is new.
pub struct Cached<E> {
    model: E,
    known: HashMap<String, Vec<f32>>,
}

impl<E: Embed> Cached<E> {
    /// `model`, with `known` vectors it made earlier.
    pub fn new(model: E, known: HashMap<String, Vec<f32>>) -> Self {
        Self { model, known }
    }

    /// The model itself.
    pub fn model(&self) -> &E {
        &self.model
    }
}

impl<E: Embed> Embed for Cached<E> {
    fn embed(&self, text: &str) -> Vec<f32> {
        match self.known.get(text) {
            Some(vector) => vector.clone(),
            None => self.model.embed(text),
        }
    }
}

impl<E> fmt::Debug for Cached<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cached")
            .field("known", &self.known.len())
            .finish_non_exhaustive()
    }
}

/// Cosine similarity of two vectors of equal length, in [-1, 1]; 0 when either is all zeros
/// (a phrase made only of words the model has never seen).
#[must_use]
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    debug_assert_eq!(a.len(), b.len(), "vectors of one model have one length");
    let (mut dot, mut aa, mut bb) = (0.0_f32, 0.0_f32, 0.0_f32);
    for (x, y) in a.iter().zip(b) {
        dot += x * y;
        aa += x * x;
        bb += y * y;
    }
    if aa == 0.0 || bb == 0.0 {
        return 0.0;
    }
    (dot / (aa.sqrt() * bb.sqrt())).clamp(-1.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::{Cached, Embed, cosine};

    #[test]
    fn vectors_pointing_the_same_way_are_fully_alike() {
        assert!((cosine(&[1.0, 2.0], &[2.0, 4.0]) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn orthogonal_vectors_share_nothing() {
        assert_eq!(cosine(&[1.0, 0.0], &[0.0, 3.0]), 0.0);
    }

    struct Length;

    impl Embed for Length {
        fn embed(&self, text: &str) -> Vec<f32> {
            vec![text.len() as f32]
        }
    }

    #[test]
    fn known_phrases_are_answered_from_memory_and_the_rest_by_the_model() {
        let known = [("sail".to_owned(), vec![42.0])].into_iter().collect();
        let cached = Cached::new(Length, known);
        assert_eq!(cached.embed("sail"), [42.0]);
        assert_eq!(cached.embed("sailing"), [7.0]);
    }

    #[test]
    fn a_zero_vector_is_like_nothing() {
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 1.0]), 0.0);
    }
}

//! The semantic tier's seam: anything that turns a phrase into a vector.

/// A sentence-embedding model: phrases with similar meaning get vectors pointing the same way.
///
/// Implementations live outside `kith-core` (loading a model is I/O); the engine only embeds
/// and compares. Every vector one model returns has the same length.
pub trait Embed: Send + Sync {
    /// The vector for one short phrase, as typed by a person (the model does its own
    /// normalisation and tokenisation).
    fn embed(&self, text: &str) -> Vec<f32>;
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
    use super::cosine;

    #[test]
    fn vectors_pointing_the_same_way_are_fully_alike() {
        assert!((cosine(&[1.0, 2.0], &[2.0, 4.0]) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn orthogonal_vectors_share_nothing() {
        assert_eq!(cosine(&[1.0, 0.0], &[0.0, 3.0]), 0.0);
    }

    #[test]
    fn a_zero_vector_is_like_nothing() {
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 1.0]), 0.0);
    }
}

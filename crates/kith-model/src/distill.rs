//! Distilling a static table from a transformer, the model2vec way: every vocabulary token goes
//! through the model once, as a sequence of its own between `[SEP]` and `[CLS]`, and the mean
//! of the outputs becomes the token's vector. Principal components then centre the table and
//! keep its widest directions, and weights estimated from Zipf's law damp the most frequent
//! tokens (SIF). A phrase's vector is then the mean of its tokens' rows: no model runs at all.

use std::sync::atomic::{AtomicUsize, Ordering};

use ndarray::{Array2, Axis};

use crate::table::StaticTable;
use crate::transformer::Transformer;
use crate::wordpiece::Settings;

/// How a static table is made.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Recipe {
    /// Keep this many principal components; `None` keeps the model's own vectors as they are.
    pub components: Option<usize>,
    /// The SIF coefficient `a` of the weights `a / (a + p)`, with `p` the frequency Zipf's
    /// law gives the token's rank; `None` weighs every token alike.
    pub sif: Option<f32>,
}

impl Recipe {
    /// model2vec's defaults, the best of the recipes measured on the matching set (see
    /// BENCHMARKS.md).
    pub const DEFAULT: Self = Self {
        components: Some(256),
        sif: Some(1e-4),
    };
}

/// What the transformer makes of each token of its vocabulary: the slow half of distilling,
/// done once, from which tables of any [`Recipe`] can be made.
#[derive(Debug, Clone)]
pub struct TokenVectors {
    settings: Settings,
    tokens: Vec<String>,
    vectors: Array2<f32>,
}

impl TokenVectors {
    /// Runs every token worth a row through the transformer, on every core; `progress` hears
    /// how many tokens are done, and of how many, after each batch.
    #[must_use]
    pub fn compute(transformer: &Transformer, progress: &(dyn Fn(usize, usize) + Sync)) -> Self {
        let ids = kept_tokens(transformer);
        let vectors = token_vectors(transformer, &ids, progress);
        let tokens = ids
            .iter()
            .map(|&id| transformer.tokenizer.tokens()[id as usize].clone())
            .collect();
        Self {
            settings: transformer.tokenizer.settings().clone(),
            tokens,
            vectors,
        }
    }

    /// The static table these vectors make with `recipe`.
    #[must_use]
    pub fn table(&self, name: &str, source: &str, recipe: Recipe) -> StaticTable {
        let table = post_process(self.vectors.clone(), recipe);
        StaticTable::new(
            name.to_owned(),
            source.to_owned(),
            self.settings.clone(),
            self.tokens.clone(),
            &table,
        )
        .expect("a subset of a valid vocabulary that keeps its unknown token is valid")
    }
}

/// Tokens per forward pass: large enough for the matrix kernels to run at full speed.
const BATCH: usize = 256;

/// The tokens worth a row: everything except the reserved `[unusedN]` slots and the special
/// tokens, which the tokenizer never produces from text, plus the unknown token, which the
/// tokenizer needs to exist (its row is never read).
fn kept_tokens(transformer: &Transformer) -> Vec<u32> {
    let tokenizer = &transformer.tokenizer;
    tokenizer
        .tokens()
        .iter()
        .enumerate()
        .filter(|(id, token)| {
            *id as u32 == tokenizer.unk()
                || !(token.len() > 2 && token.starts_with('[') && token.ends_with(']'))
        })
        .map(|(id, _)| id as u32)
        .collect()
}

/// Each token's vector from the transformer: `[ids.len(), hidden]`. Runs on every core;
/// `progress` hears how many tokens are done after each batch.
fn token_vectors(
    transformer: &Transformer,
    ids: &[u32],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Array2<f32> {
    let hidden = transformer.bert.hidden();
    let mut out = Array2::zeros((ids.len(), hidden));
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let share = ids.len().div_ceil(threads).max(1);
    let done = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for (chunk, mut rows) in ids
            .chunks(share)
            .zip(out.axis_chunks_iter_mut(Axis(0), share))
        {
            let done = &done;
            scope.spawn(move || {
                for (batch, mut rows) in chunk
                    .chunks(BATCH)
                    .zip(rows.axis_chunks_iter_mut(Axis(0), BATCH))
                {
                    // model2vec found [SEP] token [CLS] (the usual order reversed) better.
                    let sequences: Vec<u32> = batch
                        .iter()
                        .flat_map(|&id| [transformer.sep, id, transformer.cls])
                        .collect();
                    let states = transformer.bert.forward(&sequences, 3);
                    for (mut row, three) in rows
                        .rows_mut()
                        .into_iter()
                        .zip(states.axis_chunks_iter(Axis(0), 3))
                    {
                        row.assign(&three.mean_axis(Axis(0)).expect("three rows"));
                    }
                    let now = done.fetch_add(batch.len(), Ordering::Relaxed) + batch.len();
                    progress(now, ids.len());
                }
            });
        }
    });
    out
}

/// Applies the recipe's principal components and weights to the raw token vectors, in the
/// order of `ids` (the rank Zipf's law reads frequency from: BERT's vocabulary lists frequent
/// pieces first).
fn post_process(vectors: Array2<f32>, recipe: Recipe) -> Array2<f32> {
    let mut table = match recipe.components {
        Some(components) => principal_components(vectors, components),
        None => vectors,
    };
    if let Some(a) = recipe.sif {
        let total: f64 = (0..table.nrows())
            .map(|rank| 1.0 / (rank as f64 + 2.0))
            .sum();
        for (rank, mut row) in table.rows_mut().into_iter().enumerate() {
            let p = 1.0 / (rank as f64 + 2.0) / total;
            let weight = (f64::from(a) / (f64::from(a) + p)) as f32;
            row.mapv_inplace(|v| v * weight);
        }
    }
    table
}

/// Centres the rows and projects them on the `components` directions of largest variance.
fn principal_components(mut vectors: Array2<f32>, components: usize) -> Array2<f32> {
    let width = vectors.ncols();
    let components = components.min(width);
    let mean = vectors.mean_axis(Axis(0)).expect("a vocabulary has tokens");
    vectors -= &mean;
    let covariance = vectors.t().dot(&vectors).mapv(f64::from) / vectors.nrows() as f64;
    let (values, axes) = symmetric_eigen(covariance);
    let mut order: Vec<usize> = (0..width).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    let mut basis = Array2::<f32>::zeros((width, components));
    for (column, &axis) in order.iter().take(components).enumerate() {
        for row in 0..width {
            basis[[row, column]] = axes[[row, axis]] as f32;
        }
    }
    vectors.dot(&basis)
}

/// Eigenvalues and eigenvectors (as columns) of a symmetric matrix, by cyclic Jacobi
/// rotations: slow for large matrices, exact and simple for the few hundred columns of a
/// sentence model.
fn symmetric_eigen(mut a: Array2<f64>) -> (Vec<f64>, Array2<f64>) {
    let n = a.nrows();
    let mut v = Array2::<f64>::eye(n);
    let scale: f64 = a.iter().map(|x| x * x).sum();
    for _sweep in 0..64 {
        let off: f64 = a
            .indexed_iter()
            .filter(|((i, j), _)| i != j)
            .map(|(_, x)| x * x)
            .sum();
        if off <= scale * 1e-24 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[[p, q]];
                if apq == 0.0 {
                    continue;
                }
                let theta = (a[[q, q]] - a[[p, p]]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (kp, kq) = (a[[k, p]], a[[k, q]]);
                    a[[k, p]] = c * kp - s * kq;
                    a[[k, q]] = s * kp + c * kq;
                }
                for k in 0..n {
                    let (pk, qk) = (a[[p, k]], a[[q, k]]);
                    a[[p, k]] = c * pk - s * qk;
                    a[[q, k]] = s * pk + c * qk;
                }
                for k in 0..n {
                    let (kp, kq) = (v[[k, p]], v[[k, q]]);
                    v[[k, p]] = c * kp - s * kq;
                    v[[k, q]] = s * kp + c * kq;
                }
            }
        }
    }
    ((0..n).map(|i| a[[i, i]]).collect(), v)
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;

    #[test]
    fn the_eigenvectors_of_a_symmetric_matrix_are_found() {
        let m = array![[2.0, 1.0, 0.0], [1.0, 2.0, 0.0], [0.0, 0.0, 5.0]];
        let (values, vectors) = symmetric_eigen(m.clone());
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        for (got, want) in sorted.iter().zip([1.0, 3.0, 5.0]) {
            assert!((got - want).abs() < 1e-12, "{values:?}");
        }
        // A v = λ v for each column.
        for (i, value) in values.iter().enumerate() {
            let column = vectors.column(i);
            let product = m.dot(&column);
            for (x, y) in product.iter().zip(column.iter()) {
                assert!((x - value * y).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn principal_components_keep_the_widest_direction_first() {
        // Points spread along (1, 1) far more than along (1, -1).
        let points = array![[3.0_f32, 3.0], [-3.0, -3.0], [0.5, -0.5], [-0.5, 0.5]];
        let projected = principal_components(points, 1);
        assert_eq!(projected.ncols(), 1);
        let spread: Vec<f32> = projected.column(0).iter().map(|x| x.abs()).collect();
        assert!((spread[0] - 18_f32.sqrt()).abs() < 1e-4, "{spread:?}");
        assert!((spread[2] - 0.0).abs() < 1e-4, "{spread:?}");
    }
}

//! The BERT encoder, in plain Rust: the transformer that sentence models such as
//! all-MiniLM-L6-v2 are made of, read from `config.json` and `model.safetensors`.
//!
//! It follows Hugging Face's `BertModel` (absolute positions, post-layer-norm, exact GELU) for
//! inference only. Sequences in one call have equal length, so no attention mask is needed:
//! `kith model import` runs every vocabulary token as a sequence of three, and a sentence is
//! run alone. The matrix products go through `ndarray` (matrixmultiply's kernels, SIMD picked
//! at run time); the rest is simple loops over rows.

use std::collections::HashMap;

use ndarray::{Array2, ArrayView2};
use safetensors::{Dtype, SafeTensors};
use serde::Deserialize;

use crate::Error;
use crate::source::File;

/// The parts of `config.json` the encoder needs.
#[derive(Debug, Clone, Deserialize)]
struct Config {
    model_type: Option<String>,
    hidden_size: usize,
    num_attention_heads: usize,
    num_hidden_layers: usize,
    intermediate_size: usize,
    hidden_act: Option<String>,
    layer_norm_eps: Option<f32>,
    max_position_embeddings: usize,
    vocab_size: usize,
    position_embedding_type: Option<String>,
}

/// A BERT encoder with its weights in memory.
#[derive(Debug)]
pub struct Bert {
    hidden: usize,
    heads: usize,
    max_positions: usize,
    words: Array2<f32>,
    positions: Array2<f32>,
    token_type: Vec<f32>,
    norm: Norm,
    layers: Vec<Layer>,
}

#[derive(Debug)]
struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attention_out: Linear,
    attention_norm: Norm,
    intermediate: Linear,
    output: Linear,
    output_norm: Norm,
}

#[derive(Debug)]
struct Linear {
    /// `[out, in]`, as PyTorch stores it.
    weight: Array2<f32>,
    bias: Vec<f32>,
}

#[derive(Debug)]
struct Norm {
    weight: Vec<f32>,
    bias: Vec<f32>,
    eps: f32,
}

impl Bert {
    /// Reads the architecture and the weights, checking that every tensor is there with the
    /// shape the architecture calls for.
    ///
    /// # Errors
    /// [`Error::BadModel`] naming `config.json` or `model.safetensors` and what is wrong.
    pub fn load(config: &File, weights: &File) -> Result<Self, Error> {
        let settings: Config = serde_json::from_str(config.text()?)
            .map_err(|err| config.bad(format!("is not a BERT model's configuration: {err}")))?;
        check(&settings).map_err(|why| config.bad(why))?;
        let tensors = SafeTensors::deserialize(&weights.bytes)
            .map_err(|err| weights.bad(format!("is not a safetensors file: {err}")))?;
        let names: HashMap<&str, &str> = tensors
            .names()
            .into_iter()
            .map(|name| (name.strip_prefix("bert.").unwrap_or(name), name))
            .collect();
        let tensor = |name: &str, shape: &[usize]| -> Result<Vec<f32>, Error> {
            let stored = names
                .get(name)
                .ok_or_else(|| weights.bad(format!("lacks the tensor `{name}`")))?;
            let view = tensors
                .tensor(stored)
                .map_err(|err| weights.bad(format!("tensor `{name}`: {err}")))?;
            if view.shape() != shape {
                return Err(weights.bad(format!(
                    "the tensor `{name}` has the shape {:?}; config.json calls for {shape:?}",
                    view.shape()
                )));
            }
            floats(view.dtype(), view.data()).ok_or_else(|| {
                weights.bad(format!(
                    "the tensor `{name}` is of type {:?}; kith reads F32, F16 and BF16",
                    view.dtype()
                ))
            })
        };
        let matrix = |name: &str, rows: usize, columns: usize| -> Result<Array2<f32>, Error> {
            let values = tensor(name, &[rows, columns])?;
            Ok(Array2::from_shape_vec((rows, columns), values)
                .expect("a tensor of the checked shape has rows × columns values"))
        };
        let h = settings.hidden_size;
        let eps = settings.layer_norm_eps.unwrap_or(1e-12);
        let linear = |prefix: &str, out: usize, input: usize| -> Result<Linear, Error> {
            Ok(Linear {
                weight: matrix(&format!("{prefix}.weight"), out, input)?,
                bias: tensor(&format!("{prefix}.bias"), &[out])?,
            })
        };
        let norm = |prefix: &str| -> Result<Norm, Error> {
            Ok(Norm {
                weight: tensor(&format!("{prefix}.weight"), &[h])?,
                bias: tensor(&format!("{prefix}.bias"), &[h])?,
                eps,
            })
        };
        let token_types = names
            .get("embeddings.token_type_embeddings.weight")
            .and_then(|name| tensors.tensor(name).ok())
            .and_then(|view| view.shape().first().copied())
            .unwrap_or(1)
            .max(1);
        let token_type = matrix("embeddings.token_type_embeddings.weight", token_types, h)?
            .row(0)
            .to_vec();
        let mut layers = Vec::with_capacity(settings.num_hidden_layers);
        for index in 0..settings.num_hidden_layers {
            let at = |part: &str| format!("encoder.layer.{index}.{part}");
            layers.push(Layer {
                query: linear(&at("attention.self.query"), h, h)?,
                key: linear(&at("attention.self.key"), h, h)?,
                value: linear(&at("attention.self.value"), h, h)?,
                attention_out: linear(&at("attention.output.dense"), h, h)?,
                attention_norm: norm(&at("attention.output.LayerNorm"))?,
                intermediate: linear(&at("intermediate.dense"), settings.intermediate_size, h)?,
                output: linear(&at("output.dense"), h, settings.intermediate_size)?,
                output_norm: norm(&at("output.LayerNorm"))?,
            });
        }
        Ok(Self {
            hidden: h,
            heads: settings.num_attention_heads,
            max_positions: settings.max_position_embeddings,
            words: matrix("embeddings.word_embeddings.weight", settings.vocab_size, h)?,
            positions: matrix(
                "embeddings.position_embeddings.weight",
                settings.max_position_embeddings,
                h,
            )?,
            token_type,
            norm: norm("embeddings.LayerNorm")?,
            layers,
        })
    }

    /// The width of the hidden states.
    #[must_use]
    pub fn hidden(&self) -> usize {
        self.hidden
    }

    /// How many token ids the embedding table has.
    #[must_use]
    pub fn vocab_size(&self) -> usize {
        self.words.nrows()
    }

    /// The longest sequence the model takes.
    #[must_use]
    pub fn max_positions(&self) -> usize {
        self.max_positions
    }

    /// The last hidden state of every token of `ids.len() / length` sequences of `length`
    /// tokens each, laid end to end: `[ids.len(), hidden]`.
    ///
    /// # Panics
    /// When `length` is zero, longer than the model takes, or does not divide `ids.len()`,
    /// or an id is outside the vocabulary: callers build the ids from the model's own
    /// tokenizer and limits.
    #[must_use]
    pub fn forward(&self, ids: &[u32], length: usize) -> Array2<f32> {
        assert!(
            length > 0 && length <= self.max_positions && ids.len().is_multiple_of(length),
            "sequences fit the model and are of equal length"
        );
        let mut x = Array2::zeros((ids.len(), self.hidden));
        for (index, (mut row, &id)) in x.rows_mut().into_iter().zip(ids).enumerate() {
            let word = self.words.row(id as usize);
            let position = self.positions.row(index % length);
            for (((out, w), p), t) in row.iter_mut().zip(word).zip(position).zip(&self.token_type) {
                *out = w + p + t;
            }
        }
        self.norm.apply(&mut x);
        for layer in &self.layers {
            x = layer.apply(x, length, self.heads);
        }
        x
    }
}

impl Layer {
    fn apply(&self, x: Array2<f32>, length: usize, heads: usize) -> Array2<f32> {
        let q = self.query.apply(x.view());
        let k = self.key.apply(x.view());
        let v = self.value.apply(x.view());
        let context = attention(&q, &k, &v, length, heads);
        let mut attended = self.attention_out.apply(context.view());
        attended += &x;
        self.attention_norm.apply(&mut attended);
        let mut inner = self.intermediate.apply(attended.view());
        inner.mapv_inplace(gelu);
        let mut out = self.output.apply(inner.view());
        out += &attended;
        self.output_norm.apply(&mut out);
        out
    }
}

impl Linear {
    fn apply(&self, x: ArrayView2<'_, f32>) -> Array2<f32> {
        let mut y = x.dot(&self.weight.t());
        for mut row in y.rows_mut() {
            for (value, bias) in row.iter_mut().zip(&self.bias) {
                *value += bias;
            }
        }
        y
    }
}

impl Norm {
    fn apply(&self, x: &mut Array2<f32>) {
        let width = x.ncols() as f32;
        for mut row in x.rows_mut() {
            let mean = row.sum() / width;
            let variance = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / width;
            let scale = 1.0 / (variance + self.eps).sqrt();
            for ((value, weight), bias) in row.iter_mut().zip(&self.weight).zip(&self.bias) {
                *value = (*value - mean) * scale * weight + bias;
            }
        }
    }
}

/// Multi-head self-attention within each sequence of `length` rows.
fn attention(
    q: &Array2<f32>,
    k: &Array2<f32>,
    v: &Array2<f32>,
    length: usize,
    heads: usize,
) -> Array2<f32> {
    let hidden = q.ncols();
    let size = hidden / heads;
    let scale = 1.0 / (size as f32).sqrt();
    let mut context = Array2::zeros(q.raw_dim());
    let mut weights = vec![0.0_f32; length];
    for start in (0..q.nrows()).step_by(length) {
        for head in 0..heads {
            let columns = head * size..(head + 1) * size;
            for i in start..start + length {
                let query = &q
                    .row(i)
                    .to_slice()
                    .expect("rows of a fresh array are contiguous")[columns.clone()];
                let mut top = f32::NEG_INFINITY;
                for (j, weight) in (start..start + length).zip(weights.iter_mut()) {
                    let key = &k
                        .row(j)
                        .to_slice()
                        .expect("rows of a fresh array are contiguous")[columns.clone()];
                    *weight = dot(query, key) * scale;
                    top = top.max(*weight);
                }
                let mut total = 0.0;
                for weight in &mut weights {
                    *weight = (*weight - top).exp();
                    total += *weight;
                }
                let mut out = context.row_mut(i);
                let out = &mut out
                    .as_slice_mut()
                    .expect("rows of a fresh array are contiguous")[columns.clone()];
                for (j, weight) in (start..start + length).zip(&weights) {
                    let value = &v
                        .row(j)
                        .to_slice()
                        .expect("rows of a fresh array are contiguous")[columns.clone()];
                    let share = weight / total;
                    for (o, x) in out.iter_mut().zip(value) {
                        *o += share * x;
                    }
                }
            }
        }
    }
    context
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// GELU as BERT defines it, with the exact error function.
fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// The error function to within 1.5e-7 (Abramowitz and Stegun 7.1.26), closer than `f32`
/// activations need; the standard library has none.
fn erf(x: f32) -> f32 {
    let sign = x.signum();
    let x = f64::from(x.abs());
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    sign * (1.0 - poly * (-x * x).exp()) as f32
}

/// The architecture must be BERT's, with the activation and positions implemented here.
fn check(config: &Config) -> Result<(), String> {
    if let Some(kind) = &config.model_type
        && kind != "bert"
    {
        return Err(format!(
            "describes a `{kind}` model; kith runs BERT models (all-MiniLM-L6-v2, bge-small, e5-small)"
        ));
    }
    if let Some(act) = &config.hidden_act
        && act != "gelu"
    {
        return Err(format!("uses the activation `{act}`; kith runs `gelu`"));
    }
    if let Some(kind) = &config.position_embedding_type
        && kind != "absolute"
    {
        return Err(format!("uses `{kind}` positions; kith runs `absolute`"));
    }
    if config.hidden_size == 0
        || config.num_attention_heads == 0
        || !config
            .hidden_size
            .is_multiple_of(config.num_attention_heads)
    {
        return Err(format!(
            "has hidden_size {} and num_attention_heads {}: the heads must divide the width",
            config.hidden_size, config.num_attention_heads
        ));
    }
    if config.max_position_embeddings < 3 || config.vocab_size == 0 {
        return Err("has no room for a token between [CLS] and [SEP]".into());
    }
    Ok(())
}

/// A tensor's values as `f32`, for the float types models are published in.
fn floats(dtype: Dtype, data: &[u8]) -> Option<Vec<f32>> {
    let values = match dtype {
        Dtype::F32 => data
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect(),
        Dtype::BF16 => data
            .chunks_exact(2)
            .map(|b| f32::from_bits(u32::from(u16::from_le_bytes([b[0], b[1]])) << 16))
            .collect(),
        Dtype::F16 => data
            .chunks_exact(2)
            .map(|b| f16_to_f32(u16::from_le_bytes([b[0], b[1]])))
            .collect(),
        _ => return None,
    };
    Some(values)
}

/// IEEE half precision to single, subnormals included.
fn f16_to_f32(bits: u16) -> f32 {
    let sign = if bits & 0x8000 == 0 { 1.0 } else { -1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let fraction = f32::from(bits & 0x3ff);
    sign * match exponent {
        0 => fraction * 2f32.powi(-24),
        31 if fraction == 0.0 => f32::INFINITY,
        31 => f32::NAN,
        _ => (1.0 + fraction / 1024.0) * 2f32.powi(exponent - 15),
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case::zero(0.0, 0.0)]
    #[case::one(1.0, 0.842_700_8)]
    #[case::minus_half(-0.5, -0.520_499_9)]
    #[case::far_out(3.0, 0.999_977_9)]
    fn the_error_function_matches_its_tables(#[case] x: f32, #[case] expected: f32) {
        assert!((erf(x) - expected).abs() < 2e-7, "erf({x}) = {}", erf(x));
    }

    #[rstest]
    #[case::one(0x3c00, 1.0)]
    #[case::minus_two(0xc000, -2.0)]
    #[case::smallest_subnormal(0x0001, 5.960_464_5e-8)]
    #[case::largest(0x7bff, 65504.0)]
    fn half_precision_floats_are_read_exactly(#[case] bits: u16, #[case] expected: f32) {
        assert_eq!(f16_to_f32(bits), expected);
    }

    #[test]
    fn attention_over_one_token_returns_its_value() {
        let q = Array2::from_elem((1, 4), 0.3);
        let k = Array2::from_elem((1, 4), -1.0);
        let v = Array2::from_shape_vec((1, 4), vec![1.0, 2.0, 3.0, 4.0]).expect("4 values");
        assert_eq!(attention(&q, &k, &v, 1, 2), v);
    }
}

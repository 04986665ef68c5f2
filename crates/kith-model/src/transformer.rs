//! A sentence model run whole: BERT over the phrase's tokens, mean-pooled and normalised, as
//! sentence-transformers runs all-MiniLM-L6-v2. `kith model import` uses it as the teacher of
//! the static table; the quality benchmark also measures it as a tier of its own.

use kith_core::meaning::Embed;

use crate::Error;
use crate::bert::Bert;
use crate::source::Source;
use crate::wordpiece::WordPiece;

/// sentence-transformers' `max_seq_length` for the MiniLM family; a fact is far shorter.
const MAX_TOKENS: usize = 256;

/// A transformer sentence model: tokenizer and encoder.
#[derive(Debug)]
pub struct Transformer {
    pub(crate) bert: Bert,
    pub(crate) tokenizer: WordPiece,
    /// `[CLS]` and `[SEP]`, which open and close every sequence.
    pub(crate) cls: u32,
    pub(crate) sep: u32,
}

impl Transformer {
    /// Reads and checks the model's three files: the tokenizer and the weights must agree.
    ///
    /// # Errors
    /// [`Error::BadModel`] naming the file at fault.
    pub fn load(source: &Source) -> Result<Self, Error> {
        let tokenizer = WordPiece::from_tokenizer_json(source.tokenizer.text()?)
            .map_err(|why| source.tokenizer.bad(why))?;
        let bert = Bert::load(&source.config, &source.weights)?;
        if tokenizer.tokens().len() > bert.vocab_size() {
            return Err(source.tokenizer.bad(format!(
                "has {} tokens but the model's embedding table only {}: they belong to \
                 different models",
                tokenizer.tokens().len(),
                bert.vocab_size()
            )));
        }
        let special = |token: &str| {
            tokenizer.id(token).ok_or_else(|| {
                source.tokenizer.bad(format!(
                    "lacks the `{token}` token BERT models open and close input with"
                ))
            })
        };
        let (cls, sep) = (special("[CLS]")?, special("[SEP]")?);
        Ok(Self {
            bert,
            tokenizer,
            cls,
            sep,
        })
    }

    /// The model's tokenizer.
    #[must_use]
    pub fn tokenizer(&self) -> &WordPiece {
        &self.tokenizer
    }

    /// The width of the model's vectors.
    #[must_use]
    pub fn dimensions(&self) -> usize {
        self.bert.hidden()
    }
}

impl Embed for Transformer {
    fn embed(&self, text: &str) -> Vec<f32> {
        let limit = MAX_TOKENS.min(self.bert.max_positions()) - 2;
        let mut ids = vec![self.cls];
        ids.extend(self.tokenizer.encode(text).into_iter().take(limit));
        ids.push(self.sep);
        let states = self.bert.forward(&ids, ids.len());
        let mut mean = states
            .mean_axis(ndarray::Axis(0))
            .expect("a sequence has tokens")
            .to_vec();
        crate::normalize(&mut mean);
        mean
    }
}

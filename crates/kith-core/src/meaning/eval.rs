//! Measuring a matcher on labelled phrase groups (the format of `shared/matching`).
//!
//! Phrases in one group mean the same thing or would clearly count as an intersection; every
//! other pair is a negative. Two figures, as that set's README defines them: ROC AUC over all
//! pairs (ties count one half) and precision@1 of each phrase's nearest partner (a tie for the
//! top earns the share of tied partners in the phrase's group, the expected value of breaking
//! it at random).

use crate::{Error, FactKind};

/// One labelled phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labelled {
    /// The group label; phrases with equal labels are positives for each other. Never shown
    /// to a matcher.
    pub group: String,
    /// The fact kind the phrase was typed as.
    pub kind: FactKind,
    /// The phrase as typed.
    pub text: String,
}

/// Reads the tab-separated groups file: a `group<TAB>kind<TAB>text` header, then one phrase per
/// line. Blank lines are skipped.
///
/// # Errors
/// [`Error::BadQuestion`] naming the line (from 1) when a line does not have three columns or
/// names an unknown kind.
pub fn parse_groups(text: &str) -> Result<Vec<Labelled>, Error> {
    let mut lines = text.lines().enumerate();
    match lines.next() {
        Some((_, header)) if header.trim_end() == "group\tkind\ttext" => {}
        _ => {
            return Err(Error::BadQuestion {
                line: 1,
                why: "expected the header `group<TAB>kind<TAB>text`".into(),
            });
        }
    }
    let mut rows = Vec::new();
    for (index, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |why: String| Error::BadQuestion {
            line: index + 1,
            why,
        };
        let mut columns = line.splitn(3, '\t');
        let (Some(group), Some(kind), Some(text)) =
            (columns.next(), columns.next(), columns.next())
        else {
            return Err(bad(
                "expected three tab-separated columns: group, kind, text".into(),
            ));
        };
        let kind = kind
            .parse::<FactKind>()
            .map_err(|error| bad(error.to_string()))?;
        rows.push(Labelled {
            group: group.to_owned(),
            kind,
            text: text.trim_end().to_owned(),
        });
    }
    Ok(rows)
}

/// How well a matcher ranks: the two figures of the matching set's README.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation {
    /// ROC AUC over all unordered pairs: the chance that a random positive pair scores above a
    /// random negative pair, ties counting one half. `NaN` when there are no positives or no
    /// negatives.
    pub auc: f64,
    /// Precision@1: the mean, over phrases, of whether the best-scoring other phrase is in the
    /// same group (ties shared out). `NaN` for fewer than two phrases.
    pub precision_at_1: f64,
}

/// Scores every unordered pair of `groups.len()` phrases with `score(i, j)` (called once per
/// pair, `i < j`; higher means more alike) and evaluates the ranking against the group labels.
pub fn evaluate<G: PartialEq>(
    groups: &[G],
    mut score: impl FnMut(usize, usize) -> f32,
) -> Evaluation {
    let n = groups.len();
    let mut scores = vec![0.0_f32; n * n];
    let mut pairs = Vec::with_capacity(n * n.saturating_sub(1) / 2);
    for i in 0..n {
        for j in i + 1..n {
            let s = score(i, j);
            scores[i * n + j] = s;
            scores[j * n + i] = s;
            pairs.push((s, groups[i] == groups[j]));
        }
    }
    let all: Vec<usize> = (0..n).collect();
    Evaluation {
        auc: auc(&mut pairs),
        precision_at_1: precision_at_1(groups, &scores, &all),
    }
}

/// Precision@1 of the phrases `queries` names, each one's nearest partner sought among all
/// `groups.len()` phrases: how a held-out part of a set fares with the whole set as
/// distractors, as [`evaluate`] would score it on the whole set. `score(i, j)` is called once
/// per pair (`i < j`). `NaN` without queries or with fewer than two phrases.
pub fn precision_at_1_among<G: PartialEq>(
    groups: &[G],
    queries: &[usize],
    mut score: impl FnMut(usize, usize) -> f32,
) -> f64 {
    let n = groups.len();
    let mut scores = vec![0.0_f32; n * n];
    for i in 0..n {
        for j in i + 1..n {
            let s = score(i, j);
            scores[i * n + j] = s;
            scores[j * n + i] = s;
        }
    }
    precision_at_1(groups, &scores, queries)
}

/// Mann–Whitney U over (score, is-positive) pairs, with average ranks for ties.
fn auc(pairs: &mut [(f32, bool)]) -> f64 {
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let positives = pairs.iter().filter(|(_, positive)| *positive).count() as f64;
    let negatives = pairs.len() as f64 - positives;
    let mut rank_sum = 0.0;
    let mut start = 0;
    while start < pairs.len() {
        let end = start
            + pairs[start..]
                .iter()
                .take_while(|p| p.0 == pairs[start].0)
                .count();
        // Ranks start+1 ..= end share their mean.
        let mean_rank = (start + 1 + end) as f64 / 2.0;
        let tied_positives = pairs[start..end]
            .iter()
            .filter(|(_, positive)| *positive)
            .count();
        rank_sum += mean_rank * tied_positives as f64;
        start = end;
    }
    (rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives)
}

fn precision_at_1<G: PartialEq>(groups: &[G], scores: &[f32], queries: &[usize]) -> f64 {
    let n = groups.len();
    if n < 2 || queries.is_empty() {
        return f64::NAN;
    }
    let mut total = 0.0;
    for &i in queries {
        let row = &scores[i * n..(i + 1) * n];
        let best = (0..n)
            .filter(|&j| j != i)
            .map(|j| row[j])
            .fold(f32::NEG_INFINITY, f32::max);
        let tied: Vec<usize> = (0..n).filter(|&j| j != i && row[j] == best).collect();
        let right = tied.iter().filter(|&&j| groups[j] == groups[i]).count();
        total += right as f64 / tied.len() as f64;
    }
    total / queries.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_perfect_matcher_scores_one_on_both_figures() {
        let groups = ["a", "a", "b", "b"];
        let got = evaluate(
            &groups,
            |i, j| if groups[i] == groups[j] { 1.0 } else { 0.0 },
        );
        assert_eq!(
            got,
            Evaluation {
                auc: 1.0,
                precision_at_1: 1.0
            }
        );
    }

    #[test]
    fn a_matcher_that_scores_everything_alike_is_at_chance() {
        let groups = ["a", "a", "b", "b", "b"];
        let got = evaluate(&groups, |_, _| 0.5);
        assert_eq!(got.auc, 0.5);
        // Each phrase ties with all four others: a-phrases have 1 of 4 right, b-phrases 2 of 4.
        assert!((got.precision_at_1 - (2.0 * 0.25 + 3.0 * 0.5) / 5.0).abs() < 1e-12);
    }

    #[test]
    fn an_inverted_matcher_scores_zero_auc() {
        let groups = ["a", "a", "b", "b"];
        let got = evaluate(
            &groups,
            |i, j| if groups[i] == groups[j] { 0.0 } else { 1.0 },
        );
        assert_eq!(got.auc, 0.0);
        assert_eq!(got.precision_at_1, 0.0);
    }

    #[test]
    fn held_out_phrases_are_scored_against_every_phrase() {
        let groups = ["a", "a", "b", "b"];
        // Phrase 0's nearest is 2 (another group), phrase 1's is 0; phrase 3's is 2.
        let table = [
            [0.0, 0.5, 0.9, 0.1],
            [0.5, 0.0, 0.2, 0.1],
            [0.9, 0.2, 0.0, 0.8],
        ];
        let score = |i: usize, j: usize| table[i.min(j)][i.max(j)];
        assert_eq!(precision_at_1_among(&groups, &[0], score), 0.0);
        assert_eq!(precision_at_1_among(&groups, &[1, 3], score), 1.0);
        assert_eq!(precision_at_1_among(&groups, &[0, 1], score), 0.5);
        assert!(precision_at_1_among(&groups, &[], score).is_nan());
    }

    #[test]
    fn the_groups_file_is_read_with_kinds() {
        let rows = parse_groups(
            "group\tkind\ttext\nsail\tgoal\tlearn to sail\n\nsail\twant\tsailing lessons\n",
        )
        .expect("valid file");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].kind, FactKind::Want);
        assert_eq!(rows[1].text, "sailing lessons");
    }

    #[test]
    fn a_line_without_three_columns_is_named() {
        let error = parse_groups("group\tkind\ttext\nsail\tgoal\n").expect_err("two columns");
        assert!(error.to_string().starts_with("line 2:"), "{error}");
    }
}

//! The question bank: what to ask to know someone, each question tied to the kind of fact its
//! answer becomes. Built in, and editable as a plain text file of `kind: question` lines.

use crate::{Error, FactKind};

/// A question, and the kind of fact its answer is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// What the answer becomes.
    pub kind: FactKind,
    /// What to ask.
    pub text: String,
}

/// The questions that matter, in the order worth asking them.
pub const BUILT_IN: &str = "\
# kith's question bank: one `kind: question` a line, asked in this order.
# Kinds: origin goal interest plan time relax growth offer want note.
origin: Where do you know each other from?
time: How do they spend most of their time?
relax: How do they relax?
growth: What do they invest time and resources to grow in?
goal: What are they working towards?
plan: What are their plans?
offer: What could they help with, or teach?
want: What do they want to learn, or get help with?
";

/// Reads a question bank: `kind: question` lines; blank lines and `#` comments are skipped.
/// A line that is neither names its number in the error.
pub fn parse_bank(text: &str) -> Result<Vec<Question>, Error> {
    let mut questions = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |why: String| Error::BadQuestion {
            line: number + 1,
            why,
        };
        let (kind, question) = line
            .split_once(':')
            .ok_or_else(|| bad("expected `kind: question`".to_owned()))?;
        let kind = kind
            .parse::<FactKind>()
            .map_err(|err| bad(err.to_string()))?;
        let question = question.trim();
        if question.is_empty() {
            return Err(bad("the question is empty".to_owned()));
        }
        questions.push(Question {
            kind,
            text: question.to_owned(),
        });
    }
    Ok(questions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_bank_asks_about_every_kind_that_matters() {
        let bank = parse_bank(BUILT_IN).unwrap();
        let kinds: Vec<FactKind> = bank.iter().map(|q| q.kind).collect();
        assert_eq!(kinds.len(), 8);
        assert_eq!(kinds[0], FactKind::Origin);
        assert!(kinds.contains(&FactKind::Relax) && kinds.contains(&FactKind::Want));
    }

    #[test]
    fn a_bad_line_is_named_by_its_number() {
        let err = parse_bank("# mine\norigin: Where from?\nhobby: Chess?\n").unwrap_err();
        assert!(matches!(err, Error::BadQuestion { line: 3, .. }), "{err}");
        assert!(
            err.to_string().contains("unknown fact kind `hobby`"),
            "{err}"
        );
        assert!(matches!(
            parse_bank("no colon"),
            Err(Error::BadQuestion { line: 1, .. })
        ));
    }
}

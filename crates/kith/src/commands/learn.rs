//! `kith learn`: the question bank, asked one question at a time, each answer a dated fact
//! with the source `asked`.

use std::io::{BufRead as _, Write as _};

use anyhow::Context as _;
use kith_core::learn::{self, Question};
use kith_core::{FactKind, FactSource, FactText, NewFact};

use crate::context::{BadInput, Options};
use crate::output::{FactJson, print_json};

pub(crate) fn run(options: &Options, person: &str, answers: &[String]) -> anyhow::Result<()> {
    // Every given answer is checked before anything is written.
    let given: Vec<NewFact> = answers
        .iter()
        .map(|answer| given_answer(answer))
        .collect::<anyhow::Result<_>>()?;
    let mut context = options.open()?;
    let person = context.person(person)?;
    let mut recorded = Vec::new();
    if !given.is_empty() {
        recorded = context.store.write(|w| {
            given
                .iter()
                .map(|fact| w.add_fact(person.id, fact, options.now))
                .collect()
        })?;
    } else {
        let bank = bank(options)?;
        let about = if person.is_me {
            "you".to_owned()
        } else {
            person.name.to_string()
        };
        if !options.json {
            say!("Questions about {about}. Press Enter to skip one, Ctrl-D to stop.");
        }
        let stdin = std::io::stdin();
        let mut lines = stdin.lock().lines();
        for question in bank
            .iter()
            .filter(|question| !(person.is_me && question.kind == FactKind::Origin))
        {
            if !options.json {
                let mut out = std::io::stdout().lock();
                write!(out, "{} ", question.text)?;
                out.flush()?;
            }
            let Some(line) = lines.next() else { break };
            let line = line.context("reading your answer")?;
            if line.trim().is_empty() {
                continue;
            }
            let fact = NewFact {
                kind: question.kind,
                text: FactText::parse(&line)?,
                private: false,
                source: FactSource::Asked,
            };
            // Saved as soon as it is given: stopping half-way keeps what was said.
            recorded.push(
                context
                    .store
                    .write(|w| w.add_fact(person.id, &fact, options.now))?,
            );
        }
    }
    if options.json {
        let json: Vec<FactJson> = recorded
            .iter()
            .map(|fact| FactJson::new(fact, &person, options.stale_before()))
            .collect();
        return print_json(&json);
    }
    say!(
        "\nRecorded {} {} about {}.",
        recorded.len(),
        if recorded.len() == 1 { "fact" } else { "facts" },
        person.name
    );
    Ok(())
}

/// Reads `KIND=TEXT`.
fn given_answer(answer: &str) -> anyhow::Result<NewFact> {
    let (kind, text) = answer.split_once('=').ok_or_else(|| {
        BadInput(format!(
            "--answer `{answer}`: expected KIND=TEXT, like relax=\"sailing\""
        ))
    })?;
    Ok(NewFact {
        kind: kind.parse::<FactKind>()?,
        text: FactText::parse(text)?,
        private: false,
        source: FactSource::Asked,
    })
}

/// The user's question bank (`~/.config/kith/questions.txt`), else the built-in one.
pub(crate) fn bank(options: &Options) -> anyhow::Result<Vec<Question>> {
    let path = options
        .config_dir
        .as_ref()
        .map(|dir| dir.join("questions.txt"));
    let text = match path.as_ref().map(std::fs::read_to_string) {
        Some(Ok(text)) => text,
        Some(Err(err)) if err.kind() != std::io::ErrorKind::NotFound => {
            let path = path.as_ref().expect("an error comes from a path");
            return Err(err).with_context(|| format!("reading {}", path.display()));
        }
        _ => return Ok(learn::parse_bank(learn::BUILT_IN)?),
    };
    let path = path.expect("the text was read from a path");
    learn::parse_bank(&text).with_context(|| format!("in the question bank {}", path.display()))
}

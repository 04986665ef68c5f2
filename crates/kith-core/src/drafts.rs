//! Drafted reintroductions: honest messages from editable templates, in the person's language.
//!
//! A template is plain text with variables in braces: `{first_name}`, `{origin}` (where you
//! know each other from), `{my_name}` and `{questions}` (the questions that matter, one per
//! line). A line whose variable has no value (no origin recorded, the user not named yet) is
//! left out rather than sent with a hole in it. `{{` and `}}` write braces.

use std::collections::HashMap;

use crate::resolve::DEFAULT_MY_NAME;
use crate::vocabulary::vocabulary;
use crate::{Error, Fact, FactKind, Name};

vocabulary! {
    /// The languages kith writes drafts in.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Language {
        /// English.
        En = "en",
        /// Ukrainian.
        Uk = "uk",
    }
    unknown: Error::UnknownLanguage;
}

impl Language {
    /// A guess from a name, for people whose language was never set: Cyrillic means
    /// Ukrainian, anything else English.
    pub fn guess(name: &Name) -> Self {
        let cyrillic = name
            .as_str()
            .chars()
            .any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
        if cyrillic { Self::Uk } else { Self::En }
    }
}

/// Which draft a situation calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DraftKind {
    /// You remember where you know each other from.
    Remembered,
    /// You do not.
    Forgotten,
    /// Not a fit right now: let's get reintroduced later.
    NotNow,
}

impl DraftKind {
    /// Every kind.
    pub const ALL: [Self; 3] = [Self::Remembered, Self::Forgotten, Self::NotNow];

    /// The kind's name, which is also its template's file name (`remembered.txt`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Remembered => "remembered",
            Self::Forgotten => "forgotten",
            Self::NotNow => "not-now",
        }
    }
}

/// A template for every kind of draft in every language: the user's own where they wrote
/// one, the built-in one otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Templates(HashMap<(DraftKind, Language), Template>);

impl Templates {
    /// The built-in templates only.
    pub fn built_in() -> Self {
        let mut all = HashMap::new();
        for kind in DraftKind::ALL {
            for language in Language::ALL {
                all.insert((kind, language), Template::built_in(kind, language));
            }
        }
        Self(all)
    }

    /// Uses `template` for `kind` in `language` instead of the built-in one.
    pub fn set(&mut self, kind: DraftKind, language: Language, template: Template) {
        self.0.insert((kind, language), template);
    }

    /// The template for `kind` in `language`.
    pub fn get(&self, kind: DraftKind, language: Language) -> &Template {
        self.0
            .get(&(kind, language))
            .expect("every kind and language has a template from `built_in` on")
    }

    /// The draft of `kind` to the person called `name` whose facts are `facts`, in their
    /// `language` (guessed from the name when unset), from the user called `me`: the template
    /// [`prepare`] calls for, rendered.
    pub fn draft(
        &self,
        kind: DraftKind,
        name: &Name,
        facts: &[Fact],
        language: Option<Language>,
        me: &Name,
    ) -> String {
        let (kind, language, values) = prepare(kind, name, facts, language, me);
        self.get(kind, language).render(&values)
    }
}

/// The variables a template may use.
const VARIABLES: [&str; 4] = ["first_name", "origin", "my_name", "questions"];

/// A template, checked: every variable in it is one kith fills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template(String);

impl Template {
    /// Checks a template's text.
    pub fn parse(text: &str) -> Result<Self, Error> {
        for piece in pieces(text) {
            if let Piece::Variable(name) = piece?
                && !VARIABLES.contains(&name)
            {
                return Err(Error::UnknownVariable(name.to_owned()));
            }
        }
        Ok(Self(text.to_owned()))
    }

    /// The template's text, as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The template kith ships for `kind` in `language`.
    pub fn built_in(kind: DraftKind, language: Language) -> Self {
        let text = match (kind, language) {
            (DraftKind::Remembered, Language::En) => EN_REMEMBERED,
            (DraftKind::Forgotten, Language::En) => EN_FORGOTTEN,
            (DraftKind::NotNow, Language::En) => EN_NOT_NOW,
            (DraftKind::Remembered, Language::Uk) => UK_REMEMBERED,
            (DraftKind::Forgotten, Language::Uk) => UK_FORGOTTEN,
            (DraftKind::NotNow, Language::Uk) => UK_NOT_NOW,
        };
        Self(text.to_owned())
    }

    /// The draft for `values`, leaving out each line that needs a value there is not.
    pub fn render(&self, values: &Values<'_>) -> String {
        let mut draft = String::with_capacity(self.0.len() + 256);
        for line in self.0.split_inclusive('\n') {
            let mut rendered = String::with_capacity(line.len());
            let mut complete = true;
            for piece in pieces(line) {
                match piece {
                    Ok(Piece::Text(text)) => rendered.push_str(&text),
                    Ok(Piece::Variable(name)) => match values.get(name) {
                        Some(value) => rendered.push_str(&value),
                        None => complete = false,
                    },
                    // Checked when the template was parsed.
                    Err(_) => complete = false,
                }
            }
            // A left-out paragraph must not leave two blank lines where there was one.
            let blank = rendered.trim().is_empty();
            if complete && !(blank && (draft.is_empty() || draft.ends_with("\n\n"))) {
                draft.push_str(&rendered);
            }
        }
        draft.trim_end().to_owned()
    }
}

/// What fills a template's variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Values<'a> {
    /// The person's first name.
    pub first_name: &'a str,
    /// Where you know each other from, if you remember.
    pub origin: Option<&'a str>,
    /// Your name, once you have given it.
    pub my_name: Option<&'a str>,
    /// The questions to ask, one per line.
    pub questions: &'a [&'a str],
}

impl Values<'_> {
    fn get(&self, name: &str) -> Option<String> {
        match name {
            "first_name" => Some(self.first_name.to_owned()),
            "origin" => self.origin.map(str::to_owned),
            "my_name" => self.my_name.map(str::to_owned),
            "questions" => Some(
                self.questions
                    .iter()
                    .map(|question| format!("- {question}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            _ => None,
        }
    }
}

/// Everything a draft to someone needs but its template: which template the situation calls
/// for (a remembered origin or not), the language (as set, else guessed from the name) and the
/// values (their first name, the latest origin fact, the user's name once they have given it).
pub fn prepare<'a>(
    kind: DraftKind,
    name: &'a Name,
    facts: &'a [Fact],
    language: Option<Language>,
    me: &'a Name,
) -> (DraftKind, Language, Values<'a>) {
    let origin = facts
        .iter()
        .rev()
        .find(|fact| fact.kind == FactKind::Origin)
        .map(|fact| fact.text.as_str());
    let kind = match (kind, origin) {
        (DraftKind::Remembered, None) => DraftKind::Forgotten,
        (kind, _) => kind,
    };
    let language = language.unwrap_or_else(|| Language::guess(name));
    let values = Values {
        first_name: name.first(),
        origin,
        my_name: (me.as_str() != DEFAULT_MY_NAME).then_some(me.as_str()),
        questions: questions(language),
    };
    (kind, language, values)
}

/// The questions that matter, as the drafts ask them.
pub fn questions(language: Language) -> &'static [&'static str] {
    match language {
        Language::En => &[
            "how you spend most of your time these days",
            "what you are working towards",
            "how you like to relax",
        ],
        Language::Uk => &[
            "чим ви зараз найбільше займаєтеся",
            "над чим працюєте і до чого прагнете",
            "як ви відпочиваєте",
        ],
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'a> {
    Text(String),
    Variable(&'a str),
}

/// Splits a template into text and variables; an unclosed brace is an error.
fn pieces(text: &str) -> impl Iterator<Item = Result<Piece<'_>, Error>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut literal = String::new();
        loop {
            let Some(at) = rest.find(['{', '}']) else {
                literal.push_str(rest);
                rest = "";
                return Some(Ok(Piece::Text(literal)));
            };
            literal.push_str(&rest[..at]);
            let brace = &rest[at..];
            if brace.starts_with("{{") || brace.starts_with("}}") {
                literal.push_str(&brace[..1]);
                rest = &brace[2..];
                continue;
            }
            if !literal.is_empty() {
                rest = brace;
                return Some(Ok(Piece::Text(literal)));
            }
            if brace.starts_with('}') {
                rest = "";
                return Some(Err(Error::UnclosedVariable));
            }
            return Some(match brace.find('}') {
                Some(end) => {
                    let name = &brace[1..end];
                    rest = &brace[end + 1..];
                    Ok(Piece::Variable(name.trim()))
                }
                None => {
                    rest = "";
                    Err(Error::UnclosedVariable)
                }
            });
        }
    })
}

const EN_REMEMBERED: &str = "\
Hi {first_name},

It's {my_name}. I remember where we know each other from: {origin}. And I realise I know \
little about what you are up to these days.

Would you tell me a bit? For example:
{questions}

Let's get reintroduced, so that it's easier to be useful to each other.
";

const EN_FORGOTTEN: &str = "\
Hi {first_name},

It's {my_name}. We're connected, but I have to admit I don't remember where we know each other \
from. Do you?

I'd like to fix that and get reintroduced, so that it's easier to be useful to each other. If \
you're up for it, tell me:
{questions}
";

const EN_NOT_NOW: &str = "\
Hi {first_name},

It's {my_name}. Thank you for getting back to me. It sounds like now is not the right moment, \
and that's fine: let's get reintroduced later. I'll write again in a few months.
";

// The Ukrainian drafts address people with the polite «ви» and leave the name out of the
// greeting: a name there would need the vocative case («Олено», «Іване»), which no template
// variable can inflect correctly. They avoid past-tense verbs, which would need the sender's
// gender.
const UK_REMEMBERED: &str = "\
Привіт! Це {my_name}.

Пам'ятаю, звідки ми знайомі: {origin}. І розумію, що майже нічого не знаю про те, чим ви \
живете зараз.

Розкажете трохи? Наприклад:
{questions}

Давайте познайомимося заново, щоб нам було легше бути корисними одне одному.
";

const UK_FORGOTTEN: &str = "\
Привіт! Це {my_name}.

Ми з вами на зв'язку, але, чесно кажучи, я не пам'ятаю, звідки ми знайомі. А ви пам'ятаєте?

Хочу це виправити й познайомитися заново, щоб нам було легше бути корисними одне одному. Якщо \
вам цікаво, розкажіть:
{questions}
";

const UK_NOT_NOW: &str = "\
Привіт! Це {my_name}.

Дякую, що відповіли. Схоже, зараз не найкращий момент, і це нормально: давайте повернемося до \
знайомства пізніше. Напишу вам ще через кілька місяців.
";

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn values<'a>(origin: Option<&'a str>, my_name: Option<&'a str>) -> Values<'a> {
        Values {
            first_name: "Zoë",
            origin,
            my_name,
            questions: questions(Language::En),
        }
    }

    #[test]
    fn a_draft_fills_every_variable() {
        let draft = Template::built_in(DraftKind::Remembered, Language::En)
            .render(&values(Some("RustConf 2023 in Albuquerque"), Some("Marta")));
        assert!(
            draft.starts_with("Hi Zoë,\n\nIt's Marta. I remember"),
            "{draft}"
        );
        assert!(
            draft.contains("from: RustConf 2023 in Albuquerque."),
            "{draft}"
        );
        assert!(draft.contains("- how you like to relax"), "{draft}");
        assert!(!draft.contains('{'), "{draft}");
    }

    #[rstest]
    fn no_built_in_draft_leaves_a_variable_unfilled(
        #[values(DraftKind::Remembered, DraftKind::Forgotten, DraftKind::NotNow)] kind: DraftKind,
        #[values(Language::En, Language::Uk)] language: Language,
        #[values(None, Some("RustConf"))] origin: Option<&str>,
        #[values(None, Some("Marta"))] my_name: Option<&str>,
    ) {
        let template = Template::built_in(kind, language);
        assert_eq!(Template::parse(&template.0), Ok(template.clone()));
        let draft = template.render(&values(origin, my_name));
        assert!(!draft.contains('{') && !draft.contains('}'), "{draft}");
        assert!(!draft.trim().is_empty());
    }

    #[test]
    fn a_line_without_its_value_is_left_out() {
        let draft =
            Template::built_in(DraftKind::Forgotten, Language::En).render(&values(None, None));
        assert!(
            draft.starts_with("Hi Zoë,\n\nI'd like to fix that"),
            "{draft}"
        );
    }

    #[rstest]
    #[case::unknown_variable("Hi {nmae}", Error::UnknownVariable("nmae".into()))]
    #[case::unclosed("Hi {first_name", Error::UnclosedVariable)]
    #[case::stray_closing("Hi }", Error::UnclosedVariable)]
    fn a_broken_user_template_is_rejected(#[case] text: &str, #[case] error: Error) {
        assert_eq!(Template::parse(text), Err(error));
    }

    #[test]
    fn doubled_braces_write_braces() {
        let template = Template::parse("{{literally}} {first_name}").unwrap();
        assert_eq!(template.render(&values(None, None)), "{literally} Zoë");
    }

    #[test]
    fn without_an_origin_the_forgotten_draft_is_prepared() {
        let name = Name::parse("Олена Коваль").unwrap();
        let me = Name::parse(DEFAULT_MY_NAME).unwrap();
        let (kind, language, values) = prepare(DraftKind::Remembered, &name, &[], None, &me);
        assert_eq!((kind, language), (DraftKind::Forgotten, Language::Uk));
        assert_eq!(values.first_name, "Олена");
        assert_eq!(
            values.my_name, None,
            "the user has not given their name yet"
        );
    }

    #[test]
    fn the_users_own_template_replaces_the_built_in_one_for_its_kind_and_language_only() {
        let mut templates = Templates::built_in();
        templates.set(
            DraftKind::Forgotten,
            Language::En,
            Template::parse("Yo {first_name}!").unwrap(),
        );
        let me = Name::parse("Marta").unwrap();
        let zoe = Name::parse("Zoë Adams").unwrap();
        let draft = templates.draft(DraftKind::Remembered, &zoe, &[], None, &me);
        assert_eq!(
            draft, "Yo Zoë!",
            "no origin: the forgotten draft, the user's"
        );
        let olena = Name::parse("Олена").unwrap();
        let draft = templates.draft(DraftKind::Remembered, &olena, &[], None, &me);
        assert!(draft.starts_with("Привіт! Це Marta."), "{draft}");
    }

    #[test]
    fn cyrillic_names_are_guessed_ukrainian() {
        assert_eq!(
            Language::guess(&Name::parse("Олена").unwrap()),
            Language::Uk
        );
        assert_eq!(Language::guess(&Name::parse("Zoë").unwrap()), Language::En);
        assert_eq!("UK".parse::<Language>(), Ok(Language::Uk));
        assert!("fr".parse::<Language>().is_err());
    }
}

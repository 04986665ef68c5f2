//! Writing people as vCard 4.0 (RFC 6350), for address books and for kith itself: names,
//! emails, phones, profiles and handles, circles as CATEGORIES, and what is known as a NOTE.
//! Private facts stay out: a vCard goes to other programs, and from there to other people.

use crate::contentline::{line, text};
use crate::{Fact, Identity, IdentityKind, Membership, Name};

/// One person to write.
#[derive(Debug, Clone, Copy)]
pub struct Card<'a> {
    /// Their name.
    pub name: &'a Name,
    /// Their identities.
    pub identities: &'a [Identity],
    /// Their circles.
    pub circles: &'a [Membership],
    /// What is known about them; private facts are left out.
    pub facts: &'a [Fact],
}

/// The vCard text of `cards`.
pub fn cards<'a>(cards: impl IntoIterator<Item = Card<'a>>) -> String {
    let mut out = String::new();
    for card in cards {
        line(&mut out, "BEGIN:VCARD");
        line(&mut out, "VERSION:4.0");
        line(&mut out, &format!("FN:{}", text(card.name.as_str())));
        for identity in card.identities {
            let value = text(&identity.value);
            let property = match identity.kind {
                IdentityKind::Email => format!("EMAIL:{value}"),
                IdentityKind::Phone => format!("TEL;VALUE=text:{value}"),
                IdentityKind::Profile => format!("URL:{value}"),
                IdentityKind::Handle => format!("IMPP:{value}"),
            };
            line(&mut out, &property);
        }
        if !card.circles.is_empty() {
            let circles: Vec<String> = card
                .circles
                .iter()
                .map(|membership| text(membership.circle.as_str()))
                .collect();
            line(&mut out, &format!("CATEGORIES:{}", circles.join(",")));
        }
        let known: Vec<String> = card
            .facts
            .iter()
            .filter(|fact| !fact.private)
            .map(|fact| format!("{}: {}", fact.kind, fact.text))
            .collect();
        if !known.is_empty() {
            line(&mut out, &format!("NOTE:{}", text(&known.join("\n"))));
        }
        line(&mut out, "END:VCARD");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CircleName, FactId, FactKind, FactSource, FactText, IdentityId, PersonId, Source};

    fn fact(kind: FactKind, text: &str, private: bool) -> Fact {
        let at = "2024-01-01T00:00:00Z".parse().unwrap();
        Fact {
            id: FactId(1),
            person: PersonId(1),
            kind,
            text: FactText::parse(text).unwrap(),
            private,
            source: FactSource::Told,
            recorded: at,
            confirmed: at,
        }
    }

    #[test]
    fn a_card_holds_identities_circles_and_public_facts() {
        let name = Name::parse("Олена Коваль").unwrap();
        let identities = [Identity {
            id: IdentityId(1),
            kind: IdentityKind::Email,
            value: "olena@example.com".into(),
            source: Source::manual(),
        }];
        let circles = [Membership {
            circle: CircleName::parse("Work, Kyiv").unwrap(),
            role: None,
        }];
        let facts = [
            fact(FactKind::Goal, "launch a startup; soon", false),
            fact(FactKind::Plan, "leave her job", true),
        ];
        let text = cards([Card {
            name: &name,
            identities: &identities,
            circles: &circles,
            facts: &facts,
        }]);
        assert!(
            text.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Олена Коваль\r\n"),
            "{text}"
        );
        assert!(text.contains("EMAIL:olena@example.com\r\n"), "{text}");
        assert!(text.contains("CATEGORIES:Work\\, Kyiv\r\n"), "{text}");
        assert!(
            text.contains("NOTE:goal: launch a startup\\; soon\r\n"),
            "{text}"
        );
        assert!(
            !text.contains("leave her job"),
            "private facts stay out: {text}"
        );
    }
}

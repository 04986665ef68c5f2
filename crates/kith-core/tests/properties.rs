//! Properties of every parser in the domain: none panics on any text, what is accepted
//! parses again to itself, and folding is stable.

use jiff::tz::TimeZone;
use kith_core::{
    CircleName, FactKind, FactSource, FactText, IdentityKind, Name, NewIdentity, PersonRef, Role,
    Source, fold, time,
};
use proptest::prelude::*;

const KINDS: [IdentityKind; 4] = [
    IdentityKind::Email,
    IdentityKind::Phone,
    IdentityKind::Profile,
    IdentityKind::Handle,
];

proptest! {
    #[test]
    fn no_parser_panics_on_any_text(text in any::<String>()) {
        let _ = Name::parse(&text);
        let _ = FactText::parse(&text);
        let _ = text.parse::<FactKind>();
        let _ = text.parse::<FactSource>();
        let _ = CircleName::parse(&text);
        let _ = Role::parse(&text);
        let _ = Source::parse(&text);
        let _ = PersonRef::parse(&text);
        let _ = time::parse_instant(&text, &TimeZone::UTC);
        if let Ok(duration) = time::Duration::parse(&text) {
            let _ = duration.before(jiff::Timestamp::MIN, &TimeZone::UTC);
        }
        for kind in KINDS {
            let _ = NewIdentity::parse(kind, &text, Source::manual());
        }
    }

    #[test]
    fn accepted_identities_are_already_normalised(text in "\\PC{0,40}", kind in 0..4usize) {
        let kind = KINDS[kind];
        if let Ok(identity) = NewIdentity::parse(kind, &text, Source::manual()) {
            let again = NewIdentity::parse(kind, identity.value(), Source::manual()).unwrap();
            prop_assert_eq!(again.value(), identity.value());
        }
    }

    #[test]
    fn emails_differing_only_in_case_are_one_identity(
        local in "[a-zA-Z0-9._%+-]{1,20}",
        domain in "[a-zA-Z0-9-]{1,20}\\.[a-zA-Z]{2,6}",
    ) {
        let email = format!("{local}@{domain}");
        let lower = NewIdentity::email(&email.to_lowercase(), Source::manual()).unwrap();
        let upper = NewIdentity::email(&email.to_uppercase(), Source::manual()).unwrap();
        prop_assert_eq!(lower.value(), upper.value());
    }

    #[test]
    fn accepted_names_parse_again_to_themselves(text in any::<String>()) {
        if let Ok(name) = Name::parse(&text) {
            prop_assert_eq!(Name::parse(name.as_str()).unwrap(), name);
        }
    }

    #[test]
    fn folding_is_idempotent_and_lowercase_ascii(text in any::<String>()) {
        let key = fold(&text);
        prop_assert!(key.is_ascii());
        prop_assert!(!key.chars().any(|c| c.is_ascii_uppercase()));
        prop_assert_eq!(fold(&key), key);
    }

    #[test]
    fn a_name_is_found_by_its_own_key(text in "\\PC{1,30}") {
        if let Ok(name) = Name::parse(&text) {
            match PersonRef::parse(name.as_str()) {
                Ok(PersonRef::Name { key, .. }) => prop_assert_eq!(key, name.key()),
                // Names that read as `me` or as an id are referred to that way.
                Ok(_) => {}
                // A name whose letters fold to nothing (symbols only) cannot be typed as a key.
                Err(_) => prop_assert!(name.key().is_empty()),
            }
        }
    }
}

//! Identities: the emails, phone numbers, profile URLs and messenger handles by which a person
//! is known, each with the source it came from.

use crate::vocabulary::vocabulary;
use crate::{Channel, Error, IdentityId};

vocabulary! {
    /// What kind of identity a value is.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum IdentityKind {
        /// An email address, stored lowercased.
        Email = "email",
        /// A phone number, stored as digits with a leading `+` when it was given in international
        /// form.
        Phone = "phone",
        /// A profile URL (LinkedIn, Facebook, …).
        Profile = "profile",
        /// A messenger handle (Telegram, …).
        Handle = "handle",
    }
    unknown: Error::UnknownIdentityKind;
}

/// Where a piece of data came from: `manual` for what the user typed, or the name of an
/// import source such as `linkedin` or `vcard`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Source(String);

impl Source {
    /// What the user typed themselves.
    pub fn manual() -> Self {
        Self("manual".to_owned())
    }

    /// Where a contact logged by hand is counted: the channel it happened on (`call`,
    /// `in-person`, with spaces as dashes), or `manual` when none is said.
    pub fn for_channel(channel: Option<&Channel>) -> Result<Self, Error> {
        match channel {
            Some(channel) => Self::parse(&channel.as_str().replace(' ', "-"))
                .map_err(|_| Error::InvalidContactChannel(channel.as_str().to_owned())),
            None => Ok(Self::manual()),
        }
    }

    /// Validates a source name: 1 to 32 lowercase ASCII letters, digits, `-` or `_`.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let valid = (1..=32).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if valid {
            Ok(Self(text.to_owned()))
        } else {
            Err(Error::InvalidSource(text.to_owned()))
        }
    }
}

/// A country whose dialling rules read national phone numbers, by its ISO 3166 code (`UA`,
/// `DE`, `US`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region(phonenumber::country::Id);

impl Region {
    /// Reads a two-letter country code, in any case.
    pub fn parse(code: &str) -> Result<Self, Error> {
        code.trim()
            .to_ascii_uppercase()
            .parse()
            .map(Self)
            .map_err(|_| Error::UnknownRegion(code.to_owned()))
    }
}

/// A validated, normalised identity value of a known kind, not yet stored.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NewIdentity {
    kind: IdentityKind,
    value: String,
    source: Source,
}

impl NewIdentity {
    /// Validates `value` as an identity of `kind` and normalises it, so that the same address
    /// or number written two ways becomes the same identity.
    pub fn parse(kind: IdentityKind, value: &str, source: Source) -> Result<Self, Error> {
        let value = match kind {
            IdentityKind::Email => normalise_email(value)?,
            IdentityKind::Phone => normalise_phone(value, None)?,
            IdentityKind::Profile => normalise_profile(value)?,
            IdentityKind::Handle => normalise_handle(value)?,
        };
        Ok(Self {
            kind,
            value,
            source,
        })
    }

    /// An email address.
    pub fn email(value: &str, source: Source) -> Result<Self, Error> {
        Self::parse(IdentityKind::Email, value, source)
    }

    /// A phone number. A national number (without `+` or `00`) is kept as its digits; see
    /// [`NewIdentity::phone_in`] to read it by a country's dialling rules.
    pub fn phone(value: &str, source: Source) -> Result<Self, Error> {
        Self::parse(IdentityKind::Phone, value, source)
    }

    /// A phone number, national numbers read by the dialling rules of `region` (the user's
    /// country) and written in E.164: in Ukraine `067 123 45 67` is `+380671234567`.
    pub fn phone_in(value: &str, source: Source, region: Option<Region>) -> Result<Self, Error> {
        Ok(Self {
            kind: IdentityKind::Phone,
            value: normalise_phone(value, region)?,
            source,
        })
    }

    /// The kind of identity.
    pub fn kind(&self) -> IdentityKind {
        self.kind
    }

    /// The normalised value.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// Where it came from.
    pub fn source(&self) -> &Source {
        &self.source
    }
}

/// A stored identity of a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The identity's id.
    pub id: IdentityId,
    /// What kind of identity it is.
    pub kind: IdentityKind,
    /// The normalised value.
    pub value: String,
    /// Where it came from.
    pub source: Source,
}

fn normalise_email(text: &str) -> Result<String, Error> {
    let text = text.trim();
    let invalid = |reason| Error::InvalidEmail {
        value: text.to_owned(),
        reason,
    };
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid("it contains spaces or control characters"));
    }
    let Some((local, domain)) = text.split_once('@') else {
        return Err(invalid("expected one `@`, like name@example.com"));
    };
    if domain.contains('@') {
        return Err(invalid("expected one `@`, like name@example.com"));
    }
    if local.is_empty() || local.len() > 64 {
        return Err(invalid("the part before `@` must be 1 to 64 characters"));
    }
    if domain.len() > 255 || !domain.contains('.') || domain.split('.').any(str::is_empty) {
        return Err(invalid("expected a domain like example.com after `@`"));
    }
    // Almost every provider treats the whole address case-insensitively; lowercasing makes
    // `Ada@Example.com` and `ada@example.com` one identity.
    Ok(text.to_lowercase())
}

fn normalise_phone(text: &str, region: Option<Region>) -> Result<String, Error> {
    let trimmed = text.trim();
    let invalid = |reason| Error::InvalidPhone {
        value: trimmed.to_owned(),
        reason,
    };
    // vCard 4.0 writes numbers as `tel:` URIs (RFC 3966).
    let number = match trimmed.get(..4) {
        Some(scheme) if scheme.eq_ignore_ascii_case("tel:") => &trimmed[4..],
        _ => trimmed,
    };
    // `00` is how most of the world dials the international `+`.
    let (international, body) = match (number.strip_prefix('+'), number.strip_prefix("00")) {
        (Some(body), _) | (None, Some(body)) => (true, body),
        (None, None) => (false, number),
    };
    let mut digits = String::with_capacity(body.len() + 1);
    if international {
        digits.push('+');
    }
    for c in body.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' | '\u{a0}' => {}
            _ => return Err(invalid("expected digits, spaces, `-`, `.`, `(` or `)`")),
        }
    }
    let count = digits.len() - usize::from(international);
    if !(3..=15).contains(&count) {
        return Err(invalid("expected 3 to 15 digits"));
    }
    if let (false, Some(region)) = (international, region) {
        // A national number ("067 123 45 67") means nothing abroad: written in E.164 by the
        // dialling rules of the user's country, it meets the same number written "+380…".
        if let Ok(number) = phonenumber::parse(Some(region.0), &digits) {
            return Ok(number.format().mode(phonenumber::Mode::E164).to_string());
        }
    }
    Ok(digits)
}

fn normalise_profile(text: &str) -> Result<String, Error> {
    let text = text.trim();
    let invalid = || Error::InvalidProfileUrl(text.to_owned());
    let lower = text.to_ascii_lowercase();
    let scheme_len = if lower.starts_with("https://") {
        8
    } else if lower.starts_with("http://") {
        7
    } else {
        return Err(invalid());
    };
    let rest = &text[scheme_len..];
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if host.is_empty() || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid());
    }
    // Scheme and host are case-insensitive, the path is not; a trailing slash is noise.
    let normalised = format!(
        "{}{}{}",
        &lower[..scheme_len],
        host.to_ascii_lowercase(),
        path.trim_end_matches('/')
    );
    Ok(normalised)
}

fn normalise_handle(text: &str) -> Result<String, Error> {
    let text = text.trim();
    if text.is_empty()
        || text.len() > 200
        || text.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(Error::InvalidHandle(text.to_owned()));
    }
    Ok(text.to_owned())
}

crate::text::text_accessors!(Source);

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::a_call(Some("Call"), Ok("call"))]
    #[case::words_become_dashed(Some("in person"), Ok("in-person"))]
    #[case::none_said(None, Ok("manual"))]
    #[case::not_ascii(Some("телефон"), Err(()))]
    fn a_logged_contact_is_counted_under_its_channel(
        #[case] channel: Option<&str>,
        #[case] source: Result<&str, ()>,
    ) {
        let channel = channel.map(|text| Channel::parse(text).unwrap());
        let counted = Source::for_channel(channel.as_ref());
        match source {
            Ok(name) => assert_eq!(counted.unwrap().as_str(), name),
            Err(()) => assert!(matches!(counted, Err(Error::InvalidContactChannel(_)))),
        }
    }

    fn parse(kind: IdentityKind, value: &str) -> Result<String, Error> {
        NewIdentity::parse(kind, value, Source::manual()).map(|i| i.value().to_owned())
    }

    #[rstest]
    #[case::plain("ada@example.com", "ada@example.com")]
    #[case::mixed_case(" Ada@Example.COM ", "ada@example.com")]
    #[case::subdomain("o.p+kith@mail.example.co.uk", "o.p+kith@mail.example.co.uk")]
    #[case::cyrillic_local_part("ада@приклад.укр", "ада@приклад.укр")]
    fn emails_are_normalised(#[case] input: &str, #[case] expected: &str) {
        assert_eq!(parse(IdentityKind::Email, input).unwrap(), expected);
    }

    #[rstest]
    #[case::no_at("ada.example.com")]
    #[case::two_ats("ada@@example.com")]
    #[case::no_local_part("@example.com")]
    #[case::no_domain_dot("ada@localhost")]
    #[case::empty_label("ada@example..com")]
    #[case::trailing_dot("ada@example.com.")]
    #[case::space("ada lovelace@example.com")]
    #[case::empty("")]
    fn unparseable_emails_are_rejected(#[case] input: &str) {
        assert!(matches!(
            parse(IdentityKind::Email, input),
            Err(Error::InvalidEmail { .. })
        ));
    }

    #[rstest]
    #[case::international("+380 (44) 123-45-67", "+380441234567")]
    #[case::national("044 123 45 67", "0441234567")]
    #[case::dots("555.0100", "5550100")]
    #[case::tel_uri("tel:+1-555-0102", "+15550102")]
    #[case::international_double_zero("0049 151 2345 6789", "+4915123456789")]
    fn phones_keep_only_digits_and_the_plus(#[case] input: &str, #[case] expected: &str) {
        assert_eq!(parse(IdentityKind::Phone, input).unwrap(), expected);
    }

    #[rstest]
    #[case::ukraine("067 123 45 67", "UA", "+380671234567")]
    #[case::germany("0151 23456789", "DE", "+4915123456789")]
    #[case::united_states("(555) 010-0001", "US", "+15550100001")]
    #[case::international_stays("+44 20 7946 0000", "UA", "+442079460000")]
    fn national_phones_are_read_by_the_users_country(
        #[case] input: &str,
        #[case] region: &str,
        #[case] expected: &str,
    ) {
        let region = Region::parse(region).unwrap();
        let phone = NewIdentity::phone_in(input, Source::manual(), Some(region)).unwrap();
        assert_eq!(phone.value(), expected);
    }

    #[test]
    fn an_unknown_region_is_rejected() {
        assert_eq!(Region::parse("XX"), Err(Error::UnknownRegion("XX".into())));
        assert!(Region::parse("ua").is_ok());
    }

    #[rstest]
    #[case::letters("call me")]
    #[case::too_short("12")]
    #[case::too_long("+1234567890123456")]
    #[case::plus_inside("12+34567")]
    fn unparseable_phones_are_rejected(#[case] input: &str) {
        assert!(matches!(
            parse(IdentityKind::Phone, input),
            Err(Error::InvalidPhone { .. })
        ));
    }

    #[test]
    fn profile_urls_lowercase_the_host_and_drop_the_trailing_slash() {
        let url = parse(IdentityKind::Profile, "HTTPS://www.LinkedIn.com/in/AdaL/").unwrap();
        assert_eq!(url, "https://www.linkedin.com/in/AdaL");
    }

    #[rstest]
    #[case::no_scheme("linkedin.com/in/ada")]
    #[case::no_host("https:///in/ada")]
    #[case::space("https://example.com/a b")]
    fn unparseable_profile_urls_are_rejected(#[case] input: &str) {
        assert!(parse(IdentityKind::Profile, input).is_err());
    }

    #[test]
    fn handles_reject_spaces() {
        assert!(parse(IdentityKind::Handle, "@ivan_p").is_ok());
        assert!(parse(IdentityKind::Handle, "ivan p").is_err());
    }

    #[rstest]
    #[case::manual("manual", true)]
    #[case::with_dash("google-csv", true)]
    #[case::uppercase("LinkedIn", false)]
    #[case::empty("", false)]
    #[case::space("a b", false)]
    fn source_names_are_lowercase_tokens(#[case] text: &str, #[case] ok: bool) {
        assert_eq!(Source::parse(text).is_ok(), ok);
    }

    #[test]
    fn identity_kinds_round_trip_through_their_names() {
        for kind in [
            IdentityKind::Email,
            IdentityKind::Phone,
            IdentityKind::Profile,
            IdentityKind::Handle,
        ] {
            assert_eq!(kind.as_str().parse::<IdentityKind>(), Ok(kind));
        }
    }
}

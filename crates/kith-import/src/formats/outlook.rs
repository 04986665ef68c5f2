//! Outlook contacts CSV (FORMATS.md §3.3): outlook.com's export, Google's "Outlook CSV" export
//! and classic Outlook's, told apart by nothing but their column order, so they are read by
//! column name. The reading itself is the contact-list reading in `google.rs`; this module
//! supplies Outlook's column names.

use std::io::BufRead;

use crate::error::Error;
use crate::formats::Input;
use crate::formats::google::{self, Field, Header, has};
use crate::record::{Service, Sink};

/// Every flavour's header has these columns; Google's own CSV writes `E-mail 1 - Value`
/// instead, and LinkedIn's `Email Address`.
const HEADER: Header = Header {
    example: "First Name,Middle Name,Last Name,…,E-mail Address,…",
    preamble: 0,
    accept: is_header,
};

fn is_header(names: &[String]) -> bool {
    has(names, "First Name") && has(names, "Last Name") && has(names, "E-mail Address")
}

pub(crate) fn detect(_name: &str, head: &[u8]) -> bool {
    HEADER.is_in(head)
}

pub(crate) fn read(
    input: &mut dyn BufRead,
    file: &Input<'_>,
    sink: &mut dyn Sink,
) -> Result<(), Error> {
    google::read_contacts(input, file, sink, Service::Outlook, &HEADER, column)
}

/// What an Outlook column holds. `Title` is an honorific (`Mr.`), not a job; the job is in
/// `Job Title`.
fn column(name: &str) -> Option<Field> {
    Some(match name {
        "First Name" => Field::Given,
        "Middle Name" => Field::Middle,
        "Last Name" => Field::Family,
        "Nickname" => Field::Nickname,
        "E-mail Address" | "E-mail 2 Address" | "E-mail 3 Address" => Field::Email,
        "Company" => Field::Organization(0),
        "Job Title" => Field::Title(0),
        "Birthday" => Field::Birthday,
        "Notes" => Field::Notes,
        "Categories" => Field::Circles(";"),
        // The switchboard and the assistant are other people's numbers.
        "Company Main Phone" | "Assistant's Phone" => return None,
        _ if name.ends_with(" Phone") || name.ends_with(" Phone 2") => Field::Phone,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use kith_core::FactKind;
    use proptest::prelude::*;
    use rstest::rstest;

    use super::*;
    use crate::formats::google::testing::{detected, fixture, import};
    use crate::record::Contact;

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn an_outlook_com_export_with_a_bom_gives_names_identities_and_notes() {
        let batch = import(read, &fixture("outlook/outlook_com.csv")).unwrap();
        let bart = Contact {
            emails: strings(&["bart.ng@example.com"]),
            phones: strings(&["+1 555-0101"]),
            facts: vec![
                (FactKind::Note, "birthday 4/15/1990".to_owned()),
                (FactKind::Note, "Line one\nLine two".to_owned()),
            ],
            ..Contact::named("Bartholomew Ng")
        };
        assert_eq!(batch.contacts, [(Service::Outlook, bart)]);
        assert!(batch.warnings.is_empty(), "{:?}", batch.warnings);
    }

    #[test]
    fn a_classic_outlook_export_in_windows_1252_keeps_its_accents() {
        let batch = import(read, &fixture("outlook/outlook_desktop_cp1252.csv")).unwrap();
        let tomas = Contact {
            emails: strings(&["tomas@example.com"]),
            phones: strings(&["+1 555-0102"]),
            circles: strings(&["Friends", "Climbing"]),
            // `0/0/00` is no birthday (§3.3).
            facts: vec![(FactKind::Time, "works at Example Corp".to_owned())],
            ..Contact::named("Tomás Ilunga")
        };
        assert_eq!(batch.contacts, [(Service::Outlook, tomas)]);
    }

    #[rstest]
    #[case::utf8("Zoë", "Zoë".as_bytes())]
    #[case::windows_1252("Zoë", b"Zo\xEB")]
    fn the_encoding_is_decided_by_the_text_itself(#[case] name: &str, #[case] first: &[u8]) {
        let mut file =
            b"First Name,Last Name,E-mail Address\nAda,Lovelace,ada@example.com\n".to_vec();
        file.extend_from_slice(first);
        file.extend_from_slice(b",Quill,zoe@example.com\n");
        let batch = import(read, &file).unwrap();
        assert_eq!(
            batch.contacts[1].1.name.as_deref(),
            Some(format!("{name} Quill").as_str())
        );
    }

    #[test]
    fn a_file_that_stops_being_utf8_is_read_as_windows_1252_from_there_with_a_warning() {
        let file = b"First Name,Last Name,E-mail Address\n\
                     Zo\xC3\xAB,Quill,zoe@example.com\n\
                     Tom\xE1s,Ilunga,tomas@example.com\n";
        let batch = import(read, file).unwrap();
        let names: Vec<_> = batch
            .contacts
            .iter()
            .map(|(_, c)| c.name.as_deref())
            .collect();
        assert_eq!(names, [Some("Zoë Quill"), Some("Tomás Ilunga")]);
        assert_eq!(
            batch.warnings,
            [
                "`test.csv` switches from UTF-8 to Windows-1252 at line 3; names on one side of it \
              may be garbled"
            ]
        );
    }

    #[test]
    fn a_german_export_separated_by_semicolons_is_read() {
        let file = b"\"Titel\";\"First Name\";\"Last Name\";\"E-mail Address\";\"Categories\"\r\n\
                     \"\";\"J\xFCrgen\";\"Wei\xDF\";\"jw@example.de\";\"Familie;Klettern\"\r\n";
        let batch = import(read, file).unwrap();
        let jurgen = Contact {
            emails: strings(&["jw@example.de"]),
            circles: strings(&["Familie", "Klettern"]),
            ..Contact::named("Jürgen Weiß")
        };
        assert_eq!(batch.contacts, [(Service::Outlook, jurgen)]);
        assert!(detect("contacts.csv", file));
    }

    #[test]
    fn exchange_paths_are_not_taken_for_email_addresses() {
        let file = "First Name,Last Name,E-mail Address,E-mail Type,E-mail 2 Address\n\
                    Zoë,Quill,/o=ExchangeLabs/ou=Exchange/cn=Recipients/cn=zq,EX,zoe@example.com\n";
        let batch = import(read, file.as_bytes()).unwrap();
        assert_eq!(batch.contacts[0].1.emails, ["zoe@example.com"]);
    }

    #[rstest]
    #[case::mobile("Mobile Phone", true)]
    #[case::second_business_line("Business Phone 2", true)]
    #[case::switchboard("Company Main Phone", false)]
    #[case::assistant("Assistant's Phone", false)]
    #[case::honorific_is_not_a_job("Title", false)]
    fn phone_columns_are_the_persons_own_numbers(#[case] name: &str, #[case] phone: bool) {
        assert_eq!(column(name) == Some(Field::Phone), phone);
    }

    #[test]
    fn detection_claims_the_outlook_fixtures_and_nothing_else() {
        assert_eq!(
            detected(detect),
            [
                "outlook/outlook_com.csv",
                "outlook/outlook_desktop_cp1252.csv"
            ]
        );
    }

    #[test]
    fn every_truncation_of_the_fixtures_is_read_or_refused() {
        for path in [
            "outlook/outlook_com.csv",
            "outlook/outlook_desktop_cp1252.csv",
        ] {
            let bytes = fixture(path);
            for end in 0..bytes.len() {
                let _ = import(read, &bytes[..end]);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = import(read, &bytes);
        }

        #[test]
        fn arbitrary_rows_after_a_real_header_never_panic(
            rows in proptest::collection::vec(any::<u8>(), 0..2048),
        ) {
            let mut bytes = fixture("outlook/outlook_desktop_cp1252.csv");
            bytes.truncate(bytes.iter().position(|&b| b == b'\n').unwrap() + 1);
            bytes.extend(rows);
            let _ = import(read, &bytes);
        }
    }
}

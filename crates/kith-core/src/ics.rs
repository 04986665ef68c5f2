//! iCalendar (RFC 5545) for follow-ups: each becomes a to-do (`VTODO`) with its due date, so
//! that follow-ups land in any calendar app. Every to-do keeps its follow-up's UID, so that a
//! calendar importing a newer export updates its tasks instead of adding copies.

use jiff::Timestamp;
use jiff::tz::Offset;

use crate::contentline::{line, text};
use crate::{FollowUp, Name};

/// A calendar of `followups`, each with the name of the person it is for, stamped `now`.
pub fn calendar<'a>(
    followups: impl IntoIterator<Item = (&'a FollowUp, &'a Name)>,
    now: Timestamp,
) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//kith//follow-ups//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    for (followup, name) in followups {
        line(&mut out, "BEGIN:VTODO");
        line(&mut out, &format!("UID:{}", text(&followup.uid)));
        line(&mut out, &format!("DTSTAMP:{}", utc(now)));
        line(&mut out, &format!("CREATED:{}", utc(followup.created)));
        line(&mut out, &format!("DUE:{}", utc(followup.due)));
        line(
            &mut out,
            &format!("SUMMARY:{}", text(&format!("{name}: {}", followup.text))),
        );
        match followup.done {
            Some(done) => {
                line(&mut out, "STATUS:COMPLETED");
                line(&mut out, &format!("COMPLETED:{}", utc(done)));
            }
            None => line(&mut out, "STATUS:NEEDS-ACTION"),
        }
        line(&mut out, "END:VTODO");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// An instant in the UTC form iCalendar wants: `20240305T120000Z`.
fn utc(instant: Timestamp) -> String {
    Offset::UTC
        .to_datetime(instant)
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FollowUpId, FollowUpText, PersonId};

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn followup(text: &str, done: Option<&str>) -> FollowUp {
        FollowUp {
            id: FollowUpId(7),
            person: PersonId(2),
            text: FollowUpText::parse(text).unwrap(),
            due: at("2024-05-01T09:00:00Z"),
            created: at("2024-04-01T10:00:00Z"),
            done: done.map(at),
            uid: "7-abc@kith".into(),
        }
    }

    #[test]
    fn a_follow_up_is_a_to_do_with_its_due_date() {
        let zoe = Name::parse("Zoë Quill").unwrap();
        let todo = followup("send the talk; the one on fundraising, part 2", None);
        let ics = calendar([(&todo, &zoe)], at("2024-04-02T00:00:00Z"));
        assert!(
            ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
            "{ics}"
        );
        assert!(ics.contains("\r\nUID:7-abc@kith\r\n"), "{ics}");
        assert!(ics.contains("\r\nDUE:20240501T090000Z\r\n"), "{ics}");
        assert!(
            ics.contains("SUMMARY:Zoë Quill: send the talk\\; the one on fundraising\\, part 2"),
            "{ics}"
        );
        assert!(ics.contains("STATUS:NEEDS-ACTION"), "{ics}");
        assert!(ics.ends_with("END:VCALENDAR\r\n"), "{ics}");
    }

    #[test]
    fn a_done_follow_up_is_completed() {
        let zoe = Name::parse("Zoë").unwrap();
        let done = followup("call", Some("2024-04-20T08:00:00Z"));
        let ics = calendar([(&done, &zoe)], at("2024-04-21T00:00:00Z"));
        assert!(
            ics.contains("STATUS:COMPLETED\r\nCOMPLETED:20240420T080000Z\r\n"),
            "{ics}"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let name = Name::parse("Олена").unwrap();
        let long = followup(&"дуже довгий текст ".repeat(20), None);
        let ics = calendar([(&long, &name)], at("2024-04-02T00:00:00Z"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&"дуже довгий текст ".repeat(20).trim().to_owned()));
    }
}

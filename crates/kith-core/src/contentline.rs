//! The content lines iCalendar (RFC 5545) and vCard (RFC 6350) share: TEXT values escaped,
//! lines folded at 75 octets without splitting a character, each ending in CRLF.

use std::fmt::Write as _;

/// The longest content line, in octets, before it is folded (RFC 5545 §3.1, RFC 6350 §3.2).
const LINE_OCTETS: usize = 75;

/// Escapes a TEXT value (RFC 5545 §3.3.11, RFC 6350 §3.4).
pub(crate) fn text(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            '\r' => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// Writes a content line, folded at 75 octets without splitting a character, ending in CRLF.
pub(crate) fn line(out: &mut String, content: &str) {
    let mut octets = 0;
    for c in content.chars() {
        if octets + c.len_utf8() > LINE_OCTETS {
            out.push_str("\r\n ");
            // The space that starts a continuation line counts towards its length.
            octets = 1;
        }
        out.push(c);
        octets += c.len_utf8();
    }
    let _ = write!(out, "\r\n");
}

//! The reunion queue: whom to reconnect with next, a few at a time, and why.
//!
//! The policy: people excluded, people who said no (declined, out of their tribe), people back
//! in touch (reintroduced), people asked to wait (not-now) until their revisit date, and people
//! reached out to recently and not yet answered are never suggested. Among the rest, the draw
//! is weighted random: strangers and people long out of touch weigh most, and people whose
//! revisit date has come back weigh more still. The same seed always gives the same queue, so
//! a day's queue stays put however often it is asked for.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::time::Duration;
use crate::{Error, Name, OutcomeKind, PersonId};

/// How long after reaching out someone is left alone, waiting for their reply.
const REACHED_RECENTLY_DAYS: i64 = 30;

/// What the queue knows about one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Who.
    pub person: PersonId,
    /// Their name.
    pub name: Name,
    /// Whether the user knows nothing about them: no facts at all.
    pub stranger: bool,
    /// Where the user first knew them from: the source that knew them earliest, and since when.
    pub first_known: Option<(String, Timestamp)>,
    /// The last interaction.
    pub last_interaction: Option<Timestamp>,
    /// The last time the user reached out.
    pub last_reached: Option<Timestamp>,
    /// The latest outcome, with its revisit date, and when it was recorded.
    pub last_outcome: Option<(OutcomeKind, Option<Timestamp>, Timestamp)>,
    /// Whether they are excluded from suggestions.
    pub excluded: bool,
    /// How often the user wants to be in touch with them, if they said.
    pub cadence: Option<Duration>,
    /// Their role in one of the user's circles (manager, peer, report), if they have one.
    pub role: Option<String>,
    /// Whether the user knows any goal, plan or want of theirs.
    pub goals_known: bool,
    /// How many intersections they have with the user: people whose goals, growth or
    /// interests meet the user's are worth reconnecting with sooner.
    pub intersections: u32,
}

/// Someone to reconnect with, and the one-line reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// Who.
    pub person: PersonId,
    /// Their name.
    pub name: Name,
    /// Why now, in one line.
    pub reason: String,
}

/// Why someone is in the queue, which decides how much they weigh. The one-line reason is
/// written from it only for the few who are chosen: on a large network, formatting dates for
/// everyone took a fifth of `kith reunion`'s time.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Why {
    BackFromNotNow,
    Overdue { times: u32 },
    GoalsUnknown,
    Stranger,
    Quiet { last: Timestamp, years: f64 },
    NeverTalked,
    LearnMore,
}

/// Picks up to `count` people from `candidates` to reconnect with today, most likely the ones
/// who need it most; `seed` makes the draw repeatable.
pub fn queue(
    candidates: &[Candidate],
    count: usize,
    now: Timestamp,
    zone: &TimeZone,
    seed: u64,
) -> Vec<Suggestion> {
    let mut rng = fastrand::Rng::with_seed(seed);
    // Weighted sampling without replacement (Efraimidis and Spirakis): each candidate draws
    // u^(1/w) and the largest keys win.
    let mut keyed: Vec<(f64, &Candidate, Why)> = candidates
        .iter()
        .filter_map(|candidate| {
            let (weight, why) = pull(candidate, now, zone)?;
            let weight = weight * intersection_boost(candidate.intersections);
            Some((rng.f64().powf(1.0 / weight), candidate, why))
        })
        .collect();
    let order = |a: &(f64, &Candidate, Why), b: &(f64, &Candidate, Why)| {
        b.0.total_cmp(&a.0).then(a.1.person.cmp(&b.1.person))
    };
    if count < keyed.len() {
        keyed.select_nth_unstable_by(count, order);
        keyed.truncate(count);
    }
    keyed.sort_by(order);
    keyed
        .into_iter()
        .map(|(_, candidate, why)| suggest(candidate, why, zone))
        .collect()
}

/// Picks one person at random, with the same exclusions as the queue but no weighting.
pub fn pick(
    candidates: &[Candidate],
    now: Timestamp,
    zone: &TimeZone,
    seed: u64,
) -> Option<Suggestion> {
    let eligible: Vec<(&Candidate, Why)> = candidates
        .iter()
        .filter_map(|candidate| Some((candidate, pull(candidate, now, zone)?.1)))
        .collect();
    if eligible.is_empty() {
        return None;
    }
    let (candidate, why) = eligible[fastrand::Rng::with_seed(seed).usize(..eligible.len())];
    Some(suggest(candidate, why, zone))
}

/// A seed that stays the same all day: the queue does not change each time it is asked for.
pub fn daily_seed(now: Timestamp, zone: &TimeZone) -> u64 {
    let day = zone.to_datetime(now).date();
    let days = day
        .since(jiff::civil::date(1970, 1, 1))
        .map_or(0, |span| span.get_days());
    u64::try_from(days).unwrap_or(0)
}

/// The people whose keep-in-touch cadence has passed, most overdue first: those the queue
/// would bring back for it (the same exclusions apply: excluded, declined, asked to wait,
/// waiting for a reply), each with the queue's one-line reason ("3× overdue, last talked
/// 2024-05").
pub fn overdue(candidates: &[Candidate], now: Timestamp, zone: &TimeZone) -> Vec<Suggestion> {
    // Only those the queue itself would bring back for it.
    let mut overdue: Vec<(u32, &Candidate)> = candidates
        .iter()
        .filter_map(|candidate| match pull(candidate, now, zone)? {
            (_, Why::Overdue { times }) => Some((times, candidate)),
            _ => None,
        })
        .collect();
    overdue.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.name.key().cmp(&b.1.name.key()))
    });
    overdue
        .into_iter()
        .map(|(times, candidate)| suggest(candidate, Why::Overdue { times }, zone))
        .collect()
}

/// The closenesses a cadence can be named by, with how often each keeps in touch.
pub const CLOSENESS: [(&str, &str); 4] = [
    ("inner", "1w"),
    ("close", "1m"),
    ("regular", "3m"),
    ("loose", "1y"),
];

/// How often to keep in touch: a closeness (`inner` weekly, `close` monthly, `regular`
/// quarterly, `loose` yearly, `none`; see [`CLOSENESS`]) or a duration (`2w`). `None` means
/// no cadence.
pub fn parse_cadence(text: &str) -> Result<Option<Duration>, Error> {
    let named = text.trim().to_ascii_lowercase();
    if named == "none" {
        return Ok(None);
    }
    let text = CLOSENESS
        .iter()
        .find(|(name, _)| *name == named)
        .map_or(text, |(_, every)| every);
    Duration::parse(text)
        .map(Some)
        .map_err(|_| Error::InvalidCadence(text.to_owned()))
}

/// Whether and how strongly `candidate` belongs in today's queue: the weight, and why.
fn pull(candidate: &Candidate, now: Timestamp, zone: &TimeZone) -> Option<(f64, Why)> {
    if candidate.excluded {
        return None;
    }
    let mut back_from_not_now = false;
    let mut back_in_touch = false;
    if let Some((kind, revisit, at)) = candidate.last_outcome {
        match (kind, revisit) {
            (OutcomeKind::Declined | OutcomeKind::OutOfTribe, _) => return None,
            (OutcomeKind::NotNow | OutcomeKind::NoReply, Some(revisit)) if revisit > now => {
                return None;
            }
            (OutcomeKind::NotNow, Some(_)) => back_from_not_now = true,
            (OutcomeKind::Reintroduced, _) => back_in_touch = true,
            (OutcomeKind::NoReply, None) if candidate.last_reached.is_some_and(|r| r > at) => {}
            _ => {}
        }
    }
    let answered = candidate
        .last_outcome
        .is_some_and(|(_, _, at)| candidate.last_reached.is_some_and(|reached| reached <= at));
    if let Some(reached) = candidate.last_reached
        && !answered
        && now.duration_since(reached) < SignedDuration::from_hours(24 * REACHED_RECENTLY_DAYS)
    {
        return None;
    }
    if back_from_not_now {
        return Some((8.0, Why::BackFromNotNow));
    }
    // Keeping in touch: the cadence counts from the last interaction, or from when they met.
    if let Some(cadence) = candidate.cadence {
        let since = candidate
            .last_interaction
            .or(candidate.first_known.as_ref().map(|(_, at)| *at));
        if let Some(since) = since {
            let times = cadence.times_between(since, now, zone);
            if times >= 1 {
                return Some((3.0 + f64::from(times.min(5)), Why::Overdue { times }));
            }
        }
    }
    if back_in_touch {
        return None;
    }
    // At work, the people closest to the user's days are the easiest to never ask.
    if candidate.role.is_some() && !candidate.goals_known {
        return Some((5.0, Why::GoalsUnknown));
    }
    let years_quiet = candidate
        .last_interaction
        .map(|last| now.duration_since(last).as_hours() as f64 / (24.0 * 365.25));
    if candidate.stranger {
        return Some((4.0 + years_quiet.unwrap_or(5.0).min(5.0), Why::Stranger));
    }
    Some(match (candidate.last_interaction, years_quiet) {
        (Some(last), Some(years)) if years >= 1.0 => {
            (1.0 + years.min(5.0), Why::Quiet { last, years })
        }
        (None, _) => (2.0, Why::NeverTalked),
        _ => (0.5, Why::LearnMore),
    })
}

/// How much more likely someone is to be drawn for what they have in common with the user:
/// ×1.5 for one intersection, up to ×2.5 for three or more.
fn intersection_boost(intersections: u32) -> f64 {
    1.0 + 0.5 * f64::from(intersections.min(3))
}

/// The suggestion for a chosen candidate, with its one-line reason.
fn suggest(candidate: &Candidate, why: Why, zone: &TimeZone) -> Suggestion {
    let month = |at: Timestamp| zone.to_datetime(at).date().strftime("%Y-%m").to_string();
    let since = candidate
        .first_known
        .as_ref()
        .map(|(source, at)| format!(" since {} {}", zone.to_datetime(*at).year(), place(source)));
    let since = since.as_deref().unwrap_or_default();
    let reason = match why {
        Why::BackFromNotNow => "back from not-now: revisit date reached".to_owned(),
        Why::Overdue { times } => {
            let last = candidate.last_interaction.map_or_else(
                || "never talked".to_owned(),
                |at| format!("last talked {}", month(at)),
            );
            format!("{times}× overdue, {last}")
        }
        Why::GoalsUnknown => format!(
            "you have never asked your {} about their goals",
            candidate.role.as_deref().unwrap_or("colleague")
        ),
        Why::Stranger => match candidate.last_interaction {
            None => format!("stranger{since}"),
            Some(last) => format!("stranger{since}, last talked {}", month(last)),
        },
        Why::Quiet { last, years } => format!("last talked {}, {} ago", month(last), ago(years)),
        Why::NeverTalked if since.is_empty() => "never talked".to_owned(),
        Why::NeverTalked => format!("never talked, known{since}"),
        Why::LearnMore => "you know a little: time to learn more".to_owned(),
    };
    let reason = match candidate.intersections {
        0 => reason,
        1 => format!("{reason}; one intersection with you"),
        n => format!("{reason}; {n} intersections with you"),
    };
    Suggestion {
        person: candidate.person,
        name: candidate.name.clone(),
        reason,
    }
}

/// How a source is spoken of: "2016 Facebook friend list".
fn place(source: &str) -> String {
    match source {
        "facebook" => "Facebook friend list".to_owned(),
        "linkedin" => "LinkedIn connections".to_owned(),
        "vcard" | "google" | "outlook" => "address book".to_owned(),
        "telegram" => "Telegram contacts".to_owned(),
        "whatsapp" => "WhatsApp chats".to_owned(),
        "messenger" => "Messenger chats".to_owned(),
        "manual" => "added by hand".to_owned(),
        other => other.to_owned(),
    }
}

fn ago(years: f64) -> String {
    let whole = years.floor() as i64;
    if whole == 1 {
        "a year".to_owned()
    } else {
        format!("{whole} years")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    const NOW: &str = "2026-11-26T10:00:00Z";

    fn candidate(id: i64) -> Candidate {
        Candidate {
            person: PersonId(id),
            name: Name::parse(&format!("Person {id}")).unwrap(),
            stranger: false,
            first_known: None,
            last_interaction: Some(at("2026-11-01T00:00:00Z")),
            last_reached: None,
            last_outcome: None,
            excluded: false,
            cadence: None,
            role: None,
            goals_known: false,
            intersections: 0,
        }
    }

    fn reasons(candidates: &[Candidate]) -> Vec<String> {
        queue(candidates, 10, at(NOW), &TimeZone::UTC, 1)
            .into_iter()
            .map(|s| s.reason)
            .collect()
    }

    #[test]
    fn a_stranger_is_named_by_where_they_came_from() {
        let mut stranger = candidate(1);
        stranger.stranger = true;
        stranger.last_interaction = None;
        stranger.first_known = Some(("facebook".into(), at("2016-03-01T00:00:00Z")));
        assert_eq!(
            reasons(&[stranger]),
            ["stranger since 2016 Facebook friend list"]
        );
    }

    #[test]
    fn people_who_share_something_with_the_user_come_sooner_and_are_told_so() {
        let mut shared = candidate(1);
        shared.intersections = 3;
        let plain = candidate(2);
        let candidates = [shared, plain];
        let first: Vec<PersonId> = (0..400)
            .map(|seed| queue(&candidates, 1, at(NOW), &TimeZone::UTC, seed)[0].person)
            .collect();
        let shared_first = first.iter().filter(|&&p| p == PersonId(1)).count();
        // Weights 2.5 : 1 make the first draw theirs 5 times in 7 (about 286 of 400).
        assert!((250..=320).contains(&shared_first), "{shared_first} of 400");
        let reasons = reasons(&candidates);
        assert!(
            reasons[0].ends_with("; 3 intersections with you")
                || reasons[1].ends_with("; 3 intersections with you"),
            "{reasons:?}"
        );
        assert!(
            reasons.iter().any(|r| !r.contains("intersection")),
            "{reasons:?}"
        );
    }

    #[test]
    fn excluded_declined_and_reintroduced_people_are_never_suggested() {
        let mut excluded = candidate(1);
        excluded.excluded = true;
        let mut declined = candidate(2);
        declined.last_outcome = Some((OutcomeKind::Declined, None, at("2026-01-01T00:00:00Z")));
        let mut back = candidate(3);
        back.last_outcome = Some((OutcomeKind::Reintroduced, None, at("2026-01-01T00:00:00Z")));
        let mut tribe = candidate(4);
        tribe.last_outcome = Some((OutcomeKind::OutOfTribe, None, at("2026-01-01T00:00:00Z")));
        assert!(reasons(&[excluded, declined, back, tribe]).is_empty());
    }

    #[test]
    fn not_now_waits_for_its_revisit_date() {
        let mut waiting = candidate(1);
        let recorded = at("2026-06-01T00:00:00Z");
        waiting.last_outcome = Some((
            OutcomeKind::NotNow,
            Some(at("2026-12-01T00:00:00Z")),
            recorded,
        ));
        assert!(reasons(std::slice::from_ref(&waiting)).is_empty());
        waiting.last_outcome = Some((
            OutcomeKind::NotNow,
            Some(at("2026-11-01T00:00:00Z")),
            recorded,
        ));
        assert_eq!(
            reasons(&[waiting]),
            ["back from not-now: revisit date reached"]
        );
    }

    #[test]
    fn someone_reached_recently_is_left_alone_until_they_answer() {
        let mut reached = candidate(1);
        reached.last_reached = Some(at("2026-11-20T00:00:00Z"));
        assert!(reasons(std::slice::from_ref(&reached)).is_empty());
        reached.last_reached = Some(at("2026-09-01T00:00:00Z"));
        assert_eq!(
            reasons(&[reached]).len(),
            1,
            "a month without an answer is long enough"
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_queue_and_strangers_come_first_more_often() {
        let mut candidates: Vec<Candidate> = (1..=40).map(candidate).collect();
        for stranger in candidates.iter_mut().take(10) {
            stranger.stranger = true;
            stranger.last_interaction = None;
        }
        let now = at(NOW);
        let first = queue(&candidates, 3, now, &TimeZone::UTC, 7);
        assert_eq!(first, queue(&candidates, 3, now, &TimeZone::UTC, 7));
        let strangers_first = (0..200)
            .filter(|seed| {
                let top = &queue(&candidates, 1, now, &TimeZone::UTC, *seed)[0];
                top.person.0 <= 10
            })
            .count();
        assert!(
            strangers_first > 120,
            "strangers won {strangers_first} of 200 draws"
        );
    }

    #[test]
    fn an_overdue_cadence_brings_someone_back_even_after_a_reintroduction() {
        let mut friend = candidate(1);
        friend.cadence = Some(Duration::parse("1m").unwrap());
        friend.last_interaction = Some(at("2026-08-20T00:00:00Z"));
        friend.last_outcome = Some((OutcomeKind::Reintroduced, None, at("2026-08-20T00:00:00Z")));
        assert_eq!(
            reasons(std::slice::from_ref(&friend)),
            ["3× overdue, last talked 2026-08"]
        );
        friend.last_interaction = Some(at("2026-11-20T00:00:00Z"));
        assert!(
            reasons(&[friend]).is_empty(),
            "in touch and reintroduced: not suggested"
        );
    }

    #[test]
    fn a_colleague_whose_goals_are_unknown_is_asked_about_them() {
        let mut manager = candidate(1);
        manager.role = Some("manager".into());
        assert_eq!(
            reasons(std::slice::from_ref(&manager)),
            ["you have never asked your manager about their goals"]
        );
        manager.goals_known = true;
        assert_ne!(
            reasons(&[manager])[0],
            "you have never asked your manager about their goals"
        );
    }

    #[test]
    fn the_overdue_list_has_those_the_queue_would_bring_back_for_their_cadence() {
        let cadence = Some(Duration::parse("1m").unwrap());
        let mut friend = candidate(1);
        friend.cadence = cadence;
        friend.last_interaction = Some(at("2026-08-20T00:00:00Z"));
        let mut closer = candidate(2);
        closer.cadence = cadence;
        closer.last_interaction = Some(at("2026-10-20T00:00:00Z"));
        let mut waiting = candidate(3);
        waiting.cadence = cadence;
        waiting.last_interaction = Some(at("2026-01-20T00:00:00Z"));
        waiting.last_reached = Some(at("2026-11-20T00:00:00Z"));
        let mut in_touch = candidate(4);
        in_touch.cadence = cadence;
        in_touch.last_interaction = Some(at("2026-11-20T00:00:00Z"));
        let overdue = overdue(
            &[closer, friend, waiting, in_touch],
            at(NOW),
            &TimeZone::UTC,
        );
        let listed: Vec<(i64, &str)> = overdue
            .iter()
            .map(|s| (s.person.0, s.reason.as_str()))
            .collect();
        assert_eq!(
            listed,
            [
                (1, "3× overdue, last talked 2026-08"),
                (2, "1× overdue, last talked 2026-10")
            ],
            "most overdue first; someone reached out to is waited for"
        );
    }

    #[test]
    fn cadences_are_a_closeness_or_a_duration() {
        assert_eq!(parse_cadence("close"), Ok(Duration::parse("1m").ok()));
        assert_eq!(parse_cadence("2w"), Ok(Duration::parse("2w").ok()));
        assert_eq!(parse_cadence("none"), Ok(None));
        assert_eq!(
            parse_cadence("often"),
            Err(Error::InvalidCadence("often".into()))
        );
    }

    #[test]
    fn pick_chooses_among_everyone_eligible() {
        let mut excluded = candidate(1);
        excluded.excluded = true;
        let picked = pick(&[excluded, candidate(2)], at(NOW), &TimeZone::UTC, 3).unwrap();
        assert_eq!(picked.person, PersonId(2));
    }
}

//! What renews you: how peer contact left the user, by kind, by peer and with the group, over a
//! range, in plain words; and the suggestion, once, to reassess a format or the group that has
//! left them drained three times in a row. The point of peer contact is to leave renewed.

use std::collections::BTreeMap;

use chrono::Days;
use rusqlite::params;
use serde::Serialize;

use crate::clock::Clock;
use crate::contact::{ContactKind, Energy};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::trends::{first_week, Range};

/// How many drained contacts in a row make Home suggest reassessing a format or the group.
pub const DRAINED_IN_A_ROW: usize = 3;

/// How contacts of one kind, with one peer, or with the group left the user.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EnergyCount {
    /// What it counts, in words: "Buddy debriefs", "Sam", "The consultation group".
    pub label: String,
    /// Contacts that left the user renewed.
    pub renewed: u32,
    /// Contacts that left them neither renewed nor drained.
    pub neutral: u32,
    /// Contacts that left them drained.
    pub drained: u32,
}

impl EnergyCount {
    fn add(&mut self, energy: Energy) {
        match energy {
            Energy::Renewed => self.renewed += 1,
            Energy::Neutral => self.neutral += 1,
            Energy::Drained => self.drained += 1,
        }
    }

    /// Contacts counted.
    pub fn rated(&self) -> u32 {
        self.renewed + self.neutral + self.drained
    }
}

/// The "What renews you" panel of Trends, for one range.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Renewal {
    /// The range asked for.
    pub range: Range,
    /// By kind of contact, most contacts first.
    pub by_kind: Vec<EnergyCount>,
    /// By peer, most contacts first.
    pub by_peer: Vec<EnergyCount>,
    /// With the consultation group; empty when there was none.
    pub by_group: Vec<EnergyCount>,
    /// Real conversations the user said how they left.
    pub rated: u32,
    /// Real conversations they have not said about.
    pub unrated: u32,
    /// What it shows, in a sentence or two.
    pub summary: String,
}

/// A suggestion Home shows until the user acts on it or puts it away.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HomeSuggestion {
    /// What kind of suggestion: `reassess`.
    pub kind: &'static str,
    /// What it is about, to put it away by: `reassess/group/41`.
    pub key: String,
    /// Its heading.
    pub title: String,
    /// What to try.
    pub text: String,
}

/// One rated contact, as the panel and the rule read it.
struct Rated {
    id: i64,
    kind: ContactKind,
    with_group: bool,
    energy: Energy,
    peers: Vec<String>,
}

/// "Buddy debriefs".
fn kind_plural(kind: ContactKind) -> &'static str {
    match kind {
        ContactKind::Message => "Messages",
        ContactKind::Call => "Calls",
        ContactKind::Video => "Video calls",
        ContactKind::InPerson => "Meetings in person",
        ContactKind::Group => "Consultation group sessions",
        ContactKind::BuddyDebrief => "Buddy debriefs",
        ContactKind::Informal => "Informal time",
    }
}

const GROUP: &str = "The consultation group";

impl Store {
    /// How contact left the user over `range`, ending today.
    pub fn renewal(&self, range: Range, clock: &dyn Clock) -> Result<Renewal> {
        let first_day = clock.local_date(self.first_use()?.with_timezone(&chrono::Utc));
        let since = first_week(range, first_day, clock.this_week()).monday();
        let since = clock.instant_of_local(since.and_time(chrono::NaiveTime::MIN));
        let tomorrow =
            clock.instant_of_local((clock.today() + Days::new(1)).and_time(chrono::NaiveTime::MIN));
        let rated = self.rated_contacts(Some((since, tomorrow)))?;
        let unrated: u32 = self.conn().query_row(
            "SELECT count(*) FROM contacts WHERE substantive = 1 AND energy IS NULL
             AND unixepoch(at) >= unixepoch(?1) AND unixepoch(at) < unixepoch(?2)",
            params![since.to_rfc3339(), tomorrow.to_rfc3339()],
            |row| row.get(0),
        )?;
        let mut by_kind: BTreeMap<&'static str, EnergyCount> = BTreeMap::new();
        let mut by_peer: BTreeMap<String, EnergyCount> = BTreeMap::new();
        let mut group = EnergyCount {
            label: GROUP.into(),
            ..EnergyCount::default()
        };
        for contact in &rated {
            let label = kind_plural(contact.kind);
            by_kind
                .entry(label)
                .or_insert_with(|| EnergyCount {
                    label: label.into(),
                    ..EnergyCount::default()
                })
                .add(contact.energy);
            for peer in &contact.peers {
                by_peer
                    .entry(peer.clone())
                    .or_insert_with(|| EnergyCount {
                        label: peer.clone(),
                        ..EnergyCount::default()
                    })
                    .add(contact.energy);
            }
            if contact.with_group || contact.kind == ContactKind::Group {
                group.add(contact.energy);
            }
        }
        let by_kind = most_first(by_kind.into_values().collect());
        let by_peer = most_first(by_peer.into_values().collect());
        let by_group = if group.rated() > 0 {
            vec![group]
        } else {
            Vec::new()
        };
        let summary = summary(&by_kind, &by_group, rated.len() as u32, unrated);
        Ok(Renewal {
            range,
            by_kind,
            by_peer,
            by_group,
            rated: rated.len() as u32,
            unrated,
            summary,
        })
    }

    /// The suggestions Home shows now: to reassess each format, or the group, whose last three
    /// rated contacts all left the user drained, unless they put that run away.
    pub fn home_suggestions(&self) -> Result<Vec<HomeSuggestion>> {
        let rated = self.rated_contacts(None)?;
        let mut subjects: BTreeMap<String, Vec<&Rated>> = BTreeMap::new();
        for contact in &rated {
            // The group is one subject, however it was logged.
            let subject = if contact.with_group || contact.kind == ContactKind::Group {
                "group".to_owned()
            } else {
                contact.kind.to_string()
            };
            subjects.entry(subject).or_default().push(contact);
        }
        let dismissed = self.dismissed_suggestions()?;
        let mut suggestions = Vec::new();
        for (subject, contacts) in subjects {
            // Newest first: the run of drained contacts that ends with the latest one.
            let run: Vec<&&Rated> = contacts
                .iter()
                .rev()
                .take_while(|contact| contact.energy == Energy::Drained)
                .collect();
            if run.len() < DRAINED_IN_A_ROW {
                continue;
            }
            // The run is named by its first contact, so a run that goes on stays put away;
            // and a run put away under any of its contacts stays away when an earlier contact
            // is rated later and the run reaches further back.
            let key_of = |id: i64| format!("reassess/{subject}/{id}");
            if run
                .iter()
                .any(|contact| dismissed.contains(&key_of(contact.id)))
            {
                continue;
            }
            let key = key_of(run.last().expect("a run").id);
            let (title, text) = if subject == "group" {
                (
                    "The group has left you drained lately".to_owned(),
                    "The consultation group has left you drained three times in a row. It may be \
                     worth reassessing the format with the group: a clearer structure, less time \
                     for venting, or a question brought to each meeting."
                        .to_owned(),
                )
            } else {
                let kind = kind_plural(contacts[0].kind);
                (
                    format!("{kind} have left you drained lately"),
                    format!(
                        "{kind} have left you drained three times in a row. It may be worth \
                         reassessing the format: another way to meet, a shorter time, or deciding \
                         beforehand what you want from it."
                    ),
                )
            };
            suggestions.push(HomeSuggestion {
                kind: "reassess",
                key,
                title,
                text,
            });
        }
        Ok(suggestions)
    }

    /// Puts away the suggestion Home shows now under `key`, for good.
    pub fn dismiss_shown_suggestion(&mut self, key: &str, clock: &dyn Clock) -> Result<()> {
        let shown = self.home_suggestions()?;
        if !shown.iter().any(|suggestion| suggestion.key == key) {
            let keys: Vec<&str> = shown.iter().map(|s| s.key.as_str()).collect();
            return Err(Error::NotFound(if keys.is_empty() {
                format!("There is no suggestion \"{key}\" on Home; there are none now.")
            } else {
                format!(
                    "There is no suggestion \"{key}\" on Home. Those there now: {}.",
                    keys.join(", ")
                )
            }));
        }
        self.dismiss_suggestion(key, clock)
    }

    /// Puts a suggestion away for good.
    pub fn dismiss_suggestion(&mut self, key: &str, clock: &dyn Clock) -> Result<()> {
        self.conn().execute(
            "INSERT OR IGNORE INTO dismissed_suggestions (key, at) VALUES (?1, ?2)",
            params![key, clock.now().to_rfc3339()],
        )?;
        Ok(())
    }

    fn dismissed_suggestions(&self) -> Result<Vec<String>> {
        Ok(self
            .conn()
            .prepare("SELECT key FROM dismissed_suggestions")?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The substantive contacts the user said how they left, oldest first; within `between`
    /// (from, until) when given.
    fn rated_contacts(
        &self,
        between: Option<(
            chrono::DateTime<chrono::FixedOffset>,
            chrono::DateTime<chrono::FixedOffset>,
        )>,
    ) -> Result<Vec<Rated>> {
        let (from, until) = between.map_or((None, None), |(from, until)| {
            (Some(from.to_rfc3339()), Some(until.to_rfc3339()))
        });
        let mut stmt = self.conn().prepare(
            "SELECT c.id, c.kind, c.with_group, c.energy,
                    (SELECT group_concat(p.name, char(31)) FROM contact_peers cp
                     JOIN peers p ON p.id = cp.peer_id WHERE cp.contact_id = c.id)
             FROM contacts c
             WHERE c.substantive = 1 AND c.energy IS NOT NULL
               AND (?1 IS NULL OR unixepoch(c.at) >= unixepoch(?1))
               AND (?2 IS NULL OR unixepoch(c.at) < unixepoch(?2))
             ORDER BY unixepoch(c.at), c.id",
        )?;
        let rows = stmt.query_map(params![from, until], |row| {
            let peers: Option<String> = row.get(4)?;
            Ok(Rated {
                id: row.get(0)?,
                kind: row.get(1)?,
                with_group: row.get(2)?,
                energy: row.get(3)?,
                peers: peers
                    .map(|names| names.split('\u{1f}').map(str::to_owned).collect())
                    .unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// `counts` with the most contacts first, then by label.
fn most_first(mut counts: Vec<EnergyCount>) -> Vec<EnergyCount> {
    counts.sort_by(|a, b| b.rated().cmp(&a.rated()).then(a.label.cmp(&b.label)));
    counts
}

/// The panel's sentence: how many were rated, what renewed most, and what drained most.
fn summary(by_kind: &[EnergyCount], by_group: &[EnergyCount], rated: u32, unrated: u32) -> String {
    if rated == 0 {
        return if unrated == 0 {
            "No real conversations with peers in this range yet.".into()
        } else {
            "Say how you left your peer contacts (renewed, neutral or drained) and this shows \
             what renews you."
                .into()
        };
    }
    let mut parts = vec![format!(
        "You said how {} left you.",
        match rated {
            1 => "1 conversation".to_owned(),
            n => format!("{n} conversations"),
        }
    )];
    let share = |count: u32, of: u32| f64::from(count) / f64::from(of.max(1));
    let candidates: Vec<&EnergyCount> = by_kind
        .iter()
        .chain(by_group)
        .filter(|count| count.rated() >= 2)
        .collect();
    let best = candidates
        .iter()
        .filter(|count| count.renewed > 0)
        .max_by(|a, b| share(a.renewed, a.rated()).total_cmp(&share(b.renewed, b.rated())));
    if let Some(best) = best {
        parts.push(format!(
            "{} renewed you most: {} of {}.",
            best.label,
            best.renewed,
            best.rated()
        ));
    }
    let worst = candidates
        .iter()
        .filter(|count| count.drained > 0 && Some(*count) != best)
        .max_by(|a, b| share(a.drained, a.rated()).total_cmp(&share(b.drained, b.rated())));
    if let Some(worst) = worst {
        parts.push(format!(
            "{} drained you most often: {} of {}.",
            worst.label,
            worst.drained,
            worst.rated()
        ));
    }
    parts.join(" ")
}

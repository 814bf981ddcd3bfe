//! Demo data: years of realistic history for screenshots, benchmarks and anyone trying Mooring.
//! Heavy weeks come with fewer peer contacts and fewer ticks; a self-check comes every two weeks,
//! its answers following how connected the weeks before it were.

use chrono::{Days, NaiveTime};

use crate::checklist::TemplateChange;
use crate::clock::Clock;
use crate::confidentiality::Guard;
use crate::consultation::NewConsultation;
use crate::contact::{ContactKind, Energy, Intention, NewContact};
use crate::error::{Error, Result};
use crate::peer::{CareerStage, PeerDetails, Role};
use crate::rhythm::Rhythm;
use crate::selfcheck::AnswerSheet;
use crate::store::Store;

/// The most years of demo data one call makes.
pub const MAX_YEARS: u32 = 20;

/// What a run of the generator made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct DemoSummary {
    /// Weeks of history.
    pub weeks: u32,
    /// Of which heavy.
    pub heavy_weeks: u32,
    /// Peer contacts logged.
    pub contacts: u32,
    /// Self-checks taken.
    pub selfchecks: u32,
}

impl Store {
    /// Fills an empty store with `years` of history ending now; `seed` makes it repeatable.
    pub fn generate_demo_data(
        &mut self,
        years: u32,
        seed: u64,
        clock: &dyn Clock,
    ) -> Result<DemoSummary> {
        if !(1..=MAX_YEARS).contains(&years) {
            return Err(Error::Invalid(format!(
                "Demo data covers 1 to {MAX_YEARS} years."
            )));
        }
        if self.holds_user_data()? {
            return Err(Error::Invalid(
                "This data folder already holds your data; demo data only goes into an empty one."
                    .into(),
            ));
        }
        // Made in a copy in memory and copied back in one step, so that a run killed halfway
        // leaves nothing behind. The data folder is empty of the user's own data, so nothing
        // of theirs can be written over by the copy.
        let mut scratch = self.snapshot_in_memory()?;
        let summary = scratch.fill_with_demo_data(years, seed, clock)?;
        self.replace_with(scratch.conn(), clock)?;
        Ok(summary)
    }

    /// Writes the demo history into this store, one record at a time.
    fn fill_with_demo_data(
        &mut self,
        years: u32,
        seed: u64,
        clock: &dyn Clock,
    ) -> Result<DemoSummary> {
        let mut rng = fastrand::Rng::with_seed(seed);
        let now = clock.now();
        let peer = |name: &str, stage, roles: Vec<Role>, debrief| PeerDetails {
            name: name.into(),
            career_stage: Some(stage),
            roles,
            preferred_channel: None,
            debrief_within_72h: debrief,
            practice_area: Some(
                match name {
                    "Sam" | "Lee" => "Trauma",
                    "Ana" => "Couples and families",
                    "Jo" => "Child and adolescent",
                    _ => "Addictions",
                }
                .into(),
            ),
            dual_role: None,
        };
        let peers = [
            self.add_peer(
                peer("Sam", CareerStage::Mid, vec![Role::Buddy], true),
                crate::Guard::Check,
                clock,
            )?
            .id,
            self.add_peer(
                peer("Ana", CareerStage::Senior, vec![Role::Mentor], true),
                crate::Guard::Check,
                clock,
            )?
            .id,
            self.add_peer(
                peer("Jo", CareerStage::Early, vec![Role::Mentee], false),
                crate::Guard::Check,
                clock,
            )?
            .id,
            self.add_peer(
                peer(
                    "Lee",
                    CareerStage::Mid,
                    vec![Role::ConsultationGroup],
                    false,
                ),
                crate::Guard::Check,
                clock,
            )?
            .id,
            self.add_peer(
                peer("Kit", CareerStage::Senior, vec![Role::Colleague], false),
                crate::Guard::Check,
                clock,
            )?
            .id,
        ];
        let this_week = clock.this_week();
        // The group meets every other week, this week among them.
        let fortnightly = Rhythm::every(2, this_week)?;
        if let Some(group) = self
            .template()?
            .into_iter()
            .find(|item| item.contact_kind == Some(ContactKind::Group))
        {
            let change = TemplateChange {
                rhythm: Some(fortnightly),
                ..TemplateChange::default()
            };
            self.update_template_item(group.id, change, crate::Guard::Check, clock)?;
        }
        // How each contact was left, and what it was for, from an RNG of their own, so that the
        // rest of the history stays as it was before Mooring asked.
        let mut feel = fastrand::Rng::with_seed(seed.wrapping_add(1));
        let mut week = crate::week::Week::containing(
            this_week.monday() - Days::new(7 * (52 * u64::from(years) - 1)),
        );
        // The history is Mooring's own: it was "first used" when the history starts.
        self.backdate_first_use(clock.instant_of_local(week.monday().and_time(NaiveTime::MIN)))?;
        let mut summary = DemoSummary::default();
        let mut recent_contacts: Vec<u32> = Vec::new();
        while week <= this_week {
            let heavy = rng.u32(0..5) == 0;
            let sessions = if heavy {
                rng.u32(26..33)
            } else {
                rng.u32(14..24)
            };
            self.set_caseload(week, Some(sessions), clock)?;
            summary.weeks += 1;
            summary.heavy_weeks += u32::from(heavy);

            // Tuesday message, Wednesday group, Friday buddy debrief: most of them in light weeks.
            let chance = if heavy { 25 } else { 80 };
            let mut contacts = 0;
            for (day, hour, kind, who) in [
                (
                    1,
                    12,
                    ContactKind::Message,
                    peers[rng.usize(1..peers.len())],
                ),
                (2, 15, ContactKind::Group, peers[3]),
                (4, 16, ContactKind::BuddyDebrief, peers[0]),
            ] {
                let at =
                    clock.instant_of_local((week.monday() + Days::new(day)).and_time(
                        NaiveTime::from_hms_opt(hour, rng.u32(0..50), 0).expect("a time"),
                    ));
                if at > now || rng.u32(0..100) >= chance {
                    continue;
                }
                if kind == ContactKind::Group && !fortnightly.includes(week) {
                    continue;
                }
                let contact = NewContact {
                    at: Some(at),
                    peers: vec![who],
                    with_group: kind == ContactKind::Group,
                    kind,
                    substantive: rng.u32(0..100) >= 15,
                    intentions: demo_intentions(kind, &mut feel),
                    energy: Some(demo_energy(kind, heavy, &mut feel)),
                    minutes: Some(rng.u32(10..60)),
                    note: None,
                };
                self.log_contact(contact, None, Guard::Check, clock)?;
                contacts += 1;
            }
            summary.contacts += contacts;
            recent_contacts.push(contacts);

            // The checklist: a partial week, thinner when heavy.
            let tick_chance = if heavy { 35 } else { 70 };
            let items = self.checklist(week, clock)?.items;
            for item in items {
                if item.slot.starts().is_some_and(|(weekday, _)| {
                    week.monday() + Days::new(u64::from(weekday.num_days_from_monday()))
                        > now.date_naive()
                }) {
                    continue;
                }
                if rng.u32(0..100) < tick_chance {
                    self.tick(item.id, None, Guard::Check, clock)?;
                }
            }

            // A self-check every second Monday, its answers following the last two weeks.
            if week.number().is_multiple_of(2) {
                let at = clock.instant_of_local(
                    week.monday()
                        .and_time(NaiveTime::from_hms_opt(9, 0, 0).expect("a time")),
                );
                if at <= now {
                    let lately: u32 = recent_contacts.iter().rev().take(2).sum();
                    let sheet = AnswerSheet {
                        talked_beyond_logistics: Some(lately >= 2),
                        debrief_within_72h: Some(rng.u32(0..10) < 8),
                        mixed_career_stages: Some(rng.u32(0..10) < 7),
                        safety_net: Some(f64::from((3 + lately + rng.u32(0..3)).min(10))),
                    };
                    self.take_selfcheck(sheet, Some(at), clock)?;
                    summary.selfchecks += 1;
                }
            }
            week = week.next();
        }
        self.demo_agreement_and_records(&peers, clock)?;
        Ok(summary)
    }

    /// The group's agreement, signed five months ago by three members, and two consultation
    /// records: one from the last group meeting, one being prepared.
    fn demo_agreement_and_records(&mut self, peers: &[i64; 5], clock: &dyn Clock) -> Result<()> {
        let agreement = self
            .new_agreement("Wednesday group", true, crate::Guard::Check, clock)?
            .id;
        let signed = clock.today().checked_sub_months(chrono::Months::new(5));
        for &peer in &[peers[3], peers[0], peers[1]] {
            self.sign_agreement(agreement, peer, signed, clock)?;
        }
        let last_group = self
            .contacts(
                &crate::contact::ContactFilter {
                    kind: Some(ContactKind::Group),
                    limit: Some(1),
                    ..Default::default()
                },
                clock,
            )?
            .pop();
        if let Some(group) = last_group {
            self.add_consultation(
                NewConsultation {
                    contact_id: Some(group.id),
                    wants: vec![Intention::Advice, Intention::ClinicalBrainstorming],
                    question: "Should I keep working with a client whose needs have moved beyond \
                               my training, or refer on?"
                        .into(),
                    options: Some("Continue with supervision; refer to a specialist; both for a time.".into()),
                    standards: Some("Practise within the boundaries of competence.".into()),
                    recommendations: Some("Refer, with a warm handover over two sessions.".into()),
                    decision: Some("Refer on, and keep two sessions for the ending.".into()),
                    rationale: Some("The client's needs come first; the group agreed the risk of continuing was too high.".into()),
                    follow_up_on: Some(clock.today() + Days::new(14)),
                    ..NewConsultation::default()
                },
                Guard::Check,
                clock,
            )?;
        }
        self.add_consultation(
            NewConsultation {
                wants: vec![Intention::EmotionalSupport, Intention::Accountability],
                question: "How do I keep my own weekends free through December?".into(),
                ..NewConsultation::default()
            },
            Guard::Check,
            clock,
        )?;
        Ok(())
    }
}

/// What a demo contact of `kind` was for: the group for cases, the buddy for support.
fn demo_intentions(kind: ContactKind, feel: &mut fastrand::Rng) -> Vec<Intention> {
    match kind {
        ContactKind::Group => vec![Intention::ClinicalBrainstorming],
        ContactKind::BuddyDebrief if feel.u32(0..4) == 0 => {
            vec![Intention::EmotionalSupport, Intention::Venting]
        }
        ContactKind::BuddyDebrief => vec![Intention::EmotionalSupport],
        _ if feel.u32(0..3) == 0 => vec![Intention::Advice],
        _ => Vec::new(),
    }
}

/// How a demo contact of `kind` was left: the buddy mostly renews, the group is mixed, and a
/// heavy week drains more.
fn demo_energy(kind: ContactKind, heavy: bool, feel: &mut fastrand::Rng) -> Energy {
    let (renewed, neutral) = match kind {
        ContactKind::BuddyDebrief => (70, 25),
        ContactKind::Group => (40, 35),
        _ => (35, 55),
    };
    let roll = feel.u32(0..100) + if heavy { 15 } else { 0 };
    if roll < renewed {
        Energy::Renewed
    } else if roll < renewed + neutral {
        Energy::Neutral
    } else {
        Energy::Drained
    }
}

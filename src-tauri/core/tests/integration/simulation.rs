//! A year of real weeks, hour by hour, for four people, through the same store calls the app's
//! scheduler and screens make. Every hour checks what a person would notice: nothing in quiet
//! hours, at the weekend or while paused; at most one lapse nudge a day; never two nudges within
//! the hour; no lapse nudge before the lapse has run its course since the last real talk; and a
//! heavy week with no real talk for 72 hours of working time nudged by the next working morning.
//!
//! The one who takes leave also keeps a paper agreement, a consultation followed up during the
//! leave, notes kept for 6 months, and restores a backup: what a real year brings to those.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveTime, Timelike, Weekday};
use mooring_core::clock::parse_instant;
use mooring_core::nudge::NUDGE_SPACING;
use mooring_core::{
    AnswerSheet, Clock, ContactKind, FixedClock, Guard, NewContact, PeerDetails, Role, Rule, Store,
};

use crate::support::store_first_used_at;

/// Monday 5 January 2026, 09:00: when each of them first opens Mooring.
const FIRST_USE: &str = "2026-01-05T09:00:00+01:00";
const WEEKS: i64 = 52;

/// The four people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Person {
    /// Starts with no peers; adds a colleague in week 8 and messages her every other Tuesday.
    NewUser,
    /// A buddy from the start, a heavy week every other week, a Friday debrief in light weeks
    /// only; answers a lapse nudge with a call. The laptop sleeps for four days in week 30.
    BusyWithBuddy,
    /// A fortnightly group, the relative rule, three weeks of leave (weeks 20 to 22) with nudges
    /// paused for them. Types in the group's paper agreement on the first day, keeps notes for 6
    /// months, records a consultation to follow up during the leave, backs up in week 30 and
    /// restores that backup in week 34.
    TakesLeave,
    /// Heavy every week, and talks with a peer only on Saturdays; never answers a nudge.
    WeekendLogger,
}

/// What one person's year gave: the nudges fired, by rule.
#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    heavy_week_lapse: u32,
    contact_lapse: u32,
    selfcheck_due: u32,
    agreement_review: u32,
    consultation_follow_up: u32,
    contacts: u32,
}

struct Year {
    store: Store,
    clock: FixedClock,
    person: Person,
    /// The peer to talk to, once there is one.
    peer: Option<i64>,
    /// The latest substantive contact, as the person lived it.
    last_contact: Option<DateTime<FixedOffset>>,
    first_use: DateTime<FixedOffset>,
    /// A nudge the person will answer at the next hour.
    answer: Option<Rule>,
    /// When each real talk happened, as the data holds it.
    contacts: Vec<DateTime<FixedOffset>>,
    /// The backup taken in week 30, and when.
    backup: Option<(String, DateTime<FixedOffset>)>,
    /// The agreement, once typed in.
    agreement: Option<i64>,
    fired: Vec<(DateTime<FixedOffset>, Rule)>,
    counts: Counts,
}

impl Year {
    fn new(person: Person) -> (tempfile::TempDir, Year) {
        let (dir, mut store) = store_first_used_at(FIRST_USE);
        let clock = FixedClock::parse(FIRST_USE).unwrap();
        let first_use = clock.now();
        let peer = match person {
            Person::NewUser => None,
            Person::BusyWithBuddy => Some(add_peer(&mut store, &clock, "Sam", Role::Buddy)),
            Person::TakesLeave => {
                store.set_setting("heavy-rule", "relative", &clock).unwrap();
                Some(add_peer(&mut store, &clock, "Kim", Role::ConsultationGroup))
            }
            Person::WeekendLogger => Some(add_peer(&mut store, &clock, "Lee", Role::Buddy)),
        };
        let year = Year {
            store,
            clock,
            person,
            peer,
            last_contact: None,
            first_use,
            answer: None,
            contacts: Vec::new(),
            backup: None,
            agreement: None,
            fired: Vec::new(),
            counts: Counts::default(),
        };
        (dir, year)
    }

    fn now(&self) -> DateTime<FixedOffset> {
        self.clock.now()
    }

    /// The week number since first use, from 1.
    fn week(&self) -> i64 {
        (self.now() - self.first_use).num_days() / 7 + 1
    }

    fn at(&self, weekday: Weekday, hour: u32) -> bool {
        let now = self.now();
        now.weekday() == weekday && now.hour() == hour
    }

    /// Whether the app is running, so that the scheduler runs.
    fn app_open(&self) -> bool {
        // Week 30: the laptop sleeps from Tuesday 18:00 to Saturday 10:00.
        if self.person != Person::BusyWithBuddy || self.week() != 30 {
            return true;
        }
        let hour = i64::from(self.now().weekday().num_days_from_monday()) * 24
            + i64::from(self.now().hour());
        !(24 + 18..5 * 24 + 10).contains(&hour)
    }

    /// This week's sessions, entered on Monday morning.
    fn sessions(&self) -> u32 {
        let week = self.week();
        match self.person {
            Person::NewUser => {
                if week % 4 == 0 {
                    27
                } else {
                    18
                }
            }
            Person::BusyWithBuddy => {
                if week % 2 == 0 {
                    30
                } else {
                    22
                }
            }
            Person::TakesLeave => match week {
                20..=22 => 0,
                _ => [20, 24, 26][(week % 3) as usize],
            },
            Person::WeekendLogger => 26,
        }
    }

    fn log_contact(&mut self, kind: ContactKind) {
        let peer = self.peer.expect("a peer to talk to");
        let contact = NewContact {
            at: None,
            peers: vec![peer],
            with_group: kind == ContactKind::Group,
            kind,
            substantive: true,
            intentions: Vec::new(),
            energy: None,
            minutes: Some(30),
            note: (self.person == Person::TakesLeave).then(|| "Talked it through".to_owned()),
        };
        self.store
            .log_contact(contact, None, Guard::Check, &self.clock)
            .unwrap();
        self.last_contact = Some(self.now());
        self.contacts.push(self.now());
        self.counts.contacts += 1;
    }

    /// The first day: the notes setting, and the group's paper agreement typed in, signed in
    /// November, in the order the pages come to hand.
    fn set_up_the_paper_agreement(&mut self) {
        let clock = &self.clock;
        self.store.set_setting("keep-notes", "6", clock).unwrap();
        self.store
            .set_setting("your-name", "Robin Vale", clock)
            .unwrap();
        let id = self
            .store
            .new_agreement("Wednesday group", true, Guard::Check, clock)
            .unwrap()
            .id;
        let kim = self.peer.expect("Kim");
        let day = |text: &str| Some(text.parse().unwrap());
        self.store
            .sign_agreement(id, kim, day("2025-11-20"), clock)
            .unwrap();
        let signed = self
            .store
            .sign_agreement_yourself(id, day("2025-11-18"), clock)
            .unwrap();
        assert_eq!(signed.resign_due_on, day("2026-11-18"));
        assert!(!signed.resign_due);
        self.agreement = Some(id);
    }

    /// Week 34: the backup of week 30 comes back. The notes setting stays, the notes older than
    /// it are erased from what came back, and the talks since the backup are gone.
    fn restore_the_backup(&mut self) {
        let (id, taken) = self.backup.clone().expect("the backup of week 30");
        let restored = self.store.restore_backup(&id, &self.clock).unwrap();
        assert!(
            restored.notes_erased > 0,
            "the backup held notes from weeks 4 to 8"
        );
        assert_eq!(
            self.store.settings().unwrap().keep_notes_months,
            Some(6),
            "the setting chosen stays"
        );
        self.contacts.retain(|&at| at <= taken);
        self.last_contact = self.contacts.last().copied();
        self.check_no_note_outlives_its_months();
    }

    /// No contact older than 6 months keeps its note.
    fn check_no_note_outlives_its_months(&self) {
        let cutoff = self.now() - chrono::Months::new(6);
        let filter = mooring_core::ContactFilter::default();
        for contact in self.store.contacts(&filter, &self.clock).unwrap() {
            let at = parse_instant(&contact.at).unwrap();
            assert!(
                at >= cutoff || contact.note.is_none(),
                "{:?}: the note of {at} outlived 6 months at {}",
                self.person,
                self.now()
            );
        }
    }

    /// What the person does this hour, before the scheduler runs.
    fn live_this_hour(&mut self) {
        if self.at(Weekday::Mon, 9) {
            let sessions = self.sessions();
            let week = self.clock.this_week();
            self.store
                .set_caseload(week, Some(sessions), &self.clock)
                .unwrap();
        }
        match self.answer.take() {
            // The group signs again at its next meeting; the user with them.
            Some(Rule::AgreementReview) => {
                let (id, kim) = (self.agreement.unwrap(), self.peer.unwrap());
                self.store
                    .sign_agreement(id, kim, None, &self.clock)
                    .unwrap();
                let signed = self
                    .store
                    .sign_agreement_yourself(id, None, &self.clock)
                    .unwrap();
                assert!(!signed.resign_due);
            }
            Some(Rule::ConsultationFollowUp) => {}
            Some(Rule::SelfcheckDue) => {
                let sheet = AnswerSheet {
                    talked_beyond_logistics: Some(true),
                    debrief_within_72h: Some(self.person == Person::BusyWithBuddy),
                    mixed_career_stages: Some(false),
                    safety_net: Some(6.0),
                };
                self.store.take_selfcheck(sheet, None, &self.clock).unwrap();
            }
            Some(_) if self.peer.is_some() => self.log_contact(ContactKind::Call),
            _ => {}
        }
        match self.person {
            Person::NewUser => {
                if self.week() == 8 && self.at(Weekday::Mon, 10) {
                    self.peer = Some(add_peer(
                        &mut self.store,
                        &self.clock,
                        "Ana",
                        Role::Colleague,
                    ));
                }
                if self.week() >= 8 && self.week() % 2 == 0 && self.at(Weekday::Tue, 12) {
                    self.log_contact(ContactKind::Message);
                }
            }
            Person::BusyWithBuddy => {
                if self.week() % 2 == 1 && self.at(Weekday::Fri, 16) {
                    self.log_contact(ContactKind::BuddyDebrief);
                }
            }
            Person::TakesLeave => {
                if self.week() == 1 && self.at(Weekday::Mon, 10) {
                    self.set_up_the_paper_agreement();
                }
                // Once a day, as the app does, notes older than the setting go.
                if self.now().hour() == 3 {
                    self.store.erase_old_notes(&self.clock).unwrap();
                    self.check_no_note_outlives_its_months();
                }
                // Before the leave, a consultation to follow up on the Wednesday in the middle.
                if self.week() == 19 && self.at(Weekday::Fri, 17) {
                    let follow_up_on = self.clock.today() + chrono::Days::new(12);
                    self.store
                        .add_consultation(
                            mooring_core::NewConsultation {
                                question: "Refer on, or keep working with support?".into(),
                                decision: Some("Keep working, with supervision".into()),
                                follow_up_on: Some(follow_up_on),
                                ..mooring_core::NewConsultation::default()
                            },
                            Guard::Check,
                            &self.clock,
                        )
                        .unwrap();
                }
                if self.week() == 30 && self.at(Weekday::Mon, 7) {
                    let backup = self.store.create_backup(&self.clock).unwrap();
                    self.backup = Some((backup.id, self.now()));
                }
                if self.week() == 34 && self.at(Weekday::Mon, 7) {
                    self.restore_the_backup();
                }
                let on_leave = (20..=22).contains(&self.week());
                if !on_leave && self.week() % 2 == 0 && self.at(Weekday::Wed, 15) {
                    self.log_contact(ContactKind::Group);
                }
                if self.week() == 19 && self.at(Weekday::Fri, 18) {
                    let back = self.clock.instant_of_local(
                        (self.clock.today() + chrono::Days::new(24))
                            .and_time(NaiveTime::from_hms_opt(8, 0, 0).unwrap()),
                    );
                    self.store.pause_nudges(Some(back), &self.clock).unwrap();
                }
            }
            Person::WeekendLogger => {
                if self.at(Weekday::Sat, 11) {
                    self.log_contact(ContactKind::InPerson);
                }
            }
        }
    }

    /// One scheduler run, checked as it fires.
    fn run_scheduler(&mut self) {
        let Some(nudge) = self.store.run_nudges(&self.clock).unwrap().fire else {
            return;
        };
        let now = self.now();
        let local = now.time();
        let settings = self.store.settings().unwrap().nudges;
        assert!(
            local >= settings.quiet_until && local < settings.quiet_from,
            "{:?}: {} in quiet hours at {now}",
            self.person,
            nudge.rule
        );
        assert!(
            !matches!(now.weekday(), Weekday::Sat | Weekday::Sun),
            "{:?}: {} at the weekend, {now}",
            self.person,
            nudge.rule
        );
        assert!(
            settings.paused_until.is_none_or(|until| until <= now),
            "{:?}: {} while paused, {now}",
            self.person,
            nudge.rule
        );
        if let Some(&(last, rule)) = self.fired.last() {
            assert!(
                now - last >= NUDGE_SPACING,
                "{:?}: {} at {now} only {} minutes after {rule}: a burst",
                self.person,
                nudge.rule,
                (now - last).num_minutes()
            );
        }
        if nudge.rule.is_lapse() {
            assert!(
                !self
                    .fired
                    .iter()
                    .any(|&(at, rule)| rule.is_lapse() && at.date_naive() == now.date_naive()),
                "{:?}: a second lapse nudge on {}",
                self.person,
                now.date_naive()
            );
            // Never between a real talk and the end of the lapse that follows it.
            let since = self.lapse_start();
            let lapse = match nudge.rule {
                Rule::HeavyWeekLapse => Duration::hours(72),
                _ => Duration::days(14),
            };
            assert!(
                now - since >= lapse,
                "{:?}: {} at {now}, only {} hours after {since}",
                self.person,
                nudge.rule,
                (now - since).num_hours()
            );
        }
        match nudge.rule {
            Rule::HeavyWeekLapse => self.counts.heavy_week_lapse += 1,
            Rule::ContactLapse => self.counts.contact_lapse += 1,
            Rule::SelfcheckDue => self.counts.selfcheck_due += 1,
            Rule::ChecklistItem => unreachable!("off by default"),
            Rule::AgreementReview => {
                assert_eq!(self.person, Person::TakesLeave);
                assert!(
                    now.date_naive() >= "2026-11-18".parse().unwrap(),
                    "a year after the oldest signature, whatever the order typed in: {now}"
                );
                self.counts.agreement_review += 1;
            }
            Rule::ConsultationFollowUp => {
                // The follow-up fell in the leave; it comes on the morning the pause ends.
                assert_eq!(self.person, Person::TakesLeave);
                assert_eq!(self.week(), 23, "the Monday back, not lost: {now}");
                assert_eq!(now.weekday(), Weekday::Mon, "{now}");
                self.counts.consultation_follow_up += 1;
            }
            Rule::DebriefFollowUp => unreachable!("nobody asks for a debrief here"),
        }
        // Whoever answers nudges does so within the hour.
        let answers = match self.person {
            Person::NewUser => self.peer.is_some() || nudge.rule == Rule::SelfcheckDue,
            Person::BusyWithBuddy | Person::TakesLeave => true,
            Person::WeekendLogger => nudge.rule == Rule::SelfcheckDue,
        };
        if answers {
            self.answer = Some(nudge.rule);
        }
        self.fired.push((now, nudge.rule));
    }

    /// Where the current lapse runs from: the last real talk, or first use.
    fn lapse_start(&self) -> DateTime<FixedOffset> {
        self.last_contact
            .map_or(self.first_use, |last| last.max(self.first_use))
    }

    /// A heavy week with no real talk for 72 hours is nudged by the next working morning:
    /// at any working hour two hours past that, with the app running, a lapse nudge has fired
    /// for this lapse.
    fn check_heavy_lapse_was_nudged(&self, open_since: DateTime<FixedOffset>) {
        let now = self.now();
        let settings = self.store.settings().unwrap().nudges;
        let working = !matches!(now.weekday(), Weekday::Sat | Weekday::Sun)
            && now.time() >= settings.quiet_until
            && now.time() < settings.quiet_from
            && settings.paused_until.is_none_or(|until| until <= now);
        let since = self.lapse_start();
        let overdue = since + Duration::hours(72);
        let morning = now.time() >= settings.quiet_until + Duration::hours(2);
        if !working
            || !morning
            || now < overdue + Duration::hours(2)
            || now - open_since < Duration::hours(2)
            || !self.store.status(&self.clock).unwrap().heavy_week
        {
            return;
        }
        assert!(
            self.fired
                .iter()
                .any(|&(at, rule)| rule.is_lapse() && at >= overdue),
            "{:?}: a heavy week with no real talk since {since}, and no nudge by {now}",
            self.person
        );
    }
}

fn add_peer(store: &mut Store, clock: &FixedClock, name: &str, role: Role) -> i64 {
    let details = PeerDetails {
        name: name.into(),
        roles: vec![role],
        debrief_within_72h: role == Role::Buddy,
        ..PeerDetails::default()
    };
    store
        .add_peer(details, mooring_core::Guard::Check, clock)
        .unwrap()
        .id
}

/// Lives a year for `person`, hour by hour, checking every hour, and returns the counts.
fn live_a_year(person: Person) -> Counts {
    let (_dir, mut year) = Year::new(person);
    let end = parse_instant(FIRST_USE).unwrap() + Duration::weeks(WEEKS);
    let mut open_since = year.now();
    let mut was_open = true;
    while year.now() < end {
        year.live_this_hour();
        let open = year.app_open();
        if open && !was_open {
            open_since = year.now();
            // Reopened after days asleep: at most one nudge now, never a burst.
            let before = year.fired.len();
            year.run_scheduler();
            year.run_scheduler();
            assert!(
                year.fired.len() - before <= 1,
                "{person:?}: a burst on waking at {}",
                year.now()
            );
        } else if open {
            year.run_scheduler();
            year.check_heavy_lapse_was_nudged(open_since);
        }
        was_open = open;
        year.clock.advance(Duration::hours(1));
    }
    year.counts
}

// The counts below were read through by hand once, against each person's story, and pinned.

#[test]
fn a_new_user_with_no_peers_yet_is_nudged_from_first_use() {
    // No contact from first use: a contact lapse each working day from Monday of week 3 to
    // Tuesday of week 8, the day after a first peer is added (27). Then a message every other
    // Tuesday; heavy weeks (every 4th) nudge on Friday, and from week 12 also on Monday, after a
    // week without contact (1 + 11 x 2 = 23). A self-check every 14 days from the first
    // morning, each taken when nudged (26).
    assert_eq!(
        live_a_year(Person::NewUser),
        Counts {
            heavy_week_lapse: 23,
            contact_lapse: 27,
            selfcheck_due: 26,
            agreement_review: 0,
            consultation_follow_up: 0,
            contacts: 47,
        }
    );
}

#[test]
fn a_busy_clinician_with_a_buddy() {
    // Each heavy week: Monday 16:00 (72 hours after Friday's debrief), Thursday after the
    // answering call, and the next Monday at 08:00, when last week's caseload still stands in
    // (3 x 26 = 78), less Thursday of week 30, asleep; the Saturday it wakes holds it to Monday.
    assert_eq!(
        live_a_year(Person::BusyWithBuddy),
        Counts {
            heavy_week_lapse: 77,
            contact_lapse: 0,
            selfcheck_due: 26,
            agreement_review: 0,
            consultation_follow_up: 0,
            contacts: 102,
        }
    );
}

#[test]
fn three_weeks_of_leave() {
    // Heavy only in week 2 (26 sessions, the threshold standing in): Monday, and Monday of week
    // 3 while its estimate is 26. The leave is paused: the contact lapse that ran out during it
    // fires once, on the Monday back, and so does the consultation's follow-up that fell on the
    // Wednesday of the leave. The weeks of 0 never make the weeks after leave heavy. The backup
    // of week 30 holds no group meeting after week 28: restored on Monday of week 34, the data
    // says five weeks without real talk, and a contact lapse fires that morning, answered with
    // a call (2 lapses, 27 + 1 contacts). The paper agreement (signed 18 and 20 November 2025)
    // is due on 18 November 2026, once, and signed again.
    assert_eq!(
        live_a_year(Person::TakesLeave),
        Counts {
            heavy_week_lapse: 2,
            contact_lapse: 2,
            selfcheck_due: 26,
            agreement_review: 1,
            consultation_follow_up: 1,
            contacts: 28,
        }
    );
}

#[test]
fn contacts_logged_only_at_the_weekend() {
    // Heavy every week and a real talk every Saturday: 72 hours run out on Tuesday at 11:00,
    // then one nudge a day to Friday (4 x 51), and Thursday and Friday of the first week.
    assert_eq!(
        live_a_year(Person::WeekendLogger),
        Counts {
            heavy_week_lapse: 206,
            contact_lapse: 0,
            selfcheck_due: 26,
            agreement_review: 0,
            consultation_follow_up: 0,
            contacts: 52,
        }
    );
}

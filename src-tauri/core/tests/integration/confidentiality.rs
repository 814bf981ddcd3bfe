//! The confidentiality guard against notes as therapists write them: 60 that identify a client
//! and 60 ordinary ones. It must catch at least 95% of the first and raise a false alarm on at
//! most 5% of the second, because a check that cries wolf gets ignored.

use chrono::NaiveDate;
use mooring_core::likely_client_identifiers;

/// Notes that hold a client's details, each with the kind the guard should name first.
const IDENTIFYING: [(&str, &str); 60] = [
    (
        "Reach her at jane.doe@example.org if she cancels again",
        "email",
    ),
    (
        "his email is m.okafor@gmail.com, asked me to send the worksheet",
        "email",
    ),
    ("jane at example dot com wants the intake form", "email"),
    (
        "Client wrote from tom(at)mailbox(dot)org at midnight",
        "email",
    ),
    ("Follow up: p.smith@nhs.net about the referral", "email"),
    ("His number is 0612 345 678", "phone"),
    ("call +44 (20) 7946 0958 after six", "phone"),
    (
        "She gave me her mobile 07700 900123 for emergencies",
        "phone",
    ),
    ("ring 555-0199 to reschedule", "phone"),
    ("Left a voicemail on (415) 555-2671", "phone"),
    ("text 0612345678 the new time", "phone"),
    ("Mother's phone: 020 7946 0321", "phone"),
    ("born 03/04/1987, lives nearby", "date-of-birth"),
    ("DOB 1990-05-17", "date-of-birth"),
    ("intake on 12.01.1979", "date-of-birth"),
    ("my client, Jane, DOB 3/4/85", "client-name"),
    ("born 12 March 1985 in Leeds", "date-of-birth"),
    ("D.O.B. 14/02/92", "date-of-birth"),
    (
        "Her birthday is March 3, 1990 and it's a hard day",
        "date-of-birth",
    ),
    (
        "Date of birth 7 July 1975, recently widowed",
        "date-of-birth",
    ),
    ("he was born in 1988 and is the eldest", "date-of-birth"),
    ("date of birth: 21/11/1966", "date-of-birth"),
    ("MRN 4471023 came up in supervision", "record-number"),
    ("file #20931 needs a look", "record-number"),
    ("client ID: AB-5521", "record-number"),
    (
        "patient # 12345 again asked about medication",
        "record-number",
    ),
    ("Case no. 4471, the custody one", "record-number"),
    ("NHS number 485 777 3456 on the letter", "record-number"),
    ("ID 44821 in the portal", "record-number"),
    ("record number 998812 from the hospital", "record-number"),
    ("case #8812 still open with the agency", "record-number"),
    (
        "SSN 123-45-6789 was on the form by mistake",
        "record-number",
    ),
    ("talked about client Maria and the rupture", "client-name"),
    ("Patient Johnson cancelled again", "client-name"),
    (
        "my client named Oskar keeps testing the frame",
        "client-name",
    ),
    ("Client: Jane", "client-name"),
    ("my client, Jane, feels stuck", "client-name"),
    ("client J. Smith asked about fees", "client-name"),
    ("Supervision on client Tom's anger", "client-name"),
    ("CLIENT Ahmed disclosed more today", "client-name"),
    ("counselee Rosa missed two sessions", "client-name"),
    ("patient - Peter - relapsed", "client-name"),
    (
        "Brainstormed with Sam about my client Lucy Brown",
        "client-name",
    ),
    ("client (Dana) brought her partner", "client-name"),
    ("Discussed patient K.L. and the safety plan", "client-name"),
    ("my patient Fatima's exam stress", "client-name"),
    ("client called Noor texted late", "client-name"),
    ("Debrief about client Ben, the court letter", "client-name"),
    ("lives at 42 Elm Street with her sister", "street-address"),
    ("moved to 12 Baker St. last month", "street-address"),
    ("home visit at 1600 Pennsylvania Avenue", "street-address"),
    ("his flat at 7b Mill Lane floods", "street-address"),
    ("Hauptstraße 12 is where the family lives", "street-address"),
    ("address 221 Oak Road, second floor", "street-address"),
    ("meets his dealer near 18 Station Road", "street-address"),
    ("Sent letter to 9 Rosewood Close", "street-address"),
    ("She is at Keizersgracht 123 now", "street-address"),
    ("the shelter on 55 Church Street", "street-address"),
    ("client Maria, 0612 345 678", "client-name"),
    (
        "Patient Ruth born 2 May 1950, dementia concerns",
        "client-name",
    ),
];

/// Notes with nothing that identifies a client, including numbers, dates and capital letters.
const ORDINARY: [&str; 60] = [
    "Talked through a stuck case; felt lighter afterwards.",
    "Group on 2026-11-18 was warm and focused.",
    "Met at 12:30 for 45 minutes.",
    "a client who keeps cancelling",
    "Clients were heavy this week, 28 sessions.",
    "Sam shared a reading list: three books.",
    "Booked room 12 for next week.",
    "Case 2026",
    "Room 1234567",
    "Met 12.30-13.30 in the park",
    "Paid the 2025-2026 membership",
    "Venting helped; I noticed I was holding my breath all week.",
    "Sam suggested the 5-4-3-2-1 grounding before sessions.",
    "Read chapter 7 of Yalom on the train.",
    "Supervision moved to Thursday 14:00.",
    "Consultation group: 6 of us, good energy, ran 90 minutes.",
    "A client I saw today reminded me of my own father.",
    "The client was late again and I felt irritated, then curious.",
    "Client Services changed the billing portal again.",
    "Ana recommended the 2019 paper on rupture and repair.",
    "Clients in crisis: 3 this week, all stable now.",
    "Drove 45 minutes to the group, worth it.",
    "Boundary held: no emails after 19:00.",
    "Next group 3 December, my turn to bring a case.",
    "I worked 52 hours; need to cut back in January.",
    "Jo is starting at the clinic on Monday.",
    "Lunch with Kit, mostly about our kids.",
    "Talked about burnout rates; one study said 40%.",
    "My buddy and I agreed to call every Friday at 16:00.",
    "Fee review: raising to 95 per session from April.",
    "Client-centred approach came up in the group again.",
    "Patient safety training, module 3 of 5, done.",
    "Felt drained after 9 sessions back to back.",
    "Room 4B was cold; asked facilities.",
    "Sam said 'you do not have to carry it alone' and I cried a bit.",
    "Reflective practice: the case that woke me at 3am.",
    "Group norms reread; we added one about phones.",
    "Planned a walk with Lee on Sunday.",
    "CPD hours so far this year: 27.",
    "Called Ana for ten minutes between clients.",
    "Mentoring Jo on her first year; she is doing well.",
    "Insight: I rush to fix when I feel helpless.",
    "Group on 18/11 felt flat; I stayed quiet.",
    "The 72-hour debrief rule helped this week.",
    "Version 2 of the consent form from the association.",
    "Scheduling only: moved the group to week 49.",
    "Billing call with Kit, 10 minutes.",
    "My client load is 24 now, down from 30.",
    "We talked about case conceptualisation in CBT.",
    "A patient's story stayed with me all evening.",
    "Took the 7.45 train, read on the way.",
    "Lee runs a group on Tuesdays at 18:30.",
    "Sam's practice is at the health centre now.",
    "Conference in Utrecht, 12-14 March; thinking of going.",
    "Two clients ended well this month, one abruptly.",
    "Debriefed with my buddy; I named the fear out loud.",
    "Budget for supervision: 600 a year.",
    "Read the ethics code section 4.2 on dual roles.",
    "Tired but proud; 1 boundary held, 1 to work on.",
    "Client feedback scores were up to 8 out of 10.",
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

#[test]
fn catches_at_least_95_percent_of_identifying_notes() {
    let mut missed = Vec::new();
    let mut wrong_kind = Vec::new();
    for (note, kind) in IDENTIFYING {
        let findings = likely_client_identifiers(note, today());
        match findings.first() {
            None => missed.push(note),
            Some(first) if first.kind != kind => {
                wrong_kind.push(format!("{note:?}: {} not {kind}", first.kind));
            }
            Some(_) => {}
        }
    }
    // 95% of 60: at most 3 missed.
    assert!(
        missed.len() <= 3,
        "missed {} of 60: {missed:#?}",
        missed.len()
    );
    // What a note is flagged for is what the warning says, so it should be right too.
    assert!(wrong_kind.len() <= 3, "{wrong_kind:#?}");
}

#[test]
fn raises_a_false_alarm_on_at_most_5_percent_of_ordinary_notes() {
    let alarms: Vec<String> = ORDINARY
        .iter()
        .filter_map(|note| {
            let findings = likely_client_identifiers(note, today());
            (!findings.is_empty()).then(|| format!("{note:?}: {findings:?}"))
        })
        .collect();
    // 5% of 60: at most 3 false alarms.
    assert!(
        alarms.len() <= 3,
        "{} false alarms: {alarms:#?}",
        alarms.len()
    );
}

#[test]
fn the_table_is_what_it_says() {
    let mut all: Vec<&str> = IDENTIFYING.iter().map(|(note, _)| *note).collect();
    all.extend(ORDINARY);
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), 120, "no note is in the table twice");
}

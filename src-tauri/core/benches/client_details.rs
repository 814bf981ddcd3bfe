//! How long the client-details check takes on a long note: the budget is 1 ms for
//! 2,000 characters in release. Run with `cargo bench -p mooring-core --bench client_details`.

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use mooring_core::ClientDetailsCheck;

/// A 2,000-character note as a tired therapist writes one: names, numbers, dates and a find.
fn long_note() -> String {
    let sentences = [
        "Called Ana after the group, 25 minutes, felt heard. ",
        "We talked about the 72-hour rule and my caseload of 27 this week. ",
        "Billed 90837 and 90834; the insurer changed the form again on 2026-11-18. ",
        "Sam suggested the 5-4-3-2-1 grounding before sessions at 08:30. ",
        "A client reminded me of my father; I noticed it and stayed with it. ",
        "Zoom ID 812 3456 7890 for Thursday, room 4B booked for the 3rd. ",
        "my client Rebecca's relapse came up, mobile 07700 900123 in the file. ",
    ];
    sentences
        .iter()
        .cycle()
        .take(200)
        .copied()
        .collect::<String>()[..2000]
        .to_owned()
}

fn check(c: &mut Criterion) {
    let check = ClientDetailsCheck::new(NaiveDate::from_ymd_opt(2026, 12, 7).unwrap())
        .with_colleagues(["Ana Silva", "Sam Okafor", "Kit", "Lee"]);
    let note = long_note();
    assert!(
        !check.findings(&note).is_empty(),
        "the note holds something to find"
    );
    c.bench_function("client-details check, 2,000 characters", |b| {
        b.iter(|| check.findings(&note))
    });
}

criterion_group!(benches, check);
criterion_main!(benches);

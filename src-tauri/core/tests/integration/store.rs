//! The store on real database files: migrations, reopening, refusing newer data.

use mooring_core::store::{DATABASE_FILE, SCHEMA_VERSION};
use mooring_core::{Error, FixedClock, Store};
use rusqlite::Connection;

fn table_names(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap();
    stmt.query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn migrates_an_empty_file_to_the_latest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(
        dir.path(),
        &crate::support::keys(),
        &crate::support::first_use(),
    )
    .unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.path(), Some(dir.path().join(DATABASE_FILE).as_path()));
    drop(store);

    let conn = crate::support::raw_connection(dir.path(), &crate::support::keys());
    assert_eq!(
        table_names(&conn),
        [
            "agreement_members",
            "agreement_points",
            "agreements",
            "caseloads",
            "checklist_items",
            "checklist_template",
            "checklist_weeks",
            "consultation_wants",
            "consultations",
            "contact_intentions",
            "contact_peers",
            "contacts",
            "debrief_requests",
            "dismissed_suggestions",
            "first_use",
            "nudge_log",
            "peer_roles",
            "peers",
            "selfchecks",
            "settings",
        ]
    );
}

#[test]
fn reopening_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    let clock = FixedClock::parse("2026-11-23T09:00:00+01:00").unwrap();
    let week: mooring_core::Week = "2026-W48".parse().unwrap();
    {
        let mut store = Store::open_in(
            dir.path(),
            &crate::support::keys(),
            &crate::support::first_use(),
        )
        .unwrap();
        store.set_caseload(week, Some(31), &clock).unwrap();
        let first = store.checklist(week, &clock).unwrap().items[0].id;
        store
            .tick(first, None, mooring_core::Guard::Check, &clock)
            .unwrap();
    }
    let reopened = Store::open_in(
        dir.path(),
        &crate::support::keys(),
        &crate::support::first_use(),
    )
    .unwrap();
    let status = reopened.status(&clock).unwrap();
    assert_eq!(status.caseload, Some(31));
    assert!(status.heavy_week);
    assert_eq!((status.checklist.done, status.checklist.total), (1, 11));
    // Opening again does not re-run the migration (which would seed a second template).
    assert_eq!(reopened.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(reopened.template().unwrap().len(), 11);
}

#[test]
fn refuses_a_database_from_a_newer_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE);
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE from_the_future (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let err =
        Store::open(&path, &crate::support::keys(), &crate::support::first_use()).unwrap_err();
    assert!(
        matches!(err, Error::DatabaseTooNew { found: 99, supported } if supported == SCHEMA_VERSION)
    );
    assert_eq!(err.code(), "database-too-new");
    assert_eq!(
        err.to_string(),
        format!(
            "This data was saved by a newer version of Mooring (data version 99; this version \
             understands up to {SCHEMA_VERSION}). Install the newer Mooring to open it."
        )
    );
    // Nothing was changed in the newer file.
    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 99);
    assert_eq!(table_names(&conn), ["from_the_future"]);
}

#[test]
fn status_of_a_fresh_database() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(
        dir.path(),
        &crate::support::keys(),
        &crate::support::first_use(),
    )
    .unwrap();
    let status = store
        .status(&FixedClock::parse("2026-11-23T09:00:00+01:00").unwrap())
        .unwrap();
    assert_eq!(status.week.to_string(), "2026-W48");
    assert_eq!(status.caseload, None);
    assert!(!status.heavy_week);
    assert_eq!(status.days_since_substantive_contact, None);
    assert!(status.selfcheck_due);
}

#[test]
fn first_use_is_recorded_once_and_a_version_1_database_gets_its_oldest_record() {
    // A new database: the clock of its first opening; later openings change nothing.
    let dir = tempfile::tempdir().unwrap();
    let first = crate::support::clock("2026-11-23T09:00:00+01:00");
    Store::open_in(dir.path(), &crate::support::keys(), &first).unwrap();
    let later = crate::support::clock("2026-12-01T09:00:00+01:00");
    let store = Store::open_in(dir.path(), &crate::support::keys(), &later).unwrap();
    assert_eq!(
        store.first_use().unwrap().to_rfc3339(),
        "2026-11-23T09:00:00+01:00"
    );

    // A database of schema 1 with history: first used no later than its oldest record.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE);
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../../migrations/0001_initial.sql"))
            .unwrap();
        conn.execute_batch(
            "INSERT INTO peers (name, created_at) VALUES ('Sam', '2026-03-02T10:00:00+01:00');
             INSERT INTO contacts (at, kind, logged_at)
                 VALUES ('2026-02-27T18:00:00+01:00', 'call', '2026-03-02T10:05:00+01:00');
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let store = Store::open(&path, &crate::support::keys(), &later).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(
        store.first_use().unwrap().to_rfc3339(),
        "2026-02-27T18:00:00+01:00"
    );
}

#[test]
fn the_first_run_is_offered_until_data_is_entered_or_it_is_finished() {
    let clock = crate::support::first_use();
    let (_dir, mut store) = crate::support::store();
    assert!(store.status(&clock).unwrap().first_run, "a new Mooring");
    store
        .merge_settings(&serde_json::json!({ "welcomed": true }))
        .unwrap();
    assert!(
        !store.status(&clock).unwrap().first_run,
        "finished or skipped"
    );

    let (_dir, mut store) = crate::support::store();
    store
        .add_peer(
            crate::support::peer("Sam"),
            mooring_core::Guard::Check,
            &clock,
        )
        .unwrap();
    assert!(
        !store.status(&clock).unwrap().first_run,
        "data entered elsewhere, such as from mooring-cli or an import"
    );
}

#[test]
fn schema_6_rebuilds_the_template_and_the_weeks_keep_their_items_template() {
    // A database of schema 5 with a fortnightly item already copied into a week.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE);
    {
        let conn = Connection::open(&path).unwrap();
        for migration in [
            include_str!("../../migrations/0001_initial.sql"),
            include_str!("../../migrations/0002_first_use.sql"),
            include_str!("../../migrations/0003_agreements_and_consultations.sql"),
            include_str!("../../migrations/0004_contact_that_renews.sql"),
            include_str!("../../migrations/0005_trends_indexes.sql"),
        ] {
            conn.execute_batch(migration).unwrap();
        }
        conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             INSERT INTO checklist_template (id, slot, position, title, peer, rhythm)
                 VALUES (7, 'wednesday-afternoon', 0, 'Peer group', 1, 'every-2-from-2026-W48');
             INSERT INTO checklist_weeks (week, opened_at)
                 VALUES ('2026-W48', '2026-11-23T09:00:00+01:00');
             INSERT INTO checklist_items (week, template_id, slot, position, title, peer)
                 VALUES ('2026-W48', 7, 'wednesday-afternoon', 0, 'Peer group', 1);
             PRAGMA user_version = 5;",
        )
        .unwrap();
    }
    let clock = crate::support::clock("2026-12-01T09:00:00+01:00");
    let store = Store::open(&path, &crate::support::keys(), &clock).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    drop(store);

    let conn = crate::support::raw_connection(dir.path(), &crate::support::keys());
    let (template_id, rhythm): (i64, String) = conn
        .query_row(
            "SELECT i.template_id, t.rhythm FROM checklist_items i
             JOIN checklist_template t ON t.id = i.template_id",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!((template_id, rhythm.as_str()), (7, "every-2-from-2026-W48"));
    // The new rhythm is accepted, and a made-up one still is not.
    conn.execute(
        "UPDATE checklist_template SET rhythm = 'monthly-last-thursday' WHERE id = 7",
        [],
    )
    .unwrap();
    assert!(conn
        .execute(
            "UPDATE checklist_template SET rhythm = 'monthly-5-thursday' WHERE id = 7",
            []
        )
        .is_err());
}

//! What the integration tests share: temporary stores, pinned clocks, and quick records.

use chrono::{NaiveDateTime, Utc};
use mooring_core::clock::parse_instant;
use mooring_core::{
    Access, ContactKind, FixedClock, MemoryCredentials, NewContact, PeerDetails, Store, Week,
    ZonedClock,
};

/// The credential store every test store keeps its key in: one in memory, so that no test
/// touches the desktop's own.
static CREDENTIALS: std::sync::LazyLock<MemoryCredentials> =
    std::sync::LazyLock::new(MemoryCredentials::default);

/// Access to test stores through [`CREDENTIALS`].
pub fn keys() -> Access<'static> {
    Access::with_credentials(&*CREDENTIALS)
}

/// The passphrase the command-line tests give mooring-cli through MOORING_PASSPHRASE.
pub const CLI_PASSPHRASE: &str = "test passphrase for mooring-cli";

/// The `mooring-cli` of this build, built first: the command line is its own crate, which
/// Cargo does not build for the core's tests. `cargo build` does nothing when it is up to date,
/// so a test never runs a stale one.
pub fn mooring_cli_path() -> &'static std::path::Path {
    static PATH: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        // This test binary is target/<profile>/deps/integration-…; the CLI goes beside deps.
        let profile_dir = std::env::current_exe()
            .expect("the test binary's path")
            .parent()
            .and_then(std::path::Path::parent)
            .expect("target/<profile>")
            .to_owned();
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut build = std::process::Command::new(cargo);
        build.args(["build", "--quiet", "-p", "mooring-cli"]);
        if profile_dir
            .file_name()
            .is_some_and(|name| name == "release")
        {
            build.arg("--release");
        }
        assert!(
            build.status().expect("cargo runs").success(),
            "mooring-cli builds"
        );
        profile_dir.join(format!("mooring-cli{}", std::env::consts::EXE_SUFFIX))
    })
}

/// Access to data mooring-cli made, by [`CLI_PASSPHRASE`].
pub fn cli_keys() -> Access<'static> {
    Access::with_passphrase(mooring_core::Secret::new(CLI_PASSPHRASE.into()))
}

/// A clock pinned to an RFC 3339 instant, local time at its offset.
pub fn clock(instant: &str) -> FixedClock {
    FixedClock::parse(instant).unwrap()
}

/// A week by its name, like `2026-W48`.
pub fn week(name: &str) -> Week {
    name.parse().unwrap()
}

/// The instant the stores of these tests were first used, well before any instant they test:
/// Monday 5 January 2026, 09:00.
pub const FIRST_USE: &str = "2026-01-05T09:00:00+01:00";

/// A clock at [`FIRST_USE`], for opening a store.
pub fn first_use() -> FixedClock {
    clock(FIRST_USE)
}

/// A store on a fresh temporary data folder first used at `instant`.
pub fn store_first_used_at(instant: &str) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(dir.path(), &keys(), &clock(instant)).unwrap();
    (dir, store)
}

/// A store on a fresh temporary data folder, first used at [`FIRST_USE`], which lives as long
/// as the returned guard.
pub fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(dir.path(), &keys(), &first_use()).unwrap();
    (dir, store)
}

/// Like [`store`], kept behind [`CLI_PASSPHRASE`], for tests that run mooring-cli on it too.
pub fn store_shared_with_cli() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(dir.path(), &cli_keys(), &first_use()).unwrap();
    (dir, store)
}

/// A raw SQLite connection to the encrypted database in `data_dir`, keyed by its recovery key
/// (read through a store opened with `access`), for tests that reach inside the file.
pub fn raw_connection(data_dir: &std::path::Path, access: &Access) -> rusqlite::Connection {
    let recovery_key = Store::open_in(data_dir, access, &first_use())
        .unwrap()
        .recovery_key()
        .unwrap();
    mooring_core::encryption::open_with_recovery_key(
        &data_dir.join(mooring_core::store::DATABASE_FILE),
        &recovery_key,
    )
    .unwrap()
}

/// A peer with only a name.
pub fn peer(name: &str) -> PeerDetails {
    PeerDetails {
        name: name.into(),
        ..PeerDetails::default()
    }
}

/// A call with `peers` at `at`, substantive or logistics only.
pub fn contact(peers: Vec<i64>, at: &str, substantive: bool) -> NewContact {
    NewContact {
        at: Some(parse_instant(at).unwrap()),
        peers,
        with_group: false,
        kind: ContactKind::Call,
        substantive,
        intentions: Vec::new(),
        energy: None,
        minutes: None,
        note: None,
    }
}

/// A clock at the local wall-clock time `local_time` (like `2026-03-29 09:00`) in `zone` (like
/// `Europe/Berlin`), whose offset follows daylight-saving time as the user's machine would.
pub fn zoned(zone: &str, local_time: &str) -> ZonedClock {
    let clock = ZonedClock::new(zone.parse().unwrap(), Utc::now());
    clock.set_local(local(local_time));
    clock
}

/// A local wall-clock time written like `2026-03-29 09:00`.
pub fn local(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

/// Makes a current export look as if an older Mooring at schema `version` wrote it: the tables
/// and columns later versions added are taken out.
pub fn as_if_from_schema(export: &mut serde_json::Value, version: i64) {
    // What each version added: tables, and (table, column) pairs.
    type Added<'a> = (i64, &'a [&'a str], &'a [(&'a str, &'a str)]);
    let added: [Added; 3] = [
        (2, &["first_use"], &[]),
        (
            3,
            &[
                "agreements",
                "agreement_points",
                "agreement_members",
                "consultations",
                "consultation_wants",
            ],
            &[],
        ),
        (
            4,
            &[
                "contact_intentions",
                "debrief_requests",
                "dismissed_suggestions",
            ],
            &[
                ("contacts", "energy"),
                ("contacts", "energy_asked"),
                ("peers", "practice_area"),
                ("peers", "dual_role"),
                ("checklist_template", "rhythm"),
            ],
        ),
    ];
    export["schema_version"] = version.into();
    let tables = export["tables"].as_object_mut().unwrap();
    for (since, new_tables, new_columns) in added {
        if since <= version {
            continue;
        }
        for table in new_tables {
            tables.remove(*table);
        }
        for (table, column) in new_columns {
            for row in tables[*table].as_array_mut().unwrap() {
                row.as_object_mut().unwrap().remove(*column);
            }
        }
    }
}

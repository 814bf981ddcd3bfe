//! The one SQLite file that holds all of a user's Mooring data.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use rusqlite_migration::{Migrations, M};

use crate::clock::{parse_instant, Clock};
use crate::error::{Error, Result};

/// The name of the database file inside the data folder.
pub const DATABASE_FILE: &str = "mooring.sqlite3";

/// The newest schema version this build of Mooring understands.
pub const SCHEMA_VERSION: i64 = 2;

/// The schema migrations, oldest first; schema version N is the first N of them.
fn migrations() -> Migrations<'static> {
    let migrations = vec![
        // 1: every entity, and the default checklist template for a new user.
        M::up_with_hook(
            include_str!("../migrations/0001_initial.sql"),
            |tx: &rusqlite::Transaction| Ok(crate::checklist::seed_default_template(tx)?),
        ),
        // 2: when Mooring was first used.
        M::up(include_str!("../migrations/0002_first_use.sql")),
    ];
    debug_assert_eq!(migrations.len() as i64, SCHEMA_VERSION);
    Migrations::new(migrations)
}

/// An open Mooring database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir`, readable by the user only.
    ///
    /// The first time a database is opened, the clock's now is recorded as its first use.
    pub fn open_in(data_dir: &Path, clock: &dyn Clock) -> Result<Self> {
        create_private_dir(data_dir)?;
        Store::open(&data_dir.join(DATABASE_FILE), clock)
    }

    /// Opens (creating if needed) the database file at `path`, brings its schema up to date and
    /// records the first use if none is recorded yet.
    pub fn open(path: &Path, clock: &dyn Clock) -> Result<Self> {
        let mut conn = Connection::open(path)?;
        configure(&mut conn)?;
        migrate(&mut conn)?;
        // Read first, so that an ordinary open never takes the write lock; two first opens at
        // once both insert, and the second is ignored.
        let recorded: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM first_use)", [], |row| {
                row.get(0)
            })?;
        if !recorded {
            conn.execute(
                "INSERT OR IGNORE INTO first_use (id, at) VALUES (1, ?1)",
                params![clock.now().to_rfc3339()],
            )?;
        }
        Ok(Store {
            conn,
            path: path.to_owned(),
        })
    }

    /// When Mooring was first used on this data: lapse clocks, weeks and Trends start there.
    pub fn first_use(&self) -> Result<DateTime<FixedOffset>> {
        let at: String =
            self.conn
                .query_row("SELECT at FROM first_use WHERE id = 1", [], |row| {
                    row.get(0)
                })?;
        parse_instant(&at)
    }

    /// Moves the first use back to `at` when that is earlier, for history made before it.
    pub(crate) fn backdate_first_use(&self, at: DateTime<FixedOffset>) -> Result<()> {
        let current: Option<String> = self
            .conn
            .query_row("SELECT at FROM first_use WHERE id = 1", [], |row| {
                row.get(0)
            })
            .optional()?;
        let earlier = match current {
            Some(current) => parse_instant(&current)?.with_timezone(&Utc) > at.with_timezone(&Utc),
            None => true,
        };
        if earlier {
            self.conn.execute(
                "INSERT INTO first_use (id, at) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET at = excluded.at",
                params![at.to_rfc3339()],
            )?;
        }
        Ok(())
    }

    /// The database file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))?)
    }

    /// The connection, for the modules of this crate.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection for writing, for the modules of this crate.
    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

/// Sets the connection's pragmas and how its transactions begin.
fn configure(conn: &mut Connection) -> Result<()> {
    // Take the write lock when a transaction begins, not at its first write: a transaction that
    // reads and then writes can otherwise fail at once with "database is locked" instead of
    // waiting out the busy timeout while the app, its scheduler or mooring-cli writes.
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    // The app and mooring-cli share the file: wait for the other one's write instead of failing.
    conn.busy_timeout(Duration::from_secs(5))?;
    // Readers never block the writer and a crash never leaves a half-written page behind.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // With WAL, NORMAL is durable across application crashes and saves an fsync per write.
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // A contact must never point at a peer that does not exist.
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(())
}

/// Refuses a database newer than this build, then applies pending migrations in one transaction.
fn migrate(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(Error::DatabaseTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    // to_latest runs every pending migration, its hook and the version bump in one transaction.
    migrations().to_latest(conn)?;
    Ok(())
}

/// Creates `dir` and its parents if missing, with access for the current user only.
fn create_private_dir(dir: &Path) -> Result<()> {
    let io = |source| Error::DataDir {
        path: dir.to_owned(),
        source,
    };
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        builder.mode(0o700);
        builder.create(dir).map_err(io)?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(io)?;
    }
    #[cfg(not(unix))]
    builder.create(dir).map_err(io)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_migration_is_valid_sql() {
        migrations().validate().unwrap();
    }

    #[test]
    fn pragmas_are_in_force() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in(dir.path(), &crate::SystemClock).unwrap();
        let conn = store.conn();
        let journal: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        let foreign_keys: i64 = conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        let busy: i64 = conn
            .pragma_query_value(None, "busy_timeout", |r| r.get(0))
            .unwrap();
        assert_eq!(journal, "wal");
        assert_eq!(foreign_keys, 1);
        assert_eq!(busy, 5000);
    }

    #[cfg(unix)]
    #[test]
    fn data_dir_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("nested").join("mooring");
        Store::open_in(&data, &crate::SystemClock).unwrap();
        let mode = fs::metadata(&data).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
    }
}

//! The one SQLite file that holds all of a user's Mooring data.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use rusqlite_migration::{Migrations, M};

use crate::clock::{parse_instant, Clock};
use crate::encryption;
use crate::error::{Error, Result};
use crate::keys::{self, Access, CredentialStore, DatabaseKey, KeyStorage, Secret};

/// The name of the database file inside the data folder.
pub const DATABASE_FILE: &str = "mooring.sqlite3";

/// The newest schema version this build of Mooring understands.
pub const SCHEMA_VERSION: i64 = 5;

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
        // 3: the group's agreement, the consultation record, and their nudges.
        M::up(include_str!(
            "../migrations/0003_agreements_and_consultations.sql"
        )),
        // 4: contact that renews: intentions, energy, rhythms, practice areas, debriefs.
        M::up(include_str!("../migrations/0004_contact_that_renews.sql")),
        // 5: indexes that let Trends read ten years of weeks from the indexes alone.
        M::up(include_str!("../migrations/0005_trends_indexes.sql")),
    ];
    debug_assert_eq!(migrations.len() as i64, SCHEMA_VERSION);
    Migrations::new(migrations)
}

/// An open Mooring database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    /// The database file, or `None` for a scratch store in memory.
    path: Option<PathBuf>,
    /// The key the file is encrypted with; `None` for a scratch store in memory.
    key: Option<DatabaseKey>,
    /// Where the key is kept; `None` for a scratch store in memory.
    key_storage: Option<KeyStorage>,
    /// The recovery key of a key made when this store was opened, until it is taken to be
    /// shown to the user.
    new_recovery_key: Option<Secret>,
}

/// What opening a data folder created, so that a command that then fails can leave no trace.
#[derive(Debug, Default)]
pub struct Created {
    /// Folders made for it, deepest last.
    folders: Vec<PathBuf>,
    /// Whether the database file itself was new.
    database: bool,
    /// Whether the key file was new.
    key_file: bool,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir`, unlocked with `access`.
    ///
    /// The first time a database is opened, the clock's now is recorded as its first use.
    pub fn open_in(data_dir: &Path, access: &Access, clock: &dyn Clock) -> Result<Self> {
        Ok(Store::open_in_tracked(data_dir, access, clock)?.0)
    }

    /// Like [`Store::open_in`], and says what it created, for [`Store::discard_created`].
    pub fn open_in_tracked(
        data_dir: &Path,
        access: &Access,
        clock: &dyn Clock,
    ) -> Result<(Self, Created)> {
        let folders = create_private_dir(data_dir)?;
        let path = data_dir.join(DATABASE_FILE);
        let database = !path.exists();
        let key_file = !keys::has_key_file(&path);
        let store = Store::open(&path, access, clock)?;
        Ok((
            store,
            Created {
                folders,
                database,
                key_file,
            },
        ))
    }

    /// Opens (creating if needed) the encrypted database file at `path`, brings its schema up
    /// to date and records the first use if none is recorded yet.
    ///
    /// A plain database from before Mooring encrypted its data is encrypted in place first,
    /// with its backups. Nothing is written to a file that is damaged, newer than this build,
    /// or locked to `access`: it is checked first, and refused with [`Error::Corrupt`],
    /// [`Error::DatabaseTooNew`] or [`Error::Locked`].
    pub fn open(path: &Path, access: &Access, clock: &dyn Clock) -> Result<Self> {
        let new = prepare_file(path)?;
        encryption::finish_interrupted(path)?;
        let plain = !new && encryption::is_plain(path);
        if !new && !plain && !keys::has_key_file(path) && access.recovery_key.is_none() {
            return Err(Error::Locked(format!(
                "Mooring's key file ({}) is missing from the data folder. Open the data with \
                 your recovery key.",
                keys::KEY_FILE
            )));
        }
        if plain {
            // A plain file that is damaged or too new is refused as it is, before any key is made.
            let conn = encryption::open_read_only(path, None)?;
            check_version(schema_version_of(&conn)?)?;
            quick_check(&conn)?;
        }
        let unlocked = if keys::has_key_file(path) {
            keys::unlock(path, access)?
        } else {
            // Processes starting together on new data take turns: the first makes the key,
            // the others find it.
            let _lock = MigrationLock::take(path)?;
            keys::unlock(path, access)?
        };
        if plain {
            // Two processes starting together take turns: the first encrypts.
            let _lock = MigrationLock::take(path)?;
            if encryption::is_plain(path) {
                encryption::encrypt_in_place(path, &unlocked.key)?;
            }
        }
        // A change of key that was interrupted: the database may still be under the previous
        // key, which the key file keeps sealed by the new one. It is re-keyed first.
        let previous = keys::previous_key(path, &unlocked.key)?;
        if let Some(previous) = &previous {
            let _lock = MigrationLock::take(path)?;
            encryption::rekey_file(path, previous, &unlocked.key)?;
        }
        let mut conn = encryption::open_connection(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            Some(&unlocked.key),
        )?;
        // The app, its scheduler and mooring-cli share the file: wait for the other one's
        // write instead of failing.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let found = match schema_version_of(&conn) {
            // The key matched the key file, so a file it cannot read is damaged; without a key
            // file, the recovery key was wrong.
            Err(Error::Corrupt(_)) if access.recovery_key.is_some() && !unlocked.checked => {
                return Err(Error::Locked(
                    "That recovery key does not open this data. Nothing was changed.".into(),
                ))
            }
            found => found?,
        };
        if unlocked.keep_after_opening {
            keys::keep_recovered(path, &unlocked.key, access)?;
        }
        check_version(found)?;
        if !new {
            quick_check(&conn)?;
        }
        // A first start or an update sets the file up under a lock, so that processes starting
        // together take turns: the first migrates, the others find it done.
        let lock = if found < SCHEMA_VERSION {
            Some(MigrationLock::take(path)?)
        } else {
            None
        };
        configure(&mut conn)?;
        let mut store = Store {
            conn,
            path: Some(path.to_owned()),
            key_storage: Some(unlocked.storage),
            key: Some(unlocked.key),
            new_recovery_key: unlocked.new_recovery_key,
        };
        store.migrate(clock)?;
        drop(lock);
        store.record_first_use(clock)?;
        store.encrypt_plain_backups()?;
        if let Some(previous) = &previous {
            store.finish_key_change(previous)?;
        }
        Ok(store)
    }

    /// Changes the key the data is encrypted with, for a new passphrase or a key that may have
    /// been seen: a backup first, then the database and every backup are re-keyed
    /// (`PRAGMA rekey`), each whole or not at all. A change that is interrupted is finished at
    /// the next open, since the key file keeps the previous key sealed by the new one until
    /// every file is done.
    ///
    /// For data kept behind a passphrase, `passphrase` is the new one. For data in the
    /// credential store, the new key goes there, and `passphrase`, when given, becomes the app
    /// lock's (it is needed when the app lock is on). The new recovery key is then to be saved.
    pub fn change_key(
        &mut self,
        passphrase: Option<&Secret>,
        credentials: &dyn CredentialStore,
        clock: &dyn Clock,
    ) -> Result<()> {
        let (Some(path), Some(old), Some(storage)) =
            (self.path.clone(), self.key.clone(), self.key_storage)
        else {
            return Err(Error::Invalid(
                "A scratch store in memory has no key.".into(),
            ));
        };
        if let Some(passphrase) = passphrase {
            keys::check_passphrase(passphrase)?;
        }
        let access = match storage {
            KeyStorage::Passphrase => Access {
                credentials,
                passphrase: Some(
                    passphrase
                        .cloned()
                        .ok_or_else(|| Error::Invalid("Choose the new passphrase.".into()))?,
                ),
                recovery_key: None,
            },
            KeyStorage::CredentialStore => {
                if passphrase.is_none() && self.settings()?.app_lock {
                    return Err(Error::Invalid(
                        "The app lock is on: give its passphrase, new or the same.".into(),
                    ));
                }
                Access::with_credentials(credentials)
            }
        };
        crate::backup::create_backup(self, crate::backup::Reason::BeforeKeyChange, clock)?;
        let new = DatabaseKey::random()?;
        keys::begin_rekey(&path, &old, &new, &access)?;
        if let (KeyStorage::CredentialStore, Some(passphrase)) = (storage, passphrase) {
            keys::set_passphrase(&path, &new, passphrase)?;
        }
        self.conn
            .execute_batch(&format!("PRAGMA rekey = {}", new.pragma_value().as_str()))?;
        self.key = Some(new);
        self.finish_key_change(&old)
    }

    /// Re-keys the backups still under the previous key `old`, then forgets it.
    fn finish_key_change(&self, old: &DatabaseKey) -> Result<()> {
        let (Some(path), Some(new)) = (&self.path, &self.key) else {
            return Ok(());
        };
        for backup in self.backups()? {
            encryption::rekey_file(&backup.path, old, new)?;
        }
        keys::finish_rekey(path)
    }

    /// Encrypts the backups left plain by a version of Mooring that did not encrypt, and
    /// finishes any encryption of one that was interrupted.
    fn encrypt_plain_backups(&self) -> Result<()> {
        let (Some(key), Ok(folder)) = (&self.key, self.backup_folder()) else {
            return Ok(());
        };
        for interrupted in encryption::interrupted_in(&folder) {
            encryption::finish_interrupted(&interrupted)?;
        }
        for backup in self.backups()? {
            if encryption::is_plain(&backup.path) {
                encryption::encrypt_in_place(&backup.path, key)?;
            }
        }
        Ok(())
    }

    /// The recovery key of a key made when this store was opened, once: it is for showing to
    /// the user, who keeps it to open the data if the key is lost.
    pub fn take_new_recovery_key(&mut self) -> Option<Secret> {
        self.new_recovery_key.take()
    }

    /// Where the key of this store is kept; `None` for a scratch store in memory.
    pub fn key_storage(&self) -> Option<KeyStorage> {
        self.key_storage
    }

    /// The key this store is encrypted with, for the modules of this crate.
    pub(crate) fn key(&self) -> Option<&DatabaseKey> {
        self.key.as_ref()
    }

    /// A store held in memory only, gone when dropped: for tests and for trying things out.
    pub fn in_memory(clock: &dyn Clock) -> Result<Self> {
        let store = Store::in_memory_at(SCHEMA_VERSION)?;
        store.record_first_use(clock)?;
        Ok(store)
    }

    /// A scratch store in memory at schema `version`, with nothing in it but what the
    /// migrations seed.
    pub(crate) fn in_memory_at(version: i64) -> Result<Self> {
        let mut conn = Connection::open_in_memory()?;
        configure(&mut conn)?;
        let target = usize::try_from(version)
            .map_err(|_| Error::Invalid(format!("{version} is not a data version of Mooring.")))?;
        migrations().to_version(&mut conn, target)?;
        Ok(Store::scratch(conn))
    }

    /// A copy of this store in memory, taken in one consistent read.
    pub(crate) fn snapshot_in_memory(&self) -> Result<Self> {
        let mut conn = Connection::open_in_memory()?;
        match (&self.path, &self.key) {
            // SQLCipher copies between an encrypted file and memory only by export.
            (Some(path), Some(key)) => encryption::export_into_memory(path, key, &conn)?,
            _ => {
                let backup = Backup::new(&self.conn, &mut conn)?;
                backup.step(-1)?;
            }
        }
        configure(&mut conn)?;
        Ok(Store::scratch(conn))
    }

    /// A scratch store in memory around `conn`.
    fn scratch(conn: Connection) -> Self {
        Store {
            conn,
            path: None,
            key: None,
            key_storage: None,
            new_recovery_key: None,
        }
    }

    /// Replaces everything in this store with the contents of `source`, in one step that either
    /// happens whole or not at all, then brings the schema up to date.
    pub(crate) fn replace_with(&mut self, source: &Connection, clock: &dyn Clock) -> Result<()> {
        // SQLCipher copies pages only between files encrypted with the same key: the source is
        // first exported into such a file beside this one.
        let in_memory = source.path().is_none_or(str::is_empty);
        let staged = match (&self.path, &self.key) {
            (Some(path), Some(key)) if in_memory => {
                Some(encryption::Staged::export(source, path, key)?)
            }
            _ => None,
        };
        let source = match &staged {
            Some(staged) => staged.connection(),
            None => source,
        };
        {
            let backup = Backup::new(source, &mut self.conn)?;
            // All pages in one step: one write transaction on this database.
            if backup.step(-1)? != StepResult::Done {
                return Err(Error::Invalid(
                    "Mooring's data was busy for too long; nothing was changed. Try again.".into(),
                ));
            }
        }
        let _lock = match &self.path {
            Some(path) => Some(MigrationLock::take(path)?),
            None => None,
        };
        self.migrate(clock)?;
        self.record_first_use(clock)
    }

    /// Applies the pending migrations in one transaction, after a backup of data from an older
    /// version. For a file, the caller holds the [`MigrationLock`].
    pub(crate) fn migrate(&mut self, clock: &dyn Clock) -> Result<()> {
        // Another process may have migrated while this one waited for the lock.
        let found = self.schema_version()?;
        if found >= SCHEMA_VERSION {
            return Ok(());
        }
        if found > 0 && self.path.is_some() {
            crate::backup::create_backup(self, crate::backup::Reason::BeforeUpdate, clock)?;
        }
        // to_latest runs every pending migration, its hook and the version bump in one
        // immediate transaction.
        migrations().to_latest(&mut self.conn)?;
        Ok(())
    }

    /// Records now as the first use when none is recorded yet.
    fn record_first_use(&self, clock: &dyn Clock) -> Result<()> {
        // Read first, so that an ordinary open never takes the write lock; two first opens at
        // once both insert, and the second is ignored.
        let recorded: bool =
            self.conn
                .query_row("SELECT EXISTS (SELECT 1 FROM first_use)", [], |row| {
                    row.get(0)
                })?;
        if !recorded {
            self.conn.execute(
                "INSERT OR IGNORE INTO first_use (id, at) VALUES (1, ?1)",
                params![clock.now().to_rfc3339()],
            )?;
        }
        Ok(())
    }

    /// Removes what opening created, when the command that followed failed and nothing of the
    /// user's was written: a rejected command on a new path leaves no trace.
    pub fn discard_created(
        self,
        created: Created,
        credentials: &dyn CredentialStore,
    ) -> Result<()> {
        if !created.database || self.holds_user_data()? {
            return Ok(());
        }
        let Some(path) = self.path.clone() else {
            return Ok(());
        };
        drop(self);
        if created.key_file {
            keys::forget(&path, credentials)?;
        }
        for suffix in ["", "-wal", "-shm", ".lock"] {
            let file = PathBuf::from(format!("{}{suffix}", path.display()));
            match fs::remove_file(&file) {
                Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Error::DataDir {
                        path: file,
                        source: err,
                    })
                }
                _ => {}
            }
        }
        for folder in created.folders.iter().rev() {
            // Only if empty: anything else put there meanwhile stays.
            let _ = fs::remove_dir(folder);
        }
        Ok(())
    }

    /// Deletes all of the user's Mooring data: the key first (from the credential store and
    /// the key file), which leaves every copy unreadable, then the database with its WAL, and
    /// every backup in the backup folder and in the default one. Exports saved elsewhere are the
    /// user's and are not touched. Returns the files removed.
    pub fn delete_all_data(self, credentials: &dyn CredentialStore) -> Result<Vec<PathBuf>> {
        let Some(path) = self.path.clone() else {
            return Ok(Vec::new());
        };
        let mut backups = self.backups()?;
        if let Some(default) = self
            .data_dir()
            .map(|dir| dir.join(crate::backup::DEFAULT_FOLDER))
        {
            if Some(&default) != self.backup_folder().ok().as_ref() {
                backups.extend(crate::backup::recovery::backups_in(&default)?);
            }
        }
        drop(self);
        keys::forget(&path, credentials)?;
        let mut removed = Vec::new();
        let files = ["", "-wal", "-shm", ".lock"]
            .iter()
            .map(|suffix| PathBuf::from(format!("{}{suffix}", path.display())))
            .chain(backups.into_iter().map(|backup| backup.path));
        for file in files {
            match fs::remove_file(&file) {
                Ok(()) => removed.push(file),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => return Err(Error::DataDir { path: file, source }),
            }
        }
        Ok(removed)
    }

    /// Whether anything the user entered is here: peers, contacts, self-checks, caseloads,
    /// ticks, notes, agreements or consultation records. A new database holds only its defaults.
    pub fn holds_user_data(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM peers) OR EXISTS (SELECT 1 FROM contacts)
                 OR EXISTS (SELECT 1 FROM selfchecks) OR EXISTS (SELECT 1 FROM caseloads)
                 OR EXISTS (SELECT 1 FROM checklist_items
                            WHERE done_at IS NOT NULL OR note IS NOT NULL)
                 OR EXISTS (SELECT 1 FROM agreements) OR EXISTS (SELECT 1 FROM consultations)",
            [],
            |row| row.get(0),
        )?)
    }

    /// Runs SQLite's full `integrity_check`; slower than the check made at every open, so the
    /// app runs it once a day in the background.
    pub fn integrity_check(&self) -> Result<()> {
        check_pragma(&self.conn, "integrity_check")
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

    /// The database file this store reads and writes; `None` for a scratch store in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The folder that holds the database file.
    pub fn data_dir(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        schema_version_of(&self.conn)
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

/// How long a write waits for another process's write to finish before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Checks what is at `path` before SQLite opens it, and creates an empty database file,
/// readable by the user only, when there is none. Returns whether the database is new.
fn prepare_file(path: &Path) -> Result<bool> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(Error::Corrupt(format!(
            "{} is a folder, not a data file",
            path.display()
        ))),
        Ok(meta) if meta.len() == 0 => {
            // A kill between creating the file and the first migration leaves it empty; an
            // empty file where data has been (there are backups of it) has lost that data.
            if crate::backup::folder_has_backups(path) {
                Err(Error::Corrupt(format!(
                    "{} is empty, though backups of it exist",
                    path.display()
                )))
            } else {
                Ok(true)
            }
        }
        Ok(_) => Ok(false),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            private_file_options()
                .write(true)
                .create(true)
                .open(path)
                .map_err(|source| Error::DataDir {
                    path: path.to_owned(),
                    source,
                })?;
            Ok(true)
        }
        Err(source) => Err(Error::DataDir {
            path: path.to_owned(),
            source,
        }),
    }
}

/// Options that create a file readable and writable by the user only. SQLite gives the -wal
/// and -shm files the same permissions as the database file.
pub(crate) fn private_file_options() -> fs::OpenOptions {
    #[allow(unused_mut)]
    let mut options = fs::OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// The schema version recorded in `conn`'s database; a file that is not a database is corrupt.
fn schema_version_of(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Refuses data from a newer version of Mooring.
fn check_version(found: i64) -> Result<()> {
    if found > SCHEMA_VERSION {
        return Err(Error::DatabaseTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// SQLite's quick structural check, run at every open before anything is written.
fn quick_check(conn: &Connection) -> Result<()> {
    check_pragma(conn, "quick_check")
}

/// Runs a checking pragma and turns anything but "ok" into [`Error::Corrupt`].
fn check_pragma(conn: &Connection, pragma: &str) -> Result<()> {
    // The key was checked before, so a page that does not decrypt is a damaged page: SQLCipher
    // reports it as a plain error, not as corruption.
    let damaged = |err: rusqlite::Error| match Error::from(err) {
        Error::Database(err) => Error::Corrupt(format!("a page could not be read ({err})")),
        other => other,
    };
    let mut statement = conn.prepare(&format!("PRAGMA {pragma}")).map_err(damaged)?;
    let problems: Vec<String> = statement
        .query_map([], |row| row.get::<_, String>(0))
        .map_err(damaged)?
        .collect::<rusqlite::Result<_>>()
        .map_err(damaged)?;
    match problems.as_slice() {
        [ok] if ok == "ok" => Ok(()),
        [] => Err(Error::Corrupt("the integrity check gave no answer".into())),
        [first, ..] => Err(Error::Corrupt(first.clone())),
    }
}

/// An exclusive lock on a file beside the database, held while migrations run.
struct MigrationLock(fs::File);

impl MigrationLock {
    /// Waits for and takes the lock beside `database`.
    fn take(database: &Path) -> Result<Self> {
        let path = PathBuf::from(format!("{}.lock", database.display()));
        let io = |source| Error::DataDir {
            path: path.clone(),
            source,
        };
        let file = private_file_options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        file.lock().map_err(io)?;
        Ok(MigrationLock(file))
    }
}

impl Drop for MigrationLock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

/// Sets the connection's pragmas and how its transactions begin.
fn configure(conn: &mut Connection) -> Result<()> {
    // Take the write lock when a transaction begins, not at its first write: a transaction that
    // reads and then writes can otherwise fail at once with "database is locked" instead of
    // waiting out the busy timeout while the app, its scheduler or mooring-cli writes.
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Readers never block the writer and a crash never leaves a half-written page behind.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // With WAL, NORMAL is durable across application crashes and saves an fsync per write.
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // A contact must never point at a peer that does not exist.
    conn.pragma_update(None, "foreign_keys", true)?;
    // Deleted text is overwritten, not left in free pages for a file tool to read back.
    conn.pragma_update(None, "secure_delete", true)?;
    Ok(())
}

/// Creates `dir` and its missing parents, each readable by the user only; returns the folders
/// it made, outermost first. Folders that exist keep their permissions.
pub(crate) fn create_private_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let missing: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|folder| !folder.as_os_str().is_empty() && !folder.exists())
        .map(Path::to_path_buf)
        .collect();
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|source| Error::DataDir {
        path: dir.to_owned(),
        source,
    })?;
    Ok(missing.into_iter().rev().collect())
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
        let store = Store::open_in(
            dir.path(),
            &Access::with_credentials(&crate::MemoryCredentials::default()),
            &crate::SystemClock,
        )
        .unwrap();
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
        assert_eq!(busy, 10_000);
    }

    #[test]
    fn a_change_of_key_interrupted_before_or_after_the_database_finishes_at_the_next_open() {
        use crate::keys::MemoryCredentials;
        let clock = crate::FixedClock::parse("2026-11-25T10:00:00+01:00").unwrap();
        for database_rekeyed in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let credentials = MemoryCredentials::default();
            let access = Access::with_credentials(&credentials);
            let store = Store::open_in(dir.path(), &access, &clock).unwrap();
            let backup = store.create_backup(&clock).unwrap();
            let path = store.path().unwrap().to_owned();
            let old = store.key().unwrap().clone();
            drop(store);

            // Killed after the new key was kept (and perhaps after the database was re-keyed),
            // before the backups were.
            let new = DatabaseKey::random().unwrap();
            keys::begin_rekey(&path, &old, &new, &access).unwrap();
            if database_rekeyed {
                encryption::rekey_file(&path, &old, &new).unwrap();
            }
            assert!(encryption::opens_with(&backup.path, &old));

            let store = Store::open_in(dir.path(), &access, &clock).unwrap();
            assert_eq!(store.backups().unwrap().len(), 1);
            drop(store);
            for file in [&path, &backup.path] {
                assert!(encryption::opens_with(file, &new), "{}", file.display());
                assert!(!encryption::opens_with(file, &old), "{}", file.display());
            }
            assert!(keys::previous_key(&path, &new).unwrap().is_none());
        }
    }

    #[cfg(unix)]
    #[test]
    fn data_dir_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("nested").join("mooring");
        Store::open_in(
            &data,
            &Access::with_credentials(&crate::MemoryCredentials::default()),
            &crate::SystemClock,
        )
        .unwrap();
        let mode = fs::metadata(&data).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
    }
}

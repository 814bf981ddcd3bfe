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
pub const SCHEMA_VERSION: i64 = 6;

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
        // 6: the last weekday of the month, revised agreements, the user's signature, and a
        // consultation's risks and benefits and follow-up plan.
        M::up(include_str!("../migrations/0006_real_life.sql")).foreign_key_check(),
    ];
    debug_assert_eq!(migrations.len() as i64, SCHEMA_VERSION);
    Migrations::new(migrations)
}

/// Runs the migrations up to schema version `target`, or the newest, in one transaction.
///
/// Foreign keys are off while they run, as SQLite's guide to rebuilding a table asks (a rebuilt
/// parent must not set its children's references to NULL); a migration that rebuilds one checks
/// them before it commits.
fn run_migrations(conn: &mut Connection, target: Option<usize>) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", false)?;
    let migrated = match target {
        Some(target) => migrations().to_version(conn, target),
        None => migrations().to_latest(conn),
    };
    conn.pragma_update(None, "foreign_keys", true)?;
    migrated?;
    Ok(())
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
    /// The data folder's lock, held shared while the store is open; `None` in memory.
    lock: Option<FolderLock>,
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
        if data_dir.exists() && !data_dir.is_dir() {
            return Err(Error::Invalid(format!(
                "{} is not a folder: Mooring keeps its data in a folder of its own.",
                data_dir.display()
            )));
        }
        let folders = create_private_dir(data_dir)?;
        let path = data_dir.join(DATABASE_FILE);
        let database = !path.exists();
        let key_file = !keys::has_key_file(&path);
        let created = Created {
            folders,
            database,
            key_file,
        };
        match Store::open(&path, access, clock) {
            Ok(store) => Ok((store, created)),
            Err(err) => {
                // A refused first start (a passphrase too short, none at all, a wrong recovery
                // key) leaves nothing behind: the file it made is still empty. (A file another
                // process starting at the same moment has filled is its own.)
                if created.database && fs::metadata(&path).is_ok_and(|meta| meta.len() == 0) {
                    let _ = remove_created(&path, &created, access.credentials);
                }
                Err(err)
            }
        }
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
        let mut lock = FolderLock::shared(path)?;
        encryption::finish_interrupted(path)?;
        crate::leftovers::remove_in(path.parent().unwrap_or(Path::new(".")));
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
        // New data gets its key, and an interrupted change of key is settled, by one process
        // alone: the others wait, then find it done.
        let unlocked = loop {
            let needs_key = !keys::has_key_file(path) && access.recovery_key.is_none();
            if needs_key && !lock.alone_unless_done(|| !keys::has_key_file(path))? {
                continue;
            }
            let unlocked = keys::unlock(path, access)?;
            if unlocked.unfinished.is_none() || lock.alone {
                break unlocked;
            }
            let check = keys::current_check(path);
            lock.alone_unless_done(|| keys::current_check(path) == check)?;
        };
        if plain {
            lock.alone_unless_done(|| encryption::is_plain(path))?;
            if encryption::is_plain(path) {
                encryption::encrypt_in_place(path, &unlocked.key)?;
            }
        }
        // A change of key that was interrupted: files may still be under its other key. The
        // database is settled first.
        if let Some(unfinished) = &unlocked.unfinished {
            encryption::rekey_file(path, &unfinished.other, &unlocked.key)?;
        }
        let mut conn = encryption::open_connection(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            Some(&unlocked.key),
        )?;
        // The app, its scheduler and mooring-cli share the file: wait for the other one's
        // write instead of failing.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let found = schema_version_of(&conn)?;
        check_version(found)?;
        if !new {
            quick_check(&conn)?;
        }
        // A first start or an update sets the file up alone: processes starting together take
        // turns, the first migrates, the others find it done.
        if found < SCHEMA_VERSION {
            lock.alone()?;
        }
        configure(&mut conn)?;
        let mut store = Store {
            conn,
            path: Some(path.to_owned()),
            key_storage: Some(unlocked.storage),
            key: Some(unlocked.key),
            new_recovery_key: unlocked.new_recovery_key,
            lock: None,
        };
        store.migrate(clock)?;
        store.record_first_use(clock)?;
        // Notes older than the user keeps them are gone whenever the data opens, not only
        // when the setting changes.
        store.erase_old_notes(clock)?;
        store.encrypt_plain_backups()?;
        // Half-made backups of killed processes, in every folder backups went to.
        for folder in store.backup_folders().unwrap_or_default() {
            crate::leftovers::remove_in(&folder);
        }
        if let Some(unfinished) = &unlocked.unfinished {
            store.settle_key_change(unfinished, access.credentials)?;
        }
        if unlocked.keep_after_opening {
            keys::keep_recovered(path, store.key().expect("a file has a key"), access)?;
        }
        lock.share()?;
        store.lock = Some(lock);
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
        // One writer for the key: every other store closes first, and none opens until the
        // change is settled.
        let mut lock = self.lock.take();
        let changed = (|| {
            if let Some(lock) = lock.as_mut() {
                lock.alone()?;
            }
            if keys::current_check(&path).is_some_and(|check| !old.matches(&check)) {
                return Err(Error::Locked(
                    "The key was changed by another Mooring while this one was open. Open \
                     Mooring again; nothing was changed."
                        .into(),
                ));
            }
            crate::leftovers::remove_all_in(path.parent().unwrap_or(Path::new(".")));
            crate::backup::create_backup(self, crate::backup::Reason::BeforeKeyChange, clock)?;
            let new = DatabaseKey::random()?;
            let app_lock = passphrase.filter(|_| storage == KeyStorage::CredentialStore);
            keys::begin_change(&path, &old, &new, &access, app_lock)?;
            self.conn
                .execute_batch(&format!("PRAGMA rekey = {}", new.pragma_value().as_str()))?;
            self.key = Some(new);
            let unfinished = keys::unfinished_change(&path, self.key().expect("just set"))?
                .ok_or_else(|| {
                    Error::Corrupt(format!("the key file {} is damaged", keys::KEY_FILE))
                })?;
            self.settle_key_change(&unfinished, credentials)
        })();
        if let Some(lock) = lock.as_mut() {
            lock.share()?;
        }
        self.lock = lock;
        changed
    }

    /// Brings every backup (in every folder Mooring has used) under this store's key from the
    /// other key of a change, removes the copies left by killed processes, and settles the key
    /// file. The caller holds the folder's lock alone.
    fn settle_key_change(
        &self,
        unfinished: &keys::Unfinished,
        credentials: &dyn CredentialStore,
    ) -> Result<()> {
        let (Some(path), Some(key)) = (&self.path, &self.key) else {
            return Ok(());
        };
        for folder in self.backup_folders()? {
            crate::leftovers::remove_all_in(&folder);
        }
        for backup in self.backups()? {
            encryption::rekey_file(&backup.path, &unfinished.other, key)?;
        }
        keys::settle(path, unfinished, credentials)
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
        run_migrations(&mut conn, Some(target))?;
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
            lock: None,
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
        // Data from an older version is updated alone, as at a first start.
        let mut lock = self.lock.take();
        let updated = (|| {
            if let Some(lock) = lock
                .as_mut()
                .filter(|_| self.schema_version().is_ok_and(|v| v < SCHEMA_VERSION))
            {
                lock.alone()?;
            }
            self.migrate(clock)?;
            self.record_first_use(clock)
        })();
        if let Some(lock) = lock.as_mut() {
            lock.share()?;
        }
        self.lock = lock;
        updated
    }

    /// Applies the pending migrations in one transaction, after a backup of data from an older
    /// version. For a file, the caller holds the [`FolderLock`] alone.
    pub(crate) fn migrate(&mut self, clock: &dyn Clock) -> Result<()> {
        // Another process may have migrated while this one waited for the lock.
        let found = self.schema_version()?;
        if found >= SCHEMA_VERSION {
            return Ok(());
        }
        if found > 0 && self.path.is_some() {
            crate::backup::create_backup(self, crate::backup::Reason::BeforeUpdate, clock)?;
        }
        // Every pending migration, its hook and the version bump, in one immediate transaction.
        run_migrations(&mut self.conn, None)
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
        remove_created(&path, &created, credentials)
    }

    /// Deletes all of the user's Mooring data: the key first (from the credential store and
    /// the key file), which leaves every copy unreadable, then the database with its WAL, and
    /// every backup in every folder Mooring has kept them in. Exports saved elsewhere are the
    /// user's and are not touched. Returns the files removed.
    pub fn delete_all_data(self, credentials: &dyn CredentialStore) -> Result<Vec<PathBuf>> {
        let Some(path) = self.path.clone() else {
            return Ok(Vec::new());
        };
        // Every folder Mooring has kept backups in.
        let backups = self.backups()?;
        drop(self);
        keys::forget(&path, credentials)?;
        let mut removed = Vec::new();
        let files = COMPANION_SUFFIXES
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

/// Removes what opening the database at `path` created: its key, its files and its new folders.
fn remove_created(path: &Path, created: &Created, credentials: &dyn CredentialStore) -> Result<()> {
    if created.key_file {
        keys::forget(path, credentials)?;
    }
    for suffix in COMPANION_SUFFIXES {
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

/// The data folder's lock, a file beside the database: every open store holds it shared, and a
/// first start, an update, the encryption of a plain file or a change of key holds it alone, so
/// that no store reads with a key that is being replaced.
///
/// A second file, the gate, queues whoever wants the lock alone: while one waits, new stores
/// wait at the gate, so a stream of short commands cannot keep a change of key waiting forever.
#[derive(Debug)]
pub(crate) struct FolderLock {
    /// The lock file, held shared or alone.
    file: fs::File,
    /// The gate file.
    gate: PathBuf,
    /// Whether the lock is held alone.
    alone: bool,
}

impl FolderLock {
    /// Takes the lock beside `database` shared, waiting while another process holds it alone.
    pub(crate) fn shared(database: &Path) -> Result<Self> {
        let path = PathBuf::from(format!("{}.lock", database.display()));
        let gate = PathBuf::from(format!("{}.lock-gate", database.display()));
        let file = open_lock_file(&path)?;
        {
            let gate_file = open_lock_file(&gate)?;
            gate_file
                .lock()
                .map_err(|source| lock_error(&gate, source))?;
            file.lock_shared()
                .map_err(|source| lock_error(&path, source))?;
        }
        Ok(FolderLock {
            file,
            gate,
            alone: false,
        })
    }

    /// Holds the lock alone, once every other store has closed. Waits at most [`BUSY_TIMEOUT`]
    /// for them, and returns `Ok(false)`, shared again, as soon as `still_needed` says the work
    /// was done by another process meanwhile.
    pub(crate) fn alone_unless_done(&mut self, still_needed: impl Fn() -> bool) -> Result<bool> {
        if self.alone {
            return Ok(true);
        }
        // Shared first let go of, so that two processes that both want the lock alone do not
        // wait for each other.
        self.file
            .unlock()
            .map_err(|source| lock_error(&self.gate, source))?;
        let gate = open_lock_file(&self.gate)?;
        gate.lock()
            .map_err(|source| lock_error(&self.gate, source))?;
        let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
        loop {
            match self.file.try_lock() {
                Ok(()) => {
                    self.alone = true;
                    return Ok(true);
                }
                Err(fs::TryLockError::WouldBlock) => {}
                Err(fs::TryLockError::Error(source)) => return Err(lock_error(&self.gate, source)),
            }
            let done = !still_needed();
            if done || std::time::Instant::now() >= deadline {
                drop(gate);
                self.file
                    .lock_shared()
                    .map_err(|source| lock_error(&self.gate, source))?;
                return if done {
                    Ok(false)
                } else {
                    Err(Error::Busy(
                        "Mooring is open in another window or command. Close it, then try again; \
                         nothing was changed."
                            .into(),
                    ))
                };
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Holds the lock alone (see [`FolderLock::alone_unless_done`]).
    pub(crate) fn alone(&mut self) -> Result<()> {
        self.alone_unless_done(|| true).map(|_| ())
    }

    /// Shares the lock again, after work done alone.
    pub(crate) fn share(&mut self) -> Result<()> {
        if self.alone {
            // On Unix flock converts a held lock in place, with no moment unlocked. Elsewhere a
            // second lock on the same handle is unspecified, so the first is let go of first.
            #[cfg(not(unix))]
            self.file
                .unlock()
                .map_err(|source| lock_error(&self.gate, source))?;
            self.file
                .lock_shared()
                .map_err(|source| lock_error(&self.gate, source))?;
            self.alone = false;
        }
        Ok(())
    }
}

/// Opens (creating if needed) a private lock file.
fn open_lock_file(path: &Path) -> Result<fs::File> {
    private_file_options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|source| lock_error(path, source))
}

/// A lock file that could not be used.
fn lock_error(path: &Path, source: std::io::Error) -> Error {
    Error::DataDir {
        path: path.to_owned(),
        source,
    }
}

/// The files beside the database that belong to it: its WAL and shared memory, and the locks.
pub(crate) const COMPANION_SUFFIXES: [&str; 5] = ["", "-wal", "-shm", ".lock", ".lock-gate"];

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
    fn a_change_of_key_stopped_at_any_step_is_finished_by_the_new_key_or_undone_by_the_old() {
        let clock = crate::FixedClock::parse("2026-11-25T10:00:00+01:00").unwrap();
        let old_passphrase = Secret::new("old passphrase".into());
        let new_passphrase = Secret::new("new passphrase".into());
        // Opened after the stop with the new or the old passphrase, or the new or the old
        // recovery key (which keeps the key behind the passphrase given with it).
        #[derive(Clone, Copy, Debug, PartialEq)]
        enum Way {
            NewPassphrase,
            OldPassphrase,
            NewRecoveryKey,
            OldRecoveryKey,
        }
        let ways = [
            Way::NewPassphrase,
            Way::OldPassphrase,
            Way::NewRecoveryKey,
            Way::OldRecoveryKey,
        ];
        // Stopped after the key file was written, after the database was re-keyed too, and
        // after the backup was re-keyed as well.
        for files_rekeyed in 0..=2 {
            for way in ways {
                let dir = tempfile::tempdir().unwrap();
                let store = Store::open_in(
                    dir.path(),
                    &Access::with_passphrase(old_passphrase.clone()),
                    &clock,
                )
                .unwrap();
                let backup = store.create_backup(&clock).unwrap();
                let path = store.path().unwrap().to_owned();
                let old = store.key().unwrap().clone();
                drop(store);

                let new = DatabaseKey::random().unwrap();
                keys::begin_change(
                    &path,
                    &old,
                    &new,
                    &Access::with_passphrase(new_passphrase.clone()),
                    None,
                )
                .unwrap();
                if files_rekeyed >= 1 {
                    encryption::rekey_file(&path, &old, &new).unwrap();
                }
                if files_rekeyed >= 2 {
                    encryption::rekey_file(&backup.path, &old, &new).unwrap();
                }

                let forward = matches!(way, Way::NewPassphrase | Way::NewRecoveryKey);
                let (kept, dropped) = if forward { (&new, &old) } else { (&old, &new) };
                let passphrase = if forward {
                    &new_passphrase
                } else {
                    &old_passphrase
                };
                let access = Access {
                    credentials: &crate::NoCredentials,
                    passphrase: Some(passphrase.clone()),
                    recovery_key: matches!(way, Way::NewRecoveryKey | Way::OldRecoveryKey)
                        .then(|| kept.recovery_key()),
                };
                let store = Store::open_in(dir.path(), &access, &clock)
                    .unwrap_or_else(|err| panic!("{way:?} after {files_rekeyed}: {err}"));
                assert_eq!(store.backups().unwrap().len(), 1);
                drop(store);
                for file in [&path, &backup.path] {
                    assert!(
                        encryption::opens_with(file, kept),
                        "{way:?}: {}",
                        file.display()
                    );
                    assert!(
                        !encryption::opens_with(file, dropped),
                        "{way:?}: {}",
                        file.display()
                    );
                }
                assert!(keys::unfinished_change(&path, kept).unwrap().is_none());
                // Settled: the passphrase that goes with the kept key opens it, the other not.
                Store::open_in(
                    dir.path(),
                    &Access::with_passphrase(passphrase.clone()),
                    &clock,
                )
                .unwrap();
                let other = if forward {
                    &old_passphrase
                } else {
                    &new_passphrase
                };
                let refused =
                    Store::open_in(dir.path(), &Access::with_passphrase(other.clone()), &clock)
                        .unwrap_err();
                assert_eq!(refused.code(), "locked", "{way:?}");
            }
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

//! Backups: whole copies of the database, each checked after it is written, kept 7 daily,
//! 8 weekly and 12 monthly.
//!
//! A backup is a file `mooring-YYYYMMDD-HHMMSS-REASON.sqlite3` in the backup folder (by default
//! `backups/` beside the database). Its name is its id and says when it was made, in UTC, so
//! the list and the rotation need nothing but the folder.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDateTime, Utc};
use rusqlite::Connection;

use crate::encryption;
use crate::keys::{self, Access, DatabaseKey};
use serde::Serialize;

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::store::{create_private_dir, private_file_options, Store, SCHEMA_VERSION};

/// The folder beside the database that holds backups unless the user picks another.
pub const DEFAULT_FOLDER: &str = "backups";

/// Daily backups kept: the newest of each of the last 7 days that have one.
pub const KEEP_DAILY: usize = 7;
/// Weekly backups kept: the newest of each of the last 8 ISO weeks that have one.
pub const KEEP_WEEKLY: usize = 8;
/// Monthly backups kept: the newest of each of the last 12 months that have one.
pub const KEEP_MONTHLY: usize = 12;

/// How the time in a backup's name is written.
const STAMP: &str = "%Y%m%d-%H%M%S";

/// Why a backup was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// The once-a-day backup the app makes while it runs.
    Daily,
    /// The user asked for it.
    Manual,
    /// Before data from an older version of Mooring was updated.
    BeforeUpdate,
    /// Before an import replaced the data.
    BeforeImport,
    /// Before a backup was restored over the data.
    BeforeRestore,
    /// Before the key the data is encrypted with was changed.
    BeforeKeyChange,
}

impl Reason {
    /// The word for it in a backup's file name.
    fn word(self) -> &'static str {
        match self {
            Reason::Daily => "daily",
            Reason::Manual => "manual",
            Reason::BeforeUpdate => "before-update",
            Reason::BeforeImport => "before-import",
            Reason::BeforeRestore => "before-restore",
            Reason::BeforeKeyChange => "before-key-change",
        }
    }

    /// The reason a file name's word stands for.
    fn from_word(word: &str) -> Option<Reason> {
        [
            Reason::Daily,
            Reason::Manual,
            Reason::BeforeUpdate,
            Reason::BeforeImport,
            Reason::BeforeRestore,
            Reason::BeforeKeyChange,
        ]
        .into_iter()
        .find(|reason| reason.word() == word)
    }
}

/// One backup on disk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BackupFile {
    /// Its name without `mooring-` and `.sqlite3`, such as `20261125-083000-daily`.
    pub id: String,
    /// When it was made.
    pub created_at: DateTime<FixedOffset>,
    /// Its size on disk.
    pub bytes: u64,
    /// Where it is.
    pub path: PathBuf,
    /// Why it was made.
    pub reason: Reason,
}

/// A backup put back in place, and what the retention in force erased from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Restored {
    /// The backup.
    #[serde(flatten)]
    pub backup: BackupFile,
    /// Notes, reflections and record texts older than the months notes are kept, erased from
    /// what came back.
    pub notes_erased: usize,
}

impl Store {
    /// Backs up the database now, checks the copy, and rotates the folder.
    pub fn create_backup(&self, clock: &dyn Clock) -> Result<BackupFile> {
        create_backup(self, Reason::Manual, clock)
    }

    /// Checks the whole database and backs it up, if no backup was made in the last day.
    ///
    /// The check comes first: a damaged database is reported as [`Error::Corrupt`] and never
    /// copied over the good backups.
    pub fn daily_backup(&self, clock: &dyn Clock) -> Result<Option<BackupFile>> {
        let now = clock.now().with_timezone(&Utc);
        let newest = self.backups()?.into_iter().next();
        if newest
            .is_some_and(|newest| now - newest.created_at.with_timezone(&Utc) < Duration::days(1))
        {
            return Ok(None);
        }
        self.integrity_check()?;
        create_backup(self, Reason::Daily, clock).map(Some)
    }

    /// The backups in every folder Mooring has kept them in (the one in use, the default one
    /// and those chosen before), newest first.
    pub fn backups(&self) -> Result<Vec<BackupFile>> {
        let mut found = Vec::new();
        for folder in self.backup_folders()? {
            // A folder chosen before may be gone (an unplugged drive): it lists nothing.
            found.extend(list(&folder).unwrap_or_default());
        }
        sort_newest_first(&mut found);
        found.dedup_by(|a, b| a.path == b.path);
        Ok(found)
    }

    /// Every folder Mooring has kept backups in: the one in use first, then the default one
    /// beside the database, then those chosen before.
    pub fn backup_folders(&self) -> Result<Vec<PathBuf>> {
        let settings = self.settings()?;
        let mut folders = vec![self.backup_folder()?];
        folders.extend(self.data_dir().map(|dir| dir.join(DEFAULT_FOLDER)));
        folders.extend(settings.previous_backup_folders);
        let mut seen = HashSet::new();
        folders.retain(|folder| seen.insert(folder.clone()));
        Ok(folders)
    }

    /// Puts a backup back in place of the current data, after backing up the current data.
    /// How long notes are kept and where backups go stay as they are now, and the notes that
    /// came back older than that are erased before anything reads them.
    ///
    /// The backup is checked first; a damaged or unknown one changes nothing.
    pub fn restore_backup(&mut self, id: &str, clock: &dyn Clock) -> Result<Restored> {
        let now = self.settings()?;
        let backup = self.put_back(id, clock)?;
        self.change_settings(|settings| {
            settings.keep_notes_months = now.keep_notes_months;
            settings.backup_folder = now.backup_folder.clone();
            for folder in &now.previous_backup_folders {
                if !settings.previous_backup_folders.contains(folder) {
                    settings.previous_backup_folders.push(folder.clone());
                }
            }
            Ok(())
        })?;
        let notes_erased = self.erase_old_notes(clock)?;
        Ok(Restored {
            backup,
            notes_erased,
        })
    }

    /// Puts backup `id` in place of the current data as it is, after backing that up.
    fn put_back(&mut self, id: &str, clock: &dyn Clock) -> Result<BackupFile> {
        let backup = self
            .backups()?
            .into_iter()
            .find(|backup| backup.id == id)
            .ok_or_else(|| {
                Error::NotFound(format!(
                    "There is no backup \"{id}\". `mooring-cli backup list` shows them."
                ))
            })?;
        let source = open_checked(&backup.path, self.key())?;
        create_backup(self, Reason::BeforeRestore, clock)?;
        self.replace_with(&source, clock)?;
        Ok(backup)
    }

    /// The folder backups go to: the one chosen in Settings, or `backups/` beside the database.
    pub fn backup_folder(&self) -> Result<PathBuf> {
        if let Some(folder) = self.settings()?.backup_folder {
            return Ok(folder);
        }
        self.data_dir()
            .map(|dir| dir.join(DEFAULT_FOLDER))
            .ok_or_else(|| Error::Transfer("A scratch store in memory has no backups.".into()))
    }
}

/// Recovery from a data file that will not open: its backups, and three ways forward that
/// never delete anything.
pub mod recovery {
    use super::*;
    use crate::store::DATABASE_FILE;

    /// The backups a damaged data folder can be restored from, newest first: those in every
    /// folder the damaged file's settings name when it can still say, and those beside it.
    /// Nothing is written: a folder without a key file gets no key.
    pub fn backups(data_dir: &Path, access: &Access) -> Result<Vec<BackupFile>> {
        let mut found = list(&data_dir.join(DEFAULT_FOLDER))?;
        let database = data_dir.join(DATABASE_FILE);
        if let Some(settings) = key_of_damaged(data_dir, access)
            .ok()
            .and_then(|key| chosen_settings(&database, &key))
        {
            for folder in settings
                .backup_folder
                .into_iter()
                .chain(settings.previous_backup_folders)
            {
                found.extend(list(&folder).unwrap_or_default());
            }
        }
        sort_newest_first(&mut found);
        found.dedup_by(|a, b| a.path == b.path);
        Ok(found)
    }

    /// The backups in `folder`, newest first.
    pub fn backups_in(folder: &Path) -> Result<Vec<BackupFile>> {
        list(folder)
    }

    /// What a recovery did: the data, open again, and what it came from.
    #[derive(Debug)]
    pub struct Recovered {
        /// The data, open.
        pub store: Store,
        /// The backup put in place, or `None` for a fresh start.
        pub backup: Option<BackupFile>,
        /// Where the damaged file now is.
        pub set_aside: PathBuf,
    }

    /// Puts the damaged file aside and the backup `id` in its place, then opens it.
    pub fn restore(
        data_dir: &Path,
        id: &str,
        access: &Access,
        clock: &dyn Clock,
    ) -> Result<Recovered> {
        let backup = backups(data_dir, access)?
            .into_iter()
            .find(|backup| backup.id == id)
            .ok_or_else(|| {
                Error::NotFound(format!(
                    "There is no backup \"{id}\". `mooring-cli backup list` shows them."
                ))
            })?;
        let key = key_of_damaged(data_dir, access)?;
        drop(open_checked(&backup.path, Some(&key))?);
        let bytes =
            fs::read(&backup.path).map_err(|err| io_error("read the backup", &backup.path, err))?;
        let set_aside = set_aside(data_dir, clock)?;
        crate::transfer::write_private(&data_dir.join(DATABASE_FILE), &bytes)?;
        Ok(Recovered {
            store: Store::open_in(data_dir, access, clock)?,
            backup: Some(backup),
            set_aside,
        })
    }

    /// Puts the damaged file aside under a dated name and starts a new, empty Mooring.
    pub fn start_fresh(data_dir: &Path, access: &Access, clock: &dyn Clock) -> Result<Recovered> {
        let set_aside = set_aside(data_dir, clock)?;
        Ok(Recovered {
            store: Store::open_in(data_dir, access, clock)?,
            backup: None,
            set_aside,
        })
    }

    /// The key of a damaged data folder, without writing anything: the recovery key's when one
    /// was given (a backup it does not open is refused later), otherwise the key file's.
    fn key_of_damaged(data_dir: &Path, access: &Access) -> Result<DatabaseKey> {
        if let Some(recovery_key) = &access.recovery_key {
            return DatabaseKey::from_recovery_key(recovery_key);
        }
        let database = data_dir.join(DATABASE_FILE);
        if !keys::has_key_file(&database) {
            return Err(Error::Locked(format!(
                "Mooring's key file ({}) is missing from the data folder. Give your recovery \
                 key (--recovery-key-file).",
                keys::KEY_FILE
            )));
        }
        Ok(keys::unlock(&database, access)?.key)
    }

    /// Renames the data file and its -wal and -shm files to `mooring.damaged-DATE...`, where
    /// they stay until the user removes them; returns the new name of the data file.
    pub fn set_aside(data_dir: &Path, clock: &dyn Clock) -> Result<PathBuf> {
        let stamp = clock.now().with_timezone(&Utc).format(STAMP);
        let aside = data_dir.join(format!("mooring.damaged-{stamp}.sqlite3"));
        for suffix in ["-wal", "-shm", ""] {
            let from = PathBuf::from(format!(
                "{}{suffix}",
                data_dir.join(DATABASE_FILE).display()
            ));
            let to = PathBuf::from(format!("{}{suffix}", aside.display()));
            match fs::rename(&from, &to) {
                Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                    return Err(io_error("set the damaged file aside", &from, err))
                }
                _ => {}
            }
        }
        sync_folder(data_dir);
        Ok(aside)
    }

    /// The damaged file's settings, if they can still be read.
    fn chosen_settings(database: &Path, key: &DatabaseKey) -> Option<crate::settings::Settings> {
        let conn = encryption::open_read_only(database, Some(key)).ok()?;
        let json: String = conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'settings'",
                [],
                |row| row.get(0),
            )
            .ok()?;
        serde_json::from_str(&json).ok()
    }
}

/// Writes a backup of `store`, checks it, and rotates the folder.
pub(crate) fn create_backup(
    store: &Store,
    reason: Reason,
    clock: &dyn Clock,
) -> Result<BackupFile> {
    let folder = store.backup_folder()?;
    create_private_dir(&folder)?;
    let now = clock.now().with_timezone(&Utc);
    let stamp = now.format(STAMP).to_string();
    let (id, path) = (1..)
        .map(|n| match n {
            1 => format!("{stamp}-{}", reason.word()),
            n => format!("{stamp}-{}-{n}", reason.word()),
        })
        .map(|id| {
            let path = folder.join(file_name(&id));
            (id, path)
        })
        .find(|(_, path)| !path.exists())
        .expect("some name is free");
    let partial = folder.join(format!(
        ".{}.{}.partial",
        file_name(&id),
        std::process::id()
    ));
    let written = write_copy(store, &partial);
    if let Err(err) = written {
        let _ = fs::remove_file(&partial);
        return Err(err);
    }
    fs::rename(&partial, &path)
        .map_err(|err| io_error("move the backup into place", &path, err))?;
    sync_folder(&folder);
    rotate(&folder, now)?;
    let bytes = fs::metadata(&path).map(|meta| meta.len()).unwrap_or(0);
    Ok(BackupFile {
        id,
        created_at: now.fixed_offset(),
        bytes,
        path,
        reason,
    })
}

/// Copies the database into `partial` with `VACUUM INTO`, checks the copy and flushes it to disk.
fn write_copy(store: &Store, partial: &Path) -> Result<()> {
    // Created empty and private first: VACUUM INTO writes into an empty file and keeps its
    // permissions.
    private_file_options()
        .write(true)
        .create_new(true)
        .open(partial)
        .map_err(|err| io_error("start a backup", partial, err))?;
    let target = partial.to_str().ok_or_else(|| {
        Error::Transfer(format!(
            "The backup folder {} has a name Mooring cannot use.",
            partial.display()
        ))
    })?;
    // SQLCipher writes the copy encrypted with the store's own key.
    store.conn().execute("VACUUM INTO ?1", [target])?;
    open_checked(partial, store.key())?;
    fs::File::open(partial)
        .and_then(|file| file.sync_all())
        .map_err(|err| io_error("write the backup", partial, err))
}

/// Opens a backup read-only after checking that it is a whole Mooring database this version
/// can read.
pub(crate) fn open_checked(path: &Path, key: Option<&DatabaseKey>) -> Result<Connection> {
    let refused = |why: &str| {
        Error::Transfer(format!(
            "The backup {} cannot be used: {why}. Nothing was changed.",
            path.display()
        ))
    };
    let conn = encryption::open_read_only(path, key).map_err(|_| refused("it cannot be opened"))?;
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .map_err(|_| refused("it is not a Mooring database, or not one this key opens"))?;
    if integrity != "ok" {
        return Err(refused("it is damaged"));
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if version == 0 {
        return Err(refused("it is not a Mooring database"));
    }
    if version > SCHEMA_VERSION {
        return Err(refused("it was made by a newer version of Mooring"));
    }
    Ok(conn)
}

/// Checks that backups can go to `folder`: it is a folder, or one Mooring can create, and a
/// file can be written in it.
pub(crate) fn check_folder(folder: &Path) -> Result<()> {
    let refused = |why: String| {
        Error::Invalid(format!(
            "Backups cannot go to {}: {why}. Choose a folder you can write in.",
            folder.display()
        ))
    };
    if folder.exists() && !folder.is_dir() {
        return Err(refused("it is a file, not a folder".into()));
    }
    create_private_dir(folder).map_err(|err| match err {
        Error::DataDir { source, .. } => refused(format!("it cannot be created ({source})")),
        other => other,
    })?;
    let probe = folder.join(format!(".mooring-write-check-{}", std::process::id()));
    let written = private_file_options()
        .write(true)
        .create_new(true)
        .open(&probe)
        .and_then(|mut file| std::io::Write::write_all(&mut file, b"mooring"));
    let _ = fs::remove_file(&probe);
    written.map_err(|err| refused(format!("a file cannot be written there ({err})")))
}

/// Whether the default backup folder beside `database` holds any backup: a sign that data has
/// been there.
pub(crate) fn folder_has_backups(database: &Path) -> bool {
    database
        .parent()
        .map(|dir| list(&dir.join(DEFAULT_FOLDER)).is_ok_and(|backups| !backups.is_empty()))
        .unwrap_or(false)
}

/// The backups in `folder`, newest first; a missing folder has none.
fn list(folder: &Path) -> Result<Vec<BackupFile>> {
    let entries = match fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(io_error("read the backup folder", folder, err)),
    };
    let mut backups: Vec<BackupFile> = entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let (created_at, reason) = parse_name(&name)?;
            let id = name
                .strip_prefix("mooring-")?
                .strip_suffix(".sqlite3")?
                .to_owned();
            Some(BackupFile {
                id,
                created_at: created_at.fixed_offset(),
                bytes: entry.metadata().ok()?.len(),
                path: entry.path(),
                reason,
            })
        })
        .collect();
    sort_newest_first(&mut backups);
    Ok(backups)
}

/// Orders backups newest first; two made in the same second by their ids.
fn sort_newest_first(backups: &mut [BackupFile]) {
    backups.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
}

/// The file name of the backup `id`.
fn file_name(id: &str) -> String {
    format!("mooring-{id}.sqlite3")
}

/// When a backup's file name says it was made, and why; `None` for any other file.
fn parse_name(name: &str) -> Option<(DateTime<Utc>, Reason)> {
    let id = name.strip_prefix("mooring-")?.strip_suffix(".sqlite3")?;
    let stamp = id.get(..15)?;
    let rest = id.get(16..)?;
    let created = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
    // A trailing "-2" tells apart two backups made in the same second.
    let word = match rest.rsplit_once('-') {
        Some((word, n)) if n.parse::<u32>().is_ok() => word,
        _ => rest,
    };
    Some((created, Reason::from_word(word)?))
}

/// Deletes the backups in `folder` that the rotation no longer keeps, and partial copies left
/// by a backup that was interrupted more than an hour ago.
fn rotate(folder: &Path, now: DateTime<Utc>) -> Result<()> {
    let backups = list(folder)?;
    let created: Vec<DateTime<Utc>> = backups
        .iter()
        .map(|backup| backup.created_at.with_timezone(&Utc))
        .collect();
    let keep = backups_to_keep(&created, now);
    for (backup, keep) in backups.iter().zip(keep) {
        if !keep {
            fs::remove_file(&backup.path)
                .map_err(|err| io_error("remove an old backup", &backup.path, err))?;
        }
    }
    if let Ok(entries) = fs::read_dir(folder) {
        for entry in entries.filter_map(|entry| entry.ok()) {
            let stale = entry
                .metadata()
                .and_then(|meta| meta.modified())
                .is_ok_and(|modified| modified.elapsed().is_ok_and(|age| age.as_secs() > 3600));
            if entry.file_name().to_string_lossy().ends_with(".partial") && stale {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
    Ok(())
}

/// Deletes the backups in every backup folder made before `cutoff`: they hold text the
/// retention the user chose has erased. Returns how many went. A folder that cannot be read
/// now (a drive not plugged in) is tried again at the next open, and stops nothing.
pub(crate) fn remove_backups_before(store: &Store, cutoff: DateTime<Utc>) -> Result<usize> {
    let mut removed = 0;
    for folder in store.backup_folders()? {
        let Ok(backups) = list(&folder) else {
            continue;
        };
        for backup in backups {
            if backup.created_at.with_timezone(&Utc) < cutoff
                && fs::remove_file(&backup.path).is_ok()
            {
                removed += 1;
            }
        }
    }
    Ok(removed)
}

/// Which of the backups made at `created` (newest first) the rotation keeps at `now`: every
/// backup of the last day, and the newest of each of the last [`KEEP_DAILY`] days,
/// [`KEEP_WEEKLY`] ISO weeks and [`KEEP_MONTHLY`] months that have one.
pub fn backups_to_keep(created: &[DateTime<Utc>], now: DateTime<Utc>) -> Vec<bool> {
    let mut keep: Vec<bool> = created
        .iter()
        .map(|&at| now - at < Duration::days(1))
        .collect();
    let mut newest_of = |period: &dyn Fn(DateTime<Utc>) -> (i32, u32, u32), count: usize| {
        let mut seen = HashSet::new();
        for (index, &at) in created.iter().enumerate() {
            if seen.len() == count {
                break;
            }
            if seen.insert(period(at)) {
                keep[index] = true;
            }
        }
    };
    newest_of(&|at| (at.year(), at.ordinal(), 0), KEEP_DAILY);
    newest_of(
        &|at| {
            let week = at.iso_week();
            (week.year(), week.week(), 1)
        },
        KEEP_WEEKLY,
    );
    newest_of(&|at| (at.year(), at.month(), 2), KEEP_MONTHLY);
    keep
}

/// Flushes a folder's entries, so that a renamed file survives a power cut.
pub(crate) fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

/// A file-system failure while handling backups or exports, as a sentence.
pub(crate) fn io_error(doing: &str, path: &Path, err: std::io::Error) -> Error {
    Error::Transfer(format!(
        "Mooring could not {doing} at {}: {err}.",
        path.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        let (at, reason) = parse_name("mooring-20261125-083000-before-import-2.sqlite3").unwrap();
        assert_eq!(at.to_rfc3339(), "2026-11-25T08:30:00+00:00");
        assert_eq!(reason, Reason::BeforeImport);
        assert_eq!(parse_name("mooring.sqlite3"), None);
        assert_eq!(parse_name("mooring-20261125-083000-nonsense.sqlite3"), None);
        assert_eq!(
            parse_name(".mooring-20261125-083000-daily.sqlite3.1.partial"),
            None
        );
    }
}

//! Opening encrypted files, and encrypting in place a plain database from before Mooring
//! encrypted its data.
//!
//! Encrypting a file is six steps, each safe to be killed after, because the next start
//! finishes or undoes it ([`finish_interrupted`]):
//!
//! 1. checkpoint the WAL into the plain file and close it;
//! 2. export it with `sqlcipher_export` into `FILE.encrypting`, flushed to disk;
//! 3. verify the copy: it opens with the key, passes `integrity_check`, and holds the same
//!    data version and the same number of rows in every table;
//! 4. hard-link the plain file as `FILE.plain`;
//! 5. rename the copy over `FILE`, atomically;
//! 6. overwrite `FILE.plain` with zeros, flush it, and remove it.
//!
//! At no point are there two live copies: `FILE` is the only file Mooring opens, and it is
//! either the plain original or the verified encrypted copy.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};
use crate::keys::{DatabaseKey, Secret};

/// The first 16 bytes of every plain SQLite file.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Whether the file at `path` is a plain (unencrypted) SQLite database.
pub fn is_plain(path: &Path) -> bool {
    let mut header = [0u8; 16];
    fs::File::open(path)
        .and_then(|mut file| file.read_exact(&mut header))
        .is_ok_and(|()| &header == PLAIN_HEADER)
}

/// Opens the database file at `path` with `flags`, keyed with `key` (no key: a plain file or
/// one in memory).
pub(crate) fn open_connection(
    path: &Path,
    flags: OpenFlags,
    key: Option<&DatabaseKey>,
) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    apply_key(&conn, key)?;
    Ok(conn)
}

/// Opens a Mooring database file for reading and writing with its recovery key: for tools and
/// tests that look inside the file itself.
pub fn open_with_recovery_key(path: &Path, recovery_key: &Secret) -> Result<Connection> {
    let key = DatabaseKey::from_recovery_key(recovery_key)?;
    open_connection(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        Some(&key),
    )
}

/// Opens the database file at `path` read-only: with `key` when it is encrypted, without when
/// it is a plain file from before Mooring encrypted (an old backup, or a damaged file that was
/// never converted).
pub(crate) fn open_read_only(path: &Path, key: Option<&DatabaseKey>) -> Result<Connection> {
    let key = key.filter(|_| !is_plain(path));
    open_connection(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        key,
    )
}

/// Gives SQLCipher the key for `conn`'s main database, before anything is read from it.
pub(crate) fn apply_key(conn: &Connection, key: Option<&DatabaseKey>) -> Result<()> {
    // SQLCipher logs a failed decryption to stderr; Mooring reports it in its own words.
    conn.execute_batch("PRAGMA cipher_log_level = NONE")?;
    if let Some(key) = key {
        conn.execute_batch(&format!("PRAGMA key = {}", key.pragma_value().as_str()))?;
    }
    Ok(())
}

/// Copies the encrypted database at `path` into `memory`'s empty main database, in one read.
pub(crate) fn export_into_memory(
    path: &Path,
    key: &DatabaseKey,
    memory: &Connection,
) -> Result<()> {
    memory.execute(
        &format!(
            "ATTACH DATABASE ?1 AS source KEY {}",
            key.pragma_value().as_str()
        ),
        [path_text(path)?],
    )?;
    let copied = (|| -> Result<()> {
        memory.execute_batch("BEGIN")?;
        memory.query_row("SELECT sqlcipher_export('main', 'source')", [], |_| Ok(()))?;
        let version: i64 =
            memory.pragma_query_value(Some("source"), "user_version", |row| row.get(0))?;
        memory.execute_batch("COMMIT")?;
        memory.pragma_update(None, "user_version", version)?;
        Ok(())
    })();
    if copied.is_err() {
        let _ = memory.execute_batch("ROLLBACK");
    }
    memory.execute_batch("DETACH DATABASE source")?;
    copied
}

/// A copy of a database, encrypted with the key of the file it will replace, in a private file
/// beside that file; removed when dropped.
pub(crate) struct Staged {
    conn: Option<Connection>,
    path: PathBuf,
}

impl Staged {
    /// Exports `source`'s main database into a new staging file beside `database`.
    pub(crate) fn export(source: &Connection, database: &Path, key: &DatabaseKey) -> Result<Self> {
        let path = sibling(database, &format!("staging-{}", std::process::id()));
        remove_if_present(&path)?;
        crate::store::private_file_options()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|err| io_error(&path, err))?;
        let mut staged = Staged { conn: None, path };
        let version: i64 = source.pragma_query_value(None, "user_version", |row| row.get(0))?;
        source.execute(
            &format!(
                "ATTACH DATABASE ?1 AS staged KEY {}",
                key.pragma_value().as_str()
            ),
            [path_text(&staged.path)?],
        )?;
        let exported = source
            .query_row("SELECT sqlcipher_export('staged', 'main')", [], |_| Ok(()))
            .and_then(|()| source.pragma_update(Some("staged"), "user_version", version));
        source.execute_batch("DETACH DATABASE staged")?;
        exported?;
        staged.conn = Some(open_connection(
            &staged.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY,
            Some(key),
        )?);
        Ok(staged)
    }

    /// The staged copy, open read-only.
    pub(crate) fn connection(&self) -> &Connection {
        self.conn.as_ref().expect("opened when staged")
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        drop(self.conn.take());
        let _ = fs::remove_file(&self.path);
    }
}

/// Whether `key` opens the database file at `path`.
pub(crate) fn opens_with(path: &Path, key: &DatabaseKey) -> bool {
    open_read_only(path, Some(key))
        .and_then(|conn| {
            Ok(conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?)
        })
        .is_ok()
}

/// Re-keys the file at `path` from `old` to `new` in one transaction (`PRAGMA rekey`); a file
/// that `new` already opens is left as it is. Either way the file is left whole on its own: a
/// write-ahead log beside it is checkpointed into it when the connection closes.
pub(crate) fn rekey_file(path: &Path, old: &DatabaseKey, new: &DatabaseKey) -> Result<()> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let opens = |key: &DatabaseKey| -> Result<Connection> {
        let conn = open_connection(path, flags, Some(key))?;
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        Ok(conn)
    };
    if opens(new).is_ok() {
        return Ok(());
    }
    let conn = opens(old)?;
    conn.execute_batch(&format!("PRAGMA rekey = {}", new.pragma_value().as_str()))?;
    Ok(())
}

/// The steps of encrypting a file in place, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Step {
    /// The WAL is checkpointed into the plain file.
    Checkpointed,
    /// The encrypted copy is written.
    Exported,
    /// The encrypted copy is checked against the original.
    Verified,
    /// The original is linked as `FILE.plain`.
    Linked,
    /// The encrypted copy has taken the original's place.
    Swapped,
    /// The plain copy is overwritten and removed.
    Shredded,
}

/// Encrypts the plain database at `path` in place with `key`.
pub(crate) fn encrypt_in_place(path: &Path, key: &DatabaseKey) -> Result<()> {
    encrypt_until(path, key, Step::Shredded)
}

/// Encrypts `path` as far as `last`, then stops as if killed; for tests of each step.
pub(crate) fn encrypt_until(path: &Path, key: &DatabaseKey, last: Step) -> Result<()> {
    let encrypting = sibling(path, "encrypting");
    let plain = sibling(path, "plain");
    remove_if_present(&encrypting)?;
    remove_if_present(&plain)?;

    let counts = {
        let conn = open_connection(path, OpenFlags::SQLITE_OPEN_READ_WRITE, None)?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        row_counts(&conn)?
    };
    for suffix in ["-wal", "-shm"] {
        remove_if_present(&PathBuf::from(format!("{}{suffix}", path.display())))?;
    }
    if last == Step::Checkpointed {
        return Ok(());
    }

    {
        // Read-write: a database attached to a read-only connection is read-only too.
        let conn = open_connection(path, OpenFlags::SQLITE_OPEN_READ_WRITE, None)?;
        crate::store::private_file_options()
            .write(true)
            .create_new(true)
            .open(&encrypting)
            .map_err(|err| io_error(&encrypting, err))?;
        conn.execute(
            &format!(
                "ATTACH DATABASE ?1 AS encrypted KEY {}",
                key.pragma_value().as_str()
            ),
            [path_text(&encrypting)?],
        )?;
        conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
        conn.pragma_update(Some("encrypted"), "user_version", counts.0)?;
        conn.execute_batch("DETACH DATABASE encrypted")?;
    }
    sync_file(&encrypting)?;
    if last == Step::Exported {
        return Ok(());
    }

    {
        let conn = open_connection(&encrypting, OpenFlags::SQLITE_OPEN_READ_ONLY, Some(key))?;
        let integrity: String = conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
        if integrity != "ok" || row_counts(&conn)? != counts {
            drop(conn);
            remove_if_present(&encrypting)?;
            return Err(Error::Transfer(format!(
                "Mooring could not encrypt {}: the encrypted copy did not match. The file was \
                 left as it was.",
                path.display()
            )));
        }
    }
    if last == Step::Verified {
        return Ok(());
    }

    // Without hard links (some network and FAT drives), the swap alone removes the plain file.
    let linked = fs::hard_link(path, &plain).is_ok();
    if last == Step::Linked {
        return Ok(());
    }

    fs::rename(&encrypting, path).map_err(|err| io_error(path, err))?;
    crate::backup::sync_folder(path.parent().unwrap_or(Path::new(".")));
    if last == Step::Swapped {
        return Ok(());
    }

    if linked {
        shred(&plain)?;
    }
    Ok(())
}

/// Finishes or undoes an encryption of `path` that was interrupted: a plain copy left after
/// the swap is shredded, a link or copy made before it is removed.
pub(crate) fn finish_interrupted(path: &Path) -> Result<()> {
    let plain = sibling(path, "plain");
    if plain.exists() {
        if is_plain(path) {
            // Killed before the swap: `FILE.plain` is a second name of the original.
            remove_if_present(&plain)?;
        } else {
            shred(&plain)?;
        }
    }
    remove_if_present(&sibling(path, "encrypting"))
}

/// The files an interrupted encryption left in `folder`, by the file they belong to.
pub(crate) fn interrupted_in(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let original = name
                .strip_suffix(".plain")
                .or_else(|| name.strip_suffix(".encrypting"))?;
            Some(folder.join(original))
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The data version and the number of rows in each table of `conn`'s database.
fn row_counts(conn: &Connection) -> Result<(i64, Vec<(String, i64)>)> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut counts = Vec::new();
    for table in tables {
        let count: i64 = conn.query_row(
            &format!("SELECT count(*) FROM \"{}\"", table.replace('"', "\"\"")),
            [],
            |row| row.get(0),
        )?;
        counts.push((table, count));
    }
    Ok((version, counts))
}

/// Overwrites the file at `path` with zeros, flushes it and removes it.
///
/// On a copy-on-write or flash file system the old blocks may survive elsewhere; the file's
/// name and contents are gone from the file system all the same.
fn shred(path: &Path) -> Result<()> {
    let io = |err| io_error(path, err);
    let length = fs::metadata(path).map_err(io)?.len();
    {
        let mut file = fs::OpenOptions::new().write(true).open(path).map_err(io)?;
        let zeros = vec![0u8; 64 * 1024];
        let mut left = length;
        while left > 0 {
            let n = left.min(zeros.len() as u64) as usize;
            file.write_all(&zeros[..n]).map_err(io)?;
            left -= n as u64;
        }
        file.sync_all().map_err(io)?;
    }
    fs::remove_file(path).map_err(io)?;
    crate::backup::sync_folder(path.parent().unwrap_or(Path::new(".")));
    Ok(())
}

/// `FILE.suffix` beside `path`.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}.{suffix}", path.display()))
}

/// Removes a file that may not exist.
fn remove_if_present(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(io_error(path, err)),
        _ => Ok(()),
    }
}

/// Flushes a file's contents to disk.
fn sync_file(path: &Path) -> Result<()> {
    fs::File::open(path)
        .and_then(|file| file.sync_all())
        .map_err(|err| io_error(path, err))
}

/// A path as text for SQL; Mooring's own file names always are.
fn path_text(path: &Path) -> Result<&str> {
    path.to_str().ok_or_else(|| {
        Error::Transfer(format!(
            "The folder {} has a name Mooring cannot use.",
            path.display()
        ))
    })
}

/// A file-system failure while encrypting, as a sentence.
fn io_error(path: &Path, err: std::io::Error) -> Error {
    Error::Transfer(format!(
        "Mooring could not encrypt its data at {}: {err}.",
        path.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::{Access, MemoryCredentials};
    use crate::store::{Store, DATABASE_FILE};
    use crate::{FixedClock, PeerDetails};

    /// A plain database of the current schema at `path`, as the previous version left it, with
    /// a peer named "Zebulon Quixote".
    fn plain_database(path: &Path) {
        let clock = FixedClock::parse("2026-11-20T09:00:00+01:00").unwrap();
        let mut store = Store::in_memory(&clock).unwrap();
        store
            .add_peer(
                PeerDetails {
                    name: "Zebulon Quixote".into(),
                    ..PeerDetails::default()
                },
                crate::Guard::Check,
                &clock,
            )
            .unwrap();
        store
            .conn_mut()
            .execute("VACUUM INTO ?1", [path.to_str().unwrap()])
            .unwrap();
        assert!(is_plain(path));
    }

    #[test]
    fn a_kill_after_any_step_of_the_conversion_loses_nothing_and_leaves_one_live_copy() {
        let steps = [
            Step::Checkpointed,
            Step::Exported,
            Step::Verified,
            Step::Linked,
            Step::Swapped,
            Step::Shredded,
        ];
        for last in steps {
            let dir = tempfile::tempdir().unwrap();
            let database = dir.path().join(DATABASE_FILE);
            plain_database(&database);
            let credentials = MemoryCredentials::default();
            let access = Access::with_credentials(&credentials);
            // The key is made and kept before the conversion starts, as Store::open does.
            let key = crate::keys::unlock(&database, &access).unwrap().key;
            encrypt_until(&database, &key, last).unwrap();

            // Killed here: the one file Mooring opens is whole, plain or encrypted.
            let plain = is_plain(&database);
            assert_eq!(plain, last < Step::Swapped, "after {last:?}");
            let conn = open_read_only(&database, Some(&key)).unwrap();
            let name: String = conn
                .query_row("SELECT name FROM peers", [], |row| row.get(0))
                .unwrap();
            assert_eq!(name, "Zebulon Quixote", "after {last:?}");
            drop(conn);

            // The next start finishes the job: encrypted, nothing plain left beside it.
            let clock = FixedClock::parse("2026-11-25T09:00:00+01:00").unwrap();
            let store = Store::open_in(dir.path(), &access, &clock).unwrap();
            assert_eq!(
                store.peers(true, &clock).unwrap()[0].name,
                "Zebulon Quixote"
            );
            drop(store);
            assert!(!is_plain(&database), "after {last:?}");
            let mut names: Vec<String> = fs::read_dir(dir.path())
                .unwrap()
                .map(|entry| entry.unwrap().file_name().into_string().unwrap())
                .filter(|name| !name.contains(".lock"))
                .collect();
            names.sort();
            assert_eq!(
                names,
                [crate::keys::KEY_FILE, DATABASE_FILE],
                "after {last:?}"
            );
            for entry in fs::read_dir(dir.path()).unwrap() {
                let bytes = fs::read(entry.unwrap().path()).unwrap();
                assert!(
                    !bytes.windows(15).any(|w| w == b"Zebulon Quixote"),
                    "after {last:?}"
                );
            }
        }
    }

    #[test]
    fn a_plain_copy_left_after_the_swap_is_shredded_before_removal() {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join(DATABASE_FILE);
        plain_database(&database);
        let credentials = MemoryCredentials::default();
        let key = crate::keys::unlock(&database, &Access::with_credentials(&credentials))
            .unwrap()
            .key;
        encrypt_until(&database, &key, Step::Swapped).unwrap();
        let plain = sibling(&database, "plain");
        // Another name for the plain file's contents, to see them after removal.
        let witness = dir.path().join("witness");
        fs::hard_link(&plain, &witness).unwrap();
        finish_interrupted(&database).unwrap();
        assert!(!plain.exists());
        let left = fs::read(&witness).unwrap();
        assert!(!left.is_empty() && left.iter().all(|&byte| byte == 0));
    }
}

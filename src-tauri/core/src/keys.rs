//! The key that encrypts Mooring's data, and where it is kept.
//!
//! The database, its WAL and every backup are encrypted by SQLCipher with one random 256-bit
//! key. The key is kept in one of two places, which the key file beside the database names:
//!
//! - the operating system's credential store (Secret Service, Keychain, Credential Manager),
//!   under an account name of its own; or
//! - the key file itself, wrapped (XChaCha20-Poly1305) by a key derived from the user's
//!   passphrase with Argon2id. The file holds the Argon2id parameters, the salt and the wrapped
//!   key, never the key.
//!
//! The recovery key is the key itself, written in groups of letters and digits: on its own it
//! opens the data and its backups, with or without the key file.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use data_encoding::{BASE32_NOPAD, BASE64};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Error, Result};

/// The name of the key file inside the data folder.
pub const KEY_FILE: &str = "mooring.key.json";

/// The service name Mooring's keys are filed under in the credential store.
pub const CREDENTIAL_SERVICE: &str = crate::APP_IDENTIFIER;

/// The shortest passphrase Mooring accepts.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// Bytes in a database key.
const KEY_BYTES: usize = 32;

/// Argon2id's memory cost in KiB, time cost and lanes: OWASP's first recommended setting.
const ARGON2_MEMORY_KIB: u32 = 47_104;
/// Argon2id's time cost (passes over memory).
const ARGON2_ITERATIONS: u32 = 1;
/// Argon2id's parallelism.
const ARGON2_LANES: u32 = 1;

/// What the wrapped key is bound to, so a wrapped key cannot be moved into another role.
const WRAP_CONTEXT: &[u8] = b"mooring database key v1";

/// A 256-bit database key, wiped from memory when dropped and never printed.
#[derive(Clone)]
pub struct DatabaseKey(Zeroizing<[u8; KEY_BYTES]>);

impl fmt::Debug for DatabaseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DatabaseKey(hidden)")
    }
}

impl DatabaseKey {
    /// A new random key from the operating system's random source.
    pub fn random() -> Result<Self> {
        let mut bytes = Zeroizing::new([0u8; KEY_BYTES]);
        getrandom::fill(bytes.as_mut()).map_err(|err| {
            Error::Invalid(format!(
                "The system gave no random numbers for a key: {err}."
            ))
        })?;
        Ok(DatabaseKey(bytes))
    }

    /// The key from exactly 32 bytes.
    fn from_slice(bytes: &[u8]) -> Option<Self> {
        let bytes: [u8; KEY_BYTES] = bytes.try_into().ok()?;
        Some(DatabaseKey(Zeroizing::new(bytes)))
    }

    /// The value of `PRAGMA key` that gives SQLCipher this key raw, with no key derivation of
    /// its own: `x'…'` in double quotes.
    pub(crate) fn pragma_value(&self) -> Zeroizing<String> {
        let mut hex = Zeroizing::new(String::with_capacity(2 * KEY_BYTES + 5));
        hex.push_str("\"x'");
        for byte in self.0.iter() {
            hex.push_str(&format!("{byte:02X}"));
        }
        hex.push_str("'\"");
        hex
    }

    /// A short fingerprint that tells whether a key is the right one without revealing it.
    fn check(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(b"mooring key check\0");
        hasher.update(&self.0[..]);
        hasher.finalize()[..8]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }

    /// The recovery key: this key in base32, in groups of four, such as `ABCD-EFGH-…`.
    pub fn recovery_key(&self) -> Secret {
        let encoded = Zeroizing::new(BASE32_NOPAD.encode(self.0.as_ref()));
        let grouped: String = encoded
            .as_bytes()
            .chunks(4)
            .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
            .collect::<Vec<_>>()
            .join("-");
        Secret::new(grouped)
    }

    /// The key a recovery key stands for; spaces, dashes and case do not matter.
    pub fn from_recovery_key(recovery_key: &Secret) -> Result<Self> {
        let cleaned: Zeroizing<String> = Zeroizing::new(
            recovery_key
                .expose()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .map(|c| c.to_ascii_uppercase())
                .collect(),
        );
        let bytes = Zeroizing::new(BASE32_NOPAD.decode(cleaned.as_bytes()).map_err(|_| {
            Error::Locked(
                "That is not a Mooring recovery key: check it for typing mistakes.".into(),
            )
        })?);
        DatabaseKey::from_slice(&bytes).ok_or_else(|| {
            Error::Locked(
                "That recovery key is too short or too long: check it for typing mistakes.".into(),
            )
        })
    }
}

/// A passphrase or recovery key the user typed: wiped from memory when dropped, never printed.
#[derive(Clone)]
pub struct Secret(Zeroizing<String>);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(hidden)")
    }
}

impl Secret {
    /// Wraps `text`; a line end left by a file or a terminal is not part of it.
    pub fn new(mut text: String) -> Self {
        let trimmed = text.trim_end_matches(['\r', '\n']).len();
        text.truncate(trimmed);
        Secret(Zeroizing::new(text))
    }

    /// Reads a secret from the first line of a file.
    pub fn from_file(path: &Path) -> Result<Self> {
        let text = Zeroizing::new(fs::read_to_string(path).map_err(|err| {
            Error::Invalid(format!("Mooring could not read {}: {err}.", path.display()))
        })?);
        Ok(Secret::new(
            text.lines().next().unwrap_or_default().to_owned(),
        ))
    }

    /// The secret's text, for the code that uses it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Where the database key is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyStorage {
    /// In the operating system's credential store.
    CredentialStore,
    /// In the key file, wrapped by the user's passphrase.
    Passphrase,
}

/// A place that keeps secrets for this user account: the operating system's credential store,
/// or a stand-in for it.
pub trait CredentialStore: Send + Sync {
    /// Whether the store can be used at all here.
    fn available(&self) -> bool;
    /// The secret kept under `account`, or `None` when there is none.
    fn get(&self, account: &str) -> std::result::Result<Option<Vec<u8>>, String>;
    /// Keeps `secret` under `account`, replacing what was there.
    fn set(&self, account: &str, secret: &[u8]) -> std::result::Result<(), String>;
    /// Forgets the secret under `account`; forgetting nothing is not an error.
    fn delete(&self, account: &str) -> std::result::Result<(), String>;
}

/// The operating system's credential store, through `keyring-core`: the Keychain on macOS,
/// the Credential Manager on Windows, the Secret Service elsewhere.
#[derive(Debug, Default)]
pub struct SystemCredentials;

/// Whether the platform's credential store could be made the default one, tried once.
static SYSTEM_STORE: LazyLock<keyring_core::Result<()>> =
    LazyLock::new(|| platform_store().map(keyring_core::set_default_store));

/// The Keychain.
#[cfg(target_os = "macos")]
fn platform_store() -> keyring_core::Result<std::sync::Arc<keyring_core::CredentialStore>> {
    Ok(apple_native_keyring_store::keychain::Store::new()?)
}

/// The Credential Manager.
#[cfg(target_os = "windows")]
fn platform_store() -> keyring_core::Result<std::sync::Arc<keyring_core::CredentialStore>> {
    Ok(windows_native_keyring_store::Store::new()?)
}

/// The Secret Service, over libdbus.
#[cfg(all(
    unix,
    not(any(target_os = "macos", target_os = "ios", target_os = "android"))
))]
fn platform_store() -> keyring_core::Result<std::sync::Arc<keyring_core::CredentialStore>> {
    Ok(dbus_secret_service_keyring_store::Store::new()?)
}

/// No credential store Mooring knows of: the key is kept behind a passphrase.
#[cfg(any(target_os = "ios", target_os = "android", not(any(unix, windows))))]
fn platform_store() -> keyring_core::Result<std::sync::Arc<keyring_core::CredentialStore>> {
    Err(keyring_core::Error::NoDefaultStore)
}

impl SystemCredentials {
    /// The entry for `account` under Mooring's service name.
    fn entry(account: &str) -> std::result::Result<keyring_core::Entry, String> {
        SYSTEM_STORE.as_ref().map_err(|err| err.to_string())?;
        keyring_core::Entry::new(CREDENTIAL_SERVICE, account).map_err(|err| err.to_string())
    }
}

impl CredentialStore for SystemCredentials {
    fn available(&self) -> bool {
        SYSTEM_STORE.is_ok()
    }

    fn get(&self, account: &str) -> std::result::Result<Option<Vec<u8>>, String> {
        match Self::entry(account)?.get_secret() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(err) => Err(err.to_string()),
        }
    }

    fn set(&self, account: &str, secret: &[u8]) -> std::result::Result<(), String> {
        Self::entry(account)?
            .set_secret(secret)
            .map_err(|err| err.to_string())
    }

    fn delete(&self, account: &str) -> std::result::Result<(), String> {
        match Self::entry(account)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(err) => Err(err.to_string()),
        }
    }
}

/// No credential store: the key is kept only behind a passphrase.
#[derive(Debug, Default)]
pub struct NoCredentials;

impl CredentialStore for NoCredentials {
    fn available(&self) -> bool {
        false
    }

    fn get(&self, _account: &str) -> std::result::Result<Option<Vec<u8>>, String> {
        Err("there is no credential store".into())
    }

    fn set(&self, _account: &str, _secret: &[u8]) -> std::result::Result<(), String> {
        Err("there is no credential store".into())
    }

    fn delete(&self, _account: &str) -> std::result::Result<(), String> {
        Ok(())
    }
}

/// A credential store in memory, for tests and for embedding Mooring without one.
#[derive(Debug, Default)]
pub struct MemoryCredentials(std::sync::Mutex<std::collections::HashMap<String, Vec<u8>>>);

impl CredentialStore for MemoryCredentials {
    fn available(&self) -> bool {
        true
    }

    fn get(&self, account: &str) -> std::result::Result<Option<Vec<u8>>, String> {
        Ok(self
            .0
            .lock()
            .map_err(|e| e.to_string())?
            .get(account)
            .cloned())
    }

    fn set(&self, account: &str, secret: &[u8]) -> std::result::Result<(), String> {
        self.0
            .lock()
            .map_err(|e| e.to_string())?
            .insert(account.into(), secret.to_vec());
        Ok(())
    }

    fn delete(&self, account: &str) -> std::result::Result<(), String> {
        if let Some(mut secret) = self.0.lock().map_err(|e| e.to_string())?.remove(account) {
            secret.zeroize();
        }
        Ok(())
    }
}

/// What may unlock the data: the credential store, and whatever the user gave.
pub struct Access<'a> {
    /// The credential store to find or keep the key in.
    pub credentials: &'a dyn CredentialStore,
    /// The passphrase, when the user gave one: it opens data kept behind a passphrase, and
    /// new data is kept behind it.
    pub passphrase: Option<Secret>,
    /// A recovery key, when the user gave one: it opens the data whatever else is lost.
    pub recovery_key: Option<Secret>,
}

impl<'a> Access<'a> {
    /// Access through `credentials` alone.
    pub fn with_credentials(credentials: &'a dyn CredentialStore) -> Self {
        Access {
            credentials,
            passphrase: None,
            recovery_key: None,
        }
    }

    /// Access by a passphrase alone, with no credential store.
    pub fn with_passphrase(passphrase: Secret) -> Access<'static> {
        Access {
            credentials: &NoCredentials,
            passphrase: Some(passphrase),
            recovery_key: None,
        }
    }
}

/// The key file: where the key is kept and how to check it, never the key in the clear.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct KeyFile {
    /// The key file's format.
    format: u32,
    /// Where the key is kept.
    storage: KeyStorage,
    /// The account the key is filed under in the credential store.
    account: String,
    /// The key's fingerprint.
    check: String,
    /// The key wrapped by the passphrase, when it is kept that way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    passphrase: Option<WrappedKey>,
    /// Whether the user has said they saved the recovery key.
    #[serde(default)]
    recovery_key_saved: bool,
    /// From a change of key that an earlier version of Mooring began: the previous key, sealed
    /// by this one. Read, never written.
    #[serde(default, skip_serializing)]
    previous: Option<SealedKey>,
    /// While a change of key is under way: the key file as it was, and each key sealed by the
    /// other, so that what opened the data before the change still does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    change: Option<Box<KeyChange>>,
}

/// A change of key under way, as the key file records it.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct KeyChange {
    /// The key file as it was before the change.
    before: KeyFile,
    /// The previous key, sealed by the new one.
    previous: SealedKey,
    /// The new key, sealed by the previous one.
    next: SealedKey,
}

/// A key sealed (XChaCha20-Poly1305) by another key.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct SealedKey {
    /// The nonce, base64.
    nonce: String,
    /// The sealed key and its tag, base64.
    sealed: String,
}

impl SealedKey {
    /// Seals `key` with `by`.
    fn seal(key: &DatabaseKey, by: &DatabaseKey) -> Result<Self> {
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).map_err(|err| {
            Error::Invalid(format!(
                "The system gave no random numbers for a key: {err}."
            ))
        })?;
        let cipher = XChaCha20Poly1305::new_from_slice(&by.0[..])
            .map_err(|_| Error::Invalid("The key could not be sealed.".into()))?;
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &key.0[..],
                    aad: WRAP_CONTEXT,
                },
            )
            .map_err(|_| Error::Invalid("The key could not be sealed.".into()))?;
        Ok(SealedKey {
            nonce: BASE64.encode(&nonce),
            sealed: BASE64.encode(&sealed),
        })
    }

    /// The key sealed here, opened with `by`.
    fn open(&self, by: &DatabaseKey) -> Result<DatabaseKey> {
        let damaged = || Error::Corrupt(format!("the key file {KEY_FILE} is damaged"));
        let nonce = BASE64
            .decode(self.nonce.as_bytes())
            .map_err(|_| damaged())?;
        let sealed = BASE64
            .decode(self.sealed.as_bytes())
            .map_err(|_| damaged())?;
        if nonce.len() != 24 {
            return Err(damaged());
        }
        let cipher = XChaCha20Poly1305::new_from_slice(&by.0[..]).map_err(|_| damaged())?;
        let opened = Zeroizing::new(
            cipher
                .decrypt(
                    XNonce::from_slice(&nonce),
                    Payload {
                        msg: &sealed,
                        aad: WRAP_CONTEXT,
                    },
                )
                .map_err(|_| damaged())?,
        );
        DatabaseKey::from_slice(&opened).ok_or_else(damaged)
    }
}

/// The key, encrypted with a key derived from the passphrase.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct WrappedKey {
    /// Always "argon2id".
    kdf: String,
    /// Argon2id memory in KiB.
    memory_kib: u32,
    /// Argon2id passes.
    iterations: u32,
    /// Argon2id lanes.
    parallelism: u32,
    /// The Argon2id salt, base64.
    salt: String,
    /// The XChaCha20-Poly1305 nonce, base64.
    nonce: String,
    /// The encrypted key and its tag, base64.
    wrapped: String,
}

impl WrappedKey {
    /// Wraps `key` with `passphrase`, with a fresh salt and nonce.
    fn wrap(key: &DatabaseKey, passphrase: &Secret) -> Result<Self> {
        let mut salt = [0u8; 16];
        let mut nonce = [0u8; 24];
        for bytes in [&mut salt[..], &mut nonce[..]] {
            getrandom::fill(bytes).map_err(|err| {
                Error::Invalid(format!(
                    "The system gave no random numbers for a key: {err}."
                ))
            })?;
        }
        let mut wrapped = WrappedKey {
            kdf: "argon2id".into(),
            memory_kib: ARGON2_MEMORY_KIB,
            iterations: ARGON2_ITERATIONS,
            parallelism: ARGON2_LANES,
            salt: BASE64.encode(&salt),
            nonce: BASE64.encode(&nonce),
            wrapped: String::new(),
        };
        let cipher = wrapped.cipher(passphrase)?;
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: key.0.as_ref(),
                    aad: WRAP_CONTEXT,
                },
            )
            .map_err(|_| Error::Invalid("The key could not be wrapped.".into()))?;
        wrapped.wrapped = BASE64.encode(&sealed);
        Ok(wrapped)
    }

    /// The key, if `passphrase` is the one it was wrapped with.
    fn unwrap(&self, passphrase: &Secret) -> Result<DatabaseKey> {
        let damaged = || Error::Corrupt(format!("the key file {KEY_FILE} is damaged"));
        let nonce = BASE64
            .decode(self.nonce.as_bytes())
            .map_err(|_| damaged())?;
        let sealed = BASE64
            .decode(self.wrapped.as_bytes())
            .map_err(|_| damaged())?;
        if nonce.len() != 24 {
            return Err(damaged());
        }
        let opened = Zeroizing::new(
            self.cipher(passphrase)?
                .decrypt(
                    XNonce::from_slice(&nonce),
                    Payload {
                        msg: &sealed,
                        aad: WRAP_CONTEXT,
                    },
                )
                .map_err(|_| Error::Locked(WRONG_PASSPHRASE.into()))?,
        );
        DatabaseKey::from_slice(&opened).ok_or_else(damaged)
    }

    /// The cipher keyed by Argon2id of `passphrase` with these parameters.
    fn cipher(&self, passphrase: &Secret) -> Result<XChaCha20Poly1305> {
        let damaged = || Error::Corrupt(format!("the key file {KEY_FILE} is damaged"));
        if self.kdf != "argon2id" {
            return Err(damaged());
        }
        let salt = BASE64.decode(self.salt.as_bytes()).map_err(|_| damaged())?;
        let params = argon2::Params::new(
            self.memory_kib,
            self.iterations,
            self.parallelism,
            Some(KEY_BYTES),
        )
        .map_err(|_| damaged())?;
        let argon =
            argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut derived = Zeroizing::new([0u8; KEY_BYTES]);
        argon
            .hash_password_into(passphrase.expose().as_bytes(), &salt, derived.as_mut())
            .map_err(|_| damaged())?;
        XChaCha20Poly1305::new_from_slice(derived.as_ref()).map_err(|_| damaged())
    }
}

/// What a wrong passphrase is told.
const WRONG_PASSPHRASE: &str =
    "That passphrase does not open Mooring's data. Nothing was changed; try again.";

/// The key file of the database at `database`.
pub(crate) fn key_file_path(database: &Path) -> PathBuf {
    database.with_file_name(KEY_FILE)
}

/// A key that unlocked the data, and how.
pub(crate) struct Unlocked {
    /// The database key.
    pub key: DatabaseKey,
    /// Where it is kept.
    pub storage: KeyStorage,
    /// The recovery key, when the key was made just now: to be shown to the user once.
    pub new_recovery_key: Option<Secret>,
    /// Whether the key came from a recovery key and is to be kept again, with
    /// [`keep_recovered`], once it has opened the data.
    pub keep_after_opening: bool,
    /// A change of key that was interrupted, to be settled before anything else is written.
    pub unfinished: Option<Unfinished>,
}

/// A change of key that was interrupted, and how the key that unlocked the data settles it:
/// the new key finishes it, the previous one undoes it.
pub(crate) struct Unfinished {
    /// The change's other key: files not yet settled are under it.
    pub other: DatabaseKey,
    /// The key file once every file is under the key that unlocked the data.
    settled: KeyFile,
    /// The credential store account that the settled key file no longer uses.
    stale_account: Option<String>,
}

/// What a missing key file is told.
fn missing_key_file() -> Error {
    Error::Locked(format!(
        "Mooring's key file ({KEY_FILE}) is missing from the data folder. Open the data with \
         your recovery key."
    ))
}

/// The key of the database at `database`, from its key file and `access`.
///
/// When there is no key file yet and no recovery key, a new key is made and kept: behind the
/// passphrase when one was given, otherwise in the credential store; with neither,
/// [`Error::NeedsPassphrase`]. A recovery key opens the database itself, whatever state the key
/// file is in; it is kept again only after it has opened the data. During a change of key,
/// what opened the data before the change still opens it, and undoes the change.
pub(crate) fn unlock(database: &Path, access: &Access) -> Result<Unlocked> {
    let path = key_file_path(database);
    if let Some(recovery_key) = &access.recovery_key {
        return unlock_with_recovery_key(database, &path, recovery_key, access);
    }
    let Some(file) = read_key_file(&path)? else {
        let key = DatabaseKey::random()?;
        let storage = keep(&path, &key, access, false)?;
        let new_recovery_key = Some(key.recovery_key());
        return Ok(Unlocked {
            key,
            storage,
            new_recovery_key,
            keep_after_opening: false,
            unfinished: None,
        });
    };
    match key_from(&file, access) {
        Ok(key) => {
            let unfinished = going_forward(&file, &key)?;
            Ok(Unlocked {
                key,
                storage: file.storage,
                new_recovery_key: None,
                keep_after_opening: false,
                unfinished,
            })
        }
        Err(err) => {
            let Some(change) = &file.change else {
                return Err(err);
            };
            match key_from(&change.before, access) {
                Ok(key) => Ok(Unlocked {
                    unfinished: Some(going_back(&file, change, &key)?),
                    key,
                    storage: change.before.storage,
                    new_recovery_key: None,
                    keep_after_opening: false,
                }),
                Err(_) => Err(err),
            }
        }
    }
}

/// The key a recovery key stands for, checked against the database itself (or, during a
/// change of key, against either key of the change).
fn unlock_with_recovery_key(
    database: &Path,
    path: &Path,
    recovery_key: &Secret,
    access: &Access,
) -> Result<Unlocked> {
    let key = DatabaseKey::from_recovery_key(recovery_key)?;
    // A damaged key file does not stand in the way: the recovery key needs none.
    let file = read_key_file(path).ok().flatten();
    let unfinished = match &file {
        Some(file) if key.check() == file.check => going_forward(file, &key).ok().flatten(),
        Some(file) => match &file.change {
            Some(change) if key.check() == change.before.check => {
                Some(going_back(file, change, &key)?)
            }
            _ => None,
        },
        None => None,
    };
    let opens = |key: &DatabaseKey| {
        database.metadata().is_ok_and(|meta| meta.len() > 0)
            && crate::encryption::opens_with(database, key)
    };
    let opened = match &unfinished {
        Some(unfinished) => opens(&key) || opens(&unfinished.other),
        None => opens(&key),
    };
    if !opened {
        return Err(Error::Locked(
            "That recovery key does not open this data. Nothing was changed.".into(),
        ));
    }
    Ok(Unlocked {
        key,
        storage: storage_for(access),
        new_recovery_key: None,
        keep_after_opening: true,
        unfinished,
    })
}

/// The key `file` keeps, through `access`: unwrapped by the passphrase or taken from the
/// credential store, and checked against the file's fingerprint.
fn key_from(file: &KeyFile, access: &Access) -> Result<DatabaseKey> {
    let key = match file.storage {
        KeyStorage::Passphrase => {
            let wrapped = file
                .passphrase
                .as_ref()
                .ok_or_else(|| Error::Corrupt(format!("the key file {KEY_FILE} is damaged")))?;
            let passphrase = access.passphrase.as_ref().ok_or_else(|| {
                Error::Locked("Mooring's data is locked: enter your passphrase to open it.".into())
            })?;
            wrapped.unwrap(passphrase)?
        }
        // A passphrase copy (kept for the app lock) opens the data when the store cannot.
        KeyStorage::CredentialStore
            if access.passphrase.is_some()
                && file.passphrase.is_some()
                && !matches!(
                    access.credentials.get(&file.account),
                    Ok(Some(ref bytes)) if bytes.len() == KEY_BYTES
                ) =>
        {
            let wrapped = file.passphrase.as_ref().expect("checked just above");
            wrapped.unwrap(access.passphrase.as_ref().expect("checked just above"))?
        }
        KeyStorage::CredentialStore => {
            let lost = || {
                Error::Locked(
                    "Mooring's key is not in this computer's credential store. Open the data \
                     with your recovery key."
                        .into(),
                )
            };
            if !access.credentials.available() {
                return Err(Error::Locked(
                    "Mooring's key is in the system's credential store, which cannot be reached \
                     here. Unlock your desktop session, or use your recovery key."
                        .into(),
                ));
            }
            let bytes = Zeroizing::new(
                access
                    .credentials
                    .get(&file.account)
                    .map_err(|err| {
                        Error::Locked(format!(
                            "The credential store did not give Mooring its key ({err}). Unlock \
                             your desktop session, or use your recovery key."
                        ))
                    })?
                    .ok_or_else(lost)?,
            );
            DatabaseKey::from_slice(&bytes).ok_or_else(lost)?
        }
    };
    if key.check() != file.check {
        return Err(Error::Locked(
            "The key Mooring found does not open this data. Use your recovery key.".into(),
        ));
    }
    Ok(key)
}

/// The change recorded in `file`, finished by its new key `key`; `None` when none is under way.
fn going_forward(file: &KeyFile, key: &DatabaseKey) -> Result<Option<Unfinished>> {
    let settled = KeyFile {
        previous: None,
        change: None,
        ..file.clone()
    };
    Ok(match (&file.change, &file.previous) {
        (Some(change), _) => Some(Unfinished {
            other: change.previous.open(key)?,
            stale_account: (change.before.storage == KeyStorage::CredentialStore
                && change.before.account != file.account)
                .then(|| change.before.account.clone()),
            settled,
        }),
        (None, Some(previous)) => Some(Unfinished {
            other: previous.open(key)?,
            stale_account: None,
            settled,
        }),
        (None, None) => None,
    })
}

/// The change recorded in `file`, undone by its previous key `key`.
fn going_back(file: &KeyFile, change: &KeyChange, key: &DatabaseKey) -> Result<Unfinished> {
    Ok(Unfinished {
        other: change.next.open(key)?,
        stale_account: (file.storage == KeyStorage::CredentialStore
            && file.account != change.before.account)
            .then(|| file.account.clone()),
        settled: KeyFile {
            previous: None,
            change: None,
            ..change.before.clone()
        },
    })
}

/// The change of key under way in the key file of `database`, as its new key `key` finishes it.
pub(crate) fn unfinished_change(database: &Path, key: &DatabaseKey) -> Result<Option<Unfinished>> {
    match read_key_file(&key_file_path(database))? {
        Some(file) => going_forward(&file, key),
        None => Ok(None),
    }
}

/// Ends a change of key once every file is under the key that settles it: the settled key file
/// is written in one step, then the credential store forgets the key no longer used.
pub(crate) fn settle(
    database: &Path,
    unfinished: &Unfinished,
    credentials: &dyn CredentialStore,
) -> Result<()> {
    write_key_file(&key_file_path(database), &unfinished.settled)?;
    if let Some(account) = &unfinished.stale_account {
        // A stale entry left behind opens nothing: every file is under the other key.
        let _ = credentials.delete(account);
    }
    Ok(())
}

/// The fingerprint the key file of `database` holds, when it can be read: whether a key is
/// still the data's.
pub(crate) fn current_check(database: &Path) -> Option<String> {
    read_key_file(&key_file_path(database))
        .ok()
        .flatten()
        .map(|file| file.check)
}

impl DatabaseKey {
    /// Whether this key is the one whose fingerprint is `check`.
    pub(crate) fn matches(&self, check: &str) -> bool {
        self.check() == check
    }
}

/// Keeps a key that a recovery key gave, once it has opened the data: behind the new
/// passphrase if one was given, otherwise in the credential store.
pub(crate) fn keep_recovered(database: &Path, key: &DatabaseKey, access: &Access) -> Result<()> {
    // Whoever opened the data with the recovery key has it.
    keep(&key_file_path(database), key, access, true).map(|_| ())
}

/// Where [`keep`] would keep a key for `access`.
fn storage_for(access: &Access) -> KeyStorage {
    if access.passphrase.is_some() {
        KeyStorage::Passphrase
    } else {
        KeyStorage::CredentialStore
    }
}

/// Checks, without writing anything, that `recovery_key` opens the data in `data_dir`.
pub fn check_recovery_key(data_dir: &Path, recovery_key: &Secret) -> Result<()> {
    let database = data_dir.join(crate::store::DATABASE_FILE);
    let wrong = || Error::Locked("That recovery key does not open this data.".into());
    let key = DatabaseKey::from_recovery_key(recovery_key)?;
    if !database.is_file() || crate::encryption::is_plain(&database) {
        return Err(Error::NotFound(format!(
            "There is no encrypted Mooring data in {}.",
            data_dir.display()
        )));
    }
    // The database itself says, not the key file: a damaged key file changes nothing here.
    let conn = crate::encryption::open_read_only(&database, Some(&key)).map_err(|_| wrong())?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .map_err(|_| wrong())
}

impl crate::Store {
    /// Writes this data's recovery key into the new file `out`, readable by the user only.
    pub fn write_recovery_key(&self, out: &Path) -> Result<()> {
        let key = self
            .key()
            .ok_or_else(|| Error::Invalid("A scratch store in memory has no key.".into()))?;
        let recovery_key = key.recovery_key();
        let io = |err: std::io::Error| {
            Error::Invalid(format!("Mooring could not write {}: {err}.", out.display()))
        };
        let mut file = crate::store::private_file_options()
            .write(true)
            .create_new(true)
            .open(out)
            .map_err(io)?;
        writeln!(file, "{}", recovery_key.expose()).map_err(io)?;
        file.sync_all().map_err(io)?;
        self.mark_recovery_key_saved()
    }

    /// Sets the passphrase: for data kept behind one, a new passphrase in place of the old (the
    /// key stays); for data in the credential store, the one the app lock asks for, which
    /// also opens the data if the credential store is ever lost.
    pub fn set_passphrase(&self, passphrase: &Secret) -> Result<()> {
        match (self.path(), self.key()) {
            (Some(path), Some(key)) => set_passphrase(path, key, passphrase),
            _ => Err(Error::Invalid(
                "A scratch store in memory has no key.".into(),
            )),
        }
    }

    /// Whether a passphrase is set for this data.
    pub fn has_passphrase(&self) -> Result<bool> {
        match self.path() {
            Some(path) => has_passphrase(path),
            None => Ok(false),
        }
    }

    /// Checks `passphrase` as the app lock does: [`Error::Locked`] when it is not this data's.
    pub fn verify_passphrase(&self, passphrase: &Secret) -> Result<()> {
        match (self.path(), self.key()) {
            (Some(path), Some(key)) => verify_passphrase(path, key, passphrase),
            _ => Err(Error::Locked(
                "No passphrase is set for Mooring's data.".into(),
            )),
        }
    }

    /// Turns the app lock on or off. On needs a passphrase: `passphrase` sets it (see
    /// [`Store::set_passphrase`]) when none is set yet.
    pub fn set_app_lock(
        &mut self,
        on: bool,
        passphrase: Option<&Secret>,
    ) -> Result<crate::Settings> {
        if on {
            match passphrase {
                Some(passphrase) => self.set_passphrase(passphrase)?,
                None if self.has_passphrase()? => {}
                None => {
                    return Err(Error::Invalid(
                        "The app lock needs a passphrase: choose one to turn it on.".into(),
                    ))
                }
            }
        }
        self.change_settings(|settings| {
            settings.app_lock = on;
            Ok(())
        })
    }

    /// Records that the user saved the recovery key, so that Mooring stops asking.
    pub fn mark_recovery_key_saved(&self) -> Result<()> {
        match self.path() {
            Some(path) => mark_recovery_key_saved(path),
            None => Ok(()),
        }
    }

    /// The recovery key, while the user has not yet said it is saved.
    pub fn unsaved_recovery_key(&self) -> Result<Option<Secret>> {
        match self.path() {
            Some(path) if !recovery_key_saved(path)? => Ok(self.recovery_key()),
            _ => Ok(None),
        }
    }

    /// This data's recovery key, for showing to the user.
    pub fn recovery_key(&self) -> Option<Secret> {
        self.key().map(DatabaseKey::recovery_key)
    }
}

/// Starts a change of key from `old` to `new` in one write of the key file: `new` kept as
/// `access` says (behind the new passphrase, or in the credential store under an account of its
/// own, with `app_lock` as the app lock's passphrase), and beside it the key file as it was and
/// each key sealed by the other. Whatever instant the change stops at, the new passphrase or
/// key finishes it and the previous one undoes it.
pub(crate) fn begin_change(
    database: &Path,
    old: &DatabaseKey,
    new: &DatabaseKey,
    access: &Access,
    app_lock: Option<&Secret>,
) -> Result<KeyStorage> {
    let path = key_file_path(database);
    let before = read_key_file(&path)?.ok_or_else(missing_key_file)?;
    let (storage, account, passphrase) = match &access.passphrase {
        Some(passphrase) => {
            check_passphrase(passphrase)?;
            (
                KeyStorage::Passphrase,
                before.account.clone(),
                Some(WrappedKey::wrap(new, passphrase)?),
            )
        }
        None => {
            // A new account: the previous key stays in the store until the change is settled.
            let account = new_account()?;
            store_in_credentials(access.credentials, &account, new)?;
            let passphrase = app_lock
                .map(|passphrase| WrappedKey::wrap(new, passphrase))
                .transpose()?;
            (KeyStorage::CredentialStore, account, passphrase)
        }
    };
    let change = KeyChange {
        previous: SealedKey::seal(old, new)?,
        next: SealedKey::seal(new, old)?,
        before: KeyFile {
            previous: None,
            change: None,
            ..before
        },
    };
    write_key_file(
        &path,
        &KeyFile {
            format: 1,
            storage,
            account,
            check: new.check(),
            passphrase,
            recovery_key_saved: false,
            previous: None,
            change: Some(Box::new(change)),
        },
    )?;
    Ok(storage)
}

/// Keeps a copy of `key` behind `passphrase` in the key file: for data in the credential store,
/// a second way in and what the app lock checks; for data kept behind a passphrase, a new
/// passphrase in place of the old.
pub(crate) fn set_passphrase(
    database: &Path,
    key: &DatabaseKey,
    passphrase: &Secret,
) -> Result<()> {
    check_passphrase(passphrase)?;
    let path = key_file_path(database);
    let file = read_key_file(&path)?
        .ok_or_else(|| Error::Corrupt(format!("the key file {KEY_FILE} is missing")))?;
    write_key_file(
        &path,
        &KeyFile {
            passphrase: Some(WrappedKey::wrap(key, passphrase)?),
            ..file
        },
    )
}

/// Whether a passphrase opens the data in `database`: its own for data kept behind one, the
/// app lock's for data in the credential store.
pub(crate) fn has_passphrase(database: &Path) -> Result<bool> {
    Ok(read_key_file(&key_file_path(database))?.is_some_and(|file| file.passphrase.is_some()))
}

/// Checks `passphrase` against the key file of `database`, which holds `key`; a wrong one is
/// [`Error::Locked`].
pub(crate) fn verify_passphrase(
    database: &Path,
    key: &DatabaseKey,
    passphrase: &Secret,
) -> Result<()> {
    let file = read_key_file(&key_file_path(database))?;
    let wrapped = file
        .as_ref()
        .and_then(|file| file.passphrase.as_ref())
        .ok_or_else(|| Error::Locked("No passphrase is set for Mooring's data.".into()))?;
    if wrapped.unwrap(passphrase)?.check() != key.check() {
        return Err(Error::Locked(WRONG_PASSPHRASE.into()));
    }
    Ok(())
}

/// Records in the key file that the user saved the recovery key.
pub(crate) fn mark_recovery_key_saved(database: &Path) -> Result<()> {
    let path = key_file_path(database);
    match read_key_file(&path)? {
        Some(file) if !file.recovery_key_saved => write_key_file(
            &path,
            &KeyFile {
                recovery_key_saved: true,
                ..file
            },
        ),
        _ => Ok(()),
    }
}

/// Whether the user has saved the recovery key of the database at `database`.
pub(crate) fn recovery_key_saved(database: &Path) -> Result<bool> {
    Ok(read_key_file(&key_file_path(database))?.is_some_and(|file| file.recovery_key_saved))
}

/// Whether a key file exists beside `database`.
pub(crate) fn has_key_file(database: &Path) -> bool {
    key_file_path(database).exists()
}

/// Keeps `key` as `access` allows (behind the passphrase if given, else in the credential
/// store) and writes the key file; returns where it is kept.
fn keep(
    path: &Path,
    key: &DatabaseKey,
    access: &Access,
    recovery_key_saved: bool,
) -> Result<KeyStorage> {
    let account = match read_key_file(path).ok().flatten() {
        Some(file) => file.account,
        None => new_account()?,
    };
    let (storage, passphrase) = match &access.passphrase {
        Some(passphrase) => {
            check_passphrase(passphrase)?;
            (
                KeyStorage::Passphrase,
                Some(WrappedKey::wrap(key, passphrase)?),
            )
        }
        None if access.credentials.available() => {
            store_in_credentials(access.credentials, &account, key)?;
            (KeyStorage::CredentialStore, None)
        }
        None => {
            return Err(Error::NeedsPassphrase(
                "there is no credential store on this computer".into(),
            ))
        }
    };
    write_key_file(
        path,
        &KeyFile {
            format: 1,
            storage,
            account: account.clone(),
            check: key.check(),
            passphrase,
            recovery_key_saved,
            previous: None,
            change: None,
        },
    )?;
    if storage == KeyStorage::Passphrase {
        // The key is behind the passphrase now; a copy in the credential store would undo that.
        let _ = access.credentials.delete(&account);
    }
    Ok(storage)
}

/// Keeps `key` in `credentials` under `account`, and reads it back: a store that accepts but
/// does not keep is no place for the key.
fn store_in_credentials(
    credentials: &dyn CredentialStore,
    account: &str,
    key: &DatabaseKey,
) -> Result<()> {
    if !credentials.available() {
        return Err(Error::NeedsPassphrase(
            "there is no credential store on this computer".into(),
        ));
    }
    credentials.set(account, key.0.as_ref()).map_err(|err| {
        Error::NeedsPassphrase(format!("the credential store refused the key ({err})"))
    })?;
    let kept = credentials.get(account).ok().flatten();
    if kept.as_deref() != Some(key.0.as_ref()) {
        return Err(Error::NeedsPassphrase(
            "the credential store did not keep the key".into(),
        ));
    }
    Ok(())
}

/// Refuses a passphrase too short to protect anything.
pub fn check_passphrase(passphrase: &Secret) -> Result<()> {
    if passphrase.expose().chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::Invalid(format!(
            "A passphrase needs at least {MIN_PASSPHRASE_CHARS} characters."
        )));
    }
    Ok(())
}

/// A new account name for the credential store: `data-` and 16 random hex digits.
fn new_account() -> Result<String> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes)
        .map_err(|err| Error::Invalid(format!("The system gave no random numbers: {err}.")))?;
    Ok(format!(
        "data-{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    ))
}

/// Reads the key file at `path`; `None` when there is none.
fn read_key_file(path: &Path) -> Result<Option<KeyFile>> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(Error::DataDir {
                path: path.to_owned(),
                source,
            })
        }
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|_| Error::Corrupt(format!("the key file {KEY_FILE} is damaged")))
}

/// Writes the key file whole or not at all: a private temporary file, flushed, then renamed.
fn write_key_file(path: &Path, file: &KeyFile) -> Result<()> {
    let io = |source| Error::DataDir {
        path: path.to_owned(),
        source,
    };
    // One name per process: two processes writing at once never rename each other's half.
    let partial = path.with_extension(format!("json.{}.partial", std::process::id()));
    let json = serde_json::to_string_pretty(file).expect("a key file is plain data");
    let mut out = crate::store::private_file_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&partial)
        .map_err(io)?;
    out.write_all(json.as_bytes()).map_err(io)?;
    out.sync_all().map_err(io)?;
    fs::rename(&partial, path).map_err(io)?;
    crate::backup::sync_folder(path.parent().unwrap_or(Path::new(".")));
    Ok(())
}

/// Forgets the key of the database at `database`: its credential store entry and key file.
pub(crate) fn forget(database: &Path, credentials: &dyn CredentialStore) -> Result<()> {
    let path = key_file_path(database);
    if let Some(file) = read_key_file(&path).ok().flatten() {
        let _ = credentials.delete(&file.account);
    }
    match fs::remove_file(&path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
            Err(Error::DataDir { path, source: err })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recovery_key_reads_back_whatever_its_spacing_and_case() {
        let key = DatabaseKey::random().unwrap();
        let recovery = key.recovery_key();
        assert_eq!(recovery.expose().len(), 52 + 12, "13 groups of four");
        let sloppy = Secret::new(recovery.expose().to_lowercase().replace('-', " ") + "\n");
        let back = DatabaseKey::from_recovery_key(&sloppy).unwrap();
        assert_eq!(back.check(), key.check());
        let typo = Secret::new(recovery.expose()[..40].to_owned());
        assert_eq!(
            DatabaseKey::from_recovery_key(&typo).unwrap_err().code(),
            "locked"
        );
    }

    #[test]
    fn a_wrapped_key_opens_with_its_passphrase_only() {
        let key = DatabaseKey::random().unwrap();
        let wrapped = WrappedKey::wrap(&key, &Secret::new("correct horse".into())).unwrap();
        let json = serde_json::to_string(&wrapped).unwrap();
        assert!(!json.contains(&key.recovery_key().expose()[..8]));
        let back = wrapped
            .unwrap(&Secret::new("correct horse".into()))
            .unwrap();
        assert_eq!(back.check(), key.check());
        let err = wrapped
            .unwrap(&Secret::new("correct horsE".into()))
            .unwrap_err();
        assert_eq!(err.code(), "locked");
    }

    #[test]
    fn secrets_and_keys_never_print() {
        let key = DatabaseKey::random().unwrap();
        assert_eq!(format!("{key:?}"), "DatabaseKey(hidden)");
        assert_eq!(
            format!("{:?}", Secret::new("hunter22".into())),
            "Secret(hidden)"
        );
    }
}

//! Export and import: everything in a Mooring database as one versioned JSON document, or as
//! CSV files for a spreadsheet, and back.
//!
//! The document holds every table row by row, with the schema version it was written at, so an
//! export from an older Mooring imports into a newer one through the same migrations as its
//! database would. An import is checked whole in a scratch database first, with every
//! constraint of the schema, and only then copied over the user's data in one step, after a
//! backup. A file that fails any check changes nothing.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::Connection;

use crate::keys::{Access, Secret};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::backup::{create_backup, io_error, BackupFile, Reason};
use crate::clock::{parse_instant, Clock};
use crate::error::{Error, Result};
use crate::settings::Settings;
use crate::store::{create_private_dir, private_file_options, Store, SCHEMA_VERSION};
use crate::week::Week;

/// The version of the export document's own layout.
pub const FORMAT_VERSION: u32 = 1;

/// The largest file `import` reads: many times ten years of data, and far from what would
/// exhaust memory.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// Every table, parents before the tables that refer to them.
const TABLES: &[&str] = &[
    "first_use",
    "settings",
    "checklist_template",
    "peers",
    "peer_roles",
    "contacts",
    "contact_peers",
    "checklist_weeks",
    "checklist_items",
    "caseloads",
    "selfchecks",
    "nudge_log",
    "agreements",
    "agreement_points",
    "agreement_members",
    "consultations",
    "consultation_wants",
    "contact_intentions",
    "debrief_requests",
    "dismissed_suggestions",
];

/// One row: its columns by name.
pub type Row = BTreeMap<String, Value>;

/// The export document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Export {
    /// The layout of this document: [`FORMAT_VERSION`].
    pub format_version: u32,
    /// When it was written (RFC 3339).
    pub exported_at: String,
    /// The schema version of the database it was written from.
    pub schema_version: i64,
    /// Every table's rows, by table name.
    pub tables: BTreeMap<String, Vec<Row>>,
    /// Tables that could not be read from a damaged file, and so are missing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<String>,
}

/// The file formats of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DataFormat {
    /// One JSON document that `import` reads back.
    Json,
    /// A folder with one CSV file per table, for spreadsheets.
    Csv,
}

/// What an import brought in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// Peers in the imported data.
    pub peers: usize,
    /// Contacts in the imported data.
    pub contacts: usize,
    /// Self-checks in the imported data.
    pub selfchecks: usize,
    /// The backup of the data it replaced.
    pub backup: Option<BackupFile>,
}

impl Store {
    /// Everything in this store, as the export document.
    pub fn export(&self, clock: &dyn Clock) -> Result<Export> {
        // One read transaction, so that the tables agree with each other.
        let tx = self.conn().unchecked_transaction()?;
        let mut tables = BTreeMap::new();
        for &table in TABLES {
            tables.insert(table.to_owned(), read_table(&tx, table)?);
        }
        tx.commit()?;
        Ok(Export {
            format_version: FORMAT_VERSION,
            exported_at: clock.now().to_rfc3339(),
            schema_version: self.schema_version()?,
            tables,
            unreadable: Vec::new(),
        })
    }

    /// Writes everything to `out`: a JSON file, or a folder of CSV files. Returns the files
    /// written, each readable by the user only.
    pub fn export_to(
        &self,
        format: DataFormat,
        out: &Path,
        clock: &dyn Clock,
    ) -> Result<Vec<PathBuf>> {
        let export = self.export(clock)?;
        write_export(&export, format, out)
    }

    /// Replaces everything in this store with the export at `path`.
    ///
    /// The file is checked whole before anything is written. A store that holds the user's own
    /// data is only replaced when `replace` says so. A backup is taken first.
    pub fn import_from(
        &mut self,
        path: &Path,
        replace: bool,
        clock: &dyn Clock,
    ) -> Result<ImportSummary> {
        let export = read_export(path)?;
        self.import(&export, replace, clock)
    }

    /// Replaces everything in this store with `export`; see [`Store::import_from`].
    pub fn import(
        &mut self,
        export: &Export,
        replace: bool,
        clock: &dyn Clock,
    ) -> Result<ImportSummary> {
        let staging = stage(export, clock)?;
        if !replace && self.holds_user_data()? {
            return Err(Error::ImportWouldReplace);
        }
        let backup = match self.path() {
            Some(_) => Some(create_backup(self, Reason::BeforeImport, clock)?),
            None => None,
        };
        self.replace_with(staging.conn(), clock)?;
        let count = |table: &str| export.tables.get(table).map_or(0, Vec::len);
        Ok(ImportSummary {
            peers: count("peers"),
            contacts: count("contacts"),
            selfchecks: count("selfchecks"),
            backup,
        })
    }
}

/// Reads what can still be read from a damaged database file, without writing to it: every
/// table that reads whole, and the names of those that do not.
pub fn export_readable(database: &Path, access: &Access, clock: &dyn Clock) -> Result<Export> {
    let key = match crate::encryption::is_plain(database) {
        true => None,
        false => Some(crate::keys::unlock(database, access)?.key),
    };
    let conn = crate::encryption::open_read_only(database, key.as_ref())?;
    let schema_version: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|_| Error::Corrupt("not even its header can be read".into()))?;
    let mut tables = BTreeMap::new();
    let mut unreadable = Vec::new();
    for &table in TABLES {
        match read_table(&conn, table) {
            Ok(rows) => {
                tables.insert(table.to_owned(), rows);
            }
            Err(_) => unreadable.push(table.to_owned()),
        }
    }
    Ok(Export {
        format_version: FORMAT_VERSION,
        exported_at: clock.now().to_rfc3339(),
        schema_version,
        tables,
        unreadable,
    })
}

/// Writes `export` to `out` in `format`; returns the files written.
pub fn write_export(export: &Export, format: DataFormat, out: &Path) -> Result<Vec<PathBuf>> {
    match format {
        DataFormat::Json => {
            let mut json = serde_json::to_vec_pretty(export).expect("an export serializes");
            json.push(b'\n');
            write_private(out, &json)?;
            Ok(vec![out.to_owned()])
        }
        DataFormat::Csv => {
            create_private_dir(out)?;
            // The columns of every table at the export's version, for the header row of a table
            // with no rows.
            let schema = Store::in_memory_at(export.schema_version)?;
            let mut written = Vec::new();
            for (table, rows) in &export.tables {
                let mut header: Vec<String> = columns_of(schema.conn(), table)?
                    .into_iter()
                    .map(|(name, _)| name)
                    .collect();
                // Rows list their columns by name, as the header does.
                header.sort();
                let file = out.join(format!("{table}.csv"));
                write_private(&file, &csv_of(&header, rows)?)?;
                written.push(file);
            }
            Ok(written)
        }
    }
}

/// Writes `export` as JSON encrypted with `passphrase` (age, passphrase mode) to `out`, which
/// `read_export_with` reads back with the same passphrase.
pub fn write_encrypted_export(
    export: &Export,
    out: &Path,
    passphrase: &Secret,
) -> Result<Vec<PathBuf>> {
    crate::keys::check_passphrase(passphrase)?;
    let json =
        zeroize::Zeroizing::new(serde_json::to_vec_pretty(export).expect("an export serializes"));
    let recipient = age::scrypt::Recipient::new(passphrase.expose().to_owned().into());
    let sealed = age::encrypt(&recipient, &json)
        .map_err(|err| Error::Transfer(format!("Mooring could not encrypt the export: {err}.")))?;
    write_private(out, &sealed)?;
    Ok(vec![out.to_owned()])
}

/// Reads and parses an export file, refusing one that is too large or not an export.
pub fn read_export(path: &Path) -> Result<Export> {
    read_export_with(path, None)
}

/// Like [`read_export`], and opens an encrypted export with `passphrase`; an encrypted one
/// without it, or with a wrong one, is [`Error::Locked`].
pub fn read_export_with(path: &Path, passphrase: Option<&Secret>) -> Result<Export> {
    let file =
        fs::File::open(path).map_err(|err| io_error("open the file to import", path, err))?;
    let mut bytes = Vec::new();
    file.take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| io_error("read the file to import", path, err))?;
    if !bytes.starts_with(AGE_HEADER) {
        return parse_export(&bytes);
    }
    let passphrase = passphrase.ok_or_else(|| {
        Error::Locked(
            "This export is encrypted: give its passphrase (mooring-cli: \
             MOORING_EXPORT_PASSPHRASE or --export-passphrase-file)."
                .into(),
        )
    })?;
    let identity = age::scrypt::Identity::new(passphrase.expose().to_owned().into());
    let json = zeroize::Zeroizing::new(age::decrypt(&identity, &bytes).map_err(|err| {
        match err {
            age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
                Error::Locked(
                    "That passphrase does not open this export. Nothing was changed.".into(),
                )
            }
            // Age's own words name its internals; the user needs to know it is not an export.
            _ => not_an_export(
                "it begins like an encrypted export, but the rest is not one (it is damaged, \
                 cut short, or another program's file)"
                    .into(),
            ),
        }
    })?);
    parse_export(&json)
}

/// How every age-encrypted file begins.
const AGE_HEADER: &[u8] = b"age-encryption.org/";

/// Parses an export document from its bytes.
pub fn parse_export(bytes: &[u8]) -> Result<Export> {
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(not_an_export(format!(
            "it is larger than {} MB",
            MAX_IMPORT_BYTES / 1024 / 1024
        )));
    }
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|err| not_an_export(plain_json_error(&err)))?;
    check_layout(&value).map_err(not_an_export)?;
    serde_json::from_value(value).map_err(|err| {
        not_an_export(format!(
            "it does not have the layout of an export ({})",
            err.to_string().replace('`', "\"")
        ))
    })
}

/// Checks the outline of an export document, naming the field that is missing or of the
/// wrong kind and what it should hold.
fn check_layout(value: &serde_json::Value) -> std::result::Result<(), String> {
    use serde_json::Value;
    let kind = |value: &Value| match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    };
    let Some(fields) = value.as_object() else {
        return Err(format!(
            "it holds {}, where an export holds an object with \"format_version\", \
             \"exported_at\", \"schema_version\" and \"tables\"",
            kind(value)
        ));
    };
    /// A field's name, what it holds, and whether a value fits it.
    type Field = (&'static str, &'static str, fn(&Value) -> bool);
    let expected: [Field; 4] = [
        ("format_version", "a whole number", |v| v.is_u64()),
        ("exported_at", "a date and time as text", Value::is_string),
        ("schema_version", "a whole number", |v| v.is_i64()),
        ("tables", "an object of tables, each a list of rows", |v| {
            v.as_object()
                .is_some_and(|tables| tables.values().all(Value::is_array))
        }),
    ];
    for (name, what, fits) in expected {
        match fields.get(name) {
            None => return Err(format!("it has no \"{name}\" field, which holds {what}")),
            Some(found) if !fits(found) => {
                return Err(format!(
                    "its \"{name}\" field holds {}, where it should hold {what}",
                    kind(found)
                ))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Builds the export in a scratch database at its own schema version, where every constraint
/// checks it, then brings that up to this version's schema.
fn stage(export: &Export, clock: &dyn Clock) -> Result<Store> {
    if export.format_version != FORMAT_VERSION {
        return Err(not_an_export(format!(
            "its format version is {}, and this Mooring reads {FORMAT_VERSION}",
            export.format_version
        )));
    }
    if export.schema_version > SCHEMA_VERSION {
        return Err(Error::DatabaseTooNew {
            found: export.schema_version,
            supported: SCHEMA_VERSION,
        });
    }
    if export.schema_version < 1 {
        return Err(not_an_export(format!(
            "{} is not a data version",
            export.schema_version
        )));
    }
    if !export.unreadable.is_empty() {
        return Err(not_an_export(format!(
            "it was saved from a damaged file and lacks {}",
            export.unreadable.join(", ")
        )));
    }
    let mut staging = Store::in_memory_at(export.schema_version)?;
    let tx = staging.conn_mut().transaction()?;
    let existing = tables_of(&tx)?;
    for table in export.tables.keys() {
        if !existing.contains(table) {
            return Err(not_an_export(format!(
                "it has an unknown table \"{table}\""
            )));
        }
    }
    // Start empty: the migrations seed a default template.
    for table in existing.iter().rev() {
        tx.execute(&format!("DELETE FROM \"{table}\""), [])?;
    }
    for table in &existing {
        let Some(rows) = export.tables.get(table) else {
            continue;
        };
        let columns = columns_of(&tx, table)?;
        for (index, row) in rows.iter().enumerate() {
            let at = || format!("row {} of {table}", index + 1);
            insert_row(&tx, table, &columns, row)
                .map_err(|why| not_an_export(format!("{} {why}", at())))?;
        }
    }
    tx.commit()?;
    // The same steps an old database file takes when it is opened.
    staging.migrate(clock)?;
    Ok(staging)
}

/// Checks one row's columns and values, and inserts it.
fn insert_row(
    conn: &Connection,
    table: &str,
    columns: &[(String, String)],
    row: &Row,
) -> std::result::Result<(), String> {
    let mut names = Vec::with_capacity(row.len());
    let mut values = Vec::with_capacity(row.len());
    for (column, value) in row {
        let Some((_, kind)) = columns.iter().find(|(name, _)| name == column) else {
            return Err(format!("has an unknown field \"{column}\""));
        };
        let fits = match (kind.as_str(), value) {
            (_, Value::Null) => true,
            ("INTEGER", Value::Number(number)) => number.is_i64(),
            ("TEXT", Value::String(_)) => true,
            _ => false,
        };
        if !fits {
            let wanted = if kind == "INTEGER" {
                "a whole number"
            } else {
                "text"
            };
            return Err(format!("has {value} in \"{column}\", which takes {wanted}"));
        }
        check_value(table, column, value)?;
        names.push(format!("\"{column}\""));
        values.push(sql_value(value));
    }
    let placeholders: Vec<String> = (1..=values.len()).map(|n| format!("?{n}")).collect();
    let sql = format!(
        "INSERT INTO \"{table}\" ({}) VALUES ({})",
        names.join(", "),
        placeholders.join(", ")
    );
    conn.execute(&sql, rusqlite::params_from_iter(values))
        .map(drop)
        .map_err(|err| match err.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ConstraintViolation) => {
                format!(
                    "breaks a rule of Mooring's data ({})",
                    constraint_words(&err)
                )
            }
            _ => format!("cannot be stored ({err})"),
        })
}

/// Checks what SQL cannot: instants, dates, weeks and the settings document.
fn check_value(table: &str, column: &str, value: &Value) -> std::result::Result<(), String> {
    let Value::String(text) = value else {
        return Ok(());
    };
    let instant = column == "at" || column == "until" || column.ends_with("_at");
    if instant && parse_instant(text).is_err() {
        return Err(format!(
            "has \"{text}\" in \"{column}\", which is not a date and time"
        ));
    }
    if column.ends_with("_on") && text.parse::<chrono::NaiveDate>().is_err() {
        return Err(format!(
            "has \"{text}\" in \"{column}\", which is not a date"
        ));
    }
    if column == "week" && text.parse::<Week>().is_err() {
        return Err(format!(
            "has \"{text}\" in \"{column}\", which is not a week"
        ));
    }
    if table == "settings" && column == "value" {
        let settings: Settings = serde_json::from_str(text)
            .map_err(|_| "holds settings Mooring cannot read".to_owned())?;
        settings
            .check()
            .map_err(|err| format!("holds settings that are out of range: {err}"))?;
    }
    Ok(())
}

/// A JSON value as an SQL value, once its type is known to fit its column.
fn sql_value(value: &Value) -> SqlValue {
    match value {
        Value::Number(number) => number.as_i64().map_or(SqlValue::Null, SqlValue::Integer),
        Value::String(text) => SqlValue::Text(text.clone()),
        _ => SqlValue::Null,
    }
}

/// The rows of `table`, ordered by every column so that the same data gives the same export.
fn read_table(conn: &Connection, table: &str) -> Result<Vec<Row>> {
    let columns = columns_of(conn, table)?;
    let order: Vec<String> = (1..=columns.len()).map(|n| n.to_string()).collect();
    let mut statement = conn.prepare(&format!(
        "SELECT * FROM \"{table}\" ORDER BY {}",
        order.join(", ")
    ))?;
    let rows = statement.query_map([], |row| {
        let mut out = Row::new();
        for (index, (column, _)) in columns.iter().enumerate() {
            let value = match row.get_ref(index)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(integer) => Value::from(integer),
                ValueRef::Real(real) => Value::from(real),
                ValueRef::Text(text) => Value::from(String::from_utf8_lossy(text).into_owned()),
                ValueRef::Blob(_) => Value::Null,
            };
            out.insert(column.clone(), value);
        }
        Ok(out)
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The tables of the database in `conn`, in the order an import fills them.
fn tables_of(conn: &Connection) -> Result<Vec<String>> {
    let mut statement = conn.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )?;
    let present: Vec<String> = statement
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(TABLES
        .iter()
        .filter(|table| present.iter().any(|name| name == *table))
        .map(|table| (*table).to_owned())
        .collect())
}

/// The names and declared types (INTEGER or TEXT) of `table`'s columns, in their order.
fn columns_of(conn: &Connection, table: &str) -> Result<Vec<(String, String)>> {
    let mut statement =
        conn.prepare("SELECT name, upper(type) FROM pragma_table_info(?1) ORDER BY cid")?;
    let columns = statement
        .query_map([table], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(columns)
}

/// One table as CSV: a header of its columns (`header`, or the rows' own), then a line per
/// row; an empty cell is null. A text that a spreadsheet would take for a formula is written
/// with a leading apostrophe.
fn csv_of(header: &[String], rows: &[Row]) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let csv_error =
        |err: csv::Error| Error::Transfer(format!("Mooring could not write CSV: {err}."));
    match rows.first() {
        Some(first) => writer.write_record(first.keys()),
        None => writer.write_record(header),
    }
    .map_err(csv_error)?;
    for row in rows {
        writer
            .write_record(row.values().map(|value| match value {
                Value::Null => String::new(),
                Value::String(text) => spreadsheet_safe(text),
                other => other.to_string(),
            }))
            .map_err(csv_error)?;
    }
    writer
        .into_inner()
        .map_err(|err| Error::Transfer(format!("Mooring could not write CSV: {err}.")))
}

/// `text` as a spreadsheet cell that is never run as a formula: OWASP's advice against CSV
/// injection, a leading apostrophe before `=`, `+`, `-`, `@`, a tab or a carriage return.
fn spreadsheet_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// Writes `bytes` to `path` readable by the user only, through a new file renamed into place,
/// so that a reader never sees half a file.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| Error::Transfer(format!("{} is not a file name.", path.display())))?;
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_owned(),
        _ => PathBuf::from("."),
    };
    let temporary = folder.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = private_file_options()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| fs::rename(&temporary, path));
    written.map_err(|err| {
        let _ = fs::remove_file(&temporary);
        io_error("write", path, err)
    })
}

/// The refusal of a file that is not a usable export.
fn not_an_export(why: String) -> Error {
    Error::Transfer(format!(
        "This file is not a Mooring export Mooring can import: {why}. Nothing was changed."
    ))
}

/// A JSON parse error in words: what is wrong and where.
fn plain_json_error(err: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match err.classify() {
        Category::Eof => "it ends too early (is it cut short?)".to_owned(),
        Category::Syntax if err.to_string().starts_with("recursion limit exceeded") => {
            "it is nested far deeper than an export ever is".to_owned()
        }
        Category::Syntax => "it is not valid JSON".to_owned(),
        // Parsed into a plain JSON value first, so nothing is of the wrong kind here.
        Category::Data => "it does not have the layout of an export".to_owned(),
        Category::Io => "it could not be read".to_owned(),
    };
    format!("{what}, at line {} column {}", err.line(), err.column())
}

/// The rule a constraint error names, in a few words.
fn constraint_words(err: &rusqlite::Error) -> String {
    let text = err.to_string();
    if text.contains("FOREIGN KEY") {
        "it refers to something that is not in the file".into()
    } else if text.contains("UNIQUE") || text.contains("PRIMARY KEY") {
        "it repeats an id or name that must be unique".into()
    } else if text.contains("NOT NULL") {
        "a required field is empty".into()
    } else {
        "a value is out of range or of the wrong kind".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_a_spreadsheet_would_run_gets_an_apostrophe_and_no_other() {
        for (typed, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1 555", "'+1 555"),
            ("- felt heard", "'- felt heard"),
            ("@once", "'@once"),
            ("\tindented", "'\tindented"),
            ("\rreturn", "'\rreturn"),
            ("felt heard", "felt heard"),
            ("2 + 2 = 4", "2 + 2 = 4"),
            ("", ""),
        ] {
            assert_eq!(spreadsheet_safe(typed), written, "{typed:?}");
        }
    }
}

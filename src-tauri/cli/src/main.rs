//! `mooring-cli`: Mooring from the command line, on the same database as the app.
//!
//! For scripting, backups and quick logging without opening a window. Any bad input exits
//! non-zero with a one-line message on stderr and writes nothing.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod records;
mod text;

use chrono::{DateTime, FixedOffset};
use clap::{Parser, Subcommand};
use mooring_core::backup::recovery;
use mooring_core::clock::parse_instant;
use mooring_core::dates::DateStyle;
use mooring_core::rhythm::Rhythm;
use mooring_core::selfcheck::{parse_rating, parse_yes_no};
use mooring_core::store::DATABASE_FILE;
use mooring_core::transfer::{export_readable, read_export_with, write_export};
use mooring_core::{
    default_data_dir, Access, AnswerSheet, CareerStage, ChartName, ClientDetailsCheck, Clock,
    ContactFilter, ContactKind, DataFormat, Energy, Export, ExportFormat, FixedClock, Guard,
    Intention, NewContact, NewTemplateItem, NoCredentials, Nudge, NudgeEvent, PeerDetails, Range,
    Role, Rule, Secret, Settings, Slot, Snooze, Store, SystemClock, SystemCredentials,
    TemplateChange, Theme, Week, WeekChecklist, ZonedClock,
};
use text::{
    backups_text, caseload_text, checklist_text, contacts_text, debrief_text, findings_text,
    nudges_text, peers_text, selfcheck_text, selfchecks_text, settings_text, size_text,
    status_text, template_text,
};

/// The environment variable that holds the passphrase, for scripts.
const PASSPHRASE_VARIABLE: &str = "MOORING_PASSPHRASE";

/// The environment variable that holds the new passphrase for `key change`.
const NEW_PASSPHRASE_VARIABLE: &str = "MOORING_NEW_PASSPHRASE";

/// The environment variable that holds the passphrase of an encrypted export.
const EXPORT_PASSPHRASE_VARIABLE: &str = "MOORING_EXPORT_PASSPHRASE";

/// Mooring from the command line: the same data as the app, no window.
#[derive(Debug, Parser)]
#[command(
    name = "mooring-cli",
    version,
    about = "Mooring from the command line: the same encrypted data as the app, without a window."
)]
struct Cli {
    /// The data folder (default: the app's own per-user data folder).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// Pin the clock to this instant, in RFC 3339 (2026-11-23T09:00:00+01:00).
    #[arg(long, global = true, value_name = "INSTANT")]
    now: Option<String>,

    /// The time zone that decides local days and weeks, by its name (Europe/London); with
    /// --now, or else the system's (TZ) as always.
    #[arg(long, global = true, value_name = "ZONE")]
    tz: Option<String>,

    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    json: bool,

    /// Read the passphrase from the first line of this file (or set MOORING_PASSPHRASE).
    /// Without either, the key is taken from the system's credential store.
    #[arg(long, global = true, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,

    /// Open the data with the recovery key in this file, when the passphrase or the
    /// credential store is lost; the key is then kept again as for new data.
    #[arg(long, global = true, value_name = "FILE")]
    recovery_key_file: Option<PathBuf>,

    /// The passphrase of an encrypted export, to write or import one, from the first line of
    /// this file (or set MOORING_EXPORT_PASSPHRASE).
    #[arg(long, global = true, value_name = "FILE")]
    export_passphrase_file: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// This week at a glance: caseload, heavy week, peer contact, self-check, checklist.
    Status,
    /// A week's self-care checklist: show it, tick and untick items.
    #[command(subcommand)]
    Checklist(ChecklistCommand),
    /// The checklist template every new week is copied from.
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Your peers: add, list, archive.
    #[command(subcommand)]
    Peer(PeerCommand),
    /// The log of peer contacts.
    #[command(subcommand)]
    Contact(ContactCommand),
    /// Client sessions per week.
    #[command(subcommand)]
    Caseload(CaseloadCommand),
    /// What the nudge rules would send now (nothing is sent or recorded), or answer the
    /// nudge waiting for an answer: snooze, dismiss or act on it.
    Nudges {
        #[command(subcommand)]
        action: Option<NudgesCommand>,
    },
    /// The suggestions Home shows (such as reassessing a format that has left you drained),
    /// or put one away.
    Suggestions {
        #[command(subcommand)]
        action: Option<SuggestionsCommand>,
    },
    /// Check a text for what looks like a client's details, as every note is checked.
    #[command(subcommand)]
    Note(NoteCommand),
    /// Show the settings, or change one by its key.
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Draw a Trends chart to an SVG or PNG file (the extension decides).
    Chart {
        /// contacts-caseload, connectedness, checklist or calendar.
        name: String,
        /// The file to write, ending in .svg or .png.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// How far back: 12w, 6m, 1y or all.
        #[arg(long, default_value = "12w")]
        range: String,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Fill an empty data folder with realistic history, for trying Mooring out.
    DemoData {
        /// Years of history, 1 to 20.
        #[arg(long, default_value_t = 1)]
        years: u32,
        /// Makes the history repeatable.
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
    /// The biweekly connectedness self-check: take one, list past ones.
    #[command(subcommand)]
    Selfcheck(SelfcheckCommand),
    /// Backups of your data: make one now, list them, put one back.
    #[command(subcommand)]
    Backup(BackupCommand),
    /// The key that encrypts your data: check or save its recovery key.
    #[command(subcommand)]
    Key(KeyCommand),
    /// After a hard session: who can debrief within 72 hours, and a reminder if none is logged.
    #[command(subcommand)]
    Debrief(DebriefCommand),
    /// The peer group's confidentiality agreement: start one, sign it, change who is in it.
    #[command(subcommand)]
    Agreement(records::AgreementCommand),
    /// The private record of your consultations: add one, search them, print them.
    #[command(subcommand)]
    Consult(records::ConsultCommand),
    /// Write everything to a JSON file that `import` reads, or to a folder of CSV files.
    Export {
        /// json (one file, for import) or csv (a folder, one file per table).
        #[arg(long, default_value = "json")]
        format: String,
        /// The file (json) or folder (csv) to write.
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// Encrypt the JSON export (age, passphrase mode) with the passphrase in
        /// MOORING_EXPORT_PASSPHRASE or --export-passphrase-file.
        #[arg(long)]
        encrypt: bool,
        /// Replace the file (or the CSV files in the folder) if they exist.
        #[arg(long)]
        force: bool,
    },
    /// When the data is damaged: see what can be done, then restore a backup, save what still
    /// reads, or start fresh. Nothing is deleted: the damaged file is set aside.
    Recover {
        /// Put this backup (an id from `recover` or `backup list`) in place of the damaged file.
        #[arg(long, value_name = "ID", conflicts_with_all = ["save_readable", "start_fresh"])]
        restore: Option<String>,
        /// Write what the damaged file still holds to this new JSON file, which `import` reads.
        #[arg(long, value_name = "FILE", conflicts_with = "start_fresh")]
        save_readable: Option<PathBuf>,
        /// Set the damaged file aside and start with an empty Mooring.
        #[arg(long)]
        start_fresh: bool,
    },
    /// Print this command line's manual page (roff), for packages to ship as mooring-cli(1).
    #[command(hide = true)]
    Manual,
    /// Bring in a JSON export in place of what is here; a backup is taken first.
    Import {
        /// The JSON file `export` wrote.
        path: PathBuf,
        /// Replace data you have entered here; without it, only an empty Mooring is filled.
        #[arg(long)]
        replace: bool,
    },
}

#[derive(Debug, Subcommand)]
enum SuggestionsCommand {
    /// Put a suggestion away for good, by the key `suggestions` shows.
    Dismiss {
        /// The suggestion's key, such as reassess/group/41.
        key: String,
    },
}

#[derive(Debug, Subcommand)]
enum DebriefCommand {
    /// "Hard session, need a debrief": lists the peers who can debrief within 72 hours, your
    /// buddy first, and sets a gentle nudge for when 72 hours pass with no debrief logged.
    Request,
}

#[derive(Debug, Subcommand)]
enum KeyCommand {
    /// Check that a recovery key opens this data, without changing anything. The key is read
    /// from --file, or from standard input.
    RecoveryCheck {
        /// A file whose first line is the recovery key.
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Encrypt the data and every backup with a new key (a backup is made first). For data
    /// kept behind a passphrase, the new passphrase comes from --new-passphrase-file or
    /// MOORING_NEW_PASSPHRASE. The old recovery key stops working: save the new one.
    Change {
        /// A file whose first line is the new passphrase.
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Write this data's recovery key into a new file, readable by you only.
    Recovery {
        /// The file to create; an existing file is never overwritten.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum BackupCommand {
    /// Back up now, check the copy, and drop the backups the rotation no longer keeps.
    Create,
    /// The backups, newest first.
    List,
    /// Put a backup back in place of the current data, after backing that up.
    Restore {
        /// The backup's id, as `backup list` shows it.
        id: String,
    },
}

#[derive(Debug, Subcommand)]
enum NudgesCommand {
    /// Put the waiting nudge off: 1h, 3h or tomorrow (morning, when quiet hours end).
    Snooze {
        /// 1h, 3h or tomorrow.
        length: String,
    },
    /// Put the waiting nudge away.
    Dismiss,
    /// Record that you took the waiting nudge's action (logged a contact, took the self-check).
    Act,
}

#[derive(Debug, Subcommand)]
enum NoteCommand {
    /// Print what in TEXT looks like a client's details; writes nothing.
    Check {
        /// The text to check.
        text: String,
    },
}

#[derive(Debug, Subcommand)]
enum SettingsCommand {
    /// Every setting with its value.
    Show,
    /// Change one setting, such as `heavy-rule relative` or `heavy-threshold 25`.
    Set {
        /// The setting's key, as `settings show` prints it.
        key: String,
        /// The new value.
        value: String,
    },
}

#[derive(Debug, Subcommand)]
enum SelfcheckCommand {
    /// Answer the four questions and see the connectedness index and suggestions.
    Take {
        /// Talked with a fellow therapist beyond scheduling or billing in the last two weeks: yes or no.
        #[arg(long, value_name = "YES|NO")]
        q1: Option<String>,
        /// Someone to debrief with confidentially within 72 hours: yes or no.
        #[arg(long, value_name = "YES|NO")]
        q2: Option<String>,
        /// Peers at different career stages in your network: yes or no.
        #[arg(long, value_name = "YES|NO")]
        q3: Option<String>,
        /// Your relational safety net during heavy weeks, 1 to 10.
        #[arg(long, value_name = "1-10")]
        q4: Option<String>,
        /// When you took it (RFC 3339; default: now).
        #[arg(long)]
        at: Option<String>,
    },
    /// Past self-checks, newest first, with the change since the one before.
    List,
}

#[derive(Debug, Subcommand)]
enum PeerCommand {
    /// Add a peer: a colleague's name or an alias, never a client.
    Add {
        /// The name or alias.
        name: String,
        /// Career stage: early, mid or senior.
        #[arg(long)]
        stage: Option<String>,
        /// A role: buddy, consultation-group, mentor, mentee, colleague (repeatable).
        #[arg(long = "role")]
        roles: Vec<String>,
        /// How you usually reach them.
        #[arg(long)]
        channel: Option<String>,
        /// Available for a confidential debrief within 72 hours.
        #[arg(long)]
        debrief: bool,
        /// Their practice area or specialty, such as trauma or couples.
        #[arg(long)]
        area: Option<String>,
        /// A second relationship with them, such as "also my supervisor".
        #[arg(long)]
        dual_role: Option<String>,
        /// Save it even if it looks like it holds a client's details.
        #[arg(long)]
        anyway: bool,
    },
    /// Change what you know about a peer; only what you give changes ("" clears a field).
    Edit {
        /// The peer's name.
        name: String,
        /// A new name or alias.
        #[arg(long)]
        rename: Option<String>,
        /// Career stage: early, mid or senior.
        #[arg(long)]
        stage: Option<String>,
        /// How you usually reach them.
        #[arg(long)]
        channel: Option<String>,
        /// Their practice area or specialty.
        #[arg(long)]
        area: Option<String>,
        /// A second relationship with them.
        #[arg(long)]
        dual_role: Option<String>,
        /// Available for a confidential debrief within 72 hours: yes or no.
        #[arg(long, value_name = "YES|NO")]
        debrief: Option<String>,
        /// Their roles, in place of those they have: buddy, consultation-group, mentor, mentee,
        /// colleague (repeatable; --role "" clears them).
        #[arg(long = "role")]
        roles: Option<Vec<String>>,
        /// Save it even if it looks like it holds a client's details.
        #[arg(long)]
        anyway: bool,
    },
    /// List peers, with days since the last contact.
    List {
        /// Include archived peers.
        #[arg(long)]
        all: bool,
    },
    /// Archive a peer; their contacts stay in the log.
    Archive {
        /// The peer's name.
        name: String,
    },
    /// Bring an archived peer back.
    Unarchive {
        /// The peer's name.
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum ContactCommand {
    /// Log a contact with one or more peers, or the consultation group.
    Log {
        /// A peer's name (repeatable).
        #[arg(long = "peer")]
        peers: Vec<String>,
        /// With the consultation group.
        #[arg(long)]
        group: bool,
        /// message, call, video, in-person, group, buddy-debrief or informal.
        #[arg(long)]
        kind: String,
        /// When it happened (RFC 3339; default: now).
        #[arg(long)]
        at: Option<String>,
        /// It was only logistics: scheduling or billing.
        #[arg(long)]
        logistics: bool,
        /// What you wanted from it: advice, resources, emotional-support,
        /// clinical-brainstorming, venting, accountability (comma-separated).
        #[arg(long = "intent", value_name = "LIST")]
        intention: Option<String>,
        /// How you left it: renewed, neutral or drained.
        #[arg(long)]
        energy: Option<String>,
        /// How long it lasted.
        #[arg(long)]
        minutes: Option<u32>,
        /// A note (never client details); it may begin with a dash, as a list does.
        #[arg(long, allow_hyphen_values = true)]
        note: Option<String>,
        /// Save the note even if it looks like it holds a client's details.
        #[arg(long)]
        anyway: bool,
    },
    /// List contacts, newest first.
    List {
        /// Only contacts on or after this date (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
    },
    /// Delete a contact.
    Delete {
        /// The contact's id.
        id: i64,
    },
    /// Say how you left a contact: renewed, neutral or drained.
    Rate {
        /// The contact's id.
        id: i64,
        /// renewed, neutral or drained.
        #[arg(long)]
        energy: String,
    },
}

#[derive(Debug, Subcommand)]
enum CaseloadCommand {
    /// Set a week's client sessions (default: this week).
    Set {
        /// Client sessions, 0 to 80.
        sessions: u32,
        /// The week, like 2026-W48.
        #[arg(long)]
        week: Option<String>,
    },
    /// Mark a week heavy or light by hand, or let the rule decide again (auto).
    Override {
        /// heavy, light or auto.
        call: String,
        /// The week, like 2026-W48 (default: this week).
        #[arg(long)]
        week: Option<String>,
    },
    /// Show a week's caseload and whether it is heavy.
    Show {
        /// The week, like 2026-W48.
        #[arg(long)]
        week: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum ChecklistCommand {
    /// Show a week's checklist (default: this week).
    Show {
        /// The week, like 2026-W48.
        #[arg(long)]
        week: Option<String>,
    },
    /// Tick an item, with an optional note for reflection items.
    Tick {
        /// The item's id, as `checklist show` prints it.
        id: i64,
        /// A short reflection (reflection items only); it may begin with a dash.
        #[arg(long, allow_hyphen_values = true)]
        note: Option<String>,
        /// Save the note even if it looks like it holds a client's details.
        #[arg(long)]
        anyway: bool,
        /// For an item ticked by a contact (a group, a message, a buddy debrief): log that
        /// contact too, now, as the window does.
        #[arg(long)]
        log_contact: bool,
        /// With --log-contact: who took part (repeatable).
        #[arg(long = "peer", requires = "log_contact")]
        peers: Vec<String>,
    },
    /// Untick an item.
    Untick {
        /// The item's id.
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
enum TemplateCommand {
    /// List the template's items.
    List,
    /// Add an item; it appears from this week on.
    Add {
        /// What to do.
        title: String,
        /// The day slot: monday-morning, tuesday-midday, wednesday-afternoon, thursday-evening, friday, weekend.
        #[arg(long)]
        slot: String,
        /// Contact with a peer.
        #[arg(long)]
        peer: bool,
        /// Takes a short written reflection.
        #[arg(long)]
        reflection: bool,
        /// For a peer item: the kind of contact that ticks it (message, group, buddy-debrief...).
        #[arg(long)]
        kind: Option<String>,
        #[command(flatten)]
        rhythm: RhythmArgs,
        /// Save it even if it looks like it holds a client's details.
        #[arg(long)]
        anyway: bool,
    },
    /// Change an item's title or how often it comes round, from this week on.
    Edit {
        /// The template item's id.
        id: i64,
        /// A new title.
        #[arg(long)]
        title: Option<String>,
        /// Back to every week.
        #[arg(long, conflicts_with_all = ["every", "monthly"])]
        weekly: bool,
        #[command(flatten)]
        rhythm: RhythmArgs,
        /// Save it even if it looks like it holds a client's details.
        #[arg(long)]
        anyway: bool,
    },
    /// Link a peer item to the kind of contact that ticks it, or unlink it with `none`.
    Link {
        /// The template item's id.
        id: i64,
        /// message, call, video, in-person, group, buddy-debrief, informal or none.
        kind: String,
    },
    /// Rename an item, from this week on.
    Rename {
        /// The template item's id.
        id: i64,
        /// The new title.
        title: String,
        /// Save it even if it looks like it holds a client's details.
        #[arg(long)]
        anyway: bool,
    },
    /// Remove an item; weeks before this one keep it.
    Remove {
        /// The template item's id.
        id: i64,
    },
    /// Move an item to a slot, and to a place within it (1 is first; default: last).
    Move {
        /// The template item's id.
        id: i64,
        /// The day slot.
        #[arg(long)]
        slot: String,
        /// The place within the slot, from 1.
        #[arg(long)]
        position: Option<usize>,
    },
    /// Put the default template back, from this week on.
    Restore,
}

fn main() -> ExitCode {
    // Known before parsing, so that even a parsing error comes out as JSON when asked.
    let json = std::env::args_os().any(|arg| arg == "--json");
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => {
            // --help and --version are not errors.
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        Err(err) => {
            return fail(
                "invalid-arguments",
                &first_line_of_clap_error(&err),
                ExitCode::FAILURE,
                json,
            )
        }
    };
    match run(cli) {
        Ok(output) => {
            let mut stdout = std::io::stdout().lock();
            let _ = writeln!(stdout, "{output}");
            ExitCode::SUCCESS
        }
        // A note that looks like it names a client has its own exit code, for scripts.
        Err(err @ mooring_core::Error::LooksIdentifying(_)) => fail(
            err.code(),
            &format!("{err} (--anyway saves it as it is.)"),
            ExitCode::from(3),
            json,
        ),
        // The way out of a damaged file, for the command line.
        Err(err @ mooring_core::Error::Corrupt(_)) => fail(
            err.code(),
            &format!(
                "{err} `mooring-cli recover` lists the backups and the ways forward; nothing \
                 is deleted."
            ),
            ExitCode::FAILURE,
            json,
        ),
        Err(err) => fail(err.code(), &err.to_string(), ExitCode::FAILURE, json),
    }
}

/// Runs one command and returns what to print.
fn run(cli: Cli) -> mooring_core::Result<String> {
    // Parse everything the user typed before touching the database.
    let zone = cli
        .tz
        .as_deref()
        .map(mooring_core::clock::parse_zone)
        .transpose()?;
    let clock: Box<dyn Clock> = match (&cli.now, zone) {
        (Some(instant), zone) => {
            let fixed = FixedClock::parse(instant)?;
            // Weeks, ages and backup names count from year 1.
            if chrono::Datelike::year(&fixed.now()) < 1 {
                return Err(mooring_core::Error::Invalid(format!(
                    "--now must be in year 1 or later; {instant} is before."
                )));
            }
            match zone {
                Some(zone) => Box::new(ZonedClock::new(zone, fixed.now().to_utc())),
                None => Box::new(fixed),
            }
        }
        (None, Some(zone)) => Box::new(ZonedClock::new(zone, chrono::Utc::now())),
        (None, None) => Box::new(SystemClock),
    };
    let holds_data = cli
        .data_dir
        .as_ref()
        .is_some_and(|dir| dir.join(DATABASE_FILE).exists());
    let data_dir = match cli.data_dir {
        Some(dir) => dir,
        None => default_data_dir()?,
    };
    let clock = clock.as_ref();
    // Parse the command's own arguments before opening (and perhaps creating) the database.
    let export_passphrase = match (
        &cli.export_passphrase_file,
        std::env::var(EXPORT_PASSPHRASE_VARIABLE),
    ) {
        (Some(file), _) => Some(Secret::from_file(file)?),
        (None, Ok(text)) if !text.is_empty() => Some(Secret::new(text)),
        _ => None,
    };
    // The manual needs no data at all.
    if let Command::Manual = cli.command {
        let mut page = Vec::new();
        clap_mangen::Man::new(<Cli as clap::CommandFactory>::command())
            .render(&mut page)
            .map_err(|err| {
                mooring_core::Error::Invalid(format!("The manual could not be written: {err}."))
            })?;
        return Ok(String::from_utf8_lossy(&page).trim_end().to_owned());
    }
    let command = Parsed::from(cli.command, clock, export_passphrase)?;
    let json = cli.json;
    // Without a data folder (or one that holds no data yet), checking a note opens nothing:
    // it knows no colleagues.
    if let Parsed::NoteCheck(text) = &command {
        if !holds_data {
            return Ok(note_check(
                &ClientDetailsCheck::new(clock.today()),
                text,
                json,
            ));
        }
    }
    let credentials = SystemCredentials;
    let passphrase = match (&cli.passphrase_file, std::env::var(PASSPHRASE_VARIABLE)) {
        (Some(file), _) => Some(Secret::from_file(file)?),
        (None, Ok(text)) if !text.is_empty() => Some(Secret::new(text)),
        _ => None,
    };
    let access = Access {
        // A passphrase given means the credential store is not wanted: scripts and tests
        // never wait on a desktop keyring.
        credentials: if passphrase.is_some() {
            &NoCredentials
        } else {
            &credentials
        },
        passphrase,
        recovery_key: cli
            .recovery_key_file
            .as_deref()
            .map(Secret::from_file)
            .transpose()?,
    };
    // Checking a recovery key opens nothing and writes nothing.
    if let Parsed::RecoveryCheck(recovery_key) = &command {
        mooring_core::keys::check_recovery_key(&data_dir, recovery_key)?;
        return Ok(if json {
            to_json(&serde_json::json!({ "opens": true }))
        } else {
            format!(
                "This recovery key opens the data in {}.",
                data_dir.display()
            )
        });
    }
    let (mut store, created) = match Store::open_in_tracked(&data_dir, &access, clock) {
        Ok(opened) => opened,
        // A damaged file still lists its backups and can be recovered.
        Err(err @ mooring_core::Error::Corrupt(_)) => {
            return recover_damaged(&data_dir, command, &access, clock, json, err)
        }
        Err(err) => return Err(err),
    };
    if let Parsed::Recover(recovery) = command {
        // Opening checks the file quickly; recovery looks at every page.
        return match store.integrity_check() {
            Err(err @ mooring_core::Error::Corrupt(_)) => {
                drop(store);
                recover_damaged(
                    &data_dir,
                    Parsed::Recover(recovery),
                    &access,
                    clock,
                    json,
                    err,
                )
            }
            Err(err) => Err(err),
            Ok(()) if matches!(recovery, Recovery::Show) => Ok(if json {
                to_json(&serde_json::json!({ "damaged": false, "backups": store.backups()? }))
            } else {
                format!(
                    "The data in {} opens and passes its full check: there is nothing to \
                     recover.",
                    data_dir.display()
                )
            }),
            Ok(()) => Err(mooring_core::Error::Invalid(
                "Mooring's data is not damaged, so `recover` changes nothing. To put a backup \
                 back, use `mooring-cli backup restore ID`."
                    .into(),
            )),
        };
    }
    // A hint for a person at a terminal; scripts get clean output.
    if store.take_new_recovery_key().is_some() && std::io::stderr().is_terminal() {
        eprintln!(
            "Mooring encrypted the new data in {}. Save its recovery key now: \
             mooring-cli key recovery --out FILE",
            data_dir.display()
        );
    }
    match execute(&mut store, command, &access, clock, json) {
        Ok(output) => Ok(output),
        Err(err) => {
            // A rejected command on a new path leaves no data folder behind.
            // (If that fails, the command's own error is still the one to report.)
            let _ = store.discard_created(created, access.credentials);
            Err(err)
        }
    }
}

/// Runs `command` on the damaged data in `data_dir`, which would not open (`damage` says why):
/// listing backups and recovering work without opening it; anything else is refused.
fn recover_damaged(
    data_dir: &Path,
    command: Parsed,
    access: &Access,
    clock: &dyn Clock,
    json: bool,
    damage: mooring_core::Error,
) -> mooring_core::Result<String> {
    let restored = |recovered: recovery::Recovered| {
        let backup = recovered.backup.as_ref();
        if json {
            to_json(&serde_json::json!({
                "restored": backup,
                "set_aside": recovered.set_aside,
            }))
        } else {
            let first = match backup {
                Some(backup) => format!(
                    "Restored the backup of {}.",
                    DateStyle::from_env().weekday_date_time(
                        backup
                            .created_at
                            .with_timezone(&clock.now().timezone())
                            .naive_local()
                    )
                ),
                None => "Started an empty Mooring.".to_owned(),
            };
            format!(
                "{first} The damaged file was set aside as {}; nothing was deleted.",
                recovered.set_aside.display()
            )
        }
    };
    match command {
        Parsed::BackupList => {
            let backups = recovery::backups(data_dir, access)?;
            Ok(if json {
                to_json(&backups)
            } else {
                backups_text(&backups)
            })
        }
        Parsed::BackupRestore(id) | Parsed::Recover(Recovery::Restore(id)) => {
            Ok(restored(recovery::restore(data_dir, &id, access, clock)?))
        }
        Parsed::Recover(Recovery::StartFresh) => {
            Ok(restored(recovery::start_fresh(data_dir, access, clock)?))
        }
        Parsed::Recover(Recovery::SaveReadable(out)) => {
            let export = export_readable(&data_dir.join(DATABASE_FILE), access, clock)?;
            let files = write_export(&export, DataFormat::Json, &out)?;
            Ok(if json {
                to_json(&serde_json::json!({ "written": files, "unreadable": export.unreadable }))
            } else if export.unreadable.is_empty() {
                format!(
                    "Saved everything the damaged file holds to {}.",
                    out.display()
                )
            } else {
                format!(
                    "Saved what still reads to {}; these could not be read: {}.",
                    out.display(),
                    export.unreadable.join(", ")
                )
            })
        }
        Parsed::Recover(Recovery::Show) => {
            let backups = recovery::backups(data_dir, access)?;
            Ok(if json {
                to_json(&serde_json::json!({
                    "damaged": true,
                    "why": damage.to_string(),
                    "backups": backups,
                }))
            } else {
                let newest = backups
                    .first()
                    .map_or("ID".to_owned(), |backup| backup.id.clone());
                format!(
                    "{damage}\nNothing has been deleted. Choose one:\n  \
                     mooring-cli recover --restore {newest}\n      put a backup in its place \
                     (the damaged file is set aside)\n  \
                     mooring-cli recover --save-readable FILE\n      save what still reads, \
                     for `import`\n  \
                     mooring-cli recover --start-fresh\n      set the damaged file aside and \
                     start an empty Mooring\n\nBackups:\n{}",
                    backups_text(&backups)
                )
            })
        }
        _ => Err(damage),
    }
}

/// What the client-details check finds in `text`: `{"flags": [{kind, excerpt, start, end}]}`
/// with character offsets, or a sentence.
fn note_check(check: &ClientDetailsCheck, text: &str, json: bool) -> String {
    let findings = check.findings(text);
    if json {
        let flags: Vec<_> = findings
            .iter()
            .map(|finding| {
                serde_json::json!({
                    "kind": finding.kind,
                    "excerpt": finding.excerpt,
                    "start": finding.start,
                    "end": finding.end,
                })
            })
            .collect();
        to_json(&serde_json::json!({ "flags": flags }))
    } else {
        findings_text(&findings)
    }
}

/// Runs one checked command on the open store and returns what to print.
fn execute(
    store: &mut Store,
    command: Parsed,
    access: &Access,
    clock: &dyn Clock,
    json: bool,
) -> mooring_core::Result<String> {
    let show_checklist = |checklist: WeekChecklist| {
        if json {
            to_json(&checklist)
        } else {
            checklist_text(&checklist)
        }
    };
    let template = |store: &Store| -> mooring_core::Result<String> {
        let items = store.template()?;
        Ok(if json {
            to_json(&items)
        } else {
            template_text(&items)
        })
    };
    match command {
        Parsed::Status => {
            let status = store.status(clock)?;
            Ok(if json {
                to_json(&status)
            } else {
                status_text(&status)
            })
        }
        Parsed::Show(week) => Ok(show_checklist(store.checklist(week, clock)?)),
        Parsed::Tick(id, note, guard, log_contact) => {
            let checklist = store.checklist_of_item(id, clock)?;
            let linked = checklist
                .items
                .iter()
                .find(|item| item.id == id)
                .and_then(|item| item.contact_kind);
            // Ticking a linked item alone leaves the contact log as it is: say so.
            let said = match (&log_contact, linked) {
                (None, Some(kind)) => Some(format!(
                    "The contact log was not changed; `--log-contact` logs the {kind} as well."
                )),
                _ => None,
            };
            match (log_contact, linked) {
                // The contact is logged and the item ticked in one step.
                (Some(names), Some(kind)) => {
                    let mut peers = Vec::new();
                    for name in names {
                        peers.push(store.peer_named(&name, clock)?.id);
                    }
                    let contact = NewContact {
                        at: None,
                        with_group: kind == ContactKind::Group,
                        peers,
                        kind,
                        substantive: true,
                        intentions: Vec::new(),
                        energy: None,
                        minutes: None,
                        note: note.clone(),
                    };
                    store.log_contact(contact, Some(id), guard, clock)?;
                }
                (Some(_), None) => {
                    return Err(mooring_core::Error::Invalid(format!(
                        "Item {id} is not ticked by a contact, so there is none to log. Tick it \
                         without --log-contact."
                    )))
                }
                (None, _) => {
                    store.tick(id, note.as_deref(), guard, clock)?;
                }
            }
            let shown = show_checklist(store.checklist_of_item(id, clock)?);
            Ok(match said {
                Some(said) if !json => format!("{shown}\n{said}"),
                _ => shown,
            })
        }
        Parsed::Untick(id) => {
            store.untick(id)?;
            Ok(show_checklist(store.checklist_of_item(id, clock)?))
        }
        Parsed::TemplateList => template(store),
        Parsed::TemplateAdd(new, guard) => {
            store.add_template_item(new, guard, clock)?;
            template(store)
        }
        Parsed::TemplateRename(id, title, guard) => {
            store.update_template_item(
                id,
                TemplateChange {
                    title: Some(title),
                    ..TemplateChange::default()
                },
                guard,
                clock,
            )?;
            template(store)
        }
        Parsed::TemplateEdit(id, change, guard) => {
            store.update_template_item(id, change, guard, clock)?;
            template(store)
        }
        Parsed::TemplateRemove(id) => {
            store.remove_template_item(id, clock)?;
            template(store)
        }
        Parsed::TemplateMove(id, slot, position) => {
            store.move_template_item(id, slot, position, clock)?;
            template(store)
        }
        Parsed::TemplateLink(id, kind) => {
            store.link_template_item(id, kind, clock)?;
            template(store)
        }
        Parsed::TemplateRestore => {
            store.restore_default_template(clock)?;
            template(store)
        }
        Parsed::PeerAdd(details, guard) => {
            let peer = store.add_peer(details, guard, clock)?;
            Ok(if json {
                to_json(&peer)
            } else {
                format!("Added {} (peer {}).", peer.name, peer.id)
            })
        }
        Parsed::PeerEdit(name, edit, guard) => {
            let peer = store.peer_named(&name, clock)?;
            let details = PeerDetails {
                name: edit.rename.unwrap_or(peer.name),
                career_stage: edit.stage.unwrap_or(peer.career_stage),
                roles: edit.roles.unwrap_or(peer.roles),
                preferred_channel: edit.channel.or(peer.preferred_channel),
                debrief_within_72h: edit.debrief.unwrap_or(peer.debrief_within_72h),
                practice_area: edit.area.or(peer.practice_area),
                dual_role: edit.dual_role.or(peer.dual_role),
            };
            let peer = store.update_peer(peer.id, details, guard, clock)?;
            Ok(if json {
                to_json(&peer)
            } else {
                format!("Saved {}.", peer.name)
            })
        }
        Parsed::PeerList(all) => {
            let peers = store.peers(all, clock)?;
            Ok(if json {
                to_json(&peers)
            } else {
                peers_text(&peers)
            })
        }
        Parsed::PeerArchive(name, archived) => {
            let peer = store.peer_named(&name, clock)?;
            let peer = store.set_peer_archived(peer.id, archived, clock)?;
            let done = if archived { "Archived" } else { "Unarchived" };
            Ok(if json {
                to_json(&peer)
            } else {
                format!("{done} {}; their contacts stay in the log.", peer.name)
            })
        }
        Parsed::ContactLog(names, mut contact, guard) => {
            for name in names {
                contact.peers.push(store.peer_named(&name, clock)?.id);
            }
            let contact = store.log_contact(contact, None, guard, clock)?;
            Ok(if json {
                to_json(&contact)
            } else {
                format!("Logged contact {}.", contact.id)
            })
        }
        Parsed::ContactList(filter) => {
            let contacts = store.contacts(&filter, clock)?;
            Ok(if json {
                to_json(&contacts)
            } else {
                contacts_text(&contacts)
            })
        }
        Parsed::ContactRate(id, energy) => {
            let contact = store.rate_contact(id, Some(energy))?;
            Ok(if json {
                to_json(&contact)
            } else {
                format!("Contact {id}: you left it {energy}.")
            })
        }
        Parsed::ContactDelete(id) => {
            let contact = store.delete_contact(id, clock)?;
            Ok(if json {
                to_json(&contact)
            } else {
                format!("Deleted contact {id}.")
            })
        }
        Parsed::CaseloadSet(week, sessions) => {
            let caseload = store.set_caseload(week, Some(sessions), clock)?;
            Ok(if json {
                to_json(&caseload)
            } else {
                caseload_text(&caseload)
            })
        }
        Parsed::SelfcheckTake(sheet, at) => {
            let check = store.take_selfcheck(sheet, at, clock)?;
            Ok(if json {
                to_json(&check)
            } else {
                selfcheck_text(&check)
            })
        }
        Parsed::Chart(name, range, out, png) => {
            let chart = store.chart(name, range, Theme::Light, clock)?;
            let bytes = chart.file(if png {
                ExportFormat::Png
            } else {
                ExportFormat::Svg
            })?;
            // Readable by the user only, as every file Mooring writes.
            mooring_core::transfer::write_private(&out, &bytes)?;
            Ok(if json {
                to_json(&serde_json::json!({ "file": out, "summary": chart.summary }))
            } else {
                chart.summary
            })
        }
        Parsed::DemoData(years, seed) => {
            let summary = store.generate_demo_data(years, seed, clock)?;
            Ok(if json {
                to_json(&summary)
            } else {
                format!(
                    "Made {} weeks of history ({} heavy), {} peer contacts and {} self-checks.",
                    summary.weeks, summary.heavy_weeks, summary.contacts, summary.selfchecks
                )
            })
        }
        Parsed::Nudges => {
            let evaluation = store.nudges(clock)?;
            Ok(if json {
                to_json(&nudge_previews(&evaluation.due))
            } else {
                nudges_text(&evaluation)
            })
        }
        Parsed::Suggestions => {
            let suggestions = store.home_suggestions()?;
            Ok(if json {
                to_json(&suggestions)
            } else if suggestions.is_empty() {
                "No suggestions now.".to_owned()
            } else {
                suggestions
                    .iter()
                    .map(|s| format!("{}\n  {}\n  key: {}", s.title, s.text, s.key))
                    .collect::<Vec<_>>()
                    .join("\n\n")
            })
        }
        Parsed::SuggestionDismiss(key) => {
            store.dismiss_shown_suggestion(key.trim(), clock)?;
            Ok(if json {
                to_json(&serde_json::json!({ "dismissed": key.trim() }))
            } else {
                "Put away; it will not come back for this run of contacts.".to_owned()
            })
        }
        Parsed::AnswerNudge(answer) => {
            // The nudge sent and not yet answered; without one, the nudge that is due now.
            let evaluation = store.nudges(clock)?;
            let nudge = evaluation
                .pending
                .or_else(|| evaluation.due.into_iter().next())
                .ok_or_else(|| {
                    mooring_core::Error::NotFound(
                        "No nudge is waiting for an answer, and none is due.".into(),
                    )
                })?;
            let (done, until) = match answer {
                NudgeAnswer::Snooze(snooze) => {
                    let until = store.snooze_nudge(nudge.rule, &nudge.subject, snooze, clock)?;
                    (NudgeEvent::Snoozed, Some(until))
                }
                NudgeAnswer::Answer(event) => {
                    store.answer_nudge(nudge.rule, &nudge.subject, event, clock)?;
                    (event, None)
                }
            };
            Ok(if json {
                to_json(&serde_json::json!({
                    "rule": nudge.rule,
                    "subject": nudge.subject,
                    "event": done,
                    "until": until,
                }))
            } else {
                match until {
                    Some(until) => format!(
                        "Snoozed \"{}\" until {}.",
                        nudge.title,
                        DateStyle::from_env().weekday_date_time(until.naive_local())
                    ),
                    None if done == NudgeEvent::Dismissed => {
                        format!("Dismissed \"{}\".", nudge.title)
                    }
                    None => format!("Marked \"{}\" as acted on.", nudge.title),
                }
            })
        }
        Parsed::Records(command) => command.execute(store, clock, json),
        Parsed::DebriefRequest => {
            let request = store.request_debrief(clock)?;
            Ok(if json {
                to_json(&request)
            } else {
                debrief_text(&request)
            })
        }
        Parsed::NoteCheck(text) => Ok(note_check(&store.client_details_check(clock)?, &text, json)),
        Parsed::SettingsShow => {
            let settings = store.settings()?;
            Ok(if json {
                to_json(&settings_object(&settings))
            } else {
                settings_text(&settings)
            })
        }
        Parsed::SettingsSet(key, value) => {
            let settings = store.set_setting(&key, &value, clock)?;
            // A shorter retention applies at once.
            store.erase_old_notes(clock)?;
            Ok(if json {
                to_json(&settings_object(&settings))
            } else {
                settings_text(&settings)
            })
        }
        Parsed::CaseloadOverride(week, heavy) => {
            let caseload = store.set_heavy_override(week, heavy, clock)?;
            Ok(if json {
                to_json(&caseload)
            } else {
                caseload_text(&caseload)
            })
        }
        Parsed::SelfcheckList => {
            let checks = store.selfchecks(clock)?;
            Ok(if json {
                to_json(&checks)
            } else {
                selfchecks_text(&checks)
            })
        }
        Parsed::CaseloadShow(week) => {
            let caseload = store.caseload(week, clock)?;
            Ok(if json {
                to_json(&caseload)
            } else {
                caseload_text(&caseload)
            })
        }
        Parsed::BackupCreate => {
            let backup = store.create_backup(clock)?;
            Ok(if json {
                to_json(&backup)
            } else {
                format!(
                    "Backed up to {} ({}).",
                    backup.path.display(),
                    size_text(backup.bytes)
                )
            })
        }
        Parsed::RecoveryCheck(_) => unreachable!("checked before the data is opened"),
        Parsed::Recover(_) => unreachable!("answered before a command runs on open data"),
        Parsed::RecoveryKeyOut(out) => {
            store.write_recovery_key(&out)?;
            Ok(if json {
                to_json(&serde_json::json!({ "written": out }))
            } else {
                format!(
                    "Wrote the recovery key to {}. Print it or keep it somewhere safe that is \
                     not this computer, then delete the file.",
                    out.display()
                )
            })
        }
        Parsed::KeyChange(passphrase) => {
            store.change_key(passphrase.as_ref(), access.credentials, clock)?;
            let backups = store.backups()?.len();
            Ok(if json {
                to_json(&serde_json::json!({ "changed": true, "backups": backups }))
            } else {
                format!(
                    "Mooring encrypted your data and {} with a new key. The old recovery key no \
                     longer opens them: save the new one with `mooring-cli key recovery --out \
                     FILE`.",
                    match backups {
                        1 => "1 backup".to_owned(),
                        n => format!("{n} backups"),
                    }
                )
            })
        }
        Parsed::BackupList => {
            let backups = store.backups()?;
            Ok(if json {
                to_json(&backups)
            } else {
                backups_text(&backups)
            })
        }
        Parsed::BackupRestore(id) => {
            let restored = store.restore_backup(&id, clock)?;
            Ok(if json {
                to_json(&restored)
            } else {
                let erased = match restored.notes_erased {
                    0 => String::new(),
                    1 => " 1 note older than you keep notes was erased from it.".to_owned(),
                    n => format!(" {n} notes older than you keep notes were erased from it."),
                };
                format!(
                    "Restored the backup of {}. What was here before is backed up too.{erased}",
                    DateStyle::from_env().weekday_date_time(
                        restored
                            .backup
                            .created_at
                            .with_timezone(&clock.now().timezone())
                            .naive_local()
                    )
                )
            })
        }
        Parsed::Export(format, out, passphrase) => {
            let files = match &passphrase {
                Some(passphrase) => mooring_core::transfer::write_encrypted_export(
                    &store.export(clock)?,
                    &out,
                    passphrase,
                )?,
                None => store.export_to(format, &out, clock)?,
            };
            Ok(if json {
                to_json(&serde_json::json!({ "files": files, "encrypted": passphrase.is_some() }))
            } else if passphrase.is_some() {
                format!(
                    "Exported to {}, encrypted with your export passphrase.",
                    out.display()
                )
            } else {
                format!(
                    "Exported to {}. It is not encrypted: keep it somewhere private, or export again \
                     with --encrypt (and MOORING_EXPORT_PASSPHRASE) for a file only your \
                     passphrase opens.",
                    out.display()
                )
            })
        }
        Parsed::Import(export, replace) => {
            let summary = store.import(&export, replace, clock)?;
            Ok(if json {
                to_json(&summary)
            } else {
                format!(
                    "Imported {} peers, {} contacts and {} self-checks.{}",
                    summary.peers,
                    summary.contacts,
                    summary.selfchecks,
                    summary
                        .backup
                        .as_ref()
                        .map_or(String::new(), |backup| format!(
                            " What was here before is backed up as {}.",
                            backup.id
                        ))
                )
            })
        }
    }
}

/// A command whose arguments are all checked.
enum Parsed {
    Status,
    Show(Week),
    Tick(i64, Option<String>, Guard, Option<Vec<String>>),
    Untick(i64),
    TemplateList,
    TemplateAdd(NewTemplateItem, Guard),
    TemplateRename(i64, String, Guard),
    TemplateEdit(i64, TemplateChange, Guard),
    TemplateRemove(i64),
    TemplateMove(i64, Slot, usize),
    TemplateRestore,
    TemplateLink(i64, Option<ContactKind>),
    PeerAdd(PeerDetails, Guard),
    PeerEdit(String, PeerEdit, Guard),
    PeerList(bool),
    PeerArchive(String, bool),
    ContactLog(Vec<String>, NewContact, Guard),
    ContactList(ContactFilter),
    ContactDelete(i64),
    ContactRate(i64, Energy),
    CaseloadSet(Week, u32),
    CaseloadShow(Week),
    CaseloadOverride(Week, Option<bool>),
    SelfcheckTake(AnswerSheet, Option<DateTime<FixedOffset>>),
    SelfcheckList,
    Nudges,
    AnswerNudge(NudgeAnswer),
    Suggestions,
    SuggestionDismiss(String),
    NoteCheck(String),
    SettingsShow,
    SettingsSet(String, String),
    Chart(ChartName, Range, PathBuf, bool),
    DemoData(u32, u64),
    BackupCreate,
    BackupList,
    BackupRestore(String),
    RecoveryCheck(Secret),
    RecoveryKeyOut(PathBuf),
    KeyChange(Option<Secret>),
    Export(DataFormat, PathBuf, Option<Secret>),
    Import(Box<Export>, bool),
    Records(records::Parsed),
    DebriefRequest,
    Recover(Recovery),
}

/// What `recover` is asked to do.
enum Recovery {
    /// Say what is wrong and what can be done.
    Show,
    /// Put this backup in place of the damaged file.
    Restore(String),
    /// Write what still reads to this file.
    SaveReadable(PathBuf),
    /// Set the damaged file aside and start fresh.
    StartFresh,
}

/// What `peer edit` changes; `None` leaves a field as it is.
struct PeerEdit {
    rename: Option<String>,
    roles: Option<Vec<Role>>,
    stage: Option<Option<CareerStage>>,
    channel: Option<String>,
    area: Option<String>,
    dual_role: Option<String>,
    debrief: Option<bool>,
}

/// How the user answers the waiting nudge.
enum NudgeAnswer {
    Snooze(Snooze),
    Answer(NudgeEvent),
}

impl Parsed {
    fn from(
        command: Command,
        clock: &dyn Clock,
        export_passphrase: Option<Secret>,
    ) -> mooring_core::Result<Parsed> {
        Ok(match command {
            Command::Status => Parsed::Status,
            Command::Checklist(ChecklistCommand::Show { week }) => {
                Parsed::Show(week_or_this(week, clock)?)
            }
            Command::Checklist(ChecklistCommand::Tick {
                id,
                note,
                anyway,
                log_contact,
                peers,
            }) => Parsed::Tick(
                id,
                note,
                Guard::anyway(anyway),
                log_contact.then_some(peers),
            ),
            Command::Checklist(ChecklistCommand::Untick { id }) => Parsed::Untick(id),
            Command::Template(TemplateCommand::List) => Parsed::TemplateList,
            Command::Template(TemplateCommand::Add {
                title,
                slot,
                peer,
                reflection,
                kind,
                rhythm,
                anyway,
            }) => Parsed::TemplateAdd(
                NewTemplateItem {
                    slot: Slot::named(&slot)?,
                    title,
                    peer,
                    reflection,
                    contact_kind: kind.map(|kind| kind.parse()).transpose()?,
                    rhythm: rhythm.rhythm(clock)?.unwrap_or_default(),
                },
                Guard::anyway(anyway),
            ),
            Command::Template(TemplateCommand::Edit {
                id,
                title,
                weekly,
                rhythm,
                anyway,
            }) => Parsed::TemplateEdit(
                id,
                TemplateChange {
                    title,
                    rhythm: if weekly {
                        Some(Rhythm::Weekly)
                    } else {
                        rhythm.rhythm(clock)?
                    },
                    ..TemplateChange::default()
                },
                Guard::anyway(anyway),
            ),
            Command::Template(TemplateCommand::Link { id, kind }) => Parsed::TemplateLink(
                id,
                match kind.as_str() {
                    "none" => None,
                    kind => Some(kind.parse()?),
                },
            ),
            Command::Template(TemplateCommand::Rename { id, title, anyway }) => {
                Parsed::TemplateRename(id, title, Guard::anyway(anyway))
            }
            Command::Template(TemplateCommand::Remove { id }) => Parsed::TemplateRemove(id),
            Command::Template(TemplateCommand::Move { id, slot, position }) => {
                let position = match position {
                    None => usize::MAX,
                    Some(0) => {
                        return Err(mooring_core::Error::Invalid(
                            "Positions start at 1, the first item of the slot.".into(),
                        ))
                    }
                    Some(position) => position - 1,
                };
                Parsed::TemplateMove(id, slot.parse()?, position)
            }
            Command::Template(TemplateCommand::Restore) => Parsed::TemplateRestore,
            Command::Peer(PeerCommand::Add {
                name,
                stage,
                roles,
                channel,
                debrief,
                area,
                dual_role,
                anyway,
            }) => Parsed::PeerAdd(
                PeerDetails {
                    name,
                    career_stage: stage
                        .map(|stage| stage.parse::<CareerStage>())
                        .transpose()?,
                    roles: roles
                        .iter()
                        .map(|role| role.parse::<Role>())
                        .collect::<mooring_core::Result<_>>()?,
                    preferred_channel: channel,
                    debrief_within_72h: debrief,
                    practice_area: area,
                    dual_role,
                },
                Guard::anyway(anyway),
            ),
            Command::Peer(PeerCommand::Edit {
                name,
                rename,
                stage,
                channel,
                area,
                dual_role,
                debrief,
                roles,
                anyway,
            }) => Parsed::PeerEdit(
                name,
                PeerEdit {
                    roles: roles
                        .map(|roles| {
                            roles
                                .iter()
                                .filter(|role| !role.trim().is_empty())
                                .map(|role| role.parse::<Role>())
                                .collect::<mooring_core::Result<Vec<_>>>()
                        })
                        .transpose()?,
                    debrief: debrief
                        .map(|answer| match answer.trim().to_ascii_lowercase().as_str() {
                            "yes" => Ok(true),
                            "no" => Ok(false),
                            _ => Err(mooring_core::Error::Invalid(format!(
                                "--debrief takes yes or no; \"{answer}\" is neither."
                            ))),
                        })
                        .transpose()?,
                    rename,
                    stage: stage
                        .map(|stage| match stage.trim() {
                            "" => Ok(None),
                            stage => stage.parse::<CareerStage>().map(Some),
                        })
                        .transpose()?,
                    channel,
                    area,
                    dual_role,
                },
                Guard::anyway(anyway),
            ),
            Command::Peer(PeerCommand::List { all }) => Parsed::PeerList(all),
            Command::Peer(PeerCommand::Archive { name }) => Parsed::PeerArchive(name, true),
            Command::Peer(PeerCommand::Unarchive { name }) => Parsed::PeerArchive(name, false),
            Command::Contact(ContactCommand::Log {
                peers,
                group,
                kind,
                at,
                logistics,
                intention,
                minutes,
                note,
                anyway,
                energy,
            }) => Parsed::ContactLog(
                peers,
                NewContact {
                    at: at.as_deref().map(parse_instant).transpose()?,
                    peers: Vec::new(),
                    with_group: group,
                    kind: kind.parse::<ContactKind>()?,
                    substantive: !logistics,
                    intentions: intention
                        .iter()
                        .flat_map(|list| list.split(','))
                        .map(str::trim)
                        .filter(|one| !one.is_empty())
                        .map(str::parse::<Intention>)
                        .collect::<mooring_core::Result<_>>()?,
                    energy: energy.as_deref().map(str::parse::<Energy>).transpose()?,
                    minutes,
                    note,
                },
                Guard::anyway(anyway),
            ),
            Command::Contact(ContactCommand::List { since }) => {
                Parsed::ContactList(ContactFilter {
                    since: since
                        .map(|date| {
                            date.parse().map_err(|_| {
                                mooring_core::Error::Invalid(format!(
                                    "\"{date}\" is not a date. Write it like 2026-11-23."
                                ))
                            })
                        })
                        .transpose()?,
                    ..ContactFilter::default()
                })
            }
            Command::Contact(ContactCommand::Delete { id }) => Parsed::ContactDelete(id),
            Command::Contact(ContactCommand::Rate { id, energy }) => {
                Parsed::ContactRate(id, energy.parse()?)
            }
            Command::Caseload(CaseloadCommand::Set { sessions, week }) => {
                Parsed::CaseloadSet(week_or_this(week, clock)?, sessions)
            }
            Command::Caseload(CaseloadCommand::Show { week }) => {
                Parsed::CaseloadShow(week_or_this(week, clock)?)
            }
            Command::Caseload(CaseloadCommand::Override { call, week }) => {
                let heavy = match call.as_str() {
                    "heavy" => Some(true),
                    "light" => Some(false),
                    "auto" => None,
                    _ => {
                        return Err(mooring_core::Error::Invalid(format!(
                            "\"{call}\" is not a call on a week: write heavy, light or auto."
                        )))
                    }
                };
                Parsed::CaseloadOverride(week_or_this(week, clock)?, heavy)
            }
            Command::Selfcheck(SelfcheckCommand::Take { q1, q2, q3, q4, at }) => {
                let yes_no = |number, answer: Option<String>| {
                    answer.map(|a| parse_yes_no(number, &a)).transpose()
                };
                let sheet = AnswerSheet {
                    talked_beyond_logistics: yes_no(1, q1)?,
                    debrief_within_72h: yes_no(2, q2)?,
                    mixed_career_stages: yes_no(3, q3)?,
                    safety_net: q4.as_deref().map(parse_rating).transpose()?,
                };
                // Checked here too, so that bad answers never open (or create) the database.
                sheet.answers()?;
                Parsed::SelfcheckTake(sheet, at.as_deref().map(parse_instant).transpose()?)
            }
            Command::Selfcheck(SelfcheckCommand::List) => Parsed::SelfcheckList,
            Command::Nudges { action: None } => Parsed::Nudges,
            Command::Nudges {
                action: Some(NudgesCommand::Snooze { length }),
            } => Parsed::AnswerNudge(NudgeAnswer::Snooze(length.parse()?)),
            Command::Nudges {
                action: Some(NudgesCommand::Dismiss),
            } => Parsed::AnswerNudge(NudgeAnswer::Answer(NudgeEvent::Dismissed)),
            Command::Nudges {
                action: Some(NudgesCommand::Act),
            } => Parsed::AnswerNudge(NudgeAnswer::Answer(NudgeEvent::ActedOn)),
            Command::Suggestions { action: None } => Parsed::Suggestions,
            Command::Suggestions {
                action: Some(SuggestionsCommand::Dismiss { key }),
            } => Parsed::SuggestionDismiss(key),
            Command::Note(NoteCommand::Check { text }) => Parsed::NoteCheck(text),
            Command::Settings(SettingsCommand::Show) => Parsed::SettingsShow,
            Command::Settings(SettingsCommand::Set { key, value }) => {
                // Checked on the defaults first, so that a bad key or value never opens
                // (or creates) the database; the real check runs on the stored settings.
                let mut probe = Settings::default();
                probe.set(&key, &value, clock)?;
                // Quiet hours are checked against each other, which only the stored ones can.
                if !key.starts_with("quiet-") {
                    probe.check()?;
                }
                Parsed::SettingsSet(key, value)
            }
            Command::Chart {
                name,
                out,
                range,
                force,
            } => {
                let out = new_file(out, force, "the chart")?;
                let png = match out
                    .extension()
                    .and_then(|ext| ext.to_str())
                    .map(str::to_ascii_lowercase)
                    .as_deref()
                {
                    Some("png") => true,
                    Some("svg") => false,
                    _ => {
                        return Err(mooring_core::Error::Invalid(format!(
                            "{} should end in .svg or .png; the extension decides the format.",
                            out.display()
                        )))
                    }
                };
                Parsed::Chart(name.parse()?, range.parse()?, out, png)
            }
            Command::DemoData { years, seed } => Parsed::DemoData(years, seed),
            Command::Debrief(DebriefCommand::Request) => Parsed::DebriefRequest,
            Command::Manual => unreachable!("the manual is written before any command is parsed"),
            Command::Agreement(command) => Parsed::Records(records::Parsed::agreement(command)?),
            Command::Consult(command) => Parsed::Records(records::Parsed::consult(command)?),
            Command::Backup(BackupCommand::Create) => Parsed::BackupCreate,
            Command::Backup(BackupCommand::List) => Parsed::BackupList,
            Command::Backup(BackupCommand::Restore { id }) => Parsed::BackupRestore(id),
            Command::Key(KeyCommand::RecoveryCheck { file }) => Parsed::RecoveryCheck(match file {
                Some(file) => Secret::from_file(&file)?,
                None => {
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line).map_err(|err| {
                        mooring_core::Error::Invalid(format!(
                            "Mooring could not read the recovery key from standard input: {err}."
                        ))
                    })?;
                    Secret::new(line)
                }
            }),
            Command::Key(KeyCommand::Change {
                new_passphrase_file,
            }) => Parsed::KeyChange(match new_passphrase_file {
                Some(file) => Some(Secret::from_file(&file)?),
                None => std::env::var(NEW_PASSPHRASE_VARIABLE)
                    .ok()
                    .filter(|text| !text.is_empty())
                    .map(Secret::new),
            }),
            Command::Key(KeyCommand::Recovery { out }) => {
                if out.exists() {
                    return Err(mooring_core::Error::Invalid(format!(
                        "{} already exists; Mooring writes the recovery key into a new file only.",
                        out.display()
                    )));
                }
                Parsed::RecoveryKeyOut(out)
            }
            Command::Export {
                format,
                out,
                encrypt,
                force,
            } => {
                let format = match format.as_str() {
                    "json" => DataFormat::Json,
                    "csv" => DataFormat::Csv,
                    other => {
                        return Err(mooring_core::Error::Invalid(format!(
                            "Export as json or csv; \"{other}\" is neither."
                        )))
                    }
                };
                let out = new_file(out, force, "the export")?;
                let passphrase = match (encrypt, format) {
                    (false, _) => None,
                    (true, DataFormat::Json) => Some(export_passphrase.ok_or_else(|| {
                        mooring_core::Error::Invalid(
                            "An encrypted export needs a passphrase: set \
                             MOORING_EXPORT_PASSPHRASE or use --export-passphrase-file."
                                .into(),
                        )
                    })?),
                    (true, DataFormat::Csv) => {
                        return Err(mooring_core::Error::Invalid(
                            "Only the JSON export can be encrypted.".into(),
                        ))
                    }
                };
                Parsed::Export(format, out, passphrase)
            }
            Command::Recover {
                restore,
                save_readable,
                start_fresh,
            } => Parsed::Recover(match (restore, save_readable, start_fresh) {
                (Some(id), _, _) => Recovery::Restore(id),
                (None, Some(out), _) => Recovery::SaveReadable(out),
                (None, None, true) => Recovery::StartFresh,
                (None, None, false) => Recovery::Show,
            }),
            // The whole file is read and checked before the data folder is opened.
            Command::Import { path, replace } => Parsed::Import(
                Box::new(read_export_with(&path, export_passphrase.as_ref())?),
                replace,
            ),
        })
    }
}

/// `out`, once its folder exists and nothing is there (a file, or a folder with files in it),
/// unless `force` says to replace it; `what` names what would be written.
fn new_file(out: PathBuf, force: bool, what: &str) -> mooring_core::Result<PathBuf> {
    let folder = out.parent().filter(|folder| !folder.as_os_str().is_empty());
    if folder.is_some_and(|folder| !folder.is_dir()) {
        return Err(mooring_core::Error::Invalid(format!(
            "There is no folder {} to write {what} into.",
            folder.unwrap_or(&out).display()
        )));
    }
    let taken = match std::fs::read_dir(&out) {
        Ok(mut entries) => entries.next().is_some(),
        Err(_) => out.exists(),
    };
    if taken && !force {
        return Err(mooring_core::Error::Invalid(format!(
            "{} already exists. Choose another name, or add --force to replace it.",
            out.display()
        )));
    }
    Ok(out)
}

/// How often a template item comes round, as `template add` and `template edit` take it.
#[derive(Debug, clap::Args)]
struct RhythmArgs {
    /// Every 2, 3 or 4 weeks (1 is every week).
    #[arg(long, value_name = "N", conflicts_with = "monthly")]
    every: Option<u32>,
    /// With --every: a week it comes round in, like 2026-W48 (default: this week).
    #[arg(long, value_name = "WEEK", requires = "every")]
    from: Option<String>,
    /// Once a month, in the week of the Nth or last weekday: 1-wednesday is the first
    /// Wednesday, last-thursday the last Thursday.
    #[arg(long, value_name = "N-WEEKDAY")]
    monthly: Option<String>,
}

impl RhythmArgs {
    /// The rhythm asked for, or `None` when none was.
    fn rhythm(&self, clock: &dyn Clock) -> mooring_core::Result<Option<Rhythm>> {
        if let Some(monthly) = &self.monthly {
            return Ok(Some(mooring_core::rhythm::parse_monthly(monthly)?));
        }
        let Some(weeks) = self.every else {
            return Ok(None);
        };
        let from = week_or_this(self.from.clone(), clock)?;
        Ok(Some(Rhythm::every(weeks, from)?))
    }
}

/// The named week, or the one containing today.
fn week_or_this(week: Option<String>, clock: &dyn Clock) -> mooring_core::Result<Week> {
    match week {
        Some(week) => week.parse(),
        None => Ok(clock.this_week()),
    }
}

/// A nudge as `nudges --json` prints it: the peer by name.
#[derive(serde::Serialize)]
struct NudgePreview<'a> {
    rule: Rule,
    title: &'a str,
    body: &'a str,
    peer: Option<&'a str>,
}

fn nudge_previews(nudges: &[Nudge]) -> Vec<NudgePreview<'_>> {
    nudges
        .iter()
        .map(|nudge| NudgePreview {
            rule: nudge.rule,
            title: &nudge.title,
            body: &nudge.body,
            peer: nudge.peer.as_ref().map(|peer| peer.name.as_str()),
        })
        .collect()
}

/// Pretty JSON for `--json`.
fn to_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).expect("values of mooring-core always serialize")
}

/// The one line of a clap error that says what was wrong, without usage or hints.
fn first_line_of_clap_error(err: &clap::Error) -> String {
    let text = err.to_string();
    let mut lines = text.lines().map(str::trim).filter(|line| !line.is_empty());
    let line = lines.next().unwrap_or("invalid arguments");
    let line = line.trim_start_matches("error: ");
    // "the following required arguments were not provided:" names them on the next line.
    match (line.ends_with(':'), lines.next()) {
        (true, Some(what)) => format!("{line} {what}"),
        _ => line.to_owned(),
    }
}

/// Every setting as one JSON object, keyed as `settings set` takes them.
fn settings_object(settings: &Settings) -> serde_json::Map<String, serde_json::Value> {
    settings
        .entries()
        .into_iter()
        .map(|(key, value)| (key.to_owned(), serde_json::Value::String(value)))
        .collect()
}

/// Prints the failure as one line on stderr, `{"code", "message"}` with `--json`, and returns
/// `exit`.
fn fail(code: &str, message: &str, exit: ExitCode, json: bool) -> ExitCode {
    let message = message.replace('\n', " ");
    let line = if json {
        serde_json::json!({ "code": code, "message": message }).to_string()
    } else {
        format!("mooring-cli: {message}")
    };
    let _ = writeln!(std::io::stderr(), "{line}");
    exit
}

//! `mooring-cli`: Mooring from the command line, on the same database as the app.
//!
//! For scripting, backups and quick logging without opening a window. Any bad input exits
//! non-zero with a one-line message on stderr and writes nothing.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use mooring_core::{
    default_data_dir, Clock, FixedClock, NewTemplateItem, Slot, Status, Store, SystemClock, TemplateChange, TemplateItem,
    Week, WeekChecklist,
};

/// Mooring from the command line: the same data as the app, no window.
#[derive(Debug, Parser)]
#[command(name = "mooring-cli", version, about)]
struct Cli {
    /// The data folder (default: the app's own per-user data folder).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// Pin the clock to this instant, in RFC 3339 (2026-11-23T09:00:00+01:00).
    #[arg(long, global = true, value_name = "INSTANT")]
    now: Option<String>,

    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    json: bool,

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
        /// A short reflection (reflection items only).
        #[arg(long)]
        note: Option<String>,
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
    },
    /// Rename an item, from this week on.
    Rename {
        /// The template item's id.
        id: i64,
        /// The new title.
        title: String,
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
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => {
            // --help and --version are not errors.
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        Err(err) => return fail(&first_line_of_clap_error(&err)),
    };
    match run(cli) {
        Ok(output) => {
            let mut stdout = std::io::stdout().lock();
            let _ = writeln!(stdout, "{output}");
            ExitCode::SUCCESS
        }
        Err(err) => fail(&err.to_string()),
    }
}

/// Runs one command and returns what to print.
fn run(cli: Cli) -> mooring_core::Result<String> {
    // Parse everything the user typed before touching the database.
    let clock: Box<dyn Clock> = match &cli.now {
        Some(instant) => Box::new(FixedClock::parse(instant)?),
        None => Box::new(SystemClock),
    };
    let data_dir = match cli.data_dir {
        Some(dir) => dir,
        None => default_data_dir()?,
    };
    let clock = clock.as_ref();
    // Parse the command's own arguments before opening (and perhaps creating) the database.
    let command = Parsed::from(cli.command, clock)?;
    let mut store = Store::open_in(&data_dir)?;
    let json = cli.json;
    let checklist = |store: &mut Store, week| -> mooring_core::Result<String> {
        let checklist = store.checklist(week, clock)?;
        Ok(if json { to_json(&checklist) } else { checklist_text(&checklist) })
    };
    let template = |store: &Store| -> mooring_core::Result<String> {
        let items = store.template()?;
        Ok(if json { to_json(&items) } else { template_text(&items) })
    };
    match command {
        Parsed::Status => {
            let status = store.status(clock)?;
            Ok(if json { to_json(&status) } else { status_text(&status) })
        }
        Parsed::Show(week) => checklist(&mut store, week),
        Parsed::Tick(id, note) => {
            store.tick(id, note.as_deref(), clock)?;
            let week = store.week_of_item(id)?;
            checklist(&mut store, week)
        }
        Parsed::Untick(id) => {
            store.untick(id)?;
            let week = store.week_of_item(id)?;
            checklist(&mut store, week)
        }
        Parsed::TemplateList => template(&store),
        Parsed::TemplateAdd(new) => {
            store.add_template_item(new, clock)?;
            template(&store)
        }
        Parsed::TemplateRename(id, title) => {
            store.update_template_item(id, TemplateChange { title: Some(title), ..TemplateChange::default() }, clock)?;
            template(&store)
        }
        Parsed::TemplateRemove(id) => {
            store.remove_template_item(id, clock)?;
            template(&store)
        }
        Parsed::TemplateMove(id, slot, position) => {
            store.move_template_item(id, slot, position, clock)?;
            template(&store)
        }
        Parsed::TemplateRestore => {
            store.restore_default_template(clock)?;
            template(&store)
        }
    }
}

/// A command whose arguments are all checked.
enum Parsed {
    Status,
    Show(Week),
    Tick(i64, Option<String>),
    Untick(i64),
    TemplateList,
    TemplateAdd(NewTemplateItem),
    TemplateRename(i64, String),
    TemplateRemove(i64),
    TemplateMove(i64, Slot, usize),
    TemplateRestore,
}

impl Parsed {
    fn from(command: Command, clock: &dyn Clock) -> mooring_core::Result<Parsed> {
        Ok(match command {
            Command::Status => Parsed::Status,
            Command::Checklist(ChecklistCommand::Show { week }) => Parsed::Show(match week {
                Some(week) => week.parse()?,
                None => Week::containing(clock.now().date_naive()),
            }),
            Command::Checklist(ChecklistCommand::Tick { id, note }) => Parsed::Tick(id, note),
            Command::Checklist(ChecklistCommand::Untick { id }) => Parsed::Untick(id),
            Command::Template(TemplateCommand::List) => Parsed::TemplateList,
            Command::Template(TemplateCommand::Add { title, slot, peer, reflection }) => {
                Parsed::TemplateAdd(NewTemplateItem { slot: slot.parse()?, title, peer, reflection })
            }
            Command::Template(TemplateCommand::Rename { id, title }) => Parsed::TemplateRename(id, title),
            Command::Template(TemplateCommand::Remove { id }) => Parsed::TemplateRemove(id),
            Command::Template(TemplateCommand::Move { id, slot, position }) => {
                Parsed::TemplateMove(id, slot.parse()?, position.map_or(usize::MAX, |p| p.saturating_sub(1)))
            }
            Command::Template(TemplateCommand::Restore) => Parsed::TemplateRestore,
        })
    }
}

/// The plain-text form of a week's checklist.
fn checklist_text(checklist: &WeekChecklist) -> String {
    let mut lines = vec![format!(
        "Week {}: {} of {} done",
        checklist.week, checklist.completion.done, checklist.completion.total
    )];
    let mut slot = None;
    for item in &checklist.items {
        if slot != Some(item.slot) {
            slot = Some(item.slot);
            lines.push(String::new());
            lines.push(item.slot.label().to_owned());
        }
        let mark = if item.done { "[x]" } else { "[ ]" };
        let kind = if item.peer { "  (peer)" } else if item.reflection { "  (reflection)" } else { "" };
        lines.push(format!("  {mark} {:>4}  {}{kind}", item.id, item.title));
        if let Some(note) = &item.note {
            lines.push(format!("             note: {note}"));
        }
    }
    lines.join("\n")
}

/// The plain-text form of the template.
fn template_text(items: &[TemplateItem]) -> String {
    let mut lines = Vec::new();
    let mut slot = None;
    for item in items {
        if slot != Some(item.slot) {
            slot = Some(item.slot);
            if !lines.is_empty() {
                lines.push(String::new());
            }
            lines.push(item.slot.label().to_owned());
        }
        let kind = if item.peer { "  (peer)" } else if item.reflection { "  (reflection)" } else { "" };
        lines.push(format!("  {:>4}  {}{kind}", item.id, item.title));
    }
    if lines.is_empty() {
        lines.push("The template is empty.".to_owned());
    }
    lines.join("\n")
}

/// Pretty JSON for `--json`.
fn to_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).expect("values of mooring-core always serialize")
}

/// The plain-text form of `status`.
fn status_text(status: &Status) -> String {
    let caseload = match status.caseload {
        Some(sessions) => format!("{sessions} client sessions"),
        None => "not entered".to_owned(),
    };
    let contact = match status.days_since_substantive_contact {
        None => "none logged yet".to_owned(),
        Some(0) => "today".to_owned(),
        Some(1) => "yesterday".to_owned(),
        Some(days) => format!("{days} days ago"),
    };
    [
        format!(
            "Week {} ({} to {})",
            status.week,
            status.first_day.format("%a %-d %b"),
            status.last_day.format("%a %-d %b %Y")
        ),
        format!("Caseload: {caseload}"),
        format!("Heavy week: {}", if status.heavy_week { "yes" } else { "no" }),
        format!("Last substantive peer contact: {contact}"),
        format!("Self-check: {}", if status.selfcheck_due { "due" } else { "not due" }),
        format!("Checklist: {} of {} done", status.checklist.done, status.checklist.total),
    ]
    .join("\n")
}

/// The one line of a clap error that says what was wrong, without usage or hints.
fn first_line_of_clap_error(err: &clap::Error) -> String {
    let text = err.to_string();
    let line = text.lines().next().unwrap_or("invalid arguments");
    line.trim_start_matches("error: ").to_owned()
}

/// Prints `message` as one line on stderr and returns the failure exit code.
fn fail(message: &str) -> ExitCode {
    let message = message.replace('\n', " ");
    let _ = writeln!(std::io::stderr(), "mooring-cli: {message}");
    ExitCode::FAILURE
}

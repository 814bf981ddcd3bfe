//! `mooring-cli`: Mooring from the command line, on the same database as the app.
//!
//! For scripting, backups and quick logging without opening a window. Any bad input exits
//! non-zero with a one-line message on stderr and writes nothing.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use mooring_core::{default_data_dir, Clock, FixedClock, Status, Store, SystemClock};

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
    let store = Store::open_in(&data_dir)?;
    match cli.command {
        Command::Status => {
            let status = store.status(clock.as_ref())?;
            Ok(if cli.json { to_json(&status) } else { status_text(&status) })
        }
    }
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

//! The plain-text output of mooring-cli, for people reading a terminal.

use mooring_core::dates::DateStyle;
use mooring_core::debrief::DebriefRequest;
use mooring_core::{
    Answers, BackupFile, Contact, Evaluation, Finding, Peer, SelfCheck, Settings, Status,
    TemplateItem, WeekCaseload, WeekChecklist,
};
use std::path::Path;

/// The plain-text form of `status`.
pub fn status_text(status: &Status) -> String {
    let caseload = match (status.caseload, status.caseload_estimated) {
        (Some(sessions), true) if status.heavy_carried_over => {
            format!("about {sessions} client sessions, marked heavy last week (enter this week's)")
        }
        (Some(sessions), true) => {
            format!("about {sessions} client sessions, from last week (enter this week's)")
        }
        (Some(sessions), false) => format!("{sessions} client sessions"),
        (None, _) if status.heavy_carried_over => {
            "not entered; marked heavy last week (enter this week's)".to_owned()
        }
        (None, _) => "not entered".to_owned(),
    };
    let contact = match status.days_since_substantive_contact {
        None => "none logged yet".to_owned(),
        Some(0) => "today".to_owned(),
        Some(1) => "yesterday".to_owned(),
        Some(days) => format!("{days} days ago"),
    };
    let selfcheck = match (status.selfcheck_due, status.selfcheck_due_on) {
        (true, _) | (false, None) => "due".to_owned(),
        (false, Some(on)) => format!(
            "not due; next on {} ({})",
            DateStyle::from_env().weekday_date(on),
            in_days(status.days_until_selfcheck)
        ),
    };
    [
        format!(
            "Week {} ({} to {})",
            status.week,
            DateStyle::from_env().weekday_date(status.first_day),
            DateStyle::from_env().weekday_date(status.last_day)
        ),
        format!("Caseload: {caseload}"),
        format!(
            "Heavy week: {}",
            if status.heavy_week { "yes" } else { "no" }
        ),
        format!("Last substantive peer contact: {contact}"),
        format!("Self-check: {selfcheck}"),
        format!(
            "Checklist: {} of {} done",
            status.checklist.done, status.checklist.total
        ),
    ]
    .join("\n")
}

/// The plain-text form of a week's checklist.
pub fn checklist_text(checklist: &WeekChecklist) -> String {
    let mut lines = vec![if checklist.tickable {
        format!(
            "Week {}: {} of {} done",
            checklist.week, checklist.completion.done, checklist.completion.total
        )
    } else {
        format!(
            "Week {}: the template, as a preview (only weeks from your first use to this one can be ticked)",
            checklist.week
        )
    }];
    let mut slot = None;
    for item in &checklist.items {
        if slot != Some(item.slot) {
            slot = Some(item.slot);
            lines.push(String::new());
            lines.push(item.slot.label().to_owned());
        }
        let mark = if item.done { "[x]" } else { "[ ]" };
        let kind = if item.peer {
            "  (peer)"
        } else if item.reflection {
            "  (reflection)"
        } else {
            ""
        };
        // A preview's items cannot be ticked: no id to type.
        let id = if checklist.tickable {
            item.id.to_string()
        } else {
            String::new()
        };
        lines.push(format!("  {mark} {id:>4}  {}{kind}", item.title));
        if let Some(note) = &item.note {
            lines.push(format!("             note: {note}"));
        }
    }
    lines.join("\n")
}

/// The plain-text form of the template.
pub fn template_text(items: &[TemplateItem]) -> String {
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
        let kind = match (item.peer, item.contact_kind) {
            (true, Some(kind)) => format!("  (peer; ticked by a {kind})"),
            (true, None) => "  (peer)".to_owned(),
            _ if item.reflection => "  (reflection)".to_owned(),
            _ => String::new(),
        };
        // How often it comes round, unless every week.
        let rhythm = match item.rhythm {
            mooring_core::Rhythm::Weekly => String::new(),
            other => format!("  [{}]", other.describe()),
        };
        lines.push(format!("  {:>4}  {}{kind}{rhythm}", item.id, item.title));
    }
    if lines.is_empty() {
        lines.push("The template is empty.".to_owned());
    }
    lines.join("\n")
}

/// The plain-text form of the peer list.
pub fn peers_text(peers: &[Peer]) -> String {
    if peers.is_empty() {
        return "No peers yet. Add one with: mooring-cli peer add NAME".to_owned();
    }
    peers
        .iter()
        .map(|peer| {
            let mut details = Vec::new();
            if let Some(stage) = peer.career_stage {
                details.push(format!("{stage} career"));
            }
            if !peer.roles.is_empty() {
                details.push(
                    peer.roles
                        .iter()
                        .map(|role| role.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                );
            }
            if peer.debrief_within_72h {
                details.push("debrief within 72 h".to_owned());
            }
            details.push(match peer.days_since_contact {
                None => "no contact yet".to_owned(),
                Some(0) => "in touch today".to_owned(),
                Some(days) => format!("last contact {days} days ago"),
            });
            let archived = if peer.archived { " (archived)" } else { "" };
            format!(
                "{:>4}  {}{archived}: {}",
                peer.id,
                peer.name,
                details.join("; ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The plain-text form of the contact log.
pub fn contacts_text(contacts: &[Contact]) -> String {
    if contacts.is_empty() {
        return "No contacts logged.".to_owned();
    }
    contacts
        .iter()
        .map(|contact| {
            let mut with: Vec<String> =
                contact.peers.iter().map(|peer| peer.name.clone()).collect();
            if contact.with_group {
                with.push("the consultation group".to_owned());
            }
            let substance = if contact.substantive {
                ""
            } else {
                " (logistics only)"
            };
            format!(
                "{:>4}  {}  {} with {}{substance}",
                contact.id,
                contact.at,
                contact.kind,
                with.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The plain-text form of a week's caseload.
pub fn caseload_text(caseload: &WeekCaseload) -> String {
    let sessions = match (caseload.sessions, caseload.estimate) {
        (Some(n), _) => format!("{n} client sessions"),
        (None, Some(n)) => format!("about {n} client sessions, from the week before"),
        (None, None) => "not entered".to_owned(),
    };
    let heavy = match (caseload.heavy_week, caseload.heavy_override) {
        (true, Some(_)) => "heavy (marked by you)",
        (false, Some(_)) => "not heavy (marked by you)",
        (true, None) => "heavy",
        (false, None) => "not heavy",
    };
    format!("Week {}: {sessions}, {heavy}", caseload.week)
}

/// The plain-text form of `settings show`: one `key value` line each.
pub fn settings_text(settings: &Settings) -> String {
    settings
        .entries()
        .into_iter()
        .map(|(key, value)| format!("{key:<24}{value}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The plain-text form of `note check`.
pub fn findings_text(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "Nothing in it looks like a client's details.".to_owned();
    }
    findings
        .iter()
        .map(|finding| format!("Looks like {}: \"{}\"", finding.what, finding.excerpt))
        .collect::<Vec<_>>()
        .join("\n")
}

/// "in 1 day", "in 5 days".
fn in_days(days: i64) -> String {
    if days == 1 {
        "in 1 day".to_owned()
    } else {
        format!("in {days} days")
    }
}

/// The answers on one line: "Q1 yes, Q2 no, Q3 yes, Q4 7/10".
fn answers_text(answers: &Answers) -> String {
    let yes_no = |yes: bool| if yes { "yes" } else { "no" };
    format!(
        "Q1 {}, Q2 {}, Q3 {}, Q4 {}/10",
        yes_no(answers.talked_beyond_logistics),
        yes_no(answers.debrief_within_72h),
        yes_no(answers.mixed_career_stages),
        answers.safety_net
    )
}

/// The plain-text result of `selfcheck take`.
pub fn selfcheck_text(check: &SelfCheck) -> String {
    let mut lines = vec![
        format!("Connectedness index: {} of 100", check.index),
        format!("Answers: {}", answers_text(&check.answers)),
    ];
    if check.suggestions.is_empty() {
        lines.push("No gaps this time.".to_owned());
    }
    for suggestion in &check.suggestions {
        lines.push(format!("Q{}: {}", suggestion.question, suggestion.text));
    }
    lines.join("\n")
}

/// The plain-text form of `selfcheck list`.
pub fn selfchecks_text(checks: &[SelfCheck]) -> String {
    if checks.is_empty() {
        return "No self-checks yet.".to_owned();
    }
    checks
        .iter()
        .map(|check| {
            let change = match check.change {
                None => String::new(),
                Some(0) => "  (no change)".to_owned(),
                Some(change) => format!("  ({change:+})"),
            };
            format!(
                "{}  index {:>3}{change}  {}",
                check.taken_at.format("%Y-%m-%d %H:%M"),
                check.index,
                answers_text(&check.answers)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The plain-text form of `nudges`.
pub fn nudges_text(evaluation: &Evaluation) -> String {
    let mut lines: Vec<String> = evaluation
        .due
        .iter()
        .map(|nudge| format!("{}: {} {}", nudge.rule, nudge.title, nudge.body))
        .collect();
    if lines.is_empty() {
        lines.push("No nudges due.".to_owned());
    }
    if let Some(next) = evaluation.next_check {
        lines.push(format!(
            "Next check: {}",
            DateStyle::from_env().weekday_date_time(next.naive_local())
        ));
    }
    lines.join("\n")
}

/// The backups, newest first, one a line: when, why, how big, and the id to restore it by.
pub fn backups_text(backups: &[BackupFile]) -> String {
    if backups.is_empty() {
        return "No backups yet. `mooring-cli backup create` makes one.".into();
    }
    let line = |backup: &BackupFile| {
        format!(
            "{}  {:<17} {:>9}  {}",
            backup.created_at.format("%Y-%m-%d %H:%M UTC"),
            serde_json::to_value(backup.reason)
                .ok()
                .and_then(|value| value.as_str().map(str::to_owned))
                .unwrap_or_default(),
            size_text(backup.bytes),
            backup.id
        )
    };
    let folder = |backup: &BackupFile| backup.path.parent().map(Path::to_path_buf);
    let mut folders: Vec<_> = backups.iter().map(folder).collect();
    folders.dedup();
    folders.sort();
    folders.dedup();
    if folders.len() == 1 {
        return backups.iter().map(line).collect::<Vec<_>>().join("\n");
    }
    // Backups in more than one folder (one chosen before, or the default one): each under
    // where it is.
    let mut groups = Vec::new();
    for each in folders {
        let lines: Vec<String> = backups
            .iter()
            .filter(|backup| folder(backup) == each)
            .map(line)
            .collect();
        let name = each.map_or_else(String::new, |path| path.display().to_string());
        groups.push(format!("In {name}:\n{}", lines.join("\n")));
    }
    groups.join("\n\n")
}

/// A file size the way a person reads it: "812 KB", "3.4 MB".
pub fn size_text(bytes: u64) -> String {
    match bytes {
        0..=999 => format!("{bytes} bytes"),
        1_000..=999_999 => format!("{} KB", bytes / 1_000),
        _ => format!("{:.1} MB", bytes as f64 / 1_000_000.0),
    }
}

/// The plain-text form of `debrief request`: whom to ask, and when the reminder comes.
pub fn debrief_text(request: &DebriefRequest) -> String {
    let who = if request.peers.is_empty() {
        "No peer is marked as available to debrief within 72 hours: mark one (peer edit NAME \
         --debrief yes), or reach out to whoever you trust."
            .to_owned()
    } else {
        let names: Vec<String> = request
            .peers
            .iter()
            .map(|peer| {
                if peer.roles.contains(&mooring_core::Role::Buddy) {
                    format!("{} (your buddy)", peer.name)
                } else {
                    peer.name.clone()
                }
            })
            .collect();
        format!("Who can debrief within 72 hours: {}.", names.join(", "))
    };
    // When a hold moves the reminder past 72 hours, the promise says so.
    let after = request
        .follow_up_after
        .map(|after| format!(", {after}"))
        .unwrap_or_default();
    format!(
        "{who}\nIf no debrief is logged by {}{after}, Mooring will remind you gently.",
        DateStyle::from_env().weekday_date_time(request.follow_up_at.naive_local())
    )
}

//! `agreement` and `consult`: the group's confidentiality agreement and the consultation record.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;
use mooring_core::consultation::{ConsultationType, NewConsultation};
use mooring_core::printable::{agreement_page, consultations_page, write_page};
use mooring_core::{Agreement, Clock, Consultation, Error, Guard, Intention, Result, Store};

#[derive(Debug, Subcommand)]
pub enum AgreementCommand {
    /// Start a group's confidentiality agreement.
    New {
        /// The agreement's name, such as the group's: "Wednesday group".
        name: String,
        /// Start from the eight built-in commitments (otherwise it starts empty).
        #[arg(long)]
        from_template: bool,
        /// Save it even if the name looks like it holds a client's details.
        #[arg(long)]
        anyway: bool,
    },
    /// Show an agreement: its commitments, members, signatures and when re-signing is due.
    Show {
        /// Which agreement (default: the only one).
        name: Option<String>,
    },
    /// Record that a member signed (they join the group if they were not in it), or you did.
    Sign {
        /// The agreement's name.
        name: String,
        /// The peer who signed.
        #[arg(long, required_unless_present = "me", conflicts_with = "me")]
        peer: Option<String>,
        /// You signed it yourself.
        #[arg(long)]
        me: bool,
        /// The day they signed, YYYY-MM-DD (default: today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Revise the name or the commitments; once someone has signed, everyone signs again.
    Edit {
        /// The agreement's name.
        name: String,
        /// Its new name.
        #[arg(long = "name", value_name = "NEW")]
        new_name: Option<String>,
        /// Rewrite commitment N: --commitment 3 "We share only what the question needs."
        #[arg(long, num_args = 2, value_names = ["N", "TEXT"], allow_hyphen_values = true)]
        commitment: Option<Vec<String>>,
        /// Add a commitment at the end.
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        add: Option<String>,
        /// Remove commitment N.
        #[arg(long, value_name = "N")]
        remove: Option<usize>,
        /// Save it even if the text looks like it holds a client's details.
        #[arg(long)]
        anyway: bool,
    },
    /// Add a member to the group, or remove one; either way, everyone signs again.
    #[command(subcommand)]
    Member(MemberCommand),
    /// Write the agreement as a page to print and sign (HTML).
    Export {
        /// Which agreement (default: the only one).
        name: Option<String>,
        /// The file to write.
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Add a peer to the group.
    Add {
        /// The agreement's name.
        name: String,
        /// The peer to add.
        #[arg(long)]
        peer: String,
    },
    /// Take a peer out of the group.
    Remove {
        /// The agreement's name.
        name: String,
        /// The peer to take out.
        #[arg(long)]
        peer: String,
    },
}

// Parsed once per run: the size of the `add` variant costs nothing worth boxing for.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum ConsultCommand {
    /// Record a consultation: the question, the options, the standards, the risks and benefits,
    /// the recommendations, the decision with its rationale, and the plan after it. Never a
    /// client's details.
    Add {
        /// The clinical or ethical question.
        #[arg(long)]
        question: String,
        /// The options considered.
        #[arg(long)]
        options: Option<String>,
        /// The standards considered, such as an ethics code's.
        #[arg(long)]
        standards: Option<String>,
        /// What each option risks and offers.
        #[arg(long)]
        risk_benefit: Option<String>,
        /// The recommendations received.
        #[arg(long)]
        recommendations: Option<String>,
        /// The decision.
        #[arg(long)]
        decision: Option<String>,
        /// Why that decision.
        #[arg(long)]
        rationale: Option<String>,
        /// What you will do after it, and how you will know it worked.
        #[arg(long)]
        follow_up_plan: Option<String>,
        /// The logged contact it was part of, by its id.
        #[arg(long, value_name = "ID")]
        contact: Option<i64>,
        /// peer-consultation, group-consultation, supervision or ethics-consultation.
        #[arg(long = "type")]
        kind: Option<String>,
        /// The peer consulted.
        #[arg(long)]
        peer: Option<String>,
        /// With the consultation group.
        #[arg(long)]
        group: bool,
        /// The day of the consultation, YYYY-MM-DD (default: the contact's, or today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// What you wanted from it: advice, resources, emotional-support,
        /// clinical-brainstorming, venting, accountability (comma-separated).
        #[arg(long, value_name = "LIST")]
        want: Option<String>,
        /// A day to follow up, YYYY-MM-DD; a gentle nudge comes that morning.
        #[arg(long, value_name = "DATE")]
        follow_up: Option<String>,
        /// Save even if a field looks like it holds a client's details.
        #[arg(long)]
        anyway: bool,
    },
    /// The records, newest first.
    List {
        /// Only records whose texts or peer contain this (any case).
        #[arg(long)]
        search: Option<String>,
    },
    /// Write the records as a page to print (HTML).
    Export {
        /// The file to write.
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
        /// Only records whose texts or peer contain this.
        #[arg(long)]
        search: Option<String>,
    },
}

/// An `agreement` or `consult` command whose arguments are all checked.
pub enum Parsed {
    AgreementNew(String, bool, Guard),
    AgreementShow(Option<String>),
    AgreementSign(String, Option<String>, Option<NaiveDate>),
    AgreementEdit(String, AgreementRevision, Guard),
    AgreementMember(String, String, bool),
    AgreementExport(Option<String>, PathBuf),
    ConsultAdd(Box<NewConsultation>, Option<String>, Guard),
    ConsultList(Option<String>),
    ConsultExport(PathBuf, Option<String>),
}

impl Parsed {
    /// Checks an `agreement` command's arguments.
    pub fn agreement(command: AgreementCommand) -> Result<Parsed> {
        Ok(match command {
            AgreementCommand::New {
                name,
                from_template,
                anyway,
            } => Parsed::AgreementNew(name, from_template, Guard::anyway(anyway)),
            AgreementCommand::Show { name } => Parsed::AgreementShow(name),
            AgreementCommand::Sign {
                name,
                peer,
                on,
                me: _,
            } => {
                // clap has made sure that exactly one of --peer and --me was given.
                Parsed::AgreementSign(name, peer, on.as_deref().map(date).transpose()?)
            }
            AgreementCommand::Edit {
                name,
                new_name,
                commitment,
                add,
                remove,
                anyway,
            } => {
                let rewrite = match commitment.as_deref() {
                    Some([number, text]) => Some((commitment_number(number)?, text.clone())),
                    _ => None,
                };
                let revision = AgreementRevision {
                    name: new_name,
                    rewrite,
                    add,
                    remove,
                };
                if revision == AgreementRevision::default() {
                    return Err(Error::Invalid(
                        "Say what to change: --name, --commitment N TEXT, --add TEXT or \
                         --remove N."
                            .into(),
                    ));
                }
                Parsed::AgreementEdit(name, revision, Guard::anyway(anyway))
            }
            AgreementCommand::Member(MemberCommand::Add { name, peer }) => {
                Parsed::AgreementMember(name, peer, true)
            }
            AgreementCommand::Member(MemberCommand::Remove { name, peer }) => {
                Parsed::AgreementMember(name, peer, false)
            }
            AgreementCommand::Export { name, out, force } => {
                Parsed::AgreementExport(name, checked_out(out, force)?)
            }
        })
    }

    /// Checks a `consult` command's arguments.
    pub fn consult(command: ConsultCommand) -> Result<Parsed> {
        Ok(match command {
            ConsultCommand::Add {
                question,
                options,
                standards,
                risk_benefit,
                recommendations,
                decision,
                rationale,
                follow_up_plan,
                contact,
                kind,
                peer,
                group,
                on,
                want,
                follow_up,
                anyway,
            } => {
                let wants = want
                    .iter()
                    .flat_map(|list| list.split(','))
                    .map(str::trim)
                    .filter(|want| !want.is_empty())
                    .map(str::parse::<Intention>)
                    .collect::<Result<Vec<_>>>()?;
                let record = NewConsultation {
                    held_on: on.as_deref().map(date).transpose()?,
                    kind: kind
                        .as_deref()
                        .map(str::parse::<ConsultationType>)
                        .transpose()?,
                    contact_id: contact,
                    peer: None,
                    with_group: group,
                    wants,
                    question,
                    options,
                    standards,
                    risk_benefit,
                    recommendations,
                    decision,
                    rationale,
                    follow_up_plan,
                    follow_up_on: follow_up.as_deref().map(date).transpose()?,
                };
                Parsed::ConsultAdd(Box::new(record), peer, Guard::anyway(anyway))
            }
            ConsultCommand::List { search } => Parsed::ConsultList(search),
            ConsultCommand::Export { out, search, force } => {
                Parsed::ConsultExport(checked_out(out, force)?, search)
            }
        })
    }

    /// Runs the command on the open store and returns what to print.
    pub fn execute(self, store: &mut Store, clock: &dyn Clock, json: bool) -> Result<String> {
        let show = |agreement: &Agreement| {
            if json {
                super::to_json(agreement)
            } else {
                agreement_text(agreement)
            }
        };
        match self {
            Parsed::AgreementNew(name, from_template, guard) => Ok(show(&store.new_agreement(
                &name,
                from_template,
                guard,
                clock,
            )?)),
            Parsed::AgreementShow(name) => Ok(show(
                &store.agreement_named_or_only(name.as_deref(), clock)?,
            )),
            Parsed::AgreementSign(name, peer, on) => {
                let agreement = store.agreement_named(&name, clock)?;
                Ok(show(&match peer {
                    Some(peer) => {
                        let peer = store.peer_named(&peer, clock)?;
                        store.sign_agreement(agreement.id, peer.id, on, clock)?
                    }
                    None => store.sign_agreement_yourself(agreement.id, on, clock)?,
                }))
            }
            Parsed::AgreementEdit(name, revision, guard) => {
                let agreement = store.agreement_named(&name, clock)?;
                let (name, points) = revision.apply(&agreement)?;
                Ok(show(&store.edit_agreement(
                    agreement.id,
                    &name,
                    &points,
                    guard,
                    clock,
                )?))
            }
            Parsed::AgreementMember(name, peer, add) => {
                let agreement = store.agreement_named(&name, clock)?;
                let peer = store.peer_named(&peer, clock)?;
                Ok(show(&if add {
                    store.add_agreement_member(agreement.id, peer.id, clock)?
                } else {
                    store.remove_agreement_member(agreement.id, peer.id, clock)?
                }))
            }
            Parsed::AgreementExport(name, out) => {
                let agreement = store.agreement_named_or_only(name.as_deref(), clock)?;
                write_page(&agreement_page(&agreement, clock.today()), &out)?;
                Ok(written(
                    json,
                    &out,
                    format!("Wrote “{}” to {}.", agreement.name, out.display()),
                ))
            }
            Parsed::ConsultAdd(mut record, peer, guard) => {
                record.peer = peer
                    .map(|name| store.peer_named(&name, clock).map(|peer| peer.id))
                    .transpose()?;
                let record = store.add_consultation(*record, guard, clock)?;
                Ok(if json {
                    super::to_json(&record)
                } else {
                    format!("Recorded consultation {}.", record.id)
                })
            }
            Parsed::ConsultList(search) => {
                let records = store.consultations(search.as_deref())?;
                Ok(if json {
                    super::to_json(&records)
                } else {
                    consultations_text(&records)
                })
            }
            Parsed::ConsultExport(out, search) => {
                let records = store.consultations(search.as_deref())?;
                write_page(&consultations_page(&records, clock.today()), &out)?;
                let count = match records.len() {
                    1 => "1 consultation".to_owned(),
                    n => format!("{n} consultations"),
                };
                Ok(written(
                    json,
                    &out,
                    format!("Wrote {count} to {}.", out.display()),
                ))
            }
        }
    }
}

/// What `agreement edit` changes.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct AgreementRevision {
    /// A new name.
    name: Option<String>,
    /// A commitment, by its number from 1, and its new text.
    rewrite: Option<(usize, String)>,
    /// A commitment to add at the end.
    add: Option<String>,
    /// A commitment to remove, by its number from 1.
    remove: Option<usize>,
}

impl AgreementRevision {
    /// The name and commitments `agreement` has once revised; numbers count from 1 and refer
    /// to the commitments as they are now.
    fn apply(self, agreement: &Agreement) -> Result<(String, Vec<String>)> {
        let mut points = agreement.points.clone();
        let count = points.len();
        let index = |number: usize| {
            (1..=count)
                .contains(&number)
                .then(|| number - 1)
                .ok_or_else(|| {
                    Error::Invalid(match count {
                        0 => format!("“{}” has no commitments yet.", agreement.name),
                        _ => format!(
                            "“{}” has commitments 1 to {count}; there is no {number}.",
                            agreement.name
                        ),
                    })
                })
        };
        if let Some((number, text)) = self.rewrite {
            points[index(number)?] = text;
        }
        if let Some(number) = self.remove {
            points.remove(index(number)?);
        }
        if let Some(text) = self.add {
            points.push(text);
        }
        Ok((self.name.unwrap_or_else(|| agreement.name.clone()), points))
    }
}

/// A commitment's number, from 1.
fn commitment_number(text: &str) -> Result<usize> {
    text.trim().parse().map_err(|_| {
        Error::Invalid(format!(
            "\"{text}\" is not a commitment number. Write it like 3, from agreement show."
        ))
    })
}

/// A date as the user types it: 2026-11-23.
fn date(text: &str) -> Result<NaiveDate> {
    text.trim().parse().map_err(|_| {
        Error::Invalid(format!(
            "\"{text}\" is not a date. Write it like 2026-11-23."
        ))
    })
}

/// `out`, once its folder exists and it is a new file (or `force` replaces it).
fn checked_out(out: PathBuf, force: bool) -> Result<PathBuf> {
    super::new_file(out, force, "the page")
}

fn written(json: bool, out: &std::path::Path, text: String) -> String {
    if json {
        super::to_json(&serde_json::json!({ "file": out }))
    } else {
        text
    }
}

/// The plain-text form of an agreement.
fn agreement_text(agreement: &Agreement) -> String {
    let mut lines = vec![agreement.name.clone(), String::new()];
    if agreement.points.is_empty() {
        lines.push("No commitments written yet.".to_owned());
    }
    for (number, point) in agreement.points.iter().enumerate() {
        lines.push(format!("{:>2}. {point}", number + 1));
    }
    lines.push(String::new());
    let you = agreement
        .you
        .name
        .as_ref()
        .map_or_else(|| "You".to_owned(), |name| format!("You ({name})"));
    lines.push(match agreement.you.signed_on {
        Some(on) if agreement.you.signature_current => format!("  {you}: signed {on}"),
        Some(on) => format!("  {you}: signed {on}, to sign again"),
        None => format!("  {you}: not signed yet"),
    });
    if agreement.members.is_empty() {
        lines.push("No members yet.".to_owned());
    }
    for member in &agreement.members {
        lines.push(match member.signed_on {
            Some(on) if member.signature_current => format!("  {}: signed {on}", member.peer),
            Some(on) => format!("  {}: signed {on}, to sign again", member.peer),
            None => format!("  {}: not signed yet", member.peer),
        });
    }
    lines.push(match (agreement.resign_due_on, agreement.resign_due) {
        (None, _) => "Re-signing: after the first signatures, every 12 months.".to_owned(),
        (Some(on), true) => format!("Re-signing: due since {on}."),
        (Some(on), false) => format!("Re-signing: due on {on}."),
    });
    lines.join("\n")
}

/// The plain-text form of the consultation records.
fn consultations_text(records: &[Consultation]) -> String {
    if records.is_empty() {
        return "No consultations recorded.".to_owned();
    }
    records
        .iter()
        .map(|record| {
            format!(
                "{:>4}  {}  {}{}: {}",
                record.id,
                record.held_on,
                record.kind.label(),
                match (record.prepared, record.texts_erased) {
                    (true, _) => " (being prepared)",
                    (false, true) => " (decision recorded; text erased)",
                    (false, false) => "",
                },
                record.question.as_deref().unwrap_or("(text erased)")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

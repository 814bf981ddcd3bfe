//! mooring-core: the domain of Mooring, a private desktop companion that keeps psychotherapists
//! connected to their peers.
//!
//! This crate holds everything that is not user interface: the SQLite store, the weekly
//! checklist, peers and contacts, the self-check, the group's agreement and the consultation
//! record, the nudge rules and the charts. It does not
//! depend on Tauri; the desktop app and `mooring-cli` are thin layers over it.

pub mod agreement;
pub mod backup;
pub mod caseload;
pub mod charts;
pub mod checklist;
pub mod clock;
pub mod confidentiality;
pub mod consultation;
pub mod contact;
pub mod dates;
pub mod debrief;
pub mod demo;
pub mod encryption;
pub mod error;
pub mod keys;
mod leftovers;
pub mod nudge;
pub mod peer;
pub mod printable;
pub mod renewal;
pub mod retention;
pub mod rhythm;
pub mod selfcheck;
pub mod settings;
pub mod status;
pub mod store;
mod text_enum;
pub mod transfer;
pub mod trends;
pub mod vocabulary;
pub mod week;

use std::path::PathBuf;

pub use agreement::{Agreement, AgreementMember};
pub use backup::BackupFile;
pub use caseload::WeekCaseload;
pub use charts::{Chart, ChartName, ExportFormat, Theme};
pub use checklist::{
    ChecklistItem, EditableItem, NewTemplateItem, Slot, TemplateChange, TemplateItem,
    WeekChecklist, WeekCompletion,
};
pub use clock::{Clock, FixedClock, SystemClock, ZonedClock};
pub use confidentiality::{ClientDetailsCheck, Finding, FindingKind, Guard};
pub use consultation::{Consultation, ConsultationType, NewConsultation};
pub use contact::{Contact, ContactFilter, ContactKind, Energy, Intention, NewContact, PeerRef};
pub use error::{Error, Result};
pub use keys::{
    Access, CredentialStore, KeyStorage, MemoryCredentials, NoCredentials, Secret,
    SystemCredentials,
};
pub use nudge::{
    Evaluation, Nudge, NudgeEvent, NudgeOverview, NudgeSettings, PauseFor, Rule, Snooze, Tick,
};
pub use peer::{CareerStage, NetworkSummary, Peer, PeerDetails, Role};
pub use renewal::{EnergyCount, HomeSuggestion, Renewal};
pub use rhythm::Rhythm;
pub use selfcheck::{
    AnswerSheet, Answers, Gap, Question, SelfCheck, SelfCheckHints, SelfCheckOverview,
    SelfCheckSchedule, Suggestion, QUESTIONS,
};
pub use settings::{HeavyWeekRule, Settings};
pub use status::{Completion, Home, Status};
pub use store::Store;
pub use transfer::{DataFormat, Export, ImportSummary};
pub use trends::{Range, Trends};
pub use vocabulary::{Choice, Vocabulary};
pub use week::Week;

/// The app's identifier; it names the per-user data folder and must match `tauri.conf.json`.
pub const APP_IDENTIFIER: &str = "app.mooring.desktop";

/// The per-user data folder the desktop app uses, such as `~/.local/share/app.mooring.desktop`.
///
/// It is the same folder Tauri's `app_data_dir` resolves to, so the app and `mooring-cli`
/// always work on the same database.
pub fn default_data_dir() -> Result<PathBuf> {
    dirs::data_dir()
        .map(|dir| dir.join(APP_IDENTIFIER))
        .ok_or(Error::NoDataDir)
}

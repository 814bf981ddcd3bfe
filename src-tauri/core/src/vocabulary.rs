//! The words of every list of choices the app offers, each a value the core accepts and the
//! label people read, so the window can only send what the core knows.

use serde::Serialize;

use crate::charts::ChartName;
use crate::checklist::Slot;
use crate::consultation::ConsultationType;
use crate::contact::{ContactKind, Energy, Intention};
use crate::nudge::{PauseFor, Rule, Snooze};
use crate::peer::{CareerStage, Role};
use crate::trends::Range;

/// One choice: the value sent back, and its label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Choice {
    /// What the core takes, such as "clinical-brainstorming".
    pub value: String,
    /// What people read, such as "Clinical brainstorming".
    pub label: String,
}

impl Choice {
    /// A choice of `value`, read as `label`.
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Choice {
        Choice {
            value: value.into(),
            label: label.into(),
        }
    }
}

/// Every fixed list of choices, in the order the app lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Vocabulary {
    /// How a contact happened.
    pub contact_kinds: Vec<Choice>,
    /// What one wants from a contact or a consultation.
    pub intentions: Vec<Choice>,
    /// How one left a contact.
    pub energies: Vec<Choice>,
    /// Who a consultation was with.
    pub consultation_types: Vec<Choice>,
    /// What a peer is to the user.
    pub roles: Vec<Choice>,
    /// Where a peer is in their career.
    pub career_stages: Vec<Choice>,
    /// The parts of the week checklist items belong to.
    pub slots: Vec<Choice>,
    /// Why a nudge fires.
    pub nudge_rules: Vec<Choice>,
    /// How long a nudge can be put off.
    pub snoozes: Vec<Choice>,
    /// How long nudges can be paused.
    pub pauses: Vec<Choice>,
    /// The Trends charts.
    pub charts: Vec<Choice>,
    /// How far back Trends looks.
    pub ranges: Vec<Choice>,
}

/// The app's whole vocabulary. The rhythms of a checklist item depend on its slot and week, and
/// come with the template (`TemplateItem::rhythm_choices`).
pub fn vocabulary() -> Vocabulary {
    Vocabulary {
        contact_kinds: ContactKind::choices(),
        intentions: Intention::choices(),
        energies: Energy::choices(),
        consultation_types: ConsultationType::choices(),
        roles: Role::choices(),
        career_stages: CareerStage::choices(),
        slots: Slot::choices(),
        nudge_rules: Rule::choices(),
        snoozes: Snooze::choices(),
        pauses: PauseFor::choices(),
        charts: ChartName::choices(),
        ranges: Range::choices(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_has_distinct_values_and_labels_and_each_value_reads_back() {
        let vocabulary = serde_json::to_value(vocabulary()).unwrap();
        for (list, choices) in vocabulary.as_object().unwrap() {
            let choices = choices.as_array().unwrap();
            assert!(!choices.is_empty(), "{list} is empty");
            let values: std::collections::HashSet<_> =
                choices.iter().map(|c| &c["value"]).collect();
            let labels: std::collections::HashSet<_> =
                choices.iter().map(|c| &c["label"]).collect();
            assert_eq!(values.len(), choices.len(), "{list} repeats a value");
            assert_eq!(labels.len(), choices.len(), "{list} repeats a label");
        }
        assert_eq!(
            Intention::ClinicalBrainstorming.label(),
            "Clinical brainstorming"
        );
        for choice in Intention::choices() {
            assert_eq!(
                choice.value.parse::<Intention>().unwrap().label(),
                choice.label
            );
        }
    }
}

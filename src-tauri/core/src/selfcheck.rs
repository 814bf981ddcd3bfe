//! The biweekly connectedness self-check: four questions, an index from 0 to 100, a kind
//! suggestion for each gap, and what the log already says next to each question.

use chrono::{DateTime, Days, Duration, FixedOffset, NaiveDate};
use rusqlite::{params, Row};
use serde::{Deserialize, Serialize};

use crate::clock::{parse_instant, Clock};
use crate::error::{Error, Result};
use crate::peer::CareerStage;
use crate::store::Store;
use crate::text_enum::text_enum;

/// How far back the first question and its hint look, in days.
pub const LOOKBACK_DAYS: i64 = 14;

/// The lowest safety-net rating that is not a gap; 5 or less gets a suggestion.
pub const SAFETY_NET_GAP_AT_OR_BELOW: u8 = 5;

/// One of the four questions, worded as the user sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Question {
    /// 1 to 4.
    pub number: u8,
    /// The question itself.
    pub text: &'static str,
    /// Whether it is answered on a scale of 1 to 10 rather than yes or no.
    pub scale: bool,
}

/// The four questions, in order.
pub const QUESTIONS: [Question; 4] = [
    Question {
        number: 1,
        text: "In the last two weeks, did you talk with a fellow therapist about something beyond scheduling or billing?",
        scale: false,
    },
    Question {
        number: 2,
        text: "If you felt stuck with a client, is there someone you could debrief with confidentially within 72 hours?",
        scale: false,
    },
    Question {
        number: 3,
        text: "Does your network include peers at different career stages, for mentoring and for mutual support?",
        scale: false,
    },
    Question {
        number: 4,
        text: "From 1 to 10, how strong is your relational safety net during heavy clinical weeks?",
        scale: true,
    },
];

/// The user's answers to the four questions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    /// Question 1: talked with a fellow therapist beyond scheduling or billing in the last two weeks.
    pub talked_beyond_logistics: bool,
    /// Question 2: someone to debrief with confidentially within 72 hours.
    pub debrief_within_72h: bool,
    /// Question 3: peers at different career stages in the network.
    pub mixed_career_stages: bool,
    /// Question 4: the strength of the relational safety net in heavy weeks, 1 to 10.
    pub safety_net: u8,
}

impl Answers {
    /// The connectedness index, 0 to 100: 20 per "yes" in questions 1 to 3, plus
    /// (safety net - 1) / 9 x 40, rounded to a whole number.
    pub fn index(&self) -> u8 {
        let yeses = [
            self.talked_beyond_logistics,
            self.debrief_within_72h,
            self.mixed_career_stages,
        ]
        .into_iter()
        .filter(|&yes| yes)
        .count() as u32;
        // (r - 1) * 40 / 9 rounded half up, in whole numbers: no ninth lands on a half.
        let scale = ((u32::from(self.safety_net) - 1) * 80 + 9) / 18;
        (20 * yeses + scale) as u8
    }

    /// The gaps these answers show, in question order.
    pub fn gaps(&self) -> Vec<Gap> {
        let mut gaps = Vec::new();
        if !self.talked_beyond_logistics {
            gaps.push(Gap::Conversation);
        }
        if !self.debrief_within_72h {
            gaps.push(Gap::Debrief);
        }
        if !self.mixed_career_stages {
            gaps.push(Gap::CareerStages);
        }
        if self.safety_net <= SAFETY_NET_GAP_AT_OR_BELOW {
            gaps.push(Gap::SafetyNet);
        }
        gaps
    }

    /// One concrete suggestion for each gap, in question order.
    pub fn suggestions(&self) -> Vec<Suggestion> {
        self.gaps().into_iter().map(Suggestion::for_gap).collect()
    }
}

/// Answers as a form or the command line delivers them: any may be missing or out of range.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct AnswerSheet {
    /// Question 1, if answered.
    pub talked_beyond_logistics: Option<bool>,
    /// Question 2, if answered.
    pub debrief_within_72h: Option<bool>,
    /// Question 3, if answered.
    pub mixed_career_stages: Option<bool>,
    /// Question 4, if answered; checked to be a whole number from 1 to 10.
    pub safety_net: Option<f64>,
}

impl AnswerSheet {
    /// The answers, or a message naming the first question that is missing or out of range.
    pub fn answers(&self) -> Result<Answers> {
        let missing = |number: u8| {
            Error::Invalid(format!(
                "Answer question {number} before saving the self-check."
            ))
        };
        let talked_beyond_logistics = self.talked_beyond_logistics.ok_or_else(|| missing(1))?;
        let debrief_within_72h = self.debrief_within_72h.ok_or_else(|| missing(2))?;
        let mixed_career_stages = self.mixed_career_stages.ok_or_else(|| missing(3))?;
        let rating = self.safety_net.ok_or_else(|| missing(4))?;
        if rating.fract() != 0.0 || !(1.0..=10.0).contains(&rating) {
            return Err(Error::Invalid(format!(
                "Question 4 takes a whole number from 1 to 10; {rating} is not one."
            )));
        }
        Ok(Answers {
            talked_beyond_logistics,
            debrief_within_72h,
            mixed_career_stages,
            safety_net: rating as u8,
        })
    }
}

/// Reads "yes" or "no", as the command line takes questions 1 to 3.
pub fn parse_yes_no(number: u8, text: &str) -> Result<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" => Ok(true),
        "no" | "n" => Ok(false),
        _ => Err(Error::Invalid(format!(
            "Question {number} takes yes or no; \"{text}\" is neither."
        ))),
    }
}

/// Reads a rating from 1 to 10, as the command line takes question 4.
pub fn parse_rating(text: &str) -> Result<f64> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|rating| rating.is_finite())
        .ok_or_else(|| {
            Error::Invalid(format!(
                "Question 4 takes a whole number from 1 to 10; \"{text}\" is not one."
            ))
        })
}

text_enum!(
    /// Something the answers show is missing from the user's support, to be designed rather than blamed.
    Gap, "a self-check gap", {
        /// No conversation beyond logistics in the last two weeks (question 1).
        Conversation => "conversation", "A conversation beyond logistics",
        /// No one to debrief with within 72 hours (question 2).
        Debrief => "debrief", "Someone to debrief with",
        /// No peers at other career stages (question 3).
        CareerStages => "career-stages", "Peers at other career stages",
        /// A safety net rated 5 or less (question 4).
        SafetyNet => "safety-net", "A safety net in heavy weeks",
    }
);

/// A concrete, kindly worded next step for one gap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The gap it answers.
    pub gap: Gap,
    /// The question that showed the gap.
    pub question: u8,
    /// What to try.
    pub text: &'static str,
}

impl Suggestion {
    /// The suggestion for `gap`.
    pub fn for_gap(gap: Gap) -> Suggestion {
        let (question, text) = match gap {
            Gap::Conversation => (
                1,
                "Plan one conversation about the work itself this week: a case that stayed with you, or a \
                 question you are sitting with. Fifteen minutes with a colleague is enough.",
            ),
            Gap::Debrief => (
                2,
                "Name a debrief buddy: ask one trusted peer whether you can call on each other within 72 hours \
                 when a session stays with you.",
            ),
            Gap::CareerStages => (
                3,
                "Add a peer at another career stage or in another practice area: someone newer to the work \
                 to support, someone more senior to learn from, or someone who works with other clients \
                 and methods.",
            ),
            Gap::SafetyNet => (
                4,
                "Plan an extra peer contact for your next heavy week now, before it arrives, and protect it \
                 like a client hour.",
            ),
        };
        Suggestion {
            gap,
            question,
            text,
        }
    }
}

/// A self-check the user took.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SelfCheck {
    /// Its identifier.
    pub id: i64,
    /// When it was taken, with the UTC offset of the time.
    pub taken_at: DateTime<FixedOffset>,
    /// The connectedness index, 0 to 100.
    pub index: u8,
    /// The answers, always shown with the index.
    pub answers: Answers,
    /// A suggestion for each gap.
    pub suggestions: Vec<Suggestion>,
    /// The index minus the previous self-check's; `None` for the first one.
    pub change: Option<i16>,
}

/// When the next self-check is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SelfCheckSchedule {
    /// Whether a self-check is due today.
    pub due: bool,
    /// The local day it becomes due; `None` before the first self-check, which is due at once.
    pub due_on: Option<NaiveDate>,
    /// Whole days until it is due; 0 when it is due.
    pub days_until_due: i64,
}

/// What the log already says next to questions 1 to 3. The user answers; this only informs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SelfCheckHints {
    /// Substantive peer contacts in the last 14 days (question 1).
    pub substantive_conversations: u32,
    /// Active peers marked available to debrief within 72 hours (question 2).
    pub peers_available_to_debrief: u32,
    /// Whether a peer is marked as the user's buddy (question 2).
    pub has_buddy: bool,
    /// The career stages present among active peers, earliest first (question 3).
    pub career_stages: Vec<CareerStage>,
    /// The practice areas among active peers, each once, by name (question 3).
    pub practice_areas: Vec<String>,
    /// Active peers in the network.
    pub peers: u32,
}

/// Everything the Self-check screen shows: the questions, the hints, when it is due, the history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SelfCheckOverview {
    /// The four questions.
    pub questions: [Question; 4],
    /// What the log says next to questions 1 to 3.
    pub hints: SelfCheckHints,
    /// When the next self-check is due.
    pub schedule: SelfCheckSchedule,
    /// Past self-checks, newest first.
    pub history: Vec<SelfCheck>,
}

impl Store {
    /// The questions, hints, schedule and history, as of now.
    pub fn selfcheck_overview(&self, clock: &dyn Clock) -> Result<SelfCheckOverview> {
        Ok(SelfCheckOverview {
            questions: QUESTIONS,
            hints: self.selfcheck_hints(clock)?,
            schedule: self.selfcheck_schedule(clock)?,
            history: self.selfchecks(clock)?,
        })
    }

    /// Saves a self-check taken at `at` (default: now) and returns it with its index and suggestions.
    pub fn take_selfcheck(
        &mut self,
        sheet: AnswerSheet,
        at: Option<DateTime<FixedOffset>>,
        clock: &dyn Clock,
    ) -> Result<SelfCheck> {
        let answers = sheet.answers()?;
        let now = clock.now();
        let taken_at = at.unwrap_or(now);
        if taken_at > now {
            return Err(Error::Invalid(
                "A self-check cannot be dated in the future.".into(),
            ));
        }
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO selfchecks (taken_at, talked_beyond_logistics, debrief_within_72h, mixed_career_stages, safety_net_rating)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                taken_at.to_rfc3339(),
                answers.talked_beyond_logistics,
                answers.debrief_within_72h,
                answers.mixed_career_stages,
                answers.safety_net
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        self.selfchecks(clock)?
            .into_iter()
            .find(|check| check.id == id)
            .ok_or_else(|| {
                Error::NotFound("The self-check was saved but could not be read back.".into())
            })
    }

    /// Every self-check up to now, newest first, each with its change since the one before.
    pub fn selfchecks(&self, clock: &dyn Clock) -> Result<Vec<SelfCheck>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, taken_at, talked_beyond_logistics, debrief_within_72h, mixed_career_stages, safety_net_rating
             FROM selfchecks WHERE unixepoch(taken_at) <= unixepoch(?1)
             ORDER BY unixepoch(taken_at), id",
        )?;
        let oldest_first = stmt
            .query_map(params![clock.now().to_rfc3339()], selfcheck_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut previous: Option<u8> = None;
        let mut checks = Vec::with_capacity(oldest_first.len());
        for (id, taken_at, answers) in oldest_first {
            let index = answers.index();
            checks.push(SelfCheck {
                id,
                taken_at: parse_instant(&taken_at)?,
                index,
                answers,
                suggestions: answers.suggestions(),
                change: previous.map(|previous| i16::from(index) - i16::from(previous)),
            });
            previous = Some(index);
        }
        checks.reverse();
        Ok(checks)
    }

    /// When the next self-check is due: the cadence in days after the local day of the last one.
    pub fn selfcheck_schedule(&self, clock: &dyn Clock) -> Result<SelfCheckSchedule> {
        let today = clock.today();
        let cadence = u64::from(self.settings()?.selfcheck_cadence_days);
        let due_on = self
            .latest_instant(
                "SELECT taken_at FROM selfchecks WHERE unixepoch(taken_at) <= unixepoch(?1)
                 ORDER BY unixepoch(taken_at) DESC LIMIT 1",
                clock.now(),
            )?
            .map(|at| clock.local_date(at) + Days::new(cadence));
        let days_until_due = due_on.map_or(0, |due_on| (due_on - today).num_days().max(0));
        Ok(SelfCheckSchedule {
            due: days_until_due == 0,
            due_on,
            days_until_due,
        })
    }

    /// What the log says next to questions 1 to 3, as of now.
    pub fn selfcheck_hints(&self, clock: &dyn Clock) -> Result<SelfCheckHints> {
        let now = clock.now();
        let substantive_conversations = self.conn().query_row(
            "SELECT count(*) FROM contacts WHERE substantive = 1
             AND unixepoch(at) > unixepoch(?1) AND unixepoch(at) <= unixepoch(?2)",
            params![
                (now - Duration::days(LOOKBACK_DAYS)).to_rfc3339(),
                now.to_rfc3339()
            ],
            |row| row.get(0),
        )?;
        let network = self.network_summary(clock)?;
        let career_stages = [
            (CareerStage::Early, network.early),
            (CareerStage::Mid, network.mid),
            (CareerStage::Senior, network.senior),
        ]
        .into_iter()
        .filter(|&(_, peers)| peers > 0)
        .map(|(stage, _)| stage)
        .collect();
        Ok(SelfCheckHints {
            substantive_conversations,
            peers_available_to_debrief: network.debrief_within_72h,
            has_buddy: network.has_buddy,
            career_stages,
            practice_areas: network.practice_areas,
            peers: network.peers,
        })
    }
}

fn selfcheck_from_row(row: &Row) -> rusqlite::Result<(i64, String, Answers)> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        Answers {
            talked_beyond_logistics: row.get(2)?,
            debrief_within_72h: row.get(3)?,
            mixed_career_stages: row.get(4)?,
            safety_net: row.get(5)?,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(q1: bool, q2: bool, q3: bool, q4: u8) -> Answers {
        Answers {
            talked_beyond_logistics: q1,
            debrief_within_72h: q2,
            mixed_career_stages: q3,
            safety_net: q4,
        }
    }

    #[test]
    fn the_index_at_the_extremes_and_in_the_middle() {
        let cases = [
            (answers(false, false, false, 1), 0),
            (answers(true, true, true, 10), 100),
            (answers(true, false, true, 7), 67),
            (answers(false, false, false, 10), 40),
            (answers(true, true, true, 1), 60),
            (answers(false, true, false, 5), 38),  // 20 + 17.78
            (answers(false, false, false, 2), 4),  // 4.44
            (answers(false, false, false, 3), 9),  // 8.89
            (answers(false, false, false, 6), 22), // 22.22
        ];
        for (answers, index) in cases {
            assert_eq!(answers.index(), index, "{answers:?}");
        }
    }

    #[test]
    fn each_no_and_a_rating_of_five_or_less_gets_one_suggestion() {
        assert!(answers(true, true, true, 6).suggestions().is_empty());
        let gaps = |a: Answers| {
            a.suggestions()
                .iter()
                .map(|s| (s.gap, s.question))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            gaps(answers(false, true, true, 6)),
            [(Gap::Conversation, 1)]
        );
        assert_eq!(gaps(answers(true, false, true, 6)), [(Gap::Debrief, 2)]);
        assert_eq!(
            gaps(answers(true, true, false, 6)),
            [(Gap::CareerStages, 3)]
        );
        assert_eq!(gaps(answers(true, true, true, 5)), [(Gap::SafetyNet, 4)]);
        assert_eq!(
            gaps(answers(false, false, false, 1)),
            [
                (Gap::Conversation, 1),
                (Gap::Debrief, 2),
                (Gap::CareerStages, 3),
                (Gap::SafetyNet, 4)
            ]
        );
        // Worded as something to design, never as a failing.
        for suggestion in answers(false, false, false, 1).suggestions() {
            for word in ["fail", "should", "must", "poor", "bad"] {
                assert!(
                    !suggestion.text.to_lowercase().contains(word),
                    "{word} in {}",
                    suggestion.text
                );
            }
        }
    }

    #[test]
    fn a_sheet_names_the_missing_or_wrong_answer() {
        let full = AnswerSheet {
            talked_beyond_logistics: Some(true),
            debrief_within_72h: Some(false),
            mixed_career_stages: Some(true),
            safety_net: Some(7.0),
        };
        assert_eq!(full.answers().unwrap(), answers(true, false, true, 7));
        let message = |sheet: AnswerSheet| sheet.answers().unwrap_err().to_string();
        assert_eq!(
            message(AnswerSheet {
                debrief_within_72h: None,
                ..full
            }),
            "Answer question 2 before saving the self-check."
        );
        assert_eq!(
            message(AnswerSheet {
                safety_net: None,
                ..full
            }),
            "Answer question 4 before saving the self-check."
        );
        for wrong in [0.0, 11.0, 7.5, -3.0] {
            assert!(message(AnswerSheet {
                safety_net: Some(wrong),
                ..full
            })
            .starts_with("Question 4 takes a whole number"));
        }
        assert!(parse_rating("seven").is_err());
        assert!(parse_rating("NaN").is_err());
        assert!(parse_yes_no(1, " Yes ").unwrap());
        assert!(!parse_yes_no(3, "no").unwrap());
        assert_eq!(
            parse_yes_no(2, "maybe").unwrap_err().to_string(),
            "Question 2 takes yes or no; \"maybe\" is neither."
        );
    }

    #[test]
    fn the_questions_are_worded_as_the_specification_frames_them() {
        assert_eq!(QUESTIONS.map(|q| q.number), [1, 2, 3, 4]);
        assert!(QUESTIONS[1].text.contains("within 72 hours"));
        assert!(QUESTIONS[3].scale && !QUESTIONS[0].scale);
    }
}

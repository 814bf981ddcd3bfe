//! The weekly self-care checklist: a template the user edits, and each week's own copy of it.
//!
//! A week gets its copy the first time it is opened. Editing the template changes the current
//! week's unticked items and every later week that is already open; earlier weeks, and items
//! already ticked, keep what they were.

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::confidentiality::{ClientDetailsCheck, Guard};
use crate::contact::ContactKind;
use crate::error::{Error, Result};
use crate::rhythm::Rhythm;
use crate::status::Completion;
use crate::store::Store;
use crate::text_enum::text_enum;
use crate::vocabulary::Choice;
use crate::week::Week;

/// The longest title of a checklist item, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// The longest note on a reflection item, in characters.
pub const MAX_NOTE_CHARS: usize = 5000;

text_enum!(
    /// The part of the week a checklist item belongs to.
    Slot, "a day slot", {
        /// Monday, before the first session.
        MondayMorning => "monday-morning", "Monday morning",
        /// Tuesday around lunch.
        TuesdayMidday => "tuesday-midday", "Tuesday midday",
        /// Wednesday afternoon.
        WednesdayAfternoon => "wednesday-afternoon", "Wednesday afternoon",
        /// Thursday after work.
        ThursdayEvening => "thursday-evening", "Thursday evening",
        /// Friday.
        Friday => "friday", "Friday",
        /// Saturday and Sunday.
        Weekend => "weekend", "Weekend",
    }
);

impl Slot {
    /// The day of the week a monthly rhythm counts for the slot: Wednesday afternoon counts
    /// Wednesdays, and the weekend Saturdays.
    pub fn day(&self) -> Weekday {
        match self {
            Slot::MondayMorning => Weekday::Mon,
            Slot::TuesdayMidday => Weekday::Tue,
            Slot::WednesdayAfternoon => Weekday::Wed,
            Slot::ThursdayEvening => Weekday::Thu,
            Slot::Friday => Weekday::Fri,
            Slot::Weekend => Weekday::Sat,
        }
    }

    /// When the slot starts, for the checklist-item nudge; the weekend has no start.
    pub fn starts(&self) -> Option<(Weekday, NaiveTime)> {
        let at = |weekday, hour, minute| {
            Some((
                weekday,
                NaiveTime::from_hms_opt(hour, minute, 0).expect("a time"),
            ))
        };
        match self {
            Slot::MondayMorning => at(Weekday::Mon, 8, 30),
            Slot::TuesdayMidday => at(Weekday::Tue, 12, 30),
            Slot::WednesdayAfternoon => at(Weekday::Wed, 15, 0),
            Slot::ThursdayEvening => at(Weekday::Thu, 19, 0),
            Slot::Friday => at(Weekday::Fri, 12, 0),
            Slot::Weekend => None,
        }
    }

    /// The slot named `text`: its full name, or its day alone ("wednesday"), as people type it.
    pub fn named(text: &str) -> Result<Slot> {
        let text = text.trim().to_ascii_lowercase();
        Slot::ALL
            .iter()
            .copied()
            .find(|slot| {
                slot.as_str() == text || slot.as_str().split('-').next() == Some(text.as_str())
            })
            .map_or_else(|| text.parse(), Ok)
    }

    /// The slot a day belongs to.
    pub fn of_day(date: NaiveDate) -> Slot {
        match date.weekday() {
            Weekday::Mon => Slot::MondayMorning,
            Weekday::Tue => Slot::TuesdayMidday,
            Weekday::Wed => Slot::WednesdayAfternoon,
            Weekday::Thu => Slot::ThursdayEvening,
            Weekday::Fri => Slot::Friday,
            Weekday::Sat | Weekday::Sun => Slot::Weekend,
        }
    }
}

/// One item of the default template.
struct DefaultItem {
    slot: Slot,
    title: &'static str,
    peer: bool,
    reflection: bool,
    contact_kind: Option<ContactKind>,
}

const fn solo(slot: Slot, title: &'static str) -> DefaultItem {
    DefaultItem {
        slot,
        title,
        peer: false,
        reflection: false,
        contact_kind: None,
    }
}

const fn peer(slot: Slot, title: &'static str, kind: ContactKind) -> DefaultItem {
    DefaultItem {
        slot,
        title,
        peer: true,
        reflection: false,
        contact_kind: Some(kind),
    }
}

const fn reflection(slot: Slot, title: &'static str) -> DefaultItem {
    DefaultItem {
        slot,
        title,
        peer: false,
        reflection: true,
        contact_kind: None,
    }
}

/// The template every new Mooring starts with, and "restore the defaults" brings back.
const DEFAULT_TEMPLATE: [DefaultItem; 11] = [
    solo(Slot::MondayMorning, "A five-minute grounding exercise before the first session"),
    solo(Slot::MondayMorning, "Re-read your peer group's agreement for the week"),
    solo(Slot::TuesdayMidday, "A fifteen-minute walk outside"),
    peer(Slot::TuesdayMidday, "Message a peer about a recent win or challenge", ContactKind::Message),
    peer(Slot::WednesdayAfternoon, "Peer consultation group, protected like a client hour", ContactKind::Group),
    solo(Slot::ThursdayEvening, "Move your body: yoga, the gym or a long stretch"),
    reflection(Slot::ThursdayEvening, "Reflect on one insight from a peer conversation this week"),
    peer(Slot::Friday, "A short debrief with your peer buddy", ContactKind::BuddyDebrief),
    reflection(Slot::Friday, "Note one boundary you held well and one area to grow"),
    solo(Slot::Weekend, "Rest and replenish; informal time with colleagues is welcome, formal consultation can wait"),
    solo(Slot::Weekend, "Something that restores you: time outdoors, faith, play or art"),
];

/// An item of the checklist template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TemplateItem {
    /// Its identifier.
    pub id: i64,
    /// The part of the week it belongs to.
    pub slot: Slot,
    /// Its place within the slot, from 0.
    pub position: i64,
    /// What to do.
    pub title: String,
    /// Whether it is a relational anchor: contact with a peer.
    pub peer: bool,
    /// Whether it takes a short written reflection.
    pub reflection: bool,
    /// For peer items, the kind of contact ticking it offers to log.
    pub contact_kind: Option<ContactKind>,
    /// How often it comes round.
    pub rhythm: Rhythm,
    /// The rhythm in words: "every 2 weeks".
    pub rhythm_text: String,
}

/// A template item as the editor shows it, with the rhythms it can take.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EditableItem {
    /// The item.
    #[serde(flatten)]
    pub item: TemplateItem,
    /// The rhythms its list offers: every 2 to 4 weeks counts from the week it already counts
    /// from, or from this week; its own rhythm is always among them.
    pub rhythm_choices: Vec<Choice>,
}

/// A new template item, as the user describes it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct NewTemplateItem {
    /// The part of the week it belongs to.
    pub slot: Slot,
    /// What to do.
    pub title: String,
    /// Whether it is contact with a peer.
    #[serde(default)]
    pub peer: bool,
    /// Whether it takes a written reflection.
    #[serde(default)]
    pub reflection: bool,
    /// For a peer item, the kind of contact that ticks it, if any.
    #[serde(default)]
    pub contact_kind: Option<ContactKind>,
    /// How often it comes round; every week unless said.
    #[serde(default)]
    pub rhythm: Rhythm,
}

/// Changes to a template item; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct TemplateChange {
    /// A new title.
    pub title: Option<String>,
    /// Whether it is contact with a peer.
    pub peer: Option<bool>,
    /// Whether it takes a written reflection.
    pub reflection: Option<bool>,
    /// How often it comes round.
    #[serde(default)]
    pub rhythm: Option<Rhythm>,
}

/// One item of one week's checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    /// Its identifier, used to tick it; negative in a preview, where nothing can be ticked.
    pub id: i64,
    /// The part of the week it belongs to.
    pub slot: Slot,
    /// What to do.
    pub title: String,
    /// Whether it is contact with a peer.
    pub peer: bool,
    /// Whether it takes a written reflection.
    pub reflection: bool,
    /// For peer items, the kind of contact ticking it offers to log.
    pub contact_kind: Option<ContactKind>,
    /// Whether it is ticked.
    pub done: bool,
    /// When it was ticked, RFC 3339 with the user's offset.
    pub done_at: Option<String>,
    /// The reflection note, if any.
    pub note: Option<String>,
    /// Whether it is about the group's agreement (Monday's re-read), so that it opens it.
    pub opens_agreement: bool,
}

/// One week's checklist, with its completion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WeekChecklist {
    /// The week.
    pub week: Week,
    /// Its Monday.
    pub first_day: NaiveDate,
    /// Its Sunday.
    pub last_day: NaiveDate,
    /// The week before, for paging back.
    pub previous_week: Week,
    /// The week after, for paging on.
    pub next_week: Week,
    /// Whether the week contains today.
    pub is_current: bool,
    /// Whether the week is kept and can be ticked: from the week of first use to this week.
    /// Any other week shows the template as a preview and records nothing.
    pub tickable: bool,
    /// Whether the week starts after this one.
    pub to_come: bool,
    /// Today's slot, when the week is the current one.
    pub current_slot: Option<Slot>,
    /// The items, by slot and position.
    pub items: Vec<ChecklistItem>,
    /// Done and total, all items together and split into peer items and the rest.
    pub completion: WeekCompletion,
}

/// A week's completion, for the trends.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct WeekCompletion {
    /// Items ticked.
    pub done: u32,
    /// All items.
    pub total: u32,
    /// Peer items only.
    pub peer: Completion,
    /// Every item that is not a peer item.
    pub solo: Completion,
    /// In the week of first use, when that was after Monday: the day counting starts from.
    /// The items of the days before it count only once ticked.
    pub counted_from: Option<NaiveDate>,
}

/// Whether an item of `slot` in `week`, unticked, is left out of the week's count: in the
/// week of first use, the days before it had no Mooring to tick with.
pub fn before_first_use(slot: Slot, week: Week, first_day: NaiveDate) -> bool {
    week.contains(first_day) && slot < Slot::of_day(first_day)
}

/// The day counting starts from in `week`: the day of first use, in its week, unless a Monday.
pub(crate) fn counted_from(week: Week, first_day: NaiveDate) -> Option<NaiveDate> {
    (week.contains(first_day) && first_day != week.monday()).then_some(first_day)
}

impl WeekCompletion {
    fn of(items: &[ChecklistItem], week: Week, first_day: NaiveDate) -> Self {
        let mut completion = WeekCompletion {
            counted_from: counted_from(week, first_day),
            ..WeekCompletion::default()
        };
        for item in items {
            if !item.done && before_first_use(item.slot, week, first_day) {
                continue;
            }
            let part = if item.peer {
                &mut completion.peer
            } else {
                &mut completion.solo
            };
            part.total += 1;
            part.done += u32::from(item.done);
        }
        completion.done = completion.peer.done + completion.solo.done;
        completion.total = completion.peer.total + completion.solo.total;
        completion
    }
}

impl Store {
    /// The checklist template, by slot and position.
    pub fn template(&self) -> Result<Vec<TemplateItem>> {
        template(self.conn())
    }

    /// The template as the editor shows it, each item with the rhythms it can take.
    pub fn template_to_edit(&self, clock: &dyn Clock) -> Result<Vec<EditableItem>> {
        let this_week = clock.this_week();
        Ok(self
            .template()?
            .into_iter()
            .map(|item| {
                let from = match item.rhythm {
                    Rhythm::Every { from, .. } => from,
                    _ => this_week,
                };
                let mut rhythms = Rhythm::choices(item.slot.day(), from);
                // A monthly rhythm kept from another slot stays on offer until it is changed.
                if !rhythms.contains(&item.rhythm) {
                    rhythms.push(item.rhythm);
                }
                let rhythm_choices = rhythms
                    .into_iter()
                    .map(|rhythm| Choice::new(rhythm.to_string(), rhythm.label()))
                    .collect();
                EditableItem {
                    item,
                    rhythm_choices,
                }
            })
            .collect())
    }

    /// `week`'s checklist, copying the template into it if this is the first time it is opened.
    ///
    /// Only the weeks from first use to this week are kept; any other week shows the template
    /// as a preview that cannot be ticked, and nothing is written.
    pub fn checklist(&mut self, week: Week, clock: &dyn Clock) -> Result<WeekChecklist> {
        let tickable = self.kept_weeks(clock)?.contains(&week);
        let items = if tickable {
            let tx = self.conn_mut().transaction()?;
            open_week(&tx, week, clock)?;
            tx.commit()?;
            week_items(self.conn(), week)?
        } else {
            // A preview item carries the negative of its template item's id, which no week's
            // item has, so that it can never be ticked in place of a real one.
            template_of(self.conn(), week)?
                .into_iter()
                .map(|item| ChecklistItem {
                    id: -item.id,
                    slot: item.slot,
                    opens_agreement: is_about_the_agreement(&item.title),
                    title: item.title,
                    peer: item.peer,
                    reflection: item.reflection,
                    contact_kind: item.contact_kind,
                    done: false,
                    done_at: None,
                    note: None,
                })
                .collect()
        };
        let today = clock.today();
        let is_current = week.contains(today);
        let first_day = clock.local_date(self.first_use()?.with_timezone(&chrono::Utc));
        Ok(WeekChecklist {
            week,
            first_day: week.monday(),
            last_day: week.sunday(),
            previous_week: week.previous(),
            next_week: week.next(),
            is_current,
            tickable,
            to_come: week > clock.this_week(),
            current_slot: is_current.then(|| Slot::of_day(today)),
            completion: WeekCompletion::of(&items, week, first_day),
            items,
        })
    }

    /// The weeks that have a checklist of their own: from the week of first use to this week.
    pub fn kept_weeks(&self, clock: &dyn Clock) -> Result<std::ops::RangeInclusive<Week>> {
        let first_use = clock.local_date(self.first_use()?.with_timezone(&chrono::Utc));
        Ok(Week::containing(first_use)..=clock.this_week())
    }

    /// Ticks item `id`, with a note for reflection items; ticking again only updates the note.
    /// A note that looks like it identifies a client is refused unless `guard` says save anyway.
    pub fn tick(
        &mut self,
        id: i64,
        note: Option<&str>,
        guard: Guard,
        clock: &dyn Clock,
    ) -> Result<ChecklistItem> {
        let item = self.item_opening_this_week(id, clock)?;
        self.refuse_weeks_to_come(id, clock)?;
        let note = checked_note(&item, note, &self.client_details_check(clock)?, guard)?;
        self.conn().execute(
            "UPDATE checklist_items SET done_at = coalesce(done_at, ?2), note = coalesce(?3, note) WHERE id = ?1",
            params![id, clock.now().to_rfc3339(), note],
        )?;
        self.checklist_item(id)
    }

    /// Unticks item `id`; its note, if any, stays, and a contact it was ticked by stays logged.
    pub fn untick(&mut self, id: i64) -> Result<ChecklistItem> {
        self.checklist_item(id)?;
        self.conn().execute(
            "UPDATE checklist_items SET done_at = NULL, contact_id = NULL WHERE id = ?1",
            params![id],
        )?;
        self.checklist_item(id)
    }

    /// Replaces the note of reflection item `id`; an empty note removes it. Writing a
    /// reflection is doing the item, so a note also ticks it; removing one leaves the tick.
    /// A note that looks like it identifies a client is refused unless `guard` says save anyway.
    pub fn set_note(
        &mut self,
        id: i64,
        note: &str,
        guard: Guard,
        clock: &dyn Clock,
    ) -> Result<ChecklistItem> {
        let item = self.item_opening_this_week(id, clock)?;
        self.refuse_weeks_to_come(id, clock)?;
        let note = checked_note(&item, Some(note), &self.client_details_check(clock)?, guard)?;
        self.conn().execute(
            "UPDATE checklist_items SET note = ?2, done_at = CASE WHEN ?2 IS NULL THEN done_at ELSE coalesce(done_at, ?3) END
             WHERE id = ?1",
            params![id, note, clock.now().to_rfc3339()],
        )?;
        self.checklist_item(id)
    }

    /// The checklist of the week that item `id` belongs to, as it is after a tick or a note.
    pub fn checklist_of_item(&mut self, id: i64, clock: &dyn Clock) -> Result<WeekChecklist> {
        self.item_opening_this_week(id, clock)?;
        let week = self.week_of_item(id)?;
        self.checklist(week, clock)
    }

    /// Item `id`. A week's items exist once the week is opened, so an id not found yet opens
    /// this week first: ticking by the id `checklist show` gives works before anything showed it.
    fn item_opening_this_week(&mut self, id: i64, clock: &dyn Clock) -> Result<ChecklistItem> {
        match self.checklist_item(id) {
            Err(Error::NotFound(_)) => {
                self.checklist(clock.this_week(), clock)?;
                self.checklist_item(id)
            }
            found => found,
        }
    }

    /// Refuses to tick item `id` when its week is still to come.
    fn refuse_weeks_to_come(&self, id: i64, clock: &dyn Clock) -> Result<()> {
        if self.week_of_item(id)? > clock.this_week() {
            return Err(Error::Invalid(
                "That week has not started yet; its items can be ticked once it has.".into(),
            ));
        }
        Ok(())
    }

    /// The week checklist item `id` belongs to.
    fn week_of_item(&self, id: i64) -> Result<Week> {
        let week: String = self
            .conn()
            .query_row(
                "SELECT week FROM checklist_items WHERE id = ?1",
                params![id],
                |row| row.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("There is no checklist item {id}.")))?;
        week.parse()
    }

    /// One item of a week's checklist.
    pub fn checklist_item(&self, id: i64) -> Result<ChecklistItem> {
        self.conn()
            .query_row(
                &format!("{ITEM_COLUMNS} WHERE id = ?1"),
                params![id],
                item_from_row,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("There is no checklist item {id}.")))
    }

    /// Adds an item to the template, and to this week and later weeks already open.
    pub fn add_template_item(
        &mut self,
        new: NewTemplateItem,
        guard: Guard,
        clock: &dyn Clock,
    ) -> Result<TemplateItem> {
        let title = checked_title(&new.title)?;
        self.client_details_check(clock)?
            .check_fields(&[(None, &title)], guard)?;
        if new.contact_kind.is_some() && !new.peer {
            return Err(Error::Invalid(
                "Only peer items can be ticked by a kind of contact.".into(),
            ));
        }
        let this_week = clock.this_week();
        let tx = self.conn_mut().transaction()?;
        let position: i64 = tx.query_row(
            "SELECT coalesce(max(position) + 1, 0) FROM checklist_template WHERE slot = ?1",
            params![new.slot],
            |row| row.get(0),
        )?;
        tx.execute(
            "INSERT INTO checklist_template (slot, position, title, peer, reflection, contact_kind, rhythm)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                new.slot,
                position,
                title,
                new.peer,
                new.reflection,
                new.contact_kind,
                new.rhythm
            ],
        )?;
        let id = tx.last_insert_rowid();
        copy_into_open_weeks(&tx, id, this_week)?;
        let item = template_item(&tx, id)?;
        tx.commit()?;
        Ok(item)
    }

    /// Renames, re-marks or re-times a template item, from this week on: weeks its new rhythm
    /// leaves out lose their unticked copy, weeks it takes in gain one.
    pub fn update_template_item(
        &mut self,
        id: i64,
        change: TemplateChange,
        guard: Guard,
        clock: &dyn Clock,
    ) -> Result<TemplateItem> {
        let title = change.title.as_deref().map(checked_title).transpose()?;
        if let Some(title) = &title {
            self.client_details_check(clock)?
                .check_fields(&[(None, title)], guard)?;
        }
        let this_week = clock.this_week();
        let tx = self.conn_mut().transaction()?;
        template_item(&tx, id)?;
        tx.execute(
            "UPDATE checklist_template SET title = coalesce(?2, title), peer = coalesce(?3, peer),
                 reflection = coalesce(?4, reflection),
                 contact_kind = CASE WHEN coalesce(?3, peer) THEN contact_kind END,
                 rhythm = coalesce(?5, rhythm)
             WHERE id = ?1",
            params![id, title, change.peer, change.reflection, change.rhythm],
        )?;
        follow_template(&tx, id, this_week)?;
        if change.rhythm.is_some() {
            follow_rhythm(&tx, id, this_week)?;
        }
        let item = template_item(&tx, id)?;
        tx.commit()?;
        Ok(item)
    }

    /// Links a peer item of the template to a kind of contact (`None` unlinks it), from this
    /// week on: a real contact of that kind then ticks the week's item.
    pub fn link_template_item(
        &mut self,
        id: i64,
        kind: Option<ContactKind>,
        clock: &dyn Clock,
    ) -> Result<TemplateItem> {
        let this_week = clock.this_week();
        let tx = self.conn_mut().transaction()?;
        if kind.is_some() && !template_item(&tx, id)?.peer {
            return Err(Error::Invalid(
                "Only peer items can be ticked by a kind of contact; mark it as a peer item first."
                    .into(),
            ));
        }
        tx.execute(
            "UPDATE checklist_template SET contact_kind = ?2 WHERE id = ?1",
            params![id, kind],
        )?;
        follow_template(&tx, id, this_week)?;
        let item = template_item(&tx, id)?;
        tx.commit()?;
        Ok(item)
    }

    /// Moves a template item to `position` (from 0) within `slot`, from this week on.
    pub fn move_template_item(
        &mut self,
        id: i64,
        slot: Slot,
        position: usize,
        clock: &dyn Clock,
    ) -> Result<TemplateItem> {
        let this_week = clock.this_week();
        let tx = self.conn_mut().transaction()?;
        let moving = template_item(&tx, id)?;
        let mut order: Vec<i64> = template(&tx)?
            .into_iter()
            .filter(|item| item.slot == slot && item.id != id)
            .map(|item| item.id)
            .collect();
        order.insert(position.min(order.len()), id);
        tx.execute(
            "UPDATE checklist_template SET slot = ?2 WHERE id = ?1",
            params![id, slot],
        )?;
        renumber(&tx, &order)?;
        if moving.slot != slot {
            let left_behind: Vec<i64> = template(&tx)?
                .into_iter()
                .filter(|item| item.slot == moving.slot)
                .map(|item| item.id)
                .collect();
            renumber(&tx, &left_behind)?;
        }
        // Both slots were renumbered: every item in them follows, from this week on.
        for item in template(&tx)?
            .into_iter()
            .filter(|item| item.slot == slot || item.slot == moving.slot)
        {
            follow_template(&tx, item.id, this_week)?;
        }
        let item = template_item(&tx, id)?;
        tx.commit()?;
        Ok(item)
    }

    /// Removes a template item, and its unticked copies from this week on.
    pub fn remove_template_item(&mut self, id: i64, clock: &dyn Clock) -> Result<()> {
        let this_week = clock.this_week();
        let tx = self.conn_mut().transaction()?;
        template_item(&tx, id)?;
        remove_from_open_weeks(&tx, Some(id), this_week)?;
        tx.execute("DELETE FROM checklist_template WHERE id = ?1", params![id])?;
        tx.commit()?;
        Ok(())
    }

    /// Replaces the template with the default one, from this week on.
    pub fn restore_default_template(&mut self, clock: &dyn Clock) -> Result<Vec<TemplateItem>> {
        let this_week = clock.this_week();
        let tx = self.conn_mut().transaction()?;
        remove_from_open_weeks(&tx, None, this_week)?;
        tx.execute("DELETE FROM checklist_template", [])?;
        seed_default_template(&tx)?;
        let ids: Vec<i64> = template(&tx)?.into_iter().map(|item| item.id).collect();
        for id in ids {
            copy_into_open_weeks(&tx, id, this_week)?;
        }
        tx.commit()?;
        self.template()
    }

    /// Done and total items of `week`; a week not yet opened counts the template items that
    /// come round in it, all unticked. In the week of first use, the unticked items of the days
    /// before it are not counted.
    pub fn completion(&self, week: Week, clock: &dyn Clock) -> Result<Completion> {
        let first_day = clock.local_date(self.first_use()?.with_timezone(&chrono::Utc));
        let items: Vec<(Slot, bool)> = if is_open(self.conn(), week)? {
            self.conn()
                .prepare("SELECT slot, done_at IS NOT NULL FROM checklist_items WHERE week = ?1")?
                .query_map(params![week.to_string()], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })?
                .collect::<rusqlite::Result<_>>()?
        } else {
            template_of(self.conn(), week)?
                .into_iter()
                .map(|item| (item.slot, false))
                .collect()
        };
        let counted = items
            .into_iter()
            .filter(|&(slot, done)| done || !before_first_use(slot, week, first_day));
        let mut completion = Completion { done: 0, total: 0 };
        for (_, done) in counted {
            completion.total += 1;
            completion.done += u32::from(done);
        }
        Ok(completion)
    }

    /// Unticked items of `week` by slot; a week not yet opened counts the template items that
    /// come round in it.
    pub(crate) fn unticked_by_slot(&self, week: Week) -> Result<Vec<(Slot, u32)>> {
        let items = if is_open(self.conn(), week)? {
            week_items(self.conn(), week)?
                .into_iter()
                .filter(|item| !item.done)
                .map(|item| item.slot)
                .collect::<Vec<_>>()
        } else {
            template_of(self.conn(), week)?
                .into_iter()
                .map(|item| item.slot)
                .collect()
        };
        let mut counts: Vec<(Slot, u32)> = Vec::new();
        for slot in items {
            match counts.iter_mut().find(|(known, _)| *known == slot) {
                Some((_, count)) => *count += 1,
                None => counts.push((slot, 1)),
            }
        }
        Ok(counts)
    }
}

/// Ticks the first unticked item of `week` linked to contacts of `kind`, recording that contact
/// `contact_id` ticked it; does nothing when the week has no such item.
pub(crate) fn tick_linked_item(
    tx: &Transaction,
    week: Week,
    kind: ContactKind,
    contact_id: i64,
    clock: &dyn Clock,
) -> Result<Option<i64>> {
    // A week not opened yet is opened only if its copy of the template will have such an item.
    if !is_open(tx, week)?
        && !template_of(tx, week)?
            .iter()
            .any(|item| item.contact_kind == Some(kind))
    {
        return Ok(None);
    }
    open_week(tx, week, clock)?;
    let item = week_items(tx, week)?
        .into_iter()
        .find(|item| item.contact_kind == Some(kind) && !item.done);
    if let Some(item) = &item {
        tx.execute(
            "UPDATE checklist_items SET done_at = ?2, contact_id = ?3 WHERE id = ?1",
            params![item.id, clock.now().to_rfc3339(), contact_id],
        )?;
    }
    Ok(item.map(|item| item.id))
}

/// Unticks every item that contact `contact_id` ticked, before it is changed or deleted, so the
/// checklist and the log agree. An item another real contact of its kind and week could tick
/// passes to that contact instead.
pub(crate) fn untick_items_of_contact(
    tx: &Transaction,
    contact_id: i64,
    clock: &dyn Clock,
) -> Result<()> {
    let freed: Vec<(i64, Week, Option<ContactKind>)> = {
        let mut stmt =
            tx.prepare("SELECT id, week, contact_kind FROM checklist_items WHERE contact_id = ?1")?;
        let rows = stmt.query_map(params![contact_id], |row| {
            Ok((row.get(0)?, row.get::<_, String>(1)?, row.get(2)?))
        })?;
        rows.map(|row| {
            let (id, week, kind) = row?;
            Ok((id, week.parse()?, kind))
        })
        .collect::<Result<_>>()?
    };
    tx.execute(
        "UPDATE checklist_items SET done_at = NULL, contact_id = NULL WHERE contact_id = ?1",
        params![contact_id],
    )?;
    for (item, week, kind) in freed {
        let Some(kind) = kind else { continue };
        let starts = |week: Week| clock.instant_of_local(week.monday().and_time(NaiveTime::MIN));
        let other: Option<i64> = tx
            .query_row(
                "SELECT c.id FROM contacts c
                 WHERE c.id != ?1 AND c.kind = ?2 AND c.substantive = 1
                   AND unixepoch(c.at) >= unixepoch(?3) AND unixepoch(c.at) < unixepoch(?4)
                   AND NOT EXISTS (SELECT 1 FROM checklist_items i WHERE i.contact_id = c.id)
                 ORDER BY unixepoch(c.at), c.id LIMIT 1",
                params![
                    contact_id,
                    kind,
                    starts(week).to_rfc3339(),
                    starts(week.next()).to_rfc3339()
                ],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(other) = other {
            tx.execute(
                "UPDATE checklist_items SET done_at = ?2, contact_id = ?3 WHERE id = ?1",
                params![item, clock.now().to_rfc3339(), other],
            )?;
        }
    }
    Ok(())
}

/// Inserts the default template; run once when the database is created, and on restore.
pub(crate) fn seed_default_template(tx: &Transaction) -> rusqlite::Result<()> {
    let mut positions = std::collections::HashMap::new();
    for item in &DEFAULT_TEMPLATE {
        let position: &mut i64 = positions.entry(item.slot).or_default();
        tx.execute(
            "INSERT INTO checklist_template (slot, position, title, peer, reflection, contact_kind)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                item.slot,
                *position,
                item.title,
                item.peer,
                item.reflection,
                item.contact_kind
            ],
        )?;
        *position += 1;
    }
    Ok(())
}

const TEMPLATE_COLUMNS: &str =
    "SELECT id, slot, position, title, peer, reflection, contact_kind, rhythm FROM checklist_template";

const ITEM_COLUMNS: &str =
    "SELECT id, slot, title, peer, reflection, contact_kind, done_at, note FROM checklist_items";

fn template_from_row(row: &Row) -> rusqlite::Result<TemplateItem> {
    Ok(TemplateItem {
        id: row.get(0)?,
        slot: row.get(1)?,
        position: row.get(2)?,
        title: row.get(3)?,
        peer: row.get(4)?,
        reflection: row.get(5)?,
        contact_kind: row.get(6)?,
        rhythm: row.get(7)?,
        rhythm_text: row.get::<_, Rhythm>(7)?.describe(),
    })
}

/// Whether an item's title is about the group's agreement, as Monday's "Re-read the peer
/// group's agreement" is, and any item the user words the same way.
fn is_about_the_agreement(title: &str) -> bool {
    title.to_lowercase().contains("agreement")
}

fn item_from_row(row: &Row) -> rusqlite::Result<ChecklistItem> {
    let done_at: Option<String> = row.get(6)?;
    let title: String = row.get(2)?;
    Ok(ChecklistItem {
        id: row.get(0)?,
        slot: row.get(1)?,
        opens_agreement: is_about_the_agreement(&title),
        title,
        peer: row.get(3)?,
        reflection: row.get(4)?,
        contact_kind: row.get(5)?,
        done: done_at.is_some(),
        done_at,
        note: row.get(7)?,
    })
}

fn template(conn: &rusqlite::Connection) -> Result<Vec<TemplateItem>> {
    let mut stmt = conn.prepare(TEMPLATE_COLUMNS)?;
    let mut items = stmt
        .query_map([], template_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    items.sort_by_key(|item| (item.slot, item.position, item.id));
    Ok(items)
}

fn template_item(conn: &rusqlite::Connection, id: i64) -> Result<TemplateItem> {
    conn.query_row(
        &format!("{TEMPLATE_COLUMNS} WHERE id = ?1"),
        params![id],
        template_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("There is no template item {id}.")))
}

fn week_items(conn: &rusqlite::Connection, week: Week) -> Result<Vec<ChecklistItem>> {
    let mut stmt = conn.prepare(&format!(
        "{ITEM_COLUMNS} WHERE week = ?1 ORDER BY position, id"
    ))?;
    let mut items = stmt
        .query_map(params![week.to_string()], item_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    items.sort_by_key(|item| item.slot);
    Ok(items)
}

/// Whether `week` has its own copy of the template.
fn is_open(conn: &rusqlite::Connection, week: Week) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM checklist_weeks WHERE week = ?1)",
        params![week.to_string()],
        |row| row.get(0),
    )?)
}

/// The template items that come round in `week`, by slot and position.
fn template_of(conn: &rusqlite::Connection, week: Week) -> Result<Vec<TemplateItem>> {
    Ok(template(conn)?
        .into_iter()
        .filter(|item| item.rhythm.includes(week))
        .collect())
}

/// Copies the template items that come round in `week` into it, unless it has its copy.
fn open_week(tx: &Transaction, week: Week, clock: &dyn Clock) -> Result<()> {
    let inserted = tx.execute(
        "INSERT OR IGNORE INTO checklist_weeks (week, opened_at) VALUES (?1, ?2)",
        params![week.to_string(), clock.now().to_rfc3339()],
    )?;
    if inserted == 1 {
        for item in template_of(tx, week)? {
            insert_copy(tx, week, &item)?;
        }
    }
    Ok(())
}

/// Adds template item `id` to every open week from `from` on that it comes round in and that
/// lacks it.
fn copy_into_open_weeks(tx: &Transaction, id: i64, from: Week) -> Result<()> {
    let item = template_item(tx, id)?;
    let lacking: Vec<String> = tx
        .prepare(
            "SELECT w.week FROM checklist_weeks w
             WHERE w.week >= ?2
               AND NOT EXISTS (SELECT 1 FROM checklist_items i
                               WHERE i.week = w.week
                                 AND (i.template_id = ?1 OR (i.done_at IS NOT NULL AND i.title = ?3)))",
        )?
        .query_map(params![id, from.to_string(), item.title], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for week in lacking {
        let week: Week = week.parse()?;
        if item.rhythm.includes(week) {
            insert_copy(tx, week, &item)?;
        }
    }
    Ok(())
}

/// Makes the open weeks from `from` on follow template item `id`'s rhythm: a week it leaves out
/// loses its unticked copy (a ticked one stays, as the user's record), a week it takes in gains one.
fn follow_rhythm(tx: &Transaction, id: i64, from: Week) -> Result<()> {
    let item = template_item(tx, id)?;
    let copies: Vec<(i64, String)> = tx
        .prepare(
            "SELECT id, week FROM checklist_items
             WHERE template_id = ?1 AND week >= ?2 AND done_at IS NULL",
        )?
        .query_map(params![id, from.to_string()], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (copy, week) in copies {
        if !item.rhythm.includes(week.parse()?) {
            tx.execute("DELETE FROM checklist_items WHERE id = ?1", params![copy])?;
        }
    }
    copy_into_open_weeks(tx, id, from)
}

/// Inserts `week`'s copy of template item `item`.
fn insert_copy(tx: &Transaction, week: Week, item: &TemplateItem) -> Result<()> {
    tx.execute(
        "INSERT INTO checklist_items (week, template_id, slot, position, title, peer, reflection, contact_kind)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            week.to_string(),
            item.id,
            item.slot,
            item.position,
            item.title,
            item.peer,
            item.reflection,
            item.contact_kind
        ],
    )?;
    Ok(())
}

/// Makes the unticked copies of template item `id`, from week `from` on, match the template.
fn follow_template(tx: &Transaction, id: i64, from: Week) -> Result<()> {
    tx.execute(
        "UPDATE checklist_items SET (slot, position, title, peer, reflection, contact_kind) =
             (SELECT slot, position, title, peer, reflection, contact_kind FROM checklist_template WHERE id = ?1)
         WHERE template_id = ?1 AND week >= ?2 AND done_at IS NULL",
        params![id, from.to_string()],
    )?;
    // Ticked copies keep their words but follow the new order.
    tx.execute(
        "UPDATE checklist_items SET (slot, position) =
             (SELECT slot, position FROM checklist_template WHERE id = ?1)
         WHERE template_id = ?1 AND week >= ?2 AND done_at IS NOT NULL",
        params![id, from.to_string()],
    )?;
    Ok(())
}

/// Deletes the unticked copies of template item `id` (of every item when `None`) from `from` on.
fn remove_from_open_weeks(tx: &Transaction, id: Option<i64>, from: Week) -> Result<()> {
    tx.execute(
        "DELETE FROM checklist_items
         WHERE template_id IS NOT NULL AND (?1 IS NULL OR template_id = ?1) AND week >= ?2 AND done_at IS NULL",
        params![id, from.to_string()],
    )?;
    Ok(())
}

/// Gives the template items `ids` the positions 0, 1, 2... in that order.
fn renumber(tx: &Transaction, ids: &[i64]) -> Result<()> {
    for (position, id) in ids.iter().enumerate() {
        tx.execute(
            "UPDATE checklist_template SET position = ?2 WHERE id = ?1",
            params![id, position as i64],
        )?;
    }
    Ok(())
}

/// A trimmed title of 1 to 200 characters.
fn checked_title(title: &str) -> Result<String> {
    let title = title.trim();
    let chars = title.chars().count();
    if chars == 0 {
        return Err(Error::Invalid("A checklist item needs a title.".into()));
    }
    if chars > MAX_TITLE_CHARS {
        return Err(Error::Invalid(format!(
            "Keep a checklist title to {MAX_TITLE_CHARS} characters; this one has {chars}."
        )));
    }
    Ok(title.to_owned())
}

/// A note for `item`: only reflection items take one, of at most 5,000 characters, and never
/// what looks like a client's details unless the user said to save it anyway.
fn checked_note(
    item: &ChecklistItem,
    note: Option<&str>,
    check: &ClientDetailsCheck,
    guard: Guard,
) -> Result<Option<String>> {
    let Some(note) = note else { return Ok(None) };
    if !item.reflection {
        return Err(Error::Invalid("Only reflection items take a note.".into()));
    }
    let note = check.checked(note, MAX_NOTE_CHARS, guard)?;
    Ok(Some(note).filter(|note| !note.is_empty()))
}

/// Erases the reflections (notes) of checklist items in weeks before `week`, keeping the
/// items and their ticks; returns how many.
pub(crate) fn erase_notes_before(tx: &Transaction, week: crate::Week) -> Result<usize> {
    // Week names ("2026-W48") sort in time order.
    Ok(tx.execute(
        "UPDATE checklist_items SET note = NULL WHERE note IS NOT NULL AND week < ?1",
        params![week.to_string()],
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_template_has_eleven_items_in_six_slots() {
        assert_eq!(DEFAULT_TEMPLATE.len(), 11);
        for &slot in Slot::ALL {
            assert!(
                DEFAULT_TEMPLATE.iter().any(|item| item.slot == slot),
                "{slot} is empty"
            );
        }
        let peers: Vec<_> = DEFAULT_TEMPLATE
            .iter()
            .filter(|item| item.peer)
            .map(|item| item.contact_kind)
            .collect();
        assert_eq!(
            peers,
            [
                Some(ContactKind::Message),
                Some(ContactKind::Group),
                Some(ContactKind::BuddyDebrief)
            ]
        );
        assert_eq!(
            DEFAULT_TEMPLATE
                .iter()
                .filter(|item| item.reflection)
                .count(),
            2
        );
        for item in &DEFAULT_TEMPLATE {
            assert!(checked_title(item.title).is_ok(), "{}", item.title);
        }
    }

    #[test]
    fn slots_follow_the_days() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        assert_eq!(Slot::of_day(day(23)), Slot::MondayMorning);
        assert_eq!(Slot::of_day(day(27)), Slot::Friday);
        assert_eq!(Slot::of_day(day(28)), Slot::Weekend);
        assert_eq!(Slot::of_day(day(29)), Slot::Weekend);
        assert_eq!(
            "thursday-evening".parse::<Slot>().unwrap(),
            Slot::ThursdayEvening
        );
        assert_eq!(
            "thursday".parse::<Slot>().unwrap_err().code(),
            "invalid-input"
        );
    }

    #[test]
    fn titles_are_trimmed_and_bounded() {
        assert_eq!(checked_title("  Walk  ").unwrap(), "Walk");
        assert!(checked_title("   ").is_err());
        assert!(checked_title(&"é".repeat(200)).is_ok());
        let err = checked_title(&"é".repeat(201)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Keep a checklist title to 200 characters; this one has 201."
        );
    }
}

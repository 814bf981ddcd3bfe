// The week's self-care checklist on Home: grouped by day slot, ticked with real checkboxes.

import { call } from "./api.js";
import { fill, h } from "./dom.js";
import { noteGuard } from "./note-guard.js";
import { choices } from "./vocabulary.js";
import { weekLabel, weekRange, weekday } from "./format.js";

/**
 * The checklist section. `onChange(checklist)` is told after every tick, so Home can refresh
 * what depends on it; `onOpenAgreement()` opens the group's agreement from the item about it,
 * and `onPrepare(item)` prepares the consultation a group or debrief item plans.
 */
export function checklistSection(initial, { onChange, onPeerTick, onOpenAgreement, onPrepare } = {}) {
  const section = h("section", { class: "panel checklist", "aria-labelledby": "checklist-title" });
  let checklist = initial;
  let openNote = null; // id of the item whose note editor is open
  let error = null;

  async function act(work) {
    try {
      checklist = await work();
      error = null;
      onChange?.(checklist);
    } catch (failure) {
      error = failure.message;
    }
    render();
  }

  function showWeek(week) {
    openNote = null;
    act(() => call("get_checklist", { week }));
  }

  function render() {
    const focused = document.activeElement?.dataset?.focusKey;
    const { done, total, counted_from: countedFrom } = checklist.completion;
    const header = h(
      "header",
      { class: "panel-header" },
      h(
        "div",
        {},
        h("h2", { id: "checklist-title" }, checklist.is_current ? "This week's self-care" : `Self-care, ${weekLabel(checklist.week)}`),
        h("p", { class: "muted" }, weekRange(checklist.first_day, checklist.last_day)),
      ),
      h(
        "nav",
        { class: "week-nav", "aria-label": "Choose a week" },
        h("button", { type: "button", class: "ghost", "data-focus-key": "prev", onclick: () => showWeek(checklist.previous_week) }, "‹ Previous week"),
        // Always in its place, hidden in this week, so that no control moves under the pointer.
        h("button", { type: "button", class: checklist.is_current ? "ghost held-place" : "ghost", "data-focus-key": "today", disabled: checklist.is_current, onclick: () => showWeek(null) }, "This week"),
        h("button", { type: "button", class: "ghost", "data-focus-key": "next", onclick: () => showWeek(checklist.next_week) }, "Next week ›"),
      ),
    );
    const progress = h(
      "div",
      { class: "progress" },
      h("p", { class: "progress-text", "aria-live": "polite" }, countedFrom ? `${done} of ${total} done since you started on ${weekday(countedFrom)}` : `${done} of ${total} done`),
      h("div", { class: "progress-bar", role: "presentation" }, h("span", { "data-fill": "" })),
    );
    progress.querySelector("[data-fill]").style.width = total ? `${Math.round((done / total) * 100)}%` : "0";
    // Weeks to come, and weeks before Mooring was first used, show the template and keep nothing.
    const preview = checklist.tickable
      ? null
      : h(
          "p",
          { class: "muted preview-note", role: "status" },
          checklist.to_come
            ? "This week has not started yet: here is its list, ready to tick once it does."
            : "This is before you started with Mooring: here is the list, with nothing to tick.",
        );

    const slots = choices("slots")
      .map(({ value: slot, label }) => ({ slot, label, items: checklist.items.filter((item) => item.slot === slot) }))
      .filter(({ items }) => items.length > 0);
    const groups = slots.map(({ slot, label, items }) => {
      const current = checklist.current_slot === slot;
      return h(
        "section",
        { class: current ? "slot current" : "slot", "aria-label": label },
        h("h3", { class: "slot-title" }, label, current ? h("span", { class: "pill" }, "Today") : null),
        h("ul", { class: "items" }, items.map(itemRow)),
      );
    });

    fill(section, 
      header,
      preview ?? progress,
      error ? h("p", { class: "inline-error", role: "alert" }, error) : null,
      checklist.items.length ? h("div", { class: "slots" }, groups) : h("p", { class: "muted" }, "This week's list is empty. Add items in Settings, under Checklist."),
    );
    // Focus stays on the control used; "This week", hidden once there, hands it to its neighbour.
    const again = focused && section.querySelector(`[data-focus-key="${focused}"]`);
    (again?.disabled ? section.querySelector('[data-focus-key="prev"]') : again)?.focus();
  }

  function itemRow(item) {
    const id = `item-${item.id}`;
    const checkbox = h("input", {
      type: "checkbox",
      id,
      checked: item.done,
      disabled: !checklist.tickable,
      "data-focus-key": id,
      onchange: (event) => {
        if (event.target.checked && item.peer && onPeerTick) {
          // A relational anchor: offer to log the matching contact, which ticks the item too.
          act(async () => {
            const result = await onPeerTick(item);
            if (result === "ticked") return call("tick_item", { id: item.id });
            return call("get_checklist", { week: checklist.week });
          });
          return;
        }
        act(() => call(event.target.checked ? "tick_item" : "untick_item", { id: item.id }));
      },
    });
    const tags = [
      item.peer ? h("span", { class: "tag peer" }, "Peer") : null,
      item.reflection ? h("span", { class: "tag" }, "Reflection") : null,
    ];
    const row = h(
      "li",
      { class: item.done ? "item done" : "item" },
      h("div", { class: "item-line" }, checkbox, h("label", { for: id }, item.title), ...tags),
    );
    // The item about the group's agreement opens it; a planned consultation can be prepared.
    if (item.opens_agreement && onOpenAgreement) {
      row.append(h("button", { type: "button", class: "link", "data-focus-key": `agreement-${item.id}`, onclick: onOpenAgreement }, "Open the agreement"));
    }
    if (onPrepare && !item.done && checklist.tickable && ["group", "buddy-debrief"].includes(item.contact_kind)) {
      row.append(h("button", { type: "button", class: "link", "aria-label": `Prepare: ${item.title}`, onclick: () => onPrepare(item) }, "Prepare"));
    }
    if (item.reflection && checklist.tickable) {
      if (openNote === item.id) {
        row.append(noteEditor(item));
      } else {
        if (item.note) row.append(h("p", { class: "note" }, item.note));
        row.append(
          h(
            "button",
            { type: "button", class: "link", "data-focus-key": `note-${item.id}`, onclick: () => { openNote = item.id; render(); section.querySelector(`#note-${item.id}`)?.focus(); } },
            item.note ? "Edit note" : "Add a note",
          ),
        );
      }
    }
    return row;
  }

  function noteEditor(item) {
    const field = h("textarea", { id: `note-${item.id}`, rows: "3", maxlength: "5000", placeholder: "A sentence or two is plenty." });
    field.value = item.note ?? "";
    const warning = h("div", { role: "alert" });
    const saveButton = h("button", { type: "button", class: "primary" }, "Save note");
    const guard = noteGuard({ field, button: saveButton, label: "Save note", warning });
    const save = async () => {
      // Writing a reflection ticks the item; the core decides that, and checks the note.
      const saved = await guard
        .save((anyway) => call("set_item_note", { id: item.id, note: field.value, anyway }))
        .catch((failure) => {
          warning.replaceChildren(h("p", { class: "inline-error" }, failure.message));
          return undefined;
        });
      if (saved === undefined) return;
      openNote = null;
      await act(async () => saved);
    };
    saveButton.addEventListener("click", save);
    return h(
      "div",
      { class: "note-editor" },
      h("label", { for: `note-${item.id}`, class: "visually-hidden" }, `Note for: ${item.title}`),
      field,
      warning,
      h(
        "div",
        { class: "actions" },
        saveButton,
        h("button", { type: "button", class: "ghost", onclick: () => { openNote = null; render(); } }, "Cancel"),
      ),
    );
  }

  render();
  return section;
}

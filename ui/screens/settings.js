// Settings: the checklist template editor. Other settings arrive with their features.

import { call } from "../api.js";
import { SLOT_LABELS, SLOT_SHORT_LABELS } from "../checklist.js";
import { fill, h, screenHeader } from "../dom.js";
import { weekLabel } from "../format.js";

export const title = "Settings";

export async function render() {
  const [template, status] = await Promise.all([call("get_template"), call("get_status")]);
  return h(
    "div",
    { class: "stack" },
    screenHeader("Settings", "Make Mooring fit the way you work"),
    templateEditor(template, status.week),
    h(
      "section",
      { class: "panel quiet" },
      h("h2", {}, "Coming later"),
      h("p", { class: "muted" }, "Heavy-week thresholds, nudges, quiet hours and backups will be set here as those parts of Mooring arrive."),
    ),
  );
}

function slotSelect(value, attributes, labels = SLOT_LABELS) {
  const select = h("select", attributes, Object.entries(labels).map(([slot, label]) => h("option", { value: slot }, label)));
  select.value = value;
  return select;
}

function templateEditor(initial, thisWeek) {
  const panel = h("section", { class: "panel", "aria-labelledby": "template-title" });
  let template = initial;
  let message = null;
  let confirmRestore = false;

  async function act(work, done) {
    try {
      template = await work();
      message = done ? { text: done } : null;
    } catch (failure) {
      message = { text: failure.message, error: true };
    }
    render();
  }

  function render() {
    const focused = document.activeElement?.dataset?.focusKey;
    const groups = Object.entries(SLOT_LABELS).map(([slot, label]) => {
      const items = template.filter((item) => item.slot === slot);
      return h(
        "section",
        { class: "template-slot", "aria-label": label },
        h("h3", { class: "slot-title" }, label),
        items.length ? h("ul", { class: "template-items" }, items.map((item, index) => row(item, index, items.length))) : h("p", { class: "muted small" }, "Nothing in this slot."),
      );
    });
    fill(panel, 
      h("h2", { id: "template-title" }, "Checklist"),
      h("p", { class: "muted" }, `Changes apply from this week (${weekLabel(thisWeek)}) on. Earlier weeks keep their own list, and items you already ticked stay as they were.`),
      message ? h("p", { class: message.error ? "inline-error" : "inline-ok", role: message.error ? "alert" : "status" }, message.text) : null,
      h("div", { class: "template-slots" }, groups),
      addForm(),
      restoreControl(),
    );
    if (focused) panel.querySelector(`[data-focus-key="${focused}"]`)?.focus();
  }

  function row(item, index, count) {
    const key = (what) => `${what}-${item.id}`;
    const titleField = h("input", {
      type: "text",
      value: item.title,
      maxlength: "200",
      "aria-label": `Title of “${item.title}”`,
      "data-focus-key": key("title"),
      onchange: (event) => act(() => call("update_template_item", { id: item.id, title: event.target.value }), "Saved."),
    });
    const mark = (name, label) =>
      h(
        "label",
        { class: "check" },
        h("input", {
          type: "checkbox",
          checked: item[name],
          "data-focus-key": key(name),
          onchange: (event) => act(() => call("update_template_item", { id: item.id, [name]: event.target.checked }), "Saved."),
        }),
        label,
      );
    return h(
      "li",
      { class: "template-row" },
      titleField,
      mark("peer", "Peer"),
      mark("reflection", "Reflection"),
      slotSelect(item.slot, {
        "aria-label": `Day slot of “${item.title}”`,
        "data-focus-key": key("slot"),
        onchange: (event) => act(() => call("move_template_item", { id: item.id, slot: event.target.value, position: 1000 }), "Moved."),
      }, SLOT_SHORT_LABELS),
      h("button", { type: "button", class: "icon", title: "Move up", "aria-label": `Move “${item.title}” up`, disabled: index === 0, "data-focus-key": key("up"), onclick: () => act(() => call("move_template_item", { id: item.id, slot: item.slot, position: index - 1 })) }, "↑"),
      h("button", { type: "button", class: "icon", title: "Move down", "aria-label": `Move “${item.title}” down`, disabled: index === count - 1, "data-focus-key": key("down"), onclick: () => act(() => call("move_template_item", { id: item.id, slot: item.slot, position: index + 1 })) }, "↓"),
      h("button", { type: "button", class: "ghost danger", "aria-label": `Remove “${item.title}”`, onclick: () => act(() => call("remove_template_item", { id: item.id }), `Removed “${item.title}”.`) }, "Remove"),
    );
  }

  function addForm() {
    const titleField = h("input", { type: "text", id: "new-item-title", maxlength: "200", placeholder: "For example: Lunch away from the desk", "data-focus-key": "new-title" });
    const slot = slotSelect("friday", { id: "new-item-slot" });
    const peer = h("input", { type: "checkbox", id: "new-item-peer" });
    const reflection = h("input", { type: "checkbox", id: "new-item-reflection" });
    const form = h(
      "form",
      {
        class: "add-form",
        onsubmit: (event) => {
          event.preventDefault();
          const title = titleField.value;
          act(() => call("add_template_item", { title, slot: slot.value, peer: peer.checked, reflection: reflection.checked }), `Added “${title.trim()}”.`);
        },
      },
      h("h3", {}, "Add an item"),
      h(
        "div",
        { class: "add-fields" },
        h("label", { class: "field grow" }, h("span", {}, "New item"), titleField),
        h("label", { class: "field" }, h("span", {}, "Day slot"), slot),
        h("label", { class: "check" }, peer, "Peer"),
        h("label", { class: "check" }, reflection, "Reflection"),
        h("button", { type: "submit", class: "primary" }, "Add item"),
      ),
    );
    return form;
  }

  function restoreControl() {
    if (!confirmRestore) {
      return h("div", { class: "restore" }, h("button", { type: "button", class: "ghost", onclick: () => { confirmRestore = true; render(); } }, "Restore the defaults…"));
    }
    return h(
      "div",
      { class: "restore confirm", role: "group", "aria-label": "Restore the defaults" },
      h("p", {}, "Replace your checklist with Mooring's default one, from this week on?"),
      h("button", { type: "button", class: "primary", onclick: () => { confirmRestore = false; act(() => call("restore_default_template"), "The default checklist is back."); } }, "Restore"),
      h("button", { type: "button", class: "ghost", onclick: () => { confirmRestore = false; render(); } }, "Cancel"),
    );
  }

  render();
  return panel;
}

// The "Log contact" dialog: who, how, and whether it went beyond logistics. The rest is optional.

import { call } from "./api.js";
import { h } from "./dom.js";
import { noteGuard } from "./note-guard.js";
import { choices } from "./vocabulary.js";

/** "2026-11-26T18:00:00+01:00" for a Date, in the computer's own offset. */
export function localInstant(date) {
  const pad = (n) => String(Math.abs(n)).padStart(2, "0");
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:00${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

/** The value a datetime-local field shows for a Date. */
function fieldValue(date) {
  return localInstant(date).slice(0, 16);
}

/**
 * Opens the dialog. `prefill` may give { kind, checklistItem, itemTitle }, { peerId } to choose a
 * peer (as a nudge suggests one), or { contact } to edit
 * a logged contact. Resolves with the saved contact, with "ticked" when the user chose to tick
 * the item without logging, or null.
 */
export async function logContact(prefill = {}) {
  const editing = prefill.contact ?? null;
  const allPeers = await call("list_peers", { includeArchived: Boolean(editing) });
  // Archived peers only appear when they are part of the contact being edited.
  const peers = allPeers.filter((peer) => !peer.archived || editing?.peers.some((p) => p.id === peer.id));
  return new Promise((resolve) => {
    const dialog = h("dialog", { class: "dialog", "aria-labelledby": "log-contact-title" });
    const finish = (result) => {
      dialog.close();
      dialog.remove();
      resolve(result);
    };

    // A nudge names a peer; a buddy debrief is with the buddy.
    const chosen = prefill.peerId ?? (prefill.kind === "buddy-debrief" ? peers.find((peer) => peer.roles.includes("buddy"))?.id : undefined);
    const peerBoxes = peers.map((peer) =>
      h("label", { class: "chip" }, h("input", { type: "checkbox", value: String(peer.id), name: "peer", checked: editing?.peers.some((p) => p.id === peer.id) ?? peer.id === chosen }), peer.name),
    );
    const group = h("input", { type: "checkbox", name: "group" });
    const kind = h("select", { id: "contact-kind" }, choices("contact_kinds").map(({ value, label }) => h("option", { value }, label)));
    kind.value = editing?.kind ?? prefill.kind ?? "message";
    group.checked = editing ? editing.with_group : prefill.kind === "group";
    const substantive = h("input", { type: "radio", name: "substance", value: "substantive", checked: editing?.substantive ?? true });
    const logistics = h("input", { type: "radio", name: "substance", value: "logistics", checked: editing ? !editing.substantive : false });
    const opened = editing ? new Date(editing.at) : new Date();
    const when = h("input", { type: "datetime-local", id: "contact-when", value: fieldValue(opened) });
    const intentions = choices("intentions").map(({ value, label }) =>
      h("label", { class: "chip" }, h("input", { type: "checkbox", name: "intention", value, checked: editing?.intentions.includes(value) ?? false }), label));
    // One tap, and optional: the same choice a second time takes it back.
    const energies = choices("energies").map(({ value, label }) =>
      h("label", { class: "chip" }, h("input", { type: "radio", name: "energy", value, checked: editing?.energy === value }), label));
    for (const chip of energies) {
      const radio = chip.querySelector("input");
      radio.addEventListener("pointerdown", () => { radio.dataset.was = String(radio.checked); });
      radio.addEventListener("click", () => { if (radio.dataset.was === "true") radio.checked = false; radio.dataset.was = ""; });
    }
    const minutes = h("input", { type: "number", id: "contact-minutes", min: "1", max: "1440", inputmode: "numeric", value: editing?.minutes ?? "" });
    const note = h("textarea", { id: "contact-note", rows: "3", maxlength: "5000", placeholder: "Your own reflections; keep client details out." });
    note.value = editing?.note ?? "";
    const problem = h("div", { class: "dialog-problem", role: "alert" });
    const saveLabel = editing ? "Save changes" : "Save contact";
    const save = h("button", { type: "submit", class: "primary" }, saveLabel);
    const guard = noteGuard({ field: note, button: save, label: saveLabel, warning: problem });

    const form = h(
      "form",
      {
        method: "dialog",
        onsubmit: async (event) => {
          event.preventDefault();
          const whenChanged = when.value && when.value !== fieldValue(opened);
          const contact = {
            // Unchanged, a new contact is "now" and an edited one keeps its exact instant.
            at: whenChanged ? localInstant(new Date(when.value)) : editing?.at ?? null,
            peers: peerBoxes.map((box) => box.querySelector("input")).filter((box) => box.checked).map((box) => Number(box.value)),
            with_group: group.checked,
            kind: kind.value,
            substantive: substantive.checked,
            intentions: intentions.map((chip) => chip.querySelector("input")).filter((box) => box.checked).map((box) => box.value),
            energy: energies.map((chip) => chip.querySelector("input")).find((radio) => radio.checked)?.value ?? null,
            minutes: minutes.value ? Number(minutes.value) : null,
            note: note.value.trim() || null,
          };
          try {
            const saved = await guard.save((anyway) =>
              editing
                ? call("update_contact", { id: editing.id, contact, anyway })
                : call("log_contact", { contact, checklistItem: prefill.checklistItem ?? null, anyway }),
            );
            if (saved === undefined) return;
            finish(saved);
          } catch (error) {
            problem.replaceChildren(h("p", { class: "inline-error" }, error.message));
          }
        },
        // An error goes as soon as it is being answered, such as a peer chosen after "Say who…";
        // the note's client-details warning stays until the note is saved or changed by it.
        onchange: (event) => {
          if (event.target !== note) problem.querySelector(".inline-error")?.remove();
        },
      },
      h("h2", { id: "log-contact-title" }, editing ? "Edit contact" : "Log a peer contact"),
      prefill.itemTitle ? h("p", { class: "muted" }, `Saving this also ticks “${prefill.itemTitle}”.`) : null,
      // Groups named by a heading rather than fieldsets with legends: WebKit lays out a legend in
      // a freshly opened modal dialog 26 px off until focus moves, which moves the controls
      // between a press and its release.
      h(
        "div",
        { role: "group", "aria-labelledby": "contact-with" },
        h("p", { class: "group-label", id: "contact-with" }, "With"),
        h("div", { class: "chips" },
          peerBoxes,
          h("label", { class: "chip" }, group, "Consultation group"),
          peers.length ? null : h("p", { class: "muted small" }, "Add peers on the Peers screen to name them here."),
        ),
      ),
      h("label", { class: "field", for: "contact-kind" }, h("span", {}, "Kind"), kind),
      h(
        "div",
        { role: "radiogroup", "aria-labelledby": "contact-substance" },
        h("p", { class: "group-label", id: "contact-substance" }, "Was it about more than logistics?"),
        h("div", { class: "radios" },
          h("label", { class: "check" }, substantive, "Yes, a real conversation"),
          h("label", { class: "check" }, logistics, "Only logistics (scheduling, billing)"),
        ),
      ),
      h(
        "div",
        { role: "radiogroup", "aria-labelledby": "contact-energy" },
        h("p", { class: "group-label", id: "contact-energy" }, "How did you leave it? (optional)"),
        h("div", { class: "chips" }, energies),
      ),
      h(
        "details",
        { class: "optional", open: Boolean(editing) },
        h("summary", {}, "When, what you wanted, minutes and a note (optional)"),
        h("div", { class: "optional-fields" },
          h("label", { class: "field", for: "contact-when" }, h("span", {}, "When"), when),
          h("div", { class: "wide", role: "group", "aria-labelledby": "contact-intentions" },
            h("p", { class: "group-label", id: "contact-intentions" }, "What you wanted from it"),
            h("div", { class: "chips" }, intentions)),
          h("label", { class: "field", for: "contact-minutes" }, h("span", {}, "Minutes"), minutes),
          h("label", { class: "field wide", for: "contact-note" }, h("span", {}, "Note"), note),
        ),
      ),
      problem,
      h(
        "div",
        { class: "actions end" },
        prefill.checklistItem ? h("button", { type: "button", class: "ghost", onclick: () => finish("ticked") }, "Just tick it") : null,
        h("button", { type: "button", class: "ghost", onclick: () => finish(null) }, "Cancel"),
        save,
      ),
    );
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      finish(null);
    });
    dialog.append(form);
    document.body.append(dialog);
    dialog.showModal();
    (peerBoxes[0]?.querySelector("input") ?? kind).focus();
  });
}

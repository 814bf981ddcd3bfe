// Peers: the directory of colleagues, and the timeline of contact with them.

import { call } from "../api.js";
import { logContact } from "../contact-dialog.js";
import { fill, h } from "../dom.js";
import { noteGuard } from "../note-guard.js";
import { daysAgo } from "../format.js";
import { choices, dateLocale, labelOf } from "../vocabulary.js";
import { FINDING_PEERS } from "../welcome.js";

export const title = "Peers";

/** A contact's day and time under its month's heading, as "Fri 30, 4:48 PM". */
const weekday = new Intl.DateTimeFormat(dateLocale, { weekday: "short" });
const clock = new Intl.DateTimeFormat(dateLocale, { hour: "numeric", minute: "2-digit" });
const dayAndTime = (date) => `${weekday.format(date)} ${date.getDate()}, ${clock.format(date)}`;
/** The same in full, with month and year, for hovering and for screen readers. */
const when = new Intl.DateTimeFormat(dateLocale, { weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit" });
const monthHeading = new Intl.DateTimeFormat(dateLocale, { month: "long", year: "numeric" });

/** How many contacts the timeline shows at first, and adds with each "Show earlier". */
const PAGE = 50;

/** `contacts`, newest first, in runs of the same month: [{ month: "November 2026", contacts }]. */
function byMonth(contacts) {
  const months = [];
  for (const contact of contacts) {
    const month = monthHeading.format(new Date(contact.at));
    if (months.at(-1)?.month !== month) months.push({ month, contacts: [] });
    months.at(-1).contacts.push(contact);
  }
  return months;
}

export async function render() {
  const page = h("div", { class: "stack" });
  const directory = h("section", { class: "panel", "aria-labelledby": "directory-title" });
  const timeline = h("section", { class: "panel", "aria-labelledby": "timeline-title" });
  let showArchived = false;
  let editing = null; // peer id being edited
  let filter = { peer: "", kind: "" };
  let shown = PAGE; // how many of the newest contacts the timeline lists
  let undo = null; // the contact just deleted

  let knownAreas = []; // practice areas already typed, for suggestions

  async function drawDirectory(message) {
    const peers = await call("list_peers", { includeArchived: showArchived });
    knownAreas = [...new Set(peers.map((peer) => peer.practice_area).filter(Boolean))].sort();
    fill(
      directory,
      h("h2", { id: "directory-title" }, "Your peers"),
      message ? h("p", { class: message.error ? "inline-error" : "inline-ok", role: "status", tabindex: "-1" }, message.text) : null,
      peers.length
        ? h("ul", { class: "peer-list" }, peers.map((peer) => (editing === peer.id ? h("li", {}, peerForm(peer)) : peerRow(peer))))
        : h("p", { class: "muted" }, `No peers yet. Add the colleagues you lean on: a buddy, your consultation group, a mentor. ${FINDING_PEERS}`),
      h("label", { class: "check" }, h("input", { type: "checkbox", checked: showArchived, onchange: (e) => { showArchived = e.target.checked; drawDirectory(); } }), "Show archived peers"),
      editing === "new" ? peerForm(null) : h("div", {}, h("button", { type: "button", class: "ghost", onclick: () => { editing = "new"; drawDirectory(); } }, "Add a peer")),
    );
    directory.querySelector("#peer-name")?.focus();
  }

  function peerRow(peer) {
    const facts = [
      peer.career_stage ? labelOf("career_stages", peer.career_stage) : null,
      peer.practice_area,
      ...peer.roles.map((role) => labelOf("roles", role)),
      peer.preferred_channel,
      peer.debrief_within_72h ? "Debrief within 72 h" : null,
    ].filter(Boolean);
    return h(
      "li",
      { class: peer.archived ? "peer-row archived" : "peer-row" },
      h(
        "div",
        { class: "peer-main" },
        h("p", { class: "peer-name" }, h("span", { class: "peer-name-text", title: peer.name }, peer.name), peer.archived ? h("span", { class: "tag" }, "Archived") : null),
        h("p", { class: "muted small" }, facts.join(" · ") || "No details yet"),
        peer.dual_role ? h("p", { class: "muted small dual-role" }, `Dual role: ${peer.dual_role}`) : null,
      ),
      h("p", { class: "peer-since" }, peer.days_since_contact === null ? "No contact yet" : `In touch ${daysAgo(peer.days_since_contact)}`),
      h("button", { type: "button", class: "ghost small", "aria-label": `Edit ${peer.name}`, onclick: () => { editing = peer.id; drawDirectory(); } }, "Edit"),
      h(
        "button",
        { type: "button", class: "ghost small", "aria-label": `${peer.archived ? "Unarchive" : "Archive"} ${peer.name}`, onclick: () => archive(peer) },
        peer.archived ? "Unarchive" : "Archive",
      ),
    );
  }

  async function archive(peer) {
    await call("set_peer_archived", { id: peer.id, archived: !peer.archived });
    await drawDirectory({ text: peer.archived ? `${peer.name} is back.` : `${peer.name} is archived; your contacts with them stay in the timeline.` });
    // The row may be gone (archived peers hidden): the hand goes to the line that says so.
    const button = [...directory.querySelectorAll("button")].find((b) => b.getAttribute("aria-label") === `${peer.archived ? "Archive" : "Unarchive"} ${peer.name}`);
    (button ?? directory.querySelector("[role=status]"))?.focus();
    drawTimeline();
  }

  function peerForm(peer) {
    // No maxlength: a name that is too long gets the core's message, never a silent cut.
    const name = h("input", { type: "text", id: "peer-name", value: peer?.name ?? "", placeholder: "A name or an alias" });
    const stage = h("select", { id: "peer-stage" }, h("option", { value: "" }, "Not said"), choices("career_stages").map(({ value, label }) => h("option", { value }, label)));
    stage.value = peer?.career_stage ?? "";
    const roles = choices("roles").map(({ value, label }) =>
      h("label", { class: "chip" }, h("input", { type: "checkbox", value, checked: peer?.roles.includes(value) ?? false }), label),
    );
    const channel = h("input", { type: "text", id: "peer-channel", maxlength: "100", value: peer?.preferred_channel ?? "", placeholder: "Text, phone, Signal…" });
    const debrief = h("input", { type: "checkbox", checked: peer?.debrief_within_72h ?? false });
    // Suggestions from the areas already typed, so that "Trauma" stays one area.
    const area = h("input", { type: "text", id: "peer-area", list: "practice-areas", maxlength: "100", value: peer?.practice_area ?? "", placeholder: "Trauma, couples, children…" });
    const areas = h("datalist", { id: "practice-areas" }, knownAreas.map((known) => h("option", { value: known })));
    const dualRole = h("input", { type: "text", id: "peer-dual-role", maxlength: "200", value: peer?.dual_role ?? "", placeholder: "For example: also my supervisor" });
    const problem = h("p", { class: "inline-error", role: "alert" });
    const warning = h("div", { role: "alert" });
    const submit = h("button", { type: "submit", class: "primary" }, peer ? "Save peer" : "Add peer");
    const guard = noteGuard({ fields: [name, channel, area, dualRole], button: submit, label: submit.textContent, warning });
    return h(
      "form",
      {
        class: "peer-form",
        onsubmit: async (event) => {
          event.preventDefault();
          const form = {
            name: name.value,
            career_stage: stage.value || null,
            roles: roles.map((chip) => chip.querySelector("input")).filter((box) => box.checked).map((box) => box.value),
            preferred_channel: channel.value || null,
            debrief_within_72h: debrief.checked,
            practice_area: area.value || null,
            dual_role: dualRole.value || null,
          };
          try {
            problem.textContent = "";
            const saved = await guard.save((anyway) =>
              peer ? call("update_peer", { id: peer.id, peer: form, anyway }) : call("add_peer", { peer: form, anyway }));
            if (!saved) return;
            editing = null;
            drawDirectory({ text: peer ? `Saved ${saved.name}.` : `Added ${saved.name}.` });
            drawTimeline();
          } catch (error) {
            problem.textContent = error.message;
          }
        },
      },
      h("h3", {}, peer ? `Edit ${peer.name}` : "Add a peer"),
      h("p", { class: "muted small" }, "A colleague, never a client. An alias is fine."),
      h("div", { class: "add-fields" },
        h("label", { class: "field grow", for: "peer-name" }, h("span", {}, "Name"), name),
        h("label", { class: "field", for: "peer-stage" }, h("span", {}, "Career stage"), stage),
        h("label", { class: "field", for: "peer-channel" }, h("span", {}, "Preferred channel"), channel),
      ),
      h("div", { class: "add-fields" },
        h("label", { class: "field grow", for: "peer-area" }, h("span", {}, "Practice area"), area, areas),
        h("label", { class: "field grow", for: "peer-dual-role" }, h("span", {}, "Dual role (optional)"), dualRole),
      ),
      h("fieldset", {}, h("legend", {}, "Roles"), h("div", { class: "chips" }, roles)),
      h("label", { class: "check" }, debrief, "Available for a confidential debrief within 72 hours"),
      warning,
      problem,
      h("div", { class: "actions" },
        submit,
        h("button", { type: "button", class: "ghost", onclick: () => { editing = null; drawDirectory(); } }, "Cancel"),
      ),
    );
  }

  async function drawTimeline() {
    const [listed, peers] = await Promise.all([
      // One more than shown, to know whether there are earlier ones.
      call("list_contacts", { peer: filter.peer ? Number(filter.peer) : null, kind: filter.kind || null, limit: shown + 1 }),
      call("list_peers", { includeArchived: true }),
    ]);
    const contacts = listed.slice(0, shown);
    const refilter = () => { shown = PAGE; drawTimeline(); };
    const peerFilter = h("select", { id: "filter-peer", onchange: (e) => { filter.peer = e.target.value; refilter(); } },
      h("option", { value: "" }, "All peers"), peers.map((peer) => h("option", { value: String(peer.id) }, peer.name)));
    peerFilter.value = filter.peer;
    const kindFilter = h("select", { id: "filter-kind", onchange: (e) => { filter.kind = e.target.value; refilter(); } },
      h("option", { value: "" }, "All kinds"), choices("contact_kinds").map(({ value, label }) => h("option", { value }, label)));
    kindFilter.value = filter.kind;
    fill(
      timeline,
      h("div", { class: "panel-header" },
        h("h2", { id: "timeline-title" }, "Contact timeline"),
        h("div", { class: "filters" },
          h("label", { class: "field", for: "filter-peer" }, h("span", {}, "Peer"), peerFilter),
          h("label", { class: "field", for: "filter-kind" }, h("span", {}, "Kind"), kindFilter),
        ),
      ),
      undo
        ? h("p", { class: "toast", role: "status" }, "Contact deleted. ", h("button", { type: "button", class: "link", onclick: restore }, "Undo"))
        : null,
      contacts.length
        ? byMonth(contacts).map(({ month, contacts }) =>
            h("section", { class: "timeline-month", "aria-label": month }, h("h3", { class: "month-title" }, month), h("ol", { class: "timeline" }, contacts.map(entry))),
          )
        : h("p", { class: "muted" }, filter.peer || filter.kind ? "No contacts match these filters." : "No contacts logged yet. Use “Log contact” after a call, a message or the group."),
      listed.length > shown
        ? h("div", { class: "actions centred" },
            h("button", { type: "button", class: "ghost", id: "show-earlier", onclick: showEarlier }, "Show earlier"),
            h("p", { class: "muted small" }, `Showing the latest ${shown}.`))
        : null,
    );
  }

  /** Lists the next contacts back in time, and keeps the keyboard where it was. */
  async function showEarlier() {
    const first = shown;
    shown += PAGE;
    await drawTimeline();
    const next = timeline.querySelectorAll(".entry")[first];
    (timeline.querySelector("#show-earlier") ?? next?.querySelector("button"))?.focus();
  }

  function entry(contact) {
    const names = contact.peers.map((peer) => peer.name);
    if (contact.with_group) names.push("the consultation group");
    return h(
      "li",
      { class: "entry" },
      h("p", { class: "entry-when" }, h("time", { datetime: contact.at, title: when.format(new Date(contact.at)) }, dayAndTime(new Date(contact.at)))),
      h(
        "div",
        { class: "entry-main" },
        h("p", {}, h("span", {}, h("strong", {}, labelOf("contact_kinds", contact.kind)), ` with ${names.join(", ")}`),
          contact.substantive ? null : h("span", { class: "tag" }, "Logistics only"),
          contact.intentions.map((intention) => h("span", { class: "tag" }, labelOf("intentions", intention))),
          contact.energy ? h("span", { class: `tag energy ${contact.energy}` }, `Left ${labelOf("energies", contact.energy).toLowerCase()}`) : null,
          contact.minutes ? h("span", { class: "muted small" }, `${contact.minutes} min`) : null,
        ),
        contact.note ? h("p", { class: "note" }, contact.note) : null,
      ),
      h("button", { type: "button", class: "ghost small", "aria-label": `Edit the ${labelOf("contact_kinds", contact.kind).toLowerCase()} of ${when.format(new Date(contact.at))}`, onclick: async () => { if (await logContact({ contact })) { drawTimeline(); drawDirectory(); } } }, "Edit"),
      h("button", { type: "button", class: "ghost small danger", "aria-label": `Delete the ${labelOf("contact_kinds", contact.kind).toLowerCase()} of ${when.format(new Date(contact.at))}`, onclick: () => remove(contact) }, "Delete"),
    );
  }

  async function remove(contact) {
    undo = await call("delete_contact", { id: contact.id });
    drawTimeline();
    drawDirectory();
  }

  async function restore() {
    const contact = undo;
    undo = null;
    await call("log_contact", {
      contact: { ...contact, peers: contact.peers.map((peer) => peer.id) },
      checklistItem: null,
    });
    drawTimeline();
    drawDirectory();
  }

  page.append(
    h("header", { class: "screen-header with-action" },
      h("div", {}, h("h1", {}, "Peers"), h("p", { class: "subtitle" }, "Your people, and your contact with them")),
      h("button", { type: "button", class: "primary", onclick: async () => { if (await logContact()) { drawTimeline(); drawDirectory(); } } }, "Log contact"),
    ),
    directory,
    timeline,
  );
  await Promise.all([drawDirectory(), drawTimeline()]);
  return page;
}

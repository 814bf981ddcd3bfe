// Agreements and records: the peer group's confidentiality agreement, and the private record of
// consultations (with a short card to prepare one).

import { call } from "../api.js";
import { fill, h } from "../dom.js";
import { fullDay } from "../format.js";
import { noteGuard } from "../note-guard.js";
import { printAlone } from "../print.js";
import { choices, dateLocale, labelOf } from "../vocabulary.js";

export const title = "Agreements and records";


/** The structure both guides suggest for a consultation. */
const STRUCTURE = ["Check in", "The case in brief, de-identified", "The question", "Discussion", "A recap of what you will do"];

/** The record's free texts, in the order of the form: [field, label, placeholder]. */
const TEXTS = [
  ["question", "The question", "The clinical or ethical question, in a sentence or two."],
  ["options", "Options considered", ""],
  ["standards", "Standards considered", "For example a standard of your ethics code."],
  ["risk_benefit", "Risks and benefits", "What each option risks, and what it offers."],
  ["recommendations", "Recommendations received", ""],
  ["decision", "Decision", ""],
  ["rationale", "Rationale", "Why this decision."],
  ["follow_up_plan", "Follow-up plan", "What you will do next, and how you will know it worked."],
];

const DE_IDENTIFY = "De-identify: no names, initials, dates of birth, places or details that would let anyone recognise the client.";

/** What to open when the screen next renders: { agreement: true }, { record: id } or { prepare: { kind } }. */
let opening = null;

/** Shows this screen and opens the agreement, a record, or the card to prepare a consultation. */
export function openRecords(what) {
  opening = what;
  document.querySelector('[data-screen="records"]').click();
}

/** "2026-12-01" when `text` is a real day written that way, null when empty; throws otherwise. */
function dayIn(field, what) {
  const text = field.value.trim();
  if (text === "") return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match && new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (!match || date.getUTCMonth() !== Number(match[2]) - 1 || date.getUTCDate() !== Number(match[3])) {
    throw { message: `Write ${what} like 2026-12-01.` };
  }
  return text;
}

/** "Ben", "Ana and Ben", "you, Ana and Ben", in the user's language. */
const namesList = new Intl.ListFormat(dateLocale, { type: "conjunction" });

/** The line that says where an agreement stands: who has signed, whom it waits for, and when it
 * is signed again. */
function agreementStatus(agreement) {
  const line = (...parts) => h("p", { class: "agreement-status" }, ...parts);
  const { signed_count: signed, signer_count: signers, waiting_for: waiting } = agreement;
  if (!agreement.members.length) return line("Add the group's members, then record their signatures.");
  if (!agreement.resign_due_on) return line("Not signed yet. Record each member's signature once the group has signed.");
  const count = signed > 0 && waiting.length ? `${signed} of ${signers} signed; waiting for ${namesList.format(waiting)}.` : null;
  if (!agreement.resign_due) return line(`${signers > 1 ? `Signed by all ${signers}` : "Signed"}. Sign it again together by ${fullDay(agreement.resign_due_on)}.`);
  const revised = agreement.text_changed_on && agreement.text_changed_on === agreement.resign_due_on;
  const changed = agreement.membership_changed_on && agreement.membership_changed_on === agreement.resign_due_on;
  const why = revised
    ? `The text was revised on ${fullDay(agreement.text_changed_on)}: everyone signs again.`
    : changed
      ? `The group changed on ${fullDay(agreement.membership_changed_on)}: everyone signs again.`
      : signed === 0
        ? `A year has passed since the oldest signature (due ${fullDay(agreement.resign_due_on)}).`
        : null;
  // A first round still open is no "again": only who has signed, and whom it waits for.
  if (!why) return line(count);
  return h("p", { class: "agreement-status due" }, h("span", { class: "tag warn" }, "Sign again"), " ", why, count ? ` ${count}` : null);
}

export async function render() {
  const page = h("div", { class: "stack" });
  const agreementsPanel = h("section", { class: "panel", "aria-labelledby": "agreements-title" });
  const recordsPanel = h("section", { class: "panel", "aria-labelledby": "records-title" });
  let editingAgreement = null; // id whose text is being edited
  let signingOn = null; // "agreement/peer" whose other-day field is open
  let confirmingDelete = null; // agreement id
  let search = "";
  let form = null; // { record } (new when record is null), or { prepare: { kind } }
  let undo = null; // the record just deleted

  async function drawAgreements(message) {
    const [agreements, peers] = await Promise.all([call("list_agreements"), call("list_peers", { includeArchived: false })]);
    fill(
      agreementsPanel,
      h("h2", { id: "agreements-title" }, agreements.length > 1 ? "Group agreements" : "Group agreement"),
      message ? h("p", { class: message.error ? "inline-error" : "inline-ok", role: "status" }, message.text) : null,
      agreements.length
        ? agreements.map((agreement) => (editingAgreement === agreement.id ? agreementEditor(agreement) : agreementView(agreement, peers)))
        : h("p", { class: "muted" }, "A written confidentiality agreement keeps a peer group safe to speak in. Start from Mooring's eight commitments and make them your group's own."),
      newAgreementForm(agreements.length > 0),
    );
  }

  function newAgreementForm(another) {
    const name = h("input", { type: "text", id: "agreement-name", placeholder: "Wednesday group" });
    const problem = h("p", { class: "inline-error", role: "alert" });
    const start = async (fromTemplate) => {
      try {
        const agreement = await call("new_agreement", { name: name.value, fromTemplate });
        if (!fromTemplate) editingAgreement = agreement.id;
        drawAgreements({ text: `Started “${agreement.name}”.` });
      } catch (error) {
        problem.textContent = error.message;
        name.focus();
      }
    };
    const fields = h("div", { class: "add-form" },
      h("h3", {}, another ? "Another group's agreement" : "Start your group's agreement"),
      h("div", { class: "add-fields" }, h("label", { class: "field grow", for: "agreement-name" }, h("span", {}, "Group name"), name)),
      problem,
      h("div", { class: "actions" },
        h("button", { type: "button", class: another ? "ghost" : "primary", onclick: () => start(true) }, "Start from the template"),
        h("button", { type: "button", class: "ghost", onclick: () => start(false) }, "Start blank"),
      ),
    );
    return another ? h("details", { class: "optional" }, h("summary", {}, "Start another agreement"), fields) : fields;
  }

  function agreementView(agreement, peers) {
    const problem = h("p", { class: "inline-error", role: "alert" });
    const run = async (work, done) => {
      try {
        await work();
        drawAgreements(done ? { text: done } : undefined);
      } catch (error) {
        problem.textContent = error.message;
      }
    };
    const outsiders = peers.filter((peer) => !agreement.members.some((member) => member.peer_id === peer.id));
    const addSelect = h("select", { id: `add-member-${agreement.id}` }, outsiders.map((peer) => h("option", { value: String(peer.id) }, peer.name)));
    // The user signs first: the agreement is their own commitment before it is the group's.
    const you = {
      key: `${agreement.id}/you`,
      peer: null,
      shown: agreement.you.name ? `You (${agreement.you.name})` : "You",
      who: "You",
      whose: "your",
      signed_on: agreement.you.signed_on,
      signature_current: agreement.you.signature_current,
    };
    const members = agreement.members.map((member) => ({
      key: `${agreement.id}/${member.peer_id}`,
      peer: member.peer_id,
      shown: member.peer,
      who: member.peer,
      whose: `${member.peer}'s`,
      signed_on: member.signed_on,
      signature_current: member.signature_current,
    }));
    const signerRow = (signer) => {
      const signed = signer.signed_on
        ? signer.signature_current ? `Signed ${fullDay(signer.signed_on)}` : `Signed ${fullDay(signer.signed_on)}: to sign again`
        : "Not signed yet";
      const dayLabel = `Day ${signer.peer === null ? "you" : signer.who} signed`;
      const day = h("input", { type: "text", inputmode: "numeric", placeholder: "2026-03-14", "aria-label": dayLabel });
      const done = `Recorded ${signer.whose} signature.`;
      return h("li", { class: "member-row" },
        h("p", { class: "member-name" }, h("span", { class: "peer-name-text", title: signer.shown }, signer.shown)),
        h("p", { class: signer.signature_current ? "muted small" : "small member-unsigned" }, signed),
        signingOn === signer.key
          ? h("form", { class: "member-day", onsubmit: (event) => {
              event.preventDefault();
              run(async () => {
                const on = dayIn(day, "the day of the signature");
                await call("sign_agreement", { id: agreement.id, peer: signer.peer, on });
                signingOn = null;
              }, done);
            } }, day, h("button", { type: "submit", class: "ghost small" }, "Save"), h("button", { type: "button", class: "link small", onclick: () => { signingOn = null; drawAgreements(); } }, "Cancel"))
          : h("div", { class: "member-actions" },
              h("button", { type: "button", class: "ghost small", "aria-label": `${signer.who} signed today`, onclick: () => run(() => call("sign_agreement", { id: agreement.id, peer: signer.peer, on: null }), done) }, "Signed today"),
              h("button", { type: "button", class: "link small", "aria-label": `${signer.who} signed on another day`, onclick: async () => { signingOn = signer.key; await drawAgreements(); [...agreementsPanel.querySelectorAll("input")].find((field) => field.getAttribute("aria-label") === dayLabel)?.focus(); } }, "Another day…"),
              signer.peer === null
                ? null
                : h("button", { type: "button", class: "link small", "aria-label": `Remove ${signer.who} from the group`, onclick: () => run(() => call("set_agreement_member", { id: agreement.id, peer: signer.peer, member: false }), `${signer.who} left the group; everyone signs again.`) }, "Remove"),
            ),
      );
    };
    return h(
      "article",
      { class: "agreement", "data-agreement": String(agreement.id), "aria-labelledby": `agreement-${agreement.id}` },
      h("header", { class: "panel-header" },
        h("h3", { id: `agreement-${agreement.id}`, class: "agreement-name" }, agreement.name),
        h("div", { class: "actions" },
          h("button", { type: "button", class: "ghost small", onclick: () => { editingAgreement = agreement.id; drawAgreements(); agreementsPanel.querySelector("#agreement-points")?.focus(); } }, "Edit the text"),
          h("button", { type: "button", class: "ghost small", onclick: () => printAgreement(agreement.id) }, "Print…"),
          h("button", { type: "button", class: "ghost small", onclick: async () => {
            try {
              const path = await call("save_agreement_page", { id: agreement.id });
              if (path) drawAgreements({ text: `Saved a page to print and sign: ${path}` });
            } catch (error) {
              problem.textContent = error.message;
            }
          } }, "Save as a page…"),
        ),
      ),
      agreementStatus(agreement),
      agreement.points.length
        ? h("ol", { class: "points" }, agreement.points.map((point) => h("li", {}, point)))
        : h("p", { class: "muted" }, "No commitments written yet. Use “Edit the text” to write them."),
      h("h4", { class: "members-title" }, "Members and signatures"),
      h("ul", { class: "member-list" }, [you, ...members].map(signerRow)),
      agreement.members.length ? null : h("p", { class: "muted small" }, "No other members yet."),
      outsiders.length
        ? h("form", { class: "add-member", onsubmit: (event) => {
            event.preventDefault();
            const peer = outsiders.find((p) => String(p.id) === addSelect.value);
            run(() => call("set_agreement_member", { id: agreement.id, peer: Number(addSelect.value), member: true }), `Added ${peer?.name ?? "the peer"}.`);
          } },
            h("label", { class: "field", for: `add-member-${agreement.id}` }, h("span", {}, "Add a member"), addSelect),
            h("button", { type: "submit", class: "ghost small" }, "Add member"))
        : peers.length ? null : h("p", { class: "muted small" }, "Add the group's members as peers on the Peers screen first."),
      problem,
      confirmingDelete === agreement.id
        ? h("div", { class: "restore confirm", role: "alert" },
            h("p", {}, `Delete “${agreement.name}” and its signatures? This cannot be undone.`),
            h("div", { class: "actions" },
              h("button", { type: "button", class: "danger", onclick: () => run(async () => { await call("delete_agreement", { id: agreement.id }); confirmingDelete = null; }, `Deleted “${agreement.name}”.`) }, "Delete it"),
              h("button", { type: "button", class: "ghost", onclick: () => { confirmingDelete = null; drawAgreements(); } }, "Keep it")))
        : h("button", { type: "button", class: "link small danger", onclick: () => { confirmingDelete = agreement.id; drawAgreements(); } }, "Delete this agreement…"),
    );
  }

  function agreementEditor(agreement) {
    const name = h("input", { type: "text", id: "agreement-edit-name", value: agreement.name });
    const points = h("textarea", { id: "agreement-points", rows: String(Math.max(8, agreement.points.length * 2 + 2)) });
    points.value = agreement.points.join("\n\n");
    const warning = h("div", { role: "alert" });
    const save = h("button", { type: "submit", class: "primary" }, "Save the agreement");
    const guard = noteGuard({ field: points, button: save, label: "Save the agreement", warning });
    return h("form", { class: "agreement-editor", onsubmit: async (event) => {
      event.preventDefault();
      try {
        const saved = await guard.save((anyway) => call("edit_agreement", {
          id: agreement.id, name: name.value, points: points.value.split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, " ").trim()).filter(Boolean), anyway,
        }));
        if (saved === undefined) return;
        editingAgreement = null;
        drawAgreements({ text: `Saved “${saved.name}”.` });
      } catch (error) {
        warning.replaceChildren(h("p", { class: "inline-error" }, error.message));
      }
    } },
      h("h3", {}, `Edit “${agreement.name}”`),
      h("label", { class: "field", for: "agreement-edit-name" }, h("span", {}, "Name"), name),
      h("label", { class: "field wide", for: "agreement-points" }, h("span", {}, "Commitments"), points),
      h("p", { class: "muted small" }, "One commitment per paragraph: leave an empty line between them."),
      warning,
      h("div", { class: "actions" }, save, h("button", { type: "button", class: "ghost", onclick: () => { editingAgreement = null; drawAgreements(); } }, "Cancel")),
    );
  }

  /** Prints the agreement alone, the same sheet as "Save as a page…", with signature lines. */
  async function printAgreement(id) {
    try {
      await printAlone({ html: await call("agreement_sheet", { id }) });
    } catch (error) {
      drawAgreements({ text: error.message, error: true });
    }
  }

  // The search field stays while the list under it follows what is typed.
  const searchField = h("input", { type: "search", id: "records-search", placeholder: "A word from any field, or a peer" });
  const filters = h("div", { class: "filters records-filters" },
    h("label", { class: "field grow", for: "records-search" }, h("span", {}, "Search records"), searchField),
    h("button", { type: "button", class: "ghost small", onclick: () => savePage() }, "Save as a page…"),
  );
  const list = h("div", { class: "record-results" });
  searchField.addEventListener("input", () => {
    clearTimeout(searchField.timer);
    searchField.timer = setTimeout(() => {
      search = searchField.value.trim();
      drawList();
    }, 250);
  });

  async function drawList() {
    const records = await call("list_consultations", { search: search || null });
    filters.hidden = !records.length && !search;
    filters.querySelector("button").hidden = !records.length;
    fill(
      list,
      records.length
        ? h("ul", { class: "record-list" }, records.map(recordRow))
        : h("p", { class: "muted" }, search ? "No records match this search." : "No consultations recorded yet. After a consultation, write down what you asked and what you decided."),
    );
  }

  async function drawRecords(message) {
    fill(
      recordsPanel,
      h("div", { class: "panel-header" },
        h("h2", { id: "records-title" }, "Consultation record"),
        form ? null : h("div", { class: "actions" },
          h("button", { type: "button", class: "primary small", onclick: () => openForm({ record: null }) }, "New record"),
          h("button", { type: "button", class: "ghost small", onclick: () => openForm({ prepare: {} }) }, "Prepare a consultation"),
        ),
      ),
      h("p", { class: "muted small" }, "For each consultation: the question, the options and standards you weighed with their risks and benefits, what was recommended, what you decided and why, and your plan after it. It is yours alone, and protects you if a decision is ever questioned."),
      message ? h("p", { class: message.error ? "inline-error" : "inline-ok", role: "status" }, message.text) : null,
      undo ? h("p", { class: "toast", role: "status" }, "Record deleted. ", h("button", { type: "button", class: "link", onclick: restore }, "Undo")) : null,
      form ? await formFor(form) : [filters, list],
    );
    if (!form) await drawList();
  }

  async function savePage() {
    try {
      const path = await call("save_consultations_page", { search: search || null });
      if (path) drawRecords({ text: `Saved a page to print: ${path}` });
    } catch (error) {
      drawRecords({ text: error.message, error: true });
    }
  }

  function recordRow(record) {
    const who = record.peer ? ` with ${record.peer.name}` : record.with_group ? " with the consultation group" : "";
    return h("li", { class: "record-row" },
      h("div", { class: "record-main" },
        h("p", { class: "record-when" }, h("strong", {}, fullDay(record.held_on)), ` · ${labelOf("consultation_types", record.type)}${who}`,
          record.prepared ? h("span", { class: "tag" }, "Being prepared") : null,
          !record.prepared && record.texts_erased ? h("span", { class: "tag" }, "Decision recorded; text erased") : null,
          record.follow_up_on ? h("span", { class: "tag" }, `Follow up ${fullDay(record.follow_up_on)}`) : null),
        h("p", { class: "record-question" }, record.question ?? "The text of this record was erased, as your retention setting asks."),
      ),
      h("button", { type: "button", class: "ghost small", "aria-label": `${record.prepared ? "Write up" : "Open"} the record of ${fullDay(record.held_on)}`, onclick: () => openForm({ record }) }, record.prepared ? "Write it up" : "Open"),
      h("button", { type: "button", class: "ghost small danger", "aria-label": `Delete the record of ${fullDay(record.held_on)}`, onclick: () => remove(record) }, "Delete"),
    );
  }

  async function remove(record) {
    undo = await call("delete_consultation", { id: record.id });
    drawRecords();
  }

  async function restore() {
    const record = undo;
    undo = null;
    await call("add_consultation", { record: recordInput(record), anyway: true });
    drawRecords();
  }

  async function openForm(next) {
    form = next;
    undo = null;
    await drawRecords();
    recordsPanel.querySelector("#record-question, #prepare-question")?.focus();
  }

  function closeForm(message) {
    form = null;
    drawRecords(message);
  }

  async function formFor(current) {
    return current.prepare ? prepareCard(current.prepare) : recordForm(current.record);
  }

  /** The short card before a consultation: what you want from it, the question, the structure. */
  async function prepareCard(prepare) {
    // A buddy debrief is with the buddy.
    const buddy = prepare.kind === "buddy-debrief"
      ? (await call("list_peers", { includeArchived: false })).find((peer) => peer.roles.includes("buddy"))
      : null;
    const wants = wantChips([], "prepare");
    const question = h("input", { type: "text", id: "prepare-question", placeholder: "What do you want to take away?" });
    const warning = h("div", { role: "alert" });
    const save = h("button", { type: "submit", class: "primary" }, "Save for the consultation");
    const guard = noteGuard({ field: question, button: save, label: "Save for the consultation", warning });
    return h("form", { class: "record-form prepare", "aria-labelledby": "prepare-title", onsubmit: async (event) => {
      event.preventDefault();
      try {
        const record = {
          type: prepare.kind === "group" ? "group-consultation" : "peer-consultation",
          with_group: prepare.kind === "group",
          peer: buddy?.id ?? null,
          wants: checked(wants),
          question: question.value,
        };
        const saved = await guard.save((anyway) => call("add_consultation", { record, anyway }));
        if (saved === undefined) return;
        closeForm({ text: "Saved. After the consultation, use “Write it up” to finish the record." });
      } catch (error) {
        warning.replaceChildren(h("p", { class: "inline-error" }, error.message));
      }
    } },
      h("h3", { id: "prepare-title" }, "Prepare a consultation"),
      h("div", { role: "group", "aria-labelledby": "prepare-wants" }, h("p", { class: "group-label", id: "prepare-wants" }, "What do you want from it?"), h("div", { class: "chips" }, wants)),
      h("label", { class: "field wide", for: "prepare-question" }, h("span", {}, "The question, in one sentence"), question),
      h("p", { class: "muted small" }, DE_IDENTIFY),
      h("div", { class: "structure" }, h("p", { class: "group-label" }, "A structure that helps"), h("ol", {}, STRUCTURE.map((step) => h("li", {}, step)))),
      warning,
      h("div", { class: "actions" }, save, h("button", { type: "button", class: "ghost", onclick: () => closeForm() }, "Cancel")),
    );
  }

  /** The full record, new (`record` null) or to edit. */
  async function recordForm(record) {
    const [peers, contacts] = await Promise.all([call("list_peers", { includeArchived: true }), call("list_contacts", { peer: null, kind: null, limit: 30 })]);
    const held = h("input", { type: "text", id: "record-day", inputmode: "numeric", value: record?.held_on ?? "", placeholder: "Today" });
    // A prepared record took the day it was prepared; the logged contact knows the real one.
    let dayTyped = false;
    held.addEventListener("input", () => { dayTyped = true; });
    const kind = h("select", { id: "record-type" }, h("option", { value: "" }, "From the contact, or a peer consultation"), choices("consultation_types").map(({ value, label }) => h("option", { value }, label)));
    kind.value = record?.type ?? "";
    const withWhom = h("select", { id: "record-with" },
      h("option", { value: "" }, "From the contact, or someone unnamed"),
      h("option", { value: "group" }, "The consultation group"),
      peers.filter((peer) => !peer.archived || peer.id === record?.peer?.id).map((peer) => h("option", { value: String(peer.id) }, peer.name)));
    withWhom.value = record?.peer ? String(record.peer.id) : record?.with_group ? "group" : "";
    const contact = h("select", { id: "record-contact" }, h("option", { value: "" }, "None"),
      contacts.map((c) => {
        const names = c.peers.map((p) => p.name);
        if (c.with_group) names.push("the group");
        return h("option", { value: String(c.id) }, `${labelOf("contact_kinds", c.kind)} with ${names.join(", ")}, ${fullDay(c.at.slice(0, 10))}`);
      }));
    contact.value = record?.contact_id && contacts.some((c) => c.id === record.contact_id) ? String(record.contact_id) : "";
    const wants = wantChips(record?.wants ?? [], "record");
    const fields = Object.fromEntries(TEXTS.map(([key]) => {
      const hint = TEXTS.find(([name]) => name === key)[2];
      const area = h("textarea", { id: `record-${key}`, rows: key === "question" ? "2" : "3", placeholder: hint || null });
      area.value = record?.[key] ?? "";
      return [key, area];
    }));
    const followUp = h("input", { type: "text", id: "record-follow-up", inputmode: "numeric", value: record?.follow_up_on ?? "", placeholder: "None" });
    const warning = h("div", { role: "alert", class: "record-problem" });
    const saveLabel = record ? "Save the record" : "Save record";
    const save = h("button", { type: "submit", class: "primary" }, saveLabel);
    // Any field may hold what looks like a client's details; the warning then names which.
    const guard = noteGuard({ field: fields.question, button: save, label: saveLabel, warning });
    for (const area of Object.values(fields).slice(1)) area.addEventListener("input", () => fields.question.dispatchEvent(new Event("input")));
    return h("form", { class: "record-form", "aria-labelledby": "record-form-title", onsubmit: async (event) => {
      event.preventDefault();
      try {
        const input = {
          held_on: record?.prepared && !dayTyped && contact.value ? null : dayIn(held, "the day"),
          type: kind.value || null,
          contact_id: contact.value ? Number(contact.value) : null,
          peer: /^\d+$/.test(withWhom.value) ? Number(withWhom.value) : null,
          with_group: withWhom.value === "group",
          wants: checked(wants),
          ...Object.fromEntries(TEXTS.map(([key]) => [key, key === "question" ? fields[key].value : fields[key].value.trim() || null])),
          follow_up_on: dayIn(followUp, "the follow-up day"),
        };
        const saved = await guard.save((anyway) => (record ? call("update_consultation", { id: record.id, record: input, anyway }) : call("add_consultation", { record: input, anyway })));
        if (saved === undefined) return;
        closeForm({ text: `Saved the record of ${fullDay(saved.held_on)}.` });
      } catch (error) {
        warning.replaceChildren(h("p", { class: "inline-error" }, error.message));
      }
    } },
      h("h3", { id: "record-form-title" }, record ? (record.prepared ? "Write up the consultation" : `The record of ${fullDay(record.held_on)}`) : "Record a consultation"),
      h("p", { class: "warning soft" }, DE_IDENTIFY),
      h("div", { class: "add-fields" },
        h("label", { class: "field", for: "record-day" }, h("span", {}, "Day (YYYY-MM-DD)"), held),
        h("label", { class: "field", for: "record-type" }, h("span", {}, "Type"), kind),
        h("label", { class: "field", for: "record-with" }, h("span", {}, "With"), withWhom),
        h("label", { class: "field grow", for: "record-contact" }, h("span", {}, "Logged contact"), contact),
      ),
      h("div", { role: "group", "aria-labelledby": "record-wants" }, h("p", { class: "group-label", id: "record-wants" }, "What you wanted from it"), h("div", { class: "chips" }, wants)),
      TEXTS.map(([key, label]) => h("label", { class: "field wide", for: `record-${key}` }, h("span", {}, label), fields[key])),
      h("label", { class: "field", for: "record-follow-up" }, h("span", {}, "Follow up on (YYYY-MM-DD)"), followUp),
      warning,
      h("div", { class: "actions" }, save, h("button", { type: "button", class: "ghost", onclick: () => closeForm() }, "Cancel")),
    );
  }

  page.append(
    h("header", { class: "screen-header" }, h("h1", {}, "Agreements and records"), h("p", { class: "subtitle" }, "Your group's confidentiality agreement, and a private record of your consultations")),
    agreementsPanel,
    recordsPanel,
  );
  const what = opening;
  opening = null;
  if (what?.prepare) form = { prepare: what.prepare };
  await drawAgreements();
  if (what?.record) {
    const records = await call("list_consultations", { search: null });
    const record = records.find((r) => r.id === what.record);
    if (record) form = { record };
  }
  await drawRecords();
  if (what) {
    requestAnimationFrame(() => {
      const target = what.agreement ? agreementsPanel : recordsPanel;
      target.scrollIntoView({ block: "start" });
      (target.querySelector("#record-question, #prepare-question") ?? target.querySelector("h2"))?.focus?.();
    });
  }
  return page;
}

/** Checkboxes for what one wants from a consultation, ticked for `chosen`. */
function wantChips(chosen, prefix) {
  // What one wants from a consultation is an intention: the contact dialog's words, one list.
  return choices("intentions").map(({ value, label }) =>
    h("label", { class: "chip" }, h("input", { type: "checkbox", value, name: `${prefix}-want`, checked: chosen.includes(value) }), label));
}

/** The values of the ticked chips. */
function checked(chips) {
  return chips.map((chip) => chip.querySelector("input")).filter((box) => box.checked).map((box) => box.value);
}

/** A record as the commands take it back, for undoing a delete. */
function recordInput(record) {
  return {
    held_on: record.held_on,
    type: record.type,
    contact_id: record.contact_id,
    peer: record.peer?.id ?? null,
    with_group: record.with_group,
    wants: record.wants,
    question: record.question ?? "",
    options: record.options,
    standards: record.standards,
    risk_benefit: record.risk_benefit,
    recommendations: record.recommendations,
    decision: record.decision,
    rationale: record.rationale,
    follow_up_plan: record.follow_up_plan,
    follow_up_on: record.follow_up_on,
  };
}

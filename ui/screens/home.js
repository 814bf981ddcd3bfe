// Home: this week at a glance, and this week's self-care checklist.

import { call } from "../api.js";
import { checklistSection } from "../checklist.js";
import { logContact } from "../contact-dialog.js";
import { h, keepingFocus, sessionsIn } from "../dom.js";
import { capitalised, daysAgo, inDays, longDay, plural, weekLabel, weekRange, weekday } from "../format.js";
import { recoveryKeyCard } from "../recovery-key.js";
import { choices, dateLocale, labelOf } from "../vocabulary.js";

/** Opens the records screen at `what`; its module is loaded only then. */
async function openRecords(what) {
  (await import("./records.js")).openRecords(what);
}

export const title = "Home";

/** A small figure with its label and one line of context. */
function figure(label, value, note, key) {
  return h(
    "article",
    { class: "figure", "data-figure": key },
    h("h2", { class: "figure-label" }, label),
    h("p", { class: "figure-value" }, value),
    note ? h("p", { class: "figure-note" }, note) : null,
  );
}

/** The caseload card: the number (or last week's as an estimate), a field to enter it, next
 * week's ahead, and the user's own call on heaviness. `saved` says what was just saved. */
function caseloadFigure(status, onCaseload, saved) {
  const problem = h("p", { class: "inline-error small", role: "alert" });
  const run = async (command, args, said) => {
    try {
      await call(command, args);
      onCaseload(said);
    } catch (error) {
      problem.textContent = error.message;
    }
  };
  // Which week the form enters: this one, or the next one ahead of time.
  let ahead = false;
  const label = h("label", { for: "caseload-sessions" }, "Client sessions this week");
  const sessions = h("input", { type: "number", min: "0", max: "80", inputmode: "numeric", id: "caseload-sessions", value: status.caseload_estimated ? "" : (status.caseload ?? "") });
  sessions.addEventListener("input", () => { problem.textContent = ""; });
  const switchWeek = h("button", { type: "button", class: "link small" }, "Enter next week's");
  switchWeek.addEventListener("click", async () => {
    // Read next week's first, then switch the label and the value together: switching first
    // would let a quick typist's number be overwritten when the read comes back.
    const caseload = ahead ? null : await call("get_caseload", { week: status.next_week }).catch(() => null);
    ahead = !ahead;
    label.textContent = ahead ? "Client sessions next week" : "Client sessions this week";
    switchWeek.textContent = ahead ? "Back to this week" : "Enter next week's";
    sessions.value = ahead ? (caseload?.sessions ?? "") : status.caseload_estimated ? "" : (status.caseload ?? "");
    sessions.focus();
  });
  const override = h(
    "select",
    { id: "heavy-override" },
    h("option", { value: "auto" }, "By the rule"),
    h("option", { value: "yes" }, "Heavy"),
    h("option", { value: "no" }, "Not heavy"),
  );
  override.value = status.heavy_override === true ? "yes" : status.heavy_override === false ? "no" : "auto";
  override.addEventListener("change", () => run("set_heavy_override", { heavy: { yes: true, no: false }[override.value] ?? null }));
  const value =
    status.caseload === null ? (status.heavy_carried_over ? "Heavy" : "Not entered") : status.caseload_estimated ? `About ${status.caseload}` : `${status.caseload} sessions`;
  return h(
    "article",
    { class: "figure", "data-figure": "caseload" },
    h("h2", { class: "figure-label" }, "Caseload"),
    h("p", { class: "figure-value" }, value),
    status.heavy_carried_over
      ? h("p", { class: "figure-note" }, "marked heavy last week: enter this week's")
      : status.caseload_estimated
        ? h("p", { class: "figure-note" }, status.caseload_from_usual ? "your usual week: enter this week's" : "from last week: enter this week's")
        : null,
    h(
      "form",
      {
        class: "caseload-form",
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          problem.textContent = "";
          let entered;
          try {
            entered = sessionsIn(sessions);
          } catch (failure) {
            problem.textContent = failure.message;
            sessions.focus();
            return;
          }
          const said = ahead
            ? entered === null ? "Next week's caseload cleared" : `Next week: ${plural(entered, "session", "sessions")}, saved`
            : "Saved";
          run("set_caseload", { sessions: entered, week: ahead ? status.next_week : null }, said);
        },
      },
      label,
      sessions,
      h("button", { type: "submit", class: "ghost small", "data-focus-key": "caseload-save" }, "Save"),
    ),
    problem,
    saved ? h("p", { class: "inline-ok small", role: "status" }, saved) : null,
    status.next_week_caseload !== null && !saved?.startsWith("Next week")
      ? h("p", { class: "figure-note" }, `Next week: ${plural(status.next_week_caseload, "session", "sessions")}`)
      : null,
    switchWeek,
    h("label", { class: "field heavy-field", for: "heavy-override" }, h("span", {}, "This week counts as"), override),
  );
}

/** The self-check card: due now, with a way in, or when the next one is. */
function selfcheckFigure(status) {
  if (!status.selfcheck_due) {
    return figure("Next self-check", capitalised(inDays(status.days_until_selfcheck)), longDay(status.selfcheck_due_on), "selfcheck");
  }
  return h(
    "article",
    { class: "figure due", "data-figure": "selfcheck" },
    h("h2", { class: "figure-label" }, "Self-check"),
    h("p", { class: "figure-value" }, "Due"),
    h("p", { class: "figure-note" }, "Four questions, about two minutes."),
    h("button", { type: "button", class: "ghost small", onclick: () => document.querySelector('[data-screen="selfcheck"]').click() }, "Take it now"),
  );
}

/** The peer contact card: how long since the last real conversation, and a lapse as a lapse. */
function contactFigure(status) {
  const days = status.days_since_substantive_contact;
  const card = figure(
    "Peer contact",
    days === null ? "None logged yet" : capitalised(daysAgo(days)),
    status.contact_lapsed
      ? "since your last real talk with a peer: longer than the limit you set"
      : days === null
        ? "Your last real conversation with a peer will show here."
        : days === 0
          ? "you had a real conversation with a peer"
          : "since your last real conversation with a peer",
    "contact",
  );
  if (status.contact_lapsed) {
    card.classList.add("lapsed");
    card.querySelector(".figure-value").append(" ", h("span", { class: "tag warn" }, "Lapsed"));
  }
  return card;
}

function figures(status, onCaseload, caseloadSaved) {
  return h(
    "section",
    { class: "figures", "aria-label": "This week" },
    contactFigure(status),
    caseloadFigure(status, onCaseload, caseloadSaved),
    selfcheckFigure(status),
    figure(
      "Self-care",
      `${status.checklist.done} of ${status.checklist.total}`,
      status.checklist_counted_from ? `checklist items done since you started on ${weekday(status.checklist_counted_from)}` : "checklist items done this week",
      "checklist",
    ),
  );
}

/** Short names of snoozes, as the nudge card offers them. */
/** Rules whose nudge is about a lapse in peer contact, which the card offers to mend. */
const LAPSE_RULES = ["heavy-week-lapse", "contact-lapse"];

/** The nudge waiting for an answer, with its actions; `redraw` runs after any of them. */
function nudgeCard(nudge, redraw) {
  const problem = h("p", { class: "inline-error small", role: "alert" });
  const run = async (work) => {
    try {
      await work();
      redraw();
    } catch (error) {
      problem.textContent = error.message;
    }
  };
  const which = { rule: nudge.rule, subject: nudge.subject };
  // The records' nudges open what they are about.
  const opens = { "agreement-review": ["Open the agreement", { agreement: true }], "consultation-follow-up": ["Open the record", { record: nudge.record }] }[nudge.rule];
  const main =
    nudge.rule === "selfcheck-due"
      ? h("button", { type: "button", class: "primary small", onclick: () => run(async () => {
          await call("act_on_nudge", which);
          document.querySelector('[data-screen="selfcheck"]').click();
        }) }, "Take it now")
      : opens
        ? h("button", { type: "button", class: "primary small", onclick: () => run(async () => {
            await call("act_on_nudge", which);
            openRecords(opens[1]);
          }) }, opens[0])
      : nudge.rule === "checklist-item"
        ? null
        : nudge.peer
          ? // The message itself goes through the user's own channel; Mooring then logs it.
            h("button", { type: "button", class: "primary small", onclick: () => run(async () => {
              await call("act_on_nudge", which);
              await logContact({ peerId: nudge.peer.id, kind: "message" });
            }) }, `Message ${nudge.peer.name}`)
          : h("button", { type: "button", class: "primary small", onclick: () => run(async () => {
              await call("act_on_nudge", which);
              await logContact();
            }) }, "Log contact");
  return h(
    "section",
    { class: "nudge", "aria-labelledby": "nudge-title", "data-rule": nudge.rule },
    h("div", {}, h("h2", { id: "nudge-title" }, nudge.title), h("p", {}, nudge.body)),
    h(
      "div",
      { class: "nudge-actions" },
      main,
      h("span", { class: "muted small" }, "Snooze:"),
      choices("snoozes").map(({ value: snooze, label }) =>
        h("button", { type: "button", class: "ghost small", onclick: () => run(() => call("snooze_nudge", { ...which, snooze })) }, label),
      ),
      h("button", { type: "button", class: "link small", onclick: () => run(() => call("dismiss_nudge", which)) }, "Dismiss"),
      problem,
    ),
  );
}

/** "How did you leave it?" the morning after a contact logged without it: one tap, or not now. */
function ratingPrompt(contact, redraw) {
  const problem = h("p", { class: "inline-error small", role: "alert" });
  const run = async (work) => {
    try {
      await work();
      redraw();
    } catch (error) {
      problem.textContent = error.message;
    }
  };
  const names = contact.peers.map((peer) => peer.name);
  if (contact.with_group) names.push("the group");
  const what = `${labelOf("contact_kinds", contact.kind).toLowerCase()} with ${names.join(", ")}`;
  const day = new Intl.DateTimeFormat(dateLocale, { weekday: "long" }).format(new Date(contact.at));
  return h(
    "section",
    { class: "panel quiet rating", "aria-labelledby": "rating-title" },
    h("h2", { id: "rating-title", class: "small-title" }, `How did you leave ${day}'s ${what}?`),
    h("div", { class: "actions wrap", role: "group", "aria-labelledby": "rating-title" },
      choices("energies").map(({ value: energy, label }) =>
        h("button", { type: "button", class: "ghost small", onclick: () => run(() => call("rate_contact", { id: contact.id, energy })) }, label)),
      h("button", { type: "button", class: "link small", onclick: () => run(() => call("skip_rating", { id: contact.id })) }, "Not now"),
    ),
    problem,
  );
}

/** A suggestion from what the log shows, such as reassessing a format that keeps draining. */
function suggestionCard(suggestion, redraw) {
  return h(
    "section",
    { class: "panel quiet suggestion", "aria-labelledby": `suggestion-${suggestion.key}`, "data-suggestion": suggestion.kind },
    h("h2", { id: `suggestion-${suggestion.key}`, class: "small-title" }, suggestion.title),
    h("p", { class: "muted" }, suggestion.text),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "ghost small", onclick: async () => { await call("dismiss_suggestion", { key: suggestion.key }).catch(() => null); redraw(); } }, "Put this away")),
  );
}

/** After a hard session: who can debrief within 72 hours, the buddy first, one tap to reach them. */
function debriefCard(request, close) {
  const follow = new Intl.DateTimeFormat(dateLocale, { weekday: "long", hour: "numeric", minute: "2-digit" }).format(new Date(request.follow_up_at));
  return h(
    "section",
    { class: "panel debrief", "aria-labelledby": "debrief-title" },
    h("h2", { id: "debrief-title" }, "A hard session: who can you talk it through with?"),
    request.peers.length
      ? h("ul", { class: "debrief-peers" }, request.peers.map((peer) =>
          h("li", {},
            h("span", { class: "peer-name-text", title: peer.name }, peer.name),
            peer.roles.includes("buddy") ? h("span", { class: "tag peer" }, "Buddy") : null,
            peer.preferred_channel ? h("span", { class: "muted small" }, peer.preferred_channel) : null,
            h("button", { type: "button", class: "primary small", "aria-label": `Log the debrief with ${peer.name}`, onclick: async () => { if (await logContact({ peerId: peer.id, kind: peer.roles.includes("buddy") ? "buddy-debrief" : "call" })) close(); } }, "Log the debrief"))))
      : h("p", { class: "muted" }, "No peer is marked as available to debrief within 72 hours. Mark one on the Peers screen, or reach out to whoever you trust."),
    h("p", { class: "muted small" }, `If no talk with a peer is logged by ${follow}${request.follow_up_after ? `, ${request.follow_up_after}` : ""}, Mooring will check in gently.`),
    h("div", { class: "actions" }, h("button", { type: "button", class: "ghost small", onclick: close }, "Close")),
  );
}

/** Whether the window was asked, by the tray, to open the debrief card. */
let debriefAsked = false;

/** Opens the debrief card when Home next renders, as the tray's "Hard session" asks. */
export function openDebrief() {
  debriefAsked = true;
}

/** The first-run offer to start at login, so that nudges arrive with the window closed. */
function autostartOffer(redraw) {
  const answer = (enabled) => async () => {
    await call("set_autostart", { enabled }).catch(() => null);
    redraw();
  };
  return h(
    "section",
    { class: "panel quiet offer", "aria-labelledby": "autostart-title" },
    h("h2", { id: "autostart-title" }, "Start Mooring when you log in?"),
    h("p", { class: "muted" }, "It then waits in the tray, so nudges reach you even with the window closed. You can change this in Settings."),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "primary small", onclick: answer(true) }, "Start at login"),
      h("button", { type: "button", class: "ghost small", onclick: answer(false) }, "Not now"),
    ),
  );
}

/** Everything Home shows, from one call; a locked window rejects, for the lock screen. */
async function readHome() {
  const view = await call("get_home");
  if (view.lock.state !== "open") throw { code: view.lock.state, message: view.lock.message };
  return view;
}

/** Home, from `prefetched` (what `get_home` answered) when the caller read it already. */
export async function render(prefetched) {
  const view = prefetched ?? (await readHome());
  const { status, checklist } = view;
  const top = h("div", { class: "stack" });
  let section = null;
  const refresh = async () => drawTop(await readHome());
  // What the caseload card just saved, said once on the card drawn after it.
  const caseloadSaved = async (said) => {
    const fresh = await readHome();
    drawTop(fresh, said);
  };
  const refreshAll = async () => {
    const fresh = await readHome();
    drawTop(fresh);
    const freshSection = checklistSection(fresh.checklist, checklistOptions);
    section.replaceWith(freshSection);
    section = freshSection;
  };
  const onPeerTick = (item) => logContact({ kind: item.contact_kind, checklistItem: item.id, itemTitle: item.title }).finally(refresh);
  const onOpenAgreement = () => openRecords({ agreement: true });
  const onPrepare = (item) => openRecords({ prepare: { kind: item.contact_kind } });
  const checklistOptions = { onChange: refresh, onPeerTick, onOpenAgreement, onPrepare };

  const asks = h("div", { class: "stack" });
  // The first-run steps, on a Mooring with nothing entered yet; they stay until finished or
  // skipped, though the first step already enters peers. They also ask about starting at login.
  let firstRun = status.first_run
    ? (await import("../welcome.js")).welcome(() => {
        firstRun = null;
        refreshAll();
      }, refreshAll)
    : null;
  let debrief = null; // the open debrief request, shown until closed
  const askForDebrief = async () => {
    debrief = await call("request_debrief");
    await refresh();
    asks.querySelector("#debrief-title")?.scrollIntoView({ block: "nearest" });
  };
  function drawTop(view, caseloadSaid = null) {
    // The hand stays where it was: on the caseload's Save, the heaviness list, a step's field.
    keepingFocus(() => drawTopNow(view, caseloadSaid));
  }
  function drawTopNow({ status, nudges, settings, lock, contacts_to_rate: toRate }, caseloadSaid) {
    const pending = nudges.pending;
    // In a heavy week with a lapse, the nudge card says both; a banner would say it twice.
    const banner =
      status.heavy_week && !LAPSE_RULES.includes(pending?.rule)
        ? h("p", { class: "banner", role: "status" }, "This is a heavy week. Keep one peer conversation protected, like a client hour.")
        : null;
    // One offer at a time, so that the week's figures stay in view: the next waits its turn.
    const offer = [
      toRate.length && !firstRun ? () => ratingPrompt(toRate[0], refresh) : null,
      ...status.suggestions.map((suggestion) => () => suggestionCard(suggestion, refresh)),
      settings.autostart_offered || firstRun || lock.recovery_key ? null : () => autostartOffer(refresh),
    ].find(Boolean);
    asks.replaceChildren(
      ...[
        firstRun,
        // After the first-run steps, so that a new user meets Mooring before its safeguards.
        lock.recovery_key && !firstRun ? recoveryKeyCard(lock, refresh) : null,
        pending ? nudgeCard(pending, refreshAll) : null,
        debrief ? debriefCard(debrief, () => { debrief = null; refresh(); }) : null,
        offer?.(),
      ].filter(Boolean),
    );
    asks.hidden = asks.childElementCount === 0;
    top.replaceChildren(...[banner, figures(status, caseloadSaved, caseloadSaid)].filter(Boolean));
  }
  if (debriefAsked) {
    debriefAsked = false;
    debrief = await call("request_debrief");
  }
  drawTop(view);
  section = checklistSection(checklist, checklistOptions);

  return h(
    "div",
    { class: "stack" },
    h(
      "header",
      { class: "screen-header with-action" },
      h("div", {}, h("h1", {}, weekLabel(status.week)), h("p", { class: "subtitle" }, weekRange(status.first_day, status.last_day))),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "ghost", onclick: askForDebrief }, "Hard session, need a debrief"),
        h("button", { type: "button", class: "primary", onclick: async () => { if (await logContact()) refreshAll(); } }, "Log contact")),
    ),
    asks,
    top,
    section,
  );
}

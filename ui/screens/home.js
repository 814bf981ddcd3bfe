// Home: this week at a glance, and this week's self-care checklist.

import { call } from "../api.js";
import { checklistSection } from "../checklist.js";
import { h, screenHeader } from "../dom.js";
import { daysAgo, weekLabel, weekRange } from "../format.js";

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

function figures(status) {
  const contact = status.days_since_substantive_contact;
  return h(
    "section",
    { class: "figures", "aria-label": "This week" },
    figure(
      "Peer contact",
      contact === null ? "None logged yet" : daysAgo(contact),
      contact === null ? "Your last real conversation with a peer will show here." : "since your last real conversation with a peer",
      "contact",
    ),
    figure("Caseload", status.caseload === null ? "Not entered" : `${status.caseload} sessions`, "client sessions this week", "caseload"),
    figure("Self-check", status.selfcheck_due ? "Due" : "Not due", status.selfcheck_due ? "Four questions, two minutes." : "You are up to date.", "selfcheck"),
    figure("Self-care", `${status.checklist.done} of ${status.checklist.total}`, "checklist items done this week", "checklist"),
  );
}

export async function render() {
  const [status, checklist] = await Promise.all([call("get_status"), call("get_checklist")]);
  let summary = figures(status);
  const refresh = async () => {
    const fresh = figures(await call("get_status"));
    summary.replaceWith(fresh);
    summary = fresh;
  };
  return h(
    "div",
    { class: "stack" },
    screenHeader(weekLabel(status.week), weekRange(status.first_day, status.last_day)),
    status.heavy_week
      ? h("p", { class: "banner", role: "status" }, "This is a heavy week. Keep one peer conversation protected, like a client hour.")
      : null,
    summary,
    checklistSection(checklist, { onChange: refresh }),
  );
}

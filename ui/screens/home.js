// Home: this week at a glance.

import { call } from "../api.js";
import { h, screenHeader } from "../dom.js";
import { daysAgo, weekLabel, weekRange } from "../format.js";

export const title = "Home";

/** A small figure with its label and one line of context. */
function figure(label, value, note) {
  return h("article", { class: "figure" }, h("h2", { class: "figure-label" }, label), h("p", { class: "figure-value" }, value), note ? h("p", { class: "figure-note" }, note) : null);
}

export async function render() {
  const status = await call("get_status");
  const contact = status.days_since_substantive_contact;
  return h(
    "div",
    { class: "stack" },
    screenHeader(`${weekLabel(status.week)}`, weekRange(status.first_day, status.last_day)),
    status.heavy_week
      ? h("p", { class: "banner", role: "status" }, "This is a heavy week. Keep one peer conversation protected, like a client hour.")
      : null,
    h(
      "section",
      { class: "figures", "aria-label": "This week" },
      figure(
        "Peer contact",
        contact === null ? "None logged yet" : daysAgo(contact),
        contact === null ? "Your last real conversation with a peer will show here." : "since your last real conversation with a peer",
      ),
      figure("Caseload", status.caseload === null ? "Not entered" : `${status.caseload} sessions`, "client sessions this week"),
      figure("Self-check", status.selfcheck_due ? "Due" : "Not due", status.selfcheck_due ? "Four questions, two minutes." : "You are up to date."),
      figure(
        "Checklist",
        `${status.checklist.done} of ${status.checklist.total} done`,
        "this week's self-care",
      ),
    ),
  );
}

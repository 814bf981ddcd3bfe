// The first run: three short, skippable steps that set a new user up in two minutes. Shown on
// Home while nothing is entered yet, and never again once finished or skipped.

import { call } from "./api.js";
import { fill, h, sessionsIn } from "./dom.js";
import { weekAfter } from "./format.js";

/** Where therapists find peers, for anyone with no one in mind yet. */
export const FINDING_PEERS =
  "No one in mind yet? Professional associations often run consultation circles; state and local chapters, your training programme's alumni network, or a buddy swap with a colleague's colleague are good places to ask.";

const GROUP_DAYS = {
  "": "I don't have a group yet",
  "monday-morning": "Monday",
  "tuesday-midday": "Tuesday",
  "wednesday-afternoon": "Wednesday",
  "thursday-evening": "Thursday",
  friday: "Friday",
};

/** The welcome panel; `done` is called once the user finishes or skips it, and `changed` after
 * each step that saved something, so that Home shows it at once. */
export function welcome(done, changed = () => {}) {
  const panel = h("section", { class: "panel welcome", "aria-labelledby": "welcome-title" });
  let step = 1;

  const finish = async () => {
    await call("change_settings", { changes: { welcomed: true, autostart_offered: true } }).catch(() => null);
    done();
  };

  /** Runs `work`; on failure says why beside the step's controls and stays on the step. */
  const next = (problem, work) => async (event) => {
    event?.preventDefault();
    try {
      await work();
    } catch (failure) {
      problem.textContent = failure.message;
      return;
    }
    if (step === 3) return finish();
    step += 1;
    draw();
    changed();
  };

  function frame(title, intro, form) {
    fill(
      panel,
      h("p", { class: "step-count muted small" }, `Step ${step} of 3`),
      h("h2", { id: "welcome-title" }, title),
      h("p", { class: "muted" }, intro),
      form,
      h("button", { type: "button", class: "link small skip-all", onclick: finish }, "Skip setting up"),
    );
    // Once on screen (see main.js), the cursor is in the step's first field.
    const first = panel.querySelector("input, select");
    first?.setAttribute("autofocus", "");
    first?.focus();
  }

  function people() {
    const problem = h("p", { class: "inline-error small", role: "alert" });
    const field = (id, label, placeholder) =>
      h("label", { class: "field", for: id }, h("span", {}, label), h("input", { type: "text", id, placeholder, autocomplete: "off" }));
    const form = h(
      "form",
      { class: "welcome-form", novalidate: true },
      field("welcome-buddy", "Your buddy", "A name or an alias"),
      field("welcome-peer-1", "Another peer (optional)", ""),
      field("welcome-peer-2", "And another (optional)", ""),
      h("p", { class: "muted small" }, FINDING_PEERS),
      problem,
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Next"), h("button", { type: "button", class: "ghost", onclick: () => { step = 2; draw(); } }, "Skip")),
    );
    form.addEventListener(
      "submit",
      next(problem, async () => {
        const value = (id) => form.querySelector(`#${id}`).value.trim();
        const buddy = value("welcome-buddy");
        if (buddy) await call("add_peer", { peer: { name: buddy, roles: ["buddy"], debrief_within_72h: true } });
        for (const id of ["welcome-peer-1", "welcome-peer-2"]) {
          if (value(id)) await call("add_peer", { peer: { name: value(id) } });
        }
      }),
    );
    frame("Who do you turn to?", "A buddy is the peer you can debrief with within 72 hours. Mooring suggests them first when contact lapses.", form);
  }

  function week() {
    const problem = h("p", { class: "inline-error small", role: "alert" });
    const sessions = h("input", { type: "number", id: "welcome-sessions", min: "0", max: "80", inputmode: "numeric" });
    const day = h("select", { id: "welcome-group-day" }, Object.entries(GROUP_DAYS).map(([value, label]) => h("option", { value }, label)));
    day.value = "wednesday-afternoon";
    // Most groups meet every two to four weeks: in the weeks between, the item is not there.
    const often = h("select", { id: "welcome-group-often" },
      h("option", { value: "1" }, "Every week"),
      h("option", { value: "2" }, "Every 2 weeks"),
      h("option", { value: "3" }, "Every 3 weeks"),
      h("option", { value: "4" }, "Every 4 weeks"),
      h("option", { value: "monthly" }, "Once a month"));
    const nextMeeting = h("select", { id: "welcome-group-next" });
    const nextField = h("label", { class: "field", for: "welcome-group-next" }, h("span", {}, "It next meets"), nextMeeting);
    const showNext = () => {
      const weeks = Number(often.value);
      nextField.hidden = !(weeks > 1);
      nextMeeting.replaceChildren(...["This week", "Next week", "In 2 weeks", "In 3 weeks"].slice(0, weeks || 1).map((label, offset) => h("option", { value: String(offset) }, label)));
    };
    often.addEventListener("change", showNext);
    showNext();
    // A message about a value goes as soon as the value is being changed.
    sessions.addEventListener("input", () => { problem.textContent = ""; });
    const form = h(
      "form",
      { class: "welcome-form", novalidate: true },
      h("label", { class: "field", for: "welcome-sessions" }, h("span", {}, "Client sessions in a usual week"), sessions),
      h("label", { class: "field", for: "welcome-group-day" }, h("span", {}, "Your consultation group meets on"), day),
      h("label", { class: "field", for: "welcome-group-often" }, h("span", {}, "How often it meets"), often),
      nextField,
      problem,
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Next"), h("button", { type: "button", class: "ghost", onclick: () => { step = 3; draw(); } }, "Skip")),
    );
    form.addEventListener(
      "submit",
      next(problem, async () => {
        const entered = sessionsIn(sessions);
        // A setting, not this week's caseload: it seeds the usual and the estimate until
        // weeks are entered on Home.
        if (entered !== null) await call("change_settings", { changes: { usual_sessions: entered } });
        const template = await call("get_template");
        const group = template.find((item) => item.contact_kind === "group");
        if (group && day.value && group.slot !== day.value) {
          await call("move_template_item", { id: group.id, slot: day.value, position: 1000 });
        } else if (group && !day.value) {
          await call("remove_template_item", { id: group.id });
        }
        if (group && day.value && often.value !== "1") {
          const { first_day: monday } = await call("get_status");
          const weekday = day.value.split("-")[0];
          const rhythm = often.value === "monthly"
            ? `monthly-1-${weekday}`
            : `every-${often.value}-from-${weekAfter(monday, Number(nextMeeting.value))}`;
          await call("update_template_item", { id: group.id, rhythm });
        }
      }),
    );
    frame("Your week", "Your usual week starts Mooring's sense of a heavy week; each week's own number goes on Home. The group goes on the checklist on its day.", form);
  }

  function nudges() {
    const problem = h("p", { class: "inline-error small", role: "alert" });
    const sent = h("p", { class: "inline-ok small", role: "status" });
    const login = h("input", { type: "checkbox", id: "welcome-login" });
    const form = h(
      "form",
      { class: "welcome-form", novalidate: true },
      h("div", { class: "actions" },
        h("button", { type: "button", class: "ghost", onclick: async () => {
          try {
            await call("send_test_notification");
            sent.textContent = "Sent. If nothing appeared, allow notifications for Mooring.";
          } catch (failure) {
            problem.textContent = failure.message;
          }
        } }, "Send a test notification"),
      ),
      sent,
      h("label", { class: "check" }, login, "Start Mooring when I log in, so nudges arrive with the window closed"),
      problem,
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Finish")),
    );
    form.addEventListener(
      "submit",
      next(problem, async () => {
        if (login.checked) await call("set_autostart", { enabled: true });
      }),
    );
    frame("Nudges", "When peer contact lapses, above all in a heavy week, Mooring sends one short notification. It names a peer, never your notes.", form);
  }

  function draw() {
    ({ 1: people, 2: week, 3: nudges })[step]();
  }

  draw();
  return panel;
}

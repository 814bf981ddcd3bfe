// Self-check: four questions every two weeks, the connectedness index with the answers behind
// it, a kind suggestion for each gap, and the history.

import { call } from "../api.js";
import { h, screenHeader } from "../dom.js";
import { inDays, longDay, plural } from "../format.js";
import { dateLocale } from "../vocabulary.js";

export const title = "Self-check";

/** Short names of the four answers, for the result and the history. */
const ANSWER_LABELS = {
  talked_beyond_logistics: "Talked beyond logistics",
  debrief_within_72h: "Someone to debrief with in 72 hours",
  mixed_career_stages: "Peers at other career stages",
  safety_net: "Safety net in heavy weeks",
};
const ANSWER_KEYS = Object.keys(ANSWER_LABELS);

/** Column headings of the history, short enough for a table. */
const ANSWER_COLUMNS = {
  talked_beyond_logistics: "Talked",
  debrief_within_72h: "Debrief",
  mixed_career_stages: "Stages",
  safety_net: "Safety net",
};

const shortDate = new Intl.DateTimeFormat(dateLocale, { day: "numeric", month: "long", year: "numeric" });


/** What the log says next to questions 1 to 3; the user still answers. */
function hintFor(number, hints) {
  switch (number) {
    case 1:
      return hints.substantive_conversations === 0
        ? "Your log shows no substantive peer conversations in the last 14 days."
        : `Your log shows ${plural(hints.substantive_conversations, "substantive peer conversation", "substantive peer conversations")} in the last 14 days.`;
    case 2: {
      const available = hints.peers_available_to_debrief;
      const buddy = hints.has_buddy ? ", and you have a buddy" : "";
      return available === 0
        ? `No peers are marked as available to debrief within 72 hours${buddy}.`
        : `${plural(available, "peer is", "peers are")} marked as available to debrief within 72 hours${buddy}.`;
    }
    case 3: {
      if (hints.peers === 0) return "No peers in your directory yet.";
      const stages = hints.career_stages.length
        ? `Career stages in your network: ${hints.career_stages.join(", ")}.`
        : "None of your peers has a career stage noted yet.";
      const areas = hints.practice_areas.length
        ? ` ${plural(hints.practice_areas.length, "practice area", "practice areas")}: ${hints.practice_areas.join(", ")}.`
        : " No practice areas noted yet.";
      return stages + areas;
    }
    default:
      return null;
  }
}

// Questions are radio groups labelled by their text rather than fieldsets with a legend: WebKit
// leaves a legend's height of empty space under a fieldset whose legend is laid out as flex.

/** Where a question says it still needs an answer; it goes once one is chosen. */
function questionProblem() {
  return h("p", { class: "inline-error question-problem", role: "alert" });
}

/** One question with yes and no. */
function yesNoQuestion(question, key, hint) {
  const choice = (value, text) => h("label", { class: "chip" }, h("input", { type: "radio", name: key, value, required: true }), text);
  return h(
    "div",
    { class: "question", "data-answer": key, role: "radiogroup", "aria-labelledby": `question-${question.number}` },
    h("p", { class: "question-text", id: `question-${question.number}` }, h("span", { class: "question-number" }, `${question.number}`), question.text),
    h("div", { class: "question-body" },
      hint ? h("p", { class: "hint" }, hint) : null,
      h("div", { class: "chips" }, choice("yes", "Yes"), choice("no", "No")),
      questionProblem(),
    ),
  );
}

/** Question 4: a scale from 1 to 10. */
function scaleQuestion(question) {
  const steps = Array.from({ length: 10 }, (_, i) => {
    const value = String(i + 1);
    return h("label", { class: "step" }, h("input", { type: "radio", name: "safety_net", value, required: true }), value);
  });
  return h(
    "div",
    { class: "question", "data-answer": "safety_net", role: "radiogroup", "aria-labelledby": `question-${question.number}` },
    h("p", { class: "question-text", id: `question-${question.number}` }, h("span", { class: "question-number" }, `${question.number}`), question.text),
    h("div", { class: "question-body" },
      h("div", { class: "scale" }, steps),
      h("p", { class: "scale-ends", "aria-hidden": "true" }, h("span", {}, "Very thin"), h("span", {}, "Very strong")),
      questionProblem(),
    ),
  );
}

/** The form; `onSaved` receives the saved self-check. */
function selfcheckForm(page, onSaved) {
  const problem = h("p", { class: "inline-error", role: "alert" });
  const form = h(
    "form",
    { class: "panel selfcheck-form", "aria-label": "Self-check", novalidate: true },
    page.questions.map((question, i) =>
      question.scale ? scaleQuestion(question) : yesNoQuestion(question, ANSWER_KEYS[i], hintFor(question.number, page.hints)),
    ),
    h("p", { class: "muted small" }, "The log only informs; your answers are yours. Nothing leaves this computer."),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save self-check"), problem),
  );
  // An answer clears what its question said, and any failure to save.
  form.addEventListener("change", (event) => {
    const question = event.target.closest(".question");
    if (question) question.querySelector(".question-problem").textContent = "";
    problem.textContent = "";
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    // Each unanswered question says so beside itself; the first one takes the keyboard.
    const unanswered = [...form.querySelectorAll(".question")].filter((question) => !data.has(question.dataset.answer));
    for (const question of unanswered) {
      question.querySelector(".question-problem").textContent = "Choose an answer to this question.";
    }
    if (unanswered.length) {
      unanswered[0].querySelector("input").focus();
      return;
    }
    const yesNo = (key) => (data.has(key) ? data.get(key) === "yes" : null);
    const answers = {
      talked_beyond_logistics: yesNo("talked_beyond_logistics"),
      debrief_within_72h: yesNo("debrief_within_72h"),
      mixed_career_stages: yesNo("mixed_career_stages"),
      safety_net: data.has("safety_net") ? Number(data.get("safety_net")) : null,
    };
    problem.textContent = "";
    try {
      onSaved(await call("take_selfcheck", { answers }));
    } catch (error) {
      problem.textContent = error.message;
    }
  });
  return form;
}

function answerText(key, answers) {
  const value = answers[key];
  if (key === "safety_net") return `${value} of 10`;
  return value ? "Yes" : "No";
}

function changeText(change) {
  if (change === null) return "First self-check";
  if (change === 0) return "No change";
  return change > 0 ? `Up ${change}` : `Down ${-change}`;
}

/** The result of a self-check: the index with the answers behind it, and the suggestions. */
function result(check) {
  return h(
    "section",
    { class: "panel result", "aria-labelledby": "result-title" },
    h("h2", { id: "result-title" }, "Your connectedness index"),
    h(
      "div",
      { class: "result-top" },
      h("p", { class: "index-value", "data-index": check.index }, `${check.index}`, h("span", { class: "index-of" }, " of 100")),
      check.change === null ? null : h("p", { class: "muted" }, `${changeText(check.change)} since your last self-check.`),
    ),
    h(
      "dl",
      { class: "answers" },
      ANSWER_KEYS.map((key) => h("div", {}, h("dt", {}, ANSWER_LABELS[key]), h("dd", {}, answerText(key, check.answers)))),
    ),
    check.suggestions.length === 0
      ? h("p", { class: "suggestions-none" }, "No gaps this time. Keep doing what holds you.")
      : h(
          "div",
          { class: "suggestions" },
          h("h3", {}, "Something to design"),
          h("ul", {}, check.suggestions.map((suggestion) => h("li", { "data-gap": suggestion.gap }, suggestion.text))),
        ),
  );
}

/** Past self-checks, newest first, with the change since the one before. */
function history(checks) {
  if (checks.length === 0) return null;
  return h(
    "section",
    { class: "panel", "aria-labelledby": "history-title" },
    h("h2", { id: "history-title" }, "History"),
    h(
      "table",
      { class: "history" },
      h(
        "thead",
        {},
        h("tr", {}, h("th", { scope: "col" }, "Date"), h("th", { scope: "col" }, "Index"), h("th", { scope: "col" }, "Change"),
          ANSWER_KEYS.map((key) => h("th", { scope: "col", title: ANSWER_LABELS[key] }, ANSWER_COLUMNS[key]))),
      ),
      h(
        "tbody",
        {},
        checks.map((check) =>
          h(
            "tr",
            {},
            h("td", {}, shortDate.format(new Date(check.taken_at))),
            h("td", { class: "number" }, `${check.index}`),
            h("td", { class: "change" }, check.change === null ? "–" : changeText(check.change)),
            ANSWER_KEYS.map((key) => h("td", {}, answerText(key, check.answers))),
          ),
        ),
      ),
    ),
  );
}

function subtitle(schedule) {
  if (schedule.due) return "Due now. Four questions, about two minutes.";
  return `Next one due ${longDay(schedule.due_on)} (${inDays(schedule.days_until_due)}). You can take one any time.`;
}

export async function render() {
  const page = await call("get_selfcheck");
  const screen = h("div", { class: "stack" });
  const draw = (justTaken) => {
    screen.replaceChildren(
      ...[
        screenHeader("Self-check", subtitle(page.schedule)),
        justTaken ? result(justTaken) : selfcheckForm(page, show),
        history(page.history),
      ].filter(Boolean),
    );
  };
  async function show(check) {
    Object.assign(page, await call("get_selfcheck"));
    draw(check);
    // The hand goes to the result it asked for.
    screen.querySelector("#result-title")?.setAttribute("tabindex", "-1");
    screen.querySelector("#result-title")?.focus();
  }
  draw(null);
  return screen;
}

// Trends: how peer contact, caseload, the checklist and connectedness move together, drawn by
// Mooring itself. Each chart comes with one sentence on what it shows, which is also its text
// for screen readers.

import { call } from "../api.js";
import { fill, h, screenHeader } from "../dom.js";
import { choices } from "../vocabulary.js";

export const title = "Trends";

/** The range the user last chose, kept while the app runs. */
let range = "12w";

function theme() {
  return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/** One chart: its title, its summary, the drawing or what to log, and saving it. */
function chartPanel(chart) {
  const message = h("p", { role: "status", class: "small" });
  const save = (format) => async () => {
    try {
      const path = await call("export_chart", { name: chart.name, range, format });
      message.className = "inline-ok small";
      message.textContent = path ? `Saved to ${path}.` : "";
    } catch (error) {
      message.className = "inline-error small";
      message.textContent = error.message;
    }
  };
  // Focusable, as it scrolls sideways in a narrow window: arrow keys reach all of it.
  const drawing = h("div", { class: "chart", role: "img", "aria-label": chart.summary, tabindex: "0" });
  if (chart.svg) drawing.innerHTML = chart.svg;
  return h(
    "section",
    { class: "panel chart-panel", "aria-labelledby": `chart-${chart.name}`, "data-chart": chart.name },
    h(
      "div",
      { class: "panel-header" },
      h("h2", { id: `chart-${chart.name}` }, chart.title),
      chart.svg
        ? h(
            "div",
            { class: "actions" },
            h("button", { type: "button", class: "ghost small", onclick: save("svg") }, "Save SVG"),
            h("button", { type: "button", class: "ghost small", onclick: save("png") }, "Save PNG"),
          )
        : null,
    ),
    h("p", { class: chart.svg ? "summary" : "summary empty" }, chart.summary),
    chart.svg ? drawing : null,
    message,
  );
}

/** "What renews you": how contact left you, by kind, by peer and with the group, in a table each. */
function renewalPanel(renewal) {
  const table = (caption, counts) =>
    h("table", { class: "renewal-table" },
      h("caption", { class: "group-label" }, caption),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, caption)),
        h("th", { scope: "col", class: "number" }, "Renewed"),
        h("th", { scope: "col", class: "number" }, "Neutral"),
        h("th", { scope: "col", class: "number" }, "Drained"))),
      h("tbody", {}, counts.map((count) => h("tr", {},
        h("th", { scope: "row" }, count.label),
        h("td", { class: "number" }, String(count.renewed)),
        h("td", { class: "number" }, String(count.neutral)),
        h("td", { class: "number" }, String(count.drained))))));
  const tables = [
    renewal.by_kind.length ? table("By kind", renewal.by_kind) : null,
    renewal.by_group.length ? table("With the group", renewal.by_group) : null,
    renewal.by_peer.length ? table("By peer", renewal.by_peer) : null,
  ].filter(Boolean);
  return h(
    "section",
    { class: "panel renewal", "aria-labelledby": "renewal-title" },
    h("h2", { id: "renewal-title" }, "What renews you"),
    h("p", { class: tables.length ? "summary" : "summary empty" }, renewal.summary),
    tables.length ? h("div", { class: "renewal-groups" }, tables) : null,
    renewal.unrated
      ? h("p", { class: "muted small" }, `${renewal.unrated === 1 ? "1 conversation" : `${renewal.unrated} conversations`} in this range without how you left it.`)
      : null,
  );
}

export async function render() {
  const screen = h("div", { class: "stack" });
  const charts = h("div", { class: "stack" });
  const period = h("p", { class: "muted small period" });
  const ranges = h(
    "div",
    { class: "segmented", role: "group", "aria-label": "Range" },
    choices("ranges").map(({ value, label }) =>
      h("button", { type: "button", "data-range": value, "aria-pressed": String(value === range), onclick: () => draw(value) }, label),
    ),
  );
  async function draw(chosen) {
    range = chosen;
    for (const button of ranges.querySelectorAll("button")) button.setAttribute("aria-pressed", String(button.dataset.range === range));
    const [renewal, ...drawn] = await Promise.all([
      call("get_renewal", { range }),
      ...choices("charts").map(({ value: name }) => call("get_chart", { name, range, theme: theme() })),
    ]);
    if (chosen !== range) return; // a later choice won
    period.textContent = drawn[0].period ? `From ${drawn[0].period}.` : "";
    fill(charts, drawn.map(chartPanel), renewalPanel(renewal));
    charts.dataset.range = range;
  }
  await draw(range);
  fill(
    screen,
    h("header", { class: "screen-header with-action" }, h("div", {}, h("h1", {}, "Trends"), h("p", { class: "subtitle" }, "How peer contact, caseload, self-care and connectedness move together")), ranges),
    period,
    charts,
  );
  return screen;
}

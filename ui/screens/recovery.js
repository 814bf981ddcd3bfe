// Recovery: shown instead of Home when Mooring finds its data file damaged. Every way forward
// keeps the damaged file; nothing is deleted.

import { call } from "../api.js";
import { fill, h, screenHeader } from "../dom.js";
import { dateLocale } from "../vocabulary.js";

export const title = "Repair your data";

/** Renders the recovery screen; `recovered` is called once the data opens again. */
export async function render(recovered) {
  const recovery = await call("get_recovery");
  if (!recovery.damaged) {
    recovered();
    return h("div");
  }
  const when = new Intl.DateTimeFormat(dateLocale, { weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit" });
  const panel = h("div", { class: "stack recovery" });
  let message = null;
  let confirmFresh = false;

  async function act(work) {
    try {
      const done = await work();
      if (done === "recovered") return recovered();
      message = done ? { text: done } : null;
    } catch (failure) {
      message = { text: failure.message, error: true };
    }
    draw();
  }

  const restore = (backup) => act(async () => {
    await call("recover_from_backup", { id: backup.id });
    return "recovered";
  });
  const rescue = () => act(async () => {
    const path = await call("recover_export");
    return path ? `Saved what could be read to ${path}.` : null;
  });
  const startFresh = () => act(async () => {
    await call("recover_start_fresh");
    return "recovered";
  });

  function draw() {
    const [newest, ...older] = recovery.backups;
    fill(
      panel,
      screenHeader("Your data needs repair", "Mooring found its data file damaged and has not written to it"),
      h(
        "section",
        { class: "panel" },
        h("h2", {}, newest ? "Restore a backup" : "No backup to restore"),
        h("p", {}, "Whatever you choose, the damaged file is kept beside your data under a dated name, and nothing is deleted."),
        newest
          ? h(
              "div",
              { class: "actions" },
              h("button", { type: "button", class: "primary", onclick: () => restore(newest) }, `Restore the backup of ${when.format(new Date(newest.created_at))}`),
            )
          : h("p", { class: "muted" }, "Mooring makes a backup once a day while it runs; this data folder has none yet."),
        older.length
          ? h(
              "details",
              {},
              h("summary", {}, "Older backups"),
              h("ul", { class: "backup-list" }, older.map((backup) => h(
                "li",
                { class: "backup-row" },
                h("span", { class: "backup-when" }, when.format(new Date(backup.created_at))),
                h("button", { type: "button", class: "ghost small", "aria-label": `Restore the backup of ${when.format(new Date(backup.created_at))}`, onclick: () => restore(backup) }, "Restore"),
              ))),
            )
          : null,
      ),
      h(
        "section",
        { class: "panel" },
        h("h2", {}, "Other ways forward"),
        h(
          "div",
          { class: "actions" },
          h("button", { type: "button", class: "ghost", onclick: rescue }, "Save what can still be read…"),
          confirmFresh ? null : h("button", { type: "button", class: "ghost", onclick: () => { confirmFresh = true; draw(); } }, "Start fresh…"),
        ),
        confirmFresh
          ? h(
              "div",
              { class: "restore confirm", role: "group", "aria-label": "Start fresh" },
              h("p", {}, "Start again with an empty Mooring? The damaged file stays in the data folder."),
              h("button", { type: "button", class: "primary small", onclick: startFresh }, "Start fresh"),
              h("button", { type: "button", class: "ghost small", onclick: () => { confirmFresh = false; draw(); } }, "Cancel"),
            )
          : null,
        message ? h("p", { class: message.error ? "inline-error" : "inline-ok", role: message.error ? "alert" : "status" }, message.text) : null,
        h("p", { class: "muted small" }, `What was found: ${recovery.message}`),
      ),
    );
  }

  draw();
  return panel;
}

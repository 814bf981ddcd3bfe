// Settings: nudges, heavy weeks, the self-check, the checklist template, and your data.

import { call } from "../api.js";
import { fill, h, screenHeader } from "../dom.js";
import { capitalised, clockTime, weekLabel } from "../format.js";
import { choices, dateLocale } from "../vocabulary.js";

export const title = "Settings";

export async function render() {
  const [template, status, settings, nudges, autostart, tray, backups, lock] = await Promise.all([
    call("get_template"),
    call("get_status"),
    call("get_settings"),
    call("get_nudges"),
    call("get_autostart").catch(() => false),
    call("get_tray").catch(() => false),
    call("list_backups"),
    call("get_lock"),
  ]);
  const store = settingsStore(settings);
  return h(
    "div",
    { class: "stack" },
    screenHeader("Settings", "Make Mooring fit the way you work"),
    nudgeRules(store),
    pauseNudges(nudges),
    heavyWeeks(store),
    selfcheckCadence(store),
    background(store, autostart, tray),
    yourName(store),
    templateEditor(template, status.week),
    dataSection(backups),
    privacy(store, lock),
  );
}

/** The settings as last saved, and a way to change some of them while keeping the rest. */
function settingsStore(initial) {
  let current = initial;
  return {
    get: () => current,
    /**
     * Saves only the fields in `change` (nested for nudges), so that a change made elsewhere
     * meanwhile, such as a pause from the tray, is never overwritten by this screen's copy.
     * Says "Saved." or why not in `message`.
     */
    async save(change, message) {
      await report(message, "Saved.", async () => {
        current = await call("change_settings", { changes: change });
      });
      return current;
    },
  };
}

/**
 * Runs `work` and says in `message` that it is `done`, or why it failed. The message sits beside
 * the control that changed; an older one elsewhere in the same panel goes, so that only the
 * latest outcome shows.
 */
async function report(message, done, work) {
  for (const other of message.closest("section")?.querySelectorAll(".line-status") ?? []) {
    if (other !== message) other.textContent = "";
  }
  try {
    await work();
    say(message, done);
  } catch (error) {
    say(message, error.message, true);
  }
}

function say(message, text, error = false) {
  message.classList.toggle("inline-ok", !error);
  message.classList.toggle("inline-error", error);
  message.textContent = text;
}

/** Where the outcome of a change on one line of controls appears: at the end of that line. */
function lineStatus() {
  return h("span", { class: "line-status", role: "status" });
}

/** One line of controls, built by `build` with the status it reports to, which ends the line. */
function ruleLine(build) {
  const message = lineStatus();
  return h("div", { class: "rule-line" }, build(message), message);
}

/** A checkbox inside its label. */
function toggle(text, checked, onChange) {
  const box = h("input", { type: "checkbox", checked });
  box.addEventListener("change", () => onChange(box.checked));
  return h("label", { class: "check toggle" }, box, text);
}

/** Which nudges Mooring sends, and when it holds them back. */
function nudgeRules(store) {
  const save = (change, message) => store.save({ nudges: change }, message);
  const number = (id, value, min, max, key, message) => {
    const field = h("input", { type: "number", id, min, max, value: String(value) });
    field.addEventListener("change", async () => {
      field.value = String((await save({ [key]: Number(field.value) }, message)).nudges[key]);
    });
    return field;
  };
  // A text field rather than a time input: WebKitGTK's reads "0730" as 23:00.
  const time = (id, value, key, message, name) => {
    const field = h("input", { type: "text", id, class: "time-field", autocomplete: "off", "aria-label": name, value: value.slice(0, 5) });
    field.addEventListener("change", async () => {
      const typed = clockTime(field.value);
      if (typed === null) {
        field.setAttribute("aria-invalid", "true");
        say(message, "Write a time of day like 07:30, 22:00 or 9pm.", true);
        return;
      }
      field.removeAttribute("aria-invalid");
      field.value = typed;
      field.value = (await save({ [key]: typed }, message)).nudges[key].slice(0, 5);
    });
    return field;
  };
  const initial = store.get().nudges;
  const testMessage = h("p", { role: "status" });
  const sendTest = () =>
    report(testMessage, "Sent. If nothing appeared, check that notifications are allowed for Mooring.", () => call("send_test_notification"));
  const ruleToggle = (text, key) => (message) => toggle(text, initial[key], (on) => save({ [key]: on }, message));
  return h(
    "section",
    { class: "panel", "aria-labelledby": "nudges-title" },
    h("h2", { id: "nudges-title" }, "Nudges"),
    h("p", { class: "muted" }, "A nudge is one short notification that asks for one small thing. It names a peer to contact, never your notes, so it is safe on a shared screen."),
    h(
      "div",
      { class: "rules" },
      ruleLine((message) => [ruleToggle("In a heavy week, nudge after", "heavy_week_lapse")(message),
        number("lapse-hours", initial.heavy_week_lapse_hours, 1, 336, "heavy_week_lapse_hours", message),
        h("label", { for: "lapse-hours" }, "hours without a real talk with a peer")]),
      ruleLine((message) => [ruleToggle("In any week, nudge after", "contact_lapse")(message),
        number("lapse-days", initial.contact_lapse_days, 1, 90, "contact_lapse_days", message),
        h("label", { for: "lapse-days" }, "days without one")]),
      ruleLine(ruleToggle("Remind me when a self-check is due", "selfcheck_due")),
      ruleLine(ruleToggle("Remind me of unticked checklist items when their part of the day starts", "checklist_item")),
      ruleLine(ruleToggle("Remind me when the group's agreement is due to be signed again", "agreement_review")),
      ruleLine(ruleToggle("Remind me on the morning of a consultation's follow-up day", "consultation_follow_up")),
      ruleLine(ruleToggle("After “Hard session, need a debrief”, remind me if no debrief is logged in 72 hours", "debrief_follow_up")),
      ruleLine((message) => [ruleToggle("Quiet hours: hold nudges from", "quiet_hours")(message),
        time("quiet-from", initial.quiet_from, "quiet_from", message, "Quiet hours start"), h("span", { "aria-hidden": "true" }, "to"), time("quiet-until", initial.quiet_until, "quiet_until", message, "Quiet hours end")]),
      ruleLine(ruleToggle("Hold nudges over the weekend", "weekend_hold")),
    ),
    h("div", { class: "actions centred" }, h("button", { type: "button", class: "ghost small", onclick: sendTest }, "Send a test notification"), testMessage),
  );
}

/** Pausing nudges, for a holiday or a hard week. */
function pauseNudges(initial) {
  const panel = h("section", { class: "panel", "aria-labelledby": "pause-title" });
  const when = new Intl.DateTimeFormat(dateLocale, { weekday: "long", day: "numeric", month: "long", hour: "numeric", minute: "2-digit" });
  const draw = (overview, problem = "") => {
    const date = h("input", { type: "date", id: "pause-date" });
    const pauseUntil = h("button", { type: "button", class: "ghost small", onclick: () => act({ until: date.value })() }, "Pause until then");
    // A day chosen in the calendar popover hands the focus to "Pause until then": WebKit closes
    // the popover on blur, so that one click on the button pauses. (A date being typed keeps
    // the focus in the field.)
    let picking = false;
    date.addEventListener("pointerdown", () => { picking = true; });
    date.addEventListener("keydown", () => { picking = false; });
    date.addEventListener("change", () => {
      if (picking) pauseUntil.focus();
      picking = false;
    });
    const act = (args) => async () => {
      try {
        draw(await call("pause_nudges", args));
      } catch (error) {
        draw(overview, error.message);
      }
    };
    fill(
      panel,
      h("h2", { id: "pause-title" }, "Pause nudges"),
      h("p", { class: "pause-state", role: "status" }, overview.paused_until ? `Nudges are paused until ${when.format(new Date(overview.paused_until))}.` : "Nudges are on."),
      h(
        "div",
        { class: "actions centred" },
        h("button", { type: "button", class: "ghost small", onclick: act({ pause: "day" }) }, "Pause for a day"),
        h("button", { type: "button", class: "ghost small", onclick: act({ pause: "week" }) }, "Pause for a week"),
        h("label", { for: "pause-date", class: "muted small" }, "or until"),
        date,
        pauseUntil,
        overview.paused_until ? h("button", { type: "button", class: "primary small", onclick: act({}) }, "Resume nudges") : null,
      ),
      problem ? h("p", { class: "inline-error", role: "alert" }, problem) : null,
    );
  };
  draw(initial);
  return panel;
}

/** Life in the background: the tray, and starting at login. A desktop that shows no tray icons
 * (plain GNOME) gets a minimised window on close, said here, and a way to quit. */
function background(store, autostart, tray) {
  const keepInTray = tray
    ? ruleLine((message) => toggle("Keep Mooring in the tray when its window is closed, so nudges still arrive", store.get().hide_on_close, (on) => store.save({ hide_on_close: on }, message)))
    : h(
        "div",
        { class: "rule-line" },
        h("p", { id: "no-tray" }, "This desktop shows no tray icons, so closing the window minimises Mooring instead: it keeps running, and nudges still arrive."),
        h("button", { type: "button", class: "ghost small", onclick: () => call("quit") }, "Quit Mooring"),
      );
  return h(
    "section",
    { class: "panel", "aria-labelledby": "background-title" },
    h("h2", { id: "background-title" }, "In the background"),
    h(
      "div",
      { class: "rules" },
      keepInTray,
      ruleLine((message) => toggle("Start Mooring when I log in", autostart, (enabled) => report(message, "Saved.", () => call("set_autostart", { enabled })))),
    ),
  );
}

/** The user's own name, for their line on a group's agreement. */
function yourName(store) {
  return h(
    "section",
    { class: "panel", "aria-labelledby": "you-title" },
    h("h2", { id: "you-title" }, "You"),
    h(
      "div",
      { class: "rules" },
      ruleLine((message) => {
        const name = h("input", { type: "text", id: "your-name", maxlength: 100, autocomplete: "name", value: store.get().your_name ?? "" });
        name.addEventListener("change", async () => {
          name.value = (await store.save({ your_name: name.value }, message)).your_name ?? "";
        });
        return h("span", { class: "rule-pair" }, h("label", { for: "your-name" }, "Your name, beside your signature on a group's agreement"), name);
      }),
    ),
  );
}

/** Privacy: the app lock, and how long the text of notes and reflections is kept. */
function privacy(store, lock) {
  const panel = h("section", { class: "panel", "aria-labelledby": "privacy-title" });
  let passphraseSet = lock.passphrase_set;
  // Turning the lock on without a passphrase asks for one first.
  let choosing = false;

  const lockLine = ruleLine((message) => {
    const box = h("input", { type: "checkbox", id: "app-lock", checked: store.get().app_lock });
    box.addEventListener("change", async () => {
      if (box.checked && !passphraseSet) {
        choosing = true;
        return draw();
      }
      await report(message, "Saved.", async () => {
        Object.assign(store.get(), await call("set_app_lock", { on: box.checked, passphrase: null }));
      });
    });
    const minutes = h("input", { type: "number", id: "lock-after", min: 1, max: 240, value: String(store.get().lock_after_minutes) });
    minutes.addEventListener("change", () => {
      const value = Number(minutes.value);
      if (minutes.validity.badInput || !Number.isInteger(value) || value < 1 || value > 240) {
        return say(message, "Lock after 1 to 240 minutes.", true);
      }
      store.save({ lock_after_minutes: value }, message);
    });
    return h(
      "span",
      { class: "rule-pair" },
      h("label", { class: "check toggle", for: "app-lock" }, box, "Ask for my passphrase when Mooring opens, and after"),
      minutes,
      h("label", { for: "lock-after" }, "minutes without use"),
    );
  });

  function chooser() {
    const problem = h("p", { class: "inline-error", role: "alert" });
    problem.hidden = true;
    const field = (id, label) => {
      const input = h("input", { id, type: "password", autocomplete: "new-password" });
      return [input, h("label", { class: "field", for: id }, h("span", {}, label), input)];
    };
    const [first, firstField] = field("lock-passphrase", "Passphrase for the lock");
    const [again, againField] = field("lock-passphrase-again", "The same passphrase again");
    const turnOn = async () => {
      problem.hidden = false;
      if (first.value !== again.value) {
        problem.textContent = "The two passphrases differ. Type the same one twice.";
        return;
      }
      try {
        Object.assign(store.get(), await call("set_app_lock", { on: true, passphrase: first.value }));
        passphraseSet = true;
        choosing = false;
        draw("The lock is on.");
      } catch (error) {
        problem.textContent = error.message;
      }
    };
    return h(
      "div",
      { class: "lock-chooser stack", role: "group", "aria-label": "Choose a passphrase for the lock" },
      h("p", { class: "muted small" }, "Your key stays in this computer's keyring. The passphrase also opens your data if the keyring is ever lost; the recovery key still does too."),
      firstField,
      againField,
      problem,
      h("div", { class: "actions" },
        h("button", { type: "button", class: "primary small", onclick: turnOn }, "Turn on the lock"),
        h("button", { type: "button", class: "ghost small", onclick: () => { choosing = false; draw(); } }, "Cancel"),
      ),
    );
  }

  const choices = { forever: "For good", 3: "3 months", 6: "6 months", 12: "12 months", 24: "2 years" };
  const current = store.get().keep_notes_months;
  const select = h(
    "select",
    { id: "keep-notes" },
    Object.entries(choices).map(([value, label]) =>
      h("option", { value, selected: String(current ?? "forever") === value }, label),
    ),
  );
  const notesLine = ruleLine((message) => {
    select.addEventListener("change", () => {
      const months = select.value === "forever" ? null : Number(select.value);
      store.save({ keep_notes_months: months }, message);
    });
    return h("span", { class: "rule-pair" },
      h("label", { for: "keep-notes" }, "Keep the text of notes and reflections"), select,
      h("span", { class: "muted small" }, "Backups older than this are deleted too."));
  });

  // A new key: for a new passphrase, or a key that may have been seen.
  let changing = false;
  function keyChanger() {
    const byPassphrase = lock.key_storage === "passphrase";
    if (!changing) {
      return h("div", { class: "actions" }, h("button", { type: "button", class: "ghost small", onclick: () => { changing = true; draw(); } }, byPassphrase ? "Change the passphrase…" : "Make a new key…"));
    }
    const asks = byPassphrase || store.get().app_lock;
    const field = (id, label) => {
      const input = h("input", { id, type: "password", autocomplete: "new-password" });
      return [input, h("label", { class: "field", for: id }, h("span", {}, label), input)];
    };
    const [first, firstField] = field("new-passphrase", byPassphrase ? "New passphrase" : "The lock's passphrase, new or the same");
    const [again, againField] = field("new-passphrase-again", "The same passphrase again");
    const problem = h("p", { class: "inline-error", role: "alert" });
    problem.hidden = true;
    const change = async () => {
      problem.hidden = false;
      if (asks && first.value !== again.value) {
        problem.textContent = "The two passphrases differ. Type the same one twice.";
        return;
      }
      problem.textContent = "Re-encrypting…";
      try {
        await call("change_key", { passphrase: asks ? first.value : null });
        changing = false;
        draw(null, "Your data and backups are encrypted with a new key. Save the new recovery key, shown on Home.");
      } catch (error) {
        problem.textContent = error.message;
      }
    };
    return h(
      "div",
      { class: "lock-chooser stack", role: "group", "aria-label": byPassphrase ? "Change the passphrase" : "Make a new key" },
      h("p", { class: "muted small" }, "Mooring backs up first, then encrypts your data and every backup with a new key. The old recovery key stops working; Home then shows the new one to save."),
      asks ? firstField : null,
      asks ? againField : null,
      problem,
      h("div", { class: "actions" },
        h("button", { type: "button", class: "primary small", onclick: change }, "Re-encrypt"),
        h("button", { type: "button", class: "ghost small", onclick: () => { changing = false; draw(); } }, "Cancel"),
      ),
    );
  }

  // Deleting everything: asked for, then confirmed by typing the words.
  let deleting = false;
  function deleter() {
    if (!deleting) {
      return h("div", { class: "actions" }, h("button", { type: "button", class: "ghost small danger", onclick: () => { deleting = true; draw(); } }, "Delete all my data…"));
    }
    const words = h("input", { type: "text", id: "delete-words", autocomplete: "off", spellcheck: "false" });
    const problem = h("p", { class: "inline-error", role: "alert" });
    problem.hidden = true;
    const confirm = async () => {
      try {
        await call("delete_all_data", { confirmation: words.value });
        window.dispatchEvent(new CustomEvent("mooring", { detail: { action: "reopen", notice: "Everything Mooring kept is deleted: your data, its backups, its key and its start at login." } }));
      } catch (error) {
        problem.hidden = false;
        problem.textContent = error.message;
      }
    };
    return h(
      "div",
      { class: "delete-all stack", role: "group", "aria-label": "Delete all my data" },
      h("p", {}, "This deletes everything Mooring keeps: your data, every backup, and the key that opens them. It cannot be undone. Exports you saved elsewhere are not touched."),
      h("label", { class: "field", for: "delete-words" }, h("span", {}, "Type “delete my data” to confirm"), words),
      problem,
      h("div", { class: "actions" },
        h("button", { type: "button", class: "small danger-solid", onclick: confirm }, "Delete everything"),
        h("button", { type: "button", class: "ghost small", onclick: () => { deleting = false; draw(); } }, "Cancel"),
      ),
    );
  }

  lockLine.id = "app-lock-line";
  notesLine.id = "keep-notes-line";

  function draw(done, keyChanged) {
    const line = lockLine;
    line.querySelector("#app-lock").checked = store.get().app_lock || choosing;
    const status = line.querySelector(".line-status");
    if (done) say(status, done);
    const keyStatus = h("p", { class: "inline-ok", role: "status", id: "key-status" }, keyChanged ?? "");
    keyStatus.hidden = !keyChanged;
    fill(
      panel,
      h("h2", { id: "privacy-title" }, "Privacy"),
      h("p", { class: "muted" }, "Your data and its backups are encrypted on this computer. The lock keeps the window closed to anyone who sits down at it; nudges still come, saying only that there is a reminder."),
      h("div", { class: "rules" }, line, choosing ? chooser() : null),
      keyChanger(),
      keyStatus,
      h("p", { class: "muted" }, "Notes and reflections are for you in the moment: you can have Mooring erase their text after a while. The contacts and ticks stay, so Trends keep working; backups older than that are deleted, since they hold the text."),
      h("div", { class: "rules" }, notesLine),
      deleter(),
    );
    if (choosing) panel.querySelector("#lock-passphrase")?.focus();
    if (deleting) panel.querySelector("#delete-words")?.focus();
    if (changing) panel.querySelector("#new-passphrase")?.focus();
  }

  draw();
  return panel;
}

/** How a week counts as heavy: a fixed number of sessions, or well above the usual. */
function heavyWeeks(store) {
  const initial = store.get();
  const panel = h("section", { class: "panel", "aria-labelledby": "heavy-title" });
  const threshold = h("input", { type: "number", id: "heavy-threshold", min: "1", max: "80", value: String(initial.heavy_week_threshold) });
  const fixed = h("input", { type: "radio", name: "heavy-rule", value: "threshold", checked: initial.heavy_week_rule === "threshold" });
  const relative = h("input", { type: "radio", name: "heavy-rule", value: "relative", checked: initial.heavy_week_rule === "relative" });
  const message = lineStatus();
  const usual = h("p", { class: "muted small", "data-usual": "" });
  // What the relative rule can say yet: it needs three earlier weeks with sessions.
  const explainUsual = async () => {
    const caseload = await call("get_caseload").catch(() => null);
    if (!relative.checked || !caseload) {
      usual.textContent = "";
    } else if (!caseload.relative_rule_applies) {
      usual.textContent = `Your usual is the median of your last 8 weeks with sessions; weeks of leave are left out. Mooring needs 3 such weeks and has ${caseload.usual_weeks}, so until then ${caseload.heavy_from} sessions make a week heavy.`;
    } else {
      usual.textContent = `Your usual is ${Math.round(caseload.usual_caseload)} sessions a week (the median of your last 8 weeks with sessions; weeks of leave are left out), so ${caseload.heavy_from} or more is heavy.`;
    }
  };
  const save = async () => {
    const saved = await store.save({ heavy_week_rule: relative.checked ? "relative" : "threshold", heavy_week_threshold: Number(threshold.value) }, message);
    threshold.value = String(saved.heavy_week_threshold);
    await explainUsual();
  };
  for (const control of [threshold, fixed, relative]) control.addEventListener("change", save);
  explainUsual();
  fill(
    panel,
    h("h2", { id: "heavy-title" }, "Heavy weeks"),
    h("p", { class: "muted" }, "In a heavy week Mooring shows a banner and watches more closely for lapses in peer contact. You can also mark any week heavy or not on Home."),
    h(
      "fieldset",
      {},
      h("legend", { class: "visually-hidden" }, "A week is heavy when"),
      h("div", { class: "radios" },
        h("label", { class: "check" }, fixed, "Its caseload reaches ", threshold, h("label", { for: "heavy-threshold", class: "visually-hidden" }, "Sessions"), " sessions"),
        h("label", { class: "check" }, relative, "Its caseload reaches 120% of my usual"),
        message,
      ),
    ),
    usual,
  );
  return panel;
}

/** How often the connectedness self-check comes round. */
function selfcheckCadence(store) {
  const days = h("input", { type: "number", id: "selfcheck-cadence", min: "7", max: "56", value: String(store.get().selfcheck_cadence_days) });
  const message = lineStatus();
  days.addEventListener("change", async () => {
    days.value = String((await store.save({ selfcheck_cadence_days: Number(days.value) }, message)).selfcheck_cadence_days);
  });
  return h(
    "section",
    { class: "panel", "aria-labelledby": "cadence-title" },
    h("h2", { id: "cadence-title" }, "Self-check"),
    h(
      "p",
      { class: "check" },
      h("label", { for: "selfcheck-cadence" }, "Take the connectedness self-check every"),
      days,
      "days",
      message,
    ),
    h("p", { class: "muted small" }, "Every 14 days is the default; the next one falls due that many days after the last."),
  );
}

function slotSelect(value, attributes) {
  const select = h("select", attributes, choices("slots").map(({ value: slot, label }) => h("option", { value: slot }, label)));
  select.value = value;
  return select;
}

function templateEditor(initial, thisWeek) {
  const panel = h("section", { class: "panel", "aria-labelledby": "template-title" });
  let template = initial;
  // The outcome of the last change, shown where it was made: { text, error, near }, where
  // `near` is an item's id, "add" or "restore".
  let message = null;
  let confirmRestore = false;
  // The item whose details are open; one at a time.
  let editing = null;

  async function act(near, work, done) {
    try {
      template = await work();
      message = done ? { text: done, near } : null;
    } catch (failure) {
      message = { text: failure.message, error: true, near };
    }
    if (editing !== null && !template.some((item) => item.id === editing)) editing = null;
    render();
  }

  const say = (near) =>
    message?.near === near
      ? h("p", { class: message.error ? "inline-error" : "inline-ok", role: message.error ? "alert" : "status" }, message.text)
      : null;

  function render() {
    const focused = document.activeElement?.dataset?.focusKey;
    const groups = choices("slots").map(({ value: slot, label }) => {
      const items = template.filter((item) => item.slot === slot);
      return h(
        "section",
        { class: "template-slot", "aria-label": label },
        h("h3", { class: "slot-title" }, label),
        items.length ? h("ul", { class: "template-items" }, items.map((item, index) => row(item, index, items.length))) : h("p", { class: "muted small" }, "Nothing in this slot."),
      );
    });
    fill(panel,
      h("h2", { id: "template-title" }, "Checklist"),
      h("p", { class: "muted" }, `Changes apply from this week (${weekLabel(thisWeek)}) on. Earlier weeks keep their own list, and items you already ticked stay as they were.`),
      h("div", { class: "template-slots" }, groups),
      addForm(),
      say("add"),
      restoreControl(),
      say("restore"),
    );
    if (focused) panel.querySelector(`[data-focus-key="${focused}"]`)?.focus();
  }

  /** One item: its title, what it is and an Edit button; or, while edited, its details. */
  function row(item, index, count) {
    const key = (what) => `${what}-${item.id}`;
    if (editing !== item.id) {
      return h(
        "li",
        { class: "template-row" },
        h("span", { class: "template-title" }, item.title),
        item.peer ? h("span", { class: "tag peer" }, "Peer") : null,
        item.reflection ? h("span", { class: "tag" }, "Reflection") : null,
        item.rhythm === "weekly" ? null : h("span", { class: "tag" }, capitalised(item.rhythm_text)),
        h("button", { type: "button", class: "ghost small", "aria-label": `Edit “${item.title}”`, "data-focus-key": key("edit"), onclick: () => { editing = item.id; message = null; render(); panel.querySelector(`[data-focus-key="${key("title")}"]`)?.focus(); } }, "Edit"),
        say(item.id),
      );
    }
    const change = (work, done = "Saved.") => act(item.id, work, done);
    const mark = (name, label) =>
      h(
        "label",
        { class: "check" },
        h("input", {
          type: "checkbox",
          checked: item[name],
          "data-focus-key": key(name),
          onchange: (event) => change(() => call("update_template_item", { id: item.id, [name]: event.target.checked })),
        }),
        label,
      );
    // A peer item can be ticked by a real contact of one kind.
    const link = item.peer
      ? h(
          "label",
          { class: "field" },
          h("span", {}, "Ticked by"),
          h(
            "select",
            {
              "aria-label": `Contact that ticks “${item.title}”`,
              "data-focus-key": key("link"),
              onchange: (event) => change(() => call("link_template_item", { id: item.id, kind: event.target.value || null })),
            },
            h("option", { value: "" }, "Ticked by hand only"),
            choices("contact_kinds").map(({ value, label }) => h("option", { value, selected: item.contact_kind === value }, `Also ticked by a real ${label.toLowerCase()}`)),
          ),
        )
      : null;
    return h(
      "li",
      { class: "template-row editing" },
      h(
        "div",
        { class: "template-details", role: "group", "aria-label": `Details of “${item.title}”` },
        h("label", { class: "field" }, h("span", {}, "Title"), h("input", {
          type: "text",
          value: item.title,
          maxlength: "200",
          "aria-label": `Title of “${item.title}”`,
          "data-focus-key": key("title"),
          onchange: (event) => change(() => call("update_template_item", { id: item.id, title: event.target.value })),
        })),
        h(
          "div",
          { class: "template-detail-line" },
          h("label", { class: "field" }, h("span", {}, "Day slot"), slotSelect(item.slot, {
            "aria-label": `Day slot of “${item.title}”`,
            "data-focus-key": key("slot"),
            onchange: (event) => change(() => call("move_template_item", { id: item.id, slot: event.target.value, position: 1000 }), "Moved."),
          })),
          mark("peer", "Peer"),
          mark("reflection", "Reflection"),
        ),
        // Weeks without the item (a group that meets every other week) neither show nor count it.
        h("label", { class: "field" }, h("span", {}, "How often"), h("select", {
          "aria-label": `How often “${item.title}” comes round`,
          "data-focus-key": key("rhythm"),
          onchange: (event) => change(() => call("update_template_item", { id: item.id, rhythm: event.target.value })),
        }, item.rhythm_choices.map(({ value, label }) => h("option", { value, selected: value === item.rhythm }, label)))),
        link,
        h(
          "div",
          { class: "actions" },
          h("button", { type: "button", class: "ghost small", "aria-label": `Move “${item.title}” up`, disabled: index === 0, "data-focus-key": key("up"), onclick: () => change(() => call("move_template_item", { id: item.id, slot: item.slot, position: index - 1 }), "Moved up.") }, "Move up"),
          h("button", { type: "button", class: "ghost small", "aria-label": `Move “${item.title}” down`, disabled: index === count - 1, "data-focus-key": key("down"), onclick: () => change(() => call("move_template_item", { id: item.id, slot: item.slot, position: index + 1 }), "Moved down.") }, "Move down"),
          h("button", { type: "button", class: "ghost small danger", "aria-label": `Remove “${item.title}”`, onclick: () => act("restore", () => call("remove_template_item", { id: item.id }), `Removed “${item.title}”.`) }, "Remove"),
          h("button", { type: "button", class: "primary small", "data-focus-key": key("done"), onclick: () => { editing = null; message = null; render(); panel.querySelector(`[data-focus-key="${key("edit")}"]`)?.focus(); } }, "Done"),
        ),
        say(item.id),
      ),
    );
  }

  function addForm() {
    const titleField = h("input", { type: "text", id: "new-item-title", maxlength: "200", placeholder: "For example: Lunch away from the desk", "data-focus-key": "new-title" });
    const slot = slotSelect("friday", { id: "new-item-slot" });
    const peer = h("input", { type: "checkbox", id: "new-item-peer" });
    const reflection = h("input", { type: "checkbox", id: "new-item-reflection" });
    const form = h(
      "form",
      {
        class: "add-form",
        onsubmit: (event) => {
          event.preventDefault();
          const title = titleField.value;
          // The hand stays in the title field, ready for the next item.
          act("add", () => call("add_template_item", { title, slot: slot.value, peer: peer.checked, reflection: reflection.checked }), `Added “${title.trim()}”.`)
            .then(() => panel.querySelector('[data-focus-key="new-title"]')?.focus());
        },
      },
      h("h3", {}, "Add an item"),
      h(
        "div",
        { class: "add-fields" },
        h("label", { class: "field grow" }, h("span", {}, "New item"), titleField),
        h("label", { class: "field" }, h("span", {}, "Day slot"), slot),
        h("label", { class: "check" }, peer, "Peer"),
        h("label", { class: "check" }, reflection, "Reflection"),
        h("button", { type: "submit", class: "primary" }, "Add item"),
      ),
    );
    return form;
  }

  function restoreControl() {
    if (!confirmRestore) {
      return h("div", { class: "restore" }, h("button", { type: "button", class: "ghost", onclick: () => { confirmRestore = true; render(); } }, "Restore the defaults…"));
    }
    return h(
      "div",
      { class: "restore confirm", role: "group", "aria-label": "Restore the defaults" },
      h("p", {}, "Replace your checklist with Mooring's default one, from this week on?"),
      h("button", { type: "button", class: "primary", onclick: () => { confirmRestore = false; act("restore", () => call("restore_default_template"), "The default checklist is back."); } }, "Restore"),
      h("button", { type: "button", class: "ghost", onclick: () => { confirmRestore = false; render(); } }, "Cancel"),
    );
  }

  render();
  return panel;
}

/** Backups, export and import: a way out of Mooring and back in. */
function dataSection(initial) {
  const panel = h("section", { class: "panel", "aria-labelledby": "data-title" });
  const when = new Intl.DateTimeFormat(dateLocale, { weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit" });
  const reasons = {
    daily: "Daily",
    manual: "Made by you",
    "before-update": "Before an update",
    "before-import": "Before an import",
    "before-restore": "Before a restore",
  };
  let backups = initial;
  // What the user is asked to confirm or give: { restore: backup }, { replaceWith: path,
  // passphrase }, or { unlock: path, replace } for an encrypted export.
  let confirming = null;
  // Whether the encrypted export's passphrase fields are open.
  let encrypting = false;
  // The last outcome, shown next to the controls it came from: { text, error, near }.
  let message = null;

  async function act(near, work) {
    confirming = null;
    try {
      const text = await work();
      message = text ? { text, near } : null;
    } catch (failure) {
      if (failure.code === "import-would-replace" || (confirming?.unlock && !confirming.tried)) {
        message = null;
      } else {
        message = { text: failure.message, error: true, near };
      }
    }
    backups = await call("list_backups").catch(() => backups);
    draw();
  }

  const say = (near) =>
    message?.near === near
      ? h("p", { class: message.error ? "inline-error" : "inline-ok", role: message.error ? "alert" : "status" }, message.text)
      : null;

  const backUp = () => act("backups", async () => {
    await call("back_up_now");
    return "Backed up.";
  });
  const chooseFolder = (reset) => act("folder", async () => {
    const moved = await call("choose_backup_folder", { reset });
    return moved ? "From now on, backups go there." : null;
  });
  const restore = (backup) => act("backups", async () => {
    await call("restore_backup", { id: backup.id });
    return `Restored the backup of ${when.format(new Date(backup.created_at))}. What was here before is backed up too.`;
  });
  const exportAs = (format) => act("transfer", async () => {
    const path = await call("export_data", { format });
    return path ? `Exported to ${path}. It is not encrypted: keep it somewhere private, or use “Export encrypted…” for a file only a passphrase opens.` : null;
  });
  const exportEncrypted = (passphrase) => act("transfer", async () => {
    const path = await call("export_data", { format: "json", passphrase });
    if (path) encrypting = false;
    return path ? `Exported to ${path}, encrypted: only its passphrase opens it, so keep the passphrase safe.` : null;
  });
  const importFrom = (path, replace, passphrase = null) => act("transfer", async () => {
    try {
      const summary = await call("import_data", { path, replace, passphrase });
      return `Imported ${count(summary.peers, "peer")}, ${count(summary.contacts, "contact")} and ${count(summary.selfchecks, "self-check")}.`;
    } catch (failure) {
      if (failure.code === "import-would-replace") confirming = { replaceWith: path, passphrase };
      // An encrypted export asks for its passphrase; a wrong one says so beside the field.
      if (failure.code === "locked") confirming = { unlock: path, replace, tried: passphrase !== null };
      throw failure;
    }
  });
  const pickImport = async () => {
    try {
      const path = await call("pick_import_file");
      if (path) await importFrom(path, false);
    } catch (failure) {
      message = { text: failure.message, error: true, near: "transfer" };
      draw();
    }
  };
  function backupRow(backup) {
    const asking = confirming?.restore?.id === backup.id;
    const label = when.format(new Date(backup.created_at));
    return h(
      "li",
      { class: "backup-row" },
      h("span", { class: "backup-when" }, label),
      h("span", { class: "muted small" }, reasons[backup.reason] ?? backup.reason),
      h("span", { class: "muted small backup-size" }, size(backup.bytes)),
      asking
        ? null
        : h("button", { type: "button", class: "ghost small", "aria-label": `Restore the backup of ${label}`, onclick: () => { confirming = { restore: backup }; message = null; draw(); } }, "Restore…"),
      asking
        ? h(
            "div",
            { class: "restore confirm", role: "group", "aria-label": "Restore this backup" },
            h("p", {}, "Put this backup in place of what is here now? What is here now is backed up first."),
            h("button", { type: "button", class: "primary small", onclick: () => restore(backup) }, "Restore"),
            h("button", { type: "button", class: "ghost small", onclick: () => { confirming = null; draw(); } }, "Cancel"),
          )
        : null,
    );
  }

  /** The passphrase, twice, for an encrypted export. */
  function encryptForm() {
    const first = h("input", { id: "export-passphrase", type: "password", autocomplete: "new-password" });
    const again = h("input", { id: "export-passphrase-again", type: "password", autocomplete: "new-password" });
    return h(
      "form",
      { class: "restore confirm", "aria-label": "Export encrypted", onsubmit: (event) => {
        event.preventDefault();
        if (first.value !== again.value) {
          message = { text: "The two passphrases differ. Type the same one twice.", error: true, near: "transfer" };
          return draw();
        }
        exportEncrypted(first.value);
      } },
      h("p", {}, "Choose a passphrase for this export. It is not your data's passphrase, and nothing can open the file without it."),
      h("label", { class: "field", for: "export-passphrase" }, h("span", {}, "Passphrase for this export"), first),
      h("label", { class: "field", for: "export-passphrase-again" }, h("span", {}, "The same passphrase again"), again),
      h("div", { class: "actions" },
        h("button", { type: "submit", class: "primary small" }, "Export encrypted"),
        h("button", { type: "button", class: "ghost small", onclick: () => { encrypting = false; message = null; draw(); } }, "Cancel")),
    );
  }

  /** The passphrase of an encrypted export being imported. */
  function unlockForm({ unlock, replace }) {
    const passphrase = h("input", { id: "import-passphrase", type: "password", autocomplete: "current-password" });
    return h(
      "form",
      { class: "restore confirm", "aria-label": "Open the encrypted export", onsubmit: (event) => {
        event.preventDefault();
        importFrom(unlock, replace, passphrase.value);
      } },
      h("p", {}, "This export is encrypted. Type the passphrase it was exported with."),
      h("label", { class: "field", for: "import-passphrase" }, h("span", {}, "Passphrase of the export"), passphrase),
      h("div", { class: "actions" },
        h("button", { type: "submit", class: "primary small" }, "Import"),
        h("button", { type: "button", class: "ghost small", onclick: () => { confirming = null; message = null; draw(); } }, "Cancel")),
    );
  }

  function draw() {
    const focused = document.activeElement?.textContent;
    fill(
      panel,
      h("h2", { id: "data-title" }, "Your data"),
      h("p", { class: "muted" }, "Everything stays on this computer. While Mooring runs it checks and backs up your data once a day, and keeps 7 daily, 8 weekly and 12 monthly copies."),
      h(
        "div",
        { class: "data-folder" },
        h("span", { class: "muted small" }, "Backups are kept in"),
        h("code", { class: "path" }, backups.folder),
        h("div", { class: "actions" },
          h("button", { type: "button", class: "ghost small", onclick: () => chooseFolder(false) }, "Choose another folder…"),
          backups.default_folder ? null : h("button", { type: "button", class: "ghost small", onclick: () => chooseFolder(true) }, "Use the default folder"),
        ),
        say("folder"),
      ),
      h("div", { class: "actions" }, h("button", { type: "button", class: "primary small", onclick: backUp }, "Back up now")),
      say("backups"),
      backups.backups.length
        ? h("ul", { class: "backup-list", "aria-label": "Backups, newest first" }, backups.backups.map(backupRow))
        : h("p", { class: "muted small" }, "No backups yet. The first is made within the hour, or now with “Back up now”."),
      h("h3", { class: "slot-title" }, "Export and import"),
      h("p", { class: "muted small" }, "An export holds everything, to keep or to move to a new computer: JSON to import again, CSV to open in a spreadsheet. Only an encrypted export is safe to keep outside this computer."),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", class: "ghost small", onclick: () => exportAs("json") }, "Export…"),
        h("button", { type: "button", class: "ghost small", onclick: () => { encrypting = true; message = null; draw(); panel.querySelector("#export-passphrase")?.focus(); } }, "Export encrypted…"),
        h("button", { type: "button", class: "ghost small", onclick: () => exportAs("csv") }, "Export as CSV…"),
        h("button", { type: "button", class: "ghost small", onclick: pickImport }, "Import…"),
      ),
      encrypting ? encryptForm() : null,
      confirming?.unlock ? unlockForm(confirming) : null,
      confirming?.replaceWith
        ? h(
            "div",
            { class: "restore confirm", role: "group", "aria-label": "Replace your data" },
            h("p", {}, `Replace everything here with ${confirming.replaceWith}? What is here now is backed up first.`),
            h("button", { type: "button", class: "primary small", onclick: () => importFrom(confirming.replaceWith, true, confirming.passphrase) }, "Replace"),
            h("button", { type: "button", class: "ghost small", onclick: () => { confirming = null; draw(); } }, "Cancel"),
          )
        : null,
      say("transfer"),
    );
    if (focused) [...panel.querySelectorAll("button")].find((button) => button.textContent === focused)?.focus();
  }

  draw();
  return panel;
}

/** "1 peer", "3 peers". */
function count(n, thing) {
  return `${n} ${thing}${n === 1 ? "" : "s"}`;
}

/** A file size the way a person reads it. */
function size(bytes) {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

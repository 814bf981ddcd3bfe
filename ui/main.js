// Navigation between Mooring's six screens.

import * as home from "./screens/home.js";
import * as peers from "./screens/peers.js";
import * as selfcheck from "./screens/selfcheck.js";
import * as trends from "./screens/trends.js";
import * as records from "./screens/records.js";
import * as settings from "./screens/settings.js";
import * as recovery from "./screens/recovery.js";
import * as lockScreen from "./screens/lock.js";
import { call } from "./api.js";
import { errorState } from "./dom.js";

const screens = { home, peers, records, selfcheck, trends, settings };
const container = document.getElementById("screen");
const buttons = [...document.querySelectorAll("[data-screen]")];
let current = null;

/** Shows screen `name` and marks its navigation entry as current. */
export async function show(name) {
  const screen = screens[name] ?? screens.home;
  current = name;
  for (const button of buttons) {
    if (button.dataset.screen === name) button.setAttribute("aria-current", "page");
    else button.removeAttribute("aria-current");
  }
  container.dataset.screen = name;
  try {
    const content = await screen.render();
    if (current !== name) return; // the user moved on while this screen loaded
    const moved = container.dataset.shown !== name;
    container.replaceChildren(content);
    container.dataset.shown = name;
    // Another screen opens at its top; the same one, refreshed, stays where the user was.
    if (moved) container.scrollTop = 0;
  } catch (error) {
    if (error?.code === "corrupt") return showRecovery();
    if (error?.code === "locked" || error?.code === "needs-passphrase") return start();
    if (current === name) container.replaceChildren(errorState(error));
  }
  document.title = `${screen.title} · Mooring`;
}

/** Shows the recovery screen in place of every other, until the data opens again. */
async function showRecovery() {
  current = "recovery";
  document.body.classList.add("recovering");
  container.dataset.screen = "recovery";
  document.title = `${recovery.title} · Mooring`;
  try {
    container.replaceChildren(await recovery.render(() => {
      document.body.classList.remove("recovering");
      show("home");
    }));
  } catch (error) {
    container.replaceChildren(errorState(error));
  }
}

for (const button of buttons) {
  button.addEventListener("click", () => {
    show(button.dataset.screen);
    container.focus({ preventScroll: true });
  });
}

// Requests from outside the window's own controls: the tray, a notification's action, the scheduler.
window.addEventListener("mooring", async (event) => {
  const action = event.detail?.action;
  if (action === "log-contact") {
    const { logContact } = await import("./contact-dialog.js");
    const { pending } = await call("get_nudges").catch(() => ({ pending: null }));
    if (await logContact({ peerId: pending?.peer?.id })) show(current);
  } else if (action === "debrief") {
    home.openDebrief();
    show("home");
  } else if (action === "pause") {
    await show("settings");
    document.getElementById("pause-title")?.scrollIntoView({ block: "start" });
  } else if (action === "refresh" && current === "home") {
    show("home");
  } else if (action === "damaged") {
    showRecovery();
  } else if (action === "locked" || action === "reopen") {
    start();
  }
});

// The app lock counts idle time from the last use of the window; a use is reported at most
// every 20 seconds.
let lastTouch = 0;
for (const type of ["pointerdown", "keydown", "wheel"]) {
  document.addEventListener(type, () => {
    if (current === "lock" || Date.now() - lastTouch < 20_000) return;
    lastTouch = Date.now();
    call("touch").catch(() => null);
  }, { capture: true, passive: true });
}

/** Shows the lock screen while the data is locked or needs a passphrase, then Home. */
async function start() {
  let lock;
  try {
    lock = await call("get_lock");
  } catch (error) {
    return show("home");
  }
  if (lock.state === "open") {
    document.body.classList.remove("locked");
    return show("home");
  }
  current = "lock";
  document.body.classList.add("locked");
  container.dataset.screen = "lock";
  container.dataset.shown = "lock";
  document.title = `${lockScreen.title} · Mooring`;
  container.replaceChildren(lockScreen.render(lock, () => start()));
}

start();

// Navigation between Mooring's six screens. Home comes with the page; every other screen's
// module is fetched the first time it is opened, so that start-up loads only what Home needs.

import * as home from "./screens/home.js";
import { call } from "./api.js";
import { errorState } from "./dom.js";

performance.mark("modules loaded");

const screens = {
  home: async () => home,
  peers: () => import("./screens/peers.js"),
  records: () => import("./screens/records.js"),
  selfcheck: () => import("./screens/selfcheck.js"),
  trends: () => import("./screens/trends.js"),
  settings: () => import("./screens/settings.js"),
};
const container = document.getElementById("screen");
const buttons = [...document.querySelectorAll("[data-screen]")];
let current = null;

/** Shows screen `name` and marks its navigation entry as current; `prefetched` is the data the
 * screen would read first, when the caller has it already. */
export async function show(name, prefetched) {
  current = name;
  for (const button of buttons) {
    if (button.dataset.screen === name) button.setAttribute("aria-current", "page");
    else button.removeAttribute("aria-current");
  }
  container.dataset.screen = name;
  let screen = home;
  try {
    screen = await (screens[name] ?? screens.home)();
    const content = await screen.render(prefetched);
    if (current !== name) return; // the user moved on while this screen loaded
    const moved = container.dataset.shown !== name;
    container.replaceChildren(content);
    container.dataset.shown = name;
    container.querySelector("[autofocus]")?.focus();
    // Another screen opens at its top; the same one, refreshed, stays where the user was.
    if (moved) container.scrollTop = 0;
    if (name === "home") homeDrawn();
  } catch (error) {
    if (error?.code === "corrupt") return showRecovery();
    if (error?.code === "locked" || error?.code === "needs-passphrase") return start();
    if (current === name) container.replaceChildren(errorState(error));
  }
  document.title = `${screen.title} · Mooring`;
}

/** Tells the app, once, that Home is on screen with its data: two frames after it was put in
 * the page, it has been painted. Start-up ends there (and, under the bench, the run). */
let homeWasDrawn = false;
let fontsReady = 0;
document.fonts.ready.then(() => { fontsReady = performance.now(); });
function homeDrawn() {
  if (homeWasDrawn) return;
  homeWasDrawn = true;
  performance.mark("Home rendered");
  requestAnimationFrame(() => requestAnimationFrame(() => {
    const [page] = performance.getEntriesByType("navigation");
    const marks = [
      { name: "page requested", at: performance.timeOrigin + (page?.fetchStart ?? 0) },
      { name: "page received", at: performance.timeOrigin + (page?.responseEnd ?? 0) },
      ...performance.getEntriesByType("mark").map((mark) => ({ name: mark.name, at: performance.timeOrigin + mark.startTime })),
      { name: "fonts ready", at: performance.timeOrigin + fontsReady },
    ];
    call("painted", { marks }).catch(() => null);
  }));
}

/** Shows the recovery screen in place of every other, until the data opens again. */
async function showRecovery() {
  current = "recovery";
  const recovery = await import("./screens/recovery.js");
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
    await start();
    // Said once, above the screen that opens next.
    const notice = event.detail?.notice;
    if (notice && current === "home") {
      const line = document.createElement("p");
      line.className = "banner";
      line.setAttribute("role", "status");
      line.textContent = notice;
      container.firstElementChild?.prepend(line);
    }
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

/** The screen the window locked over, to come back to once unlocked. */
let lockedOver = null;

/** Shows the lock screen while the data is locked or needs a passphrase, then the screen it
 * locked over (Home at launch), unless the user opened another screen while the data was being
 * read (at launch, a quick click). */
async function start() {
  const shownBefore = current;
  let view;
  try {
    view = await call("get_home");
    performance.mark("Home's data read");
  } catch (error) {
    return show("home");
  }
  const { lock } = view;
  if (lock.state === "open") {
    document.body.classList.remove("locked");
    if (current !== shownBefore) return;
    const back = lockedOver ?? "home";
    lockedOver = null;
    return back === "home" ? show("home", view) : show(back);
  }
  if (current && !["lock", "recovery"].includes(current)) lockedOver = current;
  const lockScreen = await import("./screens/lock.js");
  current = "lock";
  document.body.classList.add("locked");
  container.dataset.screen = "lock";
  container.dataset.shown = "lock";
  document.title = `${lockScreen.title} · Mooring`;
  container.replaceChildren(lockScreen.render(lock, () => start()));
  container.querySelector("[autofocus]")?.focus();
}

start();

// The recovery key card on Home: the key that opens the data if the passphrase or the keyring
// is lost, shown until the user says it is saved.

import { call } from "./api.js";
import { h } from "./dom.js";
import { printAlone } from "./print.js";

/** The card for `lock` (from get_lock); `saved` is called once the user has saved the key. */
export function recoveryKeyCard(lock, saved) {
  const status = h("p", { class: "saved-line", role: "status" });
  const save = async () => {
    try {
      const path = await call("save_recovery_key");
      if (path) status.textContent = `Saved to ${path}. Move it somewhere that is not this computer.`;
    } catch (error) {
      status.textContent = error.message;
    }
  };
  const done = async () => {
    await call("recovery_key_saved");
    saved();
  };
  const print = () => printAlone([
    h("h1", {}, "Mooring recovery key"),
    h("p", { class: "recovery-key" }, lock.recovery_key),
    h("p", {}, "This key alone opens your Mooring data if the passphrase or the keyring is lost, or on a new computer. Keep it somewhere safe, apart from the computer."),
  ]).catch((error) => { status.textContent = error.message; });
  const kept = lock.key_storage === "passphrase" ? "behind your passphrase" : "in this computer's keyring";
  return h(
    "section",
    { class: "panel offer recovery-offer", "aria-labelledby": "recovery-key-title" },
    h("h2", { id: "recovery-key-title" }, "Save your recovery key"),
    h("p", { class: "muted" }, `Mooring encrypts your data with a key kept ${kept}. If that is ever lost, or you move to a new computer, this recovery key alone opens your data. Print it or save it, and keep it apart from this computer.`),
    h("p", { class: "recovery-key", "aria-label": "Recovery key" }, lock.recovery_key),
    status,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "primary small", onclick: done }, "I have saved it"),
      h("button", { type: "button", class: "ghost small", onclick: save }, "Save to a file…"),
      h("button", { type: "button", class: "ghost small", onclick: print }, "Print"),
    ),
  );
}

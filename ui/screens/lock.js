// The lock screen: shown instead of every other screen until Mooring's data is open. It asks
// for the passphrase, lets the user choose one where no keyring can keep the key, and takes a
// recovery key instead.

import { call } from "../api.js";
import { fill, h, screenHeader } from "../dom.js";

export const title = "Unlock";

/**
 * Renders what `lock` (from get_lock) asks for; `opened` is called with the new lock state
 * once the data is open.
 */
export function render(lock, opened) {
  return unlockForm(lock, opened);
}

/** A labelled password field. */
function secretField(id, label, { autocomplete = "current-password", hint } = {}) {
  const input = h("input", { id, type: "password", autocomplete, spellcheck: "false", "aria-describedby": hint ? `${id}-hint` : null });
  const field = h(
    "div",
    { class: "secret-field" },
    h("label", { class: "field", for: id }, h("span", {}, label), input),
    hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null,
  );
  return { input, field };
}

/** The passphrase form, or the recovery key form, for locked data or data that needs a passphrase. */
function unlockForm(lock, opened) {
  const choosing = lock.state === "needs-passphrase";
  const panel = h("div", { class: "stack lock" });
  let byRecoveryKey = false;

  function draw(problem) {
    const problemLine = h("p", { class: "inline-error", role: "alert" }, problem ?? "");
    if (!problem) problemLine.hidden = true;
    const passphrase = secretField("passphrase", byRecoveryKey ? "New passphrase (optional)" : "Passphrase", {
      autocomplete: choosing || byRecoveryKey ? "new-password" : "current-password",
      hint: byRecoveryKey ? "The passphrase you will type from now on. Leave it empty to keep the key in this computer's keyring instead, where there is one." : null,
    });
    const again = choosing && !byRecoveryKey ? secretField("passphrase-again", "The same passphrase again", { autocomplete: "new-password" }) : null;
    const recovery = byRecoveryKey ? h("input", { id: "recovery-key", type: "text", autocomplete: "off", spellcheck: "false", class: "recovery-key-input" }) : null;
    const submit = h("button", { type: "submit", class: "primary" }, byRecoveryKey ? "Open with the recovery key" : choosing ? "Encrypt and open" : "Unlock");
    const form = h(
      "form",
      { class: "panel stack", novalidate: true },
      recovery ? h("label", { class: "field", for: "recovery-key" }, h("span", {}, "Recovery key"), recovery) : null,
      passphrase.field,
      again?.field,
      problemLine,
      h("div", { class: "actions" }, submit),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (again && passphrase.input.value !== again.input.value) {
        return draw("The two passphrases differ. Type the same one twice.");
      }
      submit.disabled = true;
      try {
        const state = await call("unlock", {
          passphrase: passphrase.input.value || null,
          recoveryKey: recovery ? recovery.value : null,
        });
        opened(state);
      } catch (error) {
        draw(error.message);
      }
    });
    const other = h(
      "button",
      { type: "button", class: "link", onclick: () => { byRecoveryKey = !byRecoveryKey; draw(); } },
      byRecoveryKey ? "Use the passphrase instead" : choosing ? null : "Forgot it? Use your recovery key",
    );
    fill(
      panel,
      screenHeader(
        choosing ? "Choose a passphrase" : "Mooring is locked",
        choosing ? "Mooring encrypts everything it keeps" : "Your data is encrypted on this computer",
      ),
      h(
        "p",
        { class: "lead" },
        choosing
          ? "This computer has no keyring that can hold Mooring's key, so a passphrase protects it instead. You will type it each time Mooring opens. Use at least 8 characters; a few unrelated words are easy to remember and hard to guess."
          : byRecoveryKey
            ? "Type or paste the recovery key you saved when Mooring first encrypted your data. It opens your data even if the passphrase is forgotten."
            : lock.message ?? "Enter your passphrase to open your data.",
      ),
      form,
      other.textContent ? other : null,
    );
    // The cursor waits in the field: now when redrawn, and once on screen (see main.js).
    const field = recovery ?? passphrase.input;
    field.setAttribute("autofocus", "");
    field.focus();
  }

  draw();
  return panel;
}

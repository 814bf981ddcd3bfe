// The confidentiality check when a note is saved. Mooring's core checks every note; the first
// save of one that looks like it names a client is refused, shown here as a warning, and the
// button becomes "Save anyway". Editing the note takes the warning back.

import { h } from "./dom.js";

/** Guards `field`, whose save button is `button` (labelled `label`), showing warnings in `warning`. */
export function noteGuard({ field, button, label, warning }) {
  let warned = false;
  field.addEventListener("input", () => {
    if (!warned) return;
    warned = false;
    warning.replaceChildren();
    button.textContent = label;
  });
  return {
    /**
     * Runs `work(anyway)`, which saves; resolves with what it returns, or with undefined when
     * Mooring refused a note that looks identifying and the warning is now showing.
     */
    async save(work) {
      try {
        return await work(warned);
      } catch (error) {
        if (error.code !== "looks-identifying") throw error;
        warned = true;
        warning.replaceChildren(h("p", { class: "warning" }, error.message, " Mooring is for your own notes."));
        button.textContent = "Save anyway";
        field.focus();
        return undefined;
      }
    },
  };
}

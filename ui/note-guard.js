// The confidentiality check before a note is saved: the first save of a note that looks like it
// names a client shows a warning and turns the button into "Save anyway"; editing resets it.

import { call } from "./api.js";
import { h } from "./dom.js";

/**
 * Guards `field`, whose save button is `button` (labelled `label`), showing warnings in
 * `warning`. `mayProceed()` resolves true when the note may be saved now.
 */
export function noteGuard({ field, button, label, warning }) {
  let warned = false;
  field.addEventListener("input", () => {
    if (!warned) return;
    warned = false;
    warning.replaceChildren();
    button.textContent = label;
  });
  return {
    async mayProceed() {
      const note = field.value.trim();
      if (!note || warned) return true;
      const findings = await call("check_note", { note });
      if (!findings.length) return true;
      warned = true;
      warning.replaceChildren(
        h(
          "p",
          { class: "warning" },
          "This note may identify a client: ",
          findings.map((finding) => `${finding.what} (“${finding.text}”)`).join(", "),
          ". Mooring is for your own notes; you can edit it or save it as it is.",
        ),
      );
      button.textContent = "Save anyway";
      field.focus();
      return false;
    },
  };
}

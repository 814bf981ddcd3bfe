// The confidentiality check when free text is saved. Mooring's core checks every free text;
// the first save of one that looks like it holds a client's details is refused, shown here as
// a warning that names each find, with the find selected in its field and the field marked;
// the button becomes "Save anyway". Editing a guarded field takes the warning back.

import { h } from "./dom.js";

/** The UTF-16 index of code point `index` in `text`, as inputs count for a selection. */
function utf16Index(text, index) {
  return Array.from(text).slice(0, index).join("").length;
}

/** The field among `fields` whose text holds `flag`'s excerpt where the core found it. */
function fieldOf(flag, fields) {
  return fields.find((field) => Array.from(field.value.trim()).slice(flag.start, flag.end).join("") === flag.excerpt);
}

/** Marks `flag` in `field`: selects the excerpt, so the user sees exactly what was meant. */
function mark(field, flag) {
  const leading = field.value.length - field.value.trimStart().length;
  const trimmed = field.value.trimStart();
  field.focus();
  field.setSelectionRange(leading + utf16Index(trimmed, flag.start), leading + utf16Index(trimmed, flag.end));
}

/**
 * Guards the free-text `field` (or several `fields`) of a form whose save button is `button`
 * (labelled `label`), showing warnings in `warning`.
 */
export function noteGuard({ field, fields = [field], button, label, warning }) {
  let warned = false;
  const clear = () => {
    if (!warned) return;
    warned = false;
    warning.replaceChildren();
    button.textContent = label;
    for (const each of fields) each.removeAttribute("aria-invalid");
  };
  for (const each of fields) each.addEventListener("input", clear);
  return {
    /**
     * Runs `work(anyway)`, which saves; resolves with what it returns, or with undefined when
     * Mooring refused a text that looks identifying and the warning is now showing.
     */
    async save(work) {
      try {
        const saved = await work(warned);
        clear();
        return saved;
      } catch (error) {
        if (error.code !== "looks-identifying") throw error;
        warned = true;
        const flags = error.flags ?? [];
        const found = flags.map((flag) => ({ flag, field: fieldOf(flag, fields) }));
        // The message names each find and its kind; the field marks where the first one is.
        warning.replaceChildren(h("p", { class: "warning" }, error.message, " Mooring is for your own notes."));
        for (const { field: flagged } of found) flagged?.setAttribute("aria-invalid", "true");
        button.textContent = "Save anyway";
        const first = found.find(({ field: flagged }) => flagged);
        if (first) mark(first.field, first.flag);
        else fields[0].focus();
        return undefined;
      }
    },
  };
}

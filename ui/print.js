// Printing one thing alone: a sheet on white paper in place of the window. The sheet shows only
// in print, and stays until the next print replaces it, however late the system's print dialog
// draws the page.

import { call } from "./api.js";
import { h } from "./dom.js";

/** Prints `content` (elements, or `{ html }` from the core, already escaped) alone. */
export async function printAlone(content) {
  document.querySelector(".print-sheet")?.remove();
  const sheet = h("div", { class: "print-sheet" });
  if (content.html !== undefined) sheet.innerHTML = content.html;
  else sheet.append(...[content].flat());
  document.body.append(sheet);
  document.body.classList.add("printing");
  await call("print_window");
}

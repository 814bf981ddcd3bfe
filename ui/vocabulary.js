// The core's words for every list of choices: each value it accepts, with the label people read.
// Fetched once, before any screen draws, so that no screen keeps a copy that could drift.

import { call } from "./api.js";

/** Every list, as `get_vocabulary` returns it: { contact_kinds: [{ value, label }], ... }; and
 * the locale dates are written in, the core's too. */
const [words, locale] = await Promise.all([
  call("get_vocabulary").catch(() => ({})),
  call("get_date_locale").catch(() => "en-GB"),
]);

/** The locale every date and time in the window is formatted with: "en-US" or "en-GB". */
export const dateLocale = locale;

/** The choices of `list`, such as "intentions", in the order the app offers them. */
export function choices(list) {
  return words[list] ?? [];
}

/** The label of `value` in `list`: labelOf("contact_kinds", "video") is "Video call". */
export function labelOf(list, value) {
  return choices(list).find((choice) => choice.value === value)?.label ?? value;
}

// How often a checklist item comes round, as the template editor and the first run offer it.

import { h } from "./dom.js";

/** The weekday a slot's monthly rhythm counts: Wednesday afternoon counts Wednesdays. */
const SLOT_WEEKDAYS = {
  "monday-morning": "monday",
  "tuesday-midday": "tuesday",
  "wednesday-afternoon": "wednesday",
  "thursday-evening": "thursday",
  friday: "friday",
  weekend: "saturday",
};

const ORDINALS = ["first", "second", "third", "fourth"];

/**
 * A list of rhythms for an item in `slot`: every week, every 2 to 4 weeks from `thisWeek` (or
 * from the week the item already counts from), or monthly on the slot's Nth or last weekday.
 */
export function rhythmSelect(slot, thisWeek, current, attributes = {}) {
  const weekday = SLOT_WEEKDAYS[slot];
  const from = /^every-\d-from-(.+)$/.exec(current ?? "")?.[1] ?? thisWeek;
  const day = weekday.charAt(0).toUpperCase() + weekday.slice(1);
  const options = [
    ["weekly", "Every week"],
    ...[2, 3, 4].map((weeks) => [`every-${weeks}-from-${from}`, `Every ${weeks} weeks`]),
    ...ORDINALS.map((ordinal, index) => [`monthly-${index + 1}-${weekday}`, `Monthly, the ${ordinal} ${day}`]),
    [`monthly-last-${weekday}`, `Monthly, the last ${day}`],
  ];
  const select = h("select", attributes, options.map(([value, label]) => h("option", { value }, label)));
  select.value = current ?? "weekly";
  return select;
}

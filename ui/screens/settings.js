// Settings: not built yet; says so plainly.

import { notBuiltYet } from "../dom.js";

export const title = "Settings";

export async function render() {
  return notBuiltYet("Settings", "Thresholds, nudges, the checklist and your data", "Heavy-week thresholds, nudge rules, quiet hours, the checklist template and backups will be set here. This part of Mooring is still being built.");
}

// Trends: not built yet; says so plainly.

import { notBuiltYet } from "../dom.js";

export const title = "Trends";

export async function render() {
  return notBuiltYet("Trends", "How contact, caseload and care move together", "Charts of peer contact, caseload, the checklist and connectedness will live here once there is data to draw. This part of Mooring is still being built.");
}

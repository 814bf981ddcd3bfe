// Self-check: not built yet; says so plainly.

import { notBuiltYet } from "../dom.js";

export const title = "Self-check";

export async function render() {
  return notBuiltYet("Self-check", "Four questions every two weeks", "The biweekly connectedness self-check and its history will live here. This part of Mooring is still being built.");
}

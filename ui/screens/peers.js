// Peers: not built yet; says so plainly.

import { notBuiltYet } from "../dom.js";

export const title = "Peers";

export async function render() {
  return notBuiltYet("Peers", "Your peers and your contact timeline", "The peer directory and the contact log will live here: who you spoke with, when, and how. This part of Mooring is still being built.");
}

// Regenerates the name and word lists in this folder from their upstream packages (see
// README.md): node extract.mjs DIR, where DIR holds the three packages unpacked.
import fs from "node:fs";
import path from "node:path";

const [dir] = process.argv.slice(2);
const out = path.dirname(new URL(import.meta.url).pathname);
const write = (file, names) =>
  fs.writeFileSync(path.join(out, file), [...new Set(names)].sort().join("\n") + "\n");
const isName = (s) => /^[\p{L}][\p{L}\p{M}'’ -]*$/u.test(s);

// US Census 1990 lists, as shipped by the `names` package: the name is the first column.
const census = (file) =>
  fs.readFileSync(path.join(dir, "names-0.3.0/names", file), "utf8")
    .split("\n").filter(Boolean).map((line) => line.split(/\s+/)[0]);
write("census-given.txt", [...census("dist.female.first"), ...census("dist.male.first")]);
// Surnames by frequency: the 20,000 most common cover about 85% of people, and the long tail
// is full of words ("Portal", "Session") that are names too rarely to be worth the false alarms.
write("census-surnames.txt", census("dist.all.last").slice(0, 20000));

// Faker's person names for every locale, Latin script or not.
const { allLocales } = await import(path.join(dir, "faker/package/dist/index.js"));
const flat = (v) =>
  v == null ? [] : Array.isArray(v)
    ? v.flatMap((x) => (typeof x === "string" ? [x] : x?.value ? [x.value] : []))
    : Object.values(v).flatMap(flat);
const given = [], surnames = [];
for (const locale of Object.values(allLocales)) {
  given.push(...flat(locale.person?.first_name).filter(isName));
  surnames.push(...flat(locale.person?.last_name).filter(isName));
}
write("faker-given.txt", given);
write("faker-surnames.txt", surnames);

// SCOWL's English words up to size 50, lower case only (proper nouns are capitalised there),
// in two tiers: the most common (sizes 10 and 20) and the rest.
const scowl = (sizes) =>
  sizes.flatMap((size) =>
    ["english", "american", "british", "canadian", "australian"].flatMap((variety) =>
      JSON.parse(fs.readFileSync(path.join(dir, `wl/package/${variety}-words-${size}.json`)))))
    .filter((word) => /^[a-z]+$/.test(word));
const common = scowl([10, 20]);
write("words-common.txt", common);
const commonSet = new Set(common);
write("words.txt", scowl([35, 40, 50]).filter((word) => !commonSet.has(word)));

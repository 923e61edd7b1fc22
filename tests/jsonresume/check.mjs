// Validate a resume.json against the official JSON Resume schema, then render it with a real theme.
// Usage: node check.mjs resume.json out.html   (exit 1 and the schema's errors when it is not valid)
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { render } from "jsonresume-theme-even";

const require = createRequire(import.meta.url);
const { validate } = require("@jsonresume/schema");
const [source, target] = process.argv.slice(2);
const resume = JSON.parse(readFileSync(source, "utf8"));
validate(resume, (errors, valid) => {
  if (!valid) {
    for (const error of errors) console.error(`${error.property}: ${error.message}`);
    process.exit(1);
  }
});
writeFileSync(target, render(resume));
console.log(`valid; rendered ${target}`);

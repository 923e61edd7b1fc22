// cvgen's bridge to citeproc-js, the CSL processor Zotero uses (npm's citeproc). Reads lines of JSON on stdin:
// first {modules: a folder with node_modules/citeproc, style: a .csl path, lang, locales: CSL's locales folder},
// on which it builds the style at once (most of a short run: cvgen starts it while Python still works), then
// any number of lists of items, answering each with one line {id: text} for each item formatted alone, italic
// and bold marked with private-use characters (U+E010..U+E013) that cvgen reads back into rich text, the
// citation number left out. It ends when stdin closes.
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { createRequire } from "node:module";

let engine = null;
let byId = {};
for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  if (engine === null) {
    engine = start(JSON.parse(line));
    continue;
  }
  const items = JSON.parse(line);
  byId = Object.fromEntries(items.map((item) => [item.id, item]));
  const out = {};
  for (const item of items) {
    engine.updateItems([item.id]);
    const [, entries] = engine.makeBibliography();
    out[item.id] = entries.join(" ").replace(/\s+/g, " ").trim();
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}

function start(input) {
  const CSL = createRequire(path.join(input.modules, "index.js"))("citeproc");
  const text = CSL.Output.Formats.text;
  CSL.Output.Formats.cvgen = {
    ...text,
    "@font-style/italic": "\ue010%%STRING%%\ue011",
    "@font-style/oblique": "\ue010%%STRING%%\ue011",
    "@font-weight/bold": "\ue012%%STRING%%\ue013",
    "@display/left-margin": () => "",  // the citation number: cvgen numbers the list
  };
  const files = fs.readdirSync(input.locales);
  const sys = {
    retrieveLocale: (lang) => {
      const base = lang.split("-")[0];
      const name = [`locales-${lang}.xml`, `locales-${base}-${base.toUpperCase()}.xml`].find((f) => files.includes(f))
        ?? files.find((f) => f.startsWith(`locales-${base}-`)) ?? "locales-en-US.xml";
      return fs.readFileSync(path.join(input.locales, name), "utf8");
    },
    retrieveItem: (id) => byId[id],
  };
  const built = new CSL.Engine(sys, fs.readFileSync(input.style, "utf8"), input.lang, true);
  built.setOutputFormat("cvgen");
  return built;
}

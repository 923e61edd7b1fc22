// cvgen's bridge to citeproc-js, the CSL processor Zotero uses (npm's citeproc). Reads one JSON object on stdin:
// {modules: a folder with node_modules/citeproc, style: a .csl path, lang, locales: CSL's locales folder, items},
// and prints {id: text} for each item formatted alone, italic and bold marked with private-use characters
// (U+E010..U+E013) that cvgen reads back into rich text, the citation number left out.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const input = JSON.parse(fs.readFileSync(0, "utf8"));
const CSL = createRequire(path.join(input.modules, "index.js"))("citeproc");
const text = CSL.Output.Formats.text;
CSL.Output.Formats.cvgen = {
  ...text,
  "@font-style/italic": "\ue010%%STRING%%\ue011",
  "@font-style/oblique": "\ue010%%STRING%%\ue011",
  "@font-weight/bold": "\ue012%%STRING%%\ue013",
  "@display/left-margin": () => "",  // the citation number: cvgen numbers the list
};
const byId = Object.fromEntries(input.items.map((item) => [item.id, item]));
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
const engine = new CSL.Engine(sys, fs.readFileSync(input.style, "utf8"), input.lang, true);
engine.setOutputFormat("cvgen");
const out = {};
for (const item of input.items) {
  engine.updateItems([item.id]);
  const [, entries] = engine.makeBibliography();
  out[item.id] = entries.join(" ").replace(/\s+/g, " ").trim();
}
process.stdout.write(JSON.stringify(out));

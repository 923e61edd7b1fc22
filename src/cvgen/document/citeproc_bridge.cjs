// cvgen's bridge to citeproc-js, the CSL processor Zotero uses (npm's citeproc): what citeproc.mjs runs, and what
// a startup snapshot of Node.js is made of. Reads lines of JSON on stdin: first {modules: a folder with
// node_modules/citeproc, style: a .csl path, lang (null: the style's default-locale), drop: options to take out
// of the style, locales: CSL's locales folder}, on which it builds the style at
// once (most of a short run: cvgen starts it while Python still works), then any number of lists of items,
// answering each with one line {id: text} for each item formatted alone, italic and bold marked with private-use
// characters (U+E010..U+E013) that cvgen reads back into rich text, the citation number left out. It ends when
// stdin closes.
//
// Built with `node --snapshot-blob FILE --build-snapshot citeproc_bridge.cjs` (the header in the environment
// variable CVGEN_CITEPROC_HEADER), it builds the style and Node.js writes its whole heap to FILE:
// `node --snapshot-blob FILE` then starts with the style built, and reads the same lines (the header, which it
// already has, is skipped).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const v8 = require("node:v8");

function load(modules) {
  // Read and run as a CommonJS module would be: a snapshot's script can require only Node's own modules.
  const file = path.join(modules, "node_modules", "citeproc", "citeproc_commonjs.js");
  const module = { exports: {} };
  new Function("module", "exports", fs.readFileSync(file, "utf8"))(module, module.exports);
  return module.exports;
}

let byId = {};

// Unicode's language-sensitive case mappings are Lithuanian's, Turkish's and Azeri's (SpecialCasing.txt); in any
// other language a string's locale-aware lower case is its lower case, which V8 gives without asking ICU (a
// twelfth of a reference's time: citeproc-js lowers every name it initialises).
const CASED_BY_LANGUAGE = /^(lt|tr|az)\b/i;

// Text with nothing citeproc-js's flip-flopper could take for markup or a quotation mark (cvgen's private-use
// marks, U+E010..U+E015, are not).
const PLAIN = /^[\p{L}\p{M}\p{N} .,;:()[\]\-\u2013\u2014/&+%#@!?=*_\ue010-\ue015]*$/u;

function caseIn(CSL, name, plain) {
  const locale = CSL[name];
  CSL[name] = function (text) {
    const languages = this.tmp.lang_array;
    const special = !Array.isArray(languages) || languages.some((language) => CASED_BY_LANGUAGE.test(language));
    return special ? locale.call(this, text) : plain.call(text);
  };
}

function start(input) {
  const CSL = load(input.modules);
  caseIn(CSL, "toLocaleLowerCase", String.prototype.toLowerCase);
  caseIn(CSL, "toLocaleUpperCase", String.prototype.toUpperCase);
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
  // Each item is formatted alone, so the style's sort keys order nothing: they are left out. citeproc-js expands
  // every macro a key calls into tokens of their own, which were nine tenths of the built style (APA: 138,000 of
  // 140,000 tokens; built in 0.1 s instead of 0.9 s, the same text).
  const style = CSL.parseXml(fs.readFileSync(input.style, "utf8"));
  for (const area of style.children) {
    if (area.name === "citation" || area.name === "bibliography") {
      area.children = area.children.filter((child) => child.name !== "sort");
    }
  }
  drop(style, input.drop ?? []);
  // No lang: the style's own default-locale, else en-US.
  const built = new CSL.Engine(sys, style, input.lang ?? undefined, Boolean(input.lang));
  built.setOutputFormat("cvgen");
  // Every string the style prints is searched for markup and quotation marks to nest (a twelfth of a
  // reference's time); one made only of letters, digits, spaces and plain punctuation has none, and is left
  // as it is, which is what the search would end with.
  const flipflopper = built.fun.flipflopper;
  const nest = flipflopper.processTags;
  flipflopper.processTags = (blob) => (typeof blob.blobs === "string" && PLAIN.test(blob.blobs) ? undefined : nest(blob));
  // An item alone is ambiguous with nothing: its citation is not rendered a second time to find out (a quarter of
  // a reference's time). The first rendering, when the item is registered, still sets what the bibliography
  // takes from it (the names and given names a citation shows). Measured on 94 items in 407 styles: the same text.
  const disambiguate = CSL.Disambiguation.prototype.run;
  built.disambiguate.run = function (key) {
    if ((this.ambigcites[key] ?? []).length > 1) disambiguate.call(this, key);
  };
  return built;
}

// The options cvgen's rules replace (csl.DROPPED_OPTIONS: the style's own "et al." and "———"), taken out of
// every element of the parsed style.
function drop(node, options) {
  for (const option of options) delete node.attrs[option];
  for (const child of node.children) if (typeof child === "object") drop(child, options);
}

async function serve(engine) {
  const readline = require("node:readline");  // here, not in a snapshot: it is not made to be kept in one
  let header = true;
  for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    if (header) {
      header = false;
      engine ??= start(JSON.parse(line));
      continue;
    }
    const items = JSON.parse(line);
    byId = Object.fromEntries(items.map((item) => [item.id, item]));
    const out = {};
    for (const item of items) {
      engine.updateItems([item.id], true);  // alone: nothing to sort (see start)
      const [, entries] = engine.makeBibliography();
      out[item.id] = entries.join(" ").replace(/\s+/g, " ").trim();
    }
    process.stdout.write(JSON.stringify(out) + "\n");
  }
}

if (v8.startupSnapshot?.isBuildingSnapshot()) {
  const engine = start(JSON.parse(process.env.CVGEN_CITEPROC_HEADER));
  v8.startupSnapshot.setDeserializeMainFunction(() => serve(engine));
}

if (typeof module !== "undefined") module.exports = { serve };  // none in a snapshot's script

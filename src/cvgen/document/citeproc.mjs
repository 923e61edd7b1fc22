// cvgen's bridge to citeproc-js (npm's citeproc), run by `node citeproc.mjs`: the protocol is in
// citeproc_bridge.cjs, which a startup snapshot of Node.js is also made of.
import { createRequire } from "node:module";

await createRequire(import.meta.url)("./citeproc_bridge.cjs").serve(null);

// bpmnlint's recommended rules on BPMN files, as modellers run them.
//
//   node tests/browser/lint.mjs FILE.bpmn...
//
// Prints one JSON object: {"FILE": [{"rule", "id", "message",
// "category"}...], ...}; exits 2 when a file cannot be read.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');
const moddleModule = await import('bpmn-moddle');
const BpmnModdle = moddleModule.default || moddleModule.BpmnModdle;

const files = process.argv.slice(2);
const out = {};
let bad = 0;
for (const file of files) {
  try {
    // a linter per file: some rules keep what they saw between runs
    const linter = new Linter({
      config: { extends: 'bpmnlint:recommended' },
      resolver: new NodeResolver({ require }),
    });
    const moddle = new BpmnModdle();
    const { rootElement } = await moddle.fromXML(fs.readFileSync(file, 'utf8'));
    const results = await linter.lint(rootElement);
    out[file] = [];
    for (const [rule, reports] of Object.entries(results))
      for (const r of reports)
        out[file].push({ rule, id: r.id || null, message: r.message, category: r.category });
  } catch (e) {
    console.error(`lint.mjs: ${file}: ${e.message}`);
    bad = 2;
  }
}
console.log(JSON.stringify(out, null, 1));
process.exitCode = bad; // not process.exit: it would cut a piped stdout short

// Makes tests/fixtures/render/bpmn-js-made.bpmn with bpmn-js's own
// modeller, as a reviewer would in bpmn.io: a pool with two lanes, shapes
// placed by hand where Graphviz would never put them (the gateway below
// its task, the end events to the left of their flows' sources), flows
// routed by bpmn-js's own connection layout.
//
//   node tests/browser/make-fixture.mjs OUT.bpmn
//
// `flowmc render --layout di` must draw this layout, not its own (suite
// render, "layout di").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const out = process.argv[2];
if (!out) {
  console.error('usage: node make-fixture.mjs OUT.bpmn');
  process.exit(2);
}
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'flowmc-chromium-'));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  userDataDir: profile,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><div id="c" style="width:1400px;height:900px"></div>');
  await page.addScriptTag({ path: require.resolve('bpmn-js/dist/bpmn-modeler.production.min.js') });
  const xml = await page.evaluate(async () => {
    const m = new window.BpmnJS({ container: '#c' });
    await m.createDiagram();
    const modeling = m.get('modeling');
    const factory = m.get('elementFactory');
    const reg = m.get('elementRegistry');
    const canvas = m.get('canvas');
    const process = canvas.getRootElement();
    // the blank diagram's start event goes: this one is placed by hand
    modeling.removeElements(reg.filter((e) => e.type === 'bpmn:StartEvent'));
    const pool = modeling.createShape(factory.createParticipantShape({ isExpanded: true }),
      { x: 560, y: 300 }, process);
    modeling.updateLabel(pool, 'Request desk');
    modeling.splitLane(pool, 2);
    const lanes = reg.filter((e) => e.type === 'bpmn:Lane').sort((a, b) => a.y - b.y);
    modeling.updateLabel(lanes[0], 'Clerk');
    modeling.updateLabel(lanes[1], 'Manager');
    const add = (type, x, y, name, parent) => {
      const s = modeling.createShape({ type }, { x, y }, parent);
      if (name) modeling.updateLabel(s, name);
      return s;
    };
    const top = lanes[0].y + lanes[0].height / 2, low = lanes[1].y + lanes[1].height / 2;
    const start = add('bpmn:StartEvent', 240, top, 'request in', pool);
    const review = add('bpmn:UserTask', 380, top, 'Review the request', pool);
    const gw = add('bpmn:ExclusiveGateway', 380, low, 'approved?', pool);
    const publish = add('bpmn:ServiceTask', 620, low, 'Publish', pool);
    const done = add('bpmn:EndEvent', 780, top, 'published', pool);
    const rejected = add('bpmn:EndEvent', 250, low, 'rejected', pool);
    const link = (a, b, name) => {
      const c = modeling.connect(a, b);
      if (name) modeling.updateLabel(c, name);
      return c;
    };
    link(start, review);
    link(review, gw);
    link(gw, publish, 'yes');
    link(gw, rejected, 'no');
    link(publish, done);
    const { xml: text } = await m.saveXML({ format: true });
    return text;
  });
  fs.writeFileSync(out, xml);
} finally {
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
}

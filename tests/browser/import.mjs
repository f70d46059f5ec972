// Imports BPMN files into bpmn-js (its viewer, as bpmn.io shows a file) in
// headless Chromium (Debian's, through puppeteer-core: nothing is
// downloaded) and keeps a screenshot of each.
//
//   node tests/browser/import.mjs OUTDIR FILE.bpmn...
//
// Prints one JSON line per file: {"file", "warnings": [...], "error",
// "shapes", "connections", "labels", "screenshot"}; exits 1 when a file
// has an import error or warning, 2 on bad usage or a browser that does
// not start.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const [outdir, ...files] = process.argv.slice(2);
if (!outdir || files.length === 0) {
  console.error('usage: node import.mjs OUTDIR FILE.bpmn...');
  process.exit(2);
}
fs.mkdirSync(outdir, { recursive: true });
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'flowmc-chromium-'));
const viewer = require.resolve('bpmn-js/dist/bpmn-navigated-viewer.production.min.js');

let browser;
let bad = 0;
try {
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    userDataDir: profile,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage();
  const console_errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console_errors.push(m.text());
  });
  page.on('pageerror', (e) => console_errors.push(String(e)));
  await page.setViewport({ width: 1600, height: 1000 });
  await page.setContent('<!doctype html><html><body style="margin:0;background:white">' +
    '<div id="canvas" style="width:100vw;height:100vh"></div></body></html>');
  await page.addScriptTag({ path: viewer });
  for (const file of files) {
    const xml = fs.readFileSync(file, 'utf8');
    console_errors.length = 0;
    const r = await page.evaluate(async (text) => {
      if (window.bpmnViewer) window.bpmnViewer.destroy();
      const v = window.bpmnViewer = new window.BpmnJS({ container: '#canvas' });
      try {
        const res = await v.importXML(text);
        const reg = v.get('elementRegistry');
        const all = reg.getAll();
        const canvas = v.get('canvas');
        canvas.zoom('fit-viewport');
        const box = canvas.viewbox().inner;
        return {
          warnings: res.warnings.map((w) => w.message),
          shapes: all.filter((e) => e.waypoints === undefined && e.type !== 'label' &&
            e.parent).length,
          connections: all.filter((e) => e.waypoints !== undefined).length,
          labels: all.filter((e) => e.type === 'label').length,
          width: box.width,
          height: box.height,
        };
      } catch (e) {
        return { error: e.message, warnings: (e.warnings || []).map((w) => w.message) };
      }
    }, xml);
    // a screenshot at a size that keeps the text readable: the diagram at
    // 60 % (at most 4000 x 4000 pixels), white around it
    let shot = null;
    if (!r.error) {
      const w = Math.min(4000, Math.ceil(r.width * 0.6) + 40);
      const h = Math.min(4000, Math.ceil(r.height * 0.6) + 40);
      await page.setViewport({ width: w, height: h });
      await page.evaluate(() => window.bpmnViewer.get('canvas').zoom('fit-viewport', 'auto'));
      shot = path.join(outdir, path.basename(file).replace(/\.[^.]*$/, '') + '.png');
      await page.screenshot({ path: shot });
      await page.setViewport({ width: 1600, height: 1000 });
    }
    const warnings = r.warnings.concat(console_errors);
    if (r.error || warnings.length) bad = 1;
    console.log(JSON.stringify({ file, warnings, error: r.error || null, shapes: r.shapes,
      connections: r.connections, labels: r.labels, screenshot: shot }));
  }
} catch (e) {
  console.error(`import.mjs: ${e.message}`);
  bad = 2;
} finally {
  if (browser) await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
process.exitCode = bad; // not process.exit: it would cut a piped stdout short

// Opens flowmc's HTML report from disk in headless Chromium (Debian's,
// through puppeteer-core) as a reader would, and says what it found.
//
//   node tests/browser/report.mjs REPORT.html EXPECT.json OUTDIR
//
// EXPECT.json: {"models": [PATH...], "scenarios": [{"scenario": PATH,
// "slas": [ID...]}...]}.  Every request the page makes other than the
// file itself is refused and listed (the report must refer to nothing
// outside itself).  Prints one JSON object: {"console": [...], "requests":
// [...], "links", "followed", "broken": [...], "outside": [...],
// "missing": [...], "screenshot", "pdf"} (the page printed on A4); exits 1 when any list is not empty, 2 on
// bad usage or a browser that does not start.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const [report, expectFile, outdir] = process.argv.slice(2);
if (!report || !expectFile || !outdir) {
  console.error('usage: node report.mjs REPORT.html EXPECT.json OUTDIR');
  process.exit(2);
}
const expect = JSON.parse(fs.readFileSync(expectFile, 'utf8'));
fs.mkdirSync(outdir, { recursive: true });
const url = pathToFileURL(path.resolve(report)).href;
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'flowmc-chromium-'));
const out = { console: [], requests: [], links: 0, broken: [], outside: [], missing: [] };

let browser;
try {
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    userDataDir: profile,
    // a loaded machine (the test suite runs beside other jobs) is slow to
    // start a browser and to print 70 pages: generous time limits
    timeout: 180000,
    protocolTimeout: 300000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') out.console.push(m.text());
  });
  page.on('pageerror', (e) => out.console.push(String(e)));
  // the file itself may load; nothing else
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    if (req.url() === url && req.resourceType() === 'document') {
      req.continue();
    } else {
      out.requests.push(`${req.resourceType()} ${req.url()}`);
      req.abort();
    }
  });
  page.on('requestfailed', (req) => {
    if (req.url() !== url) return;
    out.requests.push(`failed: ${req.url()} ${req.failure()?.errorText}`);
  });
  await page.setViewport({ width: 1100, height: 1400 });
  page.setDefaultTimeout(180000);
  await page.goto(url, { waitUntil: 'load' });
  const r = await page.evaluate((exp) => {
    const res = { links: 0, broken: [], outside: [], missing: [] };
    // every link stays in the page and lands on an element
    for (const a of document.querySelectorAll('[href], [src], [xlink\\:href]')) {
      for (const attr of ['href', 'src', 'xlink:href']) {
        const v = a.getAttribute(attr);
        if (v === null) continue;
        if (!v.startsWith('#')) {
          res.outside.push(`<${a.tagName.toLowerCase()} ${attr}="${v}">`);
          continue;
        }
        if (a.tagName.toLowerCase() === 'a') res.links++;
        if (!document.getElementById(decodeURIComponent(v.slice(1))))
          res.broken.push(v);
      }
    }
    // nothing in a style sheet or style attribute loads anything
    for (const el of document.querySelectorAll('style, [style]')) {
      const css = el.tagName.toLowerCase() === 'style' ? el.textContent : el.getAttribute('style');
      const m = css.match(/url\(\s*['"]?(?!#)[^)]*\)|@import/g);
      if (m) res.outside.push(...m);
    }
    if (document.querySelector('script, iframe, object, embed, link'))
      res.outside.push('a script, frame, object or link element');
    // every model, scenario and SLA has its section, reached from the contents
    const nav = document.getElementById('contents');
    const linked = (id) => nav && nav.querySelector(`a[href="#${CSS.escape(id)}"]`);
    const sections = [...document.querySelectorAll('section')];
    for (const m of exp.models) {
      const s = sections.find((x) => x.classList.contains('model') &&
        x.querySelector('.file code')?.textContent === m);
      if (!s) res.missing.push(`model ${m}`);
      else if (!linked(s.id)) res.missing.push(`model ${m}: not in the contents`);
      else if (!s.querySelector('svg.diagram')) res.missing.push(`model ${m}: no diagram`);
    }
    for (const sc of exp.scenarios) {
      const s = sections.find((x) => x.classList.contains('scenario') &&
        x.querySelector('.file code')?.textContent === sc.scenario);
      if (!s) { res.missing.push(`scenario ${sc.scenario}`); continue; }
      if (!linked(s.id)) res.missing.push(`scenario ${sc.scenario}: not in the contents`);
      if (!s.querySelector('svg.chart')) res.missing.push(`scenario ${sc.scenario}: no chart`);
      for (const id of sc.slas) {
        const row = [...s.querySelectorAll('tr[id]')].find((tr) =>
          tr.cells[0]?.textContent === id);
        if (!row) res.missing.push(`SLA ${id} of ${sc.scenario}`);
        else if (!linked(row.id)) res.missing.push(`SLA ${id} of ${sc.scenario}: not in the contents`);
        else if (!/^(met|missed|inconclusive)$/.test(row.querySelector('.v')?.textContent))
          res.missing.push(`SLA ${id} of ${sc.scenario}: no verdict`);
      }
    }
    return res;
  }, expect);
  Object.assign(out, r);
  // each link of the contents, clicked, scrolls its target into view
  const followed = await page.evaluate(() => {
    const bad = [];
    const as = [...document.querySelectorAll('nav a[href^="#"]')];
    for (const a of as) {
      window.scrollTo(0, 0);
      a.click();
      const id = decodeURIComponent(a.getAttribute('href').slice(1));
      const box = document.getElementById(id)?.getBoundingClientRect();
      if (location.hash !== `#${id}` || !box || box.top < -5 || box.top > window.innerHeight)
        bad.push(`#${id} (followed, did not land)`);
    }
    window.scrollTo(0, 0);
    return { n: as.length, bad };
  });
  out.followed = followed.n;
  out.broken.push(...followed.bad);
  const base = path.join(outdir, path.basename(report, '.html'));
  await page.goto(url, { waitUntil: 'load' });
  await page.screenshot({ path: `${base}.png` });
  out.screenshot = `${base}.png`;
  // printed on A4 as Chromium prints it
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true,
    timeout: 300000 });
  fs.writeFileSync(`${base}.pdf`, pdf);
  out.pdf = `${base}.pdf`;
} catch (e) {
  console.error(`report.mjs: ${e.message}`);
  process.exitCode = 2;
} finally {
  if (browser) await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(out));
if (!process.exitCode && (out.console.length || out.requests.length || out.broken.length ||
    out.outside.length || out.missing.length))
  process.exitCode = 1;

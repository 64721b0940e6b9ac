// Opens a Dragnet report in Debian's headless Chromium with every network
// request refused, and checks what a reader relies on: every section renders,
// each campaign graph has the nodes and edges campaigns.json implies,
// sorting and filtering work, the console stays clean. Saves screenshots to
// ARTIFACTS. Usage: node report.test.mjs OUT_DIR ARTIFACTS
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const [outDir, artifacts] = process.argv.slice(2);
fs.mkdirSync(artifacts, { recursive: true });
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); };

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 900 } });
let external = 0;
await context.route('**/*', (route) => {
  if (route.request().url().startsWith('file:')) return route.continue();
  external++;
  return route.abort();
});
const page = await context.newPage();
const errors = [];
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
page.on('pageerror', (e) => errors.push(String(e)));

const t0 = Date.now();
await page.goto('file://' + path.resolve(outDir, 'report.html'), { waitUntil: 'load' });
const loadMs = Date.now() - t0;
await page.screenshot({ path: path.join(artifacts, 'report-top.png') });

for (const id of ['overview', 'campaigns', 'incidents', 'organisations'])
  check(await page.locator('#' + id).isVisible(), `section #${id} renders`);

// Campaign graphs: nodes = orgs + distinct linking traits; edges = distinct (org, trait).
const campaigns = JSON.parse(fs.readFileSync(path.join(outDir, 'campaigns.json'), 'utf8'));
for (const c of campaigns) {
  const traits = new Set(), edges = new Set();
  for (const h of c.hosts) for (const l of h.links) { traits.add(l); edges.add(h.org + '|' + l); }
  const svg = page.locator(`#campaign-${c.id} svg.graph`);
  const nodes = await svg.locator('g.node').count();
  const lines = await svg.locator('line.edge').count();
  check(nodes === c.orgs.length + traits.size, `campaign ${c.id}: ${nodes} nodes, expected ${c.orgs.length + traits.size}`);
  check(lines === edges.size, `campaign ${c.id}: ${lines} edges, expected ${edges.size}`);
  await svg.screenshot({ path: path.join(artifacts, `campaign-${c.id}.png`) });
}

// Sorting and filtering on the first organisation's findings table.
const table = page.locator('table.findings').first();
const tid = await table.getAttribute('id');
const scores = async () => (await table.locator('tbody tr:visible td:first-child').allTextContents()).map(Number);
await table.locator('th').first().click();
let s = await scores();
check(s.length > 0 && s.every((v, i) => i === 0 || s[i - 1] <= v), 'sorting by score ascending');
await table.locator('th').first().click();
s = await scores();
check(s.every((v, i) => i === 0 || s[i - 1] >= v), 'sorting by score descending');
const rowsBefore = await table.locator('tbody tr:visible').count();
const firstDetector = (await table.locator('tbody tr:visible td:nth-child(4)').first().textContent()).trim();
await page.fill(`#${tid}-filter`, firstDetector);
const filtered = await table.locator('tbody tr:visible').allTextContents();
check(filtered.length > 0 && filtered.every((row) => row.toLowerCase().includes(firstDetector.toLowerCase())),
      `filtering by "${firstDetector}" leaves ${filtered.length} rows, each containing it`);
await page.fill(`#${tid}-filter`, 'no-such-text-anywhere');
check((await table.locator('tbody tr:visible').count()) === 0, 'a filter matching nothing hides every row');
await page.fill(`#${tid}-filter`, '');
await page.locator('#organisations').scrollIntoViewIfNeeded();
await page.screenshot({ path: path.join(artifacts, 'report-organisations.png') });

check(external === 0, `no network request (${external} refused)`);
check(errors.length === 0, `no console errors${errors.length ? ': ' + errors.join('; ') : ''}`);
console.log(`report loaded in ${loadMs} ms`);
await browser.close();
process.exit(failures.length ? 1 : 0);

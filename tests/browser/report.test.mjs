// Opens a Dragnet report in Debian's headless Chromium with every network
// request refused, and checks what a reader relies on: every section renders,
// each campaign graph has the nodes and edges campaigns.json implies,
// sorting and filtering work, the console stays clean. Saves screenshots to
// ARTIFACTS. With LARGE_OUT_DIR (a 200-org hunt with 10,000 findings in its
// report) it also measures how long that report takes to open -- a figure
// to report, not a pass/fail timing -- and drives its pager.
// Usage: node report.test.mjs OUT_DIR ARTIFACTS [LARGE_OUT_DIR]
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const [outDir, artifacts, largeDir] = process.argv.slice(2);
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

// "Act first": the most urgent host verdicts, each linking to its
// organisation's section, the first one's organisation the first section.
const actRows = page.locator('table.act-first tr:has(td)');
check((await actRows.count()) > 0, `"act first" lists ${await actRows.count()} host verdicts`);
const firstHref = await actRows.first().locator('a').getAttribute('href');
check(firstHref && (await page.locator(firstHref).count()) === 1, `"act first" links to ${firstHref}`);
const firstOrgSection = await page.locator('div.org').first().getAttribute('id');
check('#' + firstOrgSection === firstHref, 'the most urgent organisation is also the first section');

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

// The evidence that convinced each kind of detector is drawn.
const findings = fs.readFileSync(path.join(outDir, 'findings.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
for (const [detector, chart] of [['beacon', 'time between connections'], ['dns_tunnel', 'queries per'],
                                 ['encryption', 'files renamed per']]) {
  if (!findings.some((f) => f.detector === detector)) continue;
  const row = page.locator('table.findings tbody tr', { has: page.locator(`td:nth-child(4):text-is("${detector}")`) }).first();
  await row.scrollIntoViewIfNeeded();
  await row.locator('details summary').click();
  const titles = await row.locator('svg.chart title').allTextContents();
  check(titles.some((t) => t.startsWith(chart)), `a ${detector} finding draws "${chart}" (${titles.join(', ')})`);
  await row.screenshot({ path: path.join(artifacts, `evidence-${detector}.png`) });
}

check(external === 0, `no network request (${external} refused)`);
check(errors.length === 0, `no console errors${errors.length ? ': ' + errors.join('; ') : ''}`);
console.log(`report loaded in ${loadMs} ms`);

if (largeDir) {
  const file = 'file://' + path.resolve(largeDir, 'report.html');
  const run = JSON.parse(fs.readFileSync(path.join(largeDir, 'run.json'), 'utf8'));
  const times = [];
  for (let i = 0; i < 3; i++) {
    const ctx = await browser.newContext({ offline: true, viewport: { width: 1280, height: 900 } });
    const p = await ctx.newPage();
    p.on('pageerror', (e) => errors.push(String(e)));
    const start = Date.now();
    await p.goto(file, { waitUntil: 'load' });
    // Until the first frame after load is painted: what the reader waits for.
    await p.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    times.push(Date.now() - start);
    if (i < 2) { await ctx.close(); continue; }
    const rows = await p.locator('table.findings tbody tr').count();
    const orgs = await p.locator('div.org').count();
    check(rows === 10000, `large report: ${rows} finding rows (the 10,000 highest-scoring)`);
    await p.screenshot({ path: path.join(artifacts, 'large-top.png') });
    // The pager of the first table longer than a page.
    const pagers = p.locator('div.pager span');
    let tid = null;
    for (let k = 0; k < await pagers.count() && !tid; k++)
      if (!/page 1 of 1 /.test(await pagers.nth(k).textContent()))
        tid = (await pagers.nth(k).locator('xpath=..').getAttribute('id')).replace(/-pager$/, '');
    check(tid !== null, 'large report: a table longer than one page has a pager');
    if (tid) {
      const t = p.locator('#' + tid);
      const total = await t.locator('tbody tr').count();
      const firstPage = await t.locator('tbody tr:visible td:nth-child(6)').allTextContents();
      await p.locator(`#${tid}-pager button[data-d="1"]`).click();
      const secondPage = await t.locator('tbody tr:visible td:nth-child(6)').allTextContents();
      const label = await p.locator(`#${tid}-pager span`).textContent();
      check(firstPage.length === 50 && secondPage.length === Math.min(50, total - 50) && label.startsWith('page 2 of'),
            `pager: next page shows rows 51-${50 + secondPage.length} of ${total} (${label})`);
      await p.locator(`#${tid}-pager button[data-d="0"]`).click();
      const back = await t.locator('tbody tr:visible td:nth-child(6)').allTextContents();
      check(JSON.stringify(back) === JSON.stringify(firstPage), 'pager: previous returns to the first page');
      await t.scrollIntoViewIfNeeded();
      await p.screenshot({ path: path.join(artifacts, 'large-pager.png') });
    }
    console.log(`large report: ${orgs} organisations, ${rows} rows, ${run.findings.total} findings in the run, ` +
                `${(fs.statSync(path.resolve(largeDir, 'report.html')).size / 1e6).toFixed(2)} MB`);
    await ctx.close();
  }
  times.sort((a, b) => a - b);
  console.log(`large report opened in ${times.join(', ')} ms (median ${times[1]} ms)`);
  check(errors.length === 0, `no page errors in the large report${errors.length ? ': ' + errors.join('; ') : ''}`);
}
await browser.close();
process.exit(failures.length ? 1 : 0);

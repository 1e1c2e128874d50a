// Shared harness of the end-to-end walks: Debian's chromium (no browser download), axe-core checks,
// screenshots in e2e-screenshots/ (not committed, but for the gallery of the main pages, see
// GALLERY), signing in as a demo user. Each walk file
// (smoke.mjs, walk-*.mjs) runs against the same server in file-name order; run-e2e.sh runs them all.
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const base = process.env.E2E_BASE_URL || 'http://127.0.0.1:8080';
export const password = process.env.E2E_PASSWORD || 'egenkontroll-demo';
export const shots = new URL('../e2e-screenshots/', import.meta.url);
mkdirSync(shots, { recursive: true });

export const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let failures = 0;

// The main pages of each role at 1280 px and at 390 px: written again, smaller (JPEG, at most
// 3,000 px tall), to e2e-screenshots/gallery/, which is committed so a reader sees the app
// without running it. The names are those the walks audit.
const GALLERY = new Set([
  '13b-01-login', '13b-01-login-phone', '13b-02-accessibility-statement', '13b-02-accessibility-statement-phone',
  '13a-04-leader-round-task-list', '13a-04b-leader-round-task-list-phone', '07-leader-case-form', '07a-leader-case-form-phone',
  '03-leader-summary', '03b-leader-summary-phone', '13a-09-review-missing', '13a-09b-review-missing-phone',
  '18a-01-plan-nb', '18a-03-plan-nb-phone', '12c-01-totals-page', '12c-01b-totals-page-phone', '21-staff-case',
  '13b-05-funnel', '13b-05-funnel-phone', '09b-advisor-service', '09c-advisor-service-phone',
  '13a-02-advisor-summary-top-bar', '13a-02b-advisor-summary-top-bar-phone', '05b-advisor-report',
  '18b-02-advisor-letter', '18b-04b-advisor-sent-phone',
  '06-analyst-dashboard', '06d-analyst-office-phone', '13b-11-analyst-office-map', '13b-11-analyst-office-map-phone',
  '12b-01-campaigns', '12b-01b-campaigns-phone', '12a-01-questionnaires', '12a-01-questionnaires-390',
  '18b-10-analyst-summary-editor', '18b-10b-analyst-summary-editor-phone', '20-admin', '20d-admin-phone',
]);
const gallery = new URL('gallery/', shots);
mkdirSync(gallery, { recursive: true });

/** Counts a failure of the walk and prints it; the run fails at the end. */
export function fail(where, message) {
  failures++;
  console.error(`${where}: ${message}`);
}

/** Adds n failures already printed by the caller. */
export function addFailures(n) {
  failures += n;
}

export async function audit(page, name) {
  // A dialog or panel that is still fading in has, for axe, the contrast of its half-way colours:
  // measure the page at rest. Endless animations (a loading pulse) never finish; they are not waited for.
  await page.evaluate(async () => {
    const finite = document.getAnimations().filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
    await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
  });
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }));
  for (const v of result.violations) {
    failures++;
    console.error(`axe ${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  }
  await page.screenshot({ path: new URL(`${name}.png`, shots).pathname, fullPage: true });
  if (GALLERY.has(name)) {
    const size = await page.evaluate(() => ({ width: document.documentElement.clientWidth, height: document.documentElement.scrollHeight }));
    await page.screenshot({ path: new URL(`${name}.jpg`, gallery).pathname, type: 'jpeg', quality: 60, fullPage: true,
      clip: { x: 0, y: 0, width: size.width, height: Math.min(size.height, 3000) } });
  }
}

// A phone: nothing may need sideways scrolling but the tables' own scroll areas. Audits and
// screenshots the page at 390 px, then goes back to the laptop size.
export async function atPhoneWidth(page, name) {
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 1) {
    failures++;
    console.error(`phone width: ${name} is ${overflow} px wider than the screen`);
  }
  await audit(page, name);
  await page.setViewportSize({ width: 1280, height: 900 });
}

export async function signIn(user) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO', bypassCSP: true });
  const page = await context.newPage();
  await page.goto(base + '/');
  await page.getByLabel('Brukernavn').fill(user);
  await page.getByLabel('Passord').fill(password);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.getByRole('button', { name: 'Logg ut' }).waitFor();
  return { context, page };
}


/** Sends a GraphQL request with the page's session (its cookie) and returns the response: { data, errors }. */
export async function gql(page, query, variables) {
  return page.evaluate(async ({ query, variables }) => {
    const res = await fetch('/graphql', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return res.json();
  }, { query, variables });
}

/** Closes the browser and ends the walk: exit 1 when anything failed. */
export async function finish(name) {
  await browser.close();
  if (failures > 0) {
    console.error(`${name}: ${failures} failures`);
    process.exit(1);
  }
  console.log(`${name}: every page passed axe (WCAG 2.1 A/AA and best practice); screenshots in e2e-screenshots/`);
}

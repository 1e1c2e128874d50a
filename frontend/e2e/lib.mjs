// Shared harness of the end-to-end walks: Debian's chromium (no browser download), axe-core checks,
// screenshots in e2e-screenshots/ (not committed), signing in as a demo user. Each walk file
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


/** Closes the browser and ends the walk: exit 1 when anything failed. */
export async function finish(name) {
  await browser.close();
  if (failures > 0) {
    console.error(`${name}: ${failures} failures`);
    process.exit(1);
  }
  console.log(`${name}: every page passed axe (WCAG 2.1 A/AA and best practice); screenshots in e2e-screenshots/`);
}

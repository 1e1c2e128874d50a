// End-to-end walk in headless Chromium (Debian's chromium, no browser download): signs in as each
// role against a running server (E2E_BASE_URL), visits the main pages, checks them with axe-core
// (WCAG 2.1 A/AA) and saves screenshots in e2e-screenshots/ (not committed).
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const base = process.env.E2E_BASE_URL || 'http://127.0.0.1:8080';
const password = process.env.E2E_PASSWORD || 'egenkontroll-demo';
const shots = new URL('../e2e-screenshots/', import.meta.url);
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let failures = 0;

async function audit(page, name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  for (const v of result.violations) {
    failures++;
    console.error(`axe ${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  }
  await page.screenshot({ path: new URL(`${name}.png`, shots).pathname, fullPage: true });
}

async function signIn(user) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO', bypassCSP: true });
  const page = await context.newPage();
  await page.goto(base + '/');
  await page.getByLabel('Brukernavn').fill(user);
  await page.getByLabel('Passord').fill(password);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.getByRole('button', { name: 'Logg ut' }).waitFor();
  return { context, page };
}

{
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true }); // to inject axe
  const page = await context.newPage();
  await page.goto(base + '/');
  await page.getByLabel('Brukernavn').waitFor();
  await audit(page, '01-login');
  await context.close();
}
{
  const { context, page } = await signIn('leder.bergen');
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.waitForLoadState('networkidle');
  await audit(page, '02-leader-round');
  await page.getByRole('link', { name: 'Samleskjema' }).click();
  await page.waitForLoadState('networkidle');
  await audit(page, '03-leader-summary');
  await page.getByRole('button', { name: 'Nynorsk' }).click();
  await page.getByText('Samleskjema').first().waitFor();
  await audit(page, '04-leader-summary-nn');
  await context.close();
}
{
  const { context, page } = await signIn('radgiver.vestland');
  await page.getByRole('heading', { name: 'Oppfølging av tjenestene' }).waitFor();
  await page.waitForLoadState('networkidle');
  await audit(page, '05-advisor-funnel');
  await context.close();
}
{
  const { context, page } = await signIn('analytiker');
  await page.getByRole('heading', { name: 'Resultater nasjonalt' }).waitFor();
  await page.waitForLoadState('networkidle');
  await audit(page, '06-analyst-dashboard');
  await context.close();
}
await browser.close();
if (failures > 0) {
  console.error(`${failures} accessibility violations`);
  process.exit(1);
}
console.log('e2e smoke: every page passed axe (WCAG 2.1 A/AA); screenshots in e2e-screenshots/');

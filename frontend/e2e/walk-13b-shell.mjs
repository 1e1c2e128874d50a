// Issue 13 (shell, dates, funnel, analyst charts, map, token form): the government-service look
// (header with Helsetilsynet and a user menu, footer, accessibility statement, log-in page), the
// funnel's stage bar, default view and reminders, the analyst's charts and the map of counties.
import { atPhoneWidth, audit, base, browser, fail, finish, shots, signIn } from './lib.mjs';

const W = 'walk-13b';

// The log-in page says who gives access; the footer leads to the accessibility statement and the
// privacy notice, readable without signing in.
{
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO', bypassCSP: true });
  const page = await context.newPage();
  await page.goto(base + '/');
  await page.getByRole('heading', { name: 'Hvem gir tilgang?' }).waitFor();
  if (!(await page.getByRole('banner').getByText('Helsetilsynet').isVisible())) fail(W, 'the header does not show Helsetilsynet');
  await audit(page, '13b-01-login');
  await atPhoneWidth(page, '13b-01-login-phone');
  await page.getByRole('contentinfo').getByRole('link', { name: 'Tilgjengelighetserklæring' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tilgjengelighetserklæring for Egenkontroll' }).waitFor();
  for (const h of ['Status', 'Kjente mangler', 'Slik har vi testet', 'Gi tilbakemelding', 'Tilsyn']) {
    if (!(await page.getByRole('heading', { level: 2, name: h }).isVisible())) fail(W, `the statement has no section "${h}"`);
  }
  await audit(page, '13b-02-accessibility-statement');
  await atPhoneWidth(page, '13b-02-accessibility-statement-phone');
  await page.getByRole('contentinfo').getByRole('link', { name: 'Personvern' }).click();
  await page.getByRole('heading', { level: 1, name: 'Personvern i Egenkontroll' }).waitFor();
  await audit(page, '13b-03-privacy');
  await context.close();
}

// The header: the owner's identity and a user menu; compact on a phone.
{
  const { context, page } = await signIn('radgiver.vestland');
  await page.getByRole('heading', { name: 'Oppfølging av tjenestene' }).waitFor();
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: /Brukermeny/ }).click();
  await page.getByText('Logget inn som').waitFor();
  await audit(page, '13b-04-user-menu');
  await page.keyboard.press('Escape');

  // The funnel: the stage bar, "trenger oppfølging" by default, one tag per service.
  const bar = page.locator('[data-part=stage-bar]');
  if (!/\d+ \(\d+ %\)/.test(await bar.innerText())) fail(W, 'the stage bar shows no counts with shares');
  const followTab = page.getByRole('tab', { name: /Trenger oppfølging/ });
  if ((await followTab.getAttribute('aria-selected')) !== 'true') fail(W, 'the funnel does not open on "Trenger oppfølging"');
  await page.getByRole('heading', { name: 'Rapport til Helsetilsynet' }).waitFor();
  if (!(await page.getByText(/^Frist \d\d\.\d\d\.\d{4}$/).first().isVisible())) fail(W, 'the report card shows no deadline');
  await audit(page, '13b-05-funnel');
  await page.locator('[data-part=funnel-top]').screenshot({ path: new URL('13b-05a-stage-bar.png', shots).pathname });
  await atPhoneWidth(page, '13b-05-funnel-phone');

  // Several services reminded at once: the dialog shows the recipients and the text, and afterwards
  // what became of each e-mail.
  // Two services come to the information meeting, so both wait for their forms and can be reminded.
  await page.getByText('Registrer informasjonsmøte').first().click();
  await page.getByLabel('Dato').first().fill('2025-09-12');
  for (const name of ['Barneverntjenesten i Alver', 'Barneverntjenesten i Askvoll']) {
    const box = page.getByRole('checkbox', { name, exact: true }).first();
    for (let i = 0; i < 3 && !(await box.isChecked()); i++) {
      await box.click();
      await page.waitForTimeout(150);
    }
  }
  await page.getByRole('button', { name: 'Registrer informasjonsmøte' }).click();
  await page.getByText('Registrert').first().waitFor();
  await page.getByRole('checkbox', { name: 'Velg Barneverntjenesten i Alver' }).check();
  await page.getByRole('checkbox', { name: 'Velg Barneverntjenesten i Askvoll' }).check();
  await page.getByRole('button', { name: 'Send purring til valgte (2)' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Mottakere: lederne av disse tjenestene').waitFor();
  await dialog.getByLabel('Tekst i e-posten').fill('Påminnelse: samleskjemaet er ikke mottatt. Gi beskjed om dere trenger utsatt frist.');
  await page.waitForTimeout(400); // the dialog fades in
  await audit(page, '13b-06-remind-dialog');
  await dialog.getByRole('button', { name: 'Send purring' }).click();
  await dialog.getByRole('heading', { name: 'Dette skjedde' }).waitFor();
  const outcome = await dialog.getByRole('status').innerText();
  if (!/Purringen er registrert \d\d\.\d\d\.\d{4} kl\. \d\d:\d\d/.test(outcome)) fail(W, `the outcome does not say when: ${outcome}`);
  if (!/(Sendt til .* \d\d\.\d\d\.\d{4}|registrert, men ikke sendt|venter på sending)/.test(outcome)) fail(W, `the outcome does not say what became of the e-mail: ${outcome}`);
  await audit(page, '13b-07-remind-outcome');
  await atPhoneWidth(page, '13b-07-remind-outcome-phone');
  await dialog.getByRole('button', { name: 'Lukk' }).first().click();
  await page.getByRole('tab', { name: /Alle/ }).click();
  await audit(page, '13b-08-funnel-all');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Following up the services' }).waitFor();
  const wide = await page.evaluate(() => { const r = document.querySelector('[data-part=funnel-table]'); return r ? r.scrollWidth - r.parentElement.clientWidth : 0; });
  if (wide > 1) fail(W, `the English funnel table is ${wide} px wider than its area at 1280 px`);
  await audit(page, '13b-09-funnel-en');
  await page.getByRole('button', { name: 'Bokmål' }).click();
  await context.close();
}

// The analyst: the map of counties with its table, charts with short titles and an order of
// choice, the sticky in-page navigation, and the drill-down landing on the new heading.
{
  const { context, page } = await signIn('analytiker');
  await page.getByRole('heading', { name: 'Resultater nasjonalt', exact: true }).waitFor();
  await page.waitForLoadState('networkidle');
  const map = page.locator('.results-map svg[role="img"]');
  await map.waitFor();
  if ((await map.locator('path[data-county]').count()) !== 15) fail(W, 'the map does not draw the 15 counties');
  if (!(await page.getByText('Kartdata © Kartverket (CC BY 4.0)').isVisible())) fail(W, 'the map does not credit Kartverket');
  await page.getByText('Tallene i kartet som tabell').click();
  const mapTable = page.getByRole('table', { name: /^Kart over Norge/ });
  await mapTable.locator('tbody tr').first().waitFor();
  if ((await mapTable.locator('tbody tr').count()) !== 10) fail(W, 'the map table does not have one row per office');
  await page.getByLabel('Vis på kartet').selectOption('yes');
  // After the other walks the newest round may have its national figures withheld (one service
  // with fewer than 5 cases alone in its office): the charts are then in an earlier round.
  if (!(await page.getByLabel('Rekkefølge i diagrammet').count())) {
    await page.locator('.results-rounds a:not([aria-current="page"])').last().click();
    await page.waitForLoadState('networkidle');
  }
  await page.getByLabel('Rekkefølge i diagrammet').selectOption('lowest');
  await page.locator('.results-chart svg').first().waitFor();
  const ticks = await page.locator('.results-chart svg').first().locator('g[aria-label="y-axis tick label"] text').allTextContents();
  if (!ticks.some((l) => /^\d\.\d+ \p{L}/u.test(l))) fail(W, `the question chart is not labelled with short titles: ${ticks.slice(0, 3).join(' | ')}`);
  await audit(page, '13b-10-analyst-map');
  await page.locator('.results-map').screenshot({ path: new URL('13b-10a-map-detail.png', shots).pathname });
  await page.locator('.results-chart').first().screenshot({ path: new URL('13b-10b-question-chart.png', shots).pathname });
  await page.mouse.wheel(0, 4000);
  await page.waitForTimeout(300);
  const tocTop = await page.locator('.results-toc').evaluate((el) => el.getBoundingClientRect().top);
  if (Math.abs(tocTop) > 1) fail(W, `the in-page navigation does not stick to the top (${tocTop} px)`);
  await page.mouse.wheel(0, -8000);
  await page.getByRole('link', { name: 'Statsforvalteren i Vestland', exact: true }).click();
  await page.getByRole('heading', { name: 'Tjenestene i Statsforvalteren i Vestland' }).waitFor();
  await page.waitForTimeout(300);
  const focused = await page.evaluate(() => document.activeElement?.id);
  if (focused !== 'services') fail(W, `after the drill-down focus is on "${focused}", not the new heading`);
  await page.waitForLoadState('networkidle');
  await audit(page, '13b-11-analyst-office-map');
  await atPhoneWidth(page, '13b-11-analyst-office-map-phone');
  await context.close();
}

// The admin's new token chooses no scope until one is chosen.
{
  const { context, page } = await signIn('admin');
  await page.getByLabel('Hele landet').waitFor();
  if (await page.getByLabel('Hele landet').isChecked()) fail(W, 'the token form pre-selects "Hele landet"');
  await audit(page, '13b-20-admin-token-form');
  await context.close();
}

await finish('walk-13b-shell');

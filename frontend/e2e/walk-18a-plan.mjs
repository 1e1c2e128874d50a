// The improvement plan lives between the rounds (issue 18): Bergen's leader follows up the plan of
// the submitted round-1 form without re-opening it (an action marked done with a note, a new
// action), in Bokmål, then the same page in Nynorsk and English; the county advisor in Vestland
// sees the progress on the funnel and on the service's page.
import { atPhoneWidth, audit, base, fail, finish, gql, signIn } from './lib.mjs';

const W = 'walk-18a-plan';


let serviceId = '';
let r1 = '';
let r2 = '';
const note = 'Sjekklisten er tatt i bruk i alle team fra mars.';
const newAction = 'Fagdag om samtaler med barn';
{
  const { context, page } = await signIn('leder.bergen');
  // The demo campaign's rounds 1 and 2 (walk 12b adds a campaign of its own).
  const ids = (await gql(page, '{ viewer { service { id } } rounds { id number previousRound { id number } } }')).data;
  serviceId = ids.viewer.service.id;
  const second = ids.rounds.find((r) => r.number === 2 && r.previousRound?.number === 1);
  r1 = second.previousRound.id;
  r2 = second.id;
  await page.goto(`${base}/tjenester/${serviceId}/runder/${r1}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  const link = page.getByRole('link', { name: 'Forbedringsplan: følg opp tiltakene' });
  // The link comes with the round's submission; wait for it rather than count at once (a busy
  // server, or a service with more rounds behind it, answers a moment later).
  if (!(await link.waitFor({ timeout: 10000 }).then(() => true, () => false))) {
    fail(W, 'the round-1 page of a submitted form has no link to the improvement plan');
  } else {
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Forbedringsplan' }).waitFor();
    await page.waitForLoadState('networkidle');
    if ((await page.title()) !== 'Forbedringsplan: Barneverntjenesten i Bergen – Egenkontroll') fail(W, `page title ${await page.title()}`);
    await audit(page, '18a-01-plan-nb');

    // The second action (under way in the demo): done, with an end date and a note.
    const first = page.locator('form').filter({ has: page.getByLabel('Notat') }).nth(1);
    if ((await first.getByLabel('Status').inputValue()) === 'DONE') fail(W, 'the action to mark done is done already');
    await first.getByLabel('Status').selectOption('DONE');
    await first.getByLabel('Avsluttet').fill('2025-03-20');
    await first.getByLabel('Notat').fill(note);
    await first.getByRole('button', { name: 'Lagre' }).click();
    await first.getByRole('status').filter({ hasText: 'Lagret.' }).waitFor();
    await first.getByText('Gjennomført', { exact: true }).first().waitFor();
    if (await first.getByText('Over fristen').count()) fail(W, 'a done action is still shown as past due');

    // A new action on the first goal.
    await page.getByText('Legg til tiltak').first().click();
    const add = page.locator('form').filter({ has: page.getByLabel('Hva skal gjøres?') }).first();
    await add.getByLabel('Hva skal gjøres?').fill(newAction);
    await add.getByLabel('Ansvarlig').fill('Fagleder');
    await add.getByLabel('Frist').fill('2026-09-30');
    await add.getByRole('button', { name: 'Legg til tiltak' }).click();
    await page.getByRole('heading', { level: 3, name: newAction }).waitFor();
    if (!(await page.getByText('lagt til etter innsending').count())) fail(W, 'the new action is not marked as added after submitting');
    await audit(page, '18a-02-plan-updated-nb');
    await atPhoneWidth(page, '18a-03-plan-nb-phone');

    // The round-1 form itself is still submitted (not re-opened).
    const status = (await gql(page, `{ submission(serviceId: "${serviceId}", roundId: "${r1}") { status } }`)).data;
    if (status.submission.status !== 'SUBMITTED') fail(W, `round-1 form is ${status.submission.status} after following up the plan`);

    // The same page in Nynorsk and English.
    await page.getByRole('button', { name: 'Nynorsk' }).click();
    await page.getByRole('heading', { level: 1, name: 'Forbetringsplan' }).waitFor();
    await audit(page, '18a-04-plan-nn');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Improvement plan' }).waitFor();
    await page.getByText('Done', { exact: true }).first().waitFor();
    await audit(page, '18a-05-plan-en');
    await page.getByRole('button', { name: 'Bokmål' }).click();

    // Round 2's summary form shows round 1's plan beside it.
    await page.goto(`${base}/tjenester/${serviceId}/runder/${r2}/samleskjema`);
    await page.getByRole('heading', { level: 2, name: /Forbedringsplanen fra/ }).waitFor();
    if (!(await page.getByText(note).count())) fail(W, 'round 2\'s summary form does not show round 1\'s plan progress');
    await audit(page, '18a-06-round2-beside-plan');
  }
  await context.close();
}
{
  const { context, page } = await signIn('radgiver.vestland');
  await page.goto(`${base}/oppfolging/${r2}`);
  await page.getByRole('heading', { level: 2, name: 'Framdrift i forbedringsplanene' }).waitFor();
  await page.waitForLoadState('networkidle');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Barneverntjenesten i Bergen', exact: true }) })
    .filter({ has: page.getByRole('cell') }).last();
  const cells = await row.getByRole('cell').allInnerTexts();
  // Service, actions, started, done, dropped, overdue, last updated.
  if (cells.length !== 7 || Number(cells[3]) < 1 || cells[6].includes('Ikke oppdatert')) fail(W, `Bergen's progress on the funnel: ${cells.join(' | ')}`);
  await audit(page, '18a-07-funnel-plan-progress');
  await atPhoneWidth(page, '18a-08-funnel-plan-progress-phone');
  await page.goto(`${base}/oppfolging/${r1}/tjenester/${serviceId}`);
  await page.getByRole('heading', { level: 2, name: /Forbedringsplanen fra/ }).waitFor();
  if (!(await page.getByText(note).count()) || !(await page.getByText(newAction).count())) fail(W, 'the advisor does not see the plan\'s progress');
  await audit(page, '18a-09-advisor-service-plan');
  await page.getByRole('link', { name: 'Åpne forbedringsplanen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Forbedringsplan' }).waitFor();
  if (!(await page.getByText('Bare lederen i tjenesten kan endre planen.').count())) fail(W, 'the advisor is offered to change the plan');
  if (await page.getByRole('button', { name: 'Lagre' }).count()) fail(W, 'the advisor sees save buttons on the plan');
  await audit(page, '18a-10-advisor-plan-readonly');
  await context.close();
}
await finish(W);

// Walk of issue 12, "the summary form without re-typing": a service leader downloads the round's
// workbook, uploads it blank and reads the problems by cell, then enters the totals directly, with
// one error shown in the ErrorSummary and at its field, then fixed.
import { atPhoneWidth, audit, base, browser, fail, finish, gql, password, signIn } from './lib.mjs';

const where = 'walk-12c-excel';

// A leader of a service that has not started round 2 (the register holds every service in the
// country; the demo services have cases), made by the operator for this walk.

let serviceId, roundId;
{
  const { context, page } = await signIn('analytiker');
  const rounds = await gql(page, '{ rounds { id number } }');
  roundId = rounds.data.rounds.find((r) => r.number === 2).id;
  const svc = await gql(page, 'query($r: ID!) { services(filter: { roundId: $r, statuses: [NOT_STARTED] }, first: 1) { nodes { id name } } }', { r: roundId });
  serviceId = svc.data?.services.nodes[0]?.id;
  if (!serviceId) fail(where, `no service without a round-2 form: ${JSON.stringify(svc.errors ?? svc)}`);
  await context.close();
}
{
  const { context, page } = await signIn('admin');
  const res = await gql(page, 'mutation($s: ID!, $p: String!) { createUser(input: { username: "leder.totaler", displayName: "Leder som fyller inn totaler", role: SERVICE_LEADER, serviceId: $s, password: $p }) { id } }',
    { s: serviceId, p: password });
  if (res.errors) fail(where, `create the leader: ${JSON.stringify(res.errors)}`);
  await context.close();
}

const { context, page } = await signIn('leder.totaler');
await page.goto(`${base}/tjenester/${serviceId}/runder/${roundId}`);
await page.getByRole('link', { name: 'Fyll inn totaler eller bruk Excel' }).click();
await page.getByRole('heading', { level: 1, name: 'Samleskjema uten å skrive inn hver sak' }).waitFor();
await page.waitForLoadState('networkidle');
await audit(page, '12c-01-totals-page');
await atPhoneWidth(page, '12c-01b-totals-page-phone');

// Download both workbooks with the leader's session.
for (const kind of ['samleskjema', 'egenkontrollskjema']) {
  const link = page.getByRole('link', { name: kind === 'samleskjema' ? 'Last ned samleskjema (totaler)' : 'Last ned egenkontrollskjema (én rad per sak)' });
  const href = await link.getAttribute('href');
  const res = await page.request.get(base + href);
  if (res.status() !== 200 || !(res.headers()['content-type'] ?? '').includes('spreadsheetml')) fail(where, `download ${kind}: ${res.status()}`);
  if (kind === 'samleskjema') {
    // Upload it blank: the problems are listed by cell and nothing is stored.
    await page.locator('#totals-file').setInputFiles({ name: 'samleskjema.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await res.body() });
    await page.getByRole('button', { name: 'Last opp' }).click();
    await page.getByTestId('upload-problems').getByText('Samleskjema!C3').waitFor();
    await page.getByText('Arbeidsboken ble ikke lastet opp').waitFor();
    await audit(page, '12c-02-upload-problems');
  }
}

// Enter the totals directly: a count above the number of cases is shown, then fixed.
await page.getByLabel('Antall gjennomgåtte saker').fill('6');
const firstYes = page.locator('#totals-q0-YES');
await firstYes.fill('7');
await page.locator('#totals-q0-NO').fill('0');
await page.getByRole('button', { name: 'Lagre totalene' }).click();
await page.getByText('Rett opp dette før totalene kan lagres').waitFor();
if ((await firstYes.getAttribute('aria-invalid')) !== 'true') fail(where, 'the count above the cases is not marked at its field');
await audit(page, '12c-03-totals-error');
await atPhoneWidth(page, '12c-03b-totals-error-phone');
await firstYes.fill('4');
await page.locator('#totals-q0-NO').fill('2');
await page.getByRole('button', { name: 'Lagre totalene' }).click();
await page.getByText('Totalene er lagret.').waitFor();
await page.getByText('Skjemaet har totaler fylt inn direkte.').waitFor();
if ((await page.getByText('Rett opp dette før totalene kan lagres').count()) !== 0) fail(where, 'the error summary stays after the fix');
await audit(page, '12c-04-totals-saved');

// The summary form shows the entered totals.
await page.goto(`${base}/tjenester/${serviceId}/runder/${roundId}/samleskjema`);
await page.getByText(/Saker: 6/).first().waitFor();
await context.close();

// Helsetilsynet's analyst: the baseline page, a blank summary form uploaded shows its problems.
{
  const { context, page } = await signIn('analytiker');
  const rounds = await gql(page, '{ rounds { id number } }');
  const r1 = rounds.data.rounds.find((r) => r.number === 1).id;
  await page.goto(`${base}/resultater/${r1}/grunnlag`);
  await page.getByRole('heading', { level: 1, name: 'Importer en tidligere rundes resultater' }).waitFor();
  const href = await page.getByRole('link', { name: 'Last ned samleskjema for runden' }).getAttribute('href');
  const res = await page.request.get(base + href);
  if (res.status() !== 200) fail(where, `baseline template: ${res.status()}`);
  await page.locator('#baseline-files').setInputFiles({ name: 'tom.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await res.body() });
  await page.getByRole('button', { name: 'Importer' }).click();
  await page.getByText('tom.xlsx Samleskjema!C3').waitFor();
  await audit(page, '12c-05-baseline-problems');
  await atPhoneWidth(page, '12c-05b-baseline-problems-phone');
  await context.close();
}
await finish(where);
void browser;

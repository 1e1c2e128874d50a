// Issue 13 (and the privacy rule on free text): a likely name or health word in the county
// advisor's reason for an extension and in the admin's name of a new token gives the warning at
// the field, with "Lagre likevel" to send the text as written, as on every other free-text form.
import { audit, base, fail, finish, gql, signIn } from './lib.mjs';

const W = 'walk-13c-warnings';
const text = 'Avtalt med Kari etter sykemelding';


{
  const { context, page } = await signIn('radgiver.vestland');
  const rounds = (await gql(page, '{ rounds { id number previousRound { number } } }')).data;
  const round = rounds.rounds.find((r) => r.number === 2 && r.previousRound?.number === 1);
  const funnel = (await gql(page, `{ funnel(roundId: "${round.id}") { entries { submittedAt service { id name } } } }`)).data;
  const open = funnel.funnel.entries.find((e) => !e.submittedAt);
  if (!open) throw new Error('no service in Vestland without a submitted form');
  await page.goto(`${base}/oppfolging/${round.id}/tjenester/${open.service.id}`);
  await page.getByRole('heading', { level: 1, name: open.service.name }).waitFor();
  await page.locator('summary', { hasText: 'Gi utsatt frist' }).first().click();
  await page.getByLabel('Ny frist').fill('2026-12-20');
  await page.getByLabel('Begrunnelse').fill(text);
  await page.getByRole('button', { name: 'Gi utsatt frist', exact: true }).click();
  const anyway = page.getByRole('button', { name: 'Lagre likevel' });
  await anyway.waitFor();
  if (!(await page.getByText('«Kari»').count())) fail(W, 'the extension\'s warning does not name the word');
  await audit(page, '13c-01-extension-warning');
  await anyway.click();
  await page.getByText(/^Utsatt frist er gitt til/).waitFor();
  await context.close();
}
{
  const { context, page } = await signIn('admin');
  await page.getByLabel('Navn på tokenet').fill(`BI for Kari ${Date.now().toString(36)}`);
  await page.getByLabel('Hele landet').check();
  await page.getByRole('button', { name: 'Lag token' }).click();
  const anyway = page.getByRole('button', { name: 'Lagre likevel' });
  await anyway.waitFor();
  await audit(page, '13c-02-token-warning');
  await anyway.click();
  await page.getByRole('heading', { name: /^Tokenet «BI for Kari/ }).waitFor();
  await context.close();
}
await finish(W);

// Issue 12: Helsetilsynet creates a campaign and a round in the app; a county office invites its
// services to the new round and watches the progress; a service leader sees the new round, and
// the leader and the office see that its deadline was moved ("Fristen er endret").
import { atPhoneWidth, audit, fail, finish, gql, signIn } from './lib.mjs';

const stamp = Date.now().toString(36);
const campaignName = `Ettervern ${stamp}`;
const roundTitle = `Egenkontroll ettervern ${stamp}`;


let roundId = '';
{
  const { context, page } = await signIn('analytiker');
  await page.getByRole('link', { name: 'Kampanjer og runder' }).click();
  await page.getByRole('heading', { name: 'Kampanjer og runder', level: 1 }).waitFor();
  await page.waitForLoadState('networkidle');
  await audit(page, '12b-01-campaigns');
  await atPhoneWidth(page, '12b-01b-campaigns-phone');

  // Nothing filled in: the error summary lists what is missing and links to the fields.
  await page.getByRole('button', { name: 'Opprett kampanjen' }).click();
  await page.getByText('Rett opp dette før du går videre:').first().waitFor();
  await audit(page, '12b-02-campaign-errors');

  for (const [lang, suffix] of [['bokmål', ''], ['nynorsk', ' (nn)'], ['engelsk', ' (en)']]) {
    await page.getByLabel(`Navn på ${lang}`, { exact: true }).fill(campaignName + suffix);
    await page.getByLabel(`Tema på ${lang}`, { exact: true }).fill('Ettervern' + suffix);
  }
  await page.getByRole('button', { name: 'Opprett kampanjen' }).click();
  await page.getByText(`Kampanjen «${campaignName}» er opprettet.`).waitFor();
  await page.getByRole('heading', { name: campaignName, level: 2 }).waitFor();

  // The round: the existing questionnaire, dates, guidance and a support link.
  await page.getByLabel('Kampanje', { exact: true }).selectOption({ label: campaignName });
  for (const [lang, suffix] of [['bokmål', ''], ['nynorsk', ' (nn)'], ['engelsk', ' (en)']]) {
    await page.getByLabel(new RegExp(`^Tittel .* på ${lang}$`)).fill(roundTitle + suffix);
    await page.getByLabel(`Veiledning om utvalg av saker (valgfritt) på ${lang}`).fill('Velg ti saker fra perioden' + suffix);
  }
  await page.getByLabel('Perioden begynner').fill('2027-01-01');
  await page.getByLabel('Perioden slutter').fill('2027-06-30');
  await page.getByLabel('Frist for tjenestenes samleskjema').fill('2027-09-30');
  await page.getByLabel('Frist for statsforvalternes fylkesrapport').fill('2027-10-31');
  const questionnaire = page.getByLabel('Skjemaversjon', { exact: true });
  const options = await questionnaire.locator('option').allTextContents();
  const newest = options.filter((o) => o.startsWith('Versjon ')).sort().at(-1);
  if (!newest) fail('round form', `no questionnaire version to choose among ${options.join(', ')}`);
  await questionnaire.selectOption({ label: newest });
  await page.getByRole('button', { name: 'Legg til lenke' }).click();
  for (const [lang, suffix] of [['bokmål', ''], ['nynorsk', ' (nn)'], ['engelsk', ' (en)']]) {
    await page.getByLabel(`Lenke 1: Lenketekst på ${lang}`).fill('Veileder' + suffix);
  }
  await page.getByLabel('Lenke 1: Adresse').fill('https://www.helsetilsynet.no/');
  await audit(page, '12b-03-round-form');
  await page.getByRole('button', { name: 'Opprett runden' }).click();
  await page.getByText(`${roundTitle} i «${campaignName}» er opprettet.`).waitFor();
  await page.getByRole('cell', { name: roundTitle, exact: true }).waitFor();
  await audit(page, '12b-04-round-created');
  await atPhoneWidth(page, '12b-04b-round-created-phone');

  const res = await gql(page, '{ campaigns { title { nb } rounds { id title { nb } } } }');
  roundId = res.data?.campaigns.find((c) => c.title.nb === campaignName)?.rounds[0]?.id ?? '';
  if (!roundId) fail('round', `the new round is not in campaigns: ${JSON.stringify(res)}`);
  // Helsetilsynet moves the services' deadline: everyone in the round is told.
  const moved = await gql(page, 'mutation($r: ID!) { updateRoundDeadlines(input: {roundId: $r, deadline: "2027-10-15"}) { id } }', { r: roundId });
  if (moved.errors) fail('deadline', JSON.stringify(moved.errors));
  await context.close();
}

{
  const { context, page } = await signIn('radgiver.vestland');
  await page.goto(new URL(`/oppfolging/${roundId}`, page.url()).href);
  await page.getByRole('heading', { name: 'Oppfølging av tjenestene' }).waitFor();
  await page.getByText('Fristen for samleskjemaet er endret fra 30.09.2027 til 15.10.2027').first().waitFor();
  const invite = page.getByRole('button', { name: /^Inviter alle som ikke er invitert/ });
  await invite.waitFor();
  const label = await invite.textContent();
  const total = Number(/\((\d+)\)/.exec(label ?? '')?.[1] ?? '0');
  if (total < 2) fail('invite', `expected several services to invite, got "${label}"`);
  await invite.click();
  // The progress bar shows while the job runs (it may be quick); the end is always said.
  const progress = page.getByRole('progressbar');
  const done = page.getByText(`Alle ${total} tjenestene er invitert.`);
  await progress.or(done).first().waitFor({ timeout: 30000 });
  if (await progress.isVisible()) await audit(page, '12b-05-invite-progress');
  await done.waitFor({ timeout: 60000 });
  // The funnel is read again when the job ends: nobody is left to invite.
  await invite.waitFor({ state: 'detached', timeout: 15000 }).catch(() => fail('invite', 'services are still not invited after the job'));
  await page.waitForLoadState('networkidle');
  await audit(page, '12b-06-invited');
  await atPhoneWidth(page, '12b-06b-invited-phone');
  await context.close();
}

{
  const { context, page } = await signIn('leder.bergen');
  await page.getByRole('link', { name: roundTitle }).click();
  await page.getByRole('heading', { name: roundTitle, level: 2 }).waitFor();
  await page.getByText('Fristen for samleskjemaet er endret fra 30.09.2027 til 15.10.2027').first().waitFor();
  await page.waitForLoadState('networkidle');
  await audit(page, '12b-07-leader-new-round');
  await atPhoneWidth(page, '12b-07b-leader-new-round-phone');
  await context.close();
}

await finish('walk-12b-campaign');

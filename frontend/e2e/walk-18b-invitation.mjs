// Issue 18 parts 2 and 3, issue 13 item 10: the analyst edits the draft invitation; the county
// advisor adapts and sends it; the leader answers in the app (nothing chosen in advance, then one
// line with "Endre"); the advisor moves the office's deadline with a reason and the leader sees it;
// the analyst publishes a summary that the advisor and the leader read. One page each in nn and en.
import { atPhoneWidth, audit, fail, finish, signIn } from './lib.mjs';

const where = 'walk-18b';
let roundPath = '';

// 1. Helsetilsynet edits the draft invitation.
{
  const { context, page } = await signIn('analytiker');
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  roundPath = new URL(page.url()).pathname.split('/').pop();
  await page.getByRole('link', { name: 'Utkast til invitasjon' }).click();
  await page.getByRole('heading', { level: 1, name: 'Utkast til invitasjon' }).waitFor();
  const body = page.getByLabel('Tekst (Bokmål)');
  if (!(await body.inputValue()).includes('Frivillig deltakelse')) fail(where, 'the seeded draft lacks "Frivillig deltakelse"');
  await body.fill((await body.inputValue()) + '\n\nSpørsmål om egenkontrollen kan rettes til statsforvalteren.');
  await page.getByRole('button', { name: 'Lagre utkastet' }).click();
  const anyway = page.getByRole('button', { name: 'Lagre likevel' });
  await Promise.race([page.getByText(/^Lagret /).waitFor(), anyway.first().waitFor()]);
  if (await anyway.count()) await anyway.first().click();
  await page.getByText(/^Lagret /).waitFor();
  await audit(page, '18b-01-analyst-draft');
  await atPhoneWidth(page, '18b-01b-analyst-draft-phone');
  await context.close();
}

// 2. The county office adapts and sends it.
{
  const { context, page } = await signIn('radgiver.vestland');
  await page.getByRole('link', { name: 'Invitasjon til tjenestene' }).click();
  await page.getByRole('heading', { level: 1, name: 'Invitasjon til tjenestene' }).waitFor();
  if (!(await page.getByLabel('Tekst', { exact: true }).inputValue()).includes('statsforvalteren.')) fail(where, 'the letter does not start from the edited draft');
  await page.getByLabel('Tid og sted for møtene').fill('Informasjonsmøte 10. september kl. 10–11 på Teams');
  await page.getByLabel('Kontaktperson').fill('Rådgiver for barnevern hos Statsforvalteren i Vestland');
  await page.getByRole('button', { name: 'Lagre brevet' }).click();
  const anyway = page.getByRole('button', { name: 'Lagre likevel' });
  await Promise.race([page.getByRole('heading', { name: 'Slik ser e-posten ut' }).waitFor(), anyway.first().waitFor()]);
  if (await anyway.count()) await anyway.first().click();
  await page.getByRole('heading', { name: 'Slik ser e-posten ut' }).waitFor();
  await page.getByText('Ikke sendt ennå.').waitFor();
  await page.getByText(/^Mottakere \(\d+ tjenester\)/).click();
  await audit(page, '18b-02-advisor-letter');
  await page.getByRole('button', { name: 'Send invitasjonen' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: 'Sende invitasjonen?' }).waitFor();
  await audit(page, '18b-03-advisor-confirm');
  await dialog.getByRole('button', { name: 'Send invitasjonen' }).click();
  await page.getByText(/^Sendt /).waitFor();
  await page.getByRole('heading', { name: 'Hva som skjedde med e-postene' }).waitFor();
  const row = page.getByRole('row', { name: /Barneverntjenesten i Bergen/ });
  await row.waitFor();
  if (!(await row.textContent()).match(/Venter|Sendt|Ikke sendt|Ble ikke sendt|Ikkje|sendt/i)) fail(where, 'no mail status for Bergen');
  await audit(page, '18b-04-advisor-sent');
  await atPhoneWidth(page, '18b-04b-advisor-sent-phone');

  // The office moves the deadline for all its services, with a reason.
  await page.getByLabel('Ny frist').fill('2026-12-31');
  await page.getByLabel('Begrunnelse').fill('Informasjonsmøtene i fylket ble flyttet');
  await page.getByRole('button', { name: 'Flytt fristen' }).click();
  await page.getByText('Embetet har flyttet fristen til 31.12.2026: Informasjonsmøtene i fylket ble flyttet').waitFor();
  await audit(page, '18b-05-advisor-deadline');
  // English.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Invitation to the services' }).waitFor();
  await audit(page, '18b-06-advisor-letter-en');
  await page.getByRole('button', { name: 'Bokmål' }).click();
  await context.close();
}

// 3. The leader reads the invitation and answers in the app; sees the office's deadline.
{
  const { context, page } = await signIn('leder.bergen');
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.getByText('Statsforvalteren har flyttet fristen for samleskjemaet til 31.12.2026. Begrunnelse: Informasjonsmøtene i fylket ble flyttet').waitFor();
  await page.getByText(/^Invitasjonen fra statsforvalteren:/).click();
  await page.getByText('Tid og sted: Informasjonsmøte 10. september').waitFor();
  // Bergen has submitted its form: the reply is one line and can no longer be changed.
  await page.getByText(/^Dere svarte /).waitFor();
  await page.getByText(/^Samleskjemaet er sendt inn, så (svaret kan ikke endres|dere deltar)/).waitFor();
  if (await page.getByRole('button', { name: 'Endre' }).count()) fail(where, '"Endre" is offered after the form was submitted');
  if (await page.getByRole('radio', { name: 'Deltar', exact: true }).count()) fail(where, 'the reply form is shown after the form was submitted');
  await audit(page, '18b-08-leader-round');
  await atPhoneWidth(page, '18b-08b-leader-round-phone');
  await page.getByRole('button', { name: 'Nynorsk' }).click();
  await page.getByText('Statsforvaltaren har flytta fristen for samleskjemaet til 31.12.2026.', { exact: false }).waitFor();
  await audit(page, '18b-09-leader-round-nn');
  await page.getByRole('button', { name: 'Bokmål' }).click();
  await context.close();
}

// 3b. A leader whose service has not submitted answers in the app: nothing is chosen in advance;
// afterwards the reply is one line with "Endre".
{
  // Troms og Finnmark sends its invitation too (Alta has not been invited to this round).
  const { context, page } = await signIn('radgiver.troms-finnmark');
  await page.getByRole('link', { name: 'Invitasjon til tjenestene' }).click();
  await page.getByLabel('Tid og sted for møtene').fill('Informasjonsmøte 12. september kl. 9–10 på Teams');
  await page.getByLabel('Kontaktperson').fill('Seniorrådgiver for barnevern');
  await page.getByRole('button', { name: 'Lagre brevet' }).click();
  const anyway = page.getByRole('button', { name: 'Lagre likevel' });
  await Promise.race([page.getByRole('heading', { name: 'Slik ser e-posten ut' }).waitFor(), anyway.first().waitFor()]);
  if (await anyway.count()) await anyway.first().click();
  await page.getByRole('button', { name: 'Send invitasjonen' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Send invitasjonen' }).click();
  await page.getByText(/^Sendt /).waitFor();
  await context.close();
}
{
  const { context, page } = await signIn('leder.alta');
  await page.getByRole('heading', { name: 'Deltakelse' }).waitFor();
  await page.waitForLoadState('networkidle');
  const yes = page.getByRole('radio', { name: 'Deltar', exact: true });
  const endre = page.getByRole('button', { name: 'Endre' });
  const locked = page.getByText(/^Samleskjemaet er sendt inn, så (svaret kan ikke endres|dere deltar)/);
  // The panel shows one of three states once its data has come: wait for it before choosing.
  await yes.or(endre).or(locked).first().waitFor();
  if (await locked.count()) {
    // After smoke.mjs Alta has submitted its form: the reply is read-only or not needed (the reply itself is
    // walked in smoke.mjs; run this walk alone, E2E_ONLY, to walk it here).
    if ((await yes.count()) || (await endre.count())) fail(where, 'the reply can still be changed after the form was submitted');
    await audit(page, '18b-07-leader-reply-locked');
  } else if (await endre.count()) {
    // An earlier reply (the demo's): one line; "Endre" opens the form with it.
    await endre.click();
  } else {
    if (await yes.isChecked() || await page.getByRole('radio', { name: 'Deltar ikke', exact: true }).isChecked()) fail(where, 'a reply is chosen in advance');
    await page.getByRole('button', { name: 'Send svaret' }).click();
    await page.getByText('Velg ja eller nei.').waitFor();
  }
  if (!(await locked.count())) {
    await audit(page, '18b-07-leader-reply-form');
    await yes.check();
    await page.getByLabel('Hvem leder egenkontrollen?').fill('Fagleder undersøkelse');
    await page.getByLabel('Hvem deltar?').fill('To saksbehandlere og leder');
    await page.getByRole('button', { name: 'Send svaret' }).click();
    const anyway = page.getByRole('button', { name: 'Lagre likevel' });
    await Promise.race([page.getByText(/^Dere svarte .*Ledes av/).waitFor(), anyway.first().waitFor()]);
    if (await anyway.count()) await anyway.first().click();
    await page.getByText(/^Dere svarte .*Deltar\..*Ledes av Fagleder undersøkelse/).waitFor();
    await endre.waitFor();
    if (await yes.count()) fail(where, 'the form is still shown after replying');
    await audit(page, '18b-07b-leader-reply-line');
    await atPhoneWidth(page, '18b-07c-leader-reply-line-phone');
    await endre.click();
    if (!(await yes.isChecked())) fail(where, '"Endre" does not open the stored reply');
    await page.getByRole('button', { name: 'Avbryt' }).click();
  }
  await context.close();
}

// 4. The advisor sees the reply in the funnel.
{
  const { context, page } = await signIn('radgiver.vestland');
  await page.getByRole('heading', { name: 'Oppfølging av tjenestene' }).waitFor();
  await page.getByText(/^Invitasjon sendt /).first().waitFor();
  await context.close();
}

// 5. Helsetilsynet writes and publishes a summary, with the county comments beside it.
{
  const { context, page } = await signIn('analytiker');
  await page.goto(new URL(`/oppsummeringer/${roundPath}`, page.url()).href);
  await page.getByRole('heading', { level: 1, name: 'Oppsummeringer' }).waitFor();
  await page.getByRole('button', { name: 'Ny oppsummering' }).click();
  await page.getByRole('heading', { name: 'Kommentarer fra fylkesrapportene' }).waitFor();
  for (const [l, title, body] of [['Bokmål', 'Halvveis i egenkontrollen', 'De fleste tjenestene har sendt inn samleskjemaet.'],
    ['Nynorsk', 'Halvvegs i eigenkontrollen', 'Dei fleste tenestene har sendt inn samleskjemaet.'],
    ['Engelsk', 'Midway through the self-assessment', 'Most services have submitted their summary form.']]) {
    await page.getByLabel(`Tittel (${l})`).fill(title);
    await page.getByLabel(`Tekst (${l})`).fill(body);
  }
  await page.getByLabel('Spørsmål', { exact: true }).selectOption('1.1');
  await page.getByLabel('Tall', { exact: true }).selectOption('YES_SHARE');
  await page.getByRole('button', { name: 'Legg til tall' }).click();
  await audit(page, '18b-10-analyst-summary-editor');
  await atPhoneWidth(page, '18b-10b-analyst-summary-editor-phone');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Publiser' }).click();
  await page.getByText(/^Publisert /).first().waitFor();
  await audit(page, '18b-11-analyst-summaries');
  await context.close();
}

// 6. The advisor and the leader read it.
for (const [user, name] of [['radgiver.vestland', 'advisor'], ['leder.bergen', 'leader']]) {
  const { context, page } = await signIn(user);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.getByRole('link', { name: 'Oppsummeringer' }).first().click();
  await page.getByRole('heading', { level: 2, name: 'Halvveis i egenkontrollen' }).waitFor();
  await page.getByText(/^Spørsmål 1\.1, andel ja: /).waitFor();
  if (await page.getByRole('button', { name: 'Ny oppsummering' }).count()) fail(where, `${name} is offered to write a summary`);
  await audit(page, `18b-12-${name}-summaries`);
  await atPhoneWidth(page, `18b-12b-${name}-summaries-phone`);
  if (name === 'leader') {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Midway through the self-assessment' }).waitFor();
    await audit(page, '18b-13-leader-summaries-en');
  }
  await context.close();
}

await finish('walk-18b-invitation');

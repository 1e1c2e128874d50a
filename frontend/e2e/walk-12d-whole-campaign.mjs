// Issue 12, "Done when": a new campaign with a new questionnaire version set up end to end in the
// web app as Helsetilsynet, with no code change: import → preview → publish → round → invitations
// → a service fills in → the county report. One walk, through the web app only (GraphQL is used
// only to read the new round's id). Robust to the data the other walks left: the campaign's name
// carries a random suffix and every step picks the round of the campaign created here.
import { atPhoneWidth, audit, fail, finish, gql, signIn } from './lib.mjs';
import { readFileSync } from 'node:fs';

const where = 'walk-12d';
const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const campaignName = `Samvær ${stamp}`;
const roundTitle = `Egenkontroll samvær ${stamp}`;
const newWording = ` (kampanje ${stamp})`;
const CASES = 5;


// Saves a text field that may be held back by the personal-data screen: "Lagre likevel" confirms.
async function confirmIfWarned(page, done) {
  const anyway = page.getByRole('button', { name: 'Lagre likevel' });
  await Promise.race([done.waitFor(), anyway.first().waitFor()]);
  if (await anyway.count()) await anyway.first().click();
  await done.waitFor();
}

let version = 0;
let firstQuestion = '';
let roundId = '';

try {
  // 1. Helsetilsynet: a new questionnaire version, from the newest one with one question reworded.
  {
    const { context, page } = await signIn('analytiker');
    await page.getByRole('link', { name: 'Spørreskjema', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Spørreskjema' }).waitFor();
    await page.getByRole('cell', { name: 'Publisert' }).first().waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /^Last ned som utgangspunkt for versjon \d+$/ }).click(),
    ]);
    const def = JSON.parse(readFileSync(await download.path(), 'utf8'));
    version = def.version;
    const first = def.sections[0].questions[0];
    first.text = { nb: first.text.nb + newWording, nn: first.text.nn + newWording, en: first.text.en + newWording };
    first.lineage.kind = 'CHANGED_TEXT';
    firstQuestion = first.text.nb;
    def.title = { nb: `Samvær ${stamp}`, nn: `Samvær ${stamp}`, en: `Contact ${stamp}` };
    await page.getByLabel('Velg fil (JSON)').setInputFiles({ name: `samvaer-${stamp}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(def, null, 2)) });
    await page.getByRole('button', { name: 'Kontroller filen' }).click();
    await page.getByText(`Filen er gyldig: versjon ${version}`, { exact: false }).waitFor();
    // The preview, and the diff against the version it descends from: the reworded question.
    const diff = page.getByRole('region', { name: /^Endringer fra versjon \d+/ });
    await diff.getByRole('row').filter({ hasText: 'Ny tekst' }).filter({ hasText: newWording.trim() }).waitFor();
    await page.getByRole('tabpanel').getByText(firstQuestion).first().waitFor();
    await audit(page, '12d-01-questionnaire-preview');
    await atPhoneWidth(page, '12d-01b-questionnaire-preview-phone');
    await page.getByRole('button', { name: 'Importer som utkast' }).click();
    await page.getByText(`Versjon ${version} er importert som utkast`).waitFor();
    await page.getByRole('button', { name: `Publiser versjon ${version}` }).first().click();
    await page.getByRole('dialog').getByRole('button', { name: `Publiser versjon ${version}` }).click();
    await page.getByText(`Versjon ${version} er publisert.`).waitFor();
    await audit(page, '12d-02-questionnaire-published');

    // 2. The campaign and its round on the new version.
    await page.getByRole('link', { name: 'Kampanjer og runder' }).click();
    await page.getByRole('heading', { name: 'Kampanjer og runder', level: 1 }).waitFor();
    for (const [lang, suffix] of [['bokmål', ''], ['nynorsk', ' (nn)'], ['engelsk', ' (en)']]) {
      await page.getByLabel(`Navn på ${lang}`, { exact: true }).fill(campaignName + suffix);
      await page.getByLabel(`Tema på ${lang}`, { exact: true }).fill('Samvær' + suffix);
    }
    await page.getByRole('button', { name: 'Opprett kampanjen' }).click();
    await page.getByText(`Kampanjen «${campaignName}» er opprettet.`).waitFor();
    await page.getByLabel('Kampanje', { exact: true }).selectOption({ label: campaignName });
    for (const [lang, suffix] of [['bokmål', ''], ['nynorsk', ' (nn)'], ['engelsk', ' (en)']]) {
      await page.getByLabel(new RegExp(`^Tittel .* på ${lang}$`)).fill(roundTitle + suffix);
      await page.getByLabel(`Veiledning om utvalg av saker (valgfritt) på ${lang}`).fill('Velg fem saker om samvær fra perioden' + suffix);
    }
    await page.getByLabel('Perioden begynner').fill('2026-01-01');
    await page.getByLabel('Perioden slutter').fill('2026-12-31');
    await page.getByLabel('Frist for tjenestenes samleskjema').fill('2027-03-31');
    await page.getByLabel('Frist for statsforvalternes fylkesrapport').fill('2027-04-30');
    const questionnaire = page.getByLabel('Skjemaversjon', { exact: true });
    const value = await questionnaire.locator('option', { hasText: `Versjon ${version}: ` }).first().getAttribute('value');
    if (!value) throw new Error(`version ${version} is not offered for the round`);
    await questionnaire.selectOption(value);
    await audit(page, '12d-03-round-form');
    await page.getByRole('button', { name: 'Opprett runden' }).click();
    await page.getByText(`${roundTitle} i «${campaignName}» er opprettet.`).waitFor();
    await page.getByRole('cell', { name: roundTitle, exact: true }).waitFor();
    await audit(page, '12d-04-round-created');
    await atPhoneWidth(page, '12d-04b-round-created-phone');
    const res = await gql(page, '{ campaigns { title { nb } rounds { id title { nb } questionnaire { version } } } }');
    const round = res.data?.campaigns.find((c) => c.title.nb === campaignName)?.rounds[0];
    roundId = round?.id ?? '';
    if (!roundId) throw new Error(`the new round is not in campaigns: ${JSON.stringify(res).slice(0, 300)}`);
    if (round.questionnaire?.version !== version) fail(where, `the round uses version ${round.questionnaire?.version}, not ${version}`);
    await context.close();
  }

  // 3. The county office picks the new round in its funnel, invites its services and sends its letter.
  {
    const { context, page } = await signIn('radgiver.vestland');
    await page.getByRole('heading', { name: 'Oppfølging av tjenestene' }).waitFor();
    await page.getByRole('navigation', { name: 'Runder' }).getByRole('link', { name: roundTitle }).click();
    await page.getByRole('heading', { level: 2, name: roundTitle }).waitFor();
    await page.waitForLoadState('networkidle');
    await audit(page, '12d-05-advisor-funnel-new-round');
    await atPhoneWidth(page, '12d-05b-advisor-funnel-new-round-phone');
    const invite = page.getByRole('button', { name: /^Inviter alle som ikke er invitert/ });
    if (await invite.count()) {
      const total = Number(/\((\d+)\)/.exec((await invite.textContent()) ?? '')?.[1] ?? '0');
      await invite.click();
      await page.getByText(`Alle ${total} tjenestene er invitert.`).waitFor({ timeout: 60000 });
    }
    await page.getByRole('link', { name: 'Invitasjon til tjenestene' }).click();
    await page.getByRole('heading', { level: 1, name: 'Invitasjon til tjenestene' }).waitFor();
    const subject = page.getByLabel('Emne', { exact: true });
    if (!(await subject.inputValue())) await subject.fill(`Invitasjon: ${roundTitle}`);
    const body = page.getByLabel('Tekst', { exact: true });
    if (!(await body.inputValue())) await body.fill('Statsforvalteren inviterer tjenesten til egenkontroll av samvær. Frivillig deltakelse.');
    await page.getByLabel('Tid og sted for møtene').fill('Informasjonsmøte 15. januar kl. 10–11 på Teams');
    await page.getByLabel('Kontaktperson').fill('Rådgiver for barnevern hos Statsforvalteren i Vestland');
    await page.getByRole('button', { name: 'Lagre brevet' }).click();
    await confirmIfWarned(page, page.getByRole('heading', { name: 'Slik ser e-posten ut' }));
    await page.getByText(/^Mottakere \(\d+ tjenester\)/).click();
    await audit(page, '12d-06-advisor-letter');
    await page.getByRole('button', { name: 'Send invitasjonen' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Send invitasjonen' }).click();
    await page.getByText(/^Sendt /).waitFor();
    await page.getByRole('row', { name: /Barneverntjenesten i Bergen/ }).waitFor();
    await audit(page, '12d-07-advisor-letter-sent');
    await atPhoneWidth(page, '12d-07b-advisor-letter-sent-phone');
    await context.close();
  }

  // 4. The service: the leader opens the new round, replies, reviews five cases on the new
  // version's questions, writes the assessment, goes through "Se over og send inn" and submits.
  {
    const { context, page } = await signIn('leder.bergen');
    await page.getByRole('heading', { level: 1, name: 'Barneverntjenesten i Bergen' }).waitFor();
    await page.getByRole('navigation', { name: 'Runder' }).getByRole('link', { name: roundTitle }).click();
    await page.getByRole('heading', { level: 2, name: roundTitle }).waitFor();
    await page.getByRole('heading', { name: 'Deltakelse' }).waitFor();
    await page.getByText(/^Invitasjonen fra statsforvalteren:/).waitFor();
    await page.getByRole('radio', { name: 'Deltar', exact: true }).check();
    await page.getByLabel('Hvem leder egenkontrollen?').fill('Fagleder undersøkelse');
    await page.getByLabel('Hvem deltar?').fill('To saksbehandlere og leder');
    await page.getByRole('button', { name: 'Send svaret' }).click();
    await confirmIfWarned(page, page.getByText(/^Dere svarte .*Deltar/));
    await page.waitForLoadState('networkidle');
    await audit(page, '12d-08-leader-new-round');
    await atPhoneWidth(page, '12d-08b-leader-new-round-phone');
    const roundUrl = page.url();

    for (let c = 0; c < CASES; c++) {
      await page.getByRole('button', { name: 'Legg til sak' }).click();
      await page.getByRole('heading', { name: /^Sak \d+$/ }).waitFor();
      const saved = page.locator('[data-part=case-facts] [aria-live=polite]', { hasText: 'Lagret' });
      await page.getByLabel('Utfall av undersøkelsen (bvl. § 2-5)').selectOption(c % 2 === 0 ? 'MEASURES_DECIDED' : 'DISMISSED');
      await saved.waitFor();
      const closed = page.getByRole('group', { name: 'Undersøkelsen ble avsluttet (måned)' });
      await closed.getByLabel('Måned').selectOption(String(3 + c).padStart(2, '0'));
      await closed.getByLabel('År').selectOption('2026');
      await page.locator('[data-part=case-facts] [aria-live=polite]', { hasText: 'Lagrer' }).waitFor({ timeout: 3000 }).catch(() => {});
      await saved.waitFor();
      const days = page.getByLabel('Dager fra melding til første undersøkelsesaktivitet');
      if (await days.count()) {
        await days.fill(String(3 + c));
        await days.press('Tab');
        await page.waitForFunction((want) => document.querySelector('input[type=number]')?.value === want, String(3 + c));
      }
      let section = 0;
      for (;;) {
        if (c === 0 && section === 0) await page.getByText(firstQuestion).first().waitFor(); // the new version's wording
        const radios = page.getByRole('radio', { name: 'Ja', exact: true });
        const n = await radios.count();
        for (let i = 0; i < n; i++) await radios.nth(i).click();
        await page.waitForFunction((want) => [...document.querySelectorAll('[data-part=question] [aria-live=polite]')].filter((e) => e.textContent === 'Lagret').length >= want, n);
        if (c === 0 && section === 0) {
          await audit(page, '12d-09-leader-case-new-version');
          await atPhoneWidth(page, '12d-09b-leader-case-new-version-phone');
        }
        section++;
        const next = page.getByRole('button', { name: 'Neste' });
        if ((await next.count()) === 0) break;
        await next.click();
      }
      await page.getByText('Alle obligatoriske spørsmål i saken er besvart.').waitFor();
      await page.getByRole('link', { name: 'Ferdig – tilbake til sakene' }).click();
      await page.getByRole('heading', { level: 2, name: roundTitle }).waitFor();
    }
    await page.getByRole('heading', { level: 2, name: `Saker (${CASES})` }).waitFor();

    await page.getByRole('link', { name: 'Samleskjema', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /^Samleskjema/ }).waitFor();
    await page.getByLabel(/Vurdering av behovet for forbedring/).fill('Vi må dokumentere vurderingene av samvær bedre. Vi går gjennom sjekklisten i fagmøtet.');
    await page.getByText(/^Sist lagret kl\. \d\d:\d\d$/).waitFor({ timeout: 15000 });
    const goal = page.getByRole('button', { name: 'Legg til mål' });
    if (await goal.count()) {
      await goal.click();
      await page.getByLabel('Mål', { exact: true }).fill('Vurderingen av samvær dokumenteres i alle saker');
      await page.getByLabel('Tiltak', { exact: true }).fill('Sjekkliste i fagmøtet');
      await page.getByLabel('Ansvarlig (rolle, ikke navn)').fill('Fagleder');
    }
    await audit(page, '12d-10-leader-summary');
    await atPhoneWidth(page, '12d-10b-leader-summary-phone');
    await page.getByRole('button', { name: 'Se over og send inn' }).click();
    await page.getByRole('heading', { name: 'Se over og send inn', level: 2 }).first().waitFor();
    const missing = page.locator('#missing-parts a');
    if (await missing.count()) fail(where, `the review lists missing parts: ${(await missing.allTextContents()).join('; ')}`);
    await audit(page, '12d-11-leader-review');
    await page.getByRole('checkbox', { name: /Jeg har sett over samleskjemaet/ }).check();
    await page.getByRole('button', { name: 'Send inn samleskjema' }).click();
    await page.getByText(/Sendt inn .* \(versjon 1\)/).waitFor();
    await audit(page, '12d-12-leader-submitted');
    await page.goto(roundUrl);
    await page.getByRole('heading', { level: 2, name: roundTitle }).waitFor();
    await context.close();
  }

  // 5. The county office writes its report on the new round and sends it to Helsetilsynet.
  {
    const { context, page } = await signIn('radgiver.vestland');
    await page.getByRole('heading', { name: 'Oppfølging av tjenestene' }).waitFor();
    await page.getByRole('navigation', { name: 'Runder' }).getByRole('link', { name: roundTitle }).click();
    await page.getByRole('heading', { level: 2, name: roundTitle }).waitFor();
    await page.getByRole('row', { name: /Barneverntjenesten i Bergen/ }).first().getByText('Sendt inn').first().waitFor();
    await page.getByRole('link', { name: 'Rapport til Helsetilsynet' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rapport til Helsetilsynet' }).waitFor();
    await page.getByText('Barneverntjenesten i Bergen').first().waitFor();
    await page.getByLabel('Embetets kommentar: Andre merknader').fill('Første runde av egenkontrollen om samvær. Bergen har sendt inn.');
    await page.getByRole('button', { name: 'Lagre kommentarer' }).click();
    await page.getByText(/^Sist lagret kl\. \d\d:\d\d$/).waitFor({ timeout: 15000 });
    await audit(page, '12d-13-advisor-report');
    await atPhoneWidth(page, '12d-13b-advisor-report-phone');
    await page.getByRole('button', { name: 'Marker som sendt til Helsetilsynet' }).click();
    await page.getByText(/^Sendt \d/).first().waitFor();
    await audit(page, '12d-14-advisor-report-sent');
    await context.close();
  }
  // 6. Helsetilsynet's baseline page: several files are checked one by one, each with its result;
  // the several-services workbook (one row per service) is offered; nothing is stored while any is wrong.
  {
    const { context, page } = await signIn('analytiker');
    await page.getByRole('heading', { level: 1, name: 'Resultater nasjonalt' }).waitFor();
    await page.getByRole('navigation', { name: 'Runder' }).getByRole('link', { name: roundTitle }).click();
    await page.waitForURL(new RegExp(`/resultater/${roundId}`));
    await page.getByRole('link', { name: 'Importer resultater fra Excel (grunnlag)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Importer en tidligere rundes resultater' }).waitFor();
    const get = async (name) => {
      const href = await page.getByRole('link', { name }).getAttribute('href');
      const res = await page.request.get(new URL(href, page.url()).href);
      if (res.status() !== 200) throw new Error(`${href}: ${res.status()}`);
      return res.body();
    };
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    await page.locator('#baseline-files').setInputFiles([
      { name: 'samleskjema-tom.xlsx', mimeType: xlsx, buffer: await get('Last ned samleskjema for runden') },
      { name: 'grunnlag-tom.xlsx', mimeType: xlsx, buffer: await get('Last ned arbeidsbok for flere tjenester (én rad per tjeneste)') },
    ]);
    await page.getByRole('button', { name: 'Importer' }).click();
    await page.getByText('2 av 2 filer kontrollert').waitFor();
    const files = page.getByRole('region', { name: 'Filene' }).or(page.locator('section', { has: page.getByRole('heading', { name: 'Filene' }) })).first();
    await files.getByText('samleskjema-tom.xlsx Samleskjema!C3').waitFor();
    await files.getByText('grunnlag-tom.xlsx Grunnlag', { exact: true }).waitFor();
    await audit(page, '12d-15-baseline-files');
    await atPhoneWidth(page, '12d-15b-baseline-files-phone');
    await context.close();
  }
} catch (e) {
  fail(where, e.stack ?? String(e));
}
await finish('walk-12d-whole-campaign');

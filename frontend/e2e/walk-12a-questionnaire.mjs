// Issue 12, questionnaire files: Helsetilsynet's analyst downloads the newest version as the start
// of the next, uploads a broken file (every problem shown by path), then a valid new version:
// preview in nb/nn/en and the diff against the version it descends from, import as a draft,
// publish with a confirmation.
import { audit, atPhoneWidth, fail, finish, signIn } from './lib.mjs';
import { readFileSync } from 'node:fs';

const where = 'questionnaire files';
try {
  const { context, page } = await signIn('analytiker');
  await page.getByRole('link', { name: 'Spørreskjema', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Spørreskjema' }).waitFor();
  await page.getByRole('cell', { name: 'Publisert' }).first().waitFor();
  await audit(page, '12a-01-questionnaires');
  await atPhoneWidth(page, '12a-01-questionnaires-390');

  // Export: the newest version as the starting point of the next one.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /^Last ned som utgangspunkt for versjon \d+$/ }).click(),
  ]);
  const def = JSON.parse(readFileSync(await download.path(), 'utf8'));
  if (!def.descendsFrom || def.sections.some((s) => s.questions.some((q) => q.lineage?.kind !== 'SAME'))) {
    fail(where, 'the downloaded file does not continue the newest version with SAME everywhere');
  }

  // A broken file: every problem, by path.
  const broken = structuredClone(def);
  broken.sections[0].questions[0].text.nn = '';
  const q = broken.sections[1].questions[0];
  q.options = [...q.options.filter((o) => o !== 'NOT_POSSIBLE'), 'NOT_POSSIBLE'];
  delete q.notPossibleGuidance;
  const upload = (d, name) => page.getByLabel('Velg fil (JSON)').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(d, null, 2)) });
  await upload(broken, 'broken.json');
  await page.getByRole('button', { name: 'Kontroller filen' }).click();
  await page.getByText(/^Filen har \d+ feil/).waitFor();
  for (const path of ['sections[0].questions[0].text', 'sections[1].questions[0].options']) {
    if (!(await page.getByRole('link', { name: new RegExp(path.replace(/[[\].]/g, '\\$&')) }).count())) fail(where, `no problem shown at ${path}`);
  }
  await page.getByText('"NOT_POSSIBLE" trenger veiledning', { exact: false }).waitFor();
  await audit(page, '12a-02-problems');
  await atPhoneWidth(page, '12a-02-problems-390');

  // A valid new version: one question reworded, one new question.
  const next = structuredClone(def);
  const first = next.sections[0].questions[0];
  first.text = { nb: first.text.nb + ' (ny ordlyd)', nn: first.text.nn + ' (ny ordlyd)', en: first.text.en + ' (new wording)' };
  first.lineage.kind = 'CHANGED_TEXT';
  const last = next.sections[next.sections.length - 1];
  last.questions.push({
    code: 'E2E.1', text: { nb: 'Er det dokumentert hvem som fattet beslutningen?', nn: 'Er det dokumentert kven som tok avgjerda?', en: 'Is it documented who made the decision?' },
    options: ['YES', 'PARTLY', 'NO'], required: true, comment: false, lineage: { kind: 'NEW', previous: [] },
  });
  next.title = { nb: next.title.nb + ' (e2e)', nn: next.title.nn + ' (e2e)', en: next.title.en + ' (e2e)' };
  await upload(next, 'next.json');
  await page.getByRole('button', { name: 'Kontroller filen' }).click();
  await page.getByText(/^Filen er gyldig: versjon \d+/).waitFor();
  const diff = page.getByRole('region', { name: /^Endringer fra versjon \d+/ });
  await diff.getByRole('row').filter({ hasText: 'Ny tekst' }).filter({ hasText: '(ny ordlyd)' }).waitFor();
  await diff.getByRole('row').filter({ hasText: 'E2E.1' }).filter({ hasText: 'Nytt' }).waitFor();
  await page.getByRole('tabpanel').getByText('Er det dokumentert hvem som fattet beslutningen?').waitFor();
  await audit(page, '12a-03-preview-nb');
  await page.getByRole('tab', { name: 'Nynorsk' }).click();
  await page.getByRole('tabpanel').getByText('Er det dokumentert kven som tok avgjerda?').waitFor();
  await page.getByRole('tab', { name: 'English' }).click();
  await page.getByRole('tabpanel').getByText('Is it documented who made the decision?').waitFor();
  await audit(page, '12a-04-preview-en');
  await atPhoneWidth(page, '12a-04-preview-en-390');

  // Import as a draft, then publish with a confirmation.
  await page.getByRole('button', { name: 'Importer som utkast' }).click();
  await page.getByText(`Versjon ${next.version} er importert som utkast`).waitFor();
  await page.getByRole('cell', { name: 'Utkast' }).waitFor();
  await page.getByRole('button', { name: `Publiser versjon ${next.version}` }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('En publisert versjon kan aldri endres.').waitFor();
  await audit(page, '12a-05-confirm-publish');
  await dialog.getByRole('button', { name: `Publiser versjon ${next.version}` }).click();
  await page.getByText(`Versjon ${next.version} er publisert.`).waitFor();
  const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: String(next.version), exact: true }) });
  await row.getByText('Publisert', { exact: true }).waitFor();
  await audit(page, '12a-06-published');
  await atPhoneWidth(page, '12a-06-published-390');
  await context.close();
} catch (e) {
  fail(where, e.stack ?? String(e));
}
await finish('walk-12a-questionnaire');

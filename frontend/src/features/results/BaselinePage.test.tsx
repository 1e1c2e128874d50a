import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { I18nProvider } from '../../i18n';
import BaselinePage from './BaselinePage';

const problem = (path: string) => ({ path, message: { nb: 'Fyll inn antall gjennomgåtte saker.', nn: 'x', en: 'x' } });

function page() {
  render(
    <I18nProvider>
      <MemoryRouter initialEntries={['/resultater/1/grunnlag']}>
        <Routes><Route path="/resultater/:roundId/grunnlag" element={<BaselinePage />} /></Routes>
      </MemoryRouter>
    </I18nProvider>,
  );
  const files = [new File(['a'], 'a.xlsx'), new File(['b'], 'b.xlsx')];
  fireEvent.change(screen.getByLabelText(/Utfylte samleskjema/), { target: { files } });
  fireEvent.click(screen.getByRole('button', { name: 'Importer' }));
}

const answer = (status: number, body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status }));

describe('BaselinePage', () => {
  afterEach(() => { cleanup(); vi.unstubAllGlobals(); });

  it('checks each file in turn, shows each result, and imports nothing when one is wrong', async () => {
    const fetch = vi.fn((_url: string, init: RequestInit) => {
      const name = ((init.body as FormData).get('file') as File).name;
      return name === 'a.xlsx' ? answer(200, { kind: 'baseline', cases: 3, checked: true }) : answer(422, { message: 'feil', problems: [problem('b.xlsx Grunnlag!C2')] });
    });
    vi.stubGlobal('fetch', fetch);
    page();
    await screen.findByText('2 av 2 filer kontrollert');
    expect(screen.getByText('I orden (3 tjenester)')).toBeTruthy();
    expect(screen.getByText('1 feil')).toBeTruthy();
    expect(screen.getByText('b.xlsx Grunnlag!C2')).toBeTruthy();
    expect(fetch.mock.calls.map((c) => c[0])).toEqual(['/baseline/1?check=1', '/baseline/1?check=1']);
  });

  it('imports all files at once when every file is valid', async () => {
    const fetch = vi.fn((url: string) => answer(200, { kind: 'baseline', cases: url.includes('check') ? 2 : 4 }));
    vi.stubGlobal('fetch', fetch);
    page();
    await screen.findByText('Importerte resultatene til 4 tjenester.');
    expect(fetch.mock.calls.map((c) => c[0])).toEqual(['/baseline/1?check=1', '/baseline/1?check=1', '/baseline/1']);
    await waitFor(() => expect(screen.getAllByText('Importert (2 tjenester)')).toHaveLength(2));
  });
});

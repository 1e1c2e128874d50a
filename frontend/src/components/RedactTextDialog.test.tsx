import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Provider, type Client } from 'urql';
import { fromValue } from 'wonka';
import { I18nProvider } from '../i18n';
import { RedactTextDialog } from './RedactTextDialog';

// jsdom has no modal dialogs; open and close are enough here.
beforeAll(() => {
  const proto = HTMLDialogElement.prototype as unknown as Record<string, unknown>;
  proto['showModal'] ??= function (this: HTMLDialogElement) { this.setAttribute('open', ''); };
  proto['show'] ??= function (this: HTMLDialogElement) { this.setAttribute('open', ''); };
  proto['close'] ??= function (this: HTMLDialogElement) { this.removeAttribute('open'); };
});

const places = (counts: Record<string, number>) =>
  ['ANSWER_COMMENT', 'SUBMISSION_TEXT', 'REVISION_SNAPSHOT', 'RETURN_REASON', 'PARTICIPATION_TEXT', 'AUDIT_VALUE']
    .map((kind) => ({ kind, count: counts[kind] ?? 0 }));

function renderDialog(result: object) {
  const executeMutation = vi.fn(() => fromValue(result));
  const client = { executeMutation } as unknown as Client;
  const onDone = vi.fn();
  render(
    <Provider value={client}>
      <I18nProvider>
        <RedactTextDialog open serviceId="12" roundId="2" serviceName="Barneverntjenesten i Bergen" onClose={() => undefined} onDone={onDone} />
      </I18nProvider>
    </Provider>,
  );
  return { executeMutation, onDone };
}

describe('RedactTextDialog', () => {
  it('asks for confirmation, sends the text and reason, and tells how many places changed', async () => {
    const { executeMutation, onDone } = renderDialog({
      data: { redactText: { total: 4, places: places({ ANSWER_COMMENT: 1, SUBMISSION_TEXT: 1, AUDIT_VALUE: 2 }), submissionId: '5' } },
    });
    fireEvent.change(screen.getByLabelText('Teksten som skal fjernes', { exact: false }), { target: { value: 'Kari Nordmann' } });
    fireEvent.click(screen.getByLabelText('Andre taushetsbelagte opplysninger'));
    fireEvent.click(screen.getByRole('button', { name: 'Gå videre' }));
    expect(screen.getByText(/overalt i samleskjemaet for Barneverntjenesten i Bergen/)).toBeTruthy();
    expect(executeMutation).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Ja, fjern teksten' }));
    await waitFor(() => expect(screen.getByText('Teksten er fjernet fra 4 steder:')).toBeTruthy());
    expect(screen.getByText('Kommentarer i sakene: 1')).toBeTruthy();
    expect(screen.getByText('Oppføringer i endringsloggen: 2')).toBeTruthy();
    expect(screen.queryByText(/Begrunnelser for retur/)).toBeNull();
    const calls = executeMutation.mock.calls as unknown as [{ variables: unknown }][];
    expect(calls[0]![0].variables).toEqual({ input: { serviceId: '12', roundId: '2', text: 'Kari Nordmann', reason: 'CONFIDENTIAL' } });
    expect(onDone).toHaveBeenCalledOnce();
  });

  it('refuses a too short text without asking the server', () => {
    const { executeMutation } = renderDialog({ data: null });
    fireEvent.change(screen.getByLabelText('Teksten som skal fjernes', { exact: false }), { target: { value: '  ab ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gå videre' }));
    expect(screen.getByText('Lim inn teksten som skal fjernes, minst 4 tegn.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Ja, fjern teksten' })).toBeNull();
    expect(executeMutation).not.toHaveBeenCalled();
  });

  it('says so when the text was not found, and reloads nothing', async () => {
    const { onDone } = renderDialog({ data: { redactText: { total: 0, places: places({}), submissionId: '5' } } });
    fireEvent.change(screen.getByLabelText('Teksten som skal fjernes', { exact: false }), { target: { value: 'finnes ikke' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gå videre' }));
    fireEvent.click(screen.getByRole('button', { name: 'Ja, fjern teksten' }));
    await waitFor(() => expect(screen.getByText(/Fant ikke teksten/)).toBeTruthy());
    expect(onDone).not.toHaveBeenCalled();
  });
});

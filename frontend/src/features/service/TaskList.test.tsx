import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { I18nProvider } from '../../i18n';
import { TaskList, roundTasks } from './TaskList';

const base = '/tjenester/1/runder/2';

describe('roundTasks', () => {
  it('follows the form from empty to sent', () => {
    const empty = roundTasks({ base, status: 'NOT_STARTED', cases: 0, complete: 0, assessment: false, goals: 0, missing: 2 });
    expect(empty.map((x) => x.state)).toEqual(['NOT_STARTED', 'NOT_STARTED', 'NOT_STARTED', 'CANNOT_START']);
    const working = roundTasks({ base, status: 'IN_PROGRESS', cases: 3, complete: 2, assessment: false, goals: 0, missing: 2 });
    expect(working.map((x) => x.state)).toEqual(['IN_PROGRESS', 'IN_PROGRESS', 'NOT_STARTED', 'CANNOT_START']);
    const ready = roundTasks({ base, status: 'IN_PROGRESS', cases: 3, complete: 3, assessment: true, goals: 1, missing: 0 });
    expect(ready.map((x) => x.state)).toEqual(['DONE', 'DONE', 'DONE', 'NOT_STARTED']);
    expect(roundTasks({ base, status: 'SUBMITTED', cases: 3, complete: 3, assessment: true, goals: 0, missing: 0 })[3]?.state).toBe('SENT');
  });
});

describe('TaskList', () => {
  it('links each step and names its status', () => {
    render(<I18nProvider><MemoryRouter>
      <TaskList tasks={roundTasks({ base, status: 'IN_PROGRESS', cases: 10, complete: 2, assessment: false, goals: 0, missing: 9 })} />
    </MemoryRouter></I18nProvider>);
    const review = screen.getByRole('link', { name: 'Se over og send inn' });
    expect(review.getAttribute('href')).toBe(`${base}/samleskjema?steg=send-inn`);
    expect(document.getElementById(review.getAttribute('aria-describedby')!)?.textContent).toBe('Kan ikke starte ennå');
    expect(screen.getByText('2 av ca. 10 saker ferdig utfylt')).toBeTruthy();
  });
});

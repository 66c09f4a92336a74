// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createApi } from '../../api/client.ts';
import { AppStateContext, createAppState } from '../../state/app-state.ts';
import { BaselinePicker } from './BaselinePicker.tsx';

afterEach(cleanup);

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
const BASELINES = [
  { id: 2, name: 'Plan v2', approvedAt: '2026-10-14T09:00:00.000Z' },
  { id: 1, name: 'Plan v1', approvedAt: '2026-02-10T09:00:00.000Z' },
];

function renderPicker(baselines: unknown[]) {
  let answer: (response: Response) => void = () => undefined;
  const fetchImpl = (() => new Promise<Response>((resolve) => { answer = resolve; })) as unknown as typeof fetch;
  render(<AppStateContext.Provider value={createAppState(createApi(fetchImpl))}><BaselinePicker /></AppStateContext.Provider>);
  return { arrive: () => answer(json({ data: baselines, page: { total: baselines.length, limit: 50, offset: 0 } })) };
}

describe('the baseline picker', () => {
  it('holds its place while the baselines load, so the page below does not move when they arrive', async () => {
    const { arrive } = renderPicker(BASELINES);
    const waiting = screen.getByLabelText('Judge against') as HTMLSelectElement;
    expect(waiting.disabled).toBe(true);
    expect(waiting.textContent).toBe('The baseline in force on the day shown');
    expect(screen.getByRole('link', { name: 'Compare baselines' }).getAttribute('href')).toBe('/baselines');
    arrive();
    await waitFor(() => expect((screen.getByLabelText('Judge against') as HTMLSelectElement).disabled).toBe(false));
    expect([...(screen.getByLabelText('Judge against') as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
      'The baseline in force on the day shown', 'Plan v2, approved 14 October 2026', 'Plan v1 (original), approved 10 February 2026',
    ]);
  });

  it('goes once it is known there is only one baseline to judge against', async () => {
    const { arrive } = renderPicker([BASELINES[1]]);
    expect(screen.getByLabelText('Judge against')).toBeTruthy();
    arrive();
    await waitFor(() => expect(screen.queryByLabelText('Judge against')).toBeNull());
  });
});

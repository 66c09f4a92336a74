// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createApi } from '../../api/client.ts';
import type { Criterion, ItemCard } from '../../api/types.ts';
import { AppStateContext, createAppState } from '../../state/app-state.ts';
import { collectReadings, mapRowErrors, ReadingsForm, readingRows } from './ReadingsForm.tsx';

afterEach(cleanup);

const criterion = (over: Partial<Criterion>): Criterion => ({
  id: 1, code: 'X', name: 'X', description: '', unit: 'percent', direction: 'higher', target: 85, amberThreshold: 70, weight: 1, mandatory: false,
  scope: 'council', audience: 'all', phase: 'readiness', trackingOnly: false, overrides: [], archivedAt: null, version: 1, createdAt: '', updatedAt: '', ...over,
});
const item = (over: Partial<ItemCard>): ItemCard => ({
  itemId: 1, councilId: 7, councilName: 'Eastbridge', councilCode: 'EBC', featureId: 1, featureName: 'Book leave', audience: 'employees',
  waveId: 1, waveName: 'W2', status: 'planned', plannedGoLive: null, baselineGoLive: null, actualGoLive: null, live: false, overdue: false,
  slippageDays: null, slipState: 'on_plan', note: '', rag: 'red', score: 0, reasons: [], openBlockers: 0, gate: null, ...over,
});

const CRITERIA = [
  criterion({ id: 1, name: 'Communications reach', scope: 'council' }),
  criterion({ id: 2, name: 'Staff trained', scope: 'feature', audience: 'employees' }),
  criterion({ id: 3, name: 'Managers trained', scope: 'feature', audience: 'managers' }),
  criterion({ id: 4, name: 'Take-up', scope: 'feature', phase: 'adoption', unit: 'people' }),
];
const ITEMS = [
  item({ itemId: 1, featureId: 10, featureName: 'Book leave', audience: 'employees' }),
  item({ itemId: 2, featureId: 11, featureName: 'Approve leave', audience: 'managers' }),
  item({ itemId: 3, featureId: 12, featureName: 'Payslips', audience: 'employees', live: true, status: 'live' }),
  item({ itemId: 4, featureId: 13, featureName: 'Dropped', status: 'cancelled' }),
];

describe('which readings a council enters', () => {
  it('asks council-wide criteria once, and each per-feature criterion for the items it applies to', () => {
    expect(readingRows(CRITERIA, ITEMS).map((r) => `${r.criterion.name}${r.featureName ? ` / ${r.featureName}` : ''}`)).toEqual([
      'Communications reach', 'Staff trained / Book leave', 'Managers trained / Approve leave', 'Take-up / Payslips',
    ]);
  });

  it('collects only filled-in values, reading a decimal comma, and flags what is not a number', () => {
    const rows = readingRows(CRITERIA, ITEMS);
    const result = collectReadings(rows, { c1: ' 81,5 ', c2f10: '', c3f11: 'lots' }, 7, '2026-11-20', ' LMS ');
    expect(result.readings).toEqual([
      { criterionId: 1, councilId: 7, featureId: null, value: 81.5, readingDate: '2026-11-20', note: 'LMS' },
      { criterionId: 3, councilId: 7, featureId: 11, value: Number.NaN, readingDate: '2026-11-20', note: 'LMS' },
    ]);
    expect(result.keys).toEqual(['c1', 'c3f11']);
    expect(result.problems).toEqual([{ field: 'row-c3f11', message: '“lots” is not a number' }]);
  });

  it('maps the API’s row paths back to the inputs they came from', () => {
    expect(mapRowErrors([
      { field: 'readings/1/value', message: 'must be a percentage from 0 to 100' },
      { field: 'readings/0/readingDate', message: 'cannot be in the future' },
      { field: 'something/else', message: 'x' },
    ], ['c1', 'c3f11'])).toEqual([
      { field: 'row-c3f11', message: 'must be a percentage from 0 to 100' },
      { field: 'reading-date', message: 'cannot be in the future' },
      { field: 'something/else', message: 'x' },
    ]);
  });
});

function renderForm(fetchImpl: typeof fetch, onSaved = vi.fn()) {
  const state = createAppState(createApi(fetchImpl));
  render(
    <AppStateContext.Provider value={state}>
      <ReadingsForm councilId={7} rows={readingRows(CRITERIA, ITEMS)} today="2026-11-23" onSaved={onSaved} />
    </AppStateContext.Provider>,
  );
  return { onSaved };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the readings form', () => {
  it('groups fields by feature, each with its label, target and unit', () => {
    renderForm(vi.fn());
    expect(screen.getByRole('group', { name: 'Whole council' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Approve leave' })).toBeTruthy();
    const input = screen.getByLabelText(/Managers trained/);
    expect(input.getAttribute('aria-describedby')).toMatch(/-unit$/);
    expect(screen.getByLabelText(/Communications reach/).closest('.reading-row')!.textContent).toContain('target at least 85%');
  });

  it('sends every filled-in value in one request and says how many were saved', async () => {
    const fetchImpl = vi.fn(async () => json(201, { stored: 2, readings: [] }));
    const { onSaved } = renderForm(fetchImpl as unknown as typeof fetch);
    fireEvent.input(screen.getByLabelText(/Communications reach/), { target: { value: '82' } });
    fireEvent.input(screen.getByLabelText(/Staff trained/), { target: { value: '90' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save readings' }));
    await waitFor(() => expect(screen.getByText('2 readings saved for 23 November 2026.')).toBeTruthy());
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/readings/bulk');
    expect(JSON.parse(init.body as string).readings.map((r: { value: number }) => r.value)).toEqual([82, 90]);
    expect(onSaved).toHaveBeenCalledOnce();
    expect((screen.getByLabelText(/Communications reach/) as HTMLInputElement).value).toBe('');
  });

  it('shows the server’s refusal at the top, linked to the field, and keeps what was typed', async () => {
    const fetchImpl = vi.fn(async () => json(400, {
      statusCode: 400, error: 'Bad Request', message: 'Nothing was saved: 1 problem(s) in 1 row(s).',
      details: [{ field: 'readings/0/value', message: 'must be a percentage from 0 to 100' }],
    }));
    const { onSaved } = renderForm(fetchImpl as unknown as typeof fetch);
    fireEvent.input(screen.getByLabelText(/Staff trained/), { target: { value: '150' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save readings' }));
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('There is a problem');
    const link = screen.getByRole('link', { name: 'Staff trained (Book leave) must be a percentage from 0 to 100' });
    const input = screen.getByLabelText(/Staff trained/) as HTMLInputElement;
    expect(link.getAttribute('href')).toBe(`#${input.id}`);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.value).toBe('150');
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('refuses to send when nothing is filled in or a value is not a number', async () => {
    const fetchImpl = vi.fn();
    renderForm(fetchImpl as unknown as typeof fetch);
    fireEvent.click(screen.getByRole('button', { name: 'Save readings' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Enter at least one value.');
    fireEvent.input(screen.getByLabelText(/Staff trained/), { target: { value: 'n/a' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save readings' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Some values are not numbers'));
    expect(fetchImpl).not.toHaveBeenCalled();
  });
});

describe('the API client', () => {
  it('sends the CSRF token and If-Match on changes, and turns refusals into ApiError with details and the current state', async () => {
    const fetchImpl = vi.fn(async () => json(412, { statusCode: 412, error: 'Precondition Failed', message: 'Changed by someone else', current: { version: 3 } }));
    const api = createApi(fetchImpl as unknown as typeof fetch);
    api.setCsrfToken('token-1');
    const failure = await api.waves.update(4, { plannedGoLive: '2027-02-01' }, '"2"').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 412, message: 'Changed by someone else', current: { version: 3 } });
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/waves/4');
    expect(init.headers).toMatchObject({ 'x-csrf-token': 'token-1', 'if-match': '"2"', 'content-type': 'application/json' });
  });

  it('reports an unreachable server in words', async () => {
    const api = createApi((async () => { throw new TypeError('fetch failed'); }) as unknown as typeof fetch);
    await expect(api.overview()).rejects.toMatchObject({ status: 0, message: 'The server could not be reached. Check your connection and try again.' });
  });

  it('leaves out empty query values', async () => {
    const fetchImpl = vi.fn(async () => json(200, {}));
    await createApi(fetchImpl as unknown as typeof fetch).trend('council', 3, undefined, '2026-04-01');
    expect((fetchImpl.mock.calls[0] as unknown as [string])[0]).toBe('/api/trends?scope=council&id=3&to=2026-04-01');
  });
});

describe('app state', () => {
  it('signs in, keeps the CSRF token for later changes, and forgets both on sign-out', async () => {
    const fetchImpl = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === '/api/session' && init?.method === 'POST') return json(200, { user: { id: 1, name: 'Alex', role: 'lead', councilIds: [7] }, csrfToken: 'abc' });
      if (url === '/api/session' && init?.method === 'DELETE') return new Response(null, { status: 204 });
      return json(201, { stored: 0, readings: [] });
    });
    const state = createAppState(createApi(fetchImpl as unknown as typeof fetch));
    await state.signIn('lead@example.org', 'secret password');
    expect(state.user.value?.name).toBe('Alex');
    expect(state.leads(7)).toBe(true);
    expect(state.leads(8)).toBe(false);
    await state.api.readings.bulk([]);
    expect((fetchImpl.mock.calls[1] as unknown as [string, RequestInit])[1].headers).toMatchObject({ 'x-csrf-token': 'abc' });
    await state.signOut();
    expect(state.user.value).toBeNull();
    await state.api.readings.bulk([]);
    expect((fetchImpl.mock.calls[3] as unknown as [string, RequestInit])[1].headers).not.toHaveProperty('x-csrf-token');
  });

  it('treats a failed session look-up as signed out, and is ready afterwards', async () => {
    const state = createAppState(createApi((async () => json(401, { statusCode: 401, error: 'Unauthorized', message: 'Sign in' })) as unknown as typeof fetch));
    expect(state.sessionStatus.value).toBe('checking');
    await state.loadSession();
    expect(state.user.value).toBeNull();
    expect(state.sessionStatus.value).toBe('ready');
  });
});

import { useEffect, useState } from 'preact/hooks';
import { BoardReportView } from '../components/BoardReport/BoardReport.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { Loaded } from '../components/Status/Status.tsx';
import { day } from '../format.ts';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';
import { OverviewBody } from './Overview.tsx';

/**
 * What a share link opens: the overview and the board report, read-only. The token travels in the URL's
 * fragment, which browsers never send to a server, and goes to the API as a header.
 */
export function SharedPage() {
  usePageTitle('Shared progress view');
  const state = useAppState();
  const token = typeof window === 'undefined' ? '' : decodeURIComponent(window.location.hash.slice(1));
  const [ready, setReady] = useState(false);
  useEffect(() => {
    state.api.setShareToken(token || null);
    setReady(true);
    return () => state.api.setShareToken(null);
  }, [token, state.api]);

  if (!token) {
    return (
      <>
        <h1>Shared progress view</h1>
        <p>This link is incomplete. Ask the programme office for the whole link, or <a href="/sign-in">sign in</a>.</p>
      </>
    );
  }
  return ready ? <SharedContent token={token} /> : <p class="loading" role="status">Loading…</p>;
}

function SharedContent({ token }: { token: string }) {
  const state = useAppState();
  const [view, setView] = useState<'overview' | 'report'>('overview');
  const [councilOffset, setCouncilOffset] = useState(0);
  const link = useResource(() => state.api.shareLinks.current(), []);
  const overview = useResource(() => (view === 'overview' ? state.api.overview(undefined, councilOffset || undefined) : Promise.resolve(undefined)), [view, councilOffset]);
  const report = useResource(() => (view === 'report' ? state.api.reports.board() : Promise.resolve(undefined)), [view]);

  if (link.state === 'error') {
    return (
      <>
        <h1>Shared progress view</h1>
        <div class="notice notice--error" role="alert"><p><strong>This link does not work any more.</strong> {link.error.message} Ask the programme office for a new one.</p></div>
      </>
    );
  }
  return (
    <>
      <h1>{view === 'overview' ? 'Programme overview' : 'Board report'}</h1>
      {link.data && <p class="issued-banner">Read-only view shared by the programme office for <strong>{link.data.label}</strong>. It shows published wins only, and works until {day(link.data.expiresAt.slice(0, 10))}.</p>}
      <div class="button-group no-print" role="group" aria-label="What to show">
        <button type="button" class={`button${view === 'overview' ? '' : ' button--secondary'}`} aria-pressed={view === 'overview'} onClick={() => setView('overview')}>Overview</button>
        <button type="button" class={`button${view === 'report' ? '' : ' button--secondary'}`} aria-pressed={view === 'report'} onClick={() => setView('report')}>Board report</button>
        {view === 'report' && <button type="button" class="button button--secondary" onClick={() => window.print()}>Print or save as PDF</button>}
      </div>
      {view === 'overview'
        ? <Loaded resource={overview} what="the overview">{(data) => (data ? <OverviewBody data={data} onCouncilPage={setCouncilOffset} linked={false} /> : null)}</Loaded>
        : <Loaded resource={report} what="the board report">{(data) => (data ? <BoardReportView report={data} shareToken={token} /> : null)}</Loaded>}
    </>
  );
}

import { useAppState } from '../../state/app-state.ts';
import { useResource } from '../../state/use-resource.ts';
import { Loaded } from '../Status/Status.tsx';
import { WhatWeAreDoing } from './Raid.tsx';

/** Today in UTC, as the server dates its days. */
const todayIso = () => new Date().toISOString().slice(0, 10);

/**
 * "What we are doing": every red or late item with its open actions and owners, or plainly none, with the count of
 * overdue actions and escalated risks. On the overview and each council's page.
 */
export function RaidOverview({ councilId, asOf, linked = true }: { councilId?: number; asOf?: string; linked?: boolean }) {
  const state = useAppState();
  const summary = useResource(() => state.api.raid.summary(councilId, asOf), [councilId, asOf]);
  return (
    <section aria-labelledby="what-we-are-doing-title">
      <h2 id="what-we-are-doing-title">What we are doing about red and late items</h2>
      <Loaded resource={summary} what="the actions">
        {(data) => (
          <>
            <p>
              {data.counts.openActions} open action{data.counts.openActions === 1 ? '' : 's'}, {data.counts.overdueActions} overdue;
              {' '}{data.escalations.length} escalated risk{data.escalations.length === 1 ? '' : 's'} or overdue review{data.escalations.length === 1 ? '' : 's'}.
              {linked && <> <a href="/raid">The RAID log and heat map</a></>}
            </p>
            <WhatWeAreDoing items={data.whatWeAreDoing} linked={linked} onChanged={linked && (!asOf || asOf >= todayIso()) ? summary.reload : undefined} />
          </>
        )}
      </Loaded>
    </section>
  );
}

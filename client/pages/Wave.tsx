import { useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { AsOfPicker } from '../components/AsOfPicker/AsOfPicker.tsx';
import { BaselinePicker } from '../components/BaselinePicker/BaselinePicker.tsx';
import { DataTable } from '../components/DataTable/DataTable.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { WaveDecisions } from '../components/WaveDecisions/WaveDecisions.tsx';
import { RagBadge } from '../components/RagBadge/RagBadge.tsx';
import { Loaded } from '../components/Status/Status.tsx';
import { day, number, ragRank, slippage, statusWord } from '../format.ts';
import { originalWords } from '../metric-words.ts';
import { datesInWords } from '../plain-words.ts';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';

const DECISION_WORDS = { go: 'Go', no_go: 'No-go', go_override: 'Go (override)' } as const;

/** A wave across councils: readiness, gate proposals and the decisions taken, with their reasons. */
export function WavePage() {
  const state = useAppState();
  const id = Number(useRoute().params.id);
  const asOf = state.asOf.value || undefined;
  const [offset, setOffset] = useState(0);
  const baselineId = state.baselineId.value;
  const summary = useResource(() => state.api.waveSummary(id, asOf, offset || undefined, baselineId), [id, asOf, offset, baselineId]);
  usePageTitle(summary.data?.wave.name ?? 'Wave');
  return (
    <Loaded resource={summary} what="the wave">
      {(data) => (
        <>
          <h1>{data.wave.name}</h1>
          <AsOfPicker />
          <BaselinePicker />
          <p class="lede">{data.wave.description}</p>
          <ul class="headlines">
            <li class="headline"><span class="headline__value">{day(data.wave.plannedGoLive)}</span><span class="headline__label">planned go-live ({statusWord(data.wave.status)})</span></li>
            <li class="headline"><span class="headline__value">{data.totals.live} of {data.totals.items}</span><span class="headline__label">items live</span></li>
            <li class="headline"><span class="headline__value">{number(data.totals.staffReached)}</span><span class="headline__label">staff switched on by this wave (at least one of its features live for them)</span></li>
            <li class="headline"><span class="headline__value">{data.totals.slipped}</span><span class="headline__label">{data.totals.slipped === 1 ? 'item' : 'items'} late against the baseline in force, {number(data.totals.totalSlippageDays)} days in all</span></li>
          </ul>
          {data.original && <p class="against-original">{originalWords(data.original)}</p>}
          {state.isOffice.value && !asOf && <WaveDecisions waveId={id} waveName={data.wave.name} onRecorded={summary.reload} />}
          {/* More than a dozen items sort by any column and filter by council, feature, status, colour, proposal or decision. */}
          <DataTable caption={`Items in ${data.wave.name}`} rows={data.items} rowKey={(i) => i.itemId}
            within={data.page.total > data.page.limit ? `items ${data.page.offset + 1} to ${Math.min(data.page.total, data.page.offset + data.page.limit)} of ${data.page.total}` : undefined}
            filter={(i) => [i.councilName, i.featureName, statusWord(i.status), i.rag, i.proposal.proposed === 'go' ? 'Go' : 'No-go', i.decision ? DECISION_WORDS[i.decision.decision] : 'None yet'].join(' ')}
            columns={[
              { header: 'Council', cell: (i) => <a href={`/councils/${i.councilId}`}>{i.councilName}</a>, sort: (i) => i.councilName },
              { header: 'Feature', rowHeader: true, cell: (i) => <a href={`/items/${i.itemId}`}>{i.featureName}<span class="visually-hidden"> at {i.councilName}</span></a>, sort: (i) => i.featureName },
              { header: 'Status', cell: (i) => statusWord(i.status), sort: (i) => statusWord(i.status) },
              { header: 'RAG', cell: (i) => <RagBadge rag={i.rag} />, sort: (i) => ragRank(i.rag) },
              { header: 'Planned', cell: (i) => <>{day(i.plannedGoLive)}<br /><span class="muted">{slippage(i.slippageDays)}</span></>, sort: (i) => i.plannedGoLive },
              { header: 'Proposal', cell: (i) => <><strong>{i.proposal.proposed === 'go' ? 'Go' : 'No-go'}</strong><ul class="reasons">{i.proposal.reasons.slice(0, 2).map((r) => <li key={r}>{datesInWords(r)}</li>)}</ul></>, sort: (i) => (i.proposal.proposed === 'go' ? 'Go' : 'No-go') },
              { header: 'Decision', cell: (i) => (i.decision ? <><strong>{DECISION_WORDS[i.decision.decision]}</strong>, {day(i.decision.asOf)}{i.decision.reason && <><br />“{i.decision.reason}”</>}<br /><span class="muted">{i.decision.decidedByName}</span></> : 'None yet'), sort: (i) => (i.decision ? DECISION_WORDS[i.decision.decision] : null) },
            ]} />
          {data.page.total > data.page.limit && (
            <nav aria-label="Items of the wave" class="button-group">
              <span>Items {data.page.offset + 1} to {Math.min(data.page.total, data.page.offset + data.page.limit)} of {data.page.total}</span>
              {data.page.offset > 0 && <button type="button" class="button button--secondary" onClick={() => setOffset(Math.max(0, data.page.offset - data.page.limit))}>Previous items</button>}
              {data.page.offset + data.page.limit < data.page.total && <button type="button" class="button button--secondary" onClick={() => setOffset(data.page.offset + data.page.limit)}>Next items</button>}
            </nav>
          )}
        </>
      )}
    </Loaded>
  );
}

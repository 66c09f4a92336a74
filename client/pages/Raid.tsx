import { useState } from 'preact/hooks';
import { DataTable } from '../components/DataTable/DataTable.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { RaidPicture, WhatWeAreDoing } from '../components/Raid/Raid.tsx';
import { Loaded } from '../components/Status/Status.tsx';
import { day } from '../format.ts';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';

const TYPES = [['', 'All'], ['risk', 'Risks'], ['assumption', 'Assumptions'], ['issue', 'Issues'], ['dependency', 'Dependencies']] as const;

/** The RAID log: every entry, the heat map with its table, top risks, overdue actions and what we are doing. */
export function RaidPage() {
  usePageTitle('RAID log');
  const state = useAppState();
  const [type, setType] = useState('');
  const summary = useResource(() => state.api.raid.summary(), []);
  const entries = useResource(() => state.api.raid.entries({ status: 'open', ...(type ? { type } : {}) }), [type]);
  return (
    <>
      <h1>RAID log</h1>
      <p class="lede">Risks, assumptions, issues and dependencies, with what is being done about them and by whom.</p>
      <Loaded resource={summary} what="the risk picture">
        {(data) => (
          <>
            <h2>Risks at a glance</h2>
            <RaidPicture summary={data} />
            <h2>What we are doing about red and late items</h2>
            <WhatWeAreDoing items={data.whatWeAreDoing} onChanged={summary.reload} />
          </>
        )}
      </Loaded>
      <h2>Open entries</h2>
      <fieldset class="button-group" aria-label="Show">
        {TYPES.map(([value, label]) => (
          <label key={value} class="radio"><input type="radio" name="raid-type" value={value} checked={type === value} onChange={() => setType(value)} /> {label}</label>
        ))}
      </fieldset>
      <Loaded resource={entries} what="the log">
        {(page) => (
          <DataTable caption={`Open entries (${page.page.total})`} rows={page.data} rowKey={(e) => e.id} empty="Nothing is open." columns={[
            { header: 'Entry', rowHeader: true, cell: (e) => e.title },
            { header: 'Type', cell: (e) => e.type },
            { header: 'About', cell: (e) => e.about },
            { header: 'Score', numeric: true, cell: (e) => (e.score === null ? '—' : String(e.score)) },
            { header: 'Owner', cell: (e) => e.owner.name },
            { header: 'Due or review', cell: (e) => `${day(e.dueDate)}${e.overdue ? ' (overdue)' : ''}` },
            { header: 'Open actions', numeric: true, cell: (e) => String(e.openActions) },
          ]} />
        )}
      </Loaded>
    </>
  );
}

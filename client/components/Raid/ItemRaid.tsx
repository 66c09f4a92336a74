import { useState } from 'preact/hooks';
import { DataTable } from '../DataTable/DataTable.tsx';
import { Loaded } from '../Status/Status.tsx';
import { day } from '../../format.ts';
import { useAppState } from '../../state/app-state.ts';
import { useResource } from '../../state/use-resource.ts';
import { ActionForm, ActionTable } from './RaidActions.tsx';

const TYPE_WORDS: Record<string, string> = { risk: 'Risk', assumption: 'Assumption', issue: 'Issue', dependency: 'Dependency' };
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * What is being done about one item: its open RAID entries and its actions (gate conditions among them). The item is
 * flagged until every entry is closed and every action done or cancelled; its lead and the office add and change them.
 */
export function ItemRaid({ itemId, councilId, label }: { itemId: number; councilId: number; label: string }) {
  const state = useAppState();
  const mayChange = state.leads(councilId);
  const [adding, setAdding] = useState(false);
  const data = useResource(async () => {
    const [entries, actions, owners] = await Promise.all([
      state.api.raid.entries({ itemId, status: 'open' }), state.api.raid.actions({ itemId }), mayChange ? state.api.raid.owners() : Promise.resolve([]),
    ]);
    return { entries: entries.data, actions: actions.data, owners };
  }, [itemId, mayChange]);

  return (
    <section aria-labelledby="item-raid-heading">
      <h2 id="item-raid-heading">What we are doing about it</h2>
      <Loaded resource={data} what="its RAID entries and actions">
        {({ entries, actions, owners }) => {
          const open = actions.filter((a) => a.status === 'open');
          const conditions = open.filter((a) => a.gateDecisionId !== null).length;
          const flagged = entries.length > 0 || open.length > 0;
          return (
            <>
              {flagged
                ? (
                  <p class="notice notice--warning"><strong>Flagged until done:</strong>{' '}
                    {[entries.length > 0 ? `${plural(entries.length, 'open RAID entry', 'open RAID entries')}` : '',
                      open.length > 0 ? `${plural(open.length, 'open action')}` : '',
                      conditions > 0 ? `${plural(conditions, 'gate condition')} still to meet` : ''].filter(Boolean).join(', ')}.
                  </p>
                )
                : <p>Nothing is open in the RAID log for this item.</p>}
              {entries.length > 0 && (
                <DataTable caption="Open RAID entries about this item" rows={entries} rowKey={(e) => e.id} columns={[
                  { header: 'Entry', rowHeader: true, cell: (e) => e.title },
                  { header: 'Type', cell: (e) => TYPE_WORDS[e.type] ?? e.type },
                  { header: 'Owner', cell: (e) => e.owner.name },
                  { header: 'Due or review', cell: (e) => `${day(e.dueDate)}${e.overdue ? ' (overdue)' : ''}` },
                ]} />
              )}
              <ActionTable caption="Actions on this item" actions={actions} owners={owners} mayChange={() => mayChange} onChanged={data.reload} />
              {mayChange && (adding
                ? <ActionForm link={{ itemId }} owners={owners} label={label} onCancel={() => setAdding(false)} onSaved={() => { setAdding(false); data.reload(); }} />
                : <div class="button-group"><button type="button" class="button button--secondary" onClick={() => setAdding(true)}>Add an action<span class="visually-hidden"> to {label}</span></button></div>)}
              <p><a href="/raid">The whole RAID log</a></p>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

import { useRef, useState } from 'preact/hooks';
import type { RaidAction, RaidEntry } from '../api/types.ts';
import { asApiError, etagOf, type Versioned } from '../api/client.ts';
import { DataTable } from '../components/DataTable/DataTable.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { RaidPicture, WhatWeAreDoing } from '../components/Raid/Raid.tsx';
import { ActionForm, ActionTable } from '../components/Raid/RaidActions.tsx';
import { EntryForm, type RaidChoices } from '../components/Raid/RaidForms.tsx';
import { RaidImport } from '../components/Raid/RaidImport.tsx';
import { Loaded } from '../components/Status/Status.tsx';
import { day } from '../format.ts';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';

const TYPES = [['', 'All'], ['risk', 'Risks'], ['assumption', 'Assumptions'], ['issue', 'Issues'], ['dependency', 'Dependencies']] as const;
const TYPE_WORDS: Record<string, string> = { risk: 'Risk', assumption: 'Assumption', issue: 'Issue', dependency: 'Dependency' };
/** Whether the plan keeps a linked dependency, as the log says it. */
const PLAN_LINK_WORDS = { kept: 'kept by the plan', broken: 'broken by the plan', not_judged: 'not judged yet (no dates)' } as const;

/**
 * The RAID log: every entry, the heat map with its table, top risks, overdue actions and what we are doing. The
 * office (everything) and council leads (their own councils) record and change entries and actions here.
 */
// eslint-disable-next-line max-lines-per-function -- the RAID page: the filters, the log, open actions and the entry and action forms share the filter and the entry being edited; one screen read top to bottom
export function RaidPage() {
  usePageTitle('RAID log');
  const state = useAppState();
  const user = state.user.value;
  const contributor = user?.role === 'office' || user?.role === 'lead';
  const [type, setType] = useState('');
  const [closedToo, setClosedToo] = useState(false);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Versioned<RaidEntry> | null>(null);
  const [addingAction, setAddingAction] = useState(false);
  const logHeading = useRef<HTMLHeadingElement>(null);
  const summary = useResource(() => state.api.raid.summary(), []);
  const entries = useResource(() => state.api.raid.entries({ ...(closedToo ? {} : { status: 'open' }), ...(type ? { type } : {}) }), [type, closedToo]);
  const actions = useResource(() => state.api.raid.actions({ status: 'open' }), []);
  const entryActions = useResource(
    async () => (editing ? (await state.api.raid.actions({ raidEntryId: editing.value.id })).data : []), [editing?.value.id, editing?.value.version]);
  const choices = useResource(async (): Promise<RaidChoices | null> => {
    if (!contributor) return null;
    const [councils, waves, features, owners, dependencies] = await Promise.all([
      state.api.councils.list(), state.isOffice.value ? state.api.waves.list() : null, state.isOffice.value ? state.api.features.list() : null, state.api.raid.owners(),
      state.api.timeline.dependencies(),
    ]);
    return { councils: councils.data.filter((c) => state.leads(c.id)), waves: waves?.data ?? [], features: features?.data ?? [], owners, dependencies: dependencies.data };
  }, [contributor]);

  /** The office changes everything; a lead their own councils' entries and actions. */
  const mayChange = (councilId: number | null) => (councilId === null ? state.isOffice.value : state.leads(councilId));
  const reloadAll = () => { summary.reload(); entries.reload(); actions.reload(); };
  /** Why the entry asked for from the log could not be opened. */
  const [openError, setOpenError] = useState<string | null>(null);
  /** Counts the editor's openings and closings: an entry that comes back after another was opened, or the log shown again, is dropped. */
  const opened = useRef(0);
  const backToLog = () => { opened.current += 1; setOpenError(null); setAdding(false); setEditing(null); queueMicrotask(() => logHeading.current?.focus()); };
  const record = () => { opened.current += 1; setOpenError(null); setAdding(true); };
  /** Whether the entry in the editor is the one just saved (made again after the save), not one opened from the log. */
  const [afterSave, setAfterSave] = useState(false);
  const edit = async (e: RaidEntry, saved = false) => {
    const mine = ++opened.current;
    setAdding(false);
    setOpenError(null);
    try {
      const found = await state.api.raid.entry(e.id);
      if (mine !== opened.current) return;
      setAfterSave(saved);
      setEditing(found);
    } catch (error) {
      if (mine !== opened.current) return;
      if (saved) {
        // The save's own answer is the entry as saved: the editor goes on with it (an action being typed stays).
        setAfterSave(true);
        setEditing({ value: e, etag: etagOf(e.version) });
        return;
      }
      setEditing(null);
      setOpenError(`${e.title} could not be opened: ${asApiError(error, 'the server did not answer.').message}`);
      queueMicrotask(() => logHeading.current?.focus());
    }
  };
  const owners = choices.data?.owners ?? [];

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
            <WhatWeAreDoing items={data.whatWeAreDoing} onChanged={reloadAll} />
          </>
        )}
      </Loaded>
      <h2 ref={logHeading} tabIndex={-1}>The log</h2>
      {openError && <p class="notice notice--error" role="alert">{openError}</p>}
      {contributor && choices.data && !adding && !editing && (
        <div class="button-group"><button type="button" class="button" onClick={record}>Record an entry</button></div>
      )}
      {adding && choices.data && (
        <EntryForm choices={choices.data} onCancel={backToLog} onSaved={(saved) => { reloadAll(); void edit(saved, true); }} />
      )}
      {editing && choices.data && (
        <section class="raid-editor" aria-label={`${TYPE_WORDS[editing.value.type]}: ${editing.value.title}`}>
          <EntryForm key={`${editing.value.id}-${editing.value.version}`} entry={editing} choices={choices.data} onCancel={backToLog}
            afterSave={afterSave} onSaved={(saved) => { reloadAll(); void edit(saved, true); }} />
          <h3>Actions on this entry</h3>
          <Loaded resource={entryActions} what="its actions">
            {(list) => (
              <ActionTable caption={`Actions on ${editing.value.title}`} actions={list} owners={owners}
                mayChange={(a) => mayChange(a.councilId)} onChanged={() => { entryActions.reload(); reloadAll(); }} />
            )}
          </Loaded>
          {addingAction
            ? <ActionForm link={{ raidEntryId: editing.value.id }} owners={owners} label={editing.value.title}
                onCancel={() => setAddingAction(false)} onSaved={() => { setAddingAction(false); entryActions.reload(); reloadAll(); }} />
            : <div class="button-group"><button type="button" class="button button--secondary" onClick={() => setAddingAction(true)}>Add an action<span class="visually-hidden"> to {editing.value.title}</span></button></div>}
          <div class="button-group"><button type="button" class="button button--link" onClick={backToLog}>Back to the log</button></div>
        </section>
      )}
      <fieldset class="button-group" aria-label="Show">
        {TYPES.map(([value, label]) => (
          <label key={value} class="radio"><input type="radio" name="raid-type" value={value} checked={type === value} onChange={() => setType(value)} /> {label}</label>
        ))}
      </fieldset>
      <div class="field checkbox">
        <input type="checkbox" id="raid-closed-too" checked={closedToo} onChange={(e) => setClosedToo((e.target as HTMLInputElement).checked)} />
        <label for="raid-closed-too">Show closed entries too</label>
      </div>
      <Loaded resource={entries} what="the log">
        {(page) => (
          <DataTable caption={`${closedToo ? 'Entries' : 'Open entries'} (${page.page.total})`} rows={page.data} rowKey={(e) => e.id} empty="Nothing is open." columns={[
            { header: 'Entry', rowHeader: true, cell: (e) => e.title },
            { header: 'Type', cell: (e) => TYPE_WORDS[e.type] ?? e.type },
            { header: 'About', cell: (e) => (e.planDependency ? `${e.about}; the plan's dependency: ${e.planDependency.label}, ${PLAN_LINK_WORDS[e.planDependency.state]}${e.planDependency.broken.length > 0 ? ` (${e.planDependency.broken.join('; ')})` : ''}` : e.about) },
            { header: 'Score', numeric: true, cell: (e) => (e.score === null ? '—' : String(e.score)) },
            { header: 'Owner', cell: (e) => e.owner.name },
            { header: 'Due or review', cell: (e) => `${day(e.dueDate)}${e.overdue ? ' (overdue)' : ''}${e.status === 'closed' ? `, closed ${day(e.closedOn)}` : ''}` },
            { header: 'Open actions', numeric: true, cell: (e) => String(e.openActions) },
            ...(contributor ? [{
              header: 'Change',
              cell: (e: RaidEntry) => (mayChange(e.councilId)
                ? <button type="button" class="button button--link" onClick={() => void edit(e)}>Change<span class="visually-hidden">: {e.title}</span></button>
                : ''),
            }] : []),
          ]} />
        )}
      </Loaded>
      <h2>Open actions</h2>
      <Loaded resource={actions} what="the actions">
        {(page) => (
          <ActionTable caption="Open actions, soonest due first" actions={page.data as RaidAction[]} owners={owners}
            mayChange={(a) => contributor && mayChange(a.councilId)} onChanged={reloadAll} />
        )}
      </Loaded>
      {state.isOffice.value && <RaidImport onImported={reloadAll} />}
    </>
  );
}

import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, asApiError, etagOf } from '../../api/client.ts';
import type { PossibleOwner } from '../../api/raid-types.ts';
import type { Dependency } from '../../api/timeline-types.ts';
import type { Council, Feature, RaidEntry, RolloutItem, Wave } from '../../api/types.ts';
import { typedDay } from '../../format.ts';
import { useAppState } from '../../state/app-state.ts';
import { ConflictNotice } from '../ConflictNotice/ConflictNotice.tsx';
import { ErrorSummary } from '../ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../ErrorSummary/useProblem.ts';
import { Field } from '../Field/Field.tsx';
import { DateField } from '../DateInput/DateInput.tsx';

const TYPE_WORDS = { risk: 'Risk', assumption: 'Assumption', issue: 'Issue', dependency: 'Dependency' } as const;
const SCOPE_WORDS = { programme: 'The whole programme', council: 'A council', wave: 'A wave', feature: 'A feature', item: 'One rollout item' } as const;
const PROXIMITY_WORDS = { imminent: 'Imminent', within_month: 'Within a month', within_quarter: 'Within a quarter', later: 'Later' } as const;
const RESPONSE_WORDS = { avoid: 'Avoid', reduce: 'Reduce', accept: 'Accept', transfer: 'Transfer' } as const;
const TREND_WORDS = { rising: 'Rising', steady: 'Steady', falling: 'Falling' } as const;
const LEVELS = ['1 Very low', '2 Low', '3 Medium', '4 High', '5 Very high'];
export const EXTERNAL = 'external';

const ENTRY_LABELS: Record<string, string> = {
  type: 'Type', scope: 'About', councilId: 'Council', waveId: 'Wave', featureId: 'Feature', itemId: 'Rollout item', title: 'Title',
  description: 'Description', owner: 'Owner', ownerUserId: 'Owner', ownerName: "Contact's name", dueDate: 'Due or review date', status: 'Status',
  likelihood: 'Likelihood', impact: 'Impact', proximity: 'Proximity', trend: 'Trend', response: 'Response', validateBy: 'Validate by', shareable: 'Shareable',
};

/** The words of an API field path as the form labels it. */
export const labelled = (labels: Record<string, string>, prefix: string) => (f: string) => labels[f.slice(prefix.length + 1)] ?? f;

/** Owner fields in a request: a user's id, or an external contact's name. */
export function ownerBody(owner: string, ownerName: string): { ownerUserId?: number; ownerName?: string } {
  if (owner === EXTERNAL) return { ownerName };
  return owner === '' ? {} : { ownerUserId: Number(owner) };
}

/** Choosing an owner: someone with an account, or a named contact outside the product. */
export function OwnerFields({ prefix, owners, owner, ownerName, onOwner, onName, error }: {
  prefix: string; owners: PossibleOwner[]; owner: string; ownerName: string; onOwner: (v: string) => void; onName: (v: string) => void;
  error: (...fields: string[]) => string | undefined;
}) {
  return (
    <>
      <Field name={`${prefix}-owner`} label="Owner" hint="Someone with an account is told and chased; anyone else is named as a contact." error={error('ownerUserId')}>
        {(p) => (
          <select {...p} value={owner} onChange={(e) => onOwner((e.target as HTMLSelectElement).value)}>
            <option value="">Choose the owner</option>
            {owners.map((o) => <option key={o.id} value={String(o.id)}>{o.name}{o.role === 'office' ? ' (programme office)' : ''}</option>)}
            <option value={EXTERNAL}>Someone without an account</option>
          </select>
        )}
      </Field>
      {owner === EXTERNAL && (
        <Field name={`${prefix}-ownerName`} label="Contact's name" hint="For example: Payroll supplier account manager" error={error('ownerName')}>
          {(p) => <input {...p} type="text" maxLength={120} autoComplete="off" value={ownerName} onInput={(e) => onName((e.target as HTMLInputElement).value)} />}
        </Field>
      )}
    </>
  );
}

export const ownerChoice = (o: { userId: number | null; name: string; external: boolean }) => (o.external ? EXTERNAL : String(o.userId));

/** Everything the entry form needs to offer: councils the user may keep entries for, waves, features, and owners. */
export interface RaidChoices {
  councils: Council[];
  waves: Wave[];
  features: Feature[];
  owners: PossibleOwner[];
  /** The plan's dependencies, which a dependency entry can name. */
  dependencies: Dependency[];
}

/**
 * Record a RAID entry, or change one (its type and what it is about stay; everything else can change, including
 * closing and reopening it). The fields follow the type: risks have likelihood, impact, proximity and response,
 * assumptions a validate-by day.
 */
// eslint-disable-next-line max-lines-per-function -- one form whose fields follow the entry's type and scope (risk, assumption, issue, dependency): its state, checks and the If-Match save read together; its field groups are candidates for sub-components
export function EntryForm({ entry, choices, onSaved, onCancel, afterSave = false }: {
  entry?: { value: RaidEntry; etag: string };
  choices: RaidChoices;
  onSaved: (entry: RaidEntry) => void;
  onCancel: () => void;
  /**
   * Made again with the entry as just saved: its heading takes the focus only if the focus went with the old form
   * (it is on the page's body), never from where the user has moved it since (an action's button, say).
   */
  afterSave?: boolean;
}) {
  const state = useAppState();
  const office = state.isOffice.value;
  const prefix = entry ? `entry-${entry.value.id}` : 'entry-new';
  const start = (e?: RaidEntry) => ({
    type: e?.type ?? 'risk', scope: e?.scope ?? (office ? 'programme' : 'council'),
    councilId: e?.councilId ? String(e.councilId) : (choices.councils.length === 1 ? String(choices.councils[0]!.id) : ''),
    waveId: e?.waveId ? String(e.waveId) : '', featureId: e?.featureId ? String(e.featureId) : '', itemId: e?.itemId ? String(e.itemId) : '',
    title: e?.title ?? '', description: e?.description ?? '', owner: e ? ownerChoice(e.owner) : '', ownerName: e?.owner.external ? e.owner.name : '',
    dueDate: e?.dueDate ?? '', status: e?.status ?? 'open', likelihood: e?.likelihood ? String(e.likelihood) : '', impact: e?.impact ? String(e.impact) : '',
    proximity: e?.proximity ?? '', trend: e?.trend ?? '', response: e?.response ?? '', validateBy: e?.validateBy ?? '', shareable: e?.shareable ?? false,
    planDependencyId: e?.planDependency ? String(e.planDependency.id) : '',
  });
  const [form, setForm] = useState(() => start(entry?.value));
  const [etag, setEtag] = useState(entry?.etag ?? '');
  // The owner's field is named after the choice made (a user or a name): the details are mapped, so show().
  const { problem, error: fieldError, show, clear } = useProblem(`${prefix}-`);
  const [conflict, setConflict] = useState<ApiError | null>(null);
  /** Times the form was reloaded with the record as it is now (a conflict's "Discard mine"): the date boxes start afresh each time. */
  const [reloads, setReloads] = useState(0);
  const [busy, setBusy] = useState(false);
  const [items, setItems] = useState<RolloutItem[]>([]);
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const error = (...fields: string[]) => fields.map(fieldError).find((m) => m !== undefined);

  // The items of the chosen council, for an item-level entry.
  useEffect(() => {
    if (entry || form.scope !== 'item' || form.councilId === '') return setItems([]);
    let live = true;
    state.api.items.list({ councilId: form.councilId }).then((page) => live && setItems(page.data), () => live && setItems([]));
    return () => { live = false; };
  }, [entry, form.scope, form.councilId, state.api.items]);

  const type = entry?.value.type ?? form.type;
  const scope = entry?.value.scope ?? form.scope;
  const body = (): Record<string, unknown> => {
    const num = (v: string) => (v === '' ? undefined : Number(v));
    const text = (v: string) => (v === '' ? undefined : v);
    const fields: Record<string, unknown> = {
      title: form.title, description: form.description, dueDate: text(form.dueDate), ...ownerBody(form.owner, form.ownerName),
      ...(type === 'risk' ? { likelihood: num(form.likelihood), impact: num(form.impact), proximity: text(form.proximity), response: text(form.response), trend: text(form.trend) } : {}),
      ...(type === 'assumption' ? { validateBy: text(form.validateBy) } : {}),
      // A new entry names a plan dependency or leaves it out; a change can also take the link away (null).
      ...(type === 'dependency' ? { planDependencyId: form.planDependencyId === '' ? (entry ? null : undefined) : Number(form.planDependencyId) } : {}),
      ...(office ? { shareable: form.shareable } : {}),
    };
    if (entry) return { ...fields, status: form.status };
    const link = { council: 'councilId', wave: 'waveId', feature: 'featureId', item: 'itemId', programme: null }[form.scope];
    return { ...fields, type: form.type, scope: form.scope, ...(link ? { [link]: num(form[link as 'councilId']) } : {}) };
  };

  const save = async (ifMatch = etag) => {
    setBusy(true);
    try {
      const sent = JSON.parse(JSON.stringify(body())) as Record<string, unknown>;
      const saved = entry ? await state.api.raid.updateEntry(entry.value.id, sent, ifMatch) : await state.api.raid.createEntry(sent);
      clear();
      setConflict(null);
      state.announce(entry ? `Saved: ${saved.title}` : `Recorded: ${saved.title}`);
      onSaved(saved);
    } catch (e) {
      const err = asApiError(e, 'Saving failed.');
      if (err.status === 412) return setConflict(err);
      // A missing link comes back as e.g. "itemId"; the owner's user or name as either owner field.
      show(err.message, err.details.map((d) => ({ ...d, field: `${prefix}-${d.field === 'ownerName' && form.owner !== EXTERNAL ? 'ownerUserId' : d.field}` })));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: Event) => {
    event.preventDefault();
    void save();
  };

  const leadCouncils = choices.councils;
  const scopes = office ? (Object.keys(SCOPE_WORDS) as Array<keyof typeof SCOPE_WORDS>) : (['council', 'item'] as const);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (!afterSave || lost) heading.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the form is made: a later render never moves the focus
  }, []);
  const title = entry ? `Change the ${TYPE_WORDS[type].toLowerCase()}: ${entry.value.title}` : 'Record an entry';

  return (
    <form class="raid-form" onSubmit={submit} noValidate aria-labelledby={`${prefix}-heading`}>
      <h3 id={`${prefix}-heading`} tabIndex={-1} ref={heading}>{title}</h3>
      {conflict && (
        <ConflictNotice error={conflict}
          fields={[{ key: 'title', label: 'Title', mine: form.title }, { key: 'status', label: 'Status', mine: form.status, show: (v) => (v === 'closed' ? 'Closed' : 'Open') },
            { key: 'dueDate', label: 'Due or review date', mine: form.dueDate, show: typedDay }]}
          onReload={() => { const now = conflict.current as RaidEntry; setForm(start(now)); setEtag(etagOf(now.version)); setConflict(null); setReloads((n) => n + 1); heading.current?.focus(); }}
          onRetry={() => { const now = conflict.current as RaidEntry; setEtag(etagOf(now.version)); void save(etagOf(now.version)); }} />
      )}
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={labelled(ENTRY_LABELS, prefix)} />}
      {!entry && (
        <>
          <fieldset class="field" aria-describedby={error('type') ? `field-${prefix}-type-error` : undefined}>
            <legend>Type</legend>
            {(Object.keys(TYPE_WORDS) as Array<keyof typeof TYPE_WORDS>).map((t) => (
              <label key={t} class="radio">
                <input type="radio" name={`${prefix}-type`} id={t === 'risk' ? `field-${prefix}-type` : undefined} value={t} checked={form.type === t} onChange={() => setForm({ ...form, type: t })} /> {TYPE_WORDS[t]}
              </label>
            ))}
          </fieldset>
          <Field name={`${prefix}-scope`} label="About" error={error('scope')}>
            {(p) => (
              <select {...p} value={form.scope} onChange={set('scope')}>
                {scopes.map((s) => <option key={s} value={s}>{SCOPE_WORDS[s]}</option>)}
              </select>
            )}
          </Field>
          {(form.scope === 'council' || form.scope === 'item') && (
            <Field name={`${prefix}-councilId`} label="Council" error={error('councilId')}>
              {(p) => (
                <select {...p} value={form.councilId} onChange={(e) => setForm({ ...form, councilId: (e.target as HTMLSelectElement).value, itemId: '' })}>
                  <option value="">Choose a council</option>
                  {leadCouncils.map((c) => <option key={c.id} value={String(c.id)}>{c.name}</option>)}
                </select>
              )}
            </Field>
          )}
          {form.scope === 'item' && (
            <Field name={`${prefix}-itemId`} label="Rollout item" hint={form.councilId === '' ? 'Choose the council first.' : undefined} error={error('itemId')}>
              {(p) => (
                <select {...p} value={form.itemId} onChange={set('itemId')}>
                  <option value="">Choose an item</option>
                  {items.map((i) => <option key={i.id} value={String(i.id)}>{i.featureName}{i.waveName ? ` (${i.waveName})` : ''}</option>)}
                </select>
              )}
            </Field>
          )}
          {form.scope === 'wave' && (
            <Field name={`${prefix}-waveId`} label="Wave" error={error('waveId')}>
              {(p) => (
                <select {...p} value={form.waveId} onChange={set('waveId')}>
                  <option value="">Choose a wave</option>
                  {choices.waves.map((w) => <option key={w.id} value={String(w.id)}>{w.name}</option>)}
                </select>
              )}
            </Field>
          )}
          {form.scope === 'feature' && (
            <Field name={`${prefix}-featureId`} label="Feature" error={error('featureId')}>
              {(p) => (
                <select {...p} value={form.featureId} onChange={set('featureId')}>
                  <option value="">Choose a feature</option>
                  {choices.features.map((f) => <option key={f.id} value={String(f.id)}>{f.name}</option>)}
                </select>
              )}
            </Field>
          )}
        </>
      )}
      <Field name={`${prefix}-title`} label="Title" hint="One line that says what it is" error={error('title')}>
        {(p) => <input {...p} type="text" maxLength={200} value={form.title} onInput={set('title')} />}
      </Field>
      <Field name={`${prefix}-description`} label="Description (optional)" hint="Internal: sponsors and share links see it only if the entry is marked shareable." error={error('description')}>
        {(p) => <textarea {...p} maxLength={4000} value={form.description} onInput={set('description')} />}
      </Field>
      <OwnerFields prefix={prefix} owners={choices.owners} owner={form.owner} ownerName={form.ownerName} error={error}
        onOwner={(owner) => setForm({ ...form, owner })} onName={(ownerName) => setForm({ ...form, ownerName })} />
      <DateField key={`due-${reloads}`} name={`${prefix}-dueDate`} label="Due or review date" error={error('dueDate')} value={form.dueDate} onChange={(v) => setForm({ ...form, dueDate: v })} />
      {type === 'risk' && (
        <fieldset>
          <legend>The risk</legend>
          <Field name={`${prefix}-likelihood`} label="Likelihood" error={error('likelihood')}>
            {(p) => <select {...p} value={form.likelihood} onChange={set('likelihood')}><option value="">Choose</option>{LEVELS.map((l, i) => <option key={l} value={String(i + 1)}>{l}</option>)}</select>}
          </Field>
          <Field name={`${prefix}-impact`} label="Impact" error={error('impact')}>
            {(p) => <select {...p} value={form.impact} onChange={set('impact')}><option value="">Choose</option>{LEVELS.map((l, i) => <option key={l} value={String(i + 1)}>{l}</option>)}</select>}
          </Field>
          <Field name={`${prefix}-proximity`} label="Proximity" hint="How soon it could happen" error={error('proximity')}>
            {(p) => <select {...p} value={form.proximity} onChange={set('proximity')}><option value="">Choose</option>{Object.entries(PROXIMITY_WORDS).map(([v, w]) => <option key={v} value={v}>{w}</option>)}</select>}
          </Field>
          <Field name={`${prefix}-response`} label="Response" error={error('response')}>
            {(p) => <select {...p} value={form.response} onChange={set('response')}><option value="">Choose</option>{Object.entries(RESPONSE_WORDS).map(([v, w]) => <option key={v} value={v}>{w}</option>)}</select>}
          </Field>
          <Field name={`${prefix}-trend`} label="Trend (optional)" error={error('trend')}>
            {(p) => <select {...p} value={form.trend} onChange={set('trend')}><option value="">Not stated</option>{Object.entries(TREND_WORDS).map(([v, w]) => <option key={v} value={v}>{w}</option>)}</select>}
          </Field>
        </fieldset>
      )}
      {type === 'assumption' && (
        <DateField key={`validate-${reloads}`} name={`${prefix}-validateBy`} label="Validate by" hint="The day by which it is shown to hold, or not" error={error('validateBy')} value={form.validateBy} onChange={(v) => setForm({ ...form, validateBy: v })} />
      )}
      {type === 'dependency' && (
        <Field name={`${prefix}-planDependencyId`} label="The plan's dependency it is about (optional)"
          hint="Linked, the entry shows whether the plan keeps that dependency." error={error('planDependencyId')}>
          {(p) => (
            <select {...p} value={form.planDependencyId} onChange={set('planDependencyId')}>
              <option value="">None</option>
              {choices.dependencies.map((d) => <option key={d.id} value={String(d.id)}>{d.label}</option>)}
            </select>
          )}
        </Field>
      )}
      {entry && (
        <Field name={`${prefix}-status`} label="Status" hint="Closing records today's date; reopening clears it." error={error('status')}>
          {(p) => <select {...p} value={form.status} onChange={set('status')}><option value="open">Open</option><option value="closed">Closed</option></select>}
        </Field>
      )}
      {office && (
        <div class="field checkbox">
          <input type="checkbox" id={`field-${prefix}-shareable`} checked={form.shareable} onChange={(e) => setForm({ ...form, shareable: (e.target as HTMLInputElement).checked })} />
          <label for={`field-${prefix}-shareable`}>Shareable: share links may show its title and description</label>
        </div>
      )}
      {entry === undefined && scope === 'programme' && <p class="hint">A programme-level entry is the programme office's.</p>}
      <div class="button-group">
        <button type="submit" class="button" disabled={busy}>{entry ? 'Save changes' : 'Record the entry'}</button>
        <button type="button" class="button button--secondary" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

import { useState } from 'preact/hooks';
import { etagOf } from '../../api/client.ts';
import type { Wave } from '../../api/types.ts';
import { ConfirmButton } from '../../components/ConfirmButton/ConfirmButton.tsx';
import { DataTable } from '../../components/DataTable/DataTable.tsx';
import { DateField, DateInput } from '../../components/DateInput/DateInput.tsx';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../../components/ErrorSummary/useProblem.ts';
import { Field } from '../../components/Field/Field.tsx';
import { Loaded } from '../../components/Status/Status.tsx';
import { day, statusWord } from '../../format.ts';
import { useAppState } from '../../state/app-state.ts';
import { useResource } from '../../state/use-resource.ts';
import { NO_REASON, ReasonFields, reasonLabels } from './ReasonFields.tsx';

const LABELS: Record<string, string> = {
  'wave-name': 'Name', 'wave-sequence': 'Order', 'wave-plannedGoLive': 'Planned go-live', 'wave-move-plannedGoLive': 'New go-live date', ...reasonLabels('wave-move-'),
};
const NEW_WAVE = { name: '', sequence: '', plannedGoLive: '' };

/** Move a wave's go-live (every item without a date of its own moves with it), and add a wave. */
export function WaveDates() {
  const state = useAppState();
  const [why, setWhy] = useState(NO_REASON);
  const waves = useResource(() => state.api.waves.list().then((p) => p.data), []);
  const [dates, setDates] = useState<Record<number, string>>({});
  const [form, setForm] = useState(NEW_WAVE);
  // Two forms, one summary: the new wave's fields start "wave-", the move's "wave-move-".
  const { problem, error, errorOf, onSubmit, run } = useProblem('wave-');
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const add = onSubmit(async () => {
    await state.api.waves.create({ name: form.name, sequence: form.sequence.trim() === '' ? Number.NaN : Number(form.sequence), plannedGoLive: form.plannedGoLive });
    setForm(NEW_WAVE);
    state.announce('Wave added');
    void waves.reload();
  });
  const move = (wave: Wave) => run(async () => {
    const body = { plannedGoLive: dates[wave.id], ...(why.reasonCategory ? { reasonCategory: why.reasonCategory } : {}), ...(why.reason ? { reason: why.reason } : {}) };
    await state.api.waves.update(wave.id, body as Partial<Wave>, etagOf(wave.version));
    setWhy(NO_REASON);
    state.announce(`${wave.name} moved`);
    void waves.reload();
  }, 'wave-move-');
  return (
    <section id="wave-dates" aria-labelledby="wave-dates-title">
      <h2 id="wave-dates-title">Wave dates</h2>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => LABELS[f] ?? ''} />}
      <p>Moving a wave needs a reason: it is kept with the move and shown wherever the slippage is.</p>
      <ReasonFields prefix="wave-move-" value={why} onChange={setWhy} error={errorOf} />
      <Loaded resource={waves} what="the waves">
        {(list) => (
          <DataTable caption="Planned go-live of each wave" rows={list} rowKey={(w) => w.id} columns={[
            { header: 'Wave', rowHeader: true, cell: (w) => <a href={`/waves/${w.id}`}>{w.name}</a> },
            { header: 'Status', cell: (w) => statusWord(w.status) },
            { header: 'Planned go-live', cell: (w) => day(w.plannedGoLive) },
            {
              header: 'Move to',
              cell: (w) => (
                <span class="inline-form">
                  <DateInput id={`wave-date-${w.id}`} legend={`New go-live date for ${w.name}`} value={dates[w.id] ?? w.plannedGoLive} onChange={(iso) => setDates({ ...dates, [w.id]: iso })} />
                  <ConfirmButton label="Move" disabled={!dates[w.id] || dates[w.id] === w.plannedGoLive}
                    question={`Move ${w.name} to ${day(dates[w.id] ?? w.plannedGoLive)}? Items without a date of their own move with it.`}
                    confirmLabel="Move the wave" onConfirm={() => void move(w)} />
                </span>
              ),
            },
          ]} />
        )}
      </Loaded>
      <h3>Add a wave</h3>
      <form onSubmit={add} noValidate>
        <Field name="wave-name" label="Name" hint="For example: W4 Manager approvals" error={error('name')}>{(p) => <input {...p} type="text" value={form.name} onInput={set('name')} />}</Field>
        <Field name="wave-sequence" label="Order" hint="A whole number; waves are listed in this order" error={error('sequence')}>{(p) => <input {...p} type="text" inputMode="numeric" value={form.sequence} onInput={set('sequence')} />}</Field>
        <DateField name="wave-plannedGoLive" label="Planned go-live" error={error('plannedGoLive')} value={form.plannedGoLive} onChange={(v) => setForm({ ...form, plannedGoLive: v })} />
        <div class="button-group"><button type="submit" class="button">Add wave</button></div>
      </form>
    </section>
  );
}

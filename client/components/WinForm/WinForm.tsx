import { useState } from 'preact/hooks';
import type { ItemCard } from '../../api/types.ts';
import { useAppState } from '../../state/app-state.ts';
import { ErrorSummary } from '../ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../ErrorSummary/useProblem.ts';
import { Field } from '../Field/Field.tsx';
import { DateField } from '../DateInput/DateInput.tsx';

const LABELS: Record<string, string> = { title: 'Title', story: 'Story', wonOn: 'Date', evidence: 'Evidence', evidenceValue: 'Figure', evidenceLink: 'Link', featureId: 'Feature' };

/** Record an early win as a draft; the programme office publishes it. */
export function WinForm({ councilId, items, today, onSaved }: { councilId: number; items: ItemCard[]; today: string; onSaved: () => void }) {
  const state = useAppState();
  const [form, setForm] = useState({ title: '', story: '', wonOn: today, featureId: '', evidenceValue: '', evidenceUnit: '', evidenceNote: '', evidenceLink: '' });
  const { problem, error, run, show } = useProblem();
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });

  const submit = async (event: Event) => {
    event.preventDefault();
    const value = form.evidenceValue.trim() === '' ? null : Number(form.evidenceValue);
    if (value !== null && !Number.isFinite(value)) return show('The figure must be a number.', [{ field: 'evidenceValue', message: 'must be a number' }]);
    setBusy(true);
    await run(async () => {
      await state.api.wins.create({
        councilId, title: form.title, story: form.story, wonOn: form.wonOn, featureId: form.featureId ? Number(form.featureId) : null,
        evidenceValue: value, evidenceUnit: form.evidenceUnit, evidenceNote: form.evidenceNote, evidenceLink: form.evidenceLink.trim() || null,
      });
      setForm({ ...form, title: '', story: '', evidenceValue: '', evidenceUnit: '', evidenceNote: '', evidenceLink: '' });
      state.announce('Early win saved as a draft');
      onSaved();
    });
    setBusy(false);
  };

  return (
    <form onSubmit={submit} noValidate>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => LABELS[f] ?? f} />}
      <Field name="title" label="Title" error={error('title')}>{(p) => <input {...p} type="text" maxLength={120} value={form.title} onInput={set('title')} />}</Field>
      <Field name="story" label="Story: before and after" hint="What changed for one person, in their words if you can." error={error('story')}>{(p) => <textarea {...p} value={form.story} onInput={set('story')} />}</Field>
      <DateField name="wonOn" label="Date" error={error('wonOn')} value={form.wonOn} onChange={(v) => setForm({ ...form, wonOn: v })} />
      <Field name="featureId" label="Feature (optional)" error={error('featureId')}>
        {(p) => (
          <select {...p} value={form.featureId} onChange={set('featureId')}>
            <option value="">Not about one feature</option>
            {items.map((i) => <option key={i.featureId} value={String(i.featureId)}>{i.featureName}</option>)}
          </select>
        )}
      </Field>
      <fieldset>
        <legend>Evidence (at least one)</legend>
        {error('evidence') && <p class="field-error" id="field-evidence">{error('evidence')}</p>}
        <Field name="evidenceValue" label="Figure" error={error('evidenceValue')}>{(p) => <input {...p} type="text" inputMode="decimal" value={form.evidenceValue} onInput={set('evidenceValue')} />}</Field>
        <Field name="evidenceUnit" label="What the figure counts">{(p) => <input {...p} type="text" value={form.evidenceUnit} onInput={set('evidenceUnit')} />}</Field>
        <Field name="evidenceNote" label="Note">{(p) => <input {...p} type="text" value={form.evidenceNote} onInput={set('evidenceNote')} />}</Field>
        <Field name="evidenceLink" label="Link" error={error('evidenceLink')}>{(p) => <input {...p} type="url" value={form.evidenceLink} onInput={set('evidenceLink')} />}</Field>
      </fieldset>
      <div class="button-group"><button type="submit" class="button" disabled={busy}>Save the win as a draft</button></div>
    </form>
  );
}

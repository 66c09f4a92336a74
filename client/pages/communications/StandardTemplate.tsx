import { useState } from 'preact/hooks';
import '../../components/Engagement/engagement.css';
import { useProblem } from '../../components/ErrorSummary/useProblem.ts';
import { AUDIENCE_WORDS, CHANNEL_WORDS, whenWords, word } from '../../components/Engagement/words.ts';
import { DataTable } from '../../components/DataTable/DataTable.tsx';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { Field } from '../../components/Field/Field.tsx';
import { Loaded } from '../../components/Status/Status.tsx';
import { useAppState } from '../../state/app-state.ts';
import { useResource } from '../../state/use-resource.ts';
import { numberOrNull } from './ActivityForms.tsx';

/** The programme office's standard drip-feed: its rows, and a form to add one. */
export function StandardTemplate() {
  const state = useAppState();
  const rows = useResource(() => state.api.engagement.templates().then((p) => p.data), []);
  const blank = { title: '', channel: 'briefing', audience: 'both', offsetDays: '-14' };
  const [form, setForm] = useState(blank);
  const { problem, error, onSubmit } = useProblem('template-');
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const submit = onSubmit(async () => {
    await state.api.engagement.createTemplate({ title: form.title, channel: form.channel, audience: form.audience, offsetDays: numberOrNull(form.offsetDays) });
    setForm(blank);
    state.announce('Template activity added');
    rows.reload();
  });
  return (
    <>
      <h3>The standard template</h3>
      <Loaded resource={rows} what="the template">
        {(list) => (
          <DataTable caption="The standard drip-feed, by days from go-live" rows={list} rowKey={(t) => t.id} empty="The template is empty." columns={[
            { header: 'When', cell: (t) => whenWords({ dateMode: 'relative', offsetDays: t.offsetDays }) },
            { header: 'Activity', rowHeader: true, cell: (t) => t.title },
            { header: 'Channel', cell: (t) => word(CHANNEL_WORDS, t.channel) },
            { header: 'Audience', cell: (t) => (t.audience === 'group' ? t.audienceGroup : word(AUDIENCE_WORDS, t.audience)) },
          ]} />
        )}
      </Loaded>
      <form onSubmit={submit} noValidate>
        {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => ({ 'template-title': 'Template title', 'template-offsetDays': 'Template days from go-live', 'template-channel': 'Template channel', 'template-audience': 'Template audience' })[f] ?? f} />}
        <Field name="template-title" label="Template activity title" error={error('title')}>{(p) => <input {...p} type="text" value={form.title} onInput={set('title')} />}</Field>
        <Field name="template-channel" label="Template channel" error={error('channel')}>
          {(p) => <select {...p} value={form.channel} onChange={set('channel')}>{Object.entries(CHANNEL_WORDS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}</select>}
        </Field>
        <Field name="template-audience" label="Template audience" error={error('audience')}>
          {(p) => <select {...p} value={form.audience} onChange={set('audience')}>{Object.entries(AUDIENCE_WORDS).filter(([k]) => k !== 'group').map(([k, v]) => <option key={k} value={k}>{v}</option>)}</select>}
        </Field>
        <Field name="template-offsetDays" label="Template days from go-live" hint="Negative before the go-live, positive after" error={error('offsetDays')}>
          {(p) => <input {...p} type="text" inputMode="numeric" class="narrow-input" value={form.offsetDays} onInput={set('offsetDays')} />}
        </Field>
        <div class="button-group"><button type="submit" class="button button--secondary">Add to template</button></div>
      </form>
    </>
  );
}

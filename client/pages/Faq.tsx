import { useState } from 'preact/hooks';
import '../components/Engagement/engagement.css';
import { Field } from '../components/Field/Field.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { Empty, Loaded } from '../components/Status/Status.tsx';
import { day } from '../format.ts';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';

/** Published answers to staff questions, per feature: for everyone, sponsors included. */
export function FaqPage() {
  usePageTitle('Frequently asked questions');
  const state = useAppState();
  const [featureId, setFeatureId] = useState('');
  const features = useResource(() => state.api.features.list().then((p) => p.data), []);
  const faq = useResource(() => state.api.engagement.faq(featureId ? Number(featureId) : undefined), [featureId]);
  return (
    <>
      <h1>Frequently asked questions</h1>
      <p class="lede">Questions staff have asked about self-service, with the answers the programme office has published.</p>
      {features.data && (
        <form onSubmit={(e) => e.preventDefault()} aria-label="Choose a feature">
          <Field name="faq-feature" label="Feature">
            {(p) => (
              <select {...p} value={featureId} onChange={(e) => setFeatureId((e.target as HTMLSelectElement).value)}>
                <option value="">All features</option>
                {features.data!.map((f) => <option key={f.id} value={String(f.id)}>{f.name}</option>)}
              </select>
            )}
          </Field>
        </form>
      )}
      <Loaded resource={faq} what="the questions and answers">
        {(data) => (data.features.length === 0 ? <Empty>No answers have been published yet.</Empty> : (
          <>
            {data.features.map((f) => (
              <section key={f.featureId ?? 0} aria-labelledby={`faq-${f.featureId ?? 0}`}>
                <h2 id={`faq-${f.featureId ?? 0}`}>{f.featureName}</h2>
                {f.entries.map((e) => (
                  <article key={e.id} class="faq-entry">
                    <h3>{e.question}</h3>
                    <p>{e.answer}</p>
                    <p class="muted">{e.category}; asked at {e.councilName}; answered {day(e.answeredOn)}</p>
                  </article>
                ))}
              </section>
            ))}
          </>
        ))}
      </Loaded>
    </>
  );
}

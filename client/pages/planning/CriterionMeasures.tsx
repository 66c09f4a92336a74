import { useState } from 'preact/hooks';
import type { Criterion } from '../../api/types.ts';
import { Field } from '../../components/Field/Field.tsx';
import { ProgrammeReadings } from './ProgrammeReadings.tsx';
import { Ramps } from './Ramps.tsx';

/**
 * Per criterion, the dated facts beside its target (docs/readiness.md): a readiness criterion's ramp towards
 * go-live, and a programme-wide criterion's readings, entered once for every council.
 */
export function CriterionMeasures({ criteria }: { criteria: Criterion[] }) {
  const [chosen, setChosen] = useState('');
  const choices = criteria.filter((c) => c.phase === 'readiness' || c.scope === 'programme');
  const criterion = choices.find((c) => String(c.id) === chosen);
  return (
    <section id="criterion-measures" aria-labelledby="criterion-measures-title">
      <h3 id="criterion-measures-title">Ramps and programme-wide readings</h3>
      <p>A readiness criterion can ramp up towards go-live: before its first step it is not due yet, and from go-live on
        the final target applies. A programme-wide criterion is read once for the shared HR system and applies to every council's items.</p>
      <Field name="measures-criterion" label="Criterion" hint="Readiness criteria have ramps; programme-wide ones have readings">
        {(p) => (
          <select {...p} value={chosen} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
            <option value="">Choose a criterion</option>
            {choices.map((c) => <option key={c.id} value={String(c.id)}>{c.name}{c.scope === 'programme' ? ' (programme-wide)' : ''}</option>)}
          </select>
        )}
      </Field>
      {criterion?.phase === 'readiness' && <Ramps key={criterion.id} criterion={criterion} />}
      {criterion?.scope === 'programme' && <ProgrammeReadings key={criterion.id} criterion={criterion} />}
    </section>
  );
}

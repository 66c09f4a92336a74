import { useState } from 'preact/hooks';
import type { RampStep } from '../../api/measure-types.ts';
import type { Criterion } from '../../api/types.ts';
import { DataTable } from '../../components/DataTable/DataTable.tsx';
import { DateField } from '../../components/DateInput/DateInput.tsx';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../../components/ErrorSummary/useProblem.ts';
import { Field } from '../../components/Field/Field.tsx';
import { Empty, Loaded } from '../../components/Status/Status.tsx';
import { day, instant } from '../../format.ts';
import { useAppState } from '../../state/app-state.ts';
import { useResource } from '../../state/use-resource.ts';

/** The server's limit on a ramp's steps (measures-schemas.ts, RampInput). */
const MAX_STEPS = 12;
type StepText = Record<keyof RampStep, string>;
const NEW_STEP: StepText = { weeksBefore: '', target: '', amberThreshold: '' };
const STEP_FIELDS = [['weeksBefore', 'Weeks before go-live'], ['target', 'Expected level'], ['amberThreshold', 'Amber threshold']] as const;

/** "12 weeks before: 40 (amber 25)", a step in words. */
const stepWords = (s: RampStep) => `${s.weeksBefore} weeks before: ${s.target} (amber ${s.amberThreshold})`;

/** The error summary's words for a field of the ramp form ("ramp-points/1/target" is step 2's expected level). */
function label(field: string): string {
  const step = /^ramp-points\/(\d+)\/(\w+)$/.exec(field);
  if (step) return `Step ${Number(step[1]) + 1}: ${STEP_FIELDS.find(([key]) => key === step[2])?.[1] ?? step[2]}`;
  return ({ 'ramp-points': 'Steps', 'ramp-reason': 'Why', 'ramp-effectiveFrom': 'Effective from' } as Record<string, string>)[field] ?? '';
}

/** A readiness criterion's ramp towards go-live: the steps in force today, every ramp recorded, and the office's form to set one. */
export function Ramps({ criterion }: { criterion: Criterion }) {
  const state = useAppState();
  const ramps = useResource(() => state.api.criteria.ramps(criterion.id), [criterion.id]);
  return (
    <section aria-labelledby="ramp-title">
      <h4 id="ramp-title">Ramp of {criterion.name} towards go-live</h4>
      <p>Final target: {criterion.target} {criterion.unit} ({criterion.direction} is better), amber at {criterion.amberThreshold}.</p>
      <Loaded resource={ramps} what="the ramp">
        {({ inForce, history }) => (
          <>
            {inForce.length === 0 ? <Empty>No ramp in force today: the final target applies whatever the time to go-live.</Empty> : (
              <DataTable caption={`Ramp of ${criterion.name} in force today`} rows={inForce} rowKey={(s) => s.weeksBefore} columns={[
                { header: 'From weeks before go-live', rowHeader: true, numeric: true, cell: (s) => String(s.weeksBefore) },
                { header: 'Expected level', numeric: true, cell: (s) => String(s.target) },
                { header: 'Amber threshold', numeric: true, cell: (s) => String(s.amberThreshold) },
              ]} />
            )}
            {history.length > 0 && (
              <DataTable caption={`Ramps recorded for ${criterion.name}, newest first`} rows={history} rowKey={(r) => r.id} columns={[
                { header: 'Effective from', rowHeader: true, cell: (r) => day(r.effectiveFrom) },
                { header: 'Steps', cell: (r) => (r.points.length === 0 ? 'None: ramping ended' : r.points.map(stepWords).join('; ')) },
                { header: 'Why', cell: (r) => r.reason },
                { header: 'Entered', cell: (r) => `${r.enteredByName}, ${instant(r.enteredAt)}` },
              ]} />
            )}
          </>
        )}
      </Loaded>
      <RampForm criterion={criterion} onSaved={() => void ramps.reload()} />
    </section>
  );
}

/** Sets a ramp from a day on: the steps (none ends ramping), the day it takes effect (today if empty) and why. */
function RampForm({ criterion, onSaved }: { criterion: Criterion; onSaved: () => void }) {
  const state = useAppState();
  const [steps, setSteps] = useState<StepText[]>([NEW_STEP]);
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [reason, setReason] = useState('');
  const { problem, error, errorOf, onSubmit } = useProblem('ramp-');
  const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
  const setStep = (i: number, key: keyof StepText) => (e: Event) => setSteps(steps.map((s, k) => (k === i ? { ...s, [key]: (e.target as HTMLInputElement).value } : s)));
  const submit = onSubmit(async () => {
    const points = steps.map((s) => ({ weeksBefore: number(s.weeksBefore), target: number(s.target), amberThreshold: number(s.amberThreshold) }));
    await state.api.criteria.setRamp(criterion.id, { points, reason, ...(effectiveFrom ? { effectiveFrom } : {}) });
    setSteps([NEW_STEP]);
    setEffectiveFrom('');
    setReason('');
    state.announce(`Ramp of ${criterion.name} set`);
    onSaved();
  });
  return (
    <>
      <h4 id="ramp-form-title">Set a ramp for {criterion.name}</h4>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={label} />}
      <form onSubmit={submit} noValidate aria-labelledby="ramp-form-title">
        <p class="hint">Each step says what is expected from so many weeks before an item's planned go-live. Steps only rise towards
          go-live ({criterion.direction === 'higher' ? 'higher' : 'lower'} is better) and never ask for more than the final target. Remove every step to end ramping.</p>
        {steps.map((step, i) => (
          <fieldset key={i} class="ramp-step">
            <legend>Step {i + 1}</legend>
            {STEP_FIELDS.map(([key, words]) => (
              <Field key={key} name={`ramp-points/${i}/${key}`} label={words} error={errorOf(`ramp-points/${i}/${key}`)}>
                {(p) => <input {...p} type="text" inputMode={key === 'weeksBefore' ? 'numeric' : 'decimal'} class="narrow-input" value={step[key]} onInput={setStep(i, key)} />}
              </Field>
            ))}
            <button type="button" class="button button--secondary" onClick={() => setSteps(steps.filter((_, k) => k !== i))}>Remove step {i + 1}</button>
          </fieldset>
        ))}
        {steps.length < MAX_STEPS && <p><button type="button" class="button button--secondary" onClick={() => setSteps([...steps, NEW_STEP])}>Add a step</button></p>}
        {error('points') && <p class="field-error" id="field-ramp-points" tabIndex={-1}><span class="visually-hidden">Error:</span> {error('points')}</p>}
        <DateField name="ramp-effectiveFrom" label="Effective from (optional)" hint="Today if left empty; never earlier" error={error('effectiveFrom')} value={effectiveFrom} onChange={setEffectiveFrom} />
        <Field name="ramp-reason" label="Why" hint="For example: councils joining from 2027 build their briefings up towards go-live" error={error('reason')}>
          {(p) => <input {...p} type="text" value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />}
        </Field>
        <div class="button-group"><button type="submit" class="button">Set the ramp</button></div>
      </form>
    </>
  );
}

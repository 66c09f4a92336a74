import { Field } from '../../components/Field/Field.tsx';

/** Why a date of the plan moves: the categories the API takes (docs/metrics.md, "Plan moves and reasons"). */
export const REASON_CATEGORIES = [
  ['supplier_delay', 'Supplier delay'], ['readiness', 'Readiness'], ['business_decision', 'Business decision'], ['dependency', 'Dependency'], ['other', 'Other'],
] as const;

export interface Why { reasonCategory: string; reason: string }
export const NO_REASON: Why = { reasonCategory: '', reason: '' };

/** The error summary's words for the reason fields of a form whose fields start with `prefix`. */
export const reasonLabels = (prefix: string): Record<string, string> => ({
  [`${prefix}reasonCategory`]: 'Why: category', [`${prefix}reason`]: 'Why, in a sentence',
});

/**
 * The reason fields of a move or a re-baseline: a category and a sentence, both needed by the server. Named
 * `<prefix>reasonCategory` and `<prefix>reason`, the fields the form's refusals name.
 */
export function ReasonFields({ prefix, value, onChange, error }: {
  prefix: string; value: Why; onChange: (v: Why) => void; error: (field: string) => string | undefined;
}) {
  return (
    <>
      <Field name={`${prefix}reasonCategory`} label="Why: category" error={error(`${prefix}reasonCategory`)}>
        {(p) => (
          <select {...p} value={value.reasonCategory} onChange={(e) => onChange({ ...value, reasonCategory: (e.target as HTMLSelectElement).value })}>
            <option value="">Choose a category</option>
            {REASON_CATEGORIES.map(([code, label]) => <option key={code} value={code}>{label}</option>)}
          </select>
        )}
      </Field>
      <Field name={`${prefix}reason`} label="Why, in a sentence" hint="Shown on the items, in late against the baseline and in the board report" error={error(`${prefix}reason`)}>
        {(p) => <input {...p} type="text" value={value.reason} onInput={(e) => onChange({ ...value, reason: (e.target as HTMLInputElement).value })} />}
      </Field>
    </>
  );
}

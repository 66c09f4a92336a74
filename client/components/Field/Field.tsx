import type { ComponentChildren } from 'preact';
import { fieldId } from '../ErrorSummary/ErrorSummary.tsx';

/** A labelled form field with an optional hint and error message, wired to the input by id and aria-describedby. */
export function Field({ name, label, hint, error, children }: {
  name: string;
  label: ComponentChildren;
  hint?: string;
  error?: string;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: 'true' }) => ComponentChildren;
}) {
  const id = fieldId(name);
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>{label}</label>
      {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p class="field-error" id={`${id}-error`}><span class="visually-hidden">Error:</span> {error}</p>}
      {children({ id, ...(described ? { 'aria-describedby': described } : {}), ...(error ? { 'aria-invalid': 'true' as const } : {}) })}
    </div>
  );
}

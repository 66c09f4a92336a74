import type { ComponentChildren } from 'preact';
import { useId, useRef } from 'preact/hooks';

/** A button that asks first, in a modal dialog that traps focus and closes on Escape. */
export function ConfirmButton({ label, hiddenLabel, question, confirmLabel, onConfirm, danger = false, disabled = false }: {
  label: string;
  /** Words added to the button's name for a screen reader only: which of a table's rows it acts on. */
  hiddenLabel?: string;
  question: ComponentChildren;
  confirmLabel: string;
  onConfirm: () => void;
  danger?: boolean;
  disabled?: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  // One id per dialog: a page has several (one per wave on Planning), and each must be named by its own question.
  const questionId = useId();
  return (
    <>
      <button type="button" class={`button${danger ? ' button--warning' : ''}`} disabled={disabled} onClick={() => dialog.current?.showModal()}>
        {label}{hiddenLabel && <span class="visually-hidden"> {hiddenLabel}</span>}
      </button>
      <dialog ref={dialog} class="confirm" aria-labelledby={questionId}>
        <form method="dialog">
          <p id={questionId}>{question}</p>
          <div class="button-group">
            <button type="submit" value="yes" class={`button${danger ? ' button--warning' : ''}`} onClick={() => onConfirm()}>{confirmLabel}</button>
            <button type="submit" value="no" class="button button--secondary">Cancel</button>
          </div>
        </form>
      </dialog>
    </>
  );
}

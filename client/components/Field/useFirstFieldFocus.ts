import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * For a form that opens in place of the button that asked for it: the button, and the focus with it, is gone, so the
 * form's first field takes the focus as the form appears (a layout effect: never a moment on the page's body). Put the
 * returned ref on the form.
 */
export function useFirstFieldFocus<T extends HTMLElement = HTMLFormElement>() {
  const form = useRef<T>(null);
  useLayoutEffect(() => {
    form.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, []);
  return form;
}

import { computed, signal } from '@preact/signals';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from '../api/client.ts';
import type { SessionUser } from '../api/types.ts';

/**
 * The app's shared state, created once per app (never module-level): who is signed in, the
 * "as of" day every page is drawn for, and the actions that change them.
 */
export function createAppState(api: Api) {
  const user = signal<SessionUser | null>(null);
  /** 'checking' until the first session look-up answers. */
  const sessionStatus = signal<'checking' | 'ready'>('checking');
  /** Empty means today. */
  const asOf = signal<string>('');
  /** The baseline the screens judge against; undefined means the one in force (docs/metrics.md). */
  const baselineId = signal<number | undefined>(undefined);
  /** A message announced once to screen readers, e.g. "Saved". */
  const announcement = signal<string>('');

  return {
    api,
    user,
    sessionStatus,
    asOf,
    baselineId,
    announcement,
    isOffice: computed(() => user.value?.role === 'office'),
    /** Whether the signed-in user may change things of this council. */
    leads: (councilId: number) => user.value?.role === 'office' || (user.value?.role === 'lead' && user.value.councilIds.includes(councilId)),

    async loadSession(): Promise<void> {
      try {
        const session = await api.session.current();
        api.setCsrfToken(session.csrfToken);
        user.value = session.user;
      } catch {
        user.value = null;
      } finally {
        sessionStatus.value = 'ready';
      }
    },
    async signIn(email: string, password: string): Promise<void> {
      const session = await api.session.signIn(email, password);
      api.setCsrfToken(session.csrfToken);
      user.value = session.user;
    },
    async signOut(): Promise<void> {
      try {
        await api.session.signOut();
      } finally {
        api.setCsrfToken(null);
        user.value = null;
      }
    },
    announce(message: string): void {
      announcement.value = '';
      queueMicrotask(() => {
        announcement.value = message;
      });
    },
  };
}

export type AppState = ReturnType<typeof createAppState>;

export const AppStateContext = createContext<AppState | null>(null);

export function useAppState(): AppState {
  const state = useContext(AppStateContext);
  if (!state) throw new Error('useAppState outside AppStateContext');
  return state;
}

import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useAppState } from '../../state/app-state.ts';
import { NotificationCount } from '../NotificationCount/NotificationCount.tsx';
import './layout.css';

/** Sets the document title for a page. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} – Rollout Planner`;
  }, [title]);
}

/** A lead's link to each council they lead: "My council" for one, "My council: Name" for each of several. */
function myCouncilLinks(ids: number[], names: Map<number, string>): Array<{ href: string; label: string }> {
  if (ids.length === 1) return [{ href: `/my-council/${ids[0]}`, label: 'My council' }];
  return ids.map((id) => ({ href: `/my-council/${id}`, label: `My council: ${names.get(id) ?? `council ${id}`}` }));
}

/** The names of the councils, read once when a lead of several councils needs them for the menu. */
function useCouncilNames(needed: boolean): Map<number, string> {
  const state = useAppState();
  const [names, setNames] = useState<Map<number, string>>(new Map());
  useEffect(() => {
    if (!needed) return;
    state.api.councils.list().then((p) => setNames(new Map(p.data.map((c) => [c.id, c.name]))), () => undefined);
  }, [needed, state.api.councils]);
  return names;
}

/** Header, role-aware navigation, the main region (focused on every route change) and a live region. */
export function Layout({ children }: { children: ComponentChildren }) {
  const state = useAppState();
  const { path, route } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // Move focus to the new page's heading so screen readers and keyboards start there. The heading is often
    // not there yet (the page's code or data is still loading, and the old page shows meanwhile): focus main,
    // then follow until the new page's h1 has focus, unless the user has moved focus in the meantime.
    const root = main.current;
    if (!root) return;
    let placed: HTMLElement | null = null;
    const observer = new MutationObserver(() => place());
    const timer = setTimeout(() => stop(), 10_000);
    function stop() {
      observer.disconnect();
      clearTimeout(timer);
    }
    function place() {
      const active = document.activeElement;
      if (placed && active !== placed && active !== document.body && active !== root) return stop();
      const target: HTMLElement = root!.querySelector('h1') ?? root!;
      if (target === placed) return;
      target.setAttribute('tabindex', '-1');
      target.focus();
      placed = target;
    }
    observer.observe(root, { childList: true, subtree: true });
    place();
    return stop;
  }, [path]);

  const user = state.user.value;
  const councilNames = useCouncilNames(user?.role === 'lead' && user.councilIds.length > 1);
  const links = [
    { href: '/', label: 'Overview' },
    ...(user?.role === 'lead' ? myCouncilLinks(user.councilIds, councilNames) : []),
    ...(user?.role === 'office' ? [{ href: '/planning', label: 'Planning' }] : []),
    { href: '/timeline', label: 'Timeline' },
    { href: '/communications', label: 'Communications' },
    ...(user?.role !== 'sponsor' ? [{ href: '/questions', label: 'Questions' }] : []),
    { href: '/faq', label: 'FAQ' },
    { href: '/voice', label: 'Staff voice' },
    { href: '/benefits', label: 'Benefits' },
    { href: '/reports', label: 'Board report' },
    { href: '/data', label: 'Exports' },
    ...(user?.role === 'office' ? [{ href: '/sharing', label: 'Share links' }] : []),
    ...(user?.role === 'office' ? [{ href: '/notifications/outbox', label: 'Outbox' }] : []),
  ];
  return (
    <>
      <a href="#main" class="skip-link">Skip to main content</a>
      <header class="site-header">
        <div class="site-header__inner">
          <a href="/" class="site-header__name">Rollout Planner</a>
          {user && (
            <nav aria-label="Main">
              <ul>
                {links.map((l) => (
                  <li key={l.href}><a href={l.href} aria-current={path === l.href ? 'page' : undefined}>{l.label}</a></li>
                ))}
              </ul>
            </nav>
          )}
          {user && (
            <div class="site-header__user">
              <NotificationCount />
              <span><a href="/account" aria-current={path === '/account' ? 'page' : undefined} title="Your account: password, sessions, API tokens">{user.name}</a> <span class="role-tag">{user.role === 'office' ? 'Programme office' : user.role === 'lead' ? 'Council lead' : 'Sponsor'}</span></span>
              <button type="button" class="button button--link" onClick={async () => { await state.signOut(); route('/sign-in'); }}>Sign out</button>
            </div>
          )}
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>{children}</main>
      <div class="visually-hidden" role="status" aria-live="polite">{state.announcement.value}</div>
    </>
  );
}

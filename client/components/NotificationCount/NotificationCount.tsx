import { useLocation } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useAppState } from '../../state/app-state.ts';
import './notification-count.css';

/** How often the header asks for the unread count while the page stays open. */
const POLL_MS = 60_000;

const words = (n: number) => `${n} unread notification${n === 1 ? '' : 's'}`;

/**
 * The header's link to the notification centre with the unread count. The count is part of the link's name
 * ("Notifications, 3 unread", which starts with its visible text), and a change is announced politely through the
 * page's live region.
 */
export function NotificationCount() {
  const state = useAppState();
  const { path } = useLocation();
  const [unread, setUnread] = useState<number | null>(null);
  const last = useRef<number | null>(null);
  useEffect(() => {
    let alive = true;
    const load = () => state.api.notifications.unreadCount().then(({ unread: n }) => {
      if (!alive) return;
      setUnread(n);
      if (last.current !== n && (last.current !== null || n > 0)) state.announce(`You have ${words(n)}`);
      last.current = n;
    }, () => undefined);
    void load();
    const timer = setInterval(load, POLL_MS);
    const onChange = () => void load();
    window.addEventListener('notifications-changed', onChange);
    return () => {
      alive = false;
      clearInterval(timer);
      window.removeEventListener('notifications-changed', onChange);
    };
  }, [state, path]);
  return (
    <a href="/notifications" class="notification-count" aria-current={path === '/notifications' ? 'page' : undefined}
      aria-label={unread ? `Notifications, ${unread} unread` : undefined}>
      Notifications
      {unread !== null && unread > 0 && <span class="notification-count__badge">{unread}</span>}
    </a>
  );
}

/** Tells the header's count to look again (after marking read). */
export const notificationsChanged = (): void => void window.dispatchEvent(new Event('notifications-changed'));

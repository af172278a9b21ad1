import { useEffect, useState } from 'react';
import { NavLink, useLocation } from 'react-router';
import { NOTIFICATIONS_CHANGED, notificationsApi } from '../api';

const POLL_MS = 60_000;

/**
 * The shell's link to the notifications, with the unread count; refreshed on navigation, when a notice is
 * marked read (a read that finishes after the navigation's own refresh would otherwise leave a stale count),
 * and every minute.
 */
export function NotificationsBadge() {
  const [unread, setUnread] = useState(0);
  const location = useLocation();
  useEffect(() => {
    const controller = new AbortController();
    const load = () => {
      notificationsApi.list(controller.signal, true).then(
        (r) => setUnread(r.unread),
        () => undefined, // the badge is a hint; the page shows errors
      );
    };
    load();
    const timer = setInterval(load, POLL_MS);
    window.addEventListener(NOTIFICATIONS_CHANGED, load);
    return () => {
      clearInterval(timer);
      window.removeEventListener(NOTIFICATIONS_CHANGED, load);
      controller.abort();
    };
  }, [location.pathname]);
  return (
    <NavLink to="/notifications" className="notifications-link" aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}>
      Notifications{unread ? <span className="badge" data-testid="unread-count"> {unread}</span> : null}
    </NavLink>
  );
}

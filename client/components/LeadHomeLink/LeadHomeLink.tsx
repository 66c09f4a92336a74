import './lead-home-link.css';
import { useAppState } from '../../state/app-state.ts';

/** On the overview, a council lead's first link: straight to what needs doing in their own council(s). */
export function LeadHomeLink() {
  const user = useAppState().user.value;
  if (user?.role !== 'lead' || user.councilIds.length === 0) return null;
  return (
    <p class="lead-home-link">
      <a href={user.councilIds.length === 1 ? `/my-council/${user.councilIds[0]}` : '/my-council'}>
        What needs doing before your next go-live{user.councilIds.length > 1 ? ', council by council' : ''}
      </a>
    </p>
  );
}

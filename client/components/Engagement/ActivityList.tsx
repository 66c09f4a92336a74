import type { Activity } from '../../api/types.ts';
import { day, number } from '../../format.ts';
import { ConfirmButton } from '../ConfirmButton/ConfirmButton.tsx';
import { DataTable } from '../DataTable/DataTable.tsx';
import { ACTIVITY_STATUS_WORDS, AUDIENCE_WORDS, CHANNEL_WORDS, whenWords, word } from './words.ts';

/** Overdue and due-this-week are words as well as a tag, never colour alone. */
export function ActivityFlags({ activity }: { activity: Activity }) {
  return (
    <>
      {word(ACTIVITY_STATUS_WORDS, activity.status)}
      {activity.overdue && <> <span class="tag tag--warning">Overdue</span></>}
      {activity.dueThisWeek && <> <span class="tag">Due this week</span></>}
    </>
  );
}

function reach(a: Activity): string {
  const parts = [
    a.peopleReached !== null ? `${number(a.peopleReached)} reached` : '',
    a.attendance !== null ? `${number(a.attendance)} attended` : '',
    a.openRate !== null ? `${number(a.openRate, 1)}% opened` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : '—';
}

/** Communications activities as a table, in date order. */
export function ActivityList({ caption, activities, empty = 'No activities.', showCouncils = true, onDelete }: {
  caption: string;
  activities: Activity[];
  empty?: string;
  showCouncils?: boolean;
  /** Offered where the caller may delete the activity: asks first, in a dialog. */
  onDelete?: { allowed: (a: Activity) => boolean; remove: (a: Activity) => void };
}) {
  return (
    <DataTable caption={caption} rows={activities} rowKey={(a) => a.id} empty={empty} columns={[
      { header: 'Date', cell: (a) => <>{day(a.date)}<br /><span class="muted">{whenWords(a)}</span></> },
      { header: 'Activity', rowHeader: true, cell: (a) => <>{a.title}<br /><span class="muted">{word(CHANNEL_WORDS, a.channel)}</span></> },
      { header: 'Audience', cell: (a) => (a.audience === 'group' ? a.audienceGroup : word(AUDIENCE_WORDS, a.audience)) },
      ...(showCouncils ? [{ header: 'Councils', cell: (a: Activity) => a.councils.map((c) => c.name).join(', ') }] : []),
      { header: 'Wave', cell: (a) => a.waveName },
      { header: 'Owner', cell: (a) => a.owner },
      { header: 'Status', cell: (a) => <ActivityFlags activity={a} /> },
      { header: 'Reach', cell: reach },
      ...(onDelete ? [{
        header: 'Action',
        cell: (a: Activity) => (onDelete.allowed(a)
          ? <ConfirmButton label="Delete" danger confirmLabel="Delete activity" question={<>Delete “{a.title}” ({day(a.date)})? It is removed from the plan; the audit trail keeps a record.</>} onConfirm={() => onDelete.remove(a)} />
          : '—'),
      }] : []),
    ]} />
  );
}

/** How people name each communications channel: one list for the dashboard and the calendar feed. */
export const CHANNEL_WORDS = {
  email: 'Notification or e-mail', poster: 'Poster', briefing: 'Team briefing', floorwalkers: 'Floorwalkers', factsheet: 'Factsheet',
  job_aid: 'Job-aid', webinar: 'Webinar', recording: 'Short recording', intranet: 'Intranet story', other: 'Other',
} as const;

/** What other modules read of the dashboard: the screens' read models (the board report builds on the overview). */
export type { ReadinessViews } from './views.ts';

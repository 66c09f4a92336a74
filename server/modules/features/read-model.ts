import type { createFeatureService } from './service.ts';

/** The features service's type, for the plan import the composition root (server/services.ts) hands it to. */
export type FeatureService = ReturnType<typeof createFeatureService>;

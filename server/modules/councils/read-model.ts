import type { createCouncilService } from './service.ts';

/** The councils service's type, for the plan import the composition root (server/services.ts) hands it to. */
export type CouncilService = ReturnType<typeof createCouncilService>;

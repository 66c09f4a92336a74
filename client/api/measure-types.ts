/** Ramps towards go-live and programme-wide readings (docs/readiness.md), from the generated API document. */
import type { Reply, RequestBody } from './openapi-types.ts';

export type RampHistory = Reply<'listCriterionRamps'>;
export type Ramp = Reply<'createCriterionRamp', 201>;
export type RampStep = Ramp['points'][number];
export type NewRamp = RequestBody<'createCriterionRamp'>;
export type ProgrammeReading = Reply<'createCriterionProgrammeReading', 201>;
export type NewProgrammeReading = RequestBody<'createCriterionProgrammeReading'>;

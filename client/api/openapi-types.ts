/**
 * Shapes taken from the generated API document (`openapi.d.ts`, `npm run api:types`), by operationId: what a
 * route answers and what it takes. Nothing of the server is imported, so these cross no module boundary.
 */
import type { operations } from './openapi.d.ts';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

/** The JSON an operation answers with on `status` (200 unless named). */
export type Reply<Op extends keyof operations, Status extends keyof operations[Op]['responses'] = 200 & keyof operations[Op]['responses']> =
  Json<operations[Op]['responses'][Status]>;

/** The JSON body an operation takes. */
export type RequestBody<Op extends keyof operations> = operations[Op] extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

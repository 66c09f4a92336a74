import { Type, type Static } from 'typebox';

const Changed = Type.Array(Type.Object({ code: Type.String(), fields: Type.Array(Type.String()) }));
/** What an import did, or would do: the preview and the real thing report the same figures. */
export const PlanImportResult = Type.Object({
  applied: Type.Boolean({ description: 'false for a preview: nothing was stored' }),
  rows: Type.Integer(),
  councils: Type.Object({ created: Type.Array(Type.String()), updated: Changed }),
  features: Type.Object({ created: Type.Array(Type.String()), updated: Changed }),
  items: Type.Object({
    created: Type.Array(Type.Object({ council: Type.String(), feature: Type.String(), wave: Type.Union([Type.String(), Type.Null()]) })),
    moved: Type.Array(Type.Object({ council: Type.String(), feature: Type.String(), from: Type.Union([Type.String(), Type.Null()]), to: Type.Union([Type.String(), Type.Null()]) })),
    noteChanged: Type.Integer(),
    unchanged: Type.Integer(),
  }),
});

export type PlanImportResult = Static<typeof PlanImportResult>;

/** What a RAID log import did, or would do (a preview stores nothing). */
export const RaidImportResult = Type.Object({
  applied: Type.Boolean({ description: 'false for a preview: nothing was stored' }),
  rows: Type.Integer(),
  created: Type.Array(Type.Object({ line: Type.Integer(), id: Type.Integer({ description: 'In a preview, the id it would have had' }), title: Type.String() })),
  updated: Type.Array(Type.Object({ line: Type.Integer(), id: Type.Integer(), fields: Type.Array(Type.String(), { description: 'The columns that changed' }) })),
  unchanged: Type.Integer(),
}, { $id: 'RaidImportResult' });

export type RaidImportResult = Static<typeof RaidImportResult>;

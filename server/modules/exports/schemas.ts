import { Type, type Static } from 'typebox';

/** One CSV export open to the caller. */
export const ExportEntry = Type.Object({
  name: Type.String(), title: Type.String(), description: Type.String(), url: Type.String(), officeOnly: Type.Boolean(),
});
export const ExportList = Type.Array(ExportEntry);

export type ExportEntry = Static<typeof ExportEntry>;

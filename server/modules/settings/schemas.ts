import { Type } from 'typebox';
import { REGIONS } from '../../db/schema.ts';
import { Instant, StringEnum } from '../../http/schemas.ts';

export const Settings = Type.Object({
  scoreRedBelow: Type.Number({ description: 'A readiness score (0-100) under this is red' }),
  staleAfterDays: Type.Integer({ description: 'Readings older than this count as missing' }),
  answerTargetWorkingDays: Type.Integer({ description: 'Staff questions should be answered within this many working days' }),
  silenceAfterDays: Type.Integer({ description: 'No staff question for this many days, with low communications reach, flags a council' }),
  surveyMinResponses: Type.Integer({ description: 'Staff voice results of any group are shown only when at least this many people answered (docs/staff-voice.md)' }),
  dependencyRule: StringEnum(['warn', 'refuse'] as const, { description: 'A plan change that breaks a dependency is refused (409), or made and reported (docs/timeline.md)' }),
  officeRegion: StringEnum(REGIONS, { description: 'Whose bank holidays the programme office keeps: gate reviews fall on its working days' }),
  version: Type.Integer(),
  updatedAt: Instant,
});

export const UpdateSettings = Type.Object(
  { scoreRedBelow: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })), staleAfterDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    answerTargetWorkingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })), silenceAfterDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
    surveyMinResponses: Type.Optional(Type.Integer({ minimum: 5, maximum: 1000, description: 'Never under 5: fewer answers could point at a person' })),
    dependencyRule: Type.Optional(StringEnum(['warn', 'refuse'] as const)), officeRegion: Type.Optional(StringEnum(REGIONS)),
  },
  { additionalProperties: false, minProperties: 1 },
);

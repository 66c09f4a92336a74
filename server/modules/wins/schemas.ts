import { Type, type Static } from 'typebox';
import { Id, Instant, IsoDate, LongText, Measure, NullableId, PageQuery, PlainLine, VisibleLine, VisibleText } from '../../http/schemas.ts';

const Title = VisibleLine({ maxLength: 160 });
const Story = VisibleText({ maxLength: 2000, description: 'Before and after, for the people it helped: what is in it for me' });
const EvidenceValue = Type.Union([Measure, Type.Null()], { description: 'A measured figure, e.g. 120 (hours saved a month)' });
const EvidenceUnit = PlainLine({ maxLength: 40, description: 'What the figure counts, e.g. "hours a month"' });
/** One nullable string rather than a union, so a malformed link is reported as "must be a valid uri". */
const EvidenceLink = Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'uri', maxLength: 2000, description: 'An http or https link, or null' });

export const Win = Type.Object(
  {
    id: Id,
    councilId: Id,
    councilName: Type.String(),
    featureId: NullableId,
    featureName: Type.Union([Type.String(), Type.Null()]),
    title: Type.String(),
    story: Type.String(),
    wonOn: IsoDate,
    evidenceValue: Type.Union([Type.Number(), Type.Null()]),
    evidenceUnit: Type.String(),
    evidenceNote: Type.String(),
    evidenceLink: Type.Union([Type.String(), Type.Null()]),
    /** The benefits register entry its figure counts towards (absent from copies made before it was added). */
    benefitId: Type.Optional(NullableId),
    authorId: NullableId,
    authorName: Type.String(),
    published: Type.Boolean(),
    publishedAt: Type.Union([Instant, Type.Null()], { description: 'When it was last published; null while a draft' }),
    version: Type.Integer(),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'EarlyWin' },
);

export const CreateWin = Type.Object(
  {
    councilId: Id,
    featureId: Type.Optional(NullableId),
    title: Title,
    story: Story,
    wonOn: IsoDate,
    evidenceValue: Type.Optional(EvidenceValue),
    evidenceUnit: Type.Optional(EvidenceUnit),
    evidenceNote: Type.Optional(LongText),
    evidenceLink: Type.Optional(EvidenceLink),
    benefitId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'A benefit in the register its figure counts towards' })),
    published: Type.Optional(Type.Boolean({ description: 'Programme office only' })),
  },
  { additionalProperties: false, description: 'At least one piece of evidence is needed: evidenceValue, evidenceNote or evidenceLink' },
);

export const UpdateWin = Type.Object(
  {
    councilId: Type.Optional(Id),
    featureId: Type.Optional(NullableId),
    title: Type.Optional(Title),
    story: Type.Optional(Story),
    wonOn: Type.Optional(IsoDate),
    evidenceValue: Type.Optional(EvidenceValue),
    evidenceUnit: Type.Optional(EvidenceUnit),
    evidenceNote: Type.Optional(LongText),
    evidenceLink: Type.Optional(EvidenceLink),
    benefitId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'A benefit in the register its figure counts towards' })),
    published: Type.Optional(Type.Boolean({ description: 'Programme office only' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const WinQuery = Type.Object(
  {
    councilId: Type.Optional(Id),
    featureId: Type.Optional(Id),
    published: Type.Optional(Type.Boolean({ description: 'Sponsors always get published wins only' })),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export type Win = Static<typeof Win>;
export type CreateWin = Static<typeof CreateWin>;
export type UpdateWin = Static<typeof UpdateWin>;
export type WinQuery = Static<typeof WinQuery>;

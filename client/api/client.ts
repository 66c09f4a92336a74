import createClient from 'openapi-fetch';
import type { paths } from './openapi.d.ts';
import type {
  AuditEntry, AuditVerification, BaselineSummary, BoardReport, Council, CouncilSummary, Criterion, ErrorDetail, ExportEntry, Feature, GateDecision, IssuedReport,
  IssuedReportSummary, ItemGate, ItemReadiness, NewShareLink, Overview, Page, PlanImportResult, Reading, ReadingInput, RolloutItem, SessionUser,
  Settings, ShareLink, Trend, User, Wave, WaveSummary, Win,
  Activity, AppliedTemplate, CouncilEngagement, EngagementSummary, Faq, Question, TemplateActivity,
  BenefitsSummary,
  ProgrammeStatus, RaidAction, RaidEntry, RaidSummary,
  DigestPreview, Notification, NotificationPreferences, OutboxDetail, OutboxEntry, OutboxSummary,
  Impact, TimelineData,
} from './types.ts';
import type { PossibleOwner, RaidImportResult } from './raid-types.ts';
import type { ApiToken, NewToken, OwnSession, PasswordChanged } from './account-types.ts';
import type {
  NewIdea, NewSurvey, PublicSurvey, SaidDid, SurveyAnswer, SurveyFeed, SurveyLink, VoiceComment, VoiceDiscard, VoiceIdea, VoiceIdeaChange, VoiceResults, VoiceSurvey,
} from './voice-types.ts';
import type { BaselineComparison } from './baseline-types.ts';
import type { CouncilCapacity, Dependency, NewDependency, SupportNeed } from './timeline-types.ts';
import type { NewProgrammeReading, NewRamp, ProgrammeReading, Ramp, RampHistory } from './measure-types.ts';
import type { RequestBody } from './openapi-types.ts';

/**
 * Every path the API documents with its `{params}` filled in (ids are numbers, tokens and names text), without
 * the /api prefix: a request to a path the document does not have does not compile.
 */
type Filled<P extends string> = P extends `${infer Head}{${infer Name}}${infer Tail}`
  ? `${Head}${Name extends 'id' | `${string}Id` ? number : string}${Filled<Tail>}`
  : P;
export type ApiPath = Filled<keyof paths & string> extends infer F ? (F extends `/api${infer Rest}` ? Rest : never) : never;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A refusal from the API, in its one error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** For 412: the record as it is now. */
    readonly current?: unknown,
  ) {
    super(message);
  }
}

/** The ETag of a record at a version, for If-Match when the version came with a list. */
export const etagOf = (version: number): string => `"${version}"`;

/** Any failure as an ApiError: the API's own refusal, or one carrying a message fit to show. */
export function asApiError(error: unknown, fallback: string): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, fallback);
}

/** A record read with its version, so a change can say which version it was made against. */
export interface Versioned<T> {
  value: T;
  etag: string;
}

type Query = Record<string, string | number | boolean | undefined | null>;

function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The one place the dashboard talks to the server: URLs, the CSRF token, ETags and the error shape.
 * Components call these methods and never build URLs.
 */
// eslint-disable-next-line max-lines-per-function -- the API's one table of methods, a line per route, grouped by module: split, it would only be harder to find a route in
export function createApi(fetchImpl: typeof fetch = (...args) => fetch(...args)) {
  let csrfToken: string | null = null;
  /** Set on the read-only shared view: every request then reads as the share link. */
  let shareToken: string | null = null;

  // The generated client: every request goes out by the document's paths (scripts/api-types.ts).
  const http = createClient<paths>({
    baseUrl: globalThis.location?.origin ?? 'http://localhost',
    // Handed on as (path, init), the way the dashboard has always called fetch.
    fetch: async (outgoing: Request) => fetchImpl(outgoing.url.slice(new URL(outgoing.url).origin.length), {
      method: outgoing.method, headers: Object.fromEntries(outgoing.headers.entries()), credentials: 'same-origin',
      body: outgoing.method === 'GET' || outgoing.method === 'HEAD' ? undefined : (await outgoing.text()) || undefined,
    }),
  });

  async function request<T>(method: Method, path: ApiPath | `${ApiPath}?${string}`, options: { body?: unknown; ifMatch?: string; csv?: string } = {}): Promise<{ body: T; etag: string | null }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.csv !== undefined) headers['content-type'] = 'text/csv';
    if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    if (shareToken) headers['x-share-token'] = shareToken;
    let response: Response;
    let refusal: unknown;
    try {
      const sent = options.csv ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined);
      // A success is read here (parseAs stream leaves it unread); a refusal comes back parsed as `error`.
      ({ response, error: refusal } = await http.request(method.toLowerCase() as 'get', `/api${path}` as never, {
        headers, parseAs: 'stream', ...(sent !== undefined ? { body: sent as never, bodySerializer: (b: unknown) => b as string } : {}),
      } as never) as { response: Response; error?: unknown });
    } catch {
      throw new ApiError(0, 'The server could not be reached. Check your connection and try again.');
    }
    const text = response.ok ? await response.text() : '';
    const body = response.ok ? (text ? JSON.parse(text) : undefined) : (refusal as { message?: string; details?: ErrorDetail[]; current?: unknown } | undefined);
    if (!response.ok) {
      throw new ApiError(response.status, body?.message ?? `The request failed (${response.status}).`, body?.details ?? [], body?.current);
    }
    return { body: body as T, etag: response.headers.get('etag') };
  }
  const get = async <T>(path: ApiPath, query?: Query) => (await request<T>('GET', `${path}${queryString(query)}` as ApiPath)).body;
  const versioned = async <T>(path: ApiPath): Promise<Versioned<T>> => {
    const { body, etag } = await request<T>('GET', path);
    return { value: body, etag: etag ?? '' };
  };
  const send = async <T>(method: Method, path: ApiPath | `${ApiPath}?${string}`, body?: unknown, ifMatch?: string) => (await request<T>(method, path, { body, ifMatch })).body;

  return {
    setCsrfToken(token: string | null) {
      csrfToken = token;
    },
    setShareToken(token: string | null) {
      shareToken = token;
    },

    session: {
      current: () => get<{ user: SessionUser; csrfToken: string | null }>('/session'),
      signIn: (email: string, password: string) => send<{ user: SessionUser; csrfToken: string }>('POST', '/session', { email, password }),
      signOut: () => send<void>('DELETE', '/session'),
    },

    /** Your own account: sessions, password, API tokens. */
    account: {
      sessions: () => get<OwnSession[]>('/account/sessions'),
      endSession: (ref: string) => send<void>('DELETE', `/account/sessions/${ref}`),
      changePassword: (currentPassword: string, newPassword: string) => send<PasswordChanged>('POST', '/account/password', { currentPassword, newPassword }),
      tokens: () => get<ApiToken[]>('/tokens'),
      createToken: (name: string, expiresOn?: string) => send<NewToken>('POST', '/tokens', { name, ...(expiresOn ? { expiresOn } : {}) }),
      revokeToken: (id: number) => send<void>('DELETE', `/tokens/${id}`),
    },

    // Pages long enough to sort and filter on screen (more than a dozen rows), short enough for 400 councils.
    overview: (asOf?: string, councilOffset?: number, baselineId?: number) => get<Overview>('/overview', { asOf, councilOffset, councilLimit: 50, baselineId }),
    councilSummary: (id: number, asOf?: string, baselineId?: number) => get<CouncilSummary>(`/councils/${id}/summary`, { asOf, baselineId }),
    waveSummary: (id: number, asOf?: string, offset?: number, baselineId?: number) => get<WaveSummary>(`/waves/${id}/summary`, { asOf, offset, limit: 100, baselineId }),
    itemReadiness: (id: number, asOf?: string) => get<ItemReadiness>(`/items/${id}/readiness`, { asOf }),
    trend: (scope: 'programme' | 'council' | 'wave' | 'item', id?: number, from?: string, to?: string) => get<Trend>('/trends', { scope, id, from, to }),

    /** Staff voice: the public survey form and "you said, we did" (no sign-in). */
    voice: {
      form: (token: string) => get<PublicSurvey>(`/voice/answer/${token}`),
      answer: (token: string, answer: SurveyAnswer) => send<{ message: string }>('POST', `/voice/answer/${token}`, answer),
      saidDid: (code: string) => get<SaidDid>(`/voice/said-did/${code}`),
      results: (councilId?: number) => get<VoiceResults>('/voice/results', { councilId }),
      queue: () => get<VoiceComment[]>('/voice/comments'),
      review: (id: number, version: number, status: 'published' | 'withheld', text?: string) =>
        send<VoiceComment>('PATCH', `/voice/comments/${id}`, { status, ...(text !== undefined ? { text } : {}) }, etagOf(version)),
      ideas: () => get<VoiceIdea[]>('/voice/ideas'),
      /** The office's and leads' changes (docs/staff-voice.md, "Who sees what"). */
      surveys: () => get<VoiceSurvey[]>('/voice/surveys'),
      openSurvey: (body: NewSurvey) => send<VoiceSurvey>('POST', '/voice/surveys', body),
      link: (id: number) => get<SurveyLink>(`/voice/links/${id}`),
      survey: (id: number) => get<VoiceSurvey>(`/voice/surveys/${id}`),
      addLink: (surveyId: number, body: { label?: string; expiresOn: string }) => send<SurveyLink>('POST', `/voice/surveys/${surveyId}/links`, body),
      closeLink: (id: number, version: number) => send<SurveyLink>('PATCH', `/voice/links/${id}`, { closed: true }, etagOf(version)),
      discard: (surveyId: number, body: { linkId: number; day: string; reason: string }) => send<VoiceDiscard>('POST', `/voice/surveys/${surveyId}/discards`, body),
      feed: (surveyId: number, body: Pick<SurveyFeed, 'stage' | 'criterionId'>) => send<SurveyFeed>('POST', `/voice/surveys/${surveyId}/feeds`, body),
      createIdea: (body: NewIdea) => send<VoiceIdea>('POST', '/voice/ideas', body),
      updateIdea: (id: number, version: number, body: VoiceIdeaChange) => send<VoiceIdea>('PATCH', `/voice/ideas/${id}`, body, etagOf(version)),
      ideaToWin: (id: number) => send<{ idea: VoiceIdea; winId: number }>('POST', `/voice/ideas/${id}/win`, {}),
      published: () => get<VoiceComment[]>('/voice/comments', { status: 'published', prompt: 'ideas' }),
    },
    benefits: {
      summary: (query: { asOf?: string; councilId?: number | string; featureId?: number | string; transactionTypeId?: number | string; councilOffset?: number } = {}) =>
        get<BenefitsSummary>('/benefits/summary', query),
      uploadVolumes: async (text: string) => (await request<{ stored: number }>('POST', '/benefits/volumes/csv', { csv: text })).body,
    },
    councils: {
      list: () => get<Page<Council>>('/councils', { limit: 500 }),
      get: (id: number) => versioned<Council>(`/councils/${id}`),
      create: (body: Partial<Council>) => send<Council>('POST', '/councils', body),
      update: (id: number, body: Partial<Council>, etag: string) => send<Council>('PATCH', `/councils/${id}`, body, etag),
      remove: (id: number, etag: string) => send<void>('DELETE', `/councils/${id}`, undefined, etag),
      archived: () => get<Page<Council>>('/councils', { limit: 500, archived: 'true' }),
      archive: (id: number, etag: string) => send<Council>('POST', `/councils/${id}/archive`, undefined, etag),
      unarchive: (id: number, etag: string) => send<Council>('POST', `/councils/${id}/unarchive`, undefined, etag),
    },
    features: {
      list: () => get<Page<Feature>>('/features', { limit: 500 }),
      create: (body: Partial<Feature>) => send<Feature>('POST', '/features', body),
      update: (id: number, body: Partial<Feature>, etag: string) => send<Feature>('PATCH', `/features/${id}`, body, etag),
      remove: (id: number, etag: string) => send<void>('DELETE', `/features/${id}`, undefined, etag),
    },
    waves: {
      list: () => get<Page<Wave>>('/waves', { limit: 500 }),
      create: (body: Partial<Wave>) => send<Wave>('POST', '/waves', body),
      update: (id: number, body: Partial<Wave>, etag: string) => send<Wave>('PATCH', `/waves/${id}`, body, etag),
      remove: (id: number, etag: string) => send<void>('DELETE', `/waves/${id}`, undefined, etag),
    },
    items: {
      list: (query: Query = {}) => get<Page<RolloutItem>>('/items', { limit: 500, ...query }),
      get: (id: number) => versioned<RolloutItem>(`/items/${id}`),
      update: (id: number, body: Partial<RolloutItem>, etag: string) => send<RolloutItem>('PATCH', `/items/${id}`, body, etag),
      /** A move of an item that already has a wave or date needs the reason (docs/metrics.md); empty fields are left out. */
      assign: (items: Array<{ councilId: number; featureId: number; waveId: number | null; plannedDateOverride?: string | null }>, why: { reasonCategory?: string; reason?: string } = {}) =>
        send<{ created: number; updated: number; items: RolloutItem[] }>('POST', '/items/assignments', {
          items, ...(why.reasonCategory ? { reasonCategory: why.reasonCategory } : {}), ...(why.reason ? { reason: why.reason } : {}),
        }),
      history: (id: number) => get<Page<AuditEntry>>(`/items/${id}/history`, { limit: 100 }),
    },
    baselines: {
      list: () => get<Page<BaselineSummary>>('/baselines'),
      /** Two plans side by side; without `against`, the current plan: the preview of approving it now. */
      compare: (base?: number, against?: number) => get<BaselineComparison>('/baselines/compare', { base, against }),
      approve: (name: string, note: string, approvedBy?: string, why?: { reasonCategory: string; reason: string }) => send<BaselineSummary>('POST', '/baselines', {
        name, note, ...(approvedBy ? { approvedBy } : {}), ...(why?.reasonCategory ? { reasonCategory: why.reasonCategory } : {}), ...(why?.reason ? { reason: why.reason } : {}),
      }),
    },
    criteria: {
      list: () => get<Page<Criterion>>('/criteria', { limit: 500 }),
      update: (id: number, body: Partial<Criterion>, etag: string) => send<Criterion>('PATCH', `/criteria/${id}`, body, etag),
      create: (body: Partial<Criterion>) => send<Criterion>('POST', '/criteria', body),
      /** The ramp towards go-live in force today and every ramp recorded (docs/readiness.md). */
      ramps: (id: number) => get<RampHistory>(`/criteria/${id}/ramps`),
      setRamp: (id: number, body: NewRamp) => send<Ramp>('POST', `/criteria/${id}/ramps`, body),
      programmeReadings: (id: number) => get<Page<ProgrammeReading>>(`/criteria/${id}/programme-readings`, { limit: 100 }),
      recordProgrammeReading: (id: number, body: NewProgrammeReading) => send<ProgrammeReading>('POST', `/criteria/${id}/programme-readings`, body),
    },
    readings: {
      list: (query: Query) => get<Page<Reading>>('/readings', query),
      bulk: (readings: ReadingInput[]) => send<{ stored: number; readings: Reading[] }>('POST', '/readings/bulk', { readings }),
      csv: async (text: string) => (await request<{ stored: number; readings: Reading[] }>('POST', '/readings/csv', { csv: text })).body,
    },
    gates: {
      get: (itemId: number) => get<ItemGate>(`/items/${itemId}/gate`),
      decide: (itemId: number, decision: 'go' | 'no_go' | 'go_override', reason?: string) =>
        send<GateDecision>('POST', `/items/${itemId}/gate`, { decision, ...(reason ? { reason } : {}) }),
    },
    wins: {
      list: (query: Query = {}) => get<Page<Win>>('/wins', { limit: 100, ...query }),
      create: (body: RequestBody<'createWin'>) => send<Win>('POST', '/wins', body),
    },
    /** The plan in time and the what-if of moving a wave (docs/timeline.md). */
    timeline: {
      /** One page of councils (by name) with their items, and what concerns them (docs/timeline.md, "Pages of councils"). */
      get: (councilOffset = 0, councilLimit = 50) => get<TimelineData>('/timeline', { councilOffset: councilOffset || undefined, councilLimit }),
      /** The version of a wave or an item to preview a move against; applying sends the same one, so a change made in between is refused (412). */
      versionOf: async (what: 'wave' | 'item', id: number) => (what === 'wave' ? await versioned<Wave>(`/waves/${id}`) : await versioned<RolloutItem>(`/items/${id}`)).etag,
      /** Moves a wave (preview: reports what it would do, stores nothing). */
      moveWave: (id: number, body: { plannedGoLive: string; reasonCategory: string; reason: string }, preview: boolean, etag: string) =>
        send<Impact>('POST', `/plan-changes/waves/${id}?preview=${preview}`, body, etag),
      /** Moves an item to another wave or its own date (preview: reports what it would do, stores nothing). */
      moveItem: (id: number, body: { waveId?: number | null; plannedDateOverride?: string | null; reasonCategory: string; reason: string }, preview: boolean, etag: string) =>
        send<Impact>('POST', `/plan-changes/items/${id}?preview=${preview}`, body, etag),
      capacities: () => get<Page<CouncilCapacity>>('/capacities', { limit: 500 }),
      createCapacity: (body: { councilId: number; trainerSessionsPerWeek: number; floorwalkerShiftsPerWeek: number; note?: string }) => send<CouncilCapacity>('POST', '/capacities', body),
      updateCapacity: (id: number, body: { trainerSessionsPerWeek: number; floorwalkerShiftsPerWeek: number; note: string }, etag: string) => send<CouncilCapacity>('PATCH', `/capacities/${id}`, body, etag),
      removeCapacity: (id: number, etag: string) => send<void>('DELETE', `/capacities/${id}`, undefined, etag),
      supportNeeds: () => get<Page<SupportNeed>>('/support-needs', { limit: 500 }),
      createSupportNeed: (body: { featureId: number; trainerSessions: number; floorwalkerShifts: number; note?: string }) => send<SupportNeed>('POST', '/support-needs', body),
      updateSupportNeed: (id: number, body: { trainerSessions: number; floorwalkerShifts: number; note: string }, etag: string) => send<SupportNeed>('PATCH', `/support-needs/${id}`, body, etag),
      removeSupportNeed: (id: number, etag: string) => send<void>('DELETE', `/support-needs/${id}`, undefined, etag),
      dependencies: () => get<Page<Dependency>>('/dependencies', { limit: 500 }),
      /** Adds a dependency (preview: reports what it would break, stores nothing). */
      addDependency: (body: NewDependency, preview: boolean) => send<Impact>('POST', `/plan-changes/dependencies?preview=${preview}`, body),
      removeDependency: (id: number, etag: string) => send<void>('DELETE', `/dependencies/${id}`, undefined, etag),
    },
    /** The RAID log, actions and the programme status (docs/raid.md). */
    raid: {
      summary: (councilId?: number, asOf?: string) => get<RaidSummary>('/raid/summary', { councilId, asOf }),
      entries: (query: Query = {}) => get<Page<RaidEntry>>('/raid/entries', { limit: 200, ...query }),
      createAction: (body: { title: string; dueDate: string; itemId?: number; raidEntryId?: number; ownerUserId?: number; ownerName?: string }) => send<RaidAction>('POST', '/raid/actions', body),
      entry: (id: number) => versioned<RaidEntry>(`/raid/entries/${id}`),
      createEntry: (body: Record<string, unknown>) => send<RaidEntry>('POST', '/raid/entries', body),
      updateEntry: (id: number, body: Record<string, unknown>, etag: string) => send<RaidEntry>('PATCH', `/raid/entries/${id}`, body, etag),
      actions: (query: Query = {}) => get<Page<RaidAction>>('/raid/actions', { limit: 200, ...query }),
      updateAction: (id: number, body: RequestBody<'updateRaidAction'>, etag: string) => send<RaidAction>('PATCH', `/raid/actions/${id}`, body, etag),
      owners: () => get<PossibleOwner[]>('/raid/owners'),
      importLog: async (mode: 'preview' | 'apply', text: string) => (await request<RaidImportResult>('POST', `/imports/raid?mode=${mode}`, { csv: text })).body,
      statuses: () => get<Page<ProgrammeStatus>>('/programme-status', { limit: 24 }),
    },
    users: {
      list: () => get<Page<User>>('/users', { limit: 500 }),
      create: (body: RequestBody<'createUser'>) => send<User>('POST', '/users', body),
      get: (id: number) => versioned<User>(`/users/${id}`),
      update: (id: number, body: Partial<User>, etag: string) => send<User>('PATCH', `/users/${id}`, body, etag),
    },
    audit: (query: Query) => get<Page<AuditEntry>>('/audit', query),
    auditVerification: () => get<AuditVerification>('/audit/verification'),
    reports: {
      board: (from?: string, to?: string, baselineId?: number) => get<BoardReport>('/reports/board', { from, to, baselineId }),
      issued: () => get<IssuedReportSummary[]>('/reports/board/issued'),
      issuedOne: (id: number) => get<IssuedReport>(`/reports/board/issued/${id}`),
      issue: (body: { from?: string; to?: string; title?: string }) => send<IssuedReport>('POST', '/reports/board/issued', body),
    },
    shareLinks: {
      list: () => get<ShareLink[]>('/share-links'),
      create: (label: string, expiresOn?: string) => send<NewShareLink>('POST', '/share-links', { label, ...(expiresOn ? { expiresOn } : {}) }),
      revoke: (id: number) => send<void>('DELETE', `/share-links/${id}`),
      current: () => get<{ label: string; expiresAt: string }>('/share-links/current'),
    },
    settings: () => get<Settings>('/settings'),
    exports: () => get<ExportEntry[]>('/exports'),
    importPlan: async (mode: 'preview' | 'apply', text: string) => (await request<PlanImportResult>('POST', `/imports/plan?mode=${mode}`, { csv: text })).body,
    engagement: {
      summary: () => get<EngagementSummary>('/engagement/summary'),
      council: (id: number) => get<CouncilEngagement>(`/engagement/councils/${id}`),
      activities: (query: Query = {}) => get<Page<Activity>>('/engagement/activities', { limit: 500, ...query }),
      createActivity: (body: Record<string, unknown>) => send<Activity>('POST', '/engagement/activities', body),
      updateActivity: (id: number, body: Record<string, unknown>, etag: string) => send<Activity>('PATCH', `/engagement/activities/${id}`, body, etag),
      deleteActivity: (id: number, etag: string) => send<void>('DELETE', `/engagement/activities/${id}`, undefined, etag),
      templates: () => get<Page<TemplateActivity>>('/engagement/templates', { limit: 500 }),
      createTemplate: (body: Record<string, unknown>) => send<TemplateActivity>('POST', '/engagement/templates', body),
      applyTemplate: (councilId: number, waveId: number) => send<AppliedTemplate>('POST', '/engagement/templates/apply', { councilId, waveId }),
      questions: (query: Query = {}) => get<Page<Question>>('/engagement/questions', { limit: 500, ...query }),
      logQuestion: (body: RequestBody<'createEngagementQuestion'>) => send<Question>('POST', '/engagement/questions', body),
      updateQuestion: (id: number, body: RequestBody<'updateEngagementQuestion'>, etag: string) => send<Question>('PATCH', `/engagement/questions/${id}`, body, etag),
      deleteQuestion: (id: number, etag: string) => send<void>('DELETE', `/engagement/questions/${id}`, undefined, etag),
      faq: (featureId?: number) => get<Faq>('/engagement/faq', { featureId }),
    },
    notifications: {
      list: (query: Query = {}) => get<Page<Notification>>('/notifications', { limit: 100, ...query }),
      unreadCount: () => get<{ unread: number }>('/notifications/unread-count'),
      markRead: (ids: number[] | 'all') => send<{ unread: number }>('POST', '/notifications/read', ids === 'all' ? { all: true } : { ids }),
      preferences: () => get<NotificationPreferences>('/notifications/preferences'),
      savePreferences: (preferences: Array<{ kind: string; inApp: boolean; email: boolean }>) =>
        send<NotificationPreferences>('PUT', '/notifications/preferences', { preferences }),
      outbox: (query: Query = {}) => get<Page<OutboxEntry>>('/notifications/outbox', { limit: 200, ...query }),
      outboxSummary: () => get<OutboxSummary>('/notifications/outbox/summary'),
      outboxEntry: (id: number) => get<OutboxDetail>(`/notifications/outbox/${id}`),
      resend: (id: number) => send<OutboxDetail>('POST', `/notifications/outbox/${id}/resend`),
      preview: (userId: number) => get<DigestPreview>('/notifications/digest-preview', { userId }),
    },
  };
}

export type Api = ReturnType<typeof createApi>;

import { z } from 'zod';
import { metaOf, type InputTarget, type RouteAccess, type RouteMeta } from '../http/route-meta.ts';
import { errorComponents, responseName } from './errors.ts';
import { API_INTRODUCTION } from './introduction.ts';
import { ROUTE_NOTES, type RouteNote } from './notes.ts';

/** One registered handler as Hono lists it in `app.routes`. */
export interface RegisteredRoute {
  method: string;
  path: string;
  handler: unknown;
}

/** A route of the API: its method, its Hono path, and what its middlewares say about it, in order. */
export interface DescribedRoute {
  method: string;
  path: string;
  metas: RouteMeta[];
}

type JsonSchema = Record<string, unknown>;

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The routes under /api, each once, with the metadata of every handler registered for it. Hono lists a
 * route's middlewares and handler as separate entries of one method and path; `ALL` entries are the
 * app-wide middlewares (`app.use`), described once in the document's introduction instead.
 */
export function apiRoutes(routes: readonly RegisteredRoute[]): DescribedRoute[] {
  const byKey = new Map<string, DescribedRoute>();
  for (const r of routes) {
    if (r.method === 'ALL' || !r.path.startsWith('/api/')) continue;
    const key = `${r.method} ${r.path}`;
    const route = byKey.get(key) ?? { method: r.method, path: r.path, metas: [] };
    const meta = metaOf(r.handler);
    if (meta) route.metas.push(meta);
    byKey.set(key, route);
  }
  return [...byKey.values()];
}

/** Who may call the route: the last access a middleware declares; none declared is public. */
export function accessOf(route: DescribedRoute): RouteAccess {
  return route.metas.reduce<RouteAccess>((found, m) => m.access ?? found, { kind: 'public' });
}

const toSchema = (schema: unknown): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

function inputOf(route: DescribedRoute, target: InputTarget): JsonSchema | undefined {
  const found = route.metas.find((m) => m.input?.target === target);
  return found ? toSchema(found.input!.schema) : undefined;
}

/** `/api/areas/:id/ledger/:date` → `/api/areas/{id}/ledger/{date}` (a Hono pattern `:id{[0-9]+}` loses its pattern). */
export const openApiPath = (path: string) => path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');
const pathParams = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);

function parameters(route: DescribedRoute) {
  const out: Record<string, unknown>[] = [];
  const props = (s: JsonSchema | undefined) => (s?.properties ?? {}) as Record<string, JsonSchema>;
  const required = (s: JsonSchema | undefined) => new Set((s?.required ?? []) as string[]);
  const param = inputOf(route, 'param');
  for (const name of pathParams(route.path)) out.push({ name, in: 'path', required: true, schema: props(param)[name] ?? { type: 'string' } });
  for (const [where, target] of [['query', 'query'], ['header', 'header'], ['cookie', 'cookie']] as const) {
    const s = inputOf(route, target);
    for (const [name, schema] of Object.entries(props(s))) out.push({ name, in: where, required: required(s).has(name), schema });
  }
  return out;
}

function requestBody(route: DescribedRoute) {
  const content: Record<string, { schema: JsonSchema }> = {};
  const json = inputOf(route, 'json');
  const form = inputOf(route, 'form');
  if (json) content['application/json'] = { schema: json };
  if (form) content['application/x-www-form-urlencoded'] = { schema: form };
  const schema = json ?? form;
  if (!schema) return undefined;
  return { required: Array.isArray(schema.required) && schema.required.length > 0, content };
}

/** Does a body schema name a record by id anywhere (`areaId`, `items[].assetId`, `personIds`)? */
function namesRecords(schema: unknown): boolean {
  if (!schema || typeof schema !== 'object') return false;
  const s = schema as JsonSchema;
  const props = (s.properties ?? {}) as Record<string, unknown>;
  if (Object.keys(props).some((k) => /Ids?$/.test(k))) return true;
  return Object.values(s).some((v) => (Array.isArray(v) ? v.some(namesRecords) : namesRecords(v)));
}

/**
 * The error statuses a route can answer: those its middlewares declare, plus what follows from the
 * app-wide middlewares and the kind of route (see the introduction for each rule).
 */
export function errorStatuses(route: DescribedRoute, note?: RouteNote): number[] {
  const statuses = new Set<number>(route.metas.flatMap((m) => m.errors ?? []));
  const access = accessOf(route);
  const mutation = !SAFE.has(route.method);
  if (mutation) {
    statuses.add(413); // the body limit on /api/*
    statuses.add(503); // an integrity alarm stops every write
    statuses.add(409);
    if (access.kind === 'roles' || access.kind === 'signed-in') statuses.add(403); // CSRF and Origin
  }
  const namesInBody = namesRecords(inputOf(route, 'json'));
  if (access.kind === 'kiosk' && namesInBody) statuses.add(403); // an area (or its request) the kiosk does not serve
  if (pathParams(route.path).length > 0 || namesInBody) statuses.add(404);
  statuses.add(431);
  for (const s of note?.errors ?? []) statuses.add(s);
  return [...statuses].sort((a, b) => a - b);
}

function security(access: RouteAccess, method: string) {
  switch (access.kind) {
    case 'public':
      return [];
    case 'kiosk':
      return [{ kioskToken: [] }];
    default:
      return [SAFE.has(method) ? { session: [] } : { session: [], csrfToken: [] }];
  }
}

function whoMay(access: RouteAccess): string {
  switch (access.kind) {
    case 'public':
      return 'Anyone (no sign-in).';
    case 'signed-in':
      return 'Any signed-in person, whatever their roles.';
    case 'roles':
      return `Signed-in people holding one of: ${access.roles.join(', ')}.`;
    case 'kiosk':
      return access.handover ? 'A kiosk, by its device token; a kiosk revoked since may still hand over what it kept.' : 'A kiosk, by its device token.';
  }
}

function success(route: DescribedRoute, note: RouteNote | undefined) {
  const declared = note?.success ?? route.metas.reduce<RouteMeta['success']>((found, m) => m.success ?? found, undefined);
  const status = declared?.status !== undefined ? String(declared.status) : SAFE.has(route.method) ? '200' : '2XX';
  const usual = status === '2XX' ? 'Done: 201 when a record was created, 204 when there is nothing to answer, 200 otherwise.' : status === '201' ? 'Created.' : status === '204' ? 'Done; nothing to answer.' : 'OK';
  const description = declared?.description ?? usual;
  const contentType = declared?.contentType ?? 'application/json';
  return { [status]: { description, ...(status === '204' ? {} : { content: { [contentType]: {} } }) } };
}

function operation(route: DescribedRoute) {
  const key = `${route.method} ${route.path}`;
  const note = ROUTE_NOTES[key];
  const access = accessOf(route);
  const described = route.metas.reduce<Pick<RouteMeta, 'summary' | 'description'>>((found, m) => ({ summary: m.summary ?? found.summary, description: m.description ?? found.description }), {});
  const summary = note?.summary ?? described.summary ?? key;
  const body = requestBody(route);
  const errors = errorStatuses(route, note);
  return {
    operationId: `${route.method.toLowerCase()}${openApiPath(route.path).replace(/^\/api/, '').replace(/[^A-Za-z0-9]+(\w)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary,
    description: [whoMay(access), note?.description ?? described.description].filter(Boolean).join('\n\n'),
    tags: [route.path.split('/')[2]!],
    'x-access': access.kind,
    ...(access.kind === 'roles' ? { 'x-roles': [...access.roles] } : {}),
    ...(access.kind === 'kiosk' && access.handover ? { 'x-kiosk-handover': true } : {}),
    ...(note?.ceremony ? { 'x-passkey-ceremony': true } : {}),
    ...(note?.refusals ? { 'x-refusal-reasons': { $ref: `#/components/schemas/${note.refusals === 'access' ? 'AccessRefusalReason' : 'MovementRefusalReason'}` } } : {}),
    security: security(access, route.method),
    parameters: parameters(route),
    ...(body ? { requestBody: body } : {}),
    responses: {
      ...success(route, note),
      ...Object.fromEntries(errors.map((s) => [String(s), { $ref: `#/components/responses/${responseName(s)}` }])),
      default: { $ref: `#/components/responses/${responseName(500)}` },
    },
  };
}

export interface DocumentFacts {
  version: string;
  /** The session cookie's name (`__Host-` prefixed when served over HTTPS). */
  sessionCookie: string;
}

/** The OpenAPI 3.1 document of every /api route of the built app. */
export function buildDocument(routes: readonly RegisteredRoute[], facts: DocumentFacts) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of apiRoutes(routes)) {
    const item = (paths[openApiPath(route.path)] ??= {});
    item[route.method.toLowerCase()] = operation(route);
  }
  const { schemas, responses } = errorComponents();
  return {
    openapi: '3.1.0',
    info: { title: '入退室・持込持出管理台帳 API / Access and custody ledger API', version: facts.version, description: API_INTRODUCTION },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas,
      responses,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: facts.sessionCookie, description: 'Set by POST /api/auth/login/verify (or registration/verify) after a passkey ceremony.' },
        csrfToken: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: 'The session’s csrfToken, answered by login/verify and by GET /api/auth/me. Required on every POST, PUT, PATCH and DELETE made with the session cookie.' },
        kioskToken: { type: 'http', scheme: 'bearer', description: 'The device token a kiosk gets from POST /api/kiosk/enrol with the one-time code an admin issued.' },
      },
    },
  };
}

export type ApiDocument = ReturnType<typeof buildDocument>;

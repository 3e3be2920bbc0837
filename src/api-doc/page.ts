import { html, raw, type Raw } from '../http/html.ts';
import type { ApiDocument } from './document.ts';

type Schema = Record<string, unknown>;
interface Operation {
  summary: string;
  description: string;
  tags: string[];
  'x-access': string;
  'x-roles'?: string[];
  parameters: { name: string; in: string; required: boolean; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description?: string; $ref?: string; content?: Record<string, unknown> }>;
}

/** A JSON schema as a short type: `integer`, `"in" | "out"`, `string[]`, `ErrorCode`. */
function typeOf(s: Schema | undefined): string {
  if (!s) return 'any';
  if (typeof s.$ref === 'string') return s.$ref.split('/').pop()!;
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if ('const' in s) return JSON.stringify(s.const);
  const union = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (union) return [...new Set(union.map(typeOf))].join(' | ');
  if (s.type === 'array') return `${typeOf(s.items as Schema)}[]`;
  if (Array.isArray(s.type)) return s.type.join(' | ');
  return typeof s.type === 'string' ? s.type : 'any';
}

const limits = (s: Schema) =>
  [
    ['minLength', 'min length'],
    ['maxLength', 'max length'],
    ['minimum', '≥'],
    ['maximum', '≤'],
    ['minItems', 'min items'],
    ['maxItems', 'max items'],
    ['format', 'format'],
    ['pattern', 'pattern'],
  ]
    // A format says what its long generated pattern says; the largest safe integer is no limit to a reader.
    .filter(([k]) => s[k!] !== undefined && !(k === 'maximum' && s[k] === Number.MAX_SAFE_INTEGER) && !(k === 'pattern' && s.format !== undefined))
    .map(([k, label]) => `${label} ${String(s[k!])}`)
    .join(', ');

interface Field {
  path: string;
  type: string;
  required: boolean;
  notes: string;
}

/** A body schema's fields, nested ones dotted (`items[].assetId`); the variants of a union merged. */
function fieldsOf(s: Schema | undefined, prefix = '', required = true, depth = 0): Field[] {
  if (!s || depth > 4) return [];
  const variants = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (variants && variants.some((v) => v.type === 'object')) return variants.flatMap((v) => fieldsOf(v, prefix, false, depth));
  if (s.type === 'array' && (s.items as Schema | undefined)?.type === 'object') return fieldsOf(s.items as Schema, `${prefix}[]`, required, depth + 1);
  if (s.type !== 'object' || !s.properties) return [];
  const req = new Set((s.required ?? []) as string[]);
  return Object.entries(s.properties as Record<string, Schema>).flatMap(([name, p]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    const own: Field = { path, type: typeOf(p), required: required && req.has(name), notes: [p.description, limits(p)].filter(Boolean).join('; ') };
    return [own, ...fieldsOf(p, path, required && req.has(name), depth + 1)];
  });
}

/** `code` and **bold** of the document's descriptions, after escaping. */
const inline = (text: string): Raw =>
  raw(
    html`${text}`.html
      .replace(/`([^`]+)`/g, '<code>$1</code>')
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>'),
  );
const paragraphs = (text: string) => text.split(/\n\s*\n/).map((p) => html`<p>${inline(p.replace(/\n/g, ' '))}</p>`);

function fieldTable(caption: string, rows: Field[]) {
  if (rows.length === 0) return '';
  return html`<table><caption>${caption}</caption><thead><tr><th>field</th><th>type</th><th>required</th><th>notes</th></tr></thead><tbody>${rows.map(
    (f) => html`<tr><td><code>${f.path}</code></td><td><code>${f.type}</code></td><td>${f.required ? 'yes' : ''}</td><td>${f.notes}</td></tr>`,
  )}</tbody></table>`;
}

function operationSection(doc: ApiDocument, method: string, path: string, op: Operation) {
  const id = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-');
  // Named as an error's details.issues[].path names them (`param.id`, `query.date`).
  const params = op.parameters.map((p) => ({ path: `${p.in === 'path' ? 'param' : p.in}.${p.name}`, type: typeOf(p.schema), required: p.required, notes: limits(p.schema) }));
  const body = op.requestBody?.content['application/json']?.schema;
  const responses = Object.entries(op.responses).map(([status, r]) => {
    const resolved = r.$ref ? (doc.components.responses as Record<string, { description: string }>)[r.$ref.split('/').pop()!] : r;
    const type = r.$ref ? 'Error' : Object.keys(r.content ?? {})[0] ?? '';
    return html`<tr><td>${status}</td><td><code>${type}</code></td><td>${inline(resolved?.description ?? '')}</td></tr>`;
  });
  return html`<section class="op" id="${id}" aria-labelledby="${id}-h">
<h3 id="${id}-h"><span class="method ${method}">${method.toUpperCase()}</span> <code>${path}</code></h3>
<p class="summary">${op.summary}</p>
${paragraphs(op.description)}
${fieldTable('parameters', params)}
${fieldTable('body (application/json)', fieldsOf(body))}
<table><caption>responses</caption><thead><tr><th>status</th><th>body</th><th>meaning</th></tr></thead><tbody>${responses}</tbody></table>
</section>`;
}

/** The reference page, rendered on the server from the document: no script, our own stylesheet. */
export function referencePage(doc: ApiDocument): string {
  const ops = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op: op as Operation })));
  const tags = [...new Set(ops.map((o) => o.op.tags[0]!))].sort();
  const schemas = doc.components.schemas;
  const codes = Object.entries(schemas.ErrorCode['x-status']);
  const body = html`<header><h1>API リファレンス / API reference</h1><p>${doc.info.title} — ${doc.info.version}. <a href="/api/openapi.json">openapi.json</a> (OpenAPI ${doc.openapi})</p></header>
<main>
<section aria-labelledby="intro-h"><h2 id="intro-h">はじめに / Introduction</h2>${paragraphs(doc.info.description)}</section>
<section aria-labelledby="codes-h"><h2 id="codes-h">エラーコード / Error codes</h2>
<table><thead><tr><th>code</th><th>status</th></tr></thead><tbody>${codes.map(([code, status]) => html`<tr><td><code>${code}</code></td><td>${status}</td></tr>`)}</tbody></table>
<h3>AccessRefusalReason</h3><p>${inline(schemas.AccessRefusalReason.description)}</p><p>${schemas.AccessRefusalReason.enum.map((r) => html`<code>${r}</code> `)}</p>
<h3>MovementRefusalReason</h3><p>${inline(schemas.MovementRefusalReason.description)}</p><p>${schemas.MovementRefusalReason.enum.map((r) => html`<code>${r}</code> `)}</p>
</section>
<nav aria-labelledby="toc-h"><h2 id="toc-h">ルート一覧 / Routes</h2>${tags.map(
    (t) => html`<h3>${t}</h3><ul>${ops
      .filter((o) => o.op.tags[0] === t)
      .map((o) => html`<li><a href="#${`${o.method}-${o.path}`.replace(/[^A-Za-z0-9]+/g, '-')}"><span class="method ${o.method}">${o.method.toUpperCase()}</span> <code>${o.path}</code></a> ${o.op.summary}</li>`)}</ul>`,
  )}</nav>
${tags.map((t) => html`<section class="tag" aria-labelledby="tag-${t}"><h2 id="tag-${t}">${t}</h2>${ops.filter((o) => o.op.tags[0] === t).map((o) => operationSection(doc, o.method, o.path, o.op))}</section>`)}
</main>`;
  return `<!doctype html>${html`<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>API リファレンス / API reference</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/api/docs.css"></head><body>${body}</body></html>`.html}`;
}

export const REFERENCE_CSS = `body{font-family:system-ui,"Noto Sans JP",sans-serif;margin:0 auto;max-width:70rem;padding:1rem 1.5rem;color:#1a1a1a;line-height:1.5}
code{font-family:ui-monospace,monospace;font-size:.92em;background:#f2f2f2;padding:0 .2em;border-radius:3px}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f7f7f7}
.op{border-top:2px solid #ddd;padding-top:.5rem;margin-top:1.5rem}.op h3{margin:.25rem 0}
.summary{font-weight:600;margin:.25rem 0}.access{margin:.25rem 0;color:#444}
.method{display:inline-block;min-width:4.5em;font-family:ui-monospace,monospace;font-weight:700}
.get{color:#05632e}.post{color:#0b4f9c}.patch,.put{color:#7a4b00}.delete{color:#a1161b}
nav ul{list-style:none;padding-left:0;columns:2}nav li{break-inside:avoid}
`;

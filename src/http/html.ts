/** HTML built by tagged templates: every interpolated value is escaped unless wrapped in raw(). */
export class Raw {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export function raw(html: string): Raw {
  return new Raw(html);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

type Value = string | number | boolean | null | undefined | Raw | Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Raw) return v.html;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Raw {
  return new Raw(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), ''));
}

/** A printable page: no script at all, styles from the server's own stylesheet (CSP allows 'self' only). */
export function printPage(opts: { title: string; lang?: string; body: Raw; stylesheet?: string }): string {
  return `<!doctype html>${html`<html lang="${opts.lang ?? 'ja'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${opts.title}</title><link rel="stylesheet" href="${opts.stylesheet ?? '/print.css'}"></head><body>${opts.body}</body></html>`.html}`;
}

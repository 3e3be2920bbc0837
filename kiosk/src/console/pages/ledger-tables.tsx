import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { t, type Msg } from '../../shared/i18n.ts';
import { api, hasRole } from '../session.ts';
import { dateTime, localDateTimeToIso, localDay, time } from '../format.ts';
import { DIRECTION_LABEL, FLAG_LABEL, label, METHOD_LABEL, REFUSAL_LABEL } from '../messages.ts';
import type { PaperNote, RefusalRow, StayRow } from '../types.ts';
import { Tag } from '../ui/common.tsx';
import { FormProblem, requireFields, SelectField, Submit, TextField, useForm } from '../ui/form.tsx';

/** Times on the ledger's own day show as hh:mm; a stay crossing midnight shows the full date. */
function at(iso: string | null, day: string): string {
  if (!iso) return '';
  return localDay(new Date(iso)) === day ? time(iso) : dateTime(iso);
}

/** The stay's methods, each kept whole on a line (a narrow column would break 事後記録 after every character). */
function Methods({ s }: { s: StayRow }) {
  const m = [...new Set([s.entryMethod, s.exitMethod].filter((x): x is NonNullable<typeof x> => x !== null))];
  return (
    <>
      {m.map((x, i) => (
        <Fragment key={x}>
          {i > 0 && ' / '}
          <span class="nowrap">{label(METHOD_LABEL, x)}</span>
        </Fragment>
      ))}
    </>
  );
}

/** What the stay and refusal tables read: an area's daily ledger, or a site's (whose rows name their area). */
interface LedgerRows {
  day: string;
  stays: StayRow[];
  refusals: RefusalRow[];
}

/** Under a paper record's claimed time: when it was entered into the system (B12). */
function RecordedAt({ s, direction, day }: { s: StayRow; direction: 'in' | 'out'; day: string }) {
  const note = s.paper?.find((n) => n.direction === direction);
  if (!note) return null;
  const d = new Date(note.recordedAt);
  const when = localDay(d) === day ? time(note.recordedAt) : `${d.getMonth() + 1}/${d.getDate()} ${time(note.recordedAt)}`;
  return <div class="small muted">{t({ ja: '（{at} 記録）', en: '(entered {at})' }, { at: when })}</div>;
}

function PaperRemark({ notes }: { notes: PaperNote[] }) {
  const n = notes[0]!;
  return (
    <div class="small">
      <Tag kind="flag">{t({ ja: '事後記録', en: 'Entered later' })}</Tag>{' '}
      <span class="muted">
        {t(
          { ja: '{who}が紙の記録（{sheet}）から入力。理由：{reason}', en: 'Entered from paper ({sheet}) by {who}. Reason: {reason}' },
          { who: n.recordedByName ?? '', sheet: n.sheet, reason: n.reason },
        )}
      </span>
    </div>
  );
}

export function StaysTable({ ledger, onCorrected, withArea = false }: { ledger: LedgerRows; onCorrected: () => void; withArea?: boolean }) {
  const supervisor = hasRole('supervisor');
  const [open, setOpen] = useState<number | null>(null);
  return (
    <table class="list ledger" aria-label={t({ ja: '入退室の記録', en: 'Stays' })}>
      <thead>
        <tr>
          <th>No.</th>
          {withArea && <th>{t({ ja: '区域', en: 'Area' })}</th>}
          <th>{t({ ja: '氏名', en: 'Name' })}</th>
          <th>{t({ ja: '所属', en: 'Organisation' })}</th>
          <th>{t({ ja: '目的', en: 'Purpose' })}</th>
          <th>{t({ ja: '入室', en: 'Entry' })}</th>
          <th>{t({ ja: '退室', en: 'Exit' })}</th>
          <th>{t({ ja: '認証方法', en: 'Method' })}</th>
          <th>{t({ ja: '備考', en: 'Remarks' })}</th>
          {supervisor && <th />}
        </tr>
      </thead>
      <tbody>
        {ledger.stays.map((s, i) => (
          <Fragment key={i}>
            <tr class={s.missingExit ? 'missing' : undefined}>
              <td>{i + 1}</td>
              {withArea && <td>{'area' in s && s.area.name}</td>}
              <td>
                {personName(s.name)}
                {s.kana && <div class="muted small">{s.kana}</div>}
                {s.kind === 'visitor' && (
                  <div class="small">
                    <Tag kind="visitor">{t({ ja: '来訪者', en: 'Visitor' })}</Tag> {s.escortName && t({ ja: '付添：{name}', en: 'Escort: {name}' }, { name: s.escortName })}
                  </div>
                )}
              </td>
              <td>{s.affiliation}</td>
              <td>{s.purpose}</td>
              <td class="nowrap">
                {at(s.entryAt, ledger.day) || '—'}
                <RecordedAt s={s} direction="in" day={ledger.day} />
              </td>
              <td class="nowrap">
                {s.missingExit ? <strong class="missing-exit">{t({ ja: '未退室', en: 'No exit' })}</strong> : at(s.exitAt, ledger.day)}
                <RecordedAt s={s} direction="out" day={ledger.day} />
              </td>
              <td>
                <Methods s={s} />
              </td>
              <td>
                {s.flags.map((f) => (
                  <Tag key={f} kind="flag">
                    {label(FLAG_LABEL, f)}
                  </Tag>
                ))}
                {s.paper && <PaperRemark notes={s.paper} />}
                {s.corrected && s.correctionReason && <div class="small muted">{t({ ja: '訂正理由：{r}', en: 'Correction: {r}' }, { r: s.correctionReason })}</div>}
              </td>
              {supervisor && (
                <td>
                  <button type="button" class="small" onClick={() => setOpen(open === i ? null : i)} aria-expanded={open === i}>
                    {t({ ja: '訂正', en: 'Correct' })}
                  </button>
                </td>
              )}
            </tr>
            {supervisor && open === i && (
              <tr class="correction-row">
                <td colSpan={withArea ? 10 : 9}>
                  <CorrectionForm
                    stay={s}
                    onDone={() => {
                      setOpen(null);
                      onCorrected();
                    }}
                    onCancel={() => setOpen(null)}
                  />
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

const KINDS: Record<string, Msg> = {
  add_exit: { ja: '退室を追記（退室の記録漏れ）', en: 'Add the missing exit' },
  add_entry: { ja: '入室を追記（入室の記録漏れ）', en: 'Add the missing entry' },
  void_entry: { ja: '入室記録を取り消す（誤記録）', en: 'Void the entry (recorded in error)' },
  void_exit: { ja: '退室記録を取り消す（誤記録）', en: 'Void the exit (recorded in error)' },
};

/** A correction is a new event that references the original, with the real time and a reason (B3). */
function CorrectionForm({ stay, onDone, onCancel }: { stay: StayRow; onDone: () => void; onCancel: () => void }) {
  const kinds = [
    stay.missingExit && stay.entryEventId !== null ? 'add_exit' : null,
    stay.entryAt === null && stay.exitEventId !== null ? 'add_entry' : null,
    stay.entryEventId !== null ? 'void_entry' : null,
    stay.exitEventId !== null ? 'void_exit' : null,
  ].filter((k): k is string => k !== null);
  const form = useForm(
    { kind: kinds[0] ?? '', occurredAt: '', reason: '' },
    {
      validate: (v) => {
        const out = requireFields(v, ['kind', 'reason']);
        if (!v.kind.startsWith('void') && !v.occurredAt) out['occurredAt'] = { ja: '実際の日時を入力してください', en: 'Enter when it really happened' };
        return out;
      },
      onSubmit: async (v) => {
        const isVoid = v.kind.startsWith('void');
        const eventId = v.kind === 'add_exit' || v.kind === 'void_entry' ? stay.entryEventId : stay.exitEventId;
        await api('/api/access/corrections', {
          body: { eventId, kind: isVoid ? 'void' : v.kind, reason: v.reason, ...(isVoid ? {} : { occurredAt: localDateTimeToIso(v.occurredAt) }) },
        });
        onDone();
      },
    },
  );
  return (
    <form id={form.id} class="subform" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '訂正', en: 'Correction' })}>
      <p class="muted small">
        {t({ ja: '訂正は元の記録を書き換えず、元の記録を参照する新しい記録として残ります。承認済みの日は再承認が必要になります。', en: 'A correction never edits the original: it is a new record that references it. A signed-off day needs signing again.' })}
      </p>
      <div class="row">
        <SelectField form={form} name="kind" label={{ ja: '訂正の種類', en: 'Kind' }} required options={kinds.map((k) => ({ value: k, label: t(KINDS[k]!) }))} />
        {!form.values.kind.startsWith('void') && (
          <TextField form={form} name="occurredAt" type="datetime-local" label={{ ja: '実際の日時', en: 'When it really happened' }} required />
        )}
      </div>
      <TextField form={form} name="reason" label={{ ja: '理由', en: 'Reason' }} required multiline hint={{ ja: '例：退室時に端末へのタッチを忘れたと本人から申告', en: 'E.g. the person reports forgetting to badge out' }} />
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} label={{ ja: '訂正を記録', en: 'Record correction' }} />
        <button type="button" onClick={onCancel}>
          {t({ ja: 'やめる', en: 'Cancel' })}
        </button>
      </div>
    </form>
  );
}

export function RefusalsTable({ ledger, withArea = false }: { ledger: LedgerRows; withArea?: boolean }) {
  return (
    <table class="list" aria-label={t({ ja: '入室拒否の記録', en: 'Refusals' })}>
      <thead>
        <tr>
          <th>{t({ ja: '日時', en: 'Time' })}</th>
          {withArea && <th>{t({ ja: '区域', en: 'Area' })}</th>}
          <th>{t({ ja: '氏名', en: 'Name' })}</th>
          <th>{t({ ja: '所属', en: 'Organisation' })}</th>
          <th>{t({ ja: '入退室', en: 'Direction' })}</th>
          <th>{t({ ja: '認証方法', en: 'Method' })}</th>
          <th>{t({ ja: '拒否理由', en: 'Reason' })}</th>
        </tr>
      </thead>
      <tbody>
        {ledger.refusals.map((r) => (
          <tr key={r.eventId}>
            <td class="nowrap">{at(r.at, ledger.day)}</td>
            {withArea && <td>{'area' in r && r.area.name}</td>}
            <td>{personName(r.name)}</td>
            <td>{r.affiliation}</td>
            <td>{label(DIRECTION_LABEL, r.direction)}</td>
            <td class="nowrap">{label(METHOD_LABEL, r.method)}</td>
            <td>{label(REFUSAL_LABEL, r.refusalReason)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The ledger's content names a record nobody could be identified from 不明 (src/ledger/content.ts
 * UNKNOWN_NAME): it is part of the signed, printed record, so the screen translates it rather than the server.
 */
const UNKNOWN_NAME = '不明';
function personName(name: string): string {
  return name === UNKNOWN_NAME ? t({ ja: '不明', en: 'Unknown' }) : name;
}

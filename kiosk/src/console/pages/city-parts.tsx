import type { Ceremony } from '../types.ts';
import { useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { startAuthentication } from '@simplewebauthn/browser';
import { t, type Msg } from '../../shared/i18n.ts';
import { api, hasRole } from '../session.ts';
import { dateTime } from '../format.ts';
import type { CityColumn, CityPermissionView, CityState } from '../custody/types.ts';
import { Banner, ErrorBanner, Tag } from '../ui/common.tsx';
import { FormProblem, requireFields, Submit, TextField, useForm } from '../ui/form.tsx';

export type CitySubjectPath = 'custody-requests' | 'disposal-requests' | 'asset-networks' | 'production-data';

/** 甲's column in words (F1). */
export const CITY_STATE_LABEL: Record<CityState, Msg> = {
  not_required: { ja: '不要', en: 'Not needed' },
  awaiting: { ja: '許可待ち', en: 'Awaiting the city' },
  permitted: { ja: '許可済み', en: 'Permitted' },
  paper: { ja: '書面で許可（市の確認待ち）', en: 'Permitted on paper (city to confirm)' },
  refused: { ja: '不許可', en: 'Refused' },
};

function PermissionLine({ p }: { p: CityPermissionView }) {
  const who =
    p.channel === 'paper' && p.paper
      ? t({ ja: '書面 {ref}（{day}、{section} {name}）、転記：{by}', en: 'Paper {ref} ({day}, {section} {name}), transcribed by {by}' }, { ref: p.paper.permitReference, day: p.paper.permitDate, section: p.paper.officialSection, name: p.paper.officialName, by: p.recordedBy.name })
      : t({ ja: '市職員 {name}', en: 'City staff {name}' }, { name: p.recordedBy.name });
  return (
    <li>
      {p.decision === 'refused' ? t({ ja: '不許可', en: 'Refused' }) : t({ ja: '許可', en: 'Permitted' })}：{who}（{dateTime(p.at)}）{p.reason && ` — ${p.reason}`}
      {p.review === 'confirmed' && <Tag kind="ok">{t({ ja: '市が確認済み', en: 'Confirmed by the city' })}</Tag>}
      {p.review === 'disputed' && <Tag kind="flag">{t({ ja: '市が異議', en: 'Disputed by the city' })}</Tag>}
      {p.review && p.reviewedBy && ` ${p.reviewedBy.name}（${dateTime(p.reviewedAt!)}${p.reviewDigest ? t({ ja: '、パスキーで署名', en: ', signed with a passkey' }) : ''}）${p.reviewNote ? ` — ${p.reviewNote}` : ''}`}
    </li>
  );
}

/** 乙の承認 | 甲の許可: the contractor's approvals and the city's permission side by side. */
export function SideBySide({ contractor, city }: { contractor: ComponentChildren; city: CityColumn }) {
  return (
    <div class="row side-by-side" role="group" aria-label={t({ ja: '承認と許可', en: 'Approval and permission' })}>
      <section aria-label={t({ ja: '乙の承認', en: "Contractor's approval" })}>
        <h3>{t({ ja: '乙の承認', en: "Contractor's approval" })}</h3>
        {contractor}
      </section>
      <section aria-label={t({ ja: '甲の許可', en: "City's permission" })}>
        <h3>{t({ ja: '甲の許可', en: "City's permission" })}</h3>
        <p>
          <Tag kind={city.state}>{t(CITY_STATE_LABEL[city.state])}</Tag>
        </p>
        {city.permissions.length > 0 && (
          <ul>
            {city.permissions.map((p) => (
              <PermissionLine key={p.id} p={p} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** 甲 permits with their own passkey (the signature covers the request as shown), or refuses with a reason. */
export function CityDecision({ path, id, onDone }: { path: CitySubjectPath; id: number; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const permit = async () => {
    setBusy(true);
    setError(null);
    try {
      const { options } = await api<Ceremony<'/api/city/:subject/:id/permit/options'>>(`/api/city/${path}/${id}/permit/options`, { method: 'POST' });
      const response = await startAuthentication({ optionsJSON: options });
      await api(`/api/city/${path}/${id}/permit`, { body: { response } });
      setDone(true);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const refuse = useForm(
    { reason: '' },
    {
      validate: (v) => requireFields(v, ['reason']),
      onSubmit: async (v) => {
        await api(`/api/city/${path}/${id}/refuse`, { body: v });
        onDone();
      },
    },
  );
  return (
    <div class="row" aria-label={t({ ja: '甲の判断', en: "The city's decision" })} role="group">
      <div>
        <button type="button" class="primary" onClick={() => void permit()} disabled={busy}>
          {busy ? t({ ja: 'パスキーを確認中…', en: 'Checking passkey…' }) : t({ ja: '許可する', en: 'Permit' })}
        </button>
        <p class="muted small">
          {path === 'asset-networks'
            ? t({ ja: 'パスキーで確認します。許可は、この機器の登録内容と拠点に対する署名として記録されます。', en: 'Confirmed with your passkey, recorded as a signature over this device as registered and its site.' })
            : t({ ja: 'パスキーで確認します。許可は、この申請の内容に対する署名として記録されます。', en: 'Confirmed with your passkey, recorded as a signature over this request.' })}
        </p>
        {done && <Banner kind="ok">{t({ ja: '許可しました。', en: 'Permitted.' })}</Banner>}
        <ErrorBanner error={error} />
      </div>
      <form id={refuse.id} onSubmit={refuse.onSubmit} noValidate aria-label={t({ ja: '許可しない', en: 'Refuse' })}>
        <TextField form={refuse} name="reason" label={{ ja: '許可しない理由', en: 'Reason for refusing' }} required />
        <FormProblem form={refuse} />
        <div class="buttons">
          <Submit form={refuse} label={{ ja: '許可しない', en: 'Refuse' }} kind="danger" />
        </div>
      </form>
    </div>
  );
}

/** The contractor's staff transcribe a permission 甲 gave on paper; 甲 confirms or disputes it later. */
export function PaperPermissionForm({ path, id, onDone }: { path: CitySubjectPath; id: number; onDone: () => void }) {
  const form = useForm(
    { permitReference: '', permitDate: new Date().toLocaleDateString('sv-SE'), officialName: '', officialSection: '' },
    {
      validate: (v) => requireFields(v, ['permitReference', 'permitDate', 'officialName', 'officialSection']),
      onSubmit: async (v) => {
        await api(`/api/city/${path}/${id}/paper`, { body: v });
        onDone();
      },
    },
  );
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '書面による許可の記録', en: 'Record a paper permission' })}>
      <h2>{t({ ja: '市（甲）の書面による許可を記録する', en: "Record the city's paper permission" })}</h2>
      <p class="muted small">{t({ ja: '許可書の内容をそのまま転記してください。市が後で確認します。', en: 'Copy the permit as written; the city confirms it later.' })}</p>
      <div class="row">
        <TextField form={form} name="permitReference" label={{ ja: '許可書の番号', en: 'Permit reference' }} required />
        <TextField form={form} name="permitDate" type="date" label={{ ja: '許可の日付', en: 'Permit date' }} required />
      </div>
      <div class="row">
        <TextField form={form} name="officialSection" label={{ ja: '市の担当課', en: "City official's section" }} required />
        <TextField form={form} name="officialName" label={{ ja: '市の担当者名', en: "City official's name" }} required />
      </div>
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} label={{ ja: '書面の許可を記録', en: 'Record the paper permission' }} />
      </div>
    </form>
  );
}

/** 甲's word and note, signed with 甲's passkey over the paper permission (as strong as 甲's own permission). */
async function signedReview(id: number, word: 'confirm' | 'dispute', note: string) {
  const { options } = await api<Ceremony<'/api/city/permissions/:id/confirm/options' | '/api/city/permissions/:id/dispute/options'>>(`/api/city/permissions/${id}/${word}/options`, { body: { note } });
  const response = await startAuthentication({ optionsJSON: options });
  await api(`/api/city/permissions/${id}/${word}`, { body: { response } });
}

/** 甲's word on a paper permission, with 甲's passkey: confirm it, or dispute it with a reason (it then stops counting). */
export function PaperReview({ p, onDone }: { p: CityPermissionView; onDone: () => void }) {
  const confirm = useForm(
    { note: '' },
    {
      onSubmit: async (v) => {
        await signedReview(p.id, 'confirm', v.note);
        onDone();
      },
    },
  );
  const dispute = useForm(
    { note: '' },
    {
      validate: (v) => requireFields(v, ['note']),
      onSubmit: async (v) => {
        await signedReview(p.id, 'dispute', v.note);
        onDone();
      },
    },
  );
  return (
    <div class="row" role="group" aria-label={t({ ja: '書面の許可 {ref}', en: 'Paper permission {ref}' }, { ref: p.paper?.permitReference ?? '' })}>
      <form id={confirm.id} onSubmit={confirm.onSubmit} noValidate aria-label={t({ ja: '確認する', en: 'Confirm' })}>
        <TextField form={confirm} name="note" label={{ ja: '確認の備考（任意）', en: 'Note (optional)' }} />
        <div class="buttons">
          <Submit form={confirm} label={{ ja: '確認する（パスキー）', en: 'Confirm (passkey)' }} />
        </div>
      </form>
      <form id={dispute.id} onSubmit={dispute.onSubmit} noValidate aria-label={t({ ja: '異議を申し立てる', en: 'Dispute' })}>
        <TextField form={dispute} name="note" label={{ ja: '異議の理由', en: 'Reason for the dispute' }} required />
        <FormProblem form={dispute} />
        <div class="buttons">
          <Submit form={dispute} label={{ ja: '異議を申し立てる（パスキー）', en: 'Dispute (passkey)' }} kind="danger" />
        </div>
      </form>
    </div>
  );
}

/** Whether the signed-in person transcribes paper permissions (the contractor's staff, never 甲). */
export const mayTranscribe = () => hasRole('admin', 'supervisor', 'guard');

import type { ApiJson } from '../types.ts';
import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { api, hasRole } from '../session.ts';
import type { AssetView, NetworkColumn } from '../custody/types.ts';
import { Banner, ErrorBanner, Loading, Tag, useLoad } from '../ui/common.tsx';
import { FormProblem, SelectField, Submit, TextField, requireFields, useForm } from '../ui/form.tsx';
import { dateTime } from '../format.ts';
import { CityDecision, mayTranscribe, PaperPermissionForm, PaperReview, SideBySide } from './city-parts.tsx';

/**
 * A device's connection to the city's network (第9条2): the contractor's approval (the registry's flag)
 * beside the city's prior permission at the device's site. Where the site's policy reserves it, the
 * contractor approves only after the city has permitted, in the system or on paper.
 */
export function NetworkCard({ asset, onChanged }: { asset: AssetView; onChanged: () => void }) {
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const load = useLoad(() => api<ApiJson<'/api/city/asset-networks/:id'>>(`/api/city/asset-networks/${asset.id}`), [asset.id, asset.networkApproved, version]);
  const changed = () => {
    setVersion((v) => v + 1);
    onChanged();
  };
  return (
    <section class="card" aria-label={t({ ja: '庁内ネットワークへの接続', en: "Connection to the city's network" })}>
      <h2>{t({ ja: '庁内ネットワークへの接続', en: "Connection to the city's network" })}</h2>
      <Loading load={load}>
        {(n) => (
          <>
            <p class="muted small">
              {n.site ? t({ ja: '拠点：{site}。', en: 'Site: {site}. ' }, { site: n.site.name }) : t({ ja: 'まだどの拠点にもありません。', en: 'At no site yet. ' })}
              {n.city.required
                ? t({ ja: 'この拠点では、接続に市（甲）の事前許可が必要です。', en: "At this site, connecting needs the city's prior permission." })
                : t({ ja: 'この拠点では、接続に市（甲）の事前許可は不要です。', en: "At this site, connecting does not need the city's permission." })}
            </p>
            <p>
              {t({ ja: '接続の責任者', en: 'Responsible person' })}：{n.request ? n.request.responsible.name : '—'}
              {n.request && (
                <span class="muted small">
                  {'　'}
                  {t({ ja: '{by} が申請（{at}）', en: 'asked by {by} ({at})' }, { by: n.request.requestedBy.name, at: dateTime(n.request.at) })}
                  {n.request.purpose && `　${n.request.purpose}`}
                </span>
              )}
            </p>
            <SideBySide contractor={<Contractor asset={asset} n={n} onDone={changed} onError={setError} />} city={n.city} />
            <ErrorBanner error={error} />
            <CityPart asset={asset} n={n} onDone={changed} />
          </>
        )}
      </Loading>
    </section>
  );
}

/** 乙の承認: the registry's flag, which the admin sets once the city's permission counts (or is not needed). */
function Contractor({ asset, n, onDone, onError }: { asset: AssetView; n: NetworkColumn; onDone: () => void; onError: (err: unknown) => void }) {
  const [busy, setBusy] = useState(false);
  const setError = onError;
  const set = async (networkApproved: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/assets/${asset.id}`, { method: 'PATCH', body: { networkApproved } });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const cityMissing = n.city.required && (n.city.state === 'awaiting' || n.city.state === 'refused');
  return (
    <>
      <p>{n.contractor.approved ? <Tag kind="ok">{t({ ja: '接続を承認済み', en: 'Approved for connection' })}</Tag> : <Tag>{t({ ja: '未承認', en: 'Not approved' })}</Tag>}</p>
      {asset.ownerType === 'personal' && <p class="muted small">{t({ ja: '私物は庁内ネットワークに接続できません。', en: "Personal devices never connect to the city's network." })}</p>}
      {hasRole('admin') && n.closed === null && (
        <div class="buttons">
          {n.contractor.approved ? (
            <button type="button" onClick={() => void set(false)} disabled={busy}>
              {t({ ja: '接続の承認を取り消す', en: 'Withdraw the approval' })}
            </button>
          ) : (
            <button type="button" class="primary" onClick={() => void set(true)} disabled={busy}>
              {t({ ja: '接続を承認する', en: 'Approve the connection' })}
            </button>
          )}
        </div>
      )}
      {!n.contractor.approved && cityMissing && n.closed === null && (
        <p class="muted small">{t({ ja: '市（甲）の許可が記録されるまで承認できません。', en: "Cannot be approved until the city's permission is recorded." })}</p>
      )}
    </>
  );
}

/** 甲 permits or refuses here; the contractor's staff transcribe a paper permission; 甲 confirms or disputes it. */
function CityPart({ asset, n, onDone }: { asset: AssetView; n: NetworkColumn; onDone: () => void }) {
  if (!n.city.required || n.site === null) return null;
  if (n.closed !== null) return n.city.state === 'awaiting' ? <Banner kind="info">{t({ ja: 'この機器は接続の対象になりません。', en: 'This device cannot be connected.' })}</Banner> : null;
  const open = n.city.state === 'awaiting' || n.city.state === 'refused';
  const asked = n.request !== null;
  const unreviewed = n.city.permissions.find((p) => p.channel === 'paper' && p.review === null && p.counts);
  return (
    <>
      {open && hasRole('admin', 'supervisor') && <AskForm asset={asset} n={n} onDone={onDone} />}
      {open && !asked && <p class="muted small">{t({ ja: '市（甲）の許可は、責任者を決めて接続を申請してから求めます。', en: "Ask for the connection, naming the responsible person, before the city's permission is sought." })}</p>}
      {open && asked && hasRole('city') && (
        <section class="card">
          <h3>{t({ ja: '市（甲）として判断する', en: 'Decide as the city' })}</h3>
          <CityDecision path="asset-networks" id={asset.id} onDone={onDone} />
        </section>
      )}
      {open && asked && mayTranscribe() && <PaperPermissionForm path="asset-networks" id={asset.id} onDone={onDone} />}
      {unreviewed && hasRole('city') && (
        <section class="card">
          <h3>{t({ ja: '書面による許可の確認', en: 'Confirm the paper permission' })}</h3>
          <PaperReview p={unreviewed} onDone={onDone} />
        </section>
      )}
    </>
  );
}

/**
 * The contractor asks the city to permit the connection, naming the 責任者 (F2): a supervisor or admin on the
 * roster, someone other than the device's custodian where the site's policy says so. Asked again, the newest
 * ask (its 責任者) is the one the city decides on.
 */
function AskForm({ asset, n, onDone }: { asset: AssetView; n: NetworkColumn; onDone: () => void }) {
  const choices = useLoad(() => api<ApiJson<'/api/custody/request-choices'>>('/api/custody/request-choices'), []);
  const form = useForm(
    { responsibleId: n.request ? String(n.request.responsible.id) : '', purpose: n.request?.purpose ?? '' },
    {
      validate: (v) => requireFields(v, ['responsibleId']),
      onSubmit: async (v) => {
        await api(`/api/city/asset-networks/${asset.id}/request`, { body: { responsibleId: Number(v.responsibleId), purpose: v.purpose } });
        onDone();
      },
    },
  );
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '接続の申請', en: 'Ask for the connection' })}>
      <h3>{n.request ? t({ ja: '責任者を変えて申請し直す', en: 'Ask again with another responsible person' }) : t({ ja: '接続を申請する（市の許可を求める）', en: "Ask for the connection (seek the city's permission)" })}</h3>
      <Loading load={choices}>
        {(c) => (
          <div class="row">
            <SelectField form={form} name="responsibleId" label={{ ja: '責任者', en: 'Responsible person' }} options={c.responsibles.map((r) => ({ value: String(r.id), label: r.name }))} required />
            <TextField form={form} name="purpose" label={{ ja: '接続の目的（任意）', en: 'Purpose (optional)' }} />
          </div>
        )}
      </Loading>
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} label={n.request ? { ja: '申請し直す', en: 'Ask again' } : { ja: '接続を申請', en: 'Ask for the connection' }} kind={n.request ? '' : 'primary'} />
      </div>
    </form>
  );
}

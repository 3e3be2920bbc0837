import type { ApiJson } from '../types.ts';
import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api, hasRole } from '../session.ts';
import { route } from '../router.ts';
import { dateTime } from '../format.ts';
import { label } from '../messages.ts';
import { ANOMALY_LABEL } from '../compliance-messages.ts';
import type { AnomalySettings } from '../compliance-types.ts';
import { Banner, Link, Loading, PageTitle, Tag, useLoad } from '../ui/common.tsx';
import { DateRangeFilter, ListFilters, ListView, listQuery, periodOfQuery, usePagedList } from '../ui/list.tsx';
import { FormProblem, Submit, TextField, useForm } from '../ui/form.tsx';
import { allOr, Figures, QueryFilter } from './compliance-parts.tsx';

/** The anomaly rules (B7): their settings, and what they flagged in the last 31 days. */
export function AnomaliesPage() {
  const loc = useSignal(route);
  const kind = loc.query.get('kind') ?? '';
  const settings = useLoad(() => api<ApiJson<'/api/anomaly-settings'>>('/api/anomaly-settings'), []);
  const period = periodOfQuery(loc.query);
  const filters = listQuery(loc.query, ['from', 'to', 'kind', 'limit']);
  const { load: list, more } = usePagedList(
    (cursor: number | null) =>
      api<ApiJson<'/api/anomalies'>>(`/api/anomalies${filters}${cursor === null ? '' : `${filters ? '&' : '?'}cursor=${cursor}`}`).then((d) => ({ rows: d.anomalies, next: d.next })),
    [filters],
  );
  return (
    <main>
      <PageTitle title={{ ja: '異常の検知', en: 'Anomalies' }}>{hasRole('admin', 'supervisor') && <Sweep onDone={list.reload} />}</PageTitle>
      <Loading load={settings}>{(s) => (hasRole('admin') ? <SettingsForm key={s.updatedAt ?? ''} s={s} onSaved={settings.reload} /> : <SettingsView s={s} />)}</Loading>
      <section class="card">
        <h2>{period.chosen ? t({ ja: '検知された異常', en: 'Flagged' }) : t({ ja: '検知された異常（過去31日）', en: 'Flagged (last 31 days)' })}</h2>
        <ListFilters>
          <DateRangeFilter id="anomaly-period" from={period.from} to={period.to} label={{ ja: '検知した日', en: 'Detected on' }} />
          <QueryFilter id="anomaly-kind" name={{ ja: '種類', en: 'Kind' }} param="kind" value={kind} options={allOr(ANOMALY_LABEL)} />
        </ListFilters>
        <ListView
          load={list}
          more={more}
          rows={(d) => d.rows}
          empty={period.chosen ? { ja: '選んだ期間に検知された異常はありません。', en: 'Nothing flagged in the chosen period.' } : { ja: '検知された異常はありません。', en: 'Nothing flagged.' }}
          label={{ ja: '検知された異常', en: 'Flagged anomalies' }}
          rowKey={(a) => a.id}
          columns={[
            { head: { ja: '検知日時', en: 'Detected' }, class: 'nowrap', cell: (a) => dateTime(a.detectedAt) },
            {
              head: { ja: '種類', en: 'Kind' },
              cell: (a) => (
                <>
                  <Tag kind="flag">{label(ANOMALY_LABEL, a.kind)}</Tag>
                  {a.kind === 'round_trip_overdue' && <RoundTripDetail detail={a.detail} />}
                </>
              ),
            },
            { head: { ja: '氏名', en: 'Person' }, cell: (a) => a.personName ?? '—' },
            { head: { ja: '区域', en: 'Area' }, cell: (a) => a.areaName ?? '—' },
            { head: { ja: 'インシデント', en: 'Incident' }, cell: (a) => (a.incidentId !== null ? <Link href={`/console/incidents/${a.incidentId}`}>No.{a.incidentId}</Link> : '—') },
          ]}
        />
      </section>
    </main>
  );
}

const SETTING_LABELS = {
  afterHoursStart: { ja: '時間外の開始（HH:MM）', en: 'After hours from (HH:MM)' },
  afterHoursEnd: { ja: '時間外の終了（HH:MM）', en: 'After hours until (HH:MM)' },
  rareAreaLookbackDays: { ja: '通常利用の判定期間（日、0で無効）', en: 'Rare area: look back (days, 0 = off)' },
  rareAreaMaxVisits: { ja: '「まれ」とみなす入室回数（以下）', en: 'Rare area: at most this many visits' },
  longStayHours: { ja: '長時間在室（時間、0で無効）', en: 'Long stay (hours, 0 = off)' },
  refusalsThreshold: { ja: '入室拒否の回数（0で無効）', en: 'Repeated refusals: count (0 = off)' },
  refusalsWindowMinutes: { ja: '入室拒否を数える時間（分）', en: 'Repeated refusals: within (minutes)' },
};
type Key = keyof typeof SETTING_LABELS;
const COUNTS: Key[] = ['rareAreaLookbackDays', 'rareAreaMaxVisits', 'longStayHours', 'refusalsThreshold', 'refusalsWindowMinutes'];

function SettingsView({ s }: { s: AnomalySettings }) {
  return (
    <section class="card">
      <h2>{t({ ja: '検知ルールの設定', en: 'Rule settings' })}</h2>
      <Figures label={{ ja: '検知ルールの設定', en: 'Rule settings' }} items={(Object.keys(SETTING_LABELS) as Key[]).map((k) => [SETTING_LABELS[k], s[k]])} />
      {s.rulesOff.length > 0 && <p class="muted">{t({ ja: '無効のルール：{list}', en: 'Rules off: {list}' }, { list: s.rulesOff.map((k) => label(ANOMALY_LABEL, k)).join('、') })}</p>}
    </section>
  );
}

function SettingsForm({ s, onSaved }: { s: AnomalySettings; onSaved: () => void }) {
  const [saved, setSaved] = useState(false);
  const initial = Object.fromEntries((Object.keys(SETTING_LABELS) as Key[]).map((k) => [k, String(s[k])])) as Record<Key, string>;
  const form = useForm(initial, {
    onSubmit: async (v) => {
      setSaved(false);
      const changed = Object.fromEntries((Object.keys(v) as Key[]).filter((k) => v[k] !== initial[k]).map((k) => [k, COUNTS.includes(k) ? Number(v[k]) : v[k]]));
      if (Object.keys(changed).length === 0) return;
      await api('/api/anomaly-settings', { method: 'PATCH', body: changed });
      setSaved(true);
      onSaved();
    },
  });
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '検知ルールの設定', en: 'Rule settings' })}>
      <h2>{t({ ja: '検知ルールの設定', en: 'Rule settings' })}</h2>
      <p class="muted small">{t({ ja: '勤務予定外の入室と順序不整合は常に検知します。', en: 'Entries outside a schedule and out-of-sequence events are always flagged.' })}</p>
      <div class="row">
        {(Object.keys(SETTING_LABELS) as Key[]).map((k) => (
          <TextField key={k} form={form} name={k} label={SETTING_LABELS[k]} type={COUNTS.includes(k) ? 'number' : 'text'} />
        ))}
      </div>
      {s.rulesOff.length > 0 && <p class="muted">{t({ ja: '無効のルール：{list}', en: 'Rules off: {list}' }, { list: s.rulesOff.map((k) => label(ANOMALY_LABEL, k)).join('、') })}</p>}
      <FormProblem form={form} />
      {saved && <Banner kind="ok">{t({ ja: '保存しました。', en: 'Saved.' })}</Banner>}
      <div class="buttons">
        <Submit form={form} label={{ ja: '設定を保存', en: 'Save settings' }} />
      </div>
    </form>
  );
}

/** Stays still open are checked on a sweep (a long stay has no exit event to trigger it). */
function Sweep({ onDone }: { onDone: () => void }) {
  const form = useForm({}, { onSubmit: () => api('/api/anomalies/sweep', { method: 'POST' }).then(onDone) });
  return (
    <form id={form.id} onSubmit={form.onSubmit} noValidate>
      <Submit form={form} kind="" label={{ ja: '在室中の長時間滞在を確認', en: 'Check open stays now' }} />
      <FormProblem form={form} />
    </form>
  );
}

/** Which item of which round trip is still inside, and when it was due out (the sweep's detail). */
function RoundTripDetail({ detail }: { detail: unknown }) {
  const d = detail as { assetNumber?: string; requestId?: number; dueOutAt?: string } | undefined;
  if (!d?.assetNumber) return null;
  return (
    <div class="small">
      {t({ ja: '{n}（申請 {r}、{at} までに持出の予定）', en: '{n} (request {r}, due out by {at})' }, { n: d.assetNumber, r: d.requestId ?? '', at: d.dueOutAt ? dateTime(d.dueOutAt) : '' })}
    </div>
  );
}

import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { api, hasRole } from '../session.ts';
import { dateTime } from '../format.ts';
import { label, STATUS_LABEL } from '../messages.ts';
import type { ApiJson, Area, Kiosk, Site } from '../types.ts';
import { Empty, ErrorBanner, Loading, PageTitle, Qr, Tag, useLoad } from '../ui/common.tsx';
import { CheckGroup, FormProblem, requireFields, Submit, TextField, useForm } from '../ui/form.tsx';
import { areaName } from './authorizations.tsx';

/** A new kiosk with its one-time enrolment code (POST /api/kiosks). */
type Created = ApiJson<'/api/kiosks', '$post'>;

async function loadAll() {
  const [k, a, s] = await Promise.all([api<ApiJson<'/api/kiosks'>>('/api/kiosks'), api<ApiJson<'/api/areas'>>('/api/areas'), api<ApiJson<'/api/sites'>>('/api/sites')]);
  return { kiosks: k.kiosks, areas: a.areas, sites: s.sites };
}

/** Door tablets: an admin registers one for its areas and reads the one-time code to the tablet. */
export function KiosksPage() {
  const load = useLoad(loadAll, []);
  const [created, setCreated] = useState<Created | null>(null);
  const admin = hasRole('admin');
  const releaser = hasRole('guard', 'supervisor', 'admin');
  return (
    <main>
      <PageTitle title={{ ja: '受付端末', en: 'Kiosks' }} />
      <Loading load={load}>
        {(d) => (
          <>
            {admin && created && <CodeHandout created={created} onClose={() => setCreated(null)} />}
            {admin && !created && (
              <KioskForm
                names={d}
                onCreated={(c) => {
                  setCreated(c);
                  load.reload();
                }}
              />
            )}
            <section class="card">
              <h2>{t({ ja: '登録済みの端末', en: 'Kiosks' })}</h2>
              {d.kiosks.length === 0 ? (
                <Empty>{t({ ja: '端末はまだありません。', en: 'No kiosks yet.' })}</Empty>
              ) : (
                <table class="list" aria-label={t({ ja: '受付端末', en: 'Kiosks' })}>
                  <thead>
                    <tr>
                      <th class="nowrap">{t({ ja: '名前', en: 'Name' })}</th>
                      <th>{t({ ja: '区域', en: 'Areas' })}</th>
                      <th>{t({ ja: '状態', en: 'Status' })}</th>
                      <th class="nowrap">{t({ ja: '最終通信', en: 'Last seen' })}</th>
                      <th class="nowrap">{t({ ja: '未送信', en: 'Unsent' })}</th>
                      <th>{t({ ja: '版', en: 'Build' })}</th>
                      <th class="nowrap">{t({ ja: '読み取り停止', en: 'Paused scans' })}</th>
                      {admin && <th />}
                    </tr>
                  </thead>
                  <tbody>
                    {d.kiosks.map((k) => (
                      <tr key={k.id}>
                        <td class="nowrap">{k.name}</td>
                        <td>{k.areaIds.map((id) => areaName(d, id)).join('、')}</td>
                        <td>
                          <Tag kind={k.status === 'enrolled' ? 'active' : k.status}>{label(STATUS_LABEL, k.status)}</Tag>
                        </td>
                        <td class="nowrap">{dateTime(k.lastSeenAt) || '—'}</td>
                        <td class="nowrap" data-testid={`kiosk-queue-${k.id}`}>
                          {k.queue.size === null
                            ? '—'
                            : k.queue.size === 0
                              ? t({ ja: 'なし', en: 'None' })
                              : t({ ja: '{n}件（最も古いもの {at}）', en: '{n} (oldest {at})' }, { n: k.queue.size.toLocaleString(), at: dateTime(k.queue.oldestAt) || '—' })}
                        </td>
                        <td class="nowrap muted">{k.appVersion ?? '—'}</td>
                        <td>
                          <Throttles kiosk={k} canRelease={releaser} onDone={load.reload} />
                        </td>
                        {admin && <td>{k.status !== 'revoked' && <RevokeKiosk kiosk={k} onDone={load.reload} />}</td>}
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </>
        )}
      </Loading>
    </main>
  );
}

function KioskForm({ names, onCreated }: { names: { areas: Area[]; sites: Site[] }; onCreated: (c: Created) => void }) {
  const form = useForm(
    { name: '', areaIds: [] as string[] },
    {
      validate: (v) => {
        const out = requireFields(v, ['name']);
        if (v.areaIds.length === 0) out['areaIds'] = { ja: '区域を一つ以上選んでください', en: 'Choose at least one area' };
        return out;
      },
      onSubmit: async (v) => onCreated(await api<ApiJson<'/api/kiosks', '$post'>>('/api/kiosks', { body: { name: v.name, areaIds: v.areaIds.map(Number) } })),
    },
  );
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '端末を登録', en: 'Register a kiosk' })}>
      <h2>{t({ ja: '端末を登録', en: 'Register a kiosk' })}</h2>
      {names.areas.length === 0 ? (
        <p class="banner warn">{t({ ja: '先に区域を作成してください。', en: 'Create an area first.' })}</p>
      ) : (
        <>
          <TextField form={form} name="name" label={{ ja: '端末の名前（設置場所）', en: 'Kiosk name (where it stands)' }} required />
          <CheckGroup form={form} name="areaIds" label={{ ja: 'この端末で記録する区域', en: 'Areas this kiosk records' }} required options={names.areas.map((a) => ({ value: String(a.id), label: areaName(names, a.id) }))} />
          <FormProblem form={form} />
          <div class="buttons">
            <Submit form={form} label={{ ja: '登録してコードを発行', en: 'Register and issue a code' }} />
          </div>
        </>
      )}
    </form>
  );
}

function CodeHandout({ created, onClose }: { created: Created; onClose: () => void }) {
  return (
    <section class="card handout" aria-labelledby="code-title">
      <h2 id="code-title">{t({ ja: '端末「{name}」の登録コード', en: 'Enrolment code for “{name}”' }, { name: created.kiosk.name })}</h2>
      <div class="handout-body">
        <Qr text={created.code} alt={{ ja: '登録コードのQRコード', en: 'QR code of the enrolment code' }} />
        <div>
          <p>{t({ ja: '扉の端末で「端末の登録」を開き、このコードを入力してください。コードは一度だけ使えます。', en: 'On the door tablet, open “Enrol this kiosk” and enter this code. It works once.' })}</p>
          <p class="code" data-testid="kiosk-code">
            {created.code}
          </p>
          <p class="muted">
            {t({ ja: '有効期限', en: 'Expires' })}: {dateTime(created.expiresAt)}
          </p>
          <p class="muted small">{t({ ja: 'この画面を閉じるとコードは二度と表示されません。', en: 'Once closed, the code is not shown again.' })}</p>
          <button type="button" onClick={onClose}>
            {t({ ja: '閉じる', en: 'Close' })}
          </button>
        </div>
      </div>
    </section>
  );
}

function RevokeKiosk({ kiosk, onDone }: { kiosk: Kiosk; onDone: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!confirming) {
    return (
      <button type="button" class="small" onClick={() => setConfirming(true)}>
        {t({ ja: '失効', en: 'Revoke' })}
      </button>
    );
  }
  return (
    <span class="buttons">
      <button
        type="button"
        class="danger small"
        onClick={() =>
          api(`/api/kiosks/${kiosk.id}/revoke`, { method: 'POST' }).then(
            () => onDone(),
            (err: unknown) => setError(err),
          )
        }
      >
        {t({ ja: '失効を確定', en: 'Confirm revoke' })}
      </button>
      <button type="button" class="small" onClick={() => setConfirming(false)}>
        {t({ ja: 'やめる', en: 'Cancel' })}
      </button>
      <ErrorBanner error={error} />
    </span>
  );
}

function throttleSource(th: Kiosk['throttles'][number]): string {
  if (th.kind === 'badge') return t({ ja: '名札 {serial}番', en: 'Badge {serial}' }, { serial: String(th.badgeSerial) });
  if (th.kind === 'person') return t({ ja: 'セキュリティキーの利用者', en: 'A security-key user' });
  return t({ ja: '確認できない読み取り', en: 'Unrecognised scans' });
}

/** Who the kiosk is making wait after repeated bad scans, and the guard's button to lift it. */
function Throttles({ kiosk, canRelease, onDone }: { kiosk: Kiosk; canRelease: boolean; onDone: () => void }) {
  const [error, setError] = useState<unknown>(null);
  if (kiosk.throttles.length === 0) return <>—</>;
  return (
    <div>
      <ul class="plain">
        {kiosk.throttles.map((th) => (
          <li key={`${th.kind}${th.badgeSerial ?? ''}`}>
            {t({ ja: '{who}：{until}まで停止', en: '{who}: paused until {until}' }, { who: throttleSource(th), until: dateTime(th.throttledUntil) })}
          </li>
        ))}
      </ul>
      {canRelease && (
        <button
          type="button"
          class="small"
          onClick={() =>
            api(`/api/kiosks/${kiosk.id}/release-throttle`, { method: 'POST' }).then(
              () => onDone(),
              (err: unknown) => setError(err),
            )
          }
        >
          {t({ ja: '停止を解除', en: 'Release' })}
        </button>
      )}
      <ErrorBanner error={error} />
    </div>
  );
}

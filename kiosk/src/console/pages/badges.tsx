import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { api, hasRole } from '../session.ts';
import type { ApiJson, Badge, Person } from '../types.ts';
import { Banner, Empty, Loading, PageTitle, useLoad } from '../ui/common.tsx';
import { FormProblem, requireFields, SelectField, Submit, useForm } from '../ui/form.tsx';
import { BadgeTable, badgeSheetUrl } from './person-badges.tsx';

async function loadAll() {
  const [b, p] = await Promise.all([api<ApiJson<'/api/badges'>>('/api/badges'), api<ApiJson<'/api/people'>>('/api/people')]);
  return { badges: b.badges, people: p.people };
}

/** QR name badges (B5, B8): admins issue and print; guards and admins revoke a lost one at once. */
export function BadgesPage() {
  const load = useLoad(loadAll, []);
  const [showAll, setShowAll] = useState(false);
  const [picked, setPicked] = useState<number[]>([]);
  const admin = hasRole('admin');
  return (
    <main>
      <PageTitle title={{ ja: 'QR名札', en: 'QR badges' }} />
      <Loading load={load}>
        {(d) => {
          const names = new Map(d.people.map((p) => [p.id, `${p.name}（${p.organisationName}）`]));
          const active = d.badges.filter((b) => b.status === 'active');
          return (
            <>
              {admin && <IssueForm people={d.people} onIssued={load.reload} />}
              {admin && (
                <section class="card">
                  <h2>{t({ ja: '名札の印刷', en: 'Print badges' })}</h2>
                  {active.length === 0 ? (
                    <Empty>{t({ ja: '有効な名札はありません。', en: 'No active badges.' })}</Empty>
                  ) : (
                    <>
                      <div class="checks columns">
                        {active.map((b) => (
                          <label key={b.serial} class="check">
                            <input
                              type="checkbox"
                              checked={picked.includes(b.personId)}
                              onChange={(e) => setPicked(e.currentTarget.checked ? [...picked, b.personId] : picked.filter((x) => x !== b.personId))}
                            />{' '}
                            {names.get(b.personId)} — No. {b.serial}
                          </label>
                        ))}
                      </div>
                      <div class="buttons">
                        <button type="button" onClick={() => setPicked(picked.length === active.length ? [] : active.map((b) => b.personId))}>
                          {picked.length === active.length ? t({ ja: '選択を解除', en: 'Clear' }) : t({ ja: 'すべて選択', en: 'Select all' })}
                        </button>
                        {picked.length > 0 ? (
                          <a class="button primary" href={badgeSheetUrl(picked)} target="_blank" rel="noopener">
                            {t({ ja: '選んだ{n}枚を印刷', en: 'Print {n} selected' }, { n: picked.length })}
                          </a>
                        ) : (
                          <span class="muted">{t({ ja: '印刷する名札を選んでください。', en: 'Choose the badges to print.' })}</span>
                        )}
                      </div>
                    </>
                  )}
                </section>
              )}
              <section class="card">
                <div class="page-title">
                  <h2>{t({ ja: '発行済みの名札', en: 'Issued badges' })}</h2>
                  <label class="check">
                    <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.currentTarget.checked)} /> {t({ ja: '失効したものも表示', en: 'Include revoked' })}
                  </label>
                </div>
                {!hasRole('admin', 'guard') && <p class="muted">{t({ ja: '閲覧のみ', en: 'Read only' })}</p>}
                {(showAll ? d.badges : active).length === 0 ? (
                  <Empty>{t({ ja: '名札はありません。', en: 'No badges.' })}</Empty>
                ) : (
                  <BadgeTable badges={showAll ? d.badges : active} names={names} onChanged={load.reload} />
                )}
              </section>
            </>
          );
        }}
      </Loading>
    </main>
  );
}

function IssueForm({ people, onIssued }: { people: Person[]; onIssued: () => void }) {
  const [issued, setIssued] = useState<Badge | null>(null);
  const form = useForm(
    { personId: '' },
    {
      validate: (v) => requireFields(v, ['personId']),
      onSubmit: async (v) => {
        setIssued(await api<ApiJson<'/api/people/:id/badges', '$post'>>(`/api/people/${v.personId}/badges`, { method: 'POST' }));
        form.reset();
        onIssued();
      },
    },
  );
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '名札を発行', en: 'Issue a badge' })}>
      <h2>{t({ ja: '名札を発行', en: 'Issue a badge' })}</h2>
      <p class="muted small">{t({ ja: '一人一枚です。発行すると前の名札はその場で使えなくなります。', en: 'One badge per person: issuing a new one retires the previous one at once.' })}</p>
      <SelectField
        form={form}
        name="personId"
        label={{ ja: '氏名', en: 'Person' }}
        required
        options={people.filter((p) => p.status === 'active').map((p) => ({ value: String(p.id), label: `${p.name}（${p.kana}）${p.organisationName}` }))}
      />
      <FormProblem form={form} />
      {issued && (
        <Banner kind="ok">
          {t({ ja: '名札 No.{serial} を発行しました。', en: 'Badge No. {serial} issued.' }, { serial: issued.serial })}{' '}
          <a href={badgeSheetUrl([issued.personId])} target="_blank" rel="noopener">
            {t({ ja: '印刷する', en: 'Print it' })}
          </a>
        </Banner>
      )}
      <div class="buttons">
        <Submit form={form} label={{ ja: '発行', en: 'Issue' }} />
      </div>
    </form>
  );
}


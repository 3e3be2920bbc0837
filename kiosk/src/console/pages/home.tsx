import type { ApiJson } from '../types.ts';
import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api, session, type Me } from '../session.ts';
import { ATTENTION, CITY_KINDS, STEP } from '../home-words.ts';
import { route } from '../router.ts';
import { allowed, NAV } from '../nav.ts';
import { ROLE_LABEL, ROLES } from '../messages.ts';
import { needsRole, ROLE_CAN } from '../roles.ts';
import { Banner, Link, Loading, PageTitle, useLoad } from '../ui/common.tsx';

/** The first day's steps and today's attention list (GET /api/home). */
type HomeSummary = ApiJson<'/api/home'>;

export function HomePage() {
  const me = useSignal(session)!;
  const items = NAV.filter((n) => n.path !== '/console' && allowed(n, me.person.roles));
  // Read again on every visit, including a click on ホーム while already home (a new location each time).
  const loc = useSignal(route);
  const summary = useLoad(() => api<ApiJson<'/api/home'>>('/api/home'), [loc]);
  return (
    <main>
      <PageTitle title={{ ja: 'ホーム', en: 'Home' }} />
      <p>{t({ ja: '{name} さん、ようこそ。', en: 'Welcome, {name}.' }, { name: me.person.name })}</p>
      <Loading load={summary}>
        {(h) => (
          <>
            {!h.setUp && (me.person.roles.includes('admin') ? <FirstDay steps={h.steps} /> : <Banner kind="info">{t({ ja: '管理者が利用の準備をしています。準備が終わると、ここに今日の対応が表示されます。', en: 'An admin is still setting the site up. When it is done, what needs you today shows here.' })}</Banner>)}
            {/* On the first day an empty list of today's items is noise under the steps. */}
            {h.attention.length > 0 && (h.setUp || h.attention.some((a) => a.count > 0)) && <Today attention={h.attention} />}
            <RolesPanel me={me} />
            {/* Every screen is in the menu too: on the first day the list waits behind the steps. */}
            <details class="all-screens" open={h.setUp}>
              <summary>
                <h2>{t({ ja: 'すべての画面', en: 'All screens' })}</h2>
              </summary>
              <ul class="tiles">
                {items.map((n) => (
                  <li key={n.path}>
                    <Link href={n.path} class="tile">
                      <strong>{t(n.label)}</strong>
                      <span class="muted">{t(n.about)}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </details>
          </>
        )}
      </Loading>
    </main>
  );
}

/** The first day's steps in order, each with its state and its page; the first step not done is the next. */
function FirstDay({ steps }: { steps: HomeSummary['steps'] }) {
  const next = steps.find((s) => !s.done)?.step;
  return (
    <section class="card first-day" aria-labelledby="first-day-title">
      <h2 id="first-day-title">{t({ ja: '利用開始までの手順', en: 'Getting started' })}</h2>
      <p class="muted">{t({ ja: '上から順に進めてください。最初の入室が記録されると、この手順は消えて今日の対応が表示されます。', en: 'Take the steps from the top. Once the first entry is recorded, this list gives way to what needs attention today.' })}</p>
      <ol aria-label={t({ ja: '利用開始までの手順', en: 'Getting started' })}>
        {steps.map((s) => {
          const words = STEP[s.step];
          const state = s.done ? 'done' : s.step === next ? 'next' : 'todo';
          return (
            <li key={s.step} class={`step ${state}`} data-step={s.step}>
              <span class="step-state">{t(STEP_STATE[state])}</span>
              <div>
                <Link href={words?.href ?? '/console'}>{words ? t(words.label) : s.step}</Link>
                {words && state !== 'done' && <p class="muted small">{t(words.help)}</p>}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

const STEP_STATE = {
  done: { ja: '済', en: 'Done' },
  next: { ja: '次', en: 'Next' },
  todo: { ja: '未', en: 'To do' },
};

/** What the person's roles act on today, each a link with its count; when something is due, the rest as a checked list. */
function Today({ attention }: { attention: HomeSummary['attention'] }) {
  const due = attention.some((a) => a.count > 0);
  return (
    <section class="card today" aria-labelledby="today-title">
      <h2 id="today-title">{t({ ja: '今日の対応', en: 'Today' })}</h2>
      {due ? (
        <ul>
          {attention.map((a) => (
            <TodayItem key={a.item} a={a} />
          ))}
        </ul>
      ) : (
        <p>{t({ ja: '今日、対応が必要なことはありません。', en: 'Nothing needs you today.' })}</p>
      )}
    </section>
  );
}

function TodayItem({ a }: { a: HomeSummary['attention'][number] }) {
  const words = ATTENTION[a.item];
  if (!words) return null;
  if (a.count === 0) return <li class="muted">{t(words.none)}</li>;
  const href = a.item === 'unsigned_ledgers' && a.first ? `${words.href}?areaId=${a.first.areaId}&date=${a.first.day}` : words.href;
  return (
    <li class="due">
      <Link href={href}>
        {t(words.label)} <span class="count">{a.count}</span>
      </Link>
      {a.kinds && (
        <span class="muted small">
          {'　'}
          {(Object.keys(CITY_KINDS) as (keyof typeof CITY_KINDS)[])
            .filter((k) => (a.kinds?.[k] ?? 0) > 0)
            .map((k) => `${t(CITY_KINDS[k])} ${a.kinds![k]}`)
            .join('、')}
        </span>
      )}
    </li>
  );
}

/** Which roles the person holds and, in plain words, what each lets them do; how to get another. */
function RolesPanel({ me }: { me: Me }) {
  const held = ROLES.filter((r) => me.person.roles.includes(r));
  const admin = held.includes('admin');
  // The approvals people look for first; the rest of each role is in the list above.
  // 甲's staff hold the city role alone: the contractor's approvals are never theirs to ask for.
  const missing = held.includes('city')
    ? []
    : [
        ...(held.includes('guard') || held.includes('supervisor') ? [] : [needsRole({ ja: '持込の承認', en: 'Approving carry-in' }, ['guard', 'supervisor'])]),
        ...(held.includes('supervisor') ? [] : [needsRole({ ja: '持出・廃棄の承認と管理簿の確認印', en: 'Approving carry-out or disposal, and signing off the ledgers,' }, ['supervisor'])]),
      ];
  return (
    <section class="card roles-panel" aria-labelledby="roles-panel-title">
      <h2 id="roles-panel-title">{t({ ja: 'できること', en: 'What you can do' })}</h2>
      <dl>
        {held.map((r) => (
          <div key={r}>
            <dt>{t(ROLE_LABEL[r])}</dt>
            <dd>{t(ROLE_CAN[r])}</dd>
          </div>
        ))}
      </dl>
      {missing.length > 0 && (
        <>
          <h3>{t({ ja: 'ほかの役割が必要なこと', en: 'What needs another role' })}</h3>
          <ul>
            {missing.map((m) => (
              <li key={m.ja}>{t(m)}</li>
            ))}
          </ul>
        </>
      )}
      <p class="muted small">
        {admin ? (
          <>
            {t({ ja: '役割は名簿で変えられます。自分の役割も同じです。', en: 'Roles are changed on the roster, your own too.' })}{' '}
            <Link href={`/console/roster/${me.person.id}`}>{t({ ja: '自分の役割を変える', en: 'Change your roles' })}</Link>
          </>
        ) : held.includes('city') ? (
          t({ ja: '市の担当者の招待と停止は、「市（甲）の許可」の画面で市の担当者が行います。', en: "The city's staff invite and disable the city's accounts on the City's permission page." })
        ) : (
          t({ ja: 'ほかの役割が必要なときは、管理者に名簿の役割の変更を依頼してください。', en: 'If you need another role, ask an admin to change the roles on your roster entry.' })
        )}
      </p>
    </section>
  );
}

import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { session, type Me } from '../session.ts';
import { allowed, NAV } from '../nav.ts';
import { ROLE_LABEL, ROLES } from '../messages.ts';
import { needsRole, ROLE_CAN } from '../roles.ts';
import { Link, PageTitle } from '../ui/common.tsx';

export function HomePage() {
  const me = useSignal(session)!;
  const items = NAV.filter((n) => n.path !== '/console' && allowed(n, me.person.roles));
  return (
    <main>
      <PageTitle title={{ ja: 'ホーム', en: 'Home' }} />
      <p>{t({ ja: '{name} さん、ようこそ。', en: 'Welcome, {name}.' }, { name: me.person.name })}</p>
      <RolesPanel me={me} />
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
    </main>
  );
}

/** Which roles the person holds and, in plain words, what each lets them do; how to get another. */
function RolesPanel({ me }: { me: Me }) {
  const held = ROLES.filter((r) => me.person.roles.includes(r));
  const admin = held.includes('admin');
  // The approvals people look for first; the rest of each role is in the list above.
  const missing = [
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
        ) : (
          t({ ja: 'ほかの役割が必要なときは、管理者に名簿の役割の変更を依頼してください。', en: 'If you need another role, ask an admin to change the roles on your roster entry.' })
        )}
      </p>
    </section>
  );
}

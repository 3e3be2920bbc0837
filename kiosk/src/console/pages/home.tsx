import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { session } from '../session.ts';
import { allowed, NAV } from '../nav.ts';
import { Link, PageTitle } from '../ui/common.tsx';

export function HomePage() {
  const me = useSignal(session)!;
  const items = NAV.filter((n) => n.path !== '/console' && allowed(n, me.person.roles));
  return (
    <main>
      <PageTitle title={{ ja: 'ホーム', en: 'Home' }} />
      <p>{t({ ja: '{name} さん、ようこそ。', en: 'Welcome, {name}.' }, { name: me.person.name })}</p>
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

import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { lang, t } from '../shared/i18n.ts';
import { useSignal } from '../shared/signal.ts';
import { loadSession, session, signOut, type Me } from './session.ts';
import { watchIdle } from './idle.ts';
import { match, route, type Location } from './router.ts';
import { allowed, NAV } from './nav.ts';
import { ROLE_LABEL } from './messages.ts';
import { LangToggle, Link } from './ui/common.tsx';
import { EnrolPage, SetupPage } from './pages/setup.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { HomePage } from './pages/home.tsx';
import { RosterPage } from './pages/roster.tsx';
import { PersonPage } from './pages/person.tsx';
import { NewPersonPage } from './pages/person-new.tsx';
import { OrganisationsPage } from './pages/organisations.tsx';
import { ContractsPage } from './pages/contracts.tsx';
import { AreasPage } from './pages/areas.tsx';
import { AreaPage } from './pages/area.tsx';
import { KiosksPage } from './pages/kiosks.tsx';
import { BadgesPage } from './pages/badges.tsx';
import { PresencePage } from './pages/presence.tsx';
import { VisitorsPage } from './pages/visitors.tsx';
import { GuardRecordPage } from './pages/guard-record.tsx';
import { LedgerPage } from './pages/ledger.tsx';
import { PaperStayPage } from './pages/paper-stay.tsx';
import { RefusalsPage } from './pages/refusals.tsx';
import { SiteLedgerPage } from './pages/site-ledger.tsx';
import { JournalPage } from './pages/journal.tsx';
import { MyPasskeysPage } from './pages/my-passkeys.tsx';
import { custodyScreen } from './custody/screens.tsx';
import { DisposalsPage } from './pages/disposal.tsx';
import { DisposalPage } from './pages/disposal-detail.tsx';
import { IncidentsPage } from './pages/incidents.tsx';
import { IncidentPage } from './pages/incident.tsx';
import { TrainingPage } from './pages/training.tsx';
import { SchedulesPage } from './pages/schedules.tsx';
import { AnomaliesPage } from './pages/anomalies.tsx';
import { MonthlyReportPage } from './pages/monthly-report.tsx';
import { ContractEndPage } from './pages/contract-end.tsx';
import { OffboardingPage } from './pages/offboarding.tsx';
import { SubmissionsPage } from './pages/submissions.tsx';
import { SubmissionPage } from './pages/submission.tsx';
import { ReceiptsPage } from './pages/receipts.tsx';
import { CityPage } from './pages/city.tsx';
import { ProductionDataPage } from './pages/production-data.tsx';

function screen(loc: Location, me: Me): ComponentChildren {
  const p = loc.path;
  const item = NAV.find((n) => n.path === p || (n.path !== '/console' && p.startsWith(`${n.path}/`)));
  if (item && !allowed(item, me.person.roles)) return <NotAllowed />;
  if (p === '/' || p === '/console' || p === '/setup' || p === '/enrol') return <HomePage />;
  if (p === '/console/roster') return <RosterPage />;
  if (p === '/console/roster/new') return <NewPersonPage />;
  let m = match('/console/roster/:id/offboarding', p);
  if (m) return <OffboardingPage key={m['id']} id={Number(m['id'])} />;
  m = match('/console/roster/:id', p);
  if (m) return <PersonPage key={m['id']} id={Number(m['id'])} />;
  if (p === '/console/organisations') return <OrganisationsPage />;
  if (p === '/console/contracts') return <ContractsPage />;
  if (p === '/console/areas') return <AreasPage />;
  m = match('/console/areas/:id', p);
  if (m) return <AreaPage key={m['id']} id={Number(m['id'])} />;
  if (p === '/console/kiosks') return <KiosksPage />;
  if (p === '/console/badges') return <BadgesPage />;
  if (p === '/console/presence') return <PresencePage />;
  if (p === '/console/visitors') return <VisitorsPage />;
  if (p === '/console/guard-record') return <GuardRecordPage />;
  if (p === '/console/ledger') return <LedgerPage />;
  if (p === '/console/site-ledger') return <SiteLedgerPage />;
  if (p === '/console/paper-stays') return <PaperStayPage />;
  if (p === '/console/refusals') return <RefusalsPage />;
  if (p === '/console/journal') return <JournalPage />;
  if (p === '/console/me') return <MyPasskeysPage />;
  const custody = custodyScreen(p);
  if (custody) return custody;
  if (p === '/console/disposal') return <DisposalsPage />;
  m = match('/console/disposal/:id', p);
  if (m) return <DisposalPage key={m['id']} id={Number(m['id'])} />;
  if (p === '/console/incidents') return <IncidentsPage />;
  m = match('/console/incidents/:id', p);
  if (m) return <IncidentPage key={m['id']} id={Number(m['id'])} />;
  if (p === '/console/training') return <TrainingPage />;
  if (p === '/console/schedules') return <SchedulesPage />;
  if (p === '/console/anomalies') return <AnomaliesPage />;
  if (p === '/console/monthly-report') return <MonthlyReportPage />;
  if (p === '/console/contract-end') return <ContractEndPage />;
  if (p === '/console/submissions') return <SubmissionsPage />;
  m = match('/console/submissions/:id', p);
  if (m) return <SubmissionPage key={m['id']} id={Number(m['id'])} base="/console/submissions" />;
  if (p === '/console/receipts') return <ReceiptsPage />;
  m = match('/console/receipts/:id', p);
  if (m) return <SubmissionPage key={m['id']} id={Number(m['id'])} base="/console/receipts" />;
  if (p === '/console/city') return <CityPage />;
  if (p === '/console/production-data') return <ProductionDataPage />;
  return (
    <main>
      <h1>{t({ ja: 'ページが見つかりません', en: 'Page not found' })}</h1>
      <Link href="/console">{t({ ja: 'ホームへ', en: 'Go home' })}</Link>
    </main>
  );
}

function NotAllowed() {
  return (
    <main>
      <h1>{t({ ja: 'この画面を見る権限がありません', en: 'You may not see this screen' })}</h1>
      <Link href="/console">{t({ ja: 'ホームへ', en: 'Go home' })}</Link>
    </main>
  );
}

function Header({ me }: { me: Me | null }) {
  return (
    <header class="top">
      <div class="brand">
        <span class="brand-ja">{t({ ja: '入退室管理', en: 'Access ledger' })}</span>
        <span class="brand-sub muted">{t({ ja: 'スタッフコンソール', en: 'Staff console' })}</span>
      </div>
      <div class="who">
        {me && (
          <span class="me" data-testid="me">
            {me.person.name} <span class="muted">({me.person.roles.map((r) => t(ROLE_LABEL[r])).join(t({ ja: '・', en: ', ' }))})</span>
          </span>
        )}
        {me?.sites && (
          <span class="scope" data-testid="scope">
            {t({ ja: '担当拠点：', en: 'Sites: ' })}
            {me.sites.map((s) => s.name).join(t({ ja: '・', en: ', ' }))}
          </span>
        )}
        <LangToggle />
        {me && (
          <button type="button" onClick={() => void signOut()}>
            {t({ ja: 'サインアウト', en: 'Sign out' })}
          </button>
        )}
      </div>
    </header>
  );
}

function Nav({ me, path }: { me: Me; path: string }) {
  return (
    <nav class="side" aria-label={t({ ja: 'メニュー', en: 'Menu' })}>
      <ul>
        {NAV.filter((n) => allowed(n, me.person.roles)).map((n) => {
          const current = n.path === '/console' ? path === '/console' || path === '/' : path === n.path || path.startsWith(`${n.path}/`);
          return (
            <li key={n.path}>
              <Link href={n.path} aria-current={current ? 'page' : undefined}>
                {t(n.label)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export function App() {
  useSignal(lang);
  const me = useSignal(session);
  const loc = useSignal(route);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    document.documentElement.lang = lang.get();
    void loadSession().finally(() => setReady(true));
    return watchIdle();
  }, []);
  if (!ready) return <p class="muted boot">{t({ ja: '読み込み中…', en: 'Loading…' })}</p>;
  if (loc.path === '/setup' || loc.path === '/enrol') {
    return (
      <>
        <Header me={null} />
        {loc.path === '/setup' ? <SetupPage /> : <EnrolPage />}
      </>
    );
  }
  if (!me) {
    return (
      <>
        <Header me={null} />
        <SignInPage />
      </>
    );
  }
  return (
    <>
      <Header me={me} />
      <div class="shell">
        <Nav me={me} path={loc.path} />
        <div class="content">{screen(loc, me)}</div>
      </div>
    </>
  );
}

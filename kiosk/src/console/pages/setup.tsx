import type { Ceremony } from '../types.ts';
import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { t } from '../../shared/i18n.ts';
import { LinkFacts, useLinkFacts } from './link-facts.tsx';
import { AddressCheck } from '../ui/passkey-problem.tsx';
import { api, loadSession } from '../session.ts';
import { navigate } from '../router.ts';
import { Banner, PageTitle } from '../ui/common.tsx';
import { CheckGroup, FormProblem, requireFields, Submit, TextField, useForm } from '../ui/form.tsx';
import { ROLE_LABEL } from '../messages.ts';
import { ROLE_CAN } from '../roles.ts';
import type { Role } from '../session.ts';

/** E8: shown wherever personal data is collected; the version names the text in force. */
export const NOTICE_VERSION = 'console-notice-2026-11';

export function PurposeNotice() {
  return (
    <section class="notice" aria-labelledby="notice-title">
      <h2 id="notice-title">{t({ ja: '個人情報の利用目的', en: 'Why we collect this information' })}</h2>
      <p>
        {t({
          ja: '氏名・ふりがな・所属は、市の業務を受託した作業の入退室管理簿（作業従事者名簿・入退室記録）を作成し、委託元の監査に示すためにだけ使います。契約で定められた期間保管し、期間後に消去します。',
          en: 'Your name, kana reading and organisation are used only to keep the entry/exit ledger (roster and access records) of the work contracted by the city, and to show it to the city’s auditors. They are kept for the period the contract requires and then erased.',
        })}
      </p>
      <p>
        {t({
          ja: 'パスキーは本人確認にだけ使います。指紋や顔などの生体情報はお使いのセキュリティキーや端末の中にとどまり、サーバーには送られません。サーバーが保存するのは公開鍵だけです。',
          en: 'Your passkey is used only to identify you. Fingerprints or face data stay on your security key or device and never reach the server; the server stores only a public key.',
        })}
      </p>
      <p class="muted small">
        {t({ ja: '通知の版', en: 'Notice version' })}: {NOTICE_VERSION}
      </p>
    </section>
  );
}

function linkToken(): string {
  return decodeURIComponent(location.hash.replace(/^#/, ''));
}

async function register(body: Record<string, unknown>) {
  const token = linkToken();
  const { options: optionsJSON } = await api<Ceremony<'/api/auth/registration/options', PublicKeyCredentialCreationOptionsJSON>>('/api/auth/registration/options', { body: { token, ...body } });
  const response = await startRegistration({ optionsJSON });
  await api('/api/auth/registration/verify', { body: { token, response } });
  await loadSession();
  // The token is used up: drop it from the address bar and the history.
  navigate('/console', { replace: true });
}

const setupFieldOf = (path: string) => (/^person\.roles\b/.test(path) ? 'alsoRoles' : path.replace(/^person\./, ''));

/** Roles the first admin may hold besides admin; on a small site the admin also approves, so supervisor is ticked. */
const ALSO_ROLES: Role[] = ['supervisor', 'guard', 'worker', 'auditor'];
const ALSO_DEFAULT: Role[] = ['supervisor'];

/** /setup#TOKEN: the first admin creates themself, their organisation and their passkey in one step. */
export function SetupPage() {
  const form = useForm(
    { name: '', kana: '', organisationName: '', organisationKana: '', alsoRoles: [...ALSO_DEFAULT] as string[], credentialName: t({ ja: 'セキュリティキー', en: 'Security key' }) },
    {
      validate: (v) => requireFields(v, ['name', 'kana', 'organisationName', 'organisationKana', 'credentialName']),
      fieldOf: setupFieldOf,
      onSubmit: (v) =>
        register({
          credentialName: v.credentialName,
          person: { name: v.name, kana: v.kana, organisationName: v.organisationName, organisationKana: v.organisationKana, roles: ['admin', ...v.alsoRoles] },
        }),
    },
  );
  const facts = useLinkFacts(linkToken());
  return (
    <main class="narrow">
      <PageTitle title={{ ja: '最初の管理者の登録', en: 'Set up the first admin' }} />
      <p>
        {t({
          ja: 'このリンクは一度だけ使えます。あなたが最初の管理者として名簿に登録され、パスキー（セキュリティキーなど）でサインインできるようになります。',
          en: 'This link works once. You become the first admin on the roster and sign in with a passkey (a security key or your device).',
        })}
      </p>
      {!linkToken() && (
        <Banner kind="error">{t({ ja: 'リンクが不完全です。サーバーが表示したリンクをそのまま開いてください。', en: 'The link is incomplete. Open the link exactly as the server printed it.' })}</Banner>
      )}
      <AddressCheck />
      <LinkFacts facts={facts} />
      <PurposeNotice />
      <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate>
        <div class="row">
          <TextField form={form} name="name" label={{ ja: '氏名', en: 'Name' }} required autoComplete="name" />
          <TextField form={form} name="kana" label={{ ja: 'ふりがな', en: 'Kana reading' }} hint={{ ja: 'ひらがな・カタカナで', en: 'In hiragana or katakana' }} required />
        </div>
        <div class="row">
          <TextField form={form} name="organisationName" label={{ ja: '所属組織', en: 'Organisation' }} required autoComplete="organization" />
          <TextField form={form} name="organisationKana" label={{ ja: '所属組織のふりがな', en: 'Organisation kana' }} required />
        </div>
        <CheckGroup
          form={form}
          name="alsoRoles"
          label={{ ja: '管理者のほかに担う役割', en: 'Roles you also hold besides admin' }}
          hint={{
            ja: '管理者の役割だけでは、持込・持出や廃棄の承認、管理簿の承認はできません。小さな現場で自分が承認もするなら、業務責任者を選んだままにしてください。役割は後から名簿でいつでも変えられます。',
            en: 'The admin role alone cannot approve carry-in, carry-out or disposal, nor sign off the ledgers. On a small site where you approve too, keep supervisor ticked. You can change roles on the roster at any time.',
          }}
          options={ALSO_ROLES.map((r) => ({ value: r, label: t(ROLE_LABEL[r]) }))}
        />
        <details class="small">
          <summary>{t({ ja: 'それぞれの役割でできること', en: 'What each role lets you do' })}</summary>
          <dl>
            {(['admin', ...ALSO_ROLES] as Role[]).map((r) => (
              <div key={r}>
                <dt>{t(ROLE_LABEL[r])}</dt>
                <dd>{t(ROLE_CAN[r])}</dd>
              </div>
            ))}
          </dl>
        </details>
        <TextField form={form} name="credentialName" label={{ ja: 'パスキーの名前', en: 'Passkey name' }} hint={{ ja: '後で見分けるための名前（例：青いセキュリティキー）', en: 'A name to tell it apart later (e.g. blue security key)' }} required />
        <FormProblem form={form} />
        <div class="buttons">
          <Submit form={form} label={{ ja: 'パスキーを登録して始める', en: 'Register passkey and start' }} />
        </div>
      </form>
    </main>
  );
}

/** /enrol#TOKEN: a roster person registers a passkey with the link an admin issued. */
export function EnrolPage() {
  const form = useForm(
    { credentialName: t({ ja: 'セキュリティキー', en: 'Security key' }) },
    { validate: (v) => requireFields(v, ['credentialName']), onSubmit: (v) => register({ credentialName: v.credentialName }) },
  );
  const facts = useLinkFacts(linkToken());
  return (
    <main class="narrow">
      <PageTitle title={{ ja: 'パスキーの登録', en: 'Register your passkey' }} />
      <p>
        {t({
          ja: '管理者が発行した一度きりのリンクです。パスキー（セキュリティキーなど）を登録すると、そのままサインインします。',
          en: 'An admin issued you this one-time link. Register a passkey (a security key or your device) and you are signed in.',
        })}
      </p>
      {!linkToken() && (
        <Banner kind="error">{t({ ja: 'リンクが不完全です。受け取ったリンクをそのまま開いてください。', en: 'The link is incomplete. Open the link exactly as you received it.' })}</Banner>
      )}
      <AddressCheck />
      <LinkFacts facts={facts} />
      {facts.open && (
        <>
          <PurposeNotice />
          <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate>
            <TextField form={form} name="credentialName" label={{ ja: 'パスキーの名前', en: 'Passkey name' }} hint={{ ja: '後で見分けるための名前', en: 'A name to tell it apart later' }} required />
            <FormProblem form={form} />
            <div class="buttons">
              <Submit form={form} label={{ ja: 'パスキーを登録', en: 'Register passkey' }} />
            </div>
          </form>
        </>
      )}
    </main>
  );
}

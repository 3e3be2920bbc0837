import type { ApiJson } from '../types.ts';
import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { api } from '../session.ts';
import { navigate } from '../router.ts';
import { Link, Loading, PageTitle, useLoad } from '../ui/common.tsx';
import { FormProblem, Submit, useForm } from '../ui/form.tsx';
import { emptyPerson, personBody, PersonFields, validatePerson } from './person-form.tsx';

export function NewPersonPage() {
  const orgs = useLoad(async () => {
    const [o, s] = await Promise.all([api<ApiJson<'/api/organisations'>>('/api/organisations'), api<ApiJson<'/api/sites'>>('/api/sites')]);
    return { organisations: o.organisations, sites: s.sites };
  }, []);
  const [withSensitive, setWithSensitive] = useState(false);
  const form = useForm(emptyPerson(), {
    validate: validatePerson,
    onSubmit: async (v) => {
      const created = await api<ApiJson<'/api/people', '$post'>>('/api/people', { body: personBody(v, withSensitive) });
      navigate(`/console/roster/${created.id}?created=1`);
    },
  });
  return (
    <main>
      <PageTitle title={{ ja: '新しい人を登録', en: 'Add a person' }}>
        <Link href="/console/roster">{t({ ja: '名簿に戻る', en: 'Back to the roster' })}</Link>
      </PageTitle>
      <Loading load={orgs}>
        {(d) =>
          d.organisations.length === 0 ? (
            <p class="banner warn">
              {t({ ja: '先に所属組織を登録してください。', en: 'Add an organisation first.' })} <Link href="/console/organisations">{t({ ja: '所属組織へ', en: 'Organisations' })}</Link>
            </p>
          ) : (
            <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate>
              <PersonFields form={form} organisations={d.organisations} sites={d.sites} sensitive={withSensitive} />
              {!withSensitive && (
                <button type="button" class="link" onClick={() => setWithSensitive(true)}>
                  {t({ ja: '連絡先・国籍も入力する', en: 'Also enter contact and nationality' })}
                </button>
              )}
              <FormProblem form={form} />
              <div class="buttons">
                <Submit form={form} label={{ ja: '登録', en: 'Add' }} />
              </div>
            </form>
          )
        }
      </Loading>
    </main>
  );
}

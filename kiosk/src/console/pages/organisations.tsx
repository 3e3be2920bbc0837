import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { api, hasRole } from '../session.ts';
import type { ApiJson, Organisation } from '../types.ts';
import { Empty, Loading, PageTitle, useLoad } from '../ui/common.tsx';
import { FormProblem, requireFields, Submit, TextField, useForm } from '../ui/form.tsx';

export function OrganisationsPage() {
  const list = useLoad(() => api<ApiJson<'/api/organisations'>>('/api/organisations'), []);
  const admin = hasRole('admin');
  const [editing, setEditing] = useState<number | null>(null);
  return (
    <main>
      <PageTitle title={{ ja: '所属組織', en: 'Organisations' }} />
      {admin && <OrganisationForm onSaved={list.reload} />}
      <Loading load={list}>
        {(d) =>
          d.organisations.length === 0 ? (
            <Empty>{t({ ja: '組織はまだありません。', en: 'No organisations yet.' })}</Empty>
          ) : (
            <table class="list" aria-label={t({ ja: '所属組織', en: 'Organisations' })}>
              <thead>
                <tr>
                  <th>{t({ ja: 'ふりがな', en: 'Kana' })}</th>
                  <th>{t({ ja: '名称', en: 'Name' })}</th>
                  {admin && <th />}
                </tr>
              </thead>
              <tbody>
                {d.organisations.map((o) =>
                  editing === o.id ? (
                    <tr key={o.id}>
                      <td colSpan={3}>
                        <OrganisationForm
                          organisation={o}
                          onSaved={() => {
                            setEditing(null);
                            list.reload();
                          }}
                          onCancel={() => setEditing(null)}
                        />
                      </td>
                    </tr>
                  ) : (
                    <tr key={o.id}>
                      <td class="kana">{o.kana}</td>
                      <td>{o.name}</td>
                      {admin && (
                        <td>
                          <button type="button" class="small" onClick={() => setEditing(o.id)}>
                            {t({ ja: '編集', en: 'Edit' })}
                          </button>
                        </td>
                      )}
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          )
        }
      </Loading>
    </main>
  );
}

function OrganisationForm({ organisation, onSaved, onCancel }: { organisation?: Organisation; onSaved: () => void; onCancel?: () => void }) {
  const form = useForm(
    { name: organisation?.name ?? '', kana: organisation?.kana ?? '' },
    {
      validate: (v) => requireFields(v, ['name', 'kana']),
      onSubmit: async (v) => {
        if (organisation) await api(`/api/organisations/${organisation.id}`, { method: 'PATCH', body: v });
        else await api('/api/organisations', { body: v });
        form.reset();
        onSaved();
      },
    },
  );
  return (
    <form id={form.id} class={organisation ? 'inline-form' : 'card'} onSubmit={form.onSubmit} noValidate aria-label={organisation ? t({ ja: '組織の編集', en: 'Edit organisation' }) : t({ ja: '組織を追加', en: 'Add an organisation' })}>
      {!organisation && <h2>{t({ ja: '組織を追加', en: 'Add an organisation' })}</h2>}
      <div class="row">
        <TextField form={form} name="name" label={{ ja: '名称', en: 'Name' }} required />
        <TextField form={form} name="kana" label={{ ja: 'ふりがな', en: 'Kana reading' }} required />
      </div>
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} label={organisation ? { ja: '保存', en: 'Save' } : { ja: '追加', en: 'Add' }} />
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t({ ja: 'やめる', en: 'Cancel' })}
          </button>
        )}
      </div>
    </form>
  );
}

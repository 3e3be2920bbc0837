import type { ApiJson } from '../types.ts';
import { t } from '../../shared/i18n.ts';
import { api, hasRole } from '../session.ts';
import { label } from '../messages.ts';
import { TRAINING_STATUS_LABEL } from '../compliance-messages.ts';
import { Empty, Link, Loading, PageTitle, Tag, useLoad } from '../ui/common.tsx';
import { FormProblem, requireFields, Submit, TextField, useForm } from '../ui/form.tsx';
import { localDay } from '../format.ts';

/** Who among the active roster is untrained or overdue (A4), and the courses the areas require. */
export function TrainingPage() {
  const load = useLoad(() => api<ApiJson<'/api/training/status'>>('/api/training/status'), []);
  return (
    <main>
      <PageTitle title={{ ja: 'セキュリティ研修', en: 'Security training' }} />
      <p class="muted">{t({ ja: '受講記録は名簿の各人の画面で登録します。', en: 'Record a course on the person’s roster page.' })}</p>
      <Loading load={load}>
        {(s) => (
          <>
            <section class="card">
              <h2>{t({ ja: '区域が求める研修', en: 'Courses the areas require' })}</h2>
              {s.requiredCourses.length === 0 ? <Empty>{t({ ja: 'なし', en: 'None' })}</Empty> : <p>{s.requiredCourses.join('、')}</p>}
            </section>
            <section class="card">
              <h2>{t({ ja: '未受講・期限切れの人', en: 'Untrained or overdue' })}</h2>
              {s.people.length === 0 ? (
                <Empty>{t({ ja: '全員が有効な研修を受けています。', en: 'Everyone’s training is current.' })}</Empty>
              ) : (
                <table class="list" aria-label={t({ ja: '未受講・期限切れ', en: 'Untrained or overdue' })}>
                  <thead>
                    <tr>
                      <th>{t({ ja: '氏名', en: 'Name' })}</th>
                      <th>{t({ ja: '所属', en: 'Organisation' })}</th>
                      <th>{t({ ja: '状態', en: 'Status' })}</th>
                      <th>{t({ ja: '研修', en: 'Courses' })}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.people.map((p) => (
                      <tr key={p.personId}>
                        <td>
                          <Link href={`/console/roster/${p.personId}`}>{p.name}</Link>
                          <div class="kana small">{p.kana}</div>
                        </td>
                        <td>{p.organisationName}</td>
                        <td>
                          <Tag kind="flag">{label(TRAINING_STATUS_LABEL, p.status)}</Tag>
                        </td>
                        <td>
                          {p.gaps.map((g) => (
                            <div key={g.course}>
                              {g.course}：{label(TRAINING_STATUS_LABEL, g.status)}
                              {g.lapsedAfter && t({ ja: '（{day} まで有効）', en: ' (valid until {day})' }, { day: g.lapsedAfter })}
                            </div>
                          ))}
                        </td>
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

/** A person's training records (A4) on their roster page; admins and supervisors add a completed course. */
export function PersonTraining({ personId }: { personId: number }) {
  const list = useLoad(() => api<ApiJson<'/api/people/:id/training'>>(`/api/people/${personId}/training`), [personId]);
  const form = useForm(
    { course: '', completedOn: localDay(), validUntil: '', note: '' },
    {
      validate: (v) => requireFields(v, ['course', 'completedOn']),
      onSubmit: async (v) => {
        await api(`/api/people/${personId}/training`, { body: { ...v, validUntil: v.validUntil || null } });
        form.reset();
        list.reload();
      },
    },
  );
  return (
    <section class="card" aria-labelledby="training-title">
      <h2 id="training-title">{t({ ja: 'セキュリティ研修の記録', en: 'Security training' })}</h2>
      <Loading load={list}>
        {(d) =>
          d.records.length === 0 ? (
            <Empty>{t({ ja: '研修の記録はありません（未受講）。', en: 'No training on record (untrained).' })}</Empty>
          ) : (
            <table class="list" aria-label={t({ ja: '研修の記録', en: 'Training records' })}>
              <thead>
                <tr>
                  <th>{t({ ja: '研修', en: 'Course' })}</th>
                  <th>{t({ ja: '受講日', en: 'Completed' })}</th>
                  <th>{t({ ja: '有効期限', en: 'Valid until' })}</th>
                  <th>{t({ ja: '状態', en: 'Status' })}</th>
                </tr>
              </thead>
              <tbody>
                {d.records.map((r) => (
                  <tr key={r.id}>
                    <td>
                      {r.course}
                      {r.note && <div class="muted small">{r.note}</div>}
                    </td>
                    <td class="nowrap">{r.completedOn}</td>
                    <td class="nowrap">{r.validUntil ?? t({ ja: '期限なし', en: 'No limit' })}</td>
                    <td>{r.current ? <Tag kind="active">{t({ ja: '有効', en: 'Current' })}</Tag> : <Tag kind="flag">{t({ ja: '期限切れ', en: 'Lapsed' })}</Tag>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loading>
      {hasRole('admin', 'supervisor') && (
        <form id={form.id} class="subform" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '研修の受講を記録', en: 'Record a course' })}>
          <div class="row">
            <TextField form={form} name="course" label={{ ja: '研修名', en: 'Course' }} required />
            <TextField form={form} name="completedOn" type="date" label={{ ja: '受講日', en: 'Completed on' }} required />
            <TextField form={form} name="validUntil" type="date" label={{ ja: '有効期限（任意）', en: 'Valid until (optional)' }} />
          </div>
          <TextField form={form} name="note" label={{ ja: 'メモ（任意）', en: 'Note (optional)' }} />
          <FormProblem form={form} />
          <div class="buttons">
            <Submit form={form} label={{ ja: '受講を記録', en: 'Record the course' }} />
          </div>
        </form>
      )}
    </section>
  );
}

/** The course an area requires at entry (A4): the kiosk refuses anyone without a current record of it. */
export function AreaTrainingPolicy({ areaId }: { areaId: number }) {
  const policies = useLoad(() => api<ApiJson<'/api/training/policies'>>('/api/training/policies'), []);
  const admin = hasRole('admin');
  return (
    <section class="card" aria-labelledby="area-training-title">
      <h2 id="area-training-title">{t({ ja: '入室に必要な研修', en: 'Training required to enter' })}</h2>
      <Loading load={policies}>
        {(d) => {
          const current = d.policies.find((p) => p.areaId === areaId)?.requiredCourse ?? null;
          return (
            <>
              <p>{current ? t({ ja: '「{course}」の有効な受講記録がない人は、受付端末で入室を拒否されます。', en: 'People without a current record of “{course}” are refused at the kiosk.' }, { course: current }) : t({ ja: '設定されていません。', en: 'None.' })}</p>
              {admin && <PolicyForm key={current ?? ''} areaId={areaId} current={current} onSaved={policies.reload} />}
            </>
          );
        }}
      </Loading>
    </section>
  );
}

function PolicyForm({ areaId, current, onSaved }: { areaId: number; current: string | null; onSaved: () => void }) {
  const form = useForm(
    { requiredCourse: current ?? '' },
    {
      validate: (v) => requireFields(v, ['requiredCourse']),
      onSubmit: (v) => api(`/api/areas/${areaId}/training-policy`, { method: 'PUT', body: v }).then(onSaved),
    },
  );
  const remove = useForm({}, { onSubmit: () => api(`/api/areas/${areaId}/training-policy`, { method: 'DELETE' }).then(onSaved) });
  return (
    <>
      <form id={form.id} onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '入室に必要な研修', en: 'Training required to enter' })}>
        <TextField form={form} name="requiredCourse" label={{ ja: '研修名', en: 'Course' }} required />
        <FormProblem form={form} />
        <div class="buttons">
          <Submit form={form} label={{ ja: '設定する', en: 'Set' }} />
        </div>
      </form>
      {current && (
        <form id={remove.id} onSubmit={remove.onSubmit} noValidate>
          <FormProblem form={remove} />
          <Submit form={remove} kind="" label={{ ja: '設定を外す', en: 'Remove the requirement' }} />
        </form>
      )}
    </>
  );
}

import type { ApiJson } from '../types.ts';
import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api, hasRole } from '../session.ts';
import { route, setQuery } from '../router.ts';
import { localDay } from '../format.ts';
import type { Shift } from '../compliance-types.ts';
import { Banner, Empty, Link, Loading, PageTitle, useLoad } from '../ui/common.tsx';
import { errorMessage, FormProblem, requireFields, Submit, TextField, useForm } from '../ui/form.tsx';

type ShiftRow = Pick<Shift, 'day' | 'start' | 'end'>;

const thisMonth = () => localDay().slice(0, 7);

function MonthPicker({ id, value, onChange }: { id: string; value: string; onChange: (m: string) => void }) {
  return (
    <div class="field shrink">
      <label for={id}>{t({ ja: '対象月', en: 'Month' })}</label>
      <input id={id} type="month" value={value} onChange={(e) => e.currentTarget.value && onChange(e.currentTarget.value)} />
    </div>
  );
}

/** Work schedules (勤務予定表, B7) of a month for everyone, and the CSV import. */
export function SchedulesPage() {
  const loc = useSignal(route);
  const month = loc.query.get('month') ?? thisMonth();
  const list = useLoad(() => api<ApiJson<'/api/schedules'>>(`/api/schedules?month=${month}`), [month]);
  return (
    <main>
      <PageTitle title={{ ja: '勤務予定表', en: 'Work schedules' }} />
      <p class="muted">{t({ ja: '勤務予定のある人は、予定外の日・時間の入室が異常として記録されます。一人ずつの入力は名簿の各人の画面で行います。', en: 'For people with a schedule, entries outside it are flagged. Enter one person’s month on their roster page.' })}</p>
      {hasRole('admin', 'supervisor') && <ImportSchedules onDone={list.reload} />}
      <section class="card">
        <div class="page-title">
          <h2>{t({ ja: '{month} の勤務予定', en: 'Shifts in {month}' }, { month })}</h2>
          <MonthPicker id="schedules-month" value={month} onChange={(m) => setQuery({ month: m })} />
        </div>
        <Loading load={list}>
          {(d) =>
            d.shifts.length === 0 ? (
              <Empty>{t({ ja: 'この月の勤務予定はありません。', en: 'No shifts this month.' })}</Empty>
            ) : (
              <table class="list" aria-label={t({ ja: '勤務予定', en: 'Shifts' })}>
                <thead>
                  <tr>
                    <th>{t({ ja: '氏名', en: 'Name' })}</th>
                    <th>{t({ ja: '日付', en: 'Day' })}</th>
                    <th>{t({ ja: '時間', en: 'Hours' })}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.shifts.map((s) => (
                    <tr key={s.id}>
                      <td>
                        <Link href={`/console/roster/${s.personId}`}>{s.personName}</Link>
                      </td>
                      <td class="nowrap">{s.day}</td>
                      <td class="nowrap">
                        {s.start}–{s.end}
                        {s.overnight && ` ${t({ ja: '（翌日まで）', en: '(overnight)' })}`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </Loading>
      </section>
    </main>
  );
}

function ImportSchedules({ onDone }: { onDone: () => void }) {
  const [done, setDone] = useState<number | null>(null);
  const form = useForm(
    { csv: '' },
    {
      validate: (v) => requireFields(v, ['csv']),
      onSubmit: async (v) => {
        setDone(null);
        const r = await api<ApiJson<'/api/schedules/import', '$post'>>('/api/schedules/import', { body: v });
        setDone(r.count);
        form.reset();
        onDone();
      },
    },
  );
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: 'CSVの取り込み', en: 'Import CSV' })}>
      <h2>{t({ ja: 'CSVから取り込む', en: 'Import from CSV' })}</h2>
      <p class="muted small">
        {t({ ja: '1行目に person_id,day,start,end。ファイルに含まれる人と月の予定は、ファイルの内容で置き換えます。エラーの rows.N は N+2 行目です。', en: 'First line: person_id,day,start,end. Each person and month in the file is replaced by the file’s shifts. rows.N in an error is line N+2.' })}
      </p>
      <div class="field">
        <label for={`${form.id}-file`}>{t({ ja: 'CSVファイル', en: 'CSV file' })}</label>
        <input id={`${form.id}-file`} type="file" accept=".csv,text/csv" onChange={(e) => void e.currentTarget.files?.[0]?.text().then((text) => form.set('csv', text.replace(/^\uFEFF/, '')))} />
      </div>
      <TextField form={form} name="csv" label={{ ja: 'CSVの内容', en: 'CSV content' }} multiline rows={5} placeholder="person_id,day,start,end" required />
      <FormProblem form={form} />
      {done !== null && <Banner kind="ok">{t({ ja: '{n} 件の勤務を取り込みました。', en: '{n} shifts imported.' }, { n: done })}</Banner>}
      <div class="buttons">
        <Submit form={form} label={{ ja: '取り込む', en: 'Import' }} />
      </div>
    </form>
  );
}

/** One person's month of shifts on their roster page: entered here, saved as the whole month (B7). */
export function PersonSchedule({ personId }: { personId: number }) {
  const [month, setMonth] = useState(thisMonth());
  const list = useLoad(() => api<ApiJson<'/api/schedules'>>(`/api/schedules?month=${month}&personId=${personId}`), [month, personId]);
  return (
    <section class="card" aria-labelledby="schedule-title">
      <div class="page-title">
        <h2 id="schedule-title">{t({ ja: '勤務予定', en: 'Work schedule' })}</h2>
        <MonthPicker id="person-schedule-month" value={month} onChange={setMonth} />
      </div>
      <Loading load={list}>
        {/* Keyed by the month the data is for: the form starts afresh when another month's shifts arrive, and keeps its state after a save. */}
        {(d) => <ScheduleForm key={d.month} personId={personId} month={d.month} shifts={d.shifts} onSaved={list.reload} />}
      </Loading>
    </section>
  );
}

function ScheduleForm({ personId, month, shifts, onSaved }: { personId: number; month: string; shifts: Shift[]; onSaved: () => void }) {
  const keeper = hasRole('admin', 'supervisor');
  const [saved, setSaved] = useState(false);
  const form = useForm(
    { shifts: shifts.map((s): ShiftRow => ({ day: s.day, start: s.start, end: s.end })) },
    {
      validate: (v) => (v.shifts.some((s) => !s.day || !s.start || !s.end) ? { shifts: { ja: '各行の日付・開始・終了を入力してください', en: 'Fill in the day, start and end of each row' } } : {}),
      fieldOf: (path) => (path.startsWith('shifts') ? 'shifts' : path),
      onSubmit: async (v) => {
        setSaved(false);
        await api(`/api/people/${personId}/schedules/${month}`, { method: 'PUT', body: v });
        setSaved(true);
        onSaved();
      },
    },
  );
  const rows = form.values.shifts;
  const setRow = (n: number, patch: Partial<ShiftRow>) => form.set('shifts', rows.map((r, k) => (k === n ? { ...r, ...patch } : r)));
  const err = form.errors['shifts'];
  if (!keeper) {
    return rows.length === 0 ? <Empty>{t({ ja: 'この月の勤務予定はありません。', en: 'No shifts this month.' })}</Empty> : <p>{rows.map((r) => `${r.day} ${r.start}–${r.end}`).join('、')}</p>;
  }
  return (
    <form id={form.id} onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '勤務予定の入力', en: 'Enter the schedule' })}>
      {rows.length === 0 && <Empty>{t({ ja: 'この月の勤務予定はありません。', en: 'No shifts this month.' })}</Empty>}
      {rows.map((r, n) => (
        <div key={n} class="row tight" role="group" aria-label={t({ ja: '勤務{n}', en: 'Shift {n}' }, { n: n + 1 })}>
          <input type="date" aria-label={t({ ja: '日付（勤務{n}）', en: 'Day (shift {n})' }, { n: n + 1 })} min={`${month}-01`} value={r.day} onInput={(e) => setRow(n, { day: e.currentTarget.value })} />
          <input type="time" aria-label={t({ ja: '開始（勤務{n}）', en: 'Start (shift {n})' }, { n: n + 1 })} value={r.start} onInput={(e) => setRow(n, { start: e.currentTarget.value })} />
          <input type="time" aria-label={t({ ja: '終了（勤務{n}）', en: 'End (shift {n})' }, { n: n + 1 })} value={r.end} onInput={(e) => setRow(n, { end: e.currentTarget.value })} />
          <button type="button" class="small" onClick={() => form.set('shifts', rows.filter((_, k) => k !== n))}>
            {t({ ja: '削除', en: 'Remove' })}
          </button>
        </div>
      ))}
      {err && (
        <div class="field-error" role="alert">
          {errorMessage(err)}
        </div>
      )}
      <FormProblem form={form} />
      {saved && <Banner kind="ok">{t({ ja: '保存しました。', en: 'Saved.' })}</Banner>}
      <div class="buttons">
        <button type="button" onClick={() => form.set('shifts', [...rows, { day: rows.at(-1)?.day ?? `${month}-01`, start: rows.at(-1)?.start ?? '09:00', end: rows.at(-1)?.end ?? '17:30' }])}>
          {t({ ja: '勤務を追加', en: 'Add a shift' })}
        </button>
        <Submit form={form} label={{ ja: 'この月の予定を保存', en: 'Save this month' }} />
      </div>
    </form>
  );
}

import { t, type Msg } from '../../shared/i18n.ts';
import { api } from '../session.ts';
import { navigate } from '../router.ts';
import { dayStart, localDateTimeToIso } from '../format.ts';
import type { RequestChoices, RequestView } from '../custody/types.ts';
import { Link, Loading, PageTitle, useLoad } from '../ui/common.tsx';
import { CheckField, errorMessage, FormProblem, requireFields, SelectField, Submit, TextField, useForm, type Errors } from '../ui/form.tsx';
import { AssetPicker, ItemRows, namedItemErrors, newItem, type ItemDraft } from './request-items.tsx';

const pad = (n: number) => String(n).padStart(2, '0');
/** What <input type="datetime-local"> holds for a Date, in the browser's time zone. */
function localInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function initial() {
  const now = new Date();
  now.setSeconds(0, 0);
  return {
    kind: 'carry_in',
    areaId: '',
    purpose: '',
    windowFrom: localInput(now),
    windowTo: localInput(new Date(now.getTime() + 8 * 3_600_000)),
    destination: '',
    expectedReturnAt: '',
    encryption: false,
    lockedCase: false,
    protectionNote: '',
    repair: false,
    erasure: '',
    ndaReference: '',
    items: [] as ItemDraft[],
  };
}
type Values = ReturnType<typeof initial>;

const SCAN_INCOMPLETE: Msg = { ja: 'ウイルスチェックの結果を選んだら、日付・ツール・定義ファイルの日付も入力してください', en: 'With a scan result, give its date, tool and definitions date too' };

function validate(v: Values): Errors {
  const out = requireFields(v, ['areaId', 'purpose', 'windowFrom', 'windowTo', 'items']);
  if (v.items.length === 0) out['items'] = { ja: '資産を一つ以上加えてください', en: 'Add at least one asset' };
  if (v.items.some((i) => i.scanResult && (!i.scanDate || !i.scanTool.trim() || !i.scanDefinitionsDate))) out['items'] = SCAN_INCOMPLETE;
  if (v.kind === 'carry_out' && !v.destination.trim()) out['destination'] = { ja: '持出先を入力してください（C3）', en: 'Give the destination (C3)' };
  if (v.windowFrom && v.windowTo && v.windowTo <= v.windowFrom) out['windowTo'] = { ja: '開始より後の日時にしてください', en: 'Must be after the start' };
  return out;
}

function bodyOf(v: Values) {
  const out = v.kind === 'carry_out';
  const protection = v.encryption || v.lockedCase || v.protectionNote.trim() ? { encryption: v.encryption, lockedCase: v.lockedCase, note: v.protectionNote } : null;
  return {
    kind: v.kind,
    areaId: Number(v.areaId),
    purpose: v.purpose,
    windowFrom: localDateTimeToIso(v.windowFrom),
    windowTo: localDateTimeToIso(v.windowTo),
    ...(out ? { destination: v.destination, expectedReturnAt: localDateTimeToIso(v.expectedReturnAt) } : {}),
    protection,
    ...(out && v.repair ? { repair: { erasure: v.erasure, ndaReference: v.ndaReference } } : {}),
    items: v.items.map((i) => ({
      assetId: i.asset.id,
      fixedEquipment: i.fixedEquipment,
      scan: i.scanResult ? { date: dayStart(i.scanDate), tool: i.scanTool, definitionsDate: i.scanDefinitionsDate, result: i.scanResult } : null,
    })),
  };
}

/** The server's names for the form's fields where they differ (protection.encryption, repair.erasure). */
function fieldOf(path: string): string {
  if (path.startsWith('items')) return 'items';
  if (path.startsWith('protection')) return path === 'protection.lockedCase' ? 'lockedCase' : 'encryption';
  if (path.startsWith('repair')) return path === 'repair.ndaReference' ? 'ndaReference' : 'erasure';
  return path;
}

/** A carry-in or carry-out request (C2, C3, C5, C6, C8): written, then submitted for approval in one step. */
export function RequestNewPage() {
  const choices = useLoad(() => api<RequestChoices>('/api/custody/request-choices'), []);
  const form = useForm(initial(), {
    validate,
    fieldOf,
    onSubmit: async (v) => {
      let created: RequestView;
      try {
        created = await api<RequestView>('/api/custody/requests', { body: bodyOf(v) });
      } catch (err) {
        throw namedItemErrors(err, v.items);
      }
      // A draft that cannot be submitted stays a draft: its page says why and offers to submit again.
      await api(`/api/custody/requests/${created.id}/submit`, { method: 'POST' }).catch(() => undefined);
      navigate(`/console/requests/${created.id}?created=1`);
    },
  });
  const v = form.values;
  const itemsError = form.errors['items'];
  return (
    <main>
      <PageTitle title={{ ja: '持込・持出の申請', en: 'Carry-in / carry-out request' }}>
        <Link href="/console/requests">{t({ ja: '申請一覧に戻る', en: 'Back to requests' })}</Link>
      </PageTitle>
      <Loading load={choices}>
        {(c) => (
          <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '持込・持出の申請', en: 'Carry-in / carry-out request' })}>
            <div class="row">
              <SelectField
                form={form}
                name="kind"
                label={{ ja: '種類', en: 'Kind' }}
                required
                options={[
                  { value: 'carry_in', label: t({ ja: '持込（区域へ持ち込む）', en: 'Carry-in (into the area)' }) },
                  { value: 'carry_out', label: t({ ja: '持出（区域から持ち出す）', en: 'Carry-out (out of the area)' }) },
                ]}
              />
              <SelectField form={form} name="areaId" label={{ ja: '区域', en: 'Area' }} required options={c.areas.map((a) => ({ value: String(a.id), label: `${a.siteName} / ${a.name}` }))} />
            </div>
            <TextField form={form} name="purpose" label={{ ja: '目的', en: 'Purpose' }} required hint={{ ja: '例：サーバ保守作業用の端末', en: 'E.g. a laptop for server maintenance' }} />
            <div class="row">
              <TextField form={form} name="windowFrom" type="datetime-local" label={{ ja: '予定期間の開始', en: 'Window from' }} required />
              <TextField form={form} name="windowTo" type="datetime-local" label={{ ja: '予定期間の終了', en: 'Window to' }} required />
            </div>
            {v.kind === 'carry_out' && (
              <div class="row">
                <TextField form={form} name="destination" label={{ ja: '持出先', en: 'Destination' }} required />
                <TextField form={form} name="expectedReturnAt" type="datetime-local" label={{ ja: '返却予定日時（貸出の場合）', en: 'Expected return (for a loan)' }} />
              </div>
            )}
            <fieldset class="field">
              <legend>{t({ ja: '運搬時の保護（重要情報は必須：C6）', en: 'Protection in transit (required for important information: C6)' })}</legend>
              <CheckField form={form} name="encryption" label={{ ja: '暗号化', en: 'Encrypted' }} />
              <CheckField form={form} name="lockedCase" label={{ ja: '施錠できるケース', en: 'Locked case' }} />
              <TextField form={form} name="protectionNote" label={{ ja: '保護の内容（任意）', en: 'Protection details (optional)' }} />
            </fieldset>
            {v.kind === 'carry_out' && (
              <>
                <CheckField form={form} name="repair" label={{ ja: '修理のための持出（C8）', en: 'Carried out for repair (C8)' }} />
                {v.repair && (
                  <div class="row">
                    <TextField form={form} name="erasure" label={{ ja: 'データ消去の内容', en: 'Data erasure done' }} />
                    <TextField form={form} name="ndaReference" label={{ ja: '修理業者の秘密保持契約の番号', en: "Repairer's NDA reference" }} />
                  </div>
                )}
              </>
            )}
            <fieldset class="field" aria-describedby={itemsError ? `${form.id}-items-error` : undefined}>
              <legend>
                {t({ ja: '資産', en: 'Assets' })}
                <span class="req" aria-hidden="true">
                  {' '}
                  *
                </span>
              </legend>
              <AssetPicker choices={c} chosen={v.items} onAdd={(a) => form.set('items', [...v.items, newItem(a)])} />
              <ItemRows items={v.items} onChange={(items) => form.set('items', items)} />
              {itemsError && (
                <div class="field-error" id={`${form.id}-items-error`} role="alert">
                  {errorMessage(itemsError)}
                </div>
              )}
            </fieldset>
            <FormProblem form={form} />
            <div class="buttons">
              <Submit form={form} label={{ ja: '申請する', en: 'Submit the request' }} />
            </div>
          </form>
        )}
      </Loading>
    </main>
  );
}

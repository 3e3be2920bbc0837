import { t } from '../../shared/i18n.ts';
import { dayStart, localDateTimeToIso } from '../format.ts';
import type { RequestChoices, RequestView } from '../custody/types.ts';
import { CheckField, errorMessage, FormProblem, requireFields, SelectField, Submit, TextField, useForm, type Errors } from '../ui/form.tsx';
import { AssetPicker, ItemRows, namedItemErrors, newItem, type ItemDraft } from './request-items.tsx';
import { requestProblems } from './request-checks.ts';

const pad = (n: number) => String(n).padStart(2, '0');
/** What <input type="datetime-local"> holds for a Date, in the browser's time zone. */
function localInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
const localDay = (iso: string) => localInput(new Date(iso)).slice(0, 10);

export function blankRequest() {
  const now = new Date();
  now.setSeconds(0, 0);
  return {
    kind: 'carry_in',
    areaId: '',
    purpose: '',
    responsibleId: '',
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
    roundTrip: false,
    items: [] as ItemDraft[],
  };
}
export type RequestValues = ReturnType<typeof blankRequest>;

/** A request as the form holds it, to be edited. */
export function requestValues(r: RequestView): RequestValues {
  return {
    kind: r.kind,
    areaId: String(r.area.id),
    purpose: r.purpose,
    responsibleId: r.responsible ? String(r.responsible.id) : '',
    windowFrom: localInput(new Date(r.windowFrom)),
    windowTo: localInput(new Date(r.windowTo)),
    destination: r.destination,
    expectedReturnAt: r.expectedReturnAt ? localInput(new Date(r.expectedReturnAt)) : '',
    encryption: r.protection?.encryption ?? false,
    lockedCase: r.protection?.lockedCase ?? false,
    protectionNote: r.protection?.note ?? '',
    repair: r.repair !== null,
    erasure: r.repair?.erasure ?? '',
    ndaReference: r.repair?.ndaReference ?? '',
    roundTrip: r.roundTrip,
    items: r.items.map((i) => ({
      ...newItem({ id: i.assetId, assetNumber: i.assetNumber, kind: i.kind, classification: i.classification, hasStorage: i.hasStorage, fixed: i.fixed }),
      // A request's fixed equipment was confirmed when it was made (the server keeps no separate answer).
      fixedEquipment: i.fixed,
      scanDate: i.scan?.date ? localDay(i.scan.date) : '',
      scanTool: i.scan?.tool ?? '',
      scanDefinitionsDate: i.scan?.definitionsDate ?? '',
      scanResult: i.scan?.result ?? '',
    })),
  };
}

const SCAN_INCOMPLETE = { ja: 'ウイルスチェックの結果を選んだら、日付・ツール・定義ファイルの日付も入力してください', en: 'With a scan result, give its date, tool and definitions date too' };

function validate(v: RequestValues): Errors {
  const out: Errors = { ...requireFields(v, ['areaId', 'purpose', 'responsibleId', 'windowFrom', 'windowTo', 'items']), ...requestProblems(v, Date.now()) };
  if (v.items.length === 0) out['items'] = { ja: '資産を一つ以上加えてください', en: 'Add at least one asset' };
  else if (v.items.some((i) => i.scanResult && (!i.scanDate || !i.scanTool.trim() || !i.scanDefinitionsDate))) out['items'] = SCAN_INCOMPLETE;
  return out;
}

/** The request's content as the API takes it; `kind` is left to the caller (it cannot be edited). */
export function requestBody(v: RequestValues) {
  const out = v.kind === 'carry_out';
  const protection = v.encryption || v.lockedCase || v.protectionNote.trim() ? { encryption: v.encryption, lockedCase: v.lockedCase, note: v.protectionNote } : null;
  return {
    areaId: Number(v.areaId),
    purpose: v.purpose,
    ...(v.responsibleId ? { responsibleId: Number(v.responsibleId) } : {}),
    windowFrom: localDateTimeToIso(v.windowFrom),
    windowTo: localDateTimeToIso(v.windowTo),
    ...(out ? { destination: v.destination, expectedReturnAt: localDateTimeToIso(v.expectedReturnAt) } : {}),
    protection,
    repair: out && v.repair ? { erasure: v.erasure, ndaReference: v.ndaReference } : null,
    roundTrip: !out && v.roundTrip,
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

/**
 * Writing a carry-in or carry-out request (C2, C3, C5, C6, C8): checked here for everything the server
 * would refuse, so a request that reaches an approver can be approved. `editing` fixes the kind.
 */
export function RequestForm({ choices: c, initial, editing, save, submitLabel }: { choices: RequestChoices; initial: RequestValues; editing: boolean; save: (v: RequestValues) => Promise<void>; submitLabel: { ja: string; en: string } }) {
  const form = useForm(initial, {
    validate,
    fieldOf,
    onSubmit: async (v) => {
      try {
        await save(v);
      } catch (err) {
        throw namedItemErrors(err, v.items);
      }
    },
  });
  const v = form.values;
  const itemsError = form.errors['items'];
  const kinds = [
    { value: 'carry_in', label: t({ ja: '持込（区域へ持ち込む）', en: 'Carry-in (into the area)' }) },
    { value: 'carry_out', label: t({ ja: '持出（区域から持ち出す）', en: 'Carry-out (out of the area)' }) },
  ];
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '持込・持出の申請', en: 'Carry-in / carry-out request' })}>
      <div class="row">
        <SelectField form={form} name="kind" label={{ ja: '種類', en: 'Kind' }} required options={editing ? kinds.filter((k) => k.value === v.kind) : kinds} />
        <SelectField form={form} name="areaId" label={{ ja: '区域', en: 'Area' }} required options={c.areas.map((a) => ({ value: String(a.id), label: `${a.siteName} / ${a.name}` }))} />
      </div>
      <TextField form={form} name="purpose" label={{ ja: '目的', en: 'Purpose' }} required hint={{ ja: '例：サーバ保守作業用の端末', en: 'E.g. a laptop for server maintenance' }} />
      <SelectField
        form={form}
        name="responsibleId"
        label={{ ja: '責任者', en: 'Responsible person' }}
        required
        hint={{ ja: '持込・持出に責任を持つ人。原則として搬送者とは別の人を選びます。', en: 'Who answers for this movement; normally someone other than the carrier.' }}
        options={c.responsibles.map((p) => ({ value: String(p.id), label: p.name }))}
      />
      <div class="row">
        <TextField form={form} name="windowFrom" type="datetime-local" label={{ ja: '予定期間の開始', en: 'Window from' }} required />
        <TextField form={form} name="windowTo" type="datetime-local" label={{ ja: '予定期間の終了', en: 'Window to' }} required />
      </div>
      {v.kind === 'carry_in' && (
        <CheckField
          form={form}
          name="roundTrip"
          label={{ ja: '持込（当日持出）：同じ機器を予定期間内に持ち帰る', en: 'Carry-in, out the same visit: the same items leave again within the window' }}
          hint={{
            ja: '自分の作業用ノートPCを持ち込み、帰るときに持ち帰る場合など。この承認ひとつで、入室時の持込と退室時の持出の両方ができます（持出申請は不要です）。予定期間の終了までに持ち出されなかった機器は「当日持出の機器が区域内に残存」として記録されます。',
            en: 'E.g. your own work laptop that you bring in and take home again. This one approval covers the carry-in at entry and the carry-out at exit (no carry-out request needed). Items still inside when the window ends are flagged as a round-trip item still inside.',
          }}
        />
      )}
      {v.kind === 'carry_out' && (
        <div class="row">
          <TextField form={form} name="destination" label={{ ja: '持出先', en: 'Destination' }} required />
          <TextField form={form} name="expectedReturnAt" type="datetime-local" label={{ ja: '返却予定日時（貸出の場合）', en: 'Expected return (for a loan)' }} />
        </div>
      )}
      <fieldset class="field">
        <legend>{t({ ja: '運搬時の保護（重要情報は必須）', en: 'Protection in transit (required for important information)' })}</legend>
        <CheckField form={form} name="encryption" label={{ ja: '暗号化', en: 'Encrypted' }} />
        <CheckField form={form} name="lockedCase" label={{ ja: '施錠できるケース', en: 'Locked case' }} />
        <TextField form={form} name="protectionNote" label={{ ja: '保護の内容（任意）', en: 'Protection details (optional)' }} />
      </fieldset>
      {v.kind === 'carry_out' && (
        <>
          <CheckField form={form} name="repair" label={{ ja: '修理のための持出', en: 'Carried out for repair' }} />
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
        <Submit form={form} label={submitLabel} />
      </div>
    </form>
  );
}

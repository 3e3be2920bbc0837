import { t } from '../../shared/i18n.ts';
import { api } from '../session.ts';
import { label } from '../messages.ts';
import type { ApiJson, Person } from '../types.ts';
import type { AssetView } from '../custody/types.ts';
import { ASSET_KINDS, CLASSIFICATIONS, CLASSIFICATION_LABEL, KIND_LABEL, OWNER_LABEL, OWNER_TYPES } from '../../shared/custody-labels.ts';
import { Banner } from '../ui/common.tsx';
import { CheckField, FormProblem, requireFields, SelectField, Submit, TextField, useForm } from '../ui/form.tsx';

const EMPTY = { assetNumber: '', kind: '', ownerType: '', serialNumber: '', description: '', classification: 'none', storage: '', networkApproved: false, fixed: false, custodianId: '' };

/** Registering one asset (admin, guard). A personal device is registered only so the kiosk recognises and refuses it. */
export function AssetForm({ people, onSaved, onCancel }: { people: Person[]; onSaved: (a: AssetView) => void; onCancel: () => void }) {
  const form = useForm(EMPTY, {
    validate: (v) => requireFields(v, ['kind', 'ownerType']),
    onSubmit: async (v) => {
      const created = await api<ApiJson<'/api/assets', '$post'>>('/api/assets', {
        body: {
          ...(v.assetNumber.trim() ? { assetNumber: v.assetNumber.trim() } : {}),
          kind: v.kind,
          ownerType: v.ownerType,
          serialNumber: v.serialNumber,
          description: v.description,
          classification: v.classification,
          ...(v.storage ? { hasStorage: v.storage === 'yes' } : {}),
          networkApproved: v.networkApproved,
          fixed: v.fixed,
          custodianId: v.custodianId ? Number(v.custodianId) : null,
        },
      });
      onSaved(created);
    },
    fieldOf: (path) => (path === 'hasStorage' ? 'storage' : path),
  });
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '資産を登録', en: 'Register an asset' })}>
      <h2>{t({ ja: '資産を登録', en: 'Register an asset' })}</h2>
      <div class="row">
        <TextField form={form} name="assetNumber" label={{ ja: '管理番号', en: 'Asset number' }} hint={{ ja: '空欄なら自動で採番します', en: 'Leave empty to number it automatically' }} />
        <SelectField form={form} name="kind" label={{ ja: '種別', en: 'Kind' }} required options={ASSET_KINDS.map((k) => ({ value: k, label: label(KIND_LABEL, k) }))} />
        <SelectField form={form} name="ownerType" label={{ ja: '所有区分', en: 'Owner' }} required options={OWNER_TYPES.map((o) => ({ value: o, label: label(OWNER_LABEL, o) }))} />
      </div>
      {form.values.ownerType === 'personal' && (
        <Banner kind="warn">{t({ ja: '私物は持込・持出できません。登録は、受付端末で私物と判別して断るためです。', en: 'Personal devices are never carried in or out: registering one lets the kiosk recognise and refuse it.' })}</Banner>
      )}
      <div class="row">
        <TextField form={form} name="serialNumber" label={{ ja: '製造番号', en: 'Serial number' }} />
        <SelectField form={form} name="classification" label={{ ja: '情報区分', en: 'Classification' }} options={CLASSIFICATIONS.map((c) => ({ value: c, label: label(CLASSIFICATION_LABEL, c) }))} />
        <SelectField
          form={form}
          name="storage"
          label={{ ja: '記憶媒体', en: 'Holds storage' }}
          placeholder={{ ja: '種別から判断', en: 'From the kind' }}
          options={[
            { value: 'yes', label: t({ ja: 'あり', en: 'Yes' }) },
            { value: 'no', label: t({ ja: 'なし', en: 'No' }) },
          ]}
        />
      </div>
      <TextField form={form} name="description" label={{ ja: '説明', en: 'Description' }} multiline rows={2} />
      <div class="row">
        <SelectField
          form={form}
          name="custodianId"
          label={{ ja: '管理責任者（保管者）', en: 'Custodian' }}
          placeholder={{ ja: 'なし', en: 'None' }}
          options={people.filter((p) => p.status === 'active').map((p) => ({ value: String(p.id), label: `${p.name}（${p.organisationName}）` }))}
        />
      </div>
      <CheckField form={form} name="networkApproved" label={{ ja: '庁内ネットワークへの接続を承認済み', en: 'Approved for the internal network' }} hint={{ ja: '市（甲）の事前許可が必要な拠点では、許可の記録後に資産の詳細で承認します', en: "Where the city's prior permission is needed, approve it on the asset's page once the permission is recorded" }} />
      <CheckField form={form} name="fixed" label={{ ja: '固定設置機器（移動には承認が必要）', en: 'Fixed equipment (any movement needs approval)' }} />
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} label={{ ja: '登録', en: 'Register' }} />
        <button type="button" onClick={onCancel}>
          {t({ ja: 'やめる', en: 'Cancel' })}
        </button>
      </div>
    </form>
  );
}

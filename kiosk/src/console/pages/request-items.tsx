import type { ApiJson } from '../types.ts';
import { useState } from 'preact/hooks';
import { ApiError } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { api, hasRole } from '../session.ts';
import { label, serverMessage } from '../messages.ts';
import type { AssetView, RequestChoices } from '../custody/types.ts';
import { CLASSIFICATION_LABEL, KIND_LABEL, SCAN_RESULT_LABEL } from '../../shared/custody-labels.ts';
import { ErrorBanner } from '../ui/common.tsx';

/** What the form needs of an asset: a registry entry, or an item of a request being edited. */
export type ItemAsset = Pick<AssetView, 'id' | 'assetNumber' | 'kind' | 'classification' | 'hasStorage' | 'fixed'>;

/** One asset on a request being written, with its virus-scan record when it holds storage. */
export interface ItemDraft {
  asset: ItemAsset;
  scanDate: string;
  scanTool: string;
  scanDefinitionsDate: string;
  scanResult: string;
  fixedEquipment: boolean;
}

export function newItem(asset: ItemAsset): ItemDraft {
  return { asset, scanDate: '', scanTool: '', scanDefinitionsDate: '', scanResult: '', fixedEquipment: false };
}

/**
 * The server names an item's problem by index (`body.items.0.scan.tool`); the form shows
 * it under the list of assets, with the asset number in front so the person knows which row.
 */
export function namedItemErrors(err: unknown, items: ItemDraft[]): unknown {
  if (!(err instanceof ApiError)) return err;
  const rename = (path: string, message: string) => {
    const m = /^(?:body\.)?items\.(\d+)/.exec(path);
    const item = m ? items[Number(m[1])] : undefined;
    return item ? { path: 'items', message: `${item.asset.assetNumber}：${serverMessage(message)}` } : { path, message };
  };
  const details = err.body.details ? { ...err.body.details } : null;
  if (details?.issues) details.issues = details.issues.map((i) => rename(i.path, i.message));
  return new ApiError(err.status, { ...err.body, details });
}

/** Finding an asset to add: the person's own, the 管理番号 typed from its label, or (staff) a registry search. */
export function AssetPicker({ choices, chosen, onAdd }: { choices: RequestChoices; chosen: ItemDraft[]; onAdd: (a: AssetView) => void }) {
  const [number, setNumber] = useState('');
  const [found, setFound] = useState<AssetView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const staff = hasRole('admin', 'guard', 'supervisor');
  const taken = new Set(chosen.map((i) => i.asset.id));
  const look = async () => {
    setError(null);
    const q = number.trim();
    if (!q) return;
    try {
      if (staff) setFound((await api<ApiJson<'/api/assets'>>(`/api/assets?q=${encodeURIComponent(q)}&limit=20`)).assets.filter((a) => a.ownerType !== 'personal'));
      else {
        const c = await api<ApiJson<'/api/custody/request-choices'>>(`/api/custody/request-choices?number=${encodeURIComponent(q)}`);
        setFound(c.found ? [c.found] : []);
      }
    } catch (err) {
      setError(err);
    }
  };
  const own = choices.assets.filter((a) => !taken.has(a.id));
  return (
    <div class="asset-picker">
      {own.length > 0 && (
        <div class="field">
          <div class="hint">{t({ ja: 'あなたが保管している資産', en: 'Assets in your custody' })}</div>
          <div class="buttons">
            {own.map((a) => (
              <button type="button" key={a.id} onClick={() => onAdd(a)}>
                ＋ {a.assetNumber}（{label(KIND_LABEL, a.kind)}）
              </button>
            ))}
          </div>
        </div>
      )}
      <div class="row">
        <div class="field">
          <label for="picker-number">{staff ? t({ ja: '管理番号・製造番号で検索', en: 'Search by asset or serial number' }) : t({ ja: 'ラベルの管理番号', en: 'Asset number on the label' })}</label>
          <input
            id="picker-number"
            value={number}
            onInput={(e) => setNumber(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void look();
              }
            }}
          />
        </div>
        <div class="field shrink">
          <button type="button" onClick={() => void look()}>
            {t({ ja: '探す', en: 'Find' })}
          </button>
        </div>
      </div>
      <ErrorBanner error={error} />
      {found !== null && found.length === 0 && <p class="muted">{t({ ja: '申請できる資産が見つかりません（私物・紛失・廃棄済みは申請できません）。', en: 'No asset found that can be requested (personal, lost or disposed assets cannot).' })}</p>}
      {found !== null && found.length > 0 && (
        <div class="buttons">
          {found
            .filter((a) => !taken.has(a.id))
            .map((a) => (
              <button type="button" key={a.id} onClick={() => onAdd(a)}>
                ＋ {a.assetNumber}（{label(KIND_LABEL, a.kind)}）{a.description && ` ${a.description}`}
              </button>
            ))}
        </div>
      )}
    </div>
  );
}

/** The chosen assets; a storage asset asks for its virus-scan record, fixed equipment for an explicit confirmation. */
export function ItemRows({ items, onChange }: { items: ItemDraft[]; onChange: (items: ItemDraft[]) => void }) {
  const update = (i: number, patch: Partial<ItemDraft>) => onChange(items.map((it, j) => (j === i ? { ...it, ...patch } : it)));
  return (
    <ul class="items">
      {items.map((it, i) => {
        const id = `item-${it.asset.id}`;
        return (
          <li key={it.asset.id} class="item card" aria-label={it.asset.assetNumber}>
            <div class="page-title">
              <strong>
                {it.asset.assetNumber}（{label(KIND_LABEL, it.asset.kind)}）
                {it.asset.classification !== 'none' && <span class="tag secure">{label(CLASSIFICATION_LABEL, it.asset.classification)}</span>}
              </strong>
              <button type="button" class="small" onClick={() => onChange(items.filter((_, j) => j !== i))}>
                {t({ ja: '外す', en: 'Remove' })}
              </button>
            </div>
            {it.asset.hasStorage && (
              <fieldset class="field">
                <legend>{t({ ja: 'ウイルスチェックの記録（記憶媒体のため必須）', en: 'Virus-scan record (required for storage)' })}</legend>
                <div class="row">
                  <div class="field">
                    <label for={`${id}-date`}>{t({ ja: 'チェック日', en: 'Scan date' })}</label>
                    <input id={`${id}-date`} type="date" value={it.scanDate} onInput={(e) => update(i, { scanDate: e.currentTarget.value })} />
                  </div>
                  <div class="field">
                    <label for={`${id}-tool`}>{t({ ja: 'チェックツール', en: 'Scan tool' })}</label>
                    <input id={`${id}-tool`} value={it.scanTool} onInput={(e) => update(i, { scanTool: e.currentTarget.value })} />
                  </div>
                  <div class="field">
                    <label for={`${id}-defs`}>{t({ ja: '定義ファイルの日付', en: 'Definitions date' })}</label>
                    <input id={`${id}-defs`} type="date" value={it.scanDefinitionsDate} onInput={(e) => update(i, { scanDefinitionsDate: e.currentTarget.value })} />
                  </div>
                  <div class="field">
                    <label for={`${id}-result`}>{t({ ja: '結果', en: 'Result' })}</label>
                    <select id={`${id}-result`} value={it.scanResult} onChange={(e) => update(i, { scanResult: e.currentTarget.value })}>
                      <option value="">{t({ ja: '未実施', en: 'Not scanned yet' })}</option>
                      {Object.keys(SCAN_RESULT_LABEL).map((r) => (
                        <option key={r} value={r}>
                          {label(SCAN_RESULT_LABEL, r)}
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
              </fieldset>
            )}
            {it.asset.fixed && (
              <label class="check">
                <input type="checkbox" checked={it.fixedEquipment} onChange={(e) => update(i, { fixedEquipment: e.currentTarget.checked })} />{' '}
                {t({ ja: '固定設置機器を移動することを確認します', en: 'I confirm moving fixed equipment' })}
              </label>
            )}
          </li>
        );
      })}
    </ul>
  );
}

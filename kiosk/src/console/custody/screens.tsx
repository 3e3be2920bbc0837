import './custody.css';
import type { ComponentChildren } from 'preact';
import { match } from '../router.ts';
import { AssetsPage } from '../pages/assets.tsx';
import { AssetPage } from '../pages/asset.tsx';
import { RequestsPage } from '../pages/requests.tsx';
import { RequestNewPage } from '../pages/request-new.tsx';
import { RequestPage } from '../pages/request.tsx';
import { RequestEditPage } from '../pages/request-edit.tsx';
import { CustodyPage } from '../pages/custody.tsx';
import { CustodyLedgerPage } from '../pages/custody-ledger.tsx';

/** The asset custody screens for a console path, or null when the path is not one of them. */
export function custodyScreen(p: string): ComponentChildren | null {
  if (p === '/console/assets') return <AssetsPage />;
  let m = match('/console/assets/:id', p);
  if (m) return <AssetPage key={m['id']} id={Number(m['id'])} />;
  if (p === '/console/requests') return <RequestsPage />;
  if (p === '/console/requests/new') return <RequestNewPage />;
  m = match('/console/requests/:id/edit', p);
  if (m) return <RequestEditPage key={m['id']} id={Number(m['id'])} />;
  m = match('/console/requests/:id', p);
  if (m) return <RequestPage key={m['id']} id={Number(m['id'])} />;
  if (p === '/console/custody') return <CustodyPage />;
  if (p === '/console/custody-ledger') return <CustodyLedgerPage />;
  return null;
}

import type { ApiJson } from '../types.ts';

/** The shapes the console reads from src/assets and src/custody (assetView, requestView, custody views), as the server's routes type them. */

/** 甲's state of a device's network connection, on the registry's rows (C7, F1). */
export type RegistryAsset = ApiJson<'/api/assets'>['assets'][number];
export type AssetView = ApiJson<'/api/assets/:id'>;
export type AssetKind = AssetView['kind'];
export type OwnerType = AssetView['ownerType'];
export type Classification = AssetView['classification'];
export type AssetStatus = AssetView['status'];

/** A device's connection to the city's network: 乙の承認 (the flag) beside 甲の許可 at its site (第9条2). */
export type NetworkColumn = ApiJson<'/api/city/asset-networks/:id'>;

export type RequestView = ApiJson<'/api/custody/requests/:id'>;
export type RequestKind = RequestView['kind'];
export type RequestStatus = RequestView['status'];
export type ScanRecord = NonNullable<RequestView['items'][number]['scan']>;

/** 甲's column beside the contractor's approvals (F1). */
export type CityColumn = RequestView['city'];
export type CityState = CityColumn['state'];
/** 甲's decision on a request (src/city/state.ts). */
export type CityPermissionView = CityColumn['permissions'][number];

export type AssetHistory = ApiJson<'/api/custody/assets/:id/history'>;
/** An asset on the custody screens: who holds it, whether it is overdue; inside, a round trip's due time. */
export type CustodyAsset = ApiJson<'/api/custody/inside'>['areas'][number]['assets'][number] | ApiJson<'/api/custody/outside'>['assets'][number];
export type MovementView = AssetHistory['movements'][number];

export type RequestChoices = ApiJson<'/api/custody/request-choices'>;

export type CustodyLedger = ApiJson<'/api/areas/:id/custody-ledger'>;
export type CustodyLedgerRow = CustodyLedger['rows'][number];

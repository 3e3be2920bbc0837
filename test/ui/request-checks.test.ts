import { describe, expect, it } from 'vitest';
import { requestProblems, type CheckedItem, type RequestDraft } from '../../kiosk/src/console/pages/request-checks.ts';

const NOW = new Date('2026-11-20T10:00').getTime();
const asset = (over: Partial<CheckedItem['asset']> = {}): CheckedItem['asset'] => ({ assetNumber: 'USB-0042', classification: 'none', hasStorage: true, fixed: false, ...over });
const item = (over: Partial<CheckedItem> = {}): CheckedItem => ({ asset: asset(), scanResult: 'clean', fixedEquipment: false, ...over });
const draft = (over: Partial<RequestDraft> = {}): RequestDraft => ({
  kind: 'carry_in',
  windowFrom: '2026-11-20T09:00',
  windowTo: '2026-11-20T17:00',
  destination: '',
  expectedReturnAt: '',
  encryption: false,
  lockedCase: false,
  items: [item()],
  ...over,
});

describe('the request form refuses before sending what the server would refuse, in its words (issue 17)', () => {
  it('a complete carry-in has no problems', () => {
    expect(requestProblems(draft(), NOW)).toEqual({});
  });

  it('C5: a storage asset without a clean scan record', () => {
    expect(requestProblems(draft({ items: [item({ scanResult: '' })] }), NOW)).toEqual({ items: { server: 'USB-0042 has no virus-scan record: it cannot be approved' } });
    expect(requestProblems(draft({ items: [item({ scanResult: 'infected' })] }), NOW)['items']).toEqual({ server: 'USB-0042 was found infected by its virus scan: it cannot be approved' });
    expect(requestProblems(draft({ items: [item({ asset: asset({ hasStorage: false }), scanResult: '' })] }), NOW)).toEqual({});
  });

  it('the window runs forwards, lasts at most 92 days and has not ended', () => {
    expect(requestProblems(draft({ windowTo: '2026-11-20T08:00' }), NOW)['windowTo']).toEqual({ server: 'must be after windowFrom' });
    expect(requestProblems(draft({ windowTo: '2027-03-01T09:00' }), NOW)['windowTo']).toEqual({ server: 'a window may last at most 92 days' });
    expect(requestProblems(draft({ windowFrom: '2026-11-20T07:00', windowTo: '2026-11-20T09:59' }), NOW)['windowTo']).toEqual({ server: 'the planned window has already ended' });
  });

  it('a carry-out names a destination and returns after the window starts', () => {
    const out = requestProblems(draft({ kind: 'carry_out', expectedReturnAt: '2026-11-20T08:00' }), NOW);
    expect(out).toEqual({ destination: { server: 'required for a carry-out' }, expectedReturnAt: { server: 'must be after the window starts' } });
  });

  it('fixed equipment is confirmed; 重要情報 travels protected, and carried out on storage only encrypted', () => {
    expect(requestProblems(draft({ items: [item({ asset: asset({ fixed: true }) })] }), NOW)['items']).toEqual({ server: 'USB-0042 is fixed equipment (C11): confirm moving it with fixedEquipment: true' });
    const important = [item({ asset: asset({ classification: 'important' }) })];
    expect(requestProblems(draft({ items: important }), NOW)['items']).toMatchObject({ server: expect.stringContaining('state the transport protection') });
    expect(requestProblems(draft({ kind: 'carry_out', destination: '本社', lockedCase: true, items: important }), NOW)['items']).toMatchObject({ server: expect.stringContaining('carried out only encrypted') });
  });
});

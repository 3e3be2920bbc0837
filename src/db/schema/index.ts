export * from './journal.ts';
export * from './roster.ts';
export * from './areas.ts';
export * from './auth.ts';
export * from './kiosks.ts';
export * from './access.ts';
export * from './custody.ts';
export * from './compliance.ts';

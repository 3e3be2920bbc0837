export * from './journal.ts';
export * from './roster.ts';
export * from './areas.ts';
export * from './auth.ts';

import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config.ts';

describe('config from the environment only', () => {
  it('runs out of the box', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, dbPath: './data/ledger.db', timeZone: 'Asia/Tokyo', rpId: 'localhost', rpOrigin: 'http://localhost:3000', sessionIdleMs: 15 * 60_000 });
  });

  it('takes the passkey origin from PORT when RP_ORIGIN is not set (the printed setup link must open)', () => {
    expect(loadConfig({ PORT: '8080' }).rpOrigin).toBe('http://localhost:8080');
    expect(loadConfig({ PORT: '8080', RP_ORIGIN: 'https://door.localhost' }).rpOrigin).toBe('https://door.localhost');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ LEDGER_TIME_ZONE: 'Mars/Olympus' }, 'LEDGER_TIME_ZONE'],
    [{ RP_ORIGIN: 'https://evil.example' }, 'RP_ORIGIN'],
    [{ SESSION_IDLE_MINUTES: '0' }, 'SESSION_IDLE_MINUTES'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('names the bad variable: %o', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}:`));
  });
});

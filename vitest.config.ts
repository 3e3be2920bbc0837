import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/fail-on-console-error.ts'],
    // A bound that ends a hung test, not a measure of speed: CI shares a two-core machine, where a test
    // that takes 10 s when idle has taken over 30 s.
    testTimeout: 120_000,
    // expect.poll waits for a page or a server to catch up (a long read starts its worker thread, a
    // shared CI machine is slow): 1 s by default, which a loaded machine overruns. Only the wait changes.
    expect: { poll: { timeout: 20_000 } },
    hookTimeout: 180_000,
    pool: 'forks',
  },
});

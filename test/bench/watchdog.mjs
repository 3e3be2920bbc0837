/**
 * Preloaded (`--import`) into every process the bench starts: when the bench process dies without
 * cleaning up (kill -9, a crash), the child is re-parented and exits instead of holding a port.
 * Plain JavaScript: the real server runs from its bundle, without tsx to load TypeScript.
 */
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 500).unref();
process.on('disconnect', () => process.exit(0));

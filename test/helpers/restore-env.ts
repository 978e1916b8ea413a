import { afterAll } from 'vitest';

// Test files share a worker and its module cache (vitest.config.ts: isolate false), so a file that points
// process.env somewhere (XDG_CACHE_HOME at a temp cache it then deletes) must not hand that to the next file.
// Runs before each test file: whatever the file changes in process.env is undone when it ends.
const saved = { ...process.env };

afterAll(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

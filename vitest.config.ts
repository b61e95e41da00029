import { defineConfig } from 'vitest/config';

// Tests that load the whole Kubernetes docs corpus or compare every pair of quiz questions take a few
// seconds on a 2-core CI machine; the default 5 s would fail them on a busy machine, not on a bug.
export default defineConfig({
  test: { testTimeout: 30_000, hookTimeout: 60_000 },
});

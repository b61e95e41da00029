import Keyv from 'keyv';
import type { Store } from './shared.js';

/** `memory:` (tests): keyv's own map, gone with the process. */
export function openMemory(namespace?: string): Store {
  return new Keyv({ throwOnErrors: true, ...(namespace ? { namespace } : {}) });
}

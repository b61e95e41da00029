import type { App } from '../app.js';
export async function startDiscord(app: App): Promise<void> {
  throw new Error('not yet');
}

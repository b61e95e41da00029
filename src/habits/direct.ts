import type { Reply } from '../reply.js';

/** The member does not accept DMs from the bot (Discord error 50007): reminders to them stop. */
export class DmClosedError extends Error {
  constructor(userId: string) {
    super(`member ${userId} does not accept direct messages`);
    this.name = 'DmClosedError';
  }
}

/** How the bot reaches one member privately. Throws DmClosedError when their DMs are closed. */
export interface DirectMessages {
  send(userId: string, reply: Reply): Promise<void>;
}

/** In memory: tests and the offline console (`onSend` prints). Members in `closed` refuse DMs. */
export class MemoryDirectMessages implements DirectMessages {
  readonly sent: { userId: string; reply: Reply }[] = [];
  readonly closed = new Set<string>();

  constructor(private readonly onSend?: (userId: string, reply: Reply) => void) {}

  async send(userId: string, reply: Reply): Promise<void> {
    if (this.closed.has(userId)) throw new DmClosedError(userId);
    this.sent.push({ userId, reply });
    this.onSend?.(userId, reply);
  }
}

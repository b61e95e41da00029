import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { createQuizModule } from '../src/quiz/index.js';
import { MemoryGateway } from '../src/scheduler/gateway.js';
import { closeStore, openStore } from '../src/store/open.js';
import { normalizeUser, parseKey } from '../src/store/records.js';
import { CHANNEL, GUILD, tempSqlite } from './quiz-helpers.js';

describe('crash safety', () => {
  it('every acknowledged answer survives SIGKILL mid-burst, exactly once', async () => {
    const url = await tempSqlite('crash.sqlite');
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'crash-writer.ts'), url, GUILD, CHANNEL], {
      cwd: join(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));

    const acked = new Map<string, number[]>();
    let quizId = '';
    let acks = 0;
    for await (const line of createInterface({ input: child.stdout })) {
      const [kind, a, b] = line.split(' ');
      if (kind === 'quiz') quizId = a!;
      if (kind === 'ack' && a && b !== undefined) {
        acked.set(a, [...(acked.get(a) ?? []), Number(b)]);
        if (++acks === 400) child.kill('SIGKILL');
      }
    }
    expect(await exited, stderr).toBe('SIGKILL');
    expect(acks).toBeGreaterThanOrEqual(400);

    const store = await openStore(url);
    const stored = new Map<string, ReturnType<typeof normalizeUser>>();
    for await (const [key, value] of store.iterator!(undefined) as AsyncGenerator<[string, unknown]>) {
      const parsed = parseKey(key);
      if (parsed.kind === 'user') stored.set(parsed.userId, normalizeUser(value));
    }
    for (const [userId, choices] of acked) {
      expect(choices).toHaveLength(1); // never two acks for one user
      const rec = stored.get(userId);
      expect(rec?.daily[quizId], userId).toBe(choices[0]);
      expect(rec?.answered).toBe(1);
    }
    for (const rec of stored.values()) expect(rec.answered).toBe(1);
    expect(stored.size).toBeGreaterThanOrEqual(acked.size);

    // derived data rebuilt from the file agrees with it, and the close counts each answer once
    const quiz = await createQuizModule({
      config: { tzDefault: 'Asia/Seoul', quizTickCron: '* * * * *' },
      logger: createLogger({ level: 'silent' }),
      store,
      clock: () => new Date('2024-10-02T00:31:00Z'),
      bank: [],
      gateway: new MemoryGateway(),
    });
    expect(quiz.service.leaderboard(GUILD, 'all', 1, '0').total).toBe(stored.size);
    await quiz.scheduler.closeNow(GUILD);
    const tally = quiz.service.schedule(GUILD).quizzes[0]!.tallies!;
    expect(tally.reduce((x, y) => x + y, 0)).toBe(stored.size);
    await closeStore(store);
  }, 30_000);
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadCorpus, READ_CONCURRENCY } from '../src/corpus/load.js';
import { loadQuizBank } from '../src/quiz/bank.js';
import { tempTree } from './helpers.js';

// counts the reads in flight: 20,000 notes read at once ran out of file handles (EMFILE)
const reads = vi.hoisted(() => ({ inFlight: 0, max: 0 }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const readFile = async (...args: Parameters<typeof fs.readFile>) => {
    reads.max = Math.max(reads.max, ++reads.inFlight);
    try {
      return await fs.readFile(...args);
    } finally {
      reads.inFlight--;
    }
  };
  return { ...fs, readFile, default: { ...fs, readFile } };
});

afterEach(() => {
  reads.max = 0;
});

describe('reading many small files', () => {
  it(`keeps at most ${READ_CONCURRENCY} note files open at once, and loads them all in order`, async () => {
    const name = (i: number) => `n${String(i).padStart(3, '0')}.md`;
    const files = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [name(i), `## 제목 ${i}\n내용 ${i}`]));
    const corpus = await loadCorpus(await tempTree(files));
    expect(corpus.notes.map((n) => n.path)).toEqual(Object.keys(files));
    expect(reads.max).toBeGreaterThan(1);
    expect(reads.max).toBeLessThanOrEqual(READ_CONCURRENCY);
  });

  it(`reads quiz files within the same bound`, async () => {
    const one = (i: number) =>
      `- id: q-${i}\n  question: "질문 ${i}?"\n  choices: [a, b]\n  answer: A\n  explanation: e\n` +
      '  source: { note: x.md, section: s }\n  tags: [t]\n  difficulty: 1\n';
    const dir = await tempTree(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`q${i}.yaml`, one(i)])));
    const bank = await loadQuizBank(dir);
    expect(bank.questions.length).toBe(100);
    expect(reads.max).toBeLessThanOrEqual(READ_CONCURRENCY);
  });
});

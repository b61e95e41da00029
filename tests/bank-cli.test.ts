import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBank } from '../src/bank-cli.js';
import { openStore } from '../src/store/open.js';
import { QuizStore } from '../src/store/quiz-store.js';
import { tempTree } from './helpers.js';
import { tempSqlite } from './quiz-helpers.js';

const A = '111111111111111111';
const B = '222222222222222222';

const YAML = `- id: own-dns-1
  question: "파드가 서비스 이름을 풀 때 묻는 곳은?"
  choices: [CoreDNS, etcd, kube-proxy, "6443"]
  answer: A
  explanation: |-
    클러스터 DNS(CoreDNS)가 답한다.
    *kube-proxy*는 규칙만 만든다.
  source: { note: 2024-10-01-pod-basics.md, section: Pods }
  tags: [service, dns]
  difficulty: 2
  author: "300000000000000009"
- id: own-port-1
  question: API 서버 포트는?
  choices: [443, 6443]
  answer: B
  explanation: 6443이다.
  tags: [apiserver]
  difficulty: 1
`;

async function cli(args: string[], storeUrl: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runBank(args, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { STORE_URL: storeUrl },
  });
  return { code, out: out.join(''), err: err.join('\n') };
}

describe('npm run cli -- bank', () => {
  it('export, import into another server, export again: the same file (YAML and CSV)', async () => {
    const storeUrl = await tempSqlite();
    const dir = await tempTree({ 'bank.yaml': YAML });
    expect((await cli(['import', '--guild', A, join(dir, 'bank.yaml')], storeUrl)).out).toBe(
      `imported into ${A}: 2 added, 0 updated, 2 in the bank`,
    );
    for (const format of ['yaml', 'csv']) {
      const first = await cli(['export', '--guild', A, '--format', format], storeUrl);
      expect(first.code).toBe(0);
      const file = join(dir, `out.${format}`);
      await writeFile(file, first.out);
      const guild = format === 'yaml' ? B : '333333333333333333';
      expect((await cli(['import', '--guild', guild, file], storeUrl)).code).toBe(0);
      const again = join(dir, `again.${format}`);
      expect((await cli(['export', '--guild', guild, '--format', format, again], storeUrl)).code).toBe(0);
      expect(await readFile(again, 'utf8')).toBe(first.out);
    }
    // the YAML keeps everything: the author and the line break in the explanation
    const yaml = (await cli(['export', '--guild', B, '--format', 'yaml'], storeUrl)).out;
    expect(yaml).toContain('author: "300000000000000009"');
    expect(yaml).toContain('클러스터 DNS(CoreDNS)가 답한다.\n    *kube-proxy*는');
  });

  it('a bad file: exit 1, every problem by line on stderr, the bank unchanged', async () => {
    const storeUrl = await tempSqlite();
    const dir = await tempTree({
      'good.yaml': YAML,
      'bad.csv': [
        'id,question,choice_a,choice_b,choice_c,choice_d,choice_e,answer,explanation,tags,difficulty,source',
        'new-1,ok?,a,b,,,,A,e,t,1,',
        'Bad,q?,a,,c,,,Z,e,t,1,',
        'own-port-1,dup?,a,b,,,,A,,t,1,',
      ].join('\n'),
    });
    await cli(['import', '--guild', A, join(dir, 'good.yaml')], storeUrl);
    const before = (await cli(['export', '--guild', A, '--format', 'yaml'], storeUrl)).out;
    const bad = await cli(['import', '--guild', A, join(dir, 'bad.csv')], storeUrl);
    expect(bad.code).toBe(1);
    expect(bad.out).toBe('');
    const file = join(dir, 'bad.csv');
    expect(bad.err.split('\n')).toEqual([
      `${file}: line 3: choice_b: is empty but a later choice is filled`,
      `${file}: line 3: id: must be lowercase letters, digits and single hyphens (e.g. pod-shared-network-1)`,
      `${file}: line 3: answer: must be one letter A to E`,
      `${file}: line 4: explanation: must not be empty`,
      '4 problem(s): nothing was imported',
    ]);
    // an existing id without --update is refused, with --update replaced
    const again = await cli(['import', '--guild', A, join(dir, 'good.yaml')], storeUrl);
    expect(again.code).toBe(1);
    expect(again.err).toContain("line 1: id: own-dns-1 is already in this server's bank");
    expect((await cli(['export', '--guild', A, '--format', 'yaml'], storeUrl)).out).toBe(before);
    expect((await cli(['import', '--guild', A, '--update', join(dir, 'good.yaml')], storeUrl)).out).toContain(
      '0 added, 2 updated',
    );
  });

  it('refuses a missing server id or format with the usage (exit 2)', async () => {
    const storeUrl = await tempSqlite();
    expect((await cli(['export', '--guild', 'abc', '--format', 'yaml'], storeUrl)).code).toBe(2);
    const noFormat = await cli(['export', '--guild', A], storeUrl);
    expect(noFormat.code).toBe(2);
    expect(noFormat.err).toContain('--format must be yaml or csv');
  });

  it('an import while the bot runs is kept: the bot re-reads the bank before its own next change', async () => {
    const storeUrl = await tempSqlite();
    const bot = new QuizStore(await openStore(storeUrl), 'Asia/Seoul');
    await bot.load();
    const dir = await tempTree({ 'bank.yaml': YAML });
    expect((await cli(['import', '--guild', A, join(dir, 'bank.yaml')], storeUrl)).code).toBe(0);
    // the bot turns a shipped question off for this server: a change made on its own cached copy
    await bot.updateBank(A, (bank) => ({ ...bank, disabled: [...bank.disabled, 'k8s-001'] }));
    const after = await cli(['export', '--guild', A, '--format', 'csv'], storeUrl);
    expect(after.out).toContain('own-dns-1');
    expect(after.out).toContain('own-port-1');
    expect(bot.bank(A).questions.map((q) => q.id)).toEqual(['own-dns-1', 'own-port-1']);
    expect(bot.bank(A).disabled).toEqual(['k8s-001']);
  });
});

import { describe, expect, it, onTestFinished } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadCorpus, parseNote } from '../src/corpus/load.js';
import { hostileLines } from './fixtures/hostile-lines.js';
import { hasShared, SHARED, tempTree } from './helpers.js';

const JEKYLL = `---
title: '[K8s] 파드 정리'
date: 2024-09-01 22:00:00 +09:00
categories: [kubernetes]
tags: [kubernetes, pod]
---

> 스터디 복습 노트
{: .prompt-info }

## 파드란?
파드(Pod)는 **가장 작은** 배포 단위다. [공식 문서](https://example.com)를 보자.
![파드 구조 그림](assets/img/pod.png)

<!-- 이 주석은 보이면 안 된다 -->

### 예시
\`\`\`yaml
kind: Pod
\`\`\`

## 파드란?
같은 제목이 두 번 나온다.
`;

describe('note loader', () => {
  it('reads Jekyll front matter and splits sections with heading paths and anchors', () => {
    const note = parseNote('2024-09-01-pod.md', Buffer.from(JEKYLL));
    expect(note.title).toBe('[K8s] 파드 정리');
    expect(note.tags).toEqual(['kubernetes', 'pod']);
    const [intro, what, example, again] = note.sections;
    expect(intro?.text).toBe('스터디 복습 노트');
    expect(what?.heading).toBe('파드란?');
    expect(what?.anchor).toBe('파드란');
    expect(what?.text).toContain('파드(Pod)는 가장 작은 배포 단위다. 공식 문서를 보자.');
    expect(what?.text).toContain('파드 구조 그림');
    expect(what?.text).not.toContain('주석');
    expect(what?.text).not.toContain('prompt-info');
    expect(example?.headingPath).toEqual(['파드란?', '예시']);
    expect(example?.code).toBe('kind: Pod');
    expect(again?.anchor).toBe('파드란-1');
    expect(new Set(note.sections.map((s) => s.id)).size).toBe(note.sections.length);
  });

  it('keeps the visible text of Hugo shortcodes and drops the markup', () => {
    const note = parseNote(
      'x.md',
      Buffer.from(`---
title: 서비스
content_type: concept
---
{{< glossary_tooltip text="파드" term_id="pod" >}}의 집합을 {{< glossary_tooltip term_id="service" >}}로 노출한다.
{{< note >}}
노트 안의 글은 남는다.
{{< /note >}}
{{< feature-state for_k8s_version="v1.30" state="stable" >}}
## {{% heading "whatsnext" %}}
읽을거리`),
    );
    const text = note.sections.map((s) => s.text).join('\n');
    expect(text).toContain('파드의 집합을 service로 노출한다.');
    expect(text).toContain('노트 안의 글은 남는다.');
    expect(text).not.toMatch(/\{\{|feature-state/);
    expect(note.sections.at(-1)?.heading).toBe("What's next");
  });

  it('skips malformed files with one warning naming the file and the reason, and loads the rest', async () => {
    const dir = await tempTree({
      'good.md': '---\ntitle: 좋은 노트\n---\n## 본문\n내용',
      'broken.md': '---\ntitle: [unclosed\n---\n본문',
      'binary.md': Buffer.from([0x89, 0x50, 0x00, 0x01]),
      'latin1.md': Buffer.from([0x41, 0xe9, 0x41]),
      'notes.txt': 'not markdown',
    });
    const corpus = await loadCorpus(dir);
    expect(corpus.notes.map((n) => n.path)).toEqual(['good.md']);
    expect(corpus.warnings).toEqual([
      { path: 'binary.md', reason: expect.stringContaining('binary') },
      { path: 'broken.md', reason: expect.stringContaining('front matter') },
      { path: 'latin1.md', reason: expect.stringContaining('UTF-8') },
    ]);
  });

  it('never runs front matter as code: ---js / ---javascript notes are skipped, naming file and reason', async () => {
    const g = globalThis as { frontMatterRan?: number };
    delete g.frontMatterRan;
    const code = '{ title: (globalThis.frontMatterRan = (globalThis.frontMatterRan ?? 0) + 1, "x") }';
    const dir = await tempTree({
      'js.md': `---js\n${code}\n---\n## 본문\n내용`,
      'javascript.md': `---javascript\n${code}\n---\n## 본문\n내용`,
      'good.md': '---yaml\ntitle: 좋은 노트\n...\n## 본문\n내용',
    });
    const corpus = await loadCorpus(dir);
    expect(g.frontMatterRan).toBeUndefined();
    expect(corpus.notes.map((n) => [n.path, n.title])).toEqual([['good.md', '좋은 노트']]);
    expect(corpus.warnings).toEqual([
      { path: 'javascript.md', reason: expect.stringMatching(/---javascript.*only YAML/) },
      { path: 'js.md', reason: expect.stringMatching(/---js.*only YAML/) },
    ]);
  });

  it('reads YAML front matter as data only: no tags, capped aliases', async () => {
    // "billion laughs": each key holds nine of the previous one
    const nine = (value: string) => Array(9).fill(value).join(', ');
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [i, key] of [...'bcdef'].entries()) laughs.push(`${key}: &${key} [${nine(`*${'abcde'[i]}`)}]`);
    const dir = await tempTree({
      'tag.md': '---\ntitle: !!js/function "function () { return 1 }"\n---\n본문',
      'custom-tag.md': '---\ntitle: !shell id\n---\n본문',
      'laughs.md': `---\n${laughs.join('\n')}\ntitle: x\n---\n본문`,
      'unclosed.md': '---\ntitle: x\n본문',
    });
    const corpus = await loadCorpus(dir);
    expect(corpus.notes).toEqual([]);
    expect(Object.fromEntries(corpus.warnings.map((w) => [w.path, w.reason]))).toEqual({
      'custom-tag.md': expect.stringContaining('tag'),
      'laughs.md': expect.stringContaining('alias'),
      'tag.md': expect.stringContaining('tag'),
      'unclosed.md': expect.stringContaining('not closed'),
    });
  });

  it('reads TOML front matter (Hugo, between +++ lines) as data, and names the line of a mistake', async () => {
    const dir = await tempTree({
      'hugo.md': '+++\ntitle = "파드 기초"\ndate = 2024-10-01\ntags = ["pod"]\n+++\n## 파드란?\n가장 작은 배포 단위.',
      'bad-date.md': '+++\ntitle = "x"\ndate = 2024-13-45\n+++\n본문',
      'unclosed.md': '+++\ntitle = "x"\n본문',
    });
    const corpus = await loadCorpus(dir);
    expect(corpus.notes.map((n) => [n.path, n.title, n.date])).toEqual([['hugo.md', '파드 기초', '2024-10-01']]);
    expect(Object.fromEntries(corpus.warnings.map((w) => [w.path, w.reason]))).toEqual({
      'bad-date.md': 'front matter is not valid TOML (line 3): invalid date',
      'unclosed.md': expect.stringContaining('no +++ line'),
    });
  });

  it('keeps link labels whose URL has parentheses and drops table rule lines', () => {
    const body = '## 표\n[표준 출력](https://w.org/S#out_(stdout))과 [게이트]((/docs/#G))\n| a | b |\n:-- | :-----\n| 1 | 2 |';
    const note = parseNote('x.md', Buffer.from(body));
    expect(note.sections[0]?.text).toBe('표준 출력과 게이트\n| a | b |\n| 1 | 2 |');
  });

  // In a child process: the old patterns hang the thread for minutes, which no timer inside it can interrupt.
  // The bound is the test timeout, far above the ~1 s this takes (see `npm run bench` for the numbers).
  it('parses 1 MB lines of every pattern that used to freeze the loader, keeping their words', async () => {
    const script = join(import.meta.dirname, 'fixtures', 'hostile-lines.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    onTestFinished(() => void child.kill('SIGKILL'));
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    const results = out.trim().split('\n').map((l) => JSON.parse(l) as { name: string; chars: number; tail: string });
    expect(results.map((r) => r.name)).toEqual(Object.keys(hostileLines(10)));
    // the words at the end of a long line are still indexed
    for (const r of results.filter((r) => /spaces/.test(r.name))) {
      expect([r.name, r.tail]).toEqual([r.name, expect.stringMatching(/b$/)]);
    }
  }, 20_000);

  it('loads the shipped notes: every note has a title and sections', async () => {
    const corpus = await loadCorpus(join(import.meta.dirname, '..', 'content', 'notes'));
    expect(corpus.warnings).toEqual([]);
    expect(corpus.notes.length).toBeGreaterThanOrEqual(3);
    for (const note of corpus.notes) expect(note.sections.length).toBeGreaterThan(0);
  });

  it.skipIf(!hasShared)('loads all 2,102 pages of the Kubernetes docs (ko + en) without a warning', async () => {
    const [ko, en] = await Promise.all(['ko', 'en'].map((l) => loadCorpus(join(SHARED, 'corpora', 'kubernetes-docs', l))));
    expect((ko?.notes.length ?? 0) + (en?.notes.length ?? 0)).toBe(2102);
    expect([...(ko?.warnings ?? []), ...(en?.warnings ?? [])]).toEqual([]);
  });
});

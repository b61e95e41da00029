import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { formatSources, readinessChecks } from '../src/health.js';
import type { Reply } from '../src/reply.js';
import { type Caller, route } from '../src/router.js';
import { answerQuestion } from '../src/notes/ask.js';
import { buildLibrary, LibraryHolder, type LibrarySource } from '../src/search/library.js';
import { localStates, readSources, type SourceStates } from '../src/sources/read.js';
import { validateContent } from '../src/validate.js';
import { DEFAULT_LIMITS, type SourceSpec } from '../src/sources/spec.js';
import { SourceSync } from '../src/sources/sync.js';
import { git, makeRemote } from './git-fixture.js';
import { silentLogger, tempTree, testApp } from './helpers.js';

/** git sources against real repositories: a bare remote served by file://, no network. */

const ROOT = join(import.meta.dirname, '..');
const GLOSSARY = join(ROOT, 'content', 'glossary.yaml');

const post = (title: string, heading: string, body: string) =>
  `---\ntitle: ${title}\ndate: 2024-10-01 10:00:00 +09:00\n---\n\n> 복습 노트\n{: .prompt-info }\n\n## ${heading}\n${body}\n`;

const POD = post(
  '파드 기초',
  '파드란 무엇일까?',
  '파드는 컨테이너를 묶어 배포하는 가장 작은 단위이다.\n\n![파드 그림](assets/img/posts/pod.png)\n{% raw %}값 {{ .Values.x }} 그대로{% endraw %}',
);

function blogSpec(url: string, extra: Partial<SourceSpec> = {}): SourceSpec {
  return {
    name: 'study-blog',
    git: url,
    dir: '_posts',
    format: 'jekyll',
    link: 'https://owner.github.io/posts/{slug}/',
    images: 'https://owner.github.io/',
    license: 'CC BY 4.0 (study group)',
    rank: 1,
    limits: DEFAULT_LIMITS,
    ...extra,
  };
}

async function holderFor(specs: SourceSpec[]): Promise<{ holder: LibraryHolder; source: LibrarySource; states: SourceStates }> {
  const cache = await tempTree({});
  const source: LibrarySource = { sources: specs, cacheDir: cache, glossaryFile: GLOSSARY };
  const states: SourceStates = new Map();
  return { holder: new LibraryHolder(await buildLibrary(source, states), source, states), source, states };
}

describe('git note sources', () => {
  it('clones a Jekyll blog and answers with its link, image, name and license', async () => {
    const remote = await makeRemote({ '_posts/2024-10-01-pod-basics.md': POD, 'README.md': '# not a note' });
    const { holder } = await holderFor([blogSpec(remote.url)]);
    const library = holder.current;
    expect(library.corpus.notes.map((n) => n.path)).toEqual(['2024-10-01-pod-basics.md']);
    expect(library.sources?.[0]).toMatchObject({ name: 'study-blog', kind: 'git', notes: 1, commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    const { answered, reply } = answerQuestion(library, '파드란 뭐야?', 'ko');
    expect(answered).toBe(true);
    const embed = reply.embeds?.[0];
    expect(embed?.url).toBe(`https://owner.github.io/posts/pod-basics/#${encodeURIComponent('파드란-무엇일까')}`);
    expect(embed?.image).toBe('https://owner.github.io/assets/img/posts/pod.png');
    expect(embed?.footer).toContain('study-blog · 2024-10-01-pod-basics.md');
    expect(embed?.footer).toContain('CC BY 4.0 (study group)');
    // Liquid tags go, the text between them stays; the kramdown attribute line is gone
    const section = library.corpus.sections.find((s) => s.heading === '파드란 무엇일까?');
    expect(section?.markdown).toContain('값 {{ .Values.x }} 그대로');
    expect(section?.markdown).not.toContain('{%');
    expect(library.corpus.sections.some((s) => s.markdown.includes('{:'))).toBe(false);
    // Chirpy's prompt box keeps its text
    expect(library.corpus.sections.find((s) => s.heading === '파드 기초')?.text).toContain('복습 노트');
  });

  it('pulls a new post on reload and reports it as added; a broken note is skipped with its reason', async () => {
    const remote = await makeRemote({ '_posts/2024-10-01-pod-basics.md': POD });
    const { holder } = await holderFor([blogSpec(remote.url)]);
    await remote.commit(
      {
        '_posts/2024-10-02-service.md': post('서비스', '서비스란?', '서비스는 파드 묶음에 고정 주소를 준다.'),
        '_posts/2024-10-03-broken.md': '---\ntitle: [unclosed\n---\n본문',
      },
      'two posts, one broken',
    );
    const report = await holder.reload();
    expect(report.kept).toBeUndefined();
    expect(report.changes).toEqual({ added: ['study-blog/2024-10-02-service.md'], changed: [], removed: [] });
    expect(report.warnings).toEqual([
      { source: 'study-blog', path: '2024-10-03-broken.md', reason: expect.stringContaining('front matter') },
    ]);
    expect(holder.current.corpus.notes.map((n) => n.path)).toEqual(['2024-10-01-pod-basics.md', '2024-10-02-service.md']);
    expect(answerQuestion(holder.current, '서비스란?', 'ko').answered).toBe(true);
  });

  it('follows a force-push (history rewritten) to the remote branch', async () => {
    const remote = await makeRemote({ '_posts/2024-10-01-pod-basics.md': POD });
    const { holder } = await holderFor([blogSpec(remote.url)]);
    const first = holder.current.sources?.[0]?.commit;
    const rewritten = await remote.commit(
      { '_posts/2024-10-01-pod-basics.md': POD.replace('가장 작은 단위', '가장 작은 배포 단위') },
      'rewritten',
      { amend: true },
    );
    const report = await holder.reload();
    expect(report.sources?.[0]?.commit).toBe(rewritten);
    expect(rewritten).not.toBe(first);
    expect(report.changes?.changed).toEqual(['study-blog/2024-10-01-pod-basics.md']);
  });

  it('skips an unreachable remote at first start with a warning, serving the other sources', async () => {
    const notes = await tempTree({ 'pod.md': '# 파드\n## 파드란?\n파드는 가장 작은 단위다.' });
    const { holder } = await holderFor([
      { name: 'notes', path: notes, dir: '', format: 'markdown', rank: 1, limits: DEFAULT_LIMITS },
      blogSpec('file:///nonexistent/studybot/remote.git'),
    ]);
    const library = holder.current;
    expect(library.corpus.notes.map((n) => n.path)).toEqual(['pod.md']);
    expect(library.corpus.warnings).toEqual([
      { source: 'study-blog', path: '.', reason: expect.stringMatching(/not available yet: git clone failed: .*does not appear/) },
    ]);
    expect(library.sources?.[1]).toMatchObject({ name: 'study-blog', notes: 0, lastError: expect.stringContaining('git clone failed') });
  });

  it('keeps serving the last good copy when the remote disappears after a good sync, also after a restart', async () => {
    const remote = await makeRemote({ '_posts/2024-10-01-pod-basics.md': POD });
    const { holder, source } = await holderFor([blogSpec(remote.url)]);
    const good = holder.current.sources?.[0]?.commit;
    await rm(remote.bare, { recursive: true, force: true });
    const report = await holder.reload();
    expect(report.kept).toBeUndefined();
    expect(report.notes).toBe(1);
    expect(report.sources?.[0]).toMatchObject({ notes: 1, commit: good, lastError: expect.stringContaining('git fetch failed') });
    expect(answerQuestion(holder.current, '파드란 뭐야?', 'ko').answered).toBe(true);
    // a restart finds the checkout on disk
    const restarted = await buildLibrary(source, new Map());
    expect(restarted.corpus.notes).toHaveLength(1);
    expect(restarted.sources?.[0]).toMatchObject({ commit: good, lastError: expect.any(String) });
    // ...and says when that copy was pulled, not "never"
    expect(restarted.sources?.[0]?.lastSync).toBe(holder.current.sources?.[0]?.lastSync);
    expect(restarted.sources?.[0]?.lastSync).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('reads only the sparse folder of a repository', async () => {
    const remote = await makeRemote({
      '_posts/2024-10-01-pod-basics.md': POD,
      'docs/other.md': '# 다른 글\n## 다른 내용\n_posts 밖의 글이다.',
    });
    const { holder, states } = await holderFor([blogSpec(remote.url)]);
    expect(holder.current.corpus.notes.map((n) => n.path)).toEqual(['2024-10-01-pod-basics.md']);
    const checkout = states.get('study-blog')?.dir ?? '';
    expect(existsSync(join(checkout, '_posts', '2024-10-01-pod-basics.md'))).toBe(true);
    expect(existsSync(join(checkout, 'docs'))).toBe(false);
    expect(git(checkout, 'rev-parse', '--is-shallow-repository')).toBe('true');
  });

  it('cuts a source at its file limit with a warning saying so', async () => {
    const remote = await makeRemote({
      '_posts/2024-10-01-a.md': post('가', '가', '첫 글'),
      '_posts/2024-10-02-b.md': post('나', '나', '둘째 글'),
      '_posts/2024-10-03-c.md': post('다', '다', '셋째 글'),
    });
    const { holder } = await holderFor([blogSpec(remote.url, { limits: { ...DEFAULT_LIMITS, maxFiles: 2 } })]);
    expect(holder.current.corpus.notes).toHaveLength(2);
    expect(holder.current.corpus.warnings).toEqual([
      { source: 'study-blog', path: '.', reason: 'over the limit of 2 files: 1 files not read' },
    ]);
  });

  it('stops a git command at the source\'s time limit and says so', async () => {
    const remote = await makeRemote({ '_posts/2024-10-01-pod-basics.md': POD });
    const { holder } = await holderFor([blogSpec(remote.url, { limits: { ...DEFAULT_LIMITS, timeoutSeconds: 0.001 } })]);
    expect(holder.current.sources?.[0]?.lastError).toBe("git clone took longer than 0.001 s (the source's time limit)");
    expect(holder.current.corpus.notes).toEqual([]);
  });

  it('runs one sync for reloads asked together; a forced one runs after it', async () => {
    const remote = await makeRemote({ '_posts/2024-10-01-pod-basics.md': POD });
    const { holder } = await holderFor([blogSpec(remote.url)]);
    const [a, b, forced] = [holder.reload(), holder.reload(), holder.reload({ force: true })];
    expect(a).toBe(b);
    expect(forced).not.toBe(a);
    const reports = await Promise.all([a, b, forced]);
    expect(reports[0]).toBe(reports[1]);
    expect(reports[2].kept).toBeUndefined();
  });

  it('pulls on the timer only when SOURCES_SYNC_MINUTES have passed (injected clock)', async () => {
    const remote = await makeRemote({ '_posts/2024-10-01-pod-basics.md': POD });
    const { holder } = await holderFor([blogSpec(remote.url)]);
    let now = new Date('2026-03-02T00:00:00Z');
    const sync = new SourceSync({ library: holder, minutes: 30, logger: silentLogger(), clock: () => now });
    await remote.commit({ '_posts/2024-10-02-service.md': post('서비스', '서비스란?', '서비스 설명') }, 'new post');
    now = new Date('2026-03-02T00:29:00Z');
    expect(await sync.tick()).toBeUndefined();
    expect(holder.current.corpus.notes).toHaveLength(1);
    now = new Date('2026-03-02T00:30:00Z');
    const report = await sync.tick();
    expect(report?.changes?.added).toEqual(['study-blog/2024-10-02-service.md']);
    expect(holder.current.corpus.notes).toHaveLength(2);
    now = new Date('2026-03-02T00:45:00Z');
    expect(await sync.tick()).toBeUndefined();
  });
});

describe('/reload and --check with note sources', () => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
  });
  const admin: Caller = {
    userId: '200000000000000001',
    userName: 'admin',
    guildId: '300000000000000001',
    channelId: '400000000000000001',
    locale: 'ko',
    canManageGuild: true,
  };

  it('reports in Korean and English what a pull changed, and every source', async () => {
    const remote = await makeRemote({ '_posts/2024-10-01-pod-basics.md': POD });
    const root = await tempTree({
      'sources.yaml': [
        'sources:',
        '  - name: notes',
        `    path: ${join(import.meta.dirname, '..', 'content', 'notes')}`,
        '  - name: study-blog',
        `    git: ${remote.url}`,
        '    dir: _posts',
        '    format: jekyll',
        '    link: https://owner.github.io/posts/{slug}/',
        '    rank: 1.2',
      ].join('\n'),
    });
    app = await testApp({ NOTES_SOURCES: join(root, 'sources.yaml'), SOURCES_CACHE_DIR: join(root, 'cache') });
    expect(app.library.current.sources?.map((s) => [s.name, s.notes > 0])).toEqual([
      ['notes', true],
      ['study-blog', true],
    ]);
    const ready = await readinessChecks(app).content?.();
    expect(ready?.ok).toBe(true);
    expect(ready?.sources?.map((s) => [s.name, s.kind, s.notes > 0, !!s.lastSync, s.lastError])).toEqual([
      ['notes', 'path', true, true, undefined],
      ['study-blog', 'git', true, true, undefined],
    ]);
    expect(ready?.sources?.[1]?.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(formatSources(ready?.sources ?? [])[1]).toMatch(
      /^ {2}source study-blog \(git\): 1 notes, \d+ sections, commit [0-9a-f]{12}, last sync 20/,
    );
    await remote.commit(
      {
        '_posts/2024-10-01-pod-basics.md': POD.replace('가장 작은 단위', '가장 작은 배포 단위'),
        '_posts/2024-10-02-service.md': post('서비스', '서비스란?', '서비스는 파드 묶음에 고정 주소를 준다.'),
      },
      'edit and add',
    );
    const route_ = (locale: string) =>
      route(app as App, { ...admin, locale }, { kind: 'command', name: 'reload', subcommand: null, options: {} });
    const ko = ((await route_('ko')) as Reply).embeds?.[0];
    expect(ko?.title).toBe('노트를 다시 불러왔어요');
    const changes = ko?.fields?.find((f) => f.name === '바뀐 노트')?.value;
    expect(changes).toContain('추가 1 · 변경 1 · 삭제 0 · 건너뜀 0');
    expect(changes).toContain('+ study-blog/2024-10-02-service.md');
    expect(changes).toContain('~ study-blog/2024-10-01-pod-basics.md');
    expect(ko?.fields?.find((f) => f.name === '노트 출처')?.value).toMatch(/\*\*study-blog\*\*: 노트 2개 · [0-9a-f]{7}/);
    await rm(remote.bare, { recursive: true, force: true });
    const en = ((await route_('en-US')) as Reply).embeds?.[0];
    expect(en?.fields?.find((f) => f.name === 'Changes')?.value).toBe('added 0 · changed 0 · removed 0 · skipped 0');
    expect(en?.fields?.find((f) => f.name === 'Note sources')?.value).toContain(
      '**study-blog**: 2 notes · ',
    );
    expect(en?.fields?.find((f) => f.name === 'Note sources')?.value).toContain('sync failed (last good copy kept): git fetch failed');
  }, 30_000);
});

describe('quiz questions and removed notes', () => {
  it('validate reports a question whose note a sync removed; the bank still holds it', async () => {
    const remote = await makeRemote({
      '_posts/2024-10-01-pod-basics.md': POD,
      '_posts/2024-10-02-service.md': post('서비스', '서비스란?', '서비스는 파드 묶음에 고정 주소를 준다.'),
    });
    const question = [
      '- id: blog-pod-1',
      '  question: 블로그 노트에 따르면 파드는 어떤 단위인가요?',
      '  choices:',
      '  - 컨테이너를 묶어 배포하는 가장 작은 단위',
      '  - 노드 여러 대를 묶은 단위',
      '  - 클러스터 전체를 가리키는 단위',
      '  - 이미지 레이어 하나',
      '  answer: A',
      '  explanation: 노트는 파드를 컨테이너를 묶는 가장 작은 배포 단위로 설명합니다.',
      '  source:',
      '    note: 2024-10-01-pod-basics.md',
      '    section: 파드란 무엇일까?',
      '  tags: [pod]',
      '  difficulty: 1',
    ].join('\n');
    const content = await tempTree({
      'notes/other.md': '---\ntitle: 다른 노트\n---\n## 내용\n본문',
      'quizzes/blog.yaml': `${question}\n`,
    });
    await copyFile(GLOSSARY, join(content, 'glossary.yaml'));
    const { holder, source } = await holderFor([blogSpec(remote.url)]);
    const specs = [blogSpec(remote.url)];
    const cache = source.cacheDir as string;
    const readNotes = async () => (await readSources(specs, await localStates(specs, cache))).notes;
    const before = await validateContent(content, await readNotes());
    expect(before.problems.filter((p) => p.field.includes('source'))).toEqual([]);

    git(remote.work, 'rm', '--quiet', '_posts/2024-10-01-pod-basics.md');
    await remote.commit({}, 'remove the pod post');
    const report = await holder.reload();
    expect(report.changes?.removed).toEqual(['study-blog/2024-10-01-pod-basics.md']);

    const after = await validateContent(content, await readNotes());
    expect(after.questions).toBe(1);
    expect(after.problems).toContainEqual({
      file: 'quizzes/blog.yaml',
      field: expect.stringContaining('source.note'),
      message: expect.stringContaining('nor in any note source (a sync may have removed it)'),
    });
  }, 30_000);
});

describe('cli ask and search --sources FILE', () => {
  it('clones the git source into --cache and answers with its link, keeping the JSON contract', async () => {
    const remote = await makeRemote({ '_posts/2024-10-01-pod-basics.md': POD });
    const root = await tempTree({
      'sources.yaml': [
        'sources:',
        '  - name: study-blog',
        `    git: ${remote.url}`,
        '    dir: _posts',
        '    format: jekyll',
        '    link: https://owner.github.io/posts/{slug}/',
      ].join('\n'),
    });
    const run = promisify(execFile);
    const args = ['--sources', join(root, 'sources.yaml'), '--cache', join(root, 'cache'), '--json'];
    const ask = run('npx', ['tsx', 'src/cli.ts', 'ask', ...args], { cwd: ROOT });
    ask.child.stdin?.end('파드란 뭐야?\n');
    const [answer] = (await ask).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(Object.keys(answer)).toEqual(['query', 'ms', 'answered', 'section', 'reply']);
    expect(answer.section).toEqual({ path: '2024-10-01-pod-basics.md', heading: '파드란 무엇일까?' });
    expect(answer.reply.embeds[0].url).toMatch(/^https:\/\/owner\.github\.io\/posts\/pod-basics\/#/);
    const search = run('npx', ['tsx', 'src/cli.ts', 'search', ...args], { cwd: ROOT });
    search.child.stdin?.end('파드\n');
    const [hits] = (await search).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(hits.results[0]).toMatchObject({ path: '2024-10-01-pod-basics.md', title: '파드 기초' });
  }, 60_000);
});

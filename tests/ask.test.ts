import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, headingIsAbout, imageUrl } from '../src/notes/ask.js';
import { keyMarker } from '../src/notes/highlight.js';
import { parseMarkdown, renderSection, visibleText } from '../src/notes/markdown.js';
import { firstImage } from '../src/notes/passage.js';
import { sectionPages } from '../src/notes/pages.js';
import { buildLibrary, type Library } from '../src/search/library.js';
import { prepareTypos } from '../src/search/query.js';
import { correct } from '../src/search/typo.js';
import { tempTree } from './helpers.js';

const ROOT = join(import.meta.dirname, '..');
let library: Library;
beforeAll(async () => {
  library = await buildLibrary({ contentDir: join(ROOT, 'content', 'notes'), glossaryFile: join(ROOT, 'content', 'glossary.yaml') });
});

const ask = (q: string, lang: 'ko' | 'en' = 'ko') => answerQuestion(library, q, lang);
const shown = (q: string) => {
  const embed = ask(q).reply.embeds?.[0];
  return { title: embed?.title ?? '', text: embed?.description ?? '' };
};

describe('/ask decides from evidence that generalises', () => {
  it.each([
    ['PDB 뭐예요', /PodDisruptionBudget|PDB/],
    ['kube-proxy 하는 일', /kube-proxy/],
    ['CrashLoopBackOff 해결 방법', /CrashLoopBackOff/],
    ['etcd는 뭐하는 애야', /etcd/],
    ['컨테이너랑 가상머신 뭐가 달라요?', /컨테이너|VM/],
    // talk, each, other: English words that join a sentence, no evidence of another topic
    ['do containers in one pod talk to each other over localhost', /파드|Pod/],
    // self-heal and self-healing are one glossary concept, and "heal" one of its spellings
    ['how does kubernetes heal itself', /self-healing/],
  ])('answers %s: words the notes never use are no evidence against an answer', (q, title) => {
    const result = ask(q);
    expect(result.answered).toBe(true);
    expect(result.reply.embeds?.[0]?.title).toMatch(title);
  });

  it.each([
    ['hostUsers', /유저\(user\) 네임스페이스/],
    ['nominatedNodeName', /선점/],
    ['convert2rhel 이거 뭐임', /CentOS/],
  ])('answers %s: a field, tool or flag name the notes use is as specific as a glossary concept', (q, title) => {
    const result = ask(q);
    expect(result.answered).toBe(true);
    expect(result.reply.embeds?.[0]?.title).toMatch(title);
  });

  it('reads "value" as an ordinary word, not as Helm\'s values.yaml', () => {
    const result = ask('service port value 바꾸는 법');
    expect(result.section?.heading).toMatch(/port/);
    expect(result.section?.heading).not.toMatch(/values\.yaml/);
  });

  it.each([
    '오늘 점심 뭐 먹지? 추천 좀',
    '파이썬 리스트 정렬하는 법',
    '내일 날씨 어때',
    'best laptop for gaming',
    // center and vertically are read as the notes' enter and vertical: guesses, no evidence of the topic
    'center a button horizontally and vertically',
    // identifiers the notes never use are no evidence for an answer
    '리액트 useEffect 의존성 배열 설명해줘',
    'next.js 라우팅 어떻게 해',
    'ㅋㅋㅋㅋ',
    // ordinary words the glossary translates (목록, 번호, 최대, 개수) are not Kubernetes concepts
    '워드 문서 목록 번호 최대 개수',
  ])(
    'says the notes hold no answer to %s',
    (q) => {
      const result = ask(q);
      expect(result.answered).toBe(false);
      expect(result.section).toBeUndefined();
    },
  );
});

describe('"what is X" finds the section that introduces X', () => {
  it.each(['파드가 뭐야', 'what is a pod'])('%s opens what a Pod is, not the phase table', (q) => {
    const { title } = shown(q);
    expect(title).toContain('파드(Pod)는');
    expect(title).not.toMatch(/단계|phase/i);
  });

  it('reads a heading as about X only when X is followed by a particle or nothing', () => {
    expect(headingIsAbout('파드(Pod)는 왜 가장 작은 단위일까?', ['파드'])).toBe(true);
    expect(headingIsAbout('etcd에는 무엇이 저장될까?', ['etcd'])).toBe(true);
    expect(headingIsAbout('파드 단계(Pod Phase)에는 무엇이 있을까?', ['파드'])).toBe(false);
    expect(headingIsAbout('What is a Pod?', ['pod'])).toBe(true);
  });
});

describe('the passage that answers, as the note wrote it', () => {
  it('keeps fenced code with its language (the etcd backup command)', () => {
    const { text } = shown('etcd 백업 어떻게 해');
    expect(text).toContain('```bash');
    expect(text).toContain('etcdctl');
    expect(text).toContain('snapshot save');
  });

  it('shows a sentence that introduces a list together with the list', () => {
    const { text } = shown('kube-scheduler가 노드 고르는 방식');
    expect(text).toMatch(/\n1\. \*\*필터링/);
    expect(text).toMatch(/\n2\. /);
  });

  it('shows table rows as lines under their header, with code kept whole', () => {
    const { text } = shown('크론잡 5분마다 스케줄 표현식');
    expect(text).toContain('`*/5 * * * *`');
    expect(text.replace(/\*\*/g, '')).toMatch(/\n- `\*\/5 \* \* \* \*` · 의미: 5분마다/);
    expect(text).not.toMatch(/\| *\//);
  });

  it('shows the number a "how long" question asks for, not only the steps around it', () => {
    // the section lists the shutdown steps (SIGTERM, then SIGKILL); the answer is the 30 seconds in between
    const { text } = shown('파드를 지우면 SIGTERM 보내고 강제로 죽이기까지 얼마나 기다려요?');
    expect(text).toContain('30초');
  });

  it('answers from a table row matched through its column names', () => {
    const { text } = shown('CentOS 8 지원 종료일');
    expect(text).toContain('2021-12-31');
  });

  it('keeps <pending> and <nodePort> inside code', () => {
    expect(shown('minikube LoadBalancer pending').text).toContain('`<pending>`');
    expect(shown('NodePort 포트 범위').text).toContain('`<아무 노드 IP>:<nodePort>`');
  });

  it('stays short: at most a few sentences, well under the embed limit', () => {
    for (const q of ['파드가 뭐야', '쿠버네티스에서 서비스는 왜 필요해?', 'CrashLoopBackOff 해결 방법']) {
      expect(shown(q).text.length).toBeLessThan(1500);
    }
  });
});

describe('bold on what matched, and only on it', () => {
  it('bolds the stem, never the particle', () => {
    const { text } = shown('파드가 뭐야');
    expect(text).toContain('**파드**');
    expect(text).not.toContain('**파드가**');
    expect(text).not.toContain('**파드는**');
  });

  it('never bolds part of a longer Latin word or a Korean word with another ending', () => {
    const mark = keyMarker(['vm', 'etcd', '지정', 'pv']);
    expect(mark('VMware와 VM')).toBe('VMware와 **VM**');
    expect(mark('ETCDCTL_API와 etcd')).toBe('ETCDCTL\\_API와 **etcd**');
    expect(mark('지정해야 한다')).toBe('**지정**해야 한다');
    expect(mark('PVC와 PV')).toBe('PVC와 **PV**');
    expect(mark('rollout')).toBe('rollout');
  });

  it('bolds an English question too, through the glossary', () => {
    expect(shown('what is a pod').text).toMatch(/\*\*(파드|Pod)\*\*/);
  });
});

describe('typos a learner makes', () => {
  it.each([
    ['인그래스가 뭐야', /인그레스|Ingress/],
    ['staefulset 이랑 deployment 차이', /스테이트풀셋|StatefulSet/],
    ['kubectl dscribe', /describe/],
    ['livness probe 실패하면', /활성 프로브|liveness/],
    ['스케쥴러 역활', /scheduler|스케줄러/],
  ])('%s still finds its section', (q, title) => {
    const result = ask(q);
    expect(result.answered).toBe(true);
    expect(result.reply.embeds?.[0]?.title).toMatch(title);
  });

  it('reads a loanword spelled with another vowel as the notes spell it, never a word with another consonant', () => {
    const index = library.index;
    const typos = prepareTypos(index);
    expect(correct(typos, '인그래스')).toBe('인그레스'); // ㅐ for ㅔ
    expect(correct(typos, '스토리지클레스')).toBe('스토리지클래스');
    // one consonant away from words the notes have, but other words: kill is not reduce, deployed is not a distribution
    expect(correct(typos, '죽이기')).toBeUndefined();
    expect(correct(typos, '배포한')).toBeUndefined();
  });

  it('never reads an English word spelled right as another word the notes have', () => {
    const typos = prepareTypos(library.index);
    expect(correct(typos, 'staefulset')).toBe('statefulset');
    for (const word of ['center', 'linked', 'reachable', 'gaming', 'movie']) expect(correct(typos, word)).toBeUndefined();
  });
});

describe('no visible character is lost', () => {
  it('renders every section of every shipped note with all of its visible text', () => {
    for (const section of library.corpus.sections) {
      const visible = visibleText(parseMarkdown(section.markdown)).replace(/\s+/g, '');
      const pages = sectionPages(section).join('');
      // what a reader sees: Markdown escapes undone, formatting marks dropped
      const rendered = pages.replace(/\\([\\*_`~|>#[\]()])/g, '$1').replace(/\s+/g, '');
      let at = 0;
      for (const char of visible) {
        const found = rendered.indexOf(char, at);
        expect(found, `${section.path}#${section.anchor}: "${char}" near ${visible.slice(0, 40)}`).toBeGreaterThanOrEqual(0);
        at = found + 1;
      }
    }
  });

  it('renders lists as lists, code as code and tables as lines', () => {
    const blocks = renderSection(parseMarkdown('- a `x|y`\n- b\n\n```yaml\nk: v\n```\n\n| A | B |\n|---|---|\n| 1 | `*/5` |\n'));
    expect(blocks).toEqual(['- a `x|y`\n- b', '```yaml\nk: v\n```', '**A · B**\n- 1 · B: `*/5`']);
  });
});

describe('images', () => {
  it('forms the embed image from the note base URL, keeps absolute http(s) and refuses other schemes', () => {
    expect(firstImage('text ![diagram](/assets/img/posts/pod.png) more')).toBe('/assets/img/posts/pod.png');
    expect(imageUrl('/assets/img/a b.png', 'https://blog.example/')).toBe('https://blog.example/assets/img/a%20b.png');
    expect(imageUrl('https://cdn.example/x.png', undefined)).toBe('https://cdn.example/x.png');
    expect(imageUrl('javascript:alert(1)', 'https://blog.example')).toBeUndefined();
    expect(imageUrl('assets/x.png', undefined)).toBeUndefined();
  });

  it("shows a section's image as the embed image when its address can be formed", async () => {
    const dir = await tempTree({
      'notes/2025-01-01-pods.md': '---\ntitle: 파드 그림\n---\n\n## 파드 구조는 어떻게 생겼을까?\n\n파드 구조는 그림과 같다.\n\n![파드 구조](/assets/img/pod.png)\n',
      'glossary.yaml': '- ko: [파드]\n  en: [pod]\n',
    });
    const own = await buildLibrary({ contentDir: join(dir, 'notes'), glossaryFile: join(dir, 'glossary.yaml') });
    const embed = answerQuestion(own, '파드 구조', 'ko', 'https://study.example').reply.embeds?.[0];
    expect(embed?.image).toBe('https://study.example/assets/img/pod.png');
  });
});

describe('cli ask (the contract in ASK.md)', () => {
  it('answers one JSON line per input line, in order, blank and over-long lines included', async () => {
    const run = promisify(execFile);
    const child = run('npx', ['tsx', 'src/cli.ts', 'ask', '--content', 'content/notes', '--json'], { cwd: ROOT });
    child.child.stdin?.end(`파드가 뭐야\n\n${'가'.repeat(800)}\n오늘 점심 뭐 먹지\n`);
    const lines = (await child).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines.map((l) => l.answered)).toEqual([true, false, false, false]);
    expect(lines[0].section.path).toMatch(/\.md$/);
    expect(lines[0].reply.embeds[0].title).toBeTruthy();
    expect(lines[1].section).toBeNull();
    for (const l of lines) expect(typeof l.ms).toBe('number');
  });
});

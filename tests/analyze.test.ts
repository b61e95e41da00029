import { describe, expect, it } from 'vitest';
import { analyze, analyzeWords, englishForms, stripKorean } from '../src/search/analyze.js';

describe('analyzer', () => {
  it('marks the words of a question written as names of fields, tools and flags, not values or prose', () => {
    const names = analyzeWords('hostUsers: false면 kube-proxy랑 --previous, convert2rhel 씀? 512Mi 1.30 OOMKilled pod', true)
      .filter((w) => w.identifier)
      .map((w) => w.surface);
    expect(names).toEqual(['hostusers', 'kube-proxy', '--previous', 'convert2rhel']);
  });

  it('cuts Korean particles and endings but keeps short words whole', () => {
    expect(stripKorean('컨테이너는')).toBe('컨테이너');
    expect(stripKorean('파드를')).toBe('파드');
    expect(stripKorean('서비스에서는')).toBe('서비스');
    expect(stripKorean('유지하나')).toBe('유지');
    // two syllables must remain: 결과 is not 결 + 과
    expect(stripKorean('결과')).toBe('결과');
  });

  it('splits where the script changes: OS에서 -> os, containerd와 -> containerd', () => {
    expect(analyze('OS에서')).toEqual(['os']);
    expect(analyze('containerd와')).toEqual(['containerd']);
  });

  it('indexes Hangul as bigrams plus the stem, so a query with other particles matches', () => {
    const doc = new Set(analyze('컨테이너를 실행한다'));
    for (const term of analyze('컨테이너란')) expect(doc.has(term)).toBe(true);
  });

  it('keeps identifiers whole and also split', () => {
    const terms = analyze('kube-proxy --previous cri-o v1.24 svc.cluster.local');
    for (const t of ['kube-proxy', 'kube', 'proxy', '--previous', 'previous', 'cri-o', 'v1.24', 'svc.cluster.local', 'cluster', 'local']) {
      expect(terms).toContain(t);
    }
  });

  it('drops question filler and English stop words from questions', () => {
    const keys = analyzeWords('컨테이너가 뭐야? 어떻게 알려줘 what is a Pod', true).map((w) => w.key);
    expect(keys).toEqual(['컨테이너', 'pod']);
  });

  it('gives every word the same fields in the same order, so search code optimised for one shape stays optimised', () => {
    const shapes = new Set(analyzeWords('파드 방법 pod how-to 이유 reason', true).map((w) => Object.keys(w).join()));
    expect([...shapes]).toEqual(['surface,key,korean,terms,typoOf,intent,identifier']);
  });

  it('ignores zero-width characters and normalises full-width letters', () => {
    expect(analyze('파\u200b드')).toEqual(analyze('파드'));
    expect(analyze('ＰＯＤ')).toEqual(['pod']);
  });
});

describe('englishForms (guesses the corpus confirms)', () => {
  it('goes from a base form to its -ing, -ed and -ly forms and back', () => {
    expect(englishForms('heal')).toEqual(expect.arrayContaining(['healing', 'healed', 'heally']));
    expect(englishForms('write')).toEqual(expect.arrayContaining(['writing', 'writed']));
    expect(englishForms('run')).toEqual(expect.arrayContaining(['running']));
    expect(englishForms('writing')).toEqual(expect.arrayContaining(['writ', 'write']));
    expect(englishForms('running')).toEqual(expect.arrayContaining(['run']));
    expect(englishForms('officially')).toEqual(expect.arrayContaining(['official']));
  });
  it('leaves identifiers, short words and Korean alone', () => {
    expect(englishForms('kube-apiserver')).toEqual([]);
    expect(englishForms('go')).toEqual([]);
    expect(englishForms('파드')).toEqual([]);
  });
});

describe('question filler', () => {
  it('drops negation, which says that something is wrong but not what', () => {
    const keys = analyzeWords('파드가 Pending에서 안 넘어가요', true).map((w) => w.key);
    expect(keys).toEqual(['파드', 'pending', '넘어가']);
    expect(analyzeWords('이미지를 못 받아와요', true).map((w) => w.key)).not.toContain('못');
  });
});

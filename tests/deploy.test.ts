/**
 * The deployment files hold together: the Kubernetes manifests, the Dockerfile
 * and the code agree on names, ports, probe paths, settings and the user.
 * No cluster and no Docker engine here, so this reads the files.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../src/config.js';
import { HEALTH_PATHS } from '../src/health.js';

const ROOT = join(import.meta.dirname, '..');
const K8S = join(ROOT, 'deploy', 'kubernetes');

type Doc = Record<string, any>;
function docsOf(file: string): Doc[] {
  const docs = parseAllDocuments(readFileSync(join(K8S, file), 'utf8'));
  for (const d of docs) expect(d.errors, `${file}: YAML errors`).toEqual([]);
  return docs.map((d) => d.toJS() as Doc).filter(Boolean);
}
const all = readdirSync(K8S)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((file) => docsOf(file).map((doc) => ({ file, doc })));
const one = (kind: string): Doc => {
  const found = all.filter((d) => d.doc.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0]!.doc;
};

const kustomization = one('Kustomization');
const deployment = one('Deployment');
const configMap = one('ConfigMap');
const secret = one('Secret');
const pvc = one('PersistentVolumeClaim');
const pod = deployment.spec.template.spec;
const container = pod.containers[0];
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

describe('kubernetes manifests', () => {
  it('kustomization lists files that exist, and never the example Secret', () => {
    for (const file of kustomization.resources) expect(existsSync(join(K8S, file)), file).toBe(true);
    expect(kustomization.resources).not.toContain('secret.example.yaml');
    const namespace = one('Namespace').metadata.name;
    expect(kustomization.namespace).toBe(namespace);
    for (const { doc } of all.filter((d) => d.doc.kind !== 'Kustomization' && d.doc.kind !== 'Namespace')) expect(doc.metadata.namespace, doc.kind).toBe(namespace);
  });

  it('runs one replica with Recreate: SQLite has one writer', () => {
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy.type).toBe('Recreate');
    expect(pvc.spec.accessModes).toEqual(['ReadWriteOnce']);
    const labels = deployment.spec.template.metadata.labels;
    for (const [k, v] of Object.entries(deployment.spec.selector.matchLabels)) expect(labels[k]).toBe(v);
  });

  it('takes its settings from the ConfigMap and the Secret, and the bot accepts them', () => {
    const refs = container.envFrom.map((e: Doc) => e.configMapRef?.name ?? e.secretRef?.name);
    expect(refs).toEqual([configMap.metadata.name, secret.metadata.name]);
    expect(Object.keys(configMap.data)).not.toContain('DISCORD_TOKEN');
    expect(Object.keys(secret.stringData).sort()).toEqual(['DISCORD_CLIENT_ID', 'DISCORD_TOKEN']);
    // the same validation the bot runs at start-up
    const config = loadConfig({ ...configMap.data, ...secret.stringData });
    expect(config.healthPort).toBe(8080);
    expect(config.production).toBe(true);
    expect(config.storeUrl).toBe('sqlite:///data/bot.sqlite');
  });

  it('keeps the SQLite file on the claim mounted at /data', () => {
    const mount = container.volumeMounts.find((m: Doc) => m.mountPath === '/data');
    const volume = pod.volumes.find((v: Doc) => v.name === mount.name);
    expect(volume.persistentVolumeClaim.claimName).toBe(pvc.metadata.name);
    expect(loadConfig(configMap.data).storeUrl.replace('sqlite://', '')).toMatch(/^\/data\//);
  });

  it('probes the paths the code serves, on the port HEALTH_PORT opens', () => {
    const port = container.ports.find((p: Doc) => p.name === 'health');
    expect(port.containerPort).toBe(Number(configMap.data.HEALTH_PORT));
    expect(container.livenessProbe.httpGet).toEqual({ path: HEALTH_PATHS.live, port: 'health' });
    expect(container.readinessProbe.httpGet).toEqual({ path: HEALTH_PATHS.ready, port: 'health' });
    expect(container.startupProbe.httpGet).toEqual({ path: HEALTH_PATHS.live, port: 'health' });
  });

  it('runs as the image user, without root, privileges or a writable root filesystem', () => {
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).toBe(1000); // `node` in node:20-bookworm-slim
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    // with a read-only root, /tmp must be a volume
    expect(container.volumeMounts.map((m: Doc) => m.mountPath)).toContain('/tmp');
  });

  it('sets resource requests and a memory limit', () => {
    expect(container.resources.requests.cpu).toBeTruthy();
    expect(container.resources.requests.memory).toBeTruthy();
    expect(container.resources.limits.memory).toBeTruthy();
  });
});

describe('Dockerfile', () => {
  it('builds in one stage and runs production dependencies only in another, on a current Node LTS slim image', () => {
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms).toHaveLength(2);
    for (const image of froms) expect(image).toMatch(/^node:(20|22|24)-\w+-slim$/);
    expect(dockerfile).toMatch(/npm prune --omit=dev|npm ci --omit=dev/);
    expect(dockerfile).toMatch(/NODE_ENV=production/);
  });

  it('has a HEALTHCHECK on the same port and path, and an exec-form CMD so SIGTERM reaches node', () => {
    expect(dockerfile).toMatch(new RegExp(`HEALTHCHECK .*scripts/healthcheck\\.mjs", "${HEALTH_PATHS.ready}"`));
    expect(existsSync(join(ROOT, 'scripts', 'healthcheck.mjs'))).toBe(true);
    expect(dockerfile).toMatch(new RegExp(`HEALTH_PORT=${configMap.data.HEALTH_PORT}`));
    expect(dockerfile).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/src\/index\.js"\]$/m);
  });

  it('keeps secrets, local data and dependencies out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['.env', 'node_modules', 'data', '*.sqlite']) expect(ignored).toContain(entry);
  });
});

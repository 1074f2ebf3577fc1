import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadClusterAccess } from './clusterAccess.js';

const dirs: string[] = [];
function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'meshrr-k8s-cfg-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadClusterAccess', () => {
  it('builds in-cluster access from the given env and service-account directory (IPv6 host bracketed)', async () => {
    const dir = tempDir({ token: 'tok', 'ca.crt': 'not-read-yet', namespace: 'meshrr\n' });
    const access = loadClusterAccess({
      env: { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' },
      serviceAccountDir: dir,
    });
    expect(access.server.href).toBe('https://[fd00::1]/');
    expect(access.defaultNamespace).toBe('meshrr');
    const cluster = access.kubeConfig.getCurrentCluster();
    expect(cluster).toMatchObject({ server: 'https://[fd00::1]', caFile: join(dir, 'ca.crt'), skipTLSVerify: false });
    const options: { headers: Record<string, string> } = { headers: {} };
    await access.kubeConfig.applyToHTTPSOptions(options).catch(() => undefined);
    expect(options.headers['Authorization']).toBe('Bearer tok');
  });

  it.each([
    [{}, /KUBERNETES_SERVICE_HOST\/KUBERNETES_SERVICE_PORT are not set.*kubeconfig/],
    [{ KUBERNETES_SERVICE_HOST: '10.96.0.1' }, /not set/],
    [
      { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: 'https' },
      /KUBERNETES_SERVICE_PORT="https" is not a TCP port/,
    ],
  ])('refuses env %j instead of falling back to https://undefined:undefined', (env, message) => {
    const dir = tempDir({ token: 'tok', 'ca.crt': 'x' });
    expect(() => loadClusterAccess({ env, serviceAccountDir: dir })).toThrow(message);
  });

  it('names the missing token file', () => {
    const dir = tempDir({ 'ca.crt': 'x' });
    expect(() =>
      loadClusterAccess({
        env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' },
        serviceAccountDir: dir,
      }),
    ).toThrow(`${join(dir, 'token')} does not exist`);
  });

  it('reads a kubeconfig: server, context namespace; refuses made-up servers and plain http without skip-verify', () => {
    const kubeconfig = (server: string, extra = ''): string => `apiVersion: v1
kind: Config
current-context: lab
clusters:
- name: lab
  cluster:
    server: ${server}
${extra}contexts:
- name: lab
  context: { cluster: lab, user: me, namespace: rr }
users:
- name: me
  user: { token: abc }
`;
    const dir = tempDir({
      good: kubeconfig('https://10.1.2.3:6443'),
      undef: kubeconfig('https://undefined:undefined'),
      http: kubeconfig('http://127.0.0.1:8080'),
      broken: 'clusters: [',
    });
    const access = loadClusterAccess({ env: {}, serviceAccountDir: '/none', kubeconfigPath: join(dir, 'good') });
    expect([access.server.href, access.defaultNamespace]).toEqual(['https://10.1.2.3:6443/', 'rr']);
    expect(() =>
      loadClusterAccess({ env: {}, serviceAccountDir: '/none', kubeconfigPath: join(dir, 'undef') }),
    ).toThrow(/has no real host or port/);
    expect(() => loadClusterAccess({ env: {}, serviceAccountDir: '/none', kubeconfigPath: join(dir, 'http') })).toThrow(
      /needs insecure-skip-tls-verify/,
    );
    expect(() =>
      loadClusterAccess({ env: {}, serviceAccountDir: '/none', kubeconfigPath: join(dir, 'broken') }),
    ).toThrow(/cannot be read/);
    expect(() =>
      loadClusterAccess({ env: {}, serviceAccountDir: '/none', kubeconfigPath: join(dir, 'missing') }),
    ).toThrow(/cannot be read/);
  });

  it.each(['/dev/zero', '/dev/urandom'])(
    'a kubeconfig, token, CA or namespace file at %s fails at once naming it (issue 11 item 8)',
    (device) => {
      expect(() => loadClusterAccess({ env: {}, serviceAccountDir: '/none', kubeconfigPath: device })).toThrow(
        `kubeconfig ${device}: cannot be read: kubeconfig ${device} is a character device, not a regular file`,
      );
      const env = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };
      for (const name of ['token', 'ca.crt', 'namespace']) {
        const dir = tempDir({ token: 'tok', 'ca.crt': 'x', namespace: 'meshrr' });
        rmSync(join(dir, name));
        symlinkSync(device, join(dir, name));
        expect(() => loadClusterAccess({ env, serviceAccountDir: dir })).toThrow(
          `${join(dir, name)} is a character device, not a regular file`,
        );
      }
    },
  );
});

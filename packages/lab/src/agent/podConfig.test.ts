import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@meshrr/core';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { agentArgv } from './agentProcess.js';
import { podConfigFile, podResolvConf, publishConfigMap, writePodConfig, writePolicyTemplates } from './podConfig.js';

const dir = mkdtempSync(join(tmpdir(), 'mlab-pod-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pod configuration', () => {
  it('writes a pod resolv.conf with the Kubernetes search list', () => {
    expect(podResolvConf('default', '10.99.0.2')).toBe(
      'nameserver 10.99.0.2\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5 timeout:1 attempts:2\n',
    );
  });

  it('points DNS sources without their own resolver at the lab resolv.conf and leaves others alone', () => {
    const meshrr = {
      asn: '65000',
      bgpgroups: [
        { name: 'MESH', type: 'mesh', source: { sourcetype: 'dns', hostname: 'meshrr-core' } },
        { name: 'UP', type: 'mesh', source: { hostname: 'meshrr-up', nameservers: ['10.0.0.53'] }, max_peers: 2 },
        { name: 'STATIC', type: 'mesh', source: { sourcetype: 'static', addresses: ['10.1.1.1'] } },
        { name: 'CLIENTS', type: 'subtractive', prefixes: ['10.99.200.0/24'] },
      ],
    };
    writePodConfig(dir, meshrr, 'default', '10.99.0.2');
    const written = parse(readFileSync(podConfigFile(dir), 'utf8')) as typeof meshrr;
    expect(written.bgpgroups.map((g) => ('source' in g ? g.source : undefined))).toEqual([
      { sourcetype: 'dns', hostname: 'meshrr-core', resolv_conf: join(dir, 'resolv.conf') },
      { hostname: 'meshrr-up', nameservers: ['10.0.0.53'] },
      { sourcetype: 'static', addresses: ['10.1.1.1'] },
      undefined,
    ]);
    expect(readFileSync(join(dir, 'resolv.conf'), 'utf8')).toBe(podResolvConf('default', '10.99.0.2'));
    expect(loadConfig(podConfigFile(dir)).ok).toBe(true);
    expect(meshrr.bgpgroups[0]?.source).toEqual({ sourcetype: 'dns', hostname: 'meshrr-core' });
  });

  it('publishes meshrr.conf.yml as a ConfigMap volume does: a new version directory swapped in through ..data', () => {
    const podDir = join(dir, 'configmap-pod');
    mkdirSync(podDir);
    publishConfigMap(podDir, 'asn: "1"\n');
    const mount = join(podDir, 'meshrr-conf');
    expect(readdirSync(mount).sort()).toEqual(['..data', '..v1', 'meshrr.conf.yml']);
    expect(readlinkSync(join(mount, '..data'))).toBe('..v1');
    expect(readlinkSync(podConfigFile(podDir))).toBe('..data/meshrr.conf.yml');
    publishConfigMap(podDir, 'asn: "2"\n');
    expect(readdirSync(mount).sort()).toEqual(['..data', '..v2', 'meshrr.conf.yml']);
    expect(readlinkSync(join(mount, '..data'))).toBe('..v2');
    expect(readFileSync(podConfigFile(podDir), 'utf8')).toBe('asn: "2"\n');
  });

  it('gives each pod a private copy of its mounted Secrets and points the configuration there', () => {
    const podDir = join(dir, 'secret-pod');
    mkdirSync(podDir);
    const meshrr = {
      asn: '65000',
      bgpgroups: [
        {
          name: 'MESH',
          type: 'mesh',
          source: { sourcetype: 'dns', hostname: 'meshrr-core' },
          authentication: { method: 'md5', key_file: '/var/run/secrets/meshrr/md5.key' },
        },
      ],
    };
    writePodConfig(podDir, meshrr, 'default', '10.99.0.2', { '/var/run/secrets/meshrr/md5.key': 'k3y\n' });
    const written = parse(readFileSync(podConfigFile(podDir), 'utf8')) as typeof meshrr;
    const copy = join(podDir, 'secrets', 'secret-0');
    expect(written.bgpgroups[0]?.authentication).toEqual({ method: 'md5', key_file: copy });
    expect(readFileSync(copy, 'utf8')).toBe('k3y\n');
    expect(statSync(copy).mode & 0o777).toBe(0o600);
    expect(meshrr.bgpgroups[0]?.authentication.key_file).toBe('/var/run/secrets/meshrr/md5.key');
  });

  it('starts the agent like a pod sidecar inside the router namespace, extra arguments last', () => {
    const launch = {
      node: '/usr/bin/node',
      main: '/m/main.js',
      netns: 'mlab-1-core-0',
      dir: '/s/core-0.0',
      address: '10.99.1.1',
      httpPort: 9090,
      logLevel: 'info',
      label: 'core-0',
    };
    const standard = [
      'ip',
      'netns',
      'exec',
      'mlab-1-core-0',
      '/usr/bin/node',
      '/m/main.js',
      'run',
      '--config',
      '/s/core-0.0/meshrr-conf/meshrr.conf.yml',
      '--platform',
      'frr',
      '--frr-vty-dir',
      '/s/core-0.0',
      '--frr-config',
      '/s/core-0.0/frr.conf',
      '--frr-templates',
      '/s/core-0.0/frr-templates',
      '--http-port',
      '9090',
      '--log-level',
      'info',
      '--connected-file',
      '/s/core-0.0/connected',
      '--drain-seconds',
      '5',
    ];
    expect(agentArgv(launch)).toEqual(standard);
    expect(agentArgv({ ...launch, extraArgs: ['--ready-quorum', '1', '--dry-run', '{dir}/plans'] })).toEqual([
      ...standard,
      '--ready-quorum',
      '1',
      '--dry-run',
      '/s/core-0.0/plans',
    ]);
    // BIRD: platform bird from the group's plugin, its files in the run directory, the lab timers.
    expect(agentArgv({ ...launch, daemon: 'bird' }).slice(6, 25)).toEqual([
      'run',
      '--config',
      '/s/core-0.0/meshrr-conf/meshrr.conf.yml',
      '--platform',
      'bird',
      '--platform-option',
      'config_file=/s/core-0.0/bird.conf',
      '--platform-option',
      'control_socket=/s/core-0.0/bird.ctl',
      '--platform-option',
      'include=/s/core-0.0/lab.bird.conf',
      '--platform-option',
      'hold_time_seconds=9',
      '--platform-option',
      'keepalive_seconds=3',
      '--platform-option',
      'connect_delay_seconds=1',
      '--http-port',
      '9090',
    ]);
  });

  it('writes the group policy as render-frr templates with the lab timers', () => {
    const out = writePolicyTemplates(
      dir,
      { bgpgroups: [{ name: 'MESHRR-UPSTREAM' }] },
      'route-map X permit 10\nexit\nrouter bgp 65000\n neighbor MESHRR-UPSTREAM peer-group\n address-family ipv4 unicast\n  neighbor MESHRR-UPSTREAM route-map X out\n exit-address-family\nexit\n',
    );
    expect(out).toBe(join(dir, 'frr-templates'));
    expect(readdirSync(out).sort()).toEqual(['bgp.eta', 'global.eta', 'ipv4-unicast.eta']);
    expect(readFileSync(join(out, 'global.eta'), 'utf8')).toBe('route-map X permit 10\nexit\n');
    expect(readFileSync(join(out, 'bgp.eta'), 'utf8')).toBe('timers bgp 3 9\n');
    expect(readFileSync(join(out, 'ipv4-unicast.eta'), 'utf8')).toBe('neighbor MESHRR-UPSTREAM route-map X out\n');
  });
});

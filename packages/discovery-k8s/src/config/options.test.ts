import { describe, expect, it } from 'vitest';
import { k8sOptionsSchema } from './options.js';

describe('k8sOptionsSchema', () => {
  it('fills the documented defaults', () => {
    expect(k8sOptionsSchema.parse({ service: 'meshrr' })).toEqual({
      service: 'meshrr',
      namespace: undefined,
      conditions: 'ready',
      include_terminating: false,
      address_families: ['ipv4', 'ipv6'],
      watch_timeout_seconds: 300,
      request_timeout_seconds: 30,
    });
  });

  it.each([
    ['meshrr', { service: 'meshrr', namespace: undefined }],
    ['meshrr.rr', { service: 'meshrr', namespace: 'rr' }],
    ['meshrr.rr.svc', { service: 'meshrr', namespace: 'rr' }],
    ['meshrr.rr.svc.cluster.local', { service: 'meshrr', namespace: 'rr' }],
    ['meshrr.rr.svc.cluster.local.', { service: 'meshrr', namespace: 'rr' }],
  ])('reads meshrr-style hostname %s as Service and namespace', (hostname, expected) => {
    expect(k8sOptionsSchema.parse({ hostname })).toMatchObject(expected);
  });

  it.each([
    [{}, 'service', /exactly one/],
    [{ service: 'a', hostname: 'a.b' }, 'service', /exactly one/],
    [{ hostname: 'meshrr.rr.pod.cluster.local' }, 'hostname', /third label must be "svc"/],
    [{ hostname: 'Meshrr' }, 'hostname', /first label/],
    [{ hostname: 'meshrr.rr', namespace: 'other' }, 'namespace', /contradicts the namespace "rr"/],
    [{ service: 'Meshrr' }, 'service', /RFC 1123/],
    [{ service: 'meshrr', conditions: 'all' }, 'conditions', /.+/],
    [{ service: 'meshrr', address_families: [] }, 'address_families', /at least one/],
    [{ service: 'meshrr', label_selector: 'a in (b)' }, 'label_selector', /equality-based/],
    [{ service: 'meshrr', watch_timeout_seconds: 5 }, 'watch_timeout_seconds', /.+/],
    [{ service: 'meshrr', selector: 'x' }, '', /Unrecognized key/],
  ])('refuses %j at %s', (options, path, message) => {
    const result = k8sOptionsSchema.safeParse(options);
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.error.issues[0]?.path.join('.')).toBe(path);
      expect(result.error.issues[0]?.message).toMatch(message);
    }
  });

  it('accepts hostname with a matching namespace and the other options', () => {
    expect(
      k8sOptionsSchema.parse({
        hostname: 'meshrr.rr',
        namespace: 'rr',
        conditions: 'serving',
        include_terminating: true,
        address_families: ['ipv6', 'ipv6'],
        port_name: 'bgp',
        label_selector: 'tier=core,env!=lab',
        kubeconfig: 'kube.yaml',
      }),
    ).toMatchObject({
      service: 'meshrr',
      namespace: 'rr',
      conditions: 'serving',
      include_terminating: true,
      address_families: ['ipv6'],
      port_name: 'bgp',
      label_selector: 'tier=core,env!=lab',
      kubeconfig: 'kube.yaml',
    });
  });
});

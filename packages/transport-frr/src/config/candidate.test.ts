import { describe, expect, it } from 'vitest';
import { candidateWithEnvironment } from './candidate.js';

const RUNNING =
  'frr version 8.4.5\nfrr defaults traditional\nhostname vm\nno ip forwarding\nno ipv6 forwarding\nservice integrated-vtysh-config\n!\nrouter bgp 65000\nexit\n!\n';

describe('candidateWithEnvironment', () => {
  it('takes version, hostname and forwarding from the running config into the header', () => {
    const body =
      'frr version 8.4.4\nfrr defaults traditional\nservice integrated-vtysh-config\n!\nrouter bgp 65000\nexit\n!\n';
    expect(candidateWithEnvironment(body, RUNNING)).toBe(
      'frr version 8.4.5\nfrr defaults traditional\nservice integrated-vtysh-config\nhostname vm\nno ip forwarding\nno ipv6 forwarding\n!\nrouter bgp 65000\nexit\n!\n',
    );
  });

  it('keeps what the body sets itself', () => {
    const body = 'frr defaults traditional\nip forwarding\n!\n';
    expect(candidateWithEnvironment(body, RUNNING)).toBe(
      'frr defaults traditional\nfrr version 8.4.5\nhostname vm\nno ipv6 forwarding\nip forwarding\n!\n',
    );
  });

  it('changes nothing when the running config has no environment lines', () => {
    const body = 'frr version 8.4.4\n!\n';
    expect(candidateWithEnvironment(body, '!\n')).toBe(body);
  });
});

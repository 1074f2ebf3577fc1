import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { Clock, Logger, TerminalError, Transport } from '@meshrr/core';
import { FakeClock, MemoryLogger } from '@meshrr/core/testing';
import { frrTransportModule } from './module.js';
import { resolveFrrTransportOptions } from './options.js';
import { FrrTransport } from './transport.js';

describe('frrTransportModule', () => {
  it('binds core Transport to one FrrTransport built with the container clock and logger', () => {
    const container = new Container();
    container.bind(Clock).toConstantValue(new FakeClock());
    container.bind(Logger).toConstantValue(new MemoryLogger());
    container.load(frrTransportModule({ vtyDir: '/var/run/frr', configFile: '/etc/frr/frr.conf' }));
    const transport = container.get(Transport);
    expect(transport).toBeInstanceOf(FrrTransport);
    expect(transport.platform).toBe('frr');
    expect(container.get(Transport)).toBe(transport);
  });
});

describe('resolveFrrTransportOptions', () => {
  it('applies the defaults of a pod sharing /var/run/frr and /etc/frr', () => {
    expect(resolveFrrTransportOptions({ vtyDir: '/var/run/frr', configFile: '/etc/frr/frr.conf' })).toEqual({
      vtyDir: '/var/run/frr',
      configFile: '/etc/frr/frr.conf',
      configDir: '/etc/frr',
      vtysh: '/usr/bin/vtysh',
      binDir: '/usr/bin',
      frrReload: '/usr/lib/frr/frr-reload.py',
      workDir: '/var/run/frr',
      candidateFile: '/var/run/frr/meshrr-candidate.conf',
      rollbackFile: '/var/run/frr/meshrr-rollback.conf',
      commandTimeoutMs: 15_000,
      reloadTimeoutMs: 60_000,
    });
  });

  it('refuses relative paths and impossible timeouts, naming the option', () => {
    expect(() => resolveFrrTransportOptions({ vtyDir: 'run/frr', configFile: '/etc/frr/frr.conf' })).toThrow(
      /vtyDir must be an absolute path/,
    );
    expect(() =>
      resolveFrrTransportOptions({ vtyDir: '/run/frr', configFile: '/etc/frr/frr.conf', reloadTimeoutMs: 5 }),
    ).toThrow(TerminalError);
  });
});

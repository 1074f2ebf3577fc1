import type { EngineStatus } from '@meshrr/core';
import { desiredGroup } from '@meshrr/core/testing';
import { describe, expect, it } from 'vitest';
import { liveness, readiness } from './health.js';

const baseStatus = (over: Partial<EngineStatus>): EngineStatus => ({
  sources: [{ group: 'MESH', sourcetype: 'dns', healthy: true, synced: true, consecutiveFailures: 0, peers: [] }],
  sessions: [],
  held: [],
  lastOutcome: { at: 1, result: 'committed', durationMs: 5 },
  ...over,
});

const desired = (neighbors: string[]): EngineStatus['desired'] => ({
  routerId: '10.0.0.1',
  asn: { value: 65000, text: '65000' },
  mode: 'ipv4rr',
  gracefulShutdown: false,
  decisions: [],
  groups: [desiredGroup('MESH', { neighbors }), desiredGroup('CLIENTS', { kind: 'subtractive', allow: ['0.0.0.0/0'] })],
});

describe('readiness', () => {
  it('is not ready before the first reconcile or before sources sync, with reasons', () => {
    const verdict = readiness(
      baseStatus({
        lastOutcome: undefined,
        sources: [
          {
            group: 'MESH',
            sourcetype: 'dns',
            healthy: false,
            synced: false,
            consecutiveFailures: 2,
            lastError: 'SERVFAIL',
            peers: [],
          },
        ],
      }),
      { sessionQuorum: 0.5 },
    );
    expect(verdict).toEqual({
      ok: false,
      reasons: ['no reconcile has completed yet', 'discovery for group MESH (dns) has not synced: SERVFAIL'],
    });
  });

  it('needs the quorum of intended mesh sessions Established', () => {
    const status = baseStatus({
      desired: desired(['10.0.0.2', '10.0.0.3', '10.0.0.4']),
      sessions: [
        { peer: '10.0.0.2', state: 'Established' },
        { peer: '10.0.0.3', state: 'Active' },
      ],
    });
    expect(readiness(status, { sessionQuorum: 0.5 })).toEqual({
      ok: false,
      reasons: ['1 of 3 intended BGP sessions Established, 2 needed; down: 10.0.0.3, 10.0.0.4'],
    });
    expect(readiness(status, { sessionQuorum: 0.3 }).ok).toBe(true);
  });

  it('reports removals the safety guards hold as a notice, staying ready (issue 11 item 4)', () => {
    const held = [
      { group: 'MESH', peer: '10.0.0.5', action: 'hold' as const, reason: 'removal-cap' },
      { group: 'MESH', peer: '10.0.0.6', action: 'hold' as const, reason: 'removal-cap' },
    ];
    expect(readiness(baseStatus({ held }), { sessionQuorum: 0.5 })).toEqual({
      ok: true,
      reasons: [],
      notices: [
        '2 removal(s) held by the safety guards: 10.0.0.5 (group MESH, removal-cap), 10.0.0.6 (group MESH, removal-cap); they proceed when the removal window allows (safety.removal_window_seconds) or once safety.allow_large_removals is set',
      ],
    });
  });

  it('a lone router with nothing to peer with is ready once synced', () => {
    expect(readiness(baseStatus({ desired: desired([]) }), { sessionQuorum: 1 })).toEqual({ ok: true, reasons: [] });
  });
});

describe('liveness', () => {
  it('fails when the loop has not turned within the limit', () => {
    expect(liveness(baseStatus({ lastLoopAt: 1_000 }), 20_000, { staleAfterMs: 30_000, startedAt: 0 }).ok).toBe(true);
    expect(liveness(baseStatus({ lastLoopAt: 1_000 }), 62_000, { staleAfterMs: 30_000, startedAt: 0 })).toEqual({
      ok: false,
      reasons: ['engine loop has not turned for 61 s (limit 30 s)'],
    });
    expect(liveness(baseStatus({}), 10_000, { staleAfterMs: 30_000, startedAt: 0 }).ok).toBe(true);
    const parked = baseStatus({
      lastLoopAt: 1_000,
      lastOutcome: { at: 1_000, result: 'terminal', error: 'rejected', durationMs: 3 },
    });
    expect(liveness(parked, 600_000, { staleAfterMs: 30_000, startedAt: 0 }).ok).toBe(true);
  });
});

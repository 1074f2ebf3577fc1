/**
 * Issue 11 item 1 end to end: the router reconciler (core's engine, `FakeClock`) drives the real
 * Junos transport over SSH (ssh2 client ↔ the scripted Junos server on 127.0.0.1, requests
 * checked against the golden files). The device is slow to answer the commit-confirmed: the
 * engine's commit-confirmed deadline passes while the RPC is in flight, and the agent must treat
 * the change as rolled back — never confirm it, never report it committed.
 */
import { ContainerModule } from 'inversify';
import { Renderer, Transport, type RenderedChange } from '@meshrr/core';
import { createTestContainer, eventually, meshGroup, testConfig } from '@meshrr/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectScriptDone } from '../testing-support/junosScriptServer.js';
import { fixtureReply } from '../testing-support/junosFixtures.js';
import { startJunosHarness, type JunosHarness } from '../testing-support/junosHarness.js';
import { COMMIT_OK, DIFF_REPLY, MANAGED_REPLY, OK, SET_CHANGE } from '../testing-support/junosReplies.js';

let h: JunosHarness;
beforeEach(async () => {
  h = await startJunosHarness();
});
afterEach(async () => {
  await h.close();
});

/** Renders every change as the recorded `set` change the golden requests expect. */
const recordedRenderer: Renderer = { platform: 'junos', renderChange: (): RenderedChange => SET_CHANGE };

describe('commit-confirmed deadline over a real NETCONF session (issue 11 item 1)', () => {
  it('a commit the device answers after the deadline is never confirmed nor reported as committed', async () => {
    let answerCommit: () => void = () => undefined;
    const commitAnswered = new Promise<void>((resolve) => (answerCommit = resolve));
    const s = h.script([
      { request: 'get-configuration-managed', reply: MANAGED_REPLY },
      {
        request: 'get-bgp-neighbor-information',
        reply: fixtureReply('napalm_get-bgp-neighbor-information_established-active_flaps.xml'),
      },
      {
        request: 'get-bgp-summary-information',
        reply: fixtureReply('napalm_get-bgp-summary-information_established-active.xml'),
      },
      { request: 'lock-configuration', reply: OK },
      { request: 'load-configuration-set', reply: OK },
      { request: 'get-configuration-compare', reply: DIFF_REPLY },
      { request: 'commit-configuration-confirmed', reply: COMMIT_OK, holdUntil: commitAnswered },
      // the dropped session cleans up once the late reply is in: discard the candidate, unlock, close
      { request: 'load-configuration-rollback-0', reply: OK },
      { request: 'unlock-configuration', reply: OK },
      { request: 'close-session', reply: OK },
    ]);
    const t = createTestContainer({
      config: testConfig({
        groups: [meshGroup('MESHRR-MESH')],
        commit: { confirmTimeoutS: 90, comment: 'meshrr: add 10.42.0.14 <discovered>', verifyMs: 5_000 },
        safety: { allowLargeRemovals: true },
      }),
      fakeDevice: false,
      modules: [
        new ContainerModule(({ bind }) => {
          bind(Transport).toConstantValue(h.transport());
          bind(Renderer).toConstantValue(recordedRenderer);
        }),
      ],
    });
    t.memory.group('MESHRR-MESH').setPeers(['10.42.0.12', '10.42.0.14', '2001:db8::1']);
    await t.discovery.discoverOnce(new AbortController().signal, 1_000);
    const pass = t.reconciler.run(new AbortController().signal, { plan: false }).then(
      () => undefined,
      (error: unknown) => error,
    );
    // the commit-confirmed is on the device and unanswered; then the window's deadline passes
    await eventually(() => s.requests.at(-1)?.includes('<confirmed/>') === true, {
      what: 'the commit-confirmed request on the device',
      describe: () => s.requests.join('\n'),
    });
    await t.clock.advance(90_000 * 0.75 + 1);
    const outcome = await pass;
    answerCommit();
    expect(outcome).toMatchObject({ code: 'confirm-deadline' });
    expect(t.metrics.value('meshrr_commits_total', { result: 'expired' })).toBe(1);
    expect(t.metrics.value('meshrr_commits_total', { result: 'confirmed' })).toBe(0);
    expect(t.logger.lines.map((l) => l.message)).not.toContain('change committed and confirmed');
    expect(t.status.current().lastOutcome?.result).toBe('failed');
    expect(t.status.current().lastCommitAt).toBeUndefined();
    // the confirm (a plain commit-configuration) was never sent
    expect(s.requests.filter((r) => r.includes('<commit-configuration>') && !r.includes('<confirmed/>'))).toEqual([]);
    await t.reconciler.close();
    await eventually(() => s.remaining === 0, { what: 'the session cleanup', describe: () => s.problems.join('\n') });
    expectScriptDone(s);
  });
});

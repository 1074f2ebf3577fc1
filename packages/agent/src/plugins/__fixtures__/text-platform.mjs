// A minimal third-party platform plugin as npm would ship it: plain ESM, peer dependencies on
// inversify and @meshrr/core, exporting `plugin`. Platform `text` renders the desired state as
// one line per neighbor and keeps the "device" in memory (exposed as `device` for tests).
import { createHash } from 'node:crypto';
import { ContainerModule } from 'inversify';
import { PLATFORM_API_VERSION, PlatformProvider } from '@meshrr/core';

export const device = { state: { groups: [], gracefulShutdown: false }, commits: [], confirms: 0 };

const optionsSchema = {
  safeParse(input) {
    const greeting = input.greeting ?? 'hello';
    const unknown = Object.keys(input).filter((k) => k !== 'greeting');
    if (typeof greeting !== 'string' || unknown.length > 0)
      return {
        success: false,
        error: { issues: [{ path: [unknown[0] ?? 'greeting'], message: 'greeting is a string; nothing else' }] },
      };
    return { success: true, data: { greeting } };
  },
};

function renderer(greeting) {
  return {
    platform: 'text',
    renderChange({ desired }) {
      const lines = [`# ${greeting} ${desired.routerId}`];
      for (const g of desired.groups) {
        lines.push(`group ${g.name}`);
        for (const n of g.neighbors) lines.push(`neighbor ${g.name} ${n}`);
        for (const a of g.allow) lines.push(`allow ${g.name} ${a}`);
      }
      if (desired.gracefulShutdown) lines.push('graceful-shutdown');
      const body = `${lines.join('\n')}\n`;
      return { platform: 'text', format: 'text-lines', body, digest: createHash('sha256').update(body).digest('hex') };
    },
  };
}

/** What the "device" keeps from a body: the managed state the lines describe. */
function parse(body) {
  const groups = new Map();
  let gracefulShutdown = false;
  for (const line of body.split('\n')) {
    const [verb, group, value] = line.split(' ');
    if (verb === 'graceful-shutdown') gracefulShutdown = true;
    if (verb === 'group') groups.set(group, { name: group, neighbors: [], allow: [], peerAsRanges: [] });
    if (verb === 'neighbor') groups.get(group).neighbors.push(value);
    if (verb === 'allow') groups.get(group).allow.push(value);
  }
  return { groups: [...groups.values()], gracefulShutdown };
}

function transport() {
  return {
    platform: 'text',
    async open() {
      let staged;
      let previous;
      const session = {
        readManaged: async () => device.state,
        bgpSessions: async () =>
          device.state.groups.flatMap((g) =>
            g.neighbors.map((peer) => ({ peer, group: g.name, state: 'Established' })),
          ),
        stage: async (change) => {
          staged = change;
          return { deviceDiff: change.body };
        },
        commit: async () => {
          previous = device.state;
          device.state = parse(staged.body);
          device.commits.push(staged.body);
        },
        confirm: async () => {
          device.confirms += 1;
          previous = undefined;
        },
        abort: async () => {
          if (previous !== undefined) device.state = previous;
          previous = undefined;
        },
        close: async () => undefined,
        [Symbol.asyncDispose]: async () => undefined,
      };
      return session;
    },
  };
}

const provider = {
  apiVersion: PLATFORM_API_VERSION,
  name: 'text',
  summary: 'one line per neighbor, in memory',
  optionsSchema,
  async load(options) {
    return { renderer: renderer(options.greeting), transport: async () => transport() };
  },
};

export const plugin = {
  apiVersion: 1,
  name: 'platform-text',
  module: new ContainerModule(({ bind }) => {
    bind(PlatformProvider).toConstantValue(provider);
  }),
};

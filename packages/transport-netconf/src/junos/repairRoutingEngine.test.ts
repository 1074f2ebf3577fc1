import { describe, expect, it } from 'vitest';
import { MalformedReplyError } from '../errors.js';
import { decodeReply } from '../rpc/decodeReply.js';
import { repairUnclosedRoutingEngine } from './repairRoutingEngine.js';

describe('repairUnclosedRoutingEngine', () => {
  it('closes routing-engine before the last ok, whatever its prefix', () => {
    expect(repairUnclosedRoutingEngine('<r><routing-engine><name>re0</name><ok/></r>')).toBe(
      '<r><routing-engine><name>re0</name></routing-engine>\n<ok/></r>',
    );
    expect(repairUnclosedRoutingEngine('<nc:r><routing-engine><nc:ok/></nc:r>')).toBe(
      '<nc:r><routing-engine></routing-engine>\n<nc:ok/></nc:r>',
    );
  });

  it('does not apply without routing-engine or ok', () => {
    expect(repairUnclosedRoutingEngine('<r><data><ok/></r>')).toBeUndefined();
    expect(repairUnclosedRoutingEngine('<r><routing-engine></r>')).toBeUndefined();
    expect(repairUnclosedRoutingEngine('<r><routing-engine>look/></r>')).toBeUndefined();
  });

  it('never turns another defect into accepted data: the repaired text must parse', () => {
    const broken = '<rpc-reply><routing-engine><name>re0</name><data><ok/></rpc-reply>';
    expect(() => decodeReply(broken, repairUnclosedRoutingEngine)).toThrow(MalformedReplyError);
    expect(() => decodeReply(broken, repairUnclosedRoutingEngine)).toThrow(
      "malformed NETCONF reply: Expected closing tag 'data'",
    );
  });
});

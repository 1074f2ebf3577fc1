import { describe, expect, it } from 'vitest';
import { daemonsUnreachable, frrComplaints } from './deviceMessages.js';

// stderr of frr-reload.py --test for a file with an unknown command (FRR 8.4.4), captured
const UNKNOWN = `2026-11-23 01:44:17,006  INFO: Loading Config object from file bad.conf
2026-11-23 01:44:17,138 \x1b[91m  ERROR\x1b[0m: vtysh failed to process new configuration: vtysh (mark file) exited with status 2:
b'line 20: % Unknown command:  bogus command here\\n\\n'
2026-11-23 01:44:17,138  INFO: Loading Config object from vtysh show running`;

describe('FRR messages', () => {
  it('unwraps vtysh complaints quoted by frr-reload', () => {
    expect(frrComplaints(UNKNOWN)).toEqual([
      'vtysh failed to process new configuration: vtysh (mark file) exited with status 2:',
      'line 20: % Unknown command:  bogus command here',
    ]);
  });

  it('keeps bgpd refusals and reload failures', () => {
    expect(frrComplaints('BGP is already running; AS is 65000\n')).toEqual(['BGP is already running; AS is 65000']);
    expect(
      frrComplaints('line 2: Failure to communicate[13] to bgpd, line:  bgp listen range 10.0.0.13/32 peer-group C\n'),
    ).toEqual(['line 2: Failure to communicate[13] to bgpd, line:  bgp listen range 10.0.0.13/32 peer-group C']);
    expect(frrComplaints('% Listen range overlaps with existing listen range\n')).toEqual([
      '% Listen range overlaps with existing listen range',
    ]);
  });

  it('tells unreachable daemons apart', () => {
    expect(daemonsUnreachable('Exiting: failed to connect to any daemons.\n')).toBe(true);
    expect(daemonsUnreachable(UNKNOWN)).toBe(false);
  });
});

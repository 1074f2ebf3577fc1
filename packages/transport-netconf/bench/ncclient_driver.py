#!/usr/bin/python3
"""ncclient side of cycle.bench.ts: a long-lived driver so that Python's start-up and imports are
never timed. usage: ncclient_driver.py PORT USER KEYFILE TICK_SECONDS
TICK_SECONDS sets ncclient.transport.ssh.TICK, the timeout of the select() in the session thread's
loop (ncclient 0.6: 0.1 s), which bounds how late a queued request is sent: "stock" keeps 0.1, "tuned"
sets 0.001. Reads one JSON command per line, answers one JSON line:
  {"op": "round", "cycles": K, "connects": M} ->
  {"setupMs": x, "cycleMs": [K values], "connectCycleMs": [M values]}
setup = manager.connect() (TCP, SSH handshake, auth, netconf subsystem, hello exchange);
cycle = lock, edit-config, commit, unlock on candidate (each RPC waits for its reply);
connect+cycle = setup + cycle + close-session."""
import json, sys, time
import ncclient.transport.ssh
from ncclient import manager

port, user, key, tick = int(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4])
ncclient.transport.ssh.TICK = tick
counter = [0]
CFG = ('<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><bgp xmlns="urn:meshrr:lab"><local-as>%d</local-as>'
       '<group><name>MESH</name><type>internal</type><neighbor><address>10.0.%d.%d</address></neighbor></group></bgp></config>')

def connect():
    return manager.connect(host='127.0.0.1', port=port, username=user, key_filename=key, hostkey_verify=False,
                           allow_agent=False, look_for_keys=False, timeout=60)

def cycle(m):
    counter[0] += 1
    i = counter[0]
    m.lock(target='candidate')
    m.edit_config(target='candidate', config=CFG % (70000 + i % 20000, (i // 250) % 250, i % 250 + 1))
    m.commit()
    m.unlock(target='candidate')

for line in sys.stdin:
    cmd = json.loads(line)
    t = time.perf_counter()
    m = connect()
    setup = (time.perf_counter() - t) * 1000
    cycles = []
    for _ in range(cmd["cycles"]):
        t = time.perf_counter()
        cycle(m)
        cycles.append((time.perf_counter() - t) * 1000)
    m.close_session()
    connects = []
    for _ in range(cmd["connects"]):
        t = time.perf_counter()
        m = connect()
        cycle(m)
        m.close_session()
        connects.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"setupMs": setup, "cycleMs": cycles, "connectCycleMs": connects}), flush=True)

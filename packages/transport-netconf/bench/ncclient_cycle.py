#!/usr/bin/python3
"""ncclient reference for cycle.bench.ts: one persistent session, N x (lock, edit-config, commit, unlock).
usage: ncclient_cycle.py PORT USER KEYFILE WARMUP N  -> prints JSON {"setupMs": x, "cyclesMs": [...]}"""
import json, sys, time
from ncclient import manager

port, user, key, warmup, n = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
t0 = time.perf_counter()
m = manager.connect(host='127.0.0.1', port=port, username=user, key_filename=key, hostkey_verify=False,
                    allow_agent=False, look_for_keys=False, timeout=30)
setup = (time.perf_counter() - t0) * 1000
cfg = ('<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><bgp xmlns="urn:meshrr:lab"><local-as>%d</local-as>'
       '<group><name>MESH</name><type>internal</type><neighbor><address>10.0.%d.%d</address></neighbor></group></bgp></config>')
cycles = []
for i in range(warmup + n):
    t = time.perf_counter()
    m.lock(target='candidate')
    m.edit_config(target='candidate', config=cfg % (70000 + i, i // 250, i % 250 + 1))
    m.commit()
    m.unlock(target='candidate')
    if i >= warmup:
        cycles.append((time.perf_counter() - t) * 1000)
m.close_session()
print(json.dumps({'setupMs': setup, 'cyclesMs': cycles}))

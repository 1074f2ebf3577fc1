"""An independent reading of Consul's blocking queries: python-consul (python3-consul from Debian)
reads /v1/health/service/<service>?passing against meshrr's fake Consul server, then blocks on the
returned X-Consul-Index until the passing set changes, printing one JSON line per answer.

usage: pythonBlocking.py <host> <port> <service> <answers>
"""
import json
import sys

import consul

host, port, service, answers = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
c = consul.Consul(host=host, port=port)
index = None
for _ in range(answers):
    index, entries = c.health.service(service, index=index, wait="30s", passing=True)
    addresses = sorted((e["Service"]["Address"] or e["Node"]["Address"]) for e in entries)
    print(json.dumps({"index": index, "addresses": addresses}), flush=True)

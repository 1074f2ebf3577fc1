"""An independent reading of the Kubernetes list/watch protocol: the official Python client
(python3-kubernetes from Debian) lists and watches EndpointSlices against meshrr's fake API server,
with bookmarks, and re-lists after a 410 Gone, printing one JSON line per step.

usage: pythonReflector.py <server url> <token> <namespace> <label selector> <watches>
"""
import json
import sys

from kubernetes import client, watch
from kubernetes.client.rest import ApiException

url, token, namespace, selector, watches = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
config = client.Configuration()
config.host = url
config.api_key = {"authorization": token}
config.api_key_prefix = {"authorization": "Bearer"}
api = client.DiscoveryV1Api(client.ApiClient(config))


def say(**fields):
    print(json.dumps(fields, sort_keys=True), flush=True)


def addresses(slices):
    return sorted(a for s in slices for e in (s.endpoints or []) for a in e.addresses
                  if e.conditions is None or e.conditions.ready is not False)


def relist():
    listed = api.list_namespaced_endpoint_slice(namespace, label_selector=selector, limit=1)
    items = list(listed.items)
    while listed.metadata._continue:
        listed = api.list_namespaced_endpoint_slice(namespace, label_selector=selector, limit=1,
                                                    _continue=listed.metadata._continue)
        items.extend(listed.items)
    say(step="list", rv=listed.metadata.resource_version, addresses=addresses(items),
        slices=sorted(s.metadata.name for s in items))
    return listed.metadata.resource_version


rv = relist()
for _ in range(watches):
    w = watch.Watch()
    try:
        for event in w.stream(api.list_namespaced_endpoint_slice, namespace, label_selector=selector,
                              resource_version=rv, allow_watch_bookmarks=True, timeout_seconds=60):
            obj = event["object"]
            if event["type"] == "BOOKMARK":
                rv = obj["metadata"]["resourceVersion"] if isinstance(obj, dict) else obj.metadata.resource_version
                say(step="event", type="BOOKMARK", rv=rv)
            else:
                rv = obj.metadata.resource_version
                say(step="event", type=event["type"], name=obj.metadata.name, rv=rv, addresses=addresses([obj]))
        say(step="watch-ended", rv=rv)
    except ApiException as error:
        say(step="error", status=error.status)
        if error.status != 410:
            raise
        rv = relist()

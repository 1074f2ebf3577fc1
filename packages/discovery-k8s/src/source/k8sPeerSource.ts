import {
  samePeerSet,
  startLookupTimer,
  DiscoveryError,
  type DiscoveredPeer,
  type DiscoveryContext,
  type PeerSink,
  type PeerSource,
} from '@meshrr/core';
import { K8sApiClient } from '../api/k8sApiClient.js';
import { loadClusterAccess, type ClusterAccess, type K8sEnvironment } from '../config/clusterAccess.js';
import { K8sConfigError } from '../config/k8sConfigError.js';
import type { K8sDiscoveryOptions } from '../config/options.js';
import { SliceReflector, type SnapshotReason } from './sliceReflector.js';
import { peersFromSlices, type EndpointPolicy } from './slicePeers.js';
import type { EndpointSlice } from './endpointSlice.js';

/** Resolved settings of one Kubernetes source (see `K8sDiscoveryProvider.create`). */
export interface K8sSourceSettings {
  readonly env: K8sEnvironment;
  readonly serviceAccountDir: string;
  /** Absolute kubeconfig path, or undefined for the in-cluster service account. */
  readonly kubeconfigPath: string | undefined;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly listPageSize: number;
}

/**
 * `sourcetype: kubernetes` source: watches the EndpointSlices of one Service and emits the
 * complete peer set after the first list and after every batch of watch events that changes it;
 * bookmarks and re-watches with no change report success; list/watch failures report failure
 * and keep the last good set. Configuration faults (no in-cluster environment, unreadable
 * kubeconfig, no namespace) are reported and then reject `run` with `K8sConfigError`.
 */
export class K8sPeerSource implements PeerSource {
  readonly #options: K8sDiscoveryOptions;
  readonly #context: DiscoveryContext;
  readonly #settings: K8sSourceSettings;

  constructor(options: K8sDiscoveryOptions, context: DiscoveryContext, settings: K8sSourceSettings) {
    this.#options = options;
    this.#context = context;
    this.#settings = settings;
  }

  #configure(): { access: ClusterAccess; namespace: string } {
    const access = loadClusterAccess({
      env: this.#settings.env,
      serviceAccountDir: this.#settings.serviceAccountDir,
      kubeconfigPath: this.#settings.kubeconfigPath,
    });
    const namespace = this.#options.namespace ?? access.defaultNamespace;
    if (namespace === undefined) {
      throw new K8sConfigError(
        `group ${this.#context.group}: no namespace: set "namespace" (no service-account namespace file and no namespace in the kubeconfig context)`,
      );
    }
    return { access, namespace };
  }

  async run(signal: AbortSignal, sink: PeerSink): Promise<void> {
    let configured: { access: ClusterAccess; namespace: string };
    try {
      configured = this.#configure();
    } catch (error) {
      const failure =
        error instanceof DiscoveryError || error instanceof K8sConfigError
          ? error
          : new K8sConfigError(String(error), { cause: error });
      sink.reportFailure(failure);
      throw failure;
    }
    const options = this.#options;
    const selector = [
      `kubernetes.io/service-name=${options.service}`,
      ...(options.label_selector === undefined ? [] : [options.label_selector]),
    ].join(',');
    const logger = this.#context.logger.child({ service: options.service, namespace: configured.namespace });
    const reflector = new SliceReflector(
      new K8sApiClient(configured.access, this.#context.clock),
      {
        namespace: configured.namespace,
        labelSelector: selector,
        watchTimeoutSeconds: options.watch_timeout_seconds,
        requestTimeoutMs: options.request_timeout_seconds * 1000,
        initialBackoffMs: this.#settings.initialBackoffMs,
        maxBackoffMs: this.#settings.maxBackoffMs,
        pageSize: this.#settings.listPageSize,
      },
      this.#context.clock,
      logger,
    );
    const policy: EndpointPolicy = {
      conditions: options.conditions,
      includeTerminating: options.include_terminating,
      addressFamilies: options.address_families,
      portName: options.port_name,
    };
    let last: readonly DiscoveredPeer[] | undefined;
    const onSnapshot = (slices: ReadonlyMap<string, EndpointSlice>, reason: SnapshotReason): void => {
      const result = peersFromSlices(slices.values(), policy);
      if (!result.ok) {
        sink.reportFailure(result.error);
        return;
      }
      if (last === undefined || !samePeerSet(last, result.peers)) {
        logger.debug({ reason, peers: result.peers.length, slices: slices.size }, 'EndpointSlice peer set changed');
        last = result.peers;
        sink.emit(result.peers);
      } else {
        sink.reportSuccess();
      }
    };
    await reflector.run(signal, {
      onSnapshot,
      onListStart: () => startLookupTimer(this.#context, 'kubernetes'),
      onFailure: (error) => {
        logger.warn({ kind: error.kind, err: error }, 'EndpointSlice list/watch failed; keeping the last good set');
        sink.reportFailure(error);
      },
    });
  }
}

import { TerminalError } from '@meshrr/core';

/**
 * The Kubernetes API cannot be reached as configured (no in-cluster environment, unreadable
 * service-account files or kubeconfig, a server URL the client library made up). Retrying does
 * not help until the deployment or configuration changes. Code `k8s-config`.
 */
export class K8sConfigError extends TerminalError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause, code: 'k8s-config' });
  }
}

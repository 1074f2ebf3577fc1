import { DiscoveryError } from '@meshrr/core';
import { z } from 'zod';

const optionalString = z.string().nullish();
const optionalBool = z.boolean().nullish();

const endpointSchema = z.object({
  addresses: z.array(z.string()),
  conditions: z.object({ ready: optionalBool, serving: optionalBool, terminating: optionalBool }).nullish(),
  hostname: optionalString,
  nodeName: optionalString,
  zone: optionalString,
  targetRef: z.object({ kind: optionalString, name: optionalString, namespace: optionalString }).nullish(),
});

const sliceSchema = z.object({
  metadata: z.object({ name: z.string().min(1), namespace: optionalString, resourceVersion: optionalString }),
  addressType: z.string(),
  endpoints: z.array(endpointSchema).nullish(),
  ports: z
    .array(z.object({ name: optionalString, port: z.number().int().nullish(), protocol: optionalString }))
    .nullish(),
});

/** The fields of a `discovery.k8s.io/v1` EndpointSlice that discovery reads (others are ignored). */
export type EndpointSlice = z.output<typeof sliceSchema>;
/** One endpoint of an {@link EndpointSlice}. */
export type SliceEndpoint = z.output<typeof endpointSchema>;

/**
 * Validates an EndpointSlice object from a list or watch event. Throws `DiscoveryError`
 * `invalid-document` naming the first bad field (a malformed object is never half-used).
 */
export function parseEndpointSlice(value: unknown, where: string): EndpointSlice {
  const result = sliceSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new DiscoveryError(
    'invalid-document',
    `${where}: not an EndpointSlice: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
  );
}

const listSchema = z.object({
  metadata: z.object({ resourceVersion: z.string().min(1), continue: optionalString }),
  items: z.array(z.unknown()).nullish(),
});

/** One page of an EndpointSliceList. */
export interface SliceListPage {
  readonly resourceVersion: string;
  readonly continueToken: string | undefined;
  readonly items: readonly EndpointSlice[];
}

/** Validates an EndpointSliceList page; throws `DiscoveryError` `invalid-document`. */
export function parseSliceList(value: unknown, where: string): SliceListPage {
  const result = listSchema.safeParse(value);
  if (!result.success)
    throw new DiscoveryError('invalid-document', `${where}: not an EndpointSliceList with metadata.resourceVersion`);
  const items = (result.data.items ?? []).map((item, i) => parseEndpointSlice(item, `${where} items[${i}]`));
  const token = result.data.metadata.continue;
  return {
    resourceVersion: result.data.metadata.resourceVersion,
    continueToken: token === null || token === undefined || token === '' ? undefined : token,
    items,
  };
}

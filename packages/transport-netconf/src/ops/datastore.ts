/** An RFC 6241 configuration datastore. */
export type Datastore = 'running' | 'candidate' | 'startup';

/** `<nc:{name}><nc:{datastore}/></nc:{name}>` (e.g. `<nc:target><nc:candidate/></nc:target>`). */
export function datastoreElement(name: 'target' | 'source', datastore: Datastore): string {
  return `<nc:${name}><nc:${datastore}/></nc:${name}>`;
}

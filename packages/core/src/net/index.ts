export {
  canonicalIpAddress,
  compareIpAddress,
  familyBits,
  formatIpAddress,
  parseIpAddress,
  sortIpAddressTexts,
} from './ipAddress.js';
export type { IpAddress, IpFamily } from './ipAddress.js';
export { cidrContains, cidrLast, cidrsOverlap, compareCidr, formatCidr, hostCidr, parseCidr } from './cidr.js';
export type { Cidr, CidrParseResult } from './cidr.js';
export { classifyIpAddress, NON_PEER_RANGES, nonPeerRangeOf } from './classify.js';
export type { IpAddressClass, NonPeerRange } from './classify.js';
export { checkParsedPeerAddress, checkPeerAddress, PEER_ADDRESS_RULE, prefixPolicyProblem } from './addressPolicy.js';
export type { AddressCheck } from './addressPolicy.js';

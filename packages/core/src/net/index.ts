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
export { classifyIpAddress } from './classify.js';
export type { IpAddressClass } from './classify.js';

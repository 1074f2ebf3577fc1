/** The NETCONF base namespace (RFC 6241 §3.1). */
export const NETCONF_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
/** base:1.0 capability (RFC 6241). */
export const BASE_1_0 = 'urn:ietf:params:netconf:base:1.0';
/** base:1.1 capability: chunked framing when both peers advertise it (RFC 6242 §4.1). */
export const BASE_1_1 = 'urn:ietf:params:netconf:base:1.1';
/** RFC 4741-style spelling of base:1.0 that old Junos releases send instead of {@link BASE_1_0}. */
export const LEGACY_BASE_1_0 = 'urn:ietf:params:xml:ns:netconf:base:1.0';
/** Junos XML protocol operations (`load-configuration`, `commit-configuration`, …). */
export const JUNOS_CAPABILITY = 'http://xml.juniper.net/netconf/junos/1.0';
/** XML declaration PyEZ/ncclient put before every message. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * The documented size limits of a configuration (issue 11 item 7; the reference table is in
 * `README.md` beside this file). Within them every check is linear or n·log n; beyond them the
 * configuration is refused with one clear error naming the file, the field and the limit.
 */
export const CONFIG_LIMITS = {
  /** Largest `meshrr.conf.yml` read (and any other text file meshrr reads as configuration). */
  maxFileBytes: 16 * 1024 * 1024,
  /** Most `bgpgroups` entries. */
  maxGroups: 10_000,
  /** Most `prefixes` of one subtractive group. */
  maxPrefixesPerGroup: 200_000,
  /** Deepest YAML nesting (the schema needs 6; source options of plugins get room). */
  maxYamlDepth: 64,
  /** Most issues reported for one file; the rest are counted in one last issue. */
  maxReportedIssues: 1_000,
} as const;

import { parser } from '@prometheus-io/lezer-promql';

/** A PromQL expression found in a monitoring file, with where it came from. */
export interface FoundQuery {
  readonly where: string;
  readonly expr: string;
}

/** Grafana's variables replaced by values PromQL accepts, so the expression parses as Prometheus will see it. */
export function withoutGrafanaVariables(expr: string): string {
  return expr
    .replace(/\$__rate_interval|\$__interval|\$__range/g, '5m')
    .replace(/\$\{?([A-Za-z_]\w*)\}?/g, (_m, name: string) => `__var_${name}`);
}

/** The parse errors of a PromQL expression (empty when it parses). */
export function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError)
        errors.push(`syntax error at ${node.from}: ${JSON.stringify(expr.slice(node.from, node.from + 20))}`);
    },
  });
  return errors;
}

/** The metric names a PromQL expression selects (vector and matrix selectors). */
export function selectedMetrics(expr: string): string[] {
  const names = new Set<string>();
  const tree = parser.parse(expr);
  tree.iterate({
    enter: (node) => {
      if (node.name === 'VectorSelector') {
        const id = node.node.getChild('Identifier');
        if (id !== null) names.add(expr.slice(id.from, id.to));
        return false;
      }
      return undefined;
    },
  });
  return [...names];
}

/** Every PromQL expression of a Grafana dashboard: panel targets (rows included) and query variables. */
export function dashboardQueries(dashboard: unknown): FoundQuery[] {
  const out: FoundQuery[] = [];
  const d = dashboard as {
    panels?: Array<{ title?: string; targets?: Array<{ expr?: string }>; panels?: unknown[] }>;
    templating?: { list?: Array<{ name: string; type: string; query?: unknown }> };
  };
  const visit = (panels: typeof d.panels): void => {
    for (const panel of panels ?? []) {
      for (const target of panel.targets ?? [])
        if (target.expr !== undefined) out.push({ where: `panel "${panel.title ?? ''}"`, expr: target.expr });
      visit(panel.panels as typeof d.panels);
    }
  };
  visit(d.panels);
  for (const variable of d.templating?.list ?? []) {
    if (variable.type !== 'query') continue;
    const text = typeof variable.query === 'string' ? variable.query : (variable.query as { query: string }).query;
    // label_values(<selector>, <label>) is Grafana's; its selector is PromQL
    const selector = /^label_values\((.*),\s*\w+\)$/.exec(text)?.[1] ?? text;
    out.push({ where: `variable ${variable.name}`, expr: selector });
  }
  return out;
}

/** Every `expr` of a Prometheus rule file (`groups[].rules[]`). */
export function ruleQueries(rules: unknown): FoundQuery[] {
  const r = rules as {
    groups?: Array<{ name: string; rules?: Array<{ alert?: string; record?: string; expr: string }> }>;
  };
  return (r.groups ?? []).flatMap((g) =>
    (g.rules ?? []).map((rule) => ({ where: `rule ${rule.alert ?? rule.record ?? '?'}`, expr: rule.expr })),
  );
}

/** The metric families a Prometheus text exposition declares (its `# TYPE` lines). */
export function exposedFamilies(text: string): Map<string, string> {
  const families = new Map<string, string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) families.set(m[1]!, m[2]!);
  return families;
}

/**
 * The family a queried series belongs to: a histogram's `_bucket`, `_sum` and `_count` series
 * belong to the histogram (as do a summary's `_sum` and `_count`).
 */
export function familyOf(series: string, families: ReadonlyMap<string, string>): string | undefined {
  if (families.has(series)) return series;
  const base = /^(.*)_(bucket|sum|count)$/.exec(series)?.[1];
  return base !== undefined && ['histogram', 'summary'].includes(families.get(base) ?? '') ? base : undefined;
}

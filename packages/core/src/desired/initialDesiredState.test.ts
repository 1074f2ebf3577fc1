import { describe, expect, it } from 'vitest';
import type { RenderInput, Renderer } from '../api/renderer.js';
import { renderedChange } from '../text/renderedChange.js';
import { testConfig } from '../testing/testConfig.js';
import { STATEMENT_KINDS } from '../api/state.js';
import { renderInitialConfig } from './initialDesiredState.js';

describe('renderInitialConfig', () => {
  it('renders the identity with no managed group, as an empty change against itself', () => {
    const inputs: RenderInput[] = [];
    const renderer: Renderer = {
      platform: 'text',
      renderChange(input) {
        inputs.push(input);
        return renderedChange(
          'text',
          'text',
          `router ${input.desired.routerId} groups ${input.desired.groups.length}\n`,
        );
      },
    };
    const identity = { routerId: '10.0.0.1', addresses: ['10.0.0.1'] };
    const { desired, change } = renderInitialConfig(renderer, testConfig(), identity);
    expect(change.body).toBe('router 10.0.0.1 groups 0\n');
    expect(desired).toMatchObject({ routerId: '10.0.0.1', groups: [], gracefulShutdown: false });
    expect(inputs).toEqual([
      {
        desired,
        actual: { groups: [], gracefulShutdown: false, owned: [], statementsRead: STATEMENT_KINDS },
        change: { groups: [] },
      },
    ]);
  });
});

import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

// The unit tests as Stryker runs them (npm run mutation, docs/mutation.md). Left out: the tests that
// read our sources as text (the TSDoc checks fail on instrumented copies), and the ones that spend
// their time waiting on real proxies, child runs and whole-window timeouts. Each surviving mutant
// runs every test that covers it, so one nginx test (1 s of idle timeout) in that set costs a
// second per mutant. A score against this set is a lower bound: the rest could only kill more.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        'node_modules/**',
        'test/types/docs.test.ts',
        'test/proxies/**',
        'test/robustness.test.ts',
        'test/faults.test.ts',
        'test/snapshot/*-runs.test.ts',
        'test/shards/**',
        'test/cli.test.ts',
        'test/surface.test.ts',
        'test/vitest-fixtures.test.ts',
        'test/reporter.test.ts',
        // Fails in Stryker's worker threads only ("Cannot read private member #passes"): its
        // instrumented classes are loaded twice there. The LLM code it covers is not mutated.
        'test/llm/round-trip.test.ts',
      ],
    },
  }),
);

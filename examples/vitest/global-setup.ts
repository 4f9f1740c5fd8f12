import type { TestProject } from 'vitest/node';
import { startDemo } from '../../fixtures/demo-app.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    demoURL: string;
  }
}

/** Starts the demo app once for every example file, on a free port, and hands them its URL. */
export default async function setup(project: TestProject) {
  const demo = await startDemo();
  project.provide('demoURL', demo.url);
  return () => demo.close();
}

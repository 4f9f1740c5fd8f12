import { describe, expect, it } from 'vitest';
import { startInSlices } from '../../src/load/slices.ts';
import { now } from '../../src/util/clock.ts';

describe('startInSlices()', () => {
  it('starts every position in order, none before it is due', async () => {
    const origin = now();
    const due = (position: number) => origin + position * 2;
    const early: number[] = [];
    const order: number[] = [];
    await startInSlices(
      20,
      due,
      (position) => {
        order.push(position);
        if (now() < due(position)) early.push(position);
      },
      new AbortController().signal,
    );
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(early).toEqual([]);
  });

  it('stops starting once the signal aborts, and resolves', async () => {
    const controller = new AbortController();
    const origin = now();
    const order: number[] = [];
    await startInSlices(
      1_000,
      (position) => origin + position * 60_000,
      (position) => {
        order.push(position);
        controller.abort();
      },
      controller.signal,
    );
    expect(order).toEqual([0]);
  });

  it('calls nothing inside the call itself', async () => {
    let calls = 0;
    const done = startInSlices(
      1,
      () => 0,
      () => calls++,
      new AbortController().signal,
    );
    expect(calls).toBe(0);
    await done;
    expect(calls).toBe(1);
  });
});

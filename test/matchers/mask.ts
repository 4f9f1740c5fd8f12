/**
 * Runs an assertion and, when it fails, writes `<t> ms` for the durations and moments on the
 * message's `Received:` lines, which are measured and so differ from run to run. Expected and
 * Timeout lines keep their numbers, so the message can still be pinned.
 */
export async function maskTimes(assertion: () => unknown): Promise<void> {
  try {
    await assertion();
  } catch (error) {
    if (error instanceof Error) {
      error.message = error.message.replace(/^Received:[\s\S]*?(?=\n\n|$)/m, (received) =>
        received.replace(/\d+(\.\d+)? ms\b/g, '<t> ms'),
      );
    }
    throw error;
  }
}

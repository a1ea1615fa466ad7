/**
 * Runs once when a server process starts (next dev / next start / a Vercel function).
 * - Validates the configuration: in production a missing secret stops start-up with one sentence.
 * - Without a trusted proxy, replaces any client-supplied X-Forwarded-For with the TCP peer address.
 * - Closes the embedded database cleanly on SIGTERM/SIGINT (NEXT_MANUAL_SIG_HANDLE=true).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./lib/server/start");
  await startServer();
}
